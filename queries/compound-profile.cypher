// name: compound-profile
// title: Profile of one compound
// audience: [investigator, analyst, victim-support]
// category: compounds
// description: >
//   One compound (id, name or alias) in one row: where it is, who operates it, its offender
//   hierarchy (people working there with their role), the victims recorded held there
//   counted by nationality, victims transferred in and out (with prices and dates), the
//   agencies supplying it, the last legs of the journeys that arrived there (with the place
//   they came from), and the sources that mention it. Victims are counted, never named here.
// parameters:
//   compound: {type: string, entity: compound, description: "Compound id, name or alias (e.g. KK Park)"}
// example:
//   params: {compound: CMP-MM-KKPARK}
//   expect: the compound's operators, staff, victims by nationality and transfers
// revision: 2
MATCH (c:Compound {id: $compound})
// The runner has resolved $compound (id, name or alias) to the compound's id.
OPTIONAL MATCH (c)<-[:HELD_AT]-(v:Person)
WITH c, v, coalesce(head(v.nationalities), 'unknown') AS nationality
WITH c, nationality, count(DISTINCT v) AS held
WITH c, [x IN collect({nationality: nationality, victims: held}) WHERE x.victims > 0]
  AS victims_by_nationality
RETURN c.id AS compound_id,
       c.name AS compound,
       coalesce(c.aliases, []) AS aliases,
       c.country AS country,
       [(c)-[:LOCATED_IN]->(place) | coalesce(place.name, place.id)] AS located_in,
       c.latitude AS latitude,
       c.longitude AS longitude,
       c.status AS status,
       [(op)-[:OPERATES]->(c) WHERE NOT op:PersonRecord | coalesce(op.name, op.id)] AS operators,
       // worker, not staff: FalkorDB took a variable named like this column for the
       // column and scanned every Person.
       [(c)<-[w:WORKS_AT]-(worker:Person)
          | {person: CASE WHEN 'victim' IN coalesce(worker.roles, [])
                          THEN coalesce(worker.pseudonym, worker.id) ELSE worker.name END,
             role: w.role, source_ids: w.source_ids}] AS staff,
       victims_by_nationality,
       reduce(total = 0, x IN victims_by_nationality | total + x.victims) AS victims_held,
       [(c)<-[tin:TRANSFERRED_TO]-(src:Compound)
          | {from: src.name, date: tin.date, price: tin.price, currency: tin.currency}]
         AS transfers_in,
       [(c)-[tout:TRANSFERRED_TO]->(dst:Compound)
          | {to: dst.name, date: tout.date, price: tout.price, currency: tout.currency}]
         AS transfers_out,
       [(agency:Agency)-[:SUPPLIES]->(c) | agency.name] AS supplied_by,
       [(prev)<-[:FROM]-(leg:Leg)-[:TO]->(c)
          | {from: coalesce(prev.name, prev.id), mode: leg.mode, irregular: leg.irregular}]
         AS arrivals,
       [(s:Source)-[:MENTIONS]->(c) | s.id] AS source_ids

// name: victim-transfers
// title: Victims sold or moved between compounds
// audience: [investigator, prosecutor, victim-support]
// category: trafficking
// description: >
//   Every recorded transfer of a victim from one compound to another, with the price,
//   currency and date, the named seller and buyer where a source gives them, and the sources
//   asserting it. Victims are shown by pseudonym. Leave compound empty for all transfers, or
//   give a compound id or name to see only transfers into or out of it. Two sources telling
//   the same transfer (same victim, compounds and date) give one row with both sources.
// parameters:
//   compound: {type: string, entity: compound, default: "", description: "Compound id or name; empty for all"}
//   since: {type: date, default: "", description: "Only transfers dated on or after this date (YYYY-MM-DD); empty: no limit"}
//   until: {type: date, default: "", description: "Only transfers dated on or before this date (YYYY-MM-DD); empty: no limit"}
// example:
//   params: {compound: ""}
//   expect: every ground-truth transfer with its price and date
// revision: 2
CALL {
  // The runner has resolved $compound (id or name) to the compound's id: transfers out
  // of it and into it start from its indexed id...
  MATCH (origin:Compound {id: $compound})-[t:TRANSFERRED_TO]->(destination:Compound)
  RETURN origin, t, destination
  UNION
  MATCH (origin:Compound)-[t:TRANSFERRED_TO]->(destination:Compound {id: $compound})
  RETURN origin, t, destination
  UNION
  // ...and every transfer when it is empty (else this branch has no row to start from).
  UNWIND CASE WHEN $compound = '' THEN [true] ELSE [] END AS everything
  MATCH (origin:Compound)-[t:TRANSFERRED_TO]->(destination:Compound)
  RETURN origin, t, destination
}
WITH origin, t, destination
WHERE ($since = '' OR t.date >= $since) AND ($until = '' OR t.date <= $until)
OPTIONAL MATCH (:PersonRecord {id: t.person_id})-[:RESOLVES_TO]->(victim:Person)
// A sale is found by its victim through the index on SOLD_TO.person (a pattern naming
// the seller's label would make FalkorDB scan every person first). The key is a plain
// value: FalkorDB refuses an index look-up by a property of an unmatched (null) victim.
WITH origin, t, destination, victim, coalesce(victim.id, '') AS victim_key
OPTIONAL MATCH ()-[sale:SOLD_TO {person: victim_key}]->()
WITH origin, destination, t, victim, startNode(sale) AS seller, endNode(sale) AS buyer
WITH origin, destination, t, victim,
     collect(DISTINCT CASE WHEN NOT seller:Person OR NOT buyer:Person THEN null
                           WHEN 'victim' IN coalesce(seller.roles, [])
                           THEN coalesce(seller.pseudonym, seller.id) ELSE seller.name END)
       AS sellers,
     collect(DISTINCT CASE WHEN NOT seller:Person OR NOT buyer:Person THEN null
                           WHEN 'victim' IN coalesce(buyer.roles, [])
                           THEN coalesce(buyer.pseudonym, buyer.id) ELSE buyer.name END)
       AS buyers
WITH origin, destination, t.date AS date, coalesce(victim.id, t.person_id) AS victim_id,
     coalesce(victim.pseudonym, victim.id, t.person_id) AS victim,
     collect(DISTINCT t.price) AS prices, collect(DISTINCT t.currency) AS currencies,
     collect(t.source_ids) AS source_lists, sellers, buyers
UNWIND CASE WHEN size(source_lists) = 0 THEN [[]] ELSE source_lists END AS sources
UNWIND CASE WHEN size(sources) = 0 THEN [null] ELSE sources END AS sid
WITH origin, destination, date, victim_id, victim, prices, currencies, sellers, buyers,
     collect(DISTINCT sid) AS source_ids
RETURN victim, victim_id,
       origin.id AS from_compound_id, origin.name AS from_compound,
       destination.id AS to_compound_id, destination.name AS to_compound,
       date, head(prices) AS price, head(currencies) AS currency,
       prices AS prices_reported, sellers, buyers, source_ids
ORDER BY date, victim

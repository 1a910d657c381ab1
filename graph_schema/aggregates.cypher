// What casegraph.services.aggregates reads to write the whole-graph summaries after every
// load and every resolve (the whole-graph saved queries cross-case-links and
// cross-border-links read the summaries). Each statement is named by the `// aggregate:`
// line above it; each is one pass over a relationship type or a label (a pattern per node
// costs a lookup each: minutes at a million nodes). The writes are built per label in
// the module, since a label cannot be a parameter.

// aggregate: identifier_links
// Who uses each phone, account, wallet and alias, in which case and source: person
// records' links, debriefs' mentions, and records of a person going by the alias as a
// name; and who holds it on the entity layer (any holder but a record), victims by
// pseudonym.
MATCH (rec:PersonRecord)-[:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET|HAS_ALIAS]->(i)
RETURN labels(i)[0] AS label, i.id AS id, rec.case_id AS case_id, rec.source_id AS source_id,
       null AS holder
UNION ALL
MATCH (src:Source)-[:MENTIONS]->(i)
WHERE i:Phone OR i:Account OR i:Wallet OR i:Alias
RETURN labels(i)[0] AS label, i.id AS id, src.case_id AS case_id, src.id AS source_id,
       null AS holder
UNION ALL
MATCH (named:PersonRecord)-[:RESOLVES_TO]->(:Person)-[:HAS_ALIAS]->(i:Alias)
WHERE toLower(named.name) = i.id
RETURN 'Alias' AS label, i.id AS id, named.case_id AS case_id, named.source_id AS source_id,
       null AS holder
UNION ALL
MATCH (holder)-[:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET|HAS_ALIAS]->(i)
WHERE NOT holder:PersonRecord
RETURN labels(i)[0] AS label, i.id AS id, null AS case_id, null AS source_id,
       CASE WHEN 'victim' IN coalesce(holder.roles, [])
            THEN coalesce(holder.pseudonym, holder.id)
            ELSE coalesce(holder.name, holder.id) END AS holder;

// aggregate: person_links
// The cases and sources of each resolved person (written by resolve).
MATCH (p:Person)
RETURN p.id AS id, coalesce(p.case_ids, []) AS case_ids, coalesce(p.source_ids, []) AS source_ids;

// aggregate: cases
// Each case's own country, if set.
MATCH (c:Case)
RETURN c.id AS id, c.country AS country;

// aggregate: sources
// Each source's country, grading and case (a case without a country of its own is placed
// where most of its debriefs were taken).
MATCH (s:Source)
RETURN s.id AS id, s.country AS country, s.grading AS grading, s.case_id AS case_id;

// aggregate: identifier_links_of
// The statements from here on serve a refresh of only what a write touched (see the
// module), each from given ids through a label's index, and the whole refresh's reading
// of the summaries. `Item` stands for each label in turn (a label cannot be a parameter).
// FalkorDB starts from the indexed node only while the far end has a label or no
// condition of its own: a condition on it comes after a WITH (else every node is read).
UNWIND $ids AS k
MATCH (i:Item {id: k})<-[:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET|HAS_ALIAS]-(rec:PersonRecord)
RETURN i.id AS id, rec.case_id AS case_id, rec.source_id AS source_id, null AS holder
UNION ALL
UNWIND $ids AS k
MATCH (i:Item {id: k})<-[:MENTIONS]-(src:Source)
RETURN i.id AS id, src.case_id AS case_id, src.id AS source_id, null AS holder
UNION ALL
UNWIND $ids AS k
MATCH (i:Item {id: k})<-[:HAS_ALIAS]-(:Person)<-[:RESOLVES_TO]-(named:PersonRecord)
WITH i, named
WHERE toLower(named.name) = i.id
RETURN i.id AS id, named.case_id AS case_id, named.source_id AS source_id, null AS holder
UNION ALL
UNWIND $ids AS k
MATCH (i:Item {id: k})<-[:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET|HAS_ALIAS]-(holder)
WITH i, holder
WHERE NOT holder:PersonRecord
RETURN i.id AS id, null AS case_id, null AS source_id,
       CASE WHEN 'victim' IN coalesce(holder.roles, [])
            THEN coalesce(holder.pseudonym, holder.id)
            ELSE coalesce(holder.name, holder.id) END AS holder;

// aggregate: summarised_of
UNWIND $ids AS k
MATCH (n:Item {id: k})
RETURN n.id AS id, n.case_ids AS case_ids, n.case_source_ids AS case_source_ids,
       n.holders AS holders, n.told_countries AS told_countries, n.best_grading AS best_grading;

// aggregate: reported_in
// Items whose summary names one of the cases or sources a write touched: a new debrief
// can move its case's country, a new grading its source's (one pass over the label).
MATCH (n:Item)
WHERE any(c IN coalesce(n.case_ids, []) WHERE c IN $cases)
   OR any(s IN coalesce(n.case_source_ids, n.source_ids, []) WHERE s IN $sources)
RETURN n.id AS id;

// aggregate: records_items
// The identifiers and aliases of person records a write touched, the aliases through the
// person each record resolved to (the alias a record goes by as a name).
UNWIND $ids AS k
MATCH (:PersonRecord {id: k})-[:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET|HAS_ALIAS]->(i)
RETURN labels(i)[0] AS label, i.id AS id
UNION
UNWIND $ids AS k
MATCH (:PersonRecord {id: k})-[:RESOLVES_TO]->(:Person)-[:HAS_ALIAS]->(i:Alias)
RETURN 'Alias' AS label, i.id AS id;

// aggregate: source_cases
UNWIND $ids AS k
MATCH (s:Source {id: k})
RETURN s.id AS id, s.country AS country, s.grading AS grading, s.case_id AS case_id;

// aggregate: cases_of
// The given cases' own countries, and all their sources (a case without a country of its
// own is placed where most of its debriefs were taken).
UNWIND $ids AS k
MATCH (c:Case {id: k})
RETURN c.id AS id, c.country AS country;

// aggregate: sources_of_cases
UNWIND $ids AS k
MATCH (s:Source {case_id: k})
RETURN s.id AS id, s.country AS country, s.grading AS grading, s.case_id AS case_id;

// aggregate: persons_of
UNWIND $ids AS k
MATCH (p:Person {id: k})
RETURN p.id AS id, coalesce(p.case_ids, []) AS case_ids, coalesce(p.source_ids, []) AS source_ids;

// aggregate: entity_holders
// Which person holds which identifier or alias on the entity layer, as a holder is shown:
// read before and after a rebuild of the layer, the difference is what the rebuild changed.
MATCH (p:Person)-[:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET|HAS_ALIAS]->(i)
RETURN labels(i)[0] AS label, i.id AS id, p.id AS person,
       CASE WHEN 'victim' IN coalesce(p.roles, [])
            THEN coalesce(p.pseudonym, p.id)
            ELSE coalesce(p.name, p.id) END AS holder;

// aggregate: entity_persons
MATCH (p:Person)
RETURN p.id AS id, coalesce(p.case_ids, []) AS case_ids, coalesce(p.source_ids, []) AS source_ids,
       p.told_countries AS told_countries, p.best_grading AS best_grading;

// aggregate: summarised
// Every summary written so far (a node that lost every link loses its summary).
MATCH (n:Item)
WHERE n.told_countries IS NOT NULL
RETURN n.id AS id, n.case_ids AS case_ids, n.case_source_ids AS case_source_ids,
       n.holders AS holders, n.told_countries AS told_countries, n.best_grading AS best_grading;

// aggregate: journey_legs
// Each journey's legs with both ends (a leg without one is left out, as transit-routes
// always did), who facilitated each (people and agencies on the entity layer, victims by
// pseudonym), for the route summary transit-routes reads. The module puts in front the
// journeys it is about (all, or given ids through the index).
MATCH (trip)-[:HAS_LEG]->(leg:Leg)
MATCH (leg)-[:FROM]->(a)
MATCH (leg)-[:TO]->(b)
WITH trip, leg, a, b, [(f)-[:FACILITATED]->(leg) WHERE NOT f:PersonRecord | f] AS helped_by
RETURN trip.id AS id, leg.order AS order, a.id AS a, a.name AS a_name, a.country AS country,
       b.id AS b, b.name AS b_name, leg.irregular AS irregular, leg.mode AS mode,
       leg.date AS date, leg.source_ids AS source_ids,
       [f IN helped_by
          | CASE WHEN 'victim' IN coalesce(f.roles, []) THEN coalesce(f.pseudonym, f.id)
                 ELSE coalesce(f.name, f.id) END]
         + CASE WHEN leg.facilitator IS NULL THEN [] ELSE [leg.facilitator] END AS helpers,
       [f IN helped_by | f.id] AS helper_ids;

// aggregate: legs_journeys
// The journeys of the legs a write touched.
UNWIND $ids AS k
MATCH (trip:Journey)-[:HAS_LEG]->(:Leg {id: k})
RETURN DISTINCT trip.id AS id;

// aggregate: routes
MATCH (trip:Journey)
WHERE trip.route_sequence IS NOT NULL
RETURN trip.id AS id, properties(trip) AS props;

// aggregate: routes_of
UNWIND $ids AS k
MATCH (trip:Journey {id: k})
RETURN trip.id AS id, properties(trip) AS props;

// aggregate: entity_helpers
// Which person facilitated a leg of which journey on the entity layer, as shown: read
// before and after a rebuild of the layer, like entity_holders.
MATCH (p:Person)-[:FACILITATED]->(:Leg)<-[:HAS_LEG]-(trip:Journey)
RETURN 'Journey' AS label, trip.id AS id, p.id AS person,
       CASE WHEN 'victim' IN coalesce(p.roles, [])
            THEN coalesce(p.pseudonym, p.id)
            ELSE coalesce(p.name, p.id) END AS holder;

// aggregate: any_route
// Whether any journey has its route summary, and whether any journey has a leg to
// summarise: a graph written before route summaries existed is refreshed whole once.
MATCH (trip:Journey)
WHERE trip.route_sequence IS NOT NULL
RETURN trip.id AS id
LIMIT 1;

// aggregate: any_leg
MATCH (trip:Journey)-[:HAS_LEG]->(:Leg)-[:FROM]->()
RETURN trip.id AS id
LIMIT 1;

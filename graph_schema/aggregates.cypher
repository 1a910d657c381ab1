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

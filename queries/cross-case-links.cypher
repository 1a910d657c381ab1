// name: cross-case-links
// title: Identifiers and people shared by two or more cases
// audience: [investigator, analyst]
// category: cross-case
// description: >
//   Phones, accounts, wallets and aliases that sources from at least min_cases different
//   cases attach to someone (a person, agency or company) or mention in a narrative, and
//   resolved people who appear in at least min_cases cases. A shared phone is a lead that two
//   investigations are looking at the same network. Each row names the cases, their
//   countries, who holds the identifier (victims by pseudonym) and the sources to read;
//   most widely shared first.
// parameters:
//   min_cases: {type: integer, default: 2, description: Least number of cases sharing the item}
// example:
//   params: {min_cases: 2}
//   expect: every identifier and person the ground truth lists as shared across cases
// revision: 1
CALL {
  MATCH (i)
  WHERE i:Phone OR i:Account OR i:Wallet OR i:Alias
  WITH i,
       [(h)-[r:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET|HAS_ALIAS]->(i) WHERE NOT h:PersonRecord
          | coalesce(r.source_ids, [])]
         + [(s:Source)-[:MENTIONS]->(i) | [s.id]] AS lists,
       [(holder)-[:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET|HAS_ALIAS]->(i)
          WHERE NOT holder:PersonRecord
          | CASE WHEN 'victim' IN coalesce(holder.roles, [])
                 THEN coalesce(holder.pseudonym, holder.id)
                 ELSE coalesce(holder.name, holder.id) END] AS holders
  UNWIND reduce(acc = [], l IN lists | acc + l) AS sid
  MATCH (s:Source {id: sid})-[:PART_OF]->(case:Case)
  RETURN labels(i)[0] AS kind, i.id AS item, holders, collect(DISTINCT case.id) AS cases,
         collect(DISTINCT case.country) AS countries, collect(DISTINCT sid) AS source_ids
  UNION ALL
  MATCH (p:Person)
  WHERE size(coalesce(p.case_ids, [])) >= $min_cases
  MATCH (case:Case)
  WHERE case.id IN p.case_ids
  RETURN 'Person' AS kind, p.id AS item,
         [CASE WHEN 'victim' IN coalesce(p.roles, []) THEN coalesce(p.pseudonym, p.id)
               ELSE p.name END] AS holders,
         collect(DISTINCT case.id) AS cases, collect(DISTINCT case.country) AS countries,
         coalesce(p.source_ids, []) AS source_ids
}
WITH kind, item, holders, cases, countries, source_ids
WHERE size(cases) >= $min_cases
RETURN kind, item, holders, cases, countries, source_ids
ORDER BY size(cases) DESC, size(source_ids) DESC, kind, item

// name: cross-case-links
// title: Identifiers and people shared by two or more cases
// audience: [investigator, analyst]
// category: cross-case
// description: >
//   Phones, accounts, wallets and aliases that person records of at least min_cases
//   different cases use, or that the debriefs of that many cases mention, and resolved
//   people who appear in at least min_cases cases. A shared phone is a lead that two
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
       [(rec:PersonRecord)-[:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET|HAS_ALIAS]->(i)
          | [rec.case_id, rec.source_id]]
         + [(src:Source)-[:MENTIONS]->(i) | [src.case_id, src.id]] AS pairs,
       reduce(seen = [], h IN
         [(holder)-[:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET|HAS_ALIAS]->(i)
            WHERE NOT holder:PersonRecord
            | CASE WHEN 'victim' IN coalesce(holder.roles, [])
                   THEN coalesce(holder.pseudonym, holder.id)
                   ELSE coalesce(holder.name, holder.id) END]
         | CASE WHEN h IN seen THEN seen ELSE seen + h END) AS holders
  UNWIND pairs AS pair
  WITH i, holders, pair
  WHERE pair[0] IS NOT NULL
  RETURN labels(i)[0] AS kind, i.id AS item, holders, collect(DISTINCT pair[0]) AS cases,
         collect(DISTINCT pair[1]) AS source_ids
  UNION ALL
  MATCH (p:Person)
  WHERE size(coalesce(p.case_ids, [])) >= $min_cases
  RETURN 'Person' AS kind, p.id AS item,
         [CASE WHEN 'victim' IN coalesce(p.roles, []) THEN coalesce(p.pseudonym, p.id)
               ELSE p.name END] AS holders,
         p.case_ids AS cases, coalesce(p.source_ids, []) AS source_ids
}
WITH kind, item, holders, cases, source_ids
WHERE size(cases) >= $min_cases
UNWIND cases AS cid
OPTIONAL MATCH (case:Case {id: cid})
OPTIONAL MATCH (debrief:Source {case_id: cid})
WITH kind, item, holders, cases, source_ids, cid, case.country AS own,
     collect(DISTINCT debrief.country) AS told
WITH kind, item, holders, cases, source_ids,
     collect(DISTINCT coalesce(own, head(told))) AS countries
RETURN kind, item, holders, cases, countries, source_ids
ORDER BY size(cases) DESC, size(source_ids) DESC, kind, item

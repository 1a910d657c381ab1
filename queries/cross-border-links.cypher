// name: cross-border-links
// title: Cross-border links, ranked
// audience: [investigator, analyst, prosecutor]
// category: cross-case
// description: >
//   The cross-case links that join cases from different countries: phones, accounts,
//   wallets and aliases attached or mentioned by sources of cases in at least min_countries
//   countries, and resolved people appearing in such cases. Ranked by number of countries,
//   then cases, then corroborating sources, with the best Admiralty grading among those
//   sources (A1 strongest), so the strongest leads for a joint investigation come first.
//   Victims appear under their pseudonym.
// parameters:
//   min_countries: {type: integer, default: 2, description: Least number of case countries}
// example:
//   params: {min_countries: 2}
//   expect: each ground-truth cross-border identifier with its countries
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
  WHERE size(coalesce(p.case_ids, [])) >= 2
  MATCH (case:Case)
  WHERE case.id IN p.case_ids
  RETURN 'Person' AS kind, p.id AS item,
         [CASE WHEN 'victim' IN coalesce(p.roles, []) THEN coalesce(p.pseudonym, p.id)
               ELSE p.name END] AS holders,
         collect(DISTINCT case.id) AS cases, collect(DISTINCT case.country) AS countries,
         coalesce(p.source_ids, []) AS source_ids
}
WITH kind, item, holders, cases, countries, source_ids
WHERE size(countries) >= $min_countries
UNWIND source_ids AS sid
OPTIONAL MATCH (s:Source {id: sid})
WITH kind, item, holders, cases, countries, source_ids,
     [g IN collect(s.grading) WHERE g IS NOT NULL] AS gradings
RETURN kind, item, holders, countries, cases, source_ids,
       size(source_ids) AS corroboration,
       reduce(best = null, g IN gradings | CASE WHEN best IS NULL OR g < best THEN g ELSE best END)
         AS best_grading
ORDER BY size(countries) DESC, size(cases) DESC, corroboration DESC, kind, item

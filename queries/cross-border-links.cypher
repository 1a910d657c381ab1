// name: cross-border-links
// title: Cross-border links, ranked
// audience: [investigator, analyst, prosecutor]
// category: cross-case
// description: >
//   The cross-case links that join cases from different countries: phones, accounts,
//   wallets and aliases used by person records, or mentioned by debriefs, of cases in at
//   least min_countries countries, and resolved people appearing in such cases. A case's
//   country is the Case's own, else the country of its debriefs. Ranked by number of countries,
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
  WHERE size(coalesce(p.case_ids, [])) >= 2
  RETURN 'Person' AS kind, p.id AS item,
         [CASE WHEN 'victim' IN coalesce(p.roles, []) THEN coalesce(p.pseudonym, p.id)
               ELSE p.name END] AS holders,
         p.case_ids AS cases, coalesce(p.source_ids, []) AS source_ids
}
WITH kind, item, holders, cases, source_ids
WHERE size(cases) >= 2
UNWIND cases AS cid
OPTIONAL MATCH (case:Case {id: cid})
OPTIONAL MATCH (debrief:Source {case_id: cid})
WITH kind, item, holders, cases, source_ids, cid, case.country AS own,
     collect(DISTINCT debrief.country) AS told
WITH kind, item, holders, cases, source_ids,
     collect(DISTINCT coalesce(own, head(told))) AS countries
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

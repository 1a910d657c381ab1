// name: cross-case-links
// title: Identifiers and people shared by two or more cases
// audience: [investigator, analyst]
// category: cross-case
// description: >
//   Phones, accounts, wallets and aliases that person records of at least min_cases
//   different cases use (an alias also counts where a record of the same person goes by
//   it as a name), or that the debriefs of that many cases mention, and resolved people
//   who appear in at least min_cases cases. A shared phone is a lead that two
//   investigations are looking at the same network. Each row names the cases, the
//   countries involved (of the cases, of the sources telling it, and a phone's own
//   country), who holds the identifier (victims by pseudonym) and the sources to read;
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
         + [(src:Source)-[:MENTIONS]->(i) | [src.case_id, src.id]]
         + [(i)<-[:HAS_ALIAS]-(:Person)<-[:RESOLVES_TO]-(named:PersonRecord)
              WHERE toLower(named.name) = i.id | [named.case_id, named.source_id]] AS pairs,
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
  RETURN labels(i)[0] AS kind, i.id AS item, holders, i.country AS own_country,
         collect(DISTINCT pair[0]) AS cases, collect(DISTINCT pair[1]) AS source_ids
  UNION ALL
  MATCH (p:Person)
  WHERE size(coalesce(p.case_ids, [])) >= $min_cases
  RETURN 'Person' AS kind, p.id AS item,
         [CASE WHEN 'victim' IN coalesce(p.roles, []) THEN coalesce(p.pseudonym, p.id)
               ELSE p.name END] AS holders, null AS own_country,
         p.case_ids AS cases, coalesce(p.source_ids, []) AS source_ids
}
WITH kind, item, holders, own_country, cases, source_ids
WHERE size(cases) >= $min_cases
UNWIND cases AS cid
OPTIONAL MATCH (case:Case {id: cid})
OPTIONAL MATCH (debrief:Source {case_id: cid})
WITH kind, item, holders, own_country, cases, source_ids, cid, case.country AS set_country,
     debrief.country AS told, count(debrief) AS debriefs
ORDER BY debriefs DESC
WITH kind, item, holders, own_country, cases, source_ids, cid,
     coalesce(head(collect(set_country)), head(collect(told))) AS case_country
WITH kind, item, holders, own_country, cases, source_ids, collect(case_country) AS case_countries
UNWIND CASE WHEN size(source_ids) = 0 THEN [null] ELSE source_ids END AS sid
OPTIONAL MATCH (s:Source {id: sid})
WITH kind, item, holders, own_country, cases, source_ids, case_countries,
     collect(s.country) AS source_countries, collect(s.grading) AS gradings
WITH kind, item, holders, cases, source_ids, gradings,
     reduce(acc = [], c IN case_countries + source_countries + [own_country]
       | CASE WHEN c IS NULL OR c IN acc THEN acc ELSE acc + c END) AS countries
RETURN kind, item, holders, cases, countries, source_ids
ORDER BY size(cases) DESC, size(source_ids) DESC, kind, item

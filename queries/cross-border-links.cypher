// name: cross-border-links
// title: Cross-border links, ranked
// audience: [investigator, analyst, prosecutor]
// category: cross-case
// description: >
//   The links that cross borders: phones, accounts, wallets and aliases used by person
//   records (an alias also where a record of the same person goes by it as a name) or
//   mentioned by debriefs, and resolved people, involving at least
//   min_countries countries. The countries are those where it was reported: of the
//   cases (a case's own country, else that of most of its debriefs) and of the sources
//   telling it (a debrief taken in Thailand about a Kenyan case), never a phone's own
//   country code (a Thai number used only in Kenya is not seen in Thailand). Ranked by number of countries,
//   then cases, then corroborating sources, with the best Admiralty grading among those
//   sources (A1 strongest), so the strongest leads for a joint investigation come first.
//   Victims appear under their pseudonym.
// parameters:
//   min_countries: {type: integer, default: 2, description: Least number of case countries}
// example:
//   params: {min_countries: 2}
//   expect: each ground-truth cross-border identifier with its countries
// revision: 2
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
  RETURN labels(i)[0] AS kind, i.id AS item, holders,
         collect(DISTINCT pair[0]) AS cases, collect(DISTINCT pair[1]) AS source_ids
  UNION ALL
  MATCH (p:Person)
  WHERE size(coalesce(p.case_ids, [])) >= 1
  RETURN 'Person' AS kind, p.id AS item,
         [CASE WHEN 'victim' IN coalesce(p.roles, []) THEN coalesce(p.pseudonym, p.id)
               ELSE p.name END] AS holders,
         p.case_ids AS cases, coalesce(p.source_ids, []) AS source_ids
}
WITH kind, item, holders, cases, source_ids
WHERE size(cases) >= 1
UNWIND cases AS cid
OPTIONAL MATCH (case:Case {id: cid})
OPTIONAL MATCH (debrief:Source {case_id: cid})
WITH kind, item, holders, cases, source_ids, cid, case.country AS set_country,
     debrief.country AS told, count(debrief) AS debriefs
ORDER BY debriefs DESC
WITH kind, item, holders, cases, source_ids, cid,
     coalesce(head(collect(set_country)), head(collect(told))) AS case_country
WITH kind, item, holders, cases, source_ids, collect(case_country) AS case_countries
UNWIND CASE WHEN size(source_ids) = 0 THEN [null] ELSE source_ids END AS sid
OPTIONAL MATCH (s:Source {id: sid})
WITH kind, item, holders, cases, source_ids, case_countries,
     collect(s.country) AS source_countries, collect(s.grading) AS gradings
WITH kind, item, holders, cases, source_ids, gradings,
     reduce(acc = [], c IN case_countries + source_countries
       | CASE WHEN c IS NULL OR c IN acc THEN acc ELSE acc + c END) AS countries
WHERE size(countries) >= $min_countries
RETURN kind, item, holders, countries, cases, source_ids,
       size(source_ids) AS corroboration,
       reduce(best = null, g IN gradings | CASE WHEN best IS NULL OR g < best THEN g ELSE best END)
         AS best_grading
ORDER BY size(countries) DESC, size(cases) DESC, corroboration DESC, kind, item

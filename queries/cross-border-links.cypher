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
// revision: 4
// postprocess: unpack_rows
CALL {
  // The cases, sources, holders, reporting countries and best grading of every identifier
  // and person are written onto it after each load and resolve
  // (casegraph.services.aggregates), so the ranking reads them instead of walking every
  // identifier's links on every run.
  CALL {
    MATCH (i:Phone) WHERE size(coalesce(i.told_countries, [])) >= $min_countries
    RETURN 'Phone' AS kind, i AS node
    UNION ALL
    MATCH (i:Account) WHERE size(coalesce(i.told_countries, [])) >= $min_countries
    RETURN 'Account' AS kind, i AS node
    UNION ALL
    MATCH (i:Wallet) WHERE size(coalesce(i.told_countries, [])) >= $min_countries
    RETURN 'Wallet' AS kind, i AS node
    UNION ALL
    MATCH (i:Alias) WHERE size(coalesce(i.told_countries, [])) >= $min_countries
    RETURN 'Alias' AS kind, i AS node
  }
  WITH kind, node
  WHERE size(node.case_ids) >= 1
  RETURN kind, node.id AS item, node.holders AS holders, node.told_countries AS countries,
         node.case_ids AS cases, node.case_source_ids AS source_ids,
         node.best_grading AS best_grading
  UNION ALL
  MATCH (p:Person)
  WHERE size(coalesce(p.case_ids, [])) >= 1
    AND size(coalesce(p.told_countries, [])) >= $min_countries
  RETURN 'Person' AS kind, p.id AS item,
         [CASE WHEN 'victim' IN coalesce(p.roles, []) THEN coalesce(p.pseudonym, p.id)
               ELSE p.name END] AS holders,
         p.told_countries AS countries, p.case_ids AS cases,
         coalesce(p.source_ids, []) AS source_ids, p.best_grading AS best_grading
}
WITH kind, item, holders, countries, cases, source_ids, best_grading
ORDER BY size(countries) DESC, size(cases) DESC, size(source_ids) DESC, kind, item
// The rows go out a thousand to a record, in order, and the unpack_rows step makes them
// rows again: Neo4j's Python driver reads each record on its own, and reading 27,000
// one-row records took 0.5 s of CPU at 200,000 nodes, a thousand to a record 0.2 s.
WITH collect([kind, item, holders, countries, cases, source_ids, size(source_ids),
              best_grading]) AS found
UNWIND range(0, size(found) - 1, 1000) AS at
RETURN ['kind', 'item', 'holders', 'countries', 'cases', 'source_ids', 'corroboration',
        'best_grading'] AS columns,
       found[at..at + 1000] AS rows

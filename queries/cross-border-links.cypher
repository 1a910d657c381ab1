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
// revision: 3
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
RETURN kind, item, holders, countries, cases, source_ids,
       size(source_ids) AS corroboration, best_grading
ORDER BY size(countries) DESC, size(cases) DESC, corroboration DESC, kind, item

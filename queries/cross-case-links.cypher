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
// revision: 2
CALL {
  // The cases, sources, holders and reporting countries of every identifier and person are
  // written onto it after each load and resolve (casegraph.services.aggregates), so the
  // ranking reads them instead of walking every identifier's links on every run.
  CALL {
    MATCH (i:Phone) WHERE size(coalesce(i.case_ids, [])) >= $min_cases
    RETURN 'Phone' AS kind, i AS node
    UNION ALL
    MATCH (i:Account) WHERE size(coalesce(i.case_ids, [])) >= $min_cases
    RETURN 'Account' AS kind, i AS node
    UNION ALL
    MATCH (i:Wallet) WHERE size(coalesce(i.case_ids, [])) >= $min_cases
    RETURN 'Wallet' AS kind, i AS node
    UNION ALL
    MATCH (i:Alias) WHERE size(coalesce(i.case_ids, [])) >= $min_cases
    RETURN 'Alias' AS kind, i AS node
  }
  RETURN kind, node.id AS item, node.holders AS holders, node.case_ids AS cases,
         coalesce(node.told_countries, [])
           + CASE WHEN node.country IS NULL OR node.country IN coalesce(node.told_countries, [])
                  THEN [] ELSE [node.country] END AS countries,
         node.case_source_ids AS source_ids
  UNION ALL
  MATCH (p:Person)
  WHERE size(coalesce(p.case_ids, [])) >= $min_cases
  RETURN 'Person' AS kind, p.id AS item,
         [CASE WHEN 'victim' IN coalesce(p.roles, []) THEN coalesce(p.pseudonym, p.id)
               ELSE p.name END] AS holders,
         p.case_ids AS cases, coalesce(p.told_countries, []) AS countries,
         coalesce(p.source_ids, []) AS source_ids
}
RETURN kind, item, holders, cases, countries, source_ids
ORDER BY size(cases) DESC, size(source_ids) DESC, kind, item

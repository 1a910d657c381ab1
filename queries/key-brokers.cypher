// name: key-brokers
// title: Key brokers - people and identifiers bridging separate groups
// audience: [analyst, investigator]
// category: networks
// description: >
//   Which people, phones, accounts, wallets and agencies sit on the paths between otherwise
//   separate groups of the network: the links between people (recruited, transported, sold,
//   reports to), people's phones, accounts and wallets, and who works for which agency are
//   fetched from the entity layer, and betweenness centrality is computed on that network in
//   Python, the same way for both stores: each connected group on its own (a shortest path
//   never leaves its group), exactly (igraph) for groups of up to 5,000 nodes, above that
//   estimated from 400 pivots sampled with a fixed seed, so reruns agree. Each row gives the normalized
//   betweenness (0-1), the number of direct links, and how many separate groups would remain
//   if the node were taken out (its bridges; 0 means removing it splits nothing). Highest
//   betweenness first; nodes with none are left out. Victims appear by pseudonym; leave
//   include_victims on to keep victims who recruit or control in the network.
// parameters:
//   include_victims: {type: boolean, default: true, description: Keep victims in the network}
// example:
//   params: {include_victims: true}
//   expect: the top recruiter and the compound's director among the first brokers
// revision: 4
// postprocess: betweenness
CALL {
  // From the two labels that can start a link, not a scan of every node; only the ends
  // travel (the link type plays no part in betweenness).
  MATCH (a:Person)
  RETURN a
  UNION ALL
  MATCH (a:Agency)
  RETURN a
}
WITH a
MATCH (a)-[:RECRUITED|TRANSPORTED|SOLD_TO|REPORTS_TO|USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET
           |WORKS_FOR]->(b)
WHERE (b:Person OR b:Phone OR b:Account OR b:Wallet OR b:Agency)
  AND ($include_victims
       OR NOT ('victim' IN coalesce(a.roles, []) OR 'victim' IN coalesce(b.roles, [])))
// One row per node with links of its own, the far ends by id and kind only: naming both
// ends of every link was most of the answer's size (the step names the few far ends that
// score without a row of their own).
WITH a, collect(b.id) AS targets, collect(labels(b)[0]) AS target_kinds
RETURN a.id AS id, labels(a)[0] AS kind,
       CASE WHEN 'victim' IN coalesce(a.roles, []) THEN coalesce(a.pseudonym, a.id)
            ELSE coalesce(a.name, a.id) END AS name,
       targets, target_kinds

// name: shortest-connection
// title: Shortest connections between two entities
// audience: [investigator, analyst, prosecutor]
// category: networks
// description: >
//   The shortest chains linking two entities (people by id, name, alias or pseudonym;
//   phones, accounts, wallets, compounds, agencies by id or name), up to eight links long,
//   through people, identifiers, agencies, compounds, payments and journey legs (aliases,
//   case and source links are left out: a shared nickname or a shared source is not a
//   connection). Each row is one chain: the entities in order (victims by pseudonym), the
//   link types and the sources of each link. How each store searches: on Neo4j,
//   allShortestPaths over the entity layer; on the embedded FalkorDB, which has no
//   undirected shortestPath, its algo.SPpaths procedure with relDirection both and
//   pathCount 0 (every minimum-length path), keeping those that stay on the entity layer.
// parameters:
//   a: {type: string, entity: entity, description: "First entity: id, name, alias or pseudonym"}
//   b: {type: string, entity: entity, description: "Second entity: id, name, alias or pseudonym"}
//   limit: {type: integer, default: 10, description: Most chains to list}
// example:
//   params: {a: Rizky Pratama, b: Samuel Wekesa}
//   expect: the chain from the Indonesian to the Kenyan recruiter through KK Park's hierarchy
// revision: 1
MATCH (x)
WHERE NOT x:PersonRecord AND NOT x:Source
  AND (toLower(x.id) = toLower($a) OR toLower(x.name) = toLower($a)
       OR toLower(x.pseudonym) = toLower($a)
       OR toLower($a) IN [n IN coalesce(x.names, []) + coalesce(x.aliases, []) | toLower(n)])
MATCH (y)
WHERE NOT y:PersonRecord AND NOT y:Source AND y <> x
  AND (toLower(y.id) = toLower($b) OR toLower(y.name) = toLower($b)
       OR toLower(y.pseudonym) = toLower($b)
       OR toLower($b) IN [n IN coalesce(y.names, []) + coalesce(y.aliases, []) | toLower(n)])
MATCH path = allShortestPaths(
  (x)-[:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET|RECRUITED|TRANSPORTED|SOLD_TO|WORKS_FOR
       |OPERATES|SUPPLIES|HELD_AT|WORKS_AT|REPORTS_TO|TRANSFERRED_TO|PAID|RECEIVED
       |FOR_PERSON|VIA_WALLET|FACILITATED|POSTED*..8]-(y)
)
WITH path
WHERE none(n IN nodes(path) WHERE n:PersonRecord)
RETURN length(path) AS hops,
       [n IN nodes(path)
        | CASE WHEN 'victim' IN coalesce(n.roles, []) THEN coalesce(n.pseudonym, n.id)
               ELSE coalesce(n.name, n.title, n.kind, n.id) END] AS chain,
       [n IN nodes(path) | n.id] AS node_ids,
       [r IN relationships(path) | type(r)] AS links,
       [r IN relationships(path) | coalesce(r.source_ids, [])] AS link_sources
ORDER BY hops, chain
LIMIT $limit

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
// revision: 2
CALL {
  // The runner has resolved $a and $b (ids, names, aliases, pseudonyms, identifiers) to
  // one entity's id each. Ids are unique and indexed per label, and a match without a
  // label would scan every node: one indexed match per label, every label but PersonRecord,
  // Source and the internal ones (Organisation holds agencies and companies).
  UNWIND [$a, $b] AS key MATCH (n:Person {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:Compound {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:Organisation {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:Phone {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:Account {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:Wallet {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:IdentityDocument {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:Alias {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:Address {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:JobAd {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:Payment {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:Journey {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:Leg {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:Location {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:Country {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:Case {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:Indicator {id: key}) RETURN n
  UNION UNWIND [$a, $b] AS key MATCH (n:Designation {id: key}) RETURN n
}
WITH collect(n) AS ends
UNWIND [e IN ends WHERE e.id = $a] AS x
UNWIND [e IN ends WHERE e.id = $b AND e <> x] AS y
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

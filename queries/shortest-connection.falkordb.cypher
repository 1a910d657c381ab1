// FalkorDB variant of shortest-connection (the header is in shortest-connection.cypher):
// no undirected shortestPath here, so algo.SPpaths with relDirection 'both'.
// The runner has resolved $a and $b (ids, names, aliases, pseudonyms, identifiers) to
// one entity's id each. Ids are unique and indexed per label, and a match without a
// label would scan every node: one indexed match per label, every label but PersonRecord,
// Source and the internal ones (Organisation holds agencies and companies).
CALL {
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
CALL algo.SPpaths({sourceNode: x, targetNode: y, relDirection: 'both', maxLen: 8,
                   pathCount: 0,
                   relTypes:
                     ['USES_PHONE', 'HAS_ACCOUNT', 'CONTROLS_WALLET', 'RECRUITED',
                      'TRANSPORTED', 'SOLD_TO', 'WORKS_FOR', 'OPERATES', 'SUPPLIES',
                      'HELD_AT', 'WORKS_AT', 'REPORTS_TO', 'TRANSFERRED_TO', 'PAID',
                      'RECEIVED', 'FOR_PERSON', 'VIA_WALLET', 'FACILITATED', 'POSTED']})
YIELD path
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

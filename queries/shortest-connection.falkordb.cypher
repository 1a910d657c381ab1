// FalkorDB variant of shortest-connection (the header is in shortest-connection.cypher):
// no undirected shortestPath here, so algo.SPpaths with relDirection 'both'.
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

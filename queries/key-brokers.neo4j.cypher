// Neo4j variant of key-brokers (the header is in key-brokers.cypher): the links of the
// eight types are read through Neo4j's relationship-type lookup and their start checked
// for a label, which at 200,000 nodes took a third of the time of starting from each
// Person and Agency (the shared body, which FalkorDB needs: there a start without a
// label is a scan of every node). The same rows.
MATCH (a)-[:RECRUITED|TRANSPORTED|SOLD_TO|REPORTS_TO|USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET
         |WORKS_FOR]->(b)
WHERE (a:Person OR a:Agency)
  AND (b:Person OR b:Phone OR b:Account OR b:Wallet OR b:Agency)
  AND ($include_victims
       OR NOT ('victim' IN coalesce(a.roles, []) OR 'victim' IN coalesce(b.roles, [])))
WITH a, collect(b.id) AS targets, collect(labels(b)[0]) AS target_kinds
RETURN a.id AS id, labels(a)[0] AS kind,
       CASE WHEN 'victim' IN coalesce(a.roles, []) THEN coalesce(a.pseudonym, a.id)
            ELSE coalesce(a.name, a.id) END AS name,
       targets, target_kinds

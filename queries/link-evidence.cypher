// name: link-evidence
// title: Evidence for a link between two entities
// audience: [prosecutor, investigator]
// category: evidence
// description: >
//   For every recorded link between two entities (people by id, name, alias or pseudonym;
//   phones, accounts, wallets, compounds, agencies by id or name), each source that asserts
//   it: one row per link and source, with the source's date, organisation, case and
//   Admiralty grading, the file:line references in that source's file, and the excerpts
//   kept for the link. corroboration counts the distinct sources asserting the link and
//   organisations the distinct organisations behind them (sources from one organisation may
//   not be independent). Mined links (found in narrative text, not recorded by an officer)
//   are marked by origin. Victims' names inside excerpts are replaced by their pseudonym.
// parameters:
//   a: {type: string, entity: entity, description: "First entity: id, name, alias or pseudonym"}
//   b: {type: string, entity: entity, description: "Second entity: id, name, alias or pseudonym"}
// example:
//   params: {a: Samuel Wekesa, b: KE-V-0001}
//   expect: the sources asserting that the top recruiter recruited the victim
// revision: 2
// postprocess: redact_victims
CALL {
  // The runner has resolved $a and $b (ids, names, aliases, pseudonyms, identifiers) to
  // one entity's id each. Ids are unique and indexed per label, and a match without a
  // label would scan every node: one indexed match per label, every label but PersonRecord
  // and the internal ones, which take no links (Organisation holds agencies and companies).
  MATCH (x:Person {id: $a}) RETURN x
  UNION MATCH (x:Compound {id: $a}) RETURN x
  UNION MATCH (x:Organisation {id: $a}) RETURN x
  UNION MATCH (x:Phone {id: $a}) RETURN x
  UNION MATCH (x:Account {id: $a}) RETURN x
  UNION MATCH (x:Wallet {id: $a}) RETURN x
  UNION MATCH (x:IdentityDocument {id: $a}) RETURN x
  UNION MATCH (x:Alias {id: $a}) RETURN x
  UNION MATCH (x:Address {id: $a}) RETURN x
  UNION MATCH (x:JobAd {id: $a}) RETURN x
  UNION MATCH (x:Payment {id: $a}) RETURN x
  UNION MATCH (x:Journey {id: $a}) RETURN x
  UNION MATCH (x:Leg {id: $a}) RETURN x
  UNION MATCH (x:Location {id: $a}) RETURN x
  UNION MATCH (x:Country {id: $a}) RETURN x
  UNION MATCH (x:Case {id: $a}) RETURN x
  UNION MATCH (x:Source {id: $a}) RETURN x
  UNION MATCH (x:Indicator {id: $a}) RETURN x
  UNION MATCH (x:Designation {id: $a}) RETURN x
}
// FalkorDB would match x anew in a MATCH straight after CALL: WITH keeps the one found.
WITH x
MATCH (x)-[r]-(y)
WHERE y.id = $b AND NOT y:PersonRecord
WITH x, r, y, startNode(r) = x AS forward, coalesce(r.source_ids, []) AS source_ids
// Neo4j never walks one MENTIONS link twice in a pattern, so the person's own names
// come from a pattern of their own (FalkorDB finds them in the first one too).
WITH x, r, y, forward, source_ids,
     [(x)<-[:MENTIONS]-(teller:Source)-[:MENTIONS]->(v:Person)
        WHERE 'victim' IN coalesce(v.roles, []) AND teller.id IN source_ids | v]
       + [(x)<-[:MENTIONS]-(teller:Source)
            WHERE 'victim' IN coalesce(x.roles, []) AND teller.id IN source_ids | x] AS victims
WITH x, r, y, forward, source_ids,
     reduce(m = [], v IN victims
       | m + [n IN coalesce(v.names, []) + coalesce(v.aliases, [])
                   + [f IN coalesce(v.names, []) WHERE size(split(f, ' ')[0]) >= 4
                      | split(f, ' ')[0]]
              | [n, coalesce(v.pseudonym, v.id)]]) AS masks
UNWIND CASE WHEN size(source_ids) = 0 THEN [null] ELSE source_ids END AS sid
OPTIONAL MATCH (s:Source {id: sid})
WITH masks, x, r, y, forward, source_ids, sid, s,
     size(source_ids) AS corroboration
WITH masks, x, r, y, forward, corroboration, collect({sid: sid, s: s}) AS evidence
WITH masks, x, r, y, forward, corroboration, evidence,
     size(reduce(orgs = [], e IN evidence |
       CASE WHEN e.s.organisation IS NULL OR e.s.organisation IN orgs THEN orgs
            ELSE orgs + e.s.organisation END)) AS organisations
UNWIND evidence AS e
RETURN CASE WHEN 'victim' IN coalesce(x.roles, []) THEN coalesce(x.pseudonym, x.id)
            ELSE coalesce(x.name, x.id) END AS a,
       type(r) AS link,
       CASE WHEN forward THEN 'a->b' ELSE 'b->a' END AS direction,
       CASE WHEN 'victim' IN coalesce(y.roles, []) THEN coalesce(y.pseudonym, y.id)
            ELSE coalesce(y.name, y.id) END AS b,
       r.origin AS origin,
       corroboration,
       organisations,
       e.sid AS source_id,
       e.s.date AS date,
       e.s.organisation AS organisation,
       e.s.case_id AS case_id,
       e.s.grading AS grading,
       [ref IN coalesce(r.refs, [])
        WHERE e.s.file IS NOT NULL AND (ref = e.s.file OR ref STARTS WITH (e.s.file + ':'))]
         AS refs,
       coalesce(r.excerpts, []) AS excerpts,
       masks AS victim_masks
ORDER BY link, direction, date, source_id

// name: offender-hierarchy
// title: Offender hierarchy at a compound
// audience: [investigator, prosecutor]
// category: networks
// description: >
//   For one compound (id such as CMP-MM-KKPARK, name or alias), everyone recorded working
//   at or operating it with the reporting lines between them, and the recruiters feeding it
//   (people with no compound role who recruited someone held there) with their reporting
//   lines into its staff: one row per person and superior (a person with no superior there
//   has an empty reports_to). A director who also runs another compound appears in both,
//   each with that compound's lines only. Bosses come first, then directors, controllers,
//   agents, recruiters. Victims who took an
//   offender role appear under their pseudonym. Source ids back the role and the reporting line.
// parameters:
//   compound: {type: string, entity: compound, description: "Compound id, name or alias (e.g. KK Park)"}
// example:
//   params: {compound: CMP-MM-KKPARK}
//   expect: the reporting lines recorded at the compound
// revision: 1
// picture: {layout: hierarchy}
MATCH (c:Compound)
WHERE c.id = $compound OR toLower(c.name) = toLower($compound)
   OR toLower($compound) IN [a IN coalesce(c.aliases, []) | toLower(a)]
CALL {
  WITH c
  MATCH (p:Person)-[:WORKS_AT|OPERATES]->(c)
  MATCH (p)-[line:REPORTS_TO]->(boss:Person)-[:WORKS_AT|OPERATES]->(c)
  RETURN p, line, boss
  UNION
  WITH c
  MATCH (p:Person)-[:RECRUITED]->(:Person)-[:HELD_AT]->(c)
  WHERE NOT (p)-[:WORKS_AT]->(:Compound)
  MATCH (p)-[line:REPORTS_TO]->(boss:Person)-[:WORKS_AT|OPERATES]->(c)
  RETURN p, line, boss
  UNION
  WITH c
  MATCH (p:Person)-[:WORKS_AT|OPERATES]->(c)
  RETURN p, null AS line, null AS boss
}
WITH c, p, collect(boss) AS bosses, collect(line) AS lines
UNWIND CASE WHEN size(bosses) = 0 THEN [null] ELSE range(0, size(bosses) - 1) END AS i
WITH c, p, bosses[i] AS boss, lines[i] AS line
OPTIONAL MATCH (p)-[w:WORKS_AT|OPERATES]->(c)
WITH c, p, boss, line, head(collect(w)) AS w
WITH c, p, boss, line, w,
     coalesce(w.role, CASE WHEN w IS NULL THEN null ELSE 'operator' END) AS role,
     CASE WHEN 'victim' IN coalesce(p.roles, []) THEN coalesce(p.pseudonym, p.id)
          ELSE p.name END AS person,
     CASE WHEN boss IS NULL THEN null
          WHEN 'victim' IN coalesce(boss.roles, []) THEN coalesce(boss.pseudonym, boss.id)
          ELSE boss.name END AS reports_to
RETURN c.id AS compound,
       p.id AS person_id,
       person,
       role AS role_at_compound,
       coalesce(p.roles, []) AS roles,
       'victim' IN coalesce(p.roles, []) AS is_victim,
       boss.id AS reports_to_id,
       reports_to,
       coalesce(w.source_ids, []) AS role_sources,
       coalesce(line.source_ids, []) AS reports_to_sources
ORDER BY CASE coalesce(role, head(p.roles))
           WHEN 'boss' THEN 0 WHEN 'director' THEN 1 WHEN 'financier' THEN 2
           WHEN 'controller' THEN 3 WHEN 'agent' THEN 4 WHEN 'recruiter' THEN 5 ELSE 6 END,
         person, reports_to

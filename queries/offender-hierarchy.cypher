// name: offender-hierarchy
// title: Offender hierarchy at a compound
// audience: [investigator, prosecutor]
// category: networks
// description: >
//   For one compound (id such as CMP-MM-KKPARK, name or alias), everyone recorded working
//   at or operating it, and everyone with no role at another compound who reports to one of
//   them, directly or through others (recruiters, drivers, agents known only from a
//   reports-to line), with the reporting lines between them: one row per person and
//   superior (a person with no superior there has an empty reports_to). level is the
//   person's rank from the top (1: no superior there; 2: reports to a level-1 person...).
//   A director who also runs another compound appears in both, each with that compound's
//   lines only; a subordinate tied to another compound only (works there, or recruited
//   only people held there) stays out. Top levels first, bosses before directors,
//   controllers, agents, recruiters. Victims who took an offender role appear under their
//   pseudonym. Source ids back the role and each reporting line.
// parameters:
//   compound: {type: string, entity: compound, description: "Compound id, name or alias (e.g. KK Park)"}
// example:
//   params: {compound: CMP-MM-KKPARK}
//   expect: the reporting lines recorded at the compound
// revision: 2
// postprocess: hierarchy_levels
// picture: {layout: hierarchy}
MATCH (c:Compound {id: $compound})
OPTIONAL MATCH (s:Person)-[:WORKS_AT|OPERATES]->(c)
WITH c, collect(DISTINCT s) AS staff
// Subordinates known through reporting lines: people with no role at any compound who
// reach a member of staff by reporting lines, not tied to another compound only...
UNWIND CASE WHEN size(staff) = 0 THEN [null] ELSE staff END AS top
OPTIONAL MATCH (sub:Person)-[:REPORTS_TO*1..8]->(top)
WHERE NOT sub IN staff AND NOT (sub)-[:WORKS_AT|OPERATES]->(:Compound)
WITH c, staff, collect(DISTINCT sub) AS candidates
UNWIND CASE WHEN size(candidates) = 0 THEN [null] ELSE candidates END AS cand
OPTIONAL MATCH (cand)-[:RECRUITED]->(:Person)-[:HELD_AT]->(held:Compound)
WITH c, staff, cand, collect(DISTINCT held.id) AS held_at
WITH c, staff,
     collect(CASE WHEN size(held_at) = 0 OR c.id IN held_at THEN cand END) AS free
// ...and whose whole chain up to the staff member runs through such people.
UNWIND CASE WHEN size(free) = 0 THEN [null] ELSE free END AS sub
OPTIONAL MATCH chain = (sub)-[:REPORTS_TO*1..8]->(top:Person)
WHERE top IN staff AND all(x IN nodes(chain)[0..length(chain)] WHERE x IN free)
WITH c, staff, collect(DISTINCT CASE WHEN chain IS NULL THEN null ELSE sub END) AS subs
WITH c, staff + subs AS members
UNWIND members AS p
OPTIONAL MATCH (p)-[line:REPORTS_TO]->(boss:Person)
WHERE boss IN members
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

// name: victim-offender-overlap
// title: Victims also recorded in offender roles (non-punishment screening)
// audience: [prosecutor, victim-support, investigator]
// category: victims
// description: >
//   Resolved people recorded as victims who are also recorded in an offender role (recruiter,
//   controller, agent...) or with offender links (worked at a compound in a role, recruited
//   or transported someone, reported to someone). Trafficked people are often forced into
//   such roles; before any charge the non-punishment principle asks for both sides of the
//   evidence, so each row lists the victim-side evidence (held at, recruited by, payments
//   made for them, indicators with excerpts) and the offender-side evidence, each with its
//   sources, and which source records called the person what. Shown by pseudonym only,
//   also inside excerpts.
// parameters:
//   include_role_only:
//     type: boolean
//     default: true
//     description: Also list victims with an offender role but no offender link
// example:
//   params: {include_role_only: true}
//   expect: the victim-turned-controller of the ground truth
// revision: 3
// postprocess: redact_victims
CALL {
  // The offender-side links are read in one pass per link type (a pattern per victim
  // costs a lookup each: seconds at a million nodes), then grouped by person.
  MATCH (p:Person)-[w:WORKS_AT]->(c:Compound)
  WHERE 'victim' IN coalesce(p.roles, [])
  RETURN p, {link: 'WORKS_AT', role: w.role, other: c.name, source_ids: w.source_ids} AS side
  UNION ALL
  MATCH (p:Person)-[rc:RECRUITED]->(x:Person)
  WHERE 'victim' IN coalesce(p.roles, [])
  RETURN p, {link: 'RECRUITED', role: null,
             other: CASE WHEN 'victim' IN coalesce(x.roles, []) THEN coalesce(x.pseudonym, x.id)
                         ELSE x.name END, source_ids: rc.source_ids} AS side
  UNION ALL
  MATCH (p:Person)-[tr:TRANSPORTED]->(t:Person)
  WHERE 'victim' IN coalesce(p.roles, [])
  RETURN p, {link: 'TRANSPORTED', role: null,
             other: CASE WHEN 'victim' IN coalesce(t.roles, []) THEN coalesce(t.pseudonym, t.id)
                         ELSE t.name END, source_ids: tr.source_ids} AS side
  UNION ALL
  MATCH (p:Person)-[rt:REPORTS_TO]->(b:Person)
  WHERE 'victim' IN coalesce(p.roles, [])
  RETURN p, {link: 'REPORTS_TO', role: null,
             other: CASE WHEN 'victim' IN coalesce(b.roles, []) THEN coalesce(b.pseudonym, b.id)
                         ELSE b.name END, source_ids: rt.source_ids} AS side
  UNION ALL
  MATCH (p:Person)-[pay:RECEIVED]->(m:Payment)
  WHERE 'victim' IN coalesce(p.roles, [])
  RETURN p, {link: 'RECEIVED', role: m.kind, other: m.id, source_ids: pay.source_ids} AS side
  UNION ALL
  MATCH (p:Person)
  WHERE $include_role_only AND 'victim' IN coalesce(p.roles, [])
    AND any(r IN p.roles WHERE r <> 'victim')
  RETURN p, null AS side
}
WITH p, [r IN p.roles WHERE r <> 'victim'] AS offender_roles, collect(side) AS offender_side
WHERE size(offender_side) > 0 OR ($include_role_only AND size(offender_roles) > 0)
// The victim-side evidence of the people found is read the same way, one pass per link
// type over all of them at once, and grouped back by person (a pattern per person is a
// traversal each, which FalkorDB runs one person at a time: seconds at a million nodes).
WITH collect({person: p, roles: offender_roles, side: offender_side}) AS found
CALL {
  WITH found
  UNWIND found AS f
  RETURN f.person AS p, 'found' AS kind, f AS fact
  UNION ALL
  WITH found
  UNWIND found AS f
  WITH f.person AS p
  MATCH (p)-[h:HELD_AT]->(hc:Compound)
  RETURN p, 'victim' AS kind,
         {link: 'HELD_AT', other: hc.name, from: h.from_date, to: h.to_date,
          source_ids: h.source_ids} AS fact
  UNION ALL
  WITH found
  UNWIND found AS f
  WITH f.person AS p
  MATCH (rb:Person)-[rr:RECRUITED]->(p)
  RETURN p, 'victim' AS kind,
         {link: 'RECRUITED_BY',
          other: CASE WHEN 'victim' IN coalesce(rb.roles, []) THEN coalesce(rb.pseudonym, rb.id)
                      ELSE rb.name END, from: null, to: null,
          source_ids: rr.source_ids} AS fact
  UNION ALL
  WITH found
  UNWIND found AS f
  WITH f.person AS p
  MATCH (fp:Payment)-[fr:FOR_PERSON]->(p)
  RETURN p, 'victim' AS kind,
         {link: 'PAYMENT_FOR', other: fp.kind + ' ' + coalesce(toString(fp.amount), '?') + ' '
             + coalesce(fp.currency, ''), from: fp.date, to: null,
          source_ids: fr.source_ids} AS fact
  UNION ALL
  WITH found
  UNWIND found AS f
  WITH f.person AS p
  MATCH (p)-[si:SHOWS_INDICATOR]->(ind:Indicator)
  RETURN p, 'indicator' AS kind,
         {element: ind.element, indicator: coalesce(ind.label, ind.id),
          excerpts: coalesce(si.excerpts, [si.excerpt]), source_ids: si.source_ids} AS fact
  UNION ALL
  WITH found
  UNWIND found AS f
  WITH f.person AS p
  MATCH (rec:PersonRecord)-[:RESOLVES_TO]->(p)
  RETURN p, 'record' AS kind, {record: rec.id, source_id: rec.source_id, roles: rec.roles} AS fact
  UNION ALL
  // The victims whose names may sit in the excerpts: those the same sources mention, and
  // the person themself if a source mentions them (Neo4j never walks one MENTIONS link
  // twice in a pattern, so that needs a match of its own; FalkorDB finds them in both).
  WITH found
  UNWIND found AS f
  WITH f.person AS p
  MATCH (p)<-[:MENTIONS]-(:Source)-[:MENTIONS]->(v:Person)
  WHERE 'victim' IN coalesce(v.roles, [])
  RETURN p, 'victim_named' AS kind, v AS fact
  UNION ALL
  WITH found
  UNWIND found AS f
  WITH f.person AS p
  MATCH (p)<-[:MENTIONS]-(:Source)
  RETURN p, 'victim_named' AS kind, p AS fact
}
// collect() skips nulls: each list gathers its own kind of fact.
WITH p,
     head(collect(CASE kind WHEN 'found' THEN fact END)) AS found,
     collect(CASE kind WHEN 'victim' THEN fact END) AS victim_side,
     collect(CASE kind WHEN 'indicator' THEN fact END) AS indicators,
     collect(CASE kind WHEN 'record' THEN fact END) AS records,
     collect(CASE kind WHEN 'victim_named' THEN fact END) AS victims
RETURN p.id AS person_id,
       coalesce(p.pseudonym, p.id) AS person,
       found.roles AS offender_roles,
       coalesce(p.nationalities, []) AS nationalities,
       victim_side,
       found.side AS offender_side,
       indicators,
       records,
       reduce(m = [], v IN victims
         | m + [n IN coalesce(v.names, []) + coalesce(v.aliases, [])
                     + [f IN coalesce(v.names, []) WHERE size(split(f, ' ')[0]) >= 4
                        | split(f, ' ')[0]]
                | [n, coalesce(v.pseudonym, v.id)]]) AS victim_masks
ORDER BY person

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
// revision: 2
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
WITH p, offender_roles, offender_side, coalesce(p.source_ids, []) AS sources
// Neo4j never walks one MENTIONS link twice in a pattern, so the person's own names
// come from a pattern of their own (FalkorDB finds them in the first one too).
WITH p, offender_roles, offender_side,
     [(p)<-[:MENTIONS]-(teller:Source)-[:MENTIONS]->(v:Person)
        WHERE 'victim' IN coalesce(v.roles, []) | v]
       + [(p)<-[:MENTIONS]-(:Source) WHERE 'victim' IN coalesce(p.roles, []) | p] AS victims
WITH p, offender_roles, offender_side,
     reduce(m = [], v IN victims
       | m + [n IN coalesce(v.names, []) + coalesce(v.aliases, [])
                   + [f IN coalesce(v.names, []) WHERE size(split(f, ' ')[0]) >= 4
                      | split(f, ' ')[0]]
              | [n, coalesce(v.pseudonym, v.id)]]) AS masks
RETURN p.id AS person_id,
       coalesce(p.pseudonym, p.id) AS person,
       offender_roles,
       coalesce(p.nationalities, []) AS nationalities,
       [(p)-[h:HELD_AT]->(hc:Compound)
          | {link: 'HELD_AT', other: hc.name, from: h.from_date, to: h.to_date,
             source_ids: h.source_ids}]
       + [(rb:Person)-[rr:RECRUITED]->(p)
          | {link: 'RECRUITED_BY',
             other: CASE WHEN 'victim' IN coalesce(rb.roles, []) THEN coalesce(rb.pseudonym, rb.id)
                         ELSE rb.name END, from: null, to: null,
             source_ids: rr.source_ids}]
       + [(fp:Payment)-[fr:FOR_PERSON]->(p)
          | {link: 'PAYMENT_FOR', other: fp.kind + ' ' + coalesce(toString(fp.amount), '?') + ' '
                + coalesce(fp.currency, ''), from: fp.date, to: null, source_ids: fr.source_ids}]
         AS victim_side,
       offender_side,
       [(p)-[si:SHOWS_INDICATOR]->(ind:Indicator)
          | {element: ind.element, indicator: coalesce(ind.label, ind.id),
             excerpts: coalesce(si.excerpts, [si.excerpt]), source_ids: si.source_ids}]
         AS indicators,
       [(rec:PersonRecord)-[:RESOLVES_TO]->(p)
          | {record: rec.id, source_id: rec.source_id, roles: rec.roles}] AS records,
       masks AS victim_masks
ORDER BY person

// name: indicator-screening
// title: Forced-criminality indicator screening per person
// audience: [victim-support, prosecutor, investigator]
// category: victims
// description: >
//   For each resolved person with UNODC forced-criminality indicators (or only the person
//   given by id or pseudonym), the indicators found in the sources grouped by element: Act
//   (recruitment, transport, harbouring), Means (deception, coercion, debt, confiscation)
//   and Purpose (forced criminal activity), each with the excerpts that show it and the
//   sources. elements counts the elements with at least one indicator; a person showing two
//   or more is flagged presumed_victim for referral and non-punishment screening. Indicators
//   mined from narrative text are leads to verify with the excerpt, not findings. Victims'
//   recorded names, aliases and first names (four letters or more) inside excerpts are
//   replaced, as whole words, by their pseudonym; still read excerpts before sharing them.
// parameters:
//   who: {type: string, entity: person, default: "", description: "Person id or pseudonym; empty for everyone"}
// example:
//   params: {who: ""}
//   expect: each ground-truth victim with indicators in the expected elements
// revision: 2
// postprocess: redact_victims
CALL {
  // The runner has resolved $who (id or pseudonym) to the person's id: an indexed match.
  MATCH (p:Person {id: $who}) RETURN p
  UNION
  // Everyone when $who is empty (an empty list leaves this branch without a row to scan).
  UNWIND CASE WHEN $who = '' THEN [true] ELSE [] END AS everyone
  MATCH (p:Person) RETURN p
}
WITH p
MATCH (p)-[si:SHOWS_INDICATOR]->(ind:Indicator)
WITH p, toLower(ind.element) AS element,
     collect({indicator: ind.id, label: ind.label, group: ind.group,
              excerpts: coalesce(si.excerpts, [si.excerpt]),
              source_ids: si.source_ids, origin: si.origin}) AS found,
     collect(si.source_ids) AS told_by
WITH p, collect({element: element, found: found}) AS by_element, collect(told_by) AS nested
WITH p, by_element,
     reduce(acc = [], ls IN nested | acc + reduce(a = [], l IN ls | a + coalesce(l, [])))
       AS sources
// Neo4j never walks one MENTIONS link twice in a pattern, so the person's own names
// come from a pattern of their own (FalkorDB finds them in the first one too).
WITH p, by_element,
     [(p)<-[:MENTIONS]-(teller:Source)-[:MENTIONS]->(v:Person)
        WHERE 'victim' IN coalesce(v.roles, []) | v]
       + [(p)<-[:MENTIONS]-(:Source) WHERE 'victim' IN coalesce(p.roles, []) | p] AS victims
WITH p, by_element,
     reduce(m = [], v IN victims
       | m + [n IN coalesce(v.names, []) + coalesce(v.aliases, [])
                   + [f IN coalesce(v.names, []) WHERE size(split(f, ' ')[0]) >= 4
                      | split(f, ' ')[0]]
              | [n, coalesce(v.pseudonym, v.id)]]) AS masks
WITH masks, p, by_element,
     [e IN by_element WHERE e.element = 'act' | e.found] AS act,
     [e IN by_element WHERE e.element = 'means' | e.found] AS means,
     [e IN by_element WHERE e.element = 'purpose' | e.found] AS purpose
RETURN p.id AS person_id,
       CASE WHEN 'victim' IN coalesce(p.roles, []) THEN coalesce(p.pseudonym, p.id)
            ELSE p.name END AS person,
       coalesce(p.roles, []) AS roles,
       size(by_element) AS elements,
       size(by_element) >= 2 AS presumed_victim,
       coalesce(head(act), []) AS act,
       coalesce(head(means), []) AS means,
       coalesce(head(purpose), []) AS purpose,
       masks AS victim_masks
ORDER BY elements DESC, person

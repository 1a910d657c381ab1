// name: person-dossier
// title: Dossier of one resolved person
// audience: [investigator, prosecutor]
// category: people
// description: >
//   Everything the graph holds about one resolved person (found by person id, name, alias,
//   E.164 phone, account such as telegram:brayo_jobs or @brayo_jobs, or wallet): names and
//   aliases, roles, nationalities, phones, accounts and wallets, every link to other people,
//   compounds, agencies and payments with the sources asserting it, the cases, and the
//   sources with their date and Admiralty grading. For a victim (including one who later
//   took an offender role) names are withheld and the pseudonym is shown.
// parameters:
//   who: {type: string, entity: person, description: "Person id, name, alias, phone (+254...), handle or wallet"}
// example:
//   params: {who: Boss Sammy}
//   expect: the top recruiter's names, identifiers, links, cases and sources
// revision: 2
MATCH (p:Person {id: $who})
// The runner has resolved $who (id, name, alias, phone, account or wallet, through the
// index on Person.lookup) to the one person's id: an indexed match here.
WITH p, 'victim' IN coalesce(p.roles, []) AS victim
// One indexed match per source id (FalkorDB scans every Source for `s.id IN p.source_ids`).
UNWIND CASE WHEN size(coalesce(p.source_ids, [])) = 0 THEN [null] ELSE p.source_ids END AS sid
OPTIONAL MATCH (s:Source {id: sid})
WITH p, victim, collect(s {.id, .kind, .date, .grading, .organisation, .case_id}) AS sources
RETURN p.id AS person_id,
       CASE WHEN victim THEN coalesce(p.pseudonym, p.id) ELSE p.name END AS person,
       CASE WHEN victim THEN [] ELSE coalesce(p.names, []) END AS names,
       CASE WHEN victim THEN [] ELSE coalesce(p.aliases, []) END AS aliases,
       coalesce(p.roles, []) AS roles,
       victim AS is_victim,
       coalesce(p.nationalities, []) AS nationalities,
       [(p)-[r1:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET]->(i) | {kind: labels(i)[0], id: i.id,
         source_ids: r1.source_ids}] AS identifiers,
       [(p)-[r2]->(o) WHERE NOT o:PersonRecord AND NOT o:Phone AND NOT o:Account
          AND NOT o:Wallet AND NOT o:Alias
        | {link: type(r2), direction: 'out', kind: labels(o)[0], id: o.id,
           other: CASE WHEN 'victim' IN coalesce(o.roles, []) THEN coalesce(o.pseudonym, o.id)
                       ELSE coalesce(o.name, o.title, o.kind, o.id) END,
           role: r2.role, source_ids: r2.source_ids}]
       + [(o2)-[r3]->(p) WHERE NOT o2:PersonRecord AND NOT o2:Source AND NOT o2:Case
        | {link: type(r3), direction: 'in', kind: labels(o2)[0], id: o2.id,
           other: CASE WHEN 'victim' IN coalesce(o2.roles, []) THEN coalesce(o2.pseudonym, o2.id)
                       ELSE coalesce(o2.name, o2.title, o2.kind, o2.id) END,
           role: r3.role, source_ids: r3.source_ids}] AS links,
       coalesce(p.case_ids, []) AS cases,
       sources
ORDER BY person_id

// name: recruiter-network
// title: Recruiter network around a person, alias, phone or handle
// audience: [investigator, analyst, prosecutor]
// category: networks
// description: >
//   Starting from one resolved person (found by person id, name, alias, E.164 phone,
//   account such as telegram:brayo_jobs or @brayo_jobs, or wallet), follows who recruited
//   whom up to four hops, so victims who went on to recruit others show up with their own
//   recruits. One row per recruitment link: the recruiter with the phones, accounts, job ads
//   and agencies they used, the person recruited (victims by pseudonym), the compounds that
//   person was held or worked at, whether they went on to recruit, and the sources that
//   assert the link. Depth 1 means recruited by the starting person.
// parameters:
//   who: {type: string, entity: person, description: "Person id, name, alias, phone (+254...), handle or wallet"}
// example:
//   params: {who: Boss Sammy}
//   expect: every person the top recruiter recruited, directly or through recruits
// revision: 2
// picture: {layout: hierarchy}
MATCH (seed:Person {id: $who})
// The runner has resolved $who (id, name, alias, phone, account or wallet, through the
// index on Person.lookup) to the one person's id: an indexed match here.
MATCH path = (seed)-[:RECRUITED*1..4]->(recruit:Person)
WITH seed, recruit, nodes(path)[-2] AS recruiter, relationships(path)[-1] AS link,
     length(path) AS depth
WITH seed, recruiter, recruit, link, min(depth) AS depth
RETURN seed.id AS seed_id,
       recruiter.id AS recruiter_id,
       CASE WHEN 'victim' IN coalesce(recruiter.roles, [])
            THEN coalesce(recruiter.pseudonym, recruiter.id)
            ELSE recruiter.name END AS recruiter,
       recruit.id AS recruit_id,
       CASE WHEN 'victim' IN coalesce(recruit.roles, [])
            THEN coalesce(recruit.pseudonym, recruit.id)
            ELSE recruit.name END AS recruit,
       depth,
       coalesce(recruit.roles, []) AS recruit_roles,
       size([(recruit)-[:RECRUITED]->(x:Person) | x]) > 0 AS recruit_went_on_to_recruit,
       [(recruiter)-[:USES_PHONE]->(ph:Phone) | ph.id] AS recruiter_phones,
       [(recruiter)-[:HAS_ACCOUNT]->(acc:Account) | acc.id] AS recruiter_accounts,
       [(recruiter)-[:POSTED]->(ad:JobAd) | coalesce(ad.title, ad.id)] AS job_ads,
       [(recruiter)-[:WORKS_FOR]->(ag:Agency) | ag.name]
         + [(ag2:Agency)-[:RECRUITED]->(recruit) | ag2.name] AS agencies,
       [(recruit)-[:HELD_AT]->(c:Compound) | c.name] AS recruit_held_at,
       [(recruit)-[:WORKS_AT]->(c2:Compound) | c2.name] AS recruit_worked_at,
       link.source_ids AS source_ids,
       size(coalesce(link.source_ids, [])) AS corroboration
ORDER BY depth, recruiter, recruit

// name: agency-fronts
// title: Recruitment agencies that look like fronts
// audience: [investigator, analyst]
// category: agencies
// description: >
//   Recruitment agencies with signs of being a front for the compounds: supplying two or
//   more compounds, a name that looks like another agency's (spelling and legal-suffix
//   variants such as "Horizon Talent Link Ltd" and "Horizan Talent Link Co.", scored with
//   rapidfuzz on normalized names, 85 or more out of 100), or a phone or account shared with
//   a person (such as a recruiter's own SIM printed on the agency's flyer). One row per
//   agency with at least one sign, the signs listed in flags, with the compounds supplied,
//   phones, staff and sources. Give a country (ISO code) to list only its agencies;
//   look-alikes are still searched in every country.
// parameters:
//   country: {type: string, entity: country, default: "", description: "Agency country (ISO code); empty for all"}
// example:
//   params: {country: ""}
//   expect: the multi-compound agencies, the look-alike pair and the shared phone
// revision: 1
// postprocess: agency_flags
MATCH (a:Agency)
RETURN a.id AS agency_id,
       a.name AS agency,
       a.country AS country,
       a.registration AS registration,
       a.status AS status,
       $country = '' OR a.country = toUpper($country) AS in_scope,
       [(a)-[:SUPPLIES]->(c:Compound) | c.id] AS compounds,
       [(a)-[:USES_PHONE]->(ph:Phone) | ph.id] AS phones,
       [(a)-[:HAS_ACCOUNT]->(acc:Account) | acc.id] AS accounts,
       [(worker:Person)-[:WORKS_FOR]->(a)
          | CASE WHEN 'victim' IN coalesce(worker.roles, [])
                 THEN coalesce(worker.pseudonym, worker.id) ELSE worker.name END] AS staff,
       [(a)-[:USES_PHONE|HAS_ACCOUNT]->(shared)<-[:USES_PHONE|HAS_ACCOUNT]-(holder:Person)
          | {identifier: shared.id, person_id: holder.id,
             person: CASE WHEN 'victim' IN coalesce(holder.roles, [])
                          THEN coalesce(holder.pseudonym, holder.id) ELSE holder.name END,
             roles: holder.roles}] AS shared_with_people,
       [(s:Source)-[:MENTIONS]->(a) | s.id] AS source_ids
ORDER BY agency_id

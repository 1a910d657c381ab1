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
// revision: 2
// postprocess: agency_flags
CALL {
  // Each kind of link is read in one pass over all agencies, then grouped per agency: a
  // pattern per agency is one traversal each, which FalkorDB runs one agency at a time
  // (0.6 s at 100,000 nodes, 13.5 s at a million).
  MATCH (a:Agency)
  RETURN a, null AS kind, null AS value
  UNION ALL
  MATCH (a:Agency)-[:SUPPLIES]->(c:Compound)
  RETURN a, 'compound' AS kind, c.id AS value
  UNION ALL
  MATCH (a:Agency)-[:USES_PHONE]->(ph:Phone)
  RETURN a, 'phone' AS kind, ph.id AS value
  UNION ALL
  MATCH (a:Agency)-[:HAS_ACCOUNT]->(acc:Account)
  RETURN a, 'account' AS kind, acc.id AS value
  UNION ALL
  MATCH (worker:Person)-[:WORKS_FOR]->(a:Agency)
  RETURN a, 'staff' AS kind,
         CASE WHEN 'victim' IN coalesce(worker.roles, [])
              THEN coalesce(worker.pseudonym, worker.id) ELSE worker.name END AS value
  UNION ALL
  MATCH (a:Agency)-[:USES_PHONE|HAS_ACCOUNT]->(shared)<-[:USES_PHONE|HAS_ACCOUNT]-(holder:Person)
  RETURN a, 'shared' AS kind,
         {identifier: shared.id, person_id: holder.id,
          person: CASE WHEN 'victim' IN coalesce(holder.roles, [])
                       THEN coalesce(holder.pseudonym, holder.id) ELSE holder.name END,
          roles: holder.roles} AS value
  UNION ALL
  MATCH (s:Source)-[:MENTIONS]->(a:Agency)
  RETURN a, 'source' AS kind, s.id AS value
}
// collect() skips nulls: each list gathers its own kind of link.
WITH a,
     collect(CASE kind WHEN 'compound' THEN value END) AS compounds,
     collect(CASE kind WHEN 'phone' THEN value END) AS phones,
     collect(CASE kind WHEN 'account' THEN value END) AS accounts,
     collect(CASE kind WHEN 'staff' THEN value END) AS staff,
     collect(CASE kind WHEN 'shared' THEN value END) AS shared_with_people,
     collect(CASE kind WHEN 'source' THEN value END) AS source_ids
RETURN a.id AS agency_id,
       a.name AS agency,
       a.country AS country,
       a.registration AS registration,
       a.status AS status,
       $country = '' OR a.country = toUpper($country) AS in_scope,
       compounds, phones, accounts, staff, shared_with_people, source_ids
ORDER BY agency_id

// name: identifier-lookup
// title: Where one phone, handle, wallet, email or document number appears
// audience: [investigator, analyst, prosecutor]
// category: cross-case
// description: >
//   The first question of a cross-border investigation: for one phone (any format, with
//   its country code), account (telegram:handle, t.me link, @handle), email, wallet
//   address, passport, ID or registration number, every source that records it - who holds it there (person record, agency or
//   company; victims by pseudonym) and the resolved person that record belongs to, the
//   case (a table row's own case), the country the source was recorded in (else its
//   case's: where most of its debriefs were taken, none when two countries tie), its date and Admiralty grading - and
//   the debriefs whose narrative mentions it. One row per source and holder; the cases
//   and countries columns summarise the whole answer (where it was reported, not a
//   phone's own country code).
// parameters:
//   value: {type: string, entity: identifier, description: "Phone, account, handle, email, wallet or document number"}
// example:
//   params: {value: "+254 712 555 301"}
//   expect: the top recruiter's phone in the Kenyan and Ugandan cases, with its sources
// revision: 1
CALL {
  MATCH (i:Phone {id: $value}) RETURN i
  UNION
  MATCH (i:Account {id: $value}) RETURN i
  UNION
  MATCH (i:Wallet {id: $value}) RETURN i
  UNION
  MATCH (i:IdentityDocument {id: $value}) RETURN i
}
CALL {
  WITH i
  MATCH (rec:PersonRecord)-[:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET|HAS_DOCUMENT]->(i)
  OPTIONAL MATCH (rec)-[:RESOLVES_TO]->(p:Person)
  WITH rec, p, 'victim' IN coalesce(p.roles, rec.roles, []) AS victim
  RETURN rec.source_id AS source_id, rec.case_id AS rec_case, 'recorded' AS how,
         CASE WHEN victim THEN coalesce(p.pseudonym, rec.pseudonym, rec.id)
              ELSE coalesce(rec.name, rec.id) END AS holder,
         p.id AS person_id,
         CASE WHEN victim THEN coalesce(p.pseudonym, p.id) ELSE p.name END AS person,
         coalesce(p.roles, rec.roles, []) AS roles
  UNION ALL
  WITH i
  MATCH (o)-[link:HAS_ACCOUNT|CONTROLS_WALLET|USES_PHONE|HAS_DOCUMENT]->(i)
  WHERE NOT o:PersonRecord AND NOT o:Person
  UNWIND coalesce(link.source_ids, []) AS sid
  RETURN sid AS source_id, null AS rec_case, 'recorded' AS how, o.name AS holder, o.id AS person_id,
         o.name AS person, [toLower(labels(o)[0])] AS roles
  UNION ALL
  WITH i
  MATCH (s:Source)-[:MENTIONS]->(i)
  RETURN s.id AS source_id, null AS rec_case, 'mentioned' AS how, null AS holder, null AS person_id,
         null AS person, [] AS roles
}
WITH i, source_id, rec_case, how, holder, person_id, person, roles
OPTIONAL MATCH (s:Source {id: source_id})
// A table row carries its own case; a source without a country takes its case's (set on
// the case, else where most of the case's debriefs were recorded).
WITH i, source_id, how, holder, person_id, person, roles, s,
     coalesce(rec_case, s.case_id) AS case_id
OPTIONAL MATCH (k:Case {id: case_id})
OPTIONAL MATCH (told:Source {case_id: case_id}) WHERE told.country IS NOT NULL
WITH i, source_id, how, holder, person_id, person, roles, s, case_id, k,
     told.country AS told_country, count(told) AS debriefs
ORDER BY debriefs DESC
WITH i, source_id, how, holder, person_id, person, roles, s, case_id, k,
     collect(told_country) AS told_in, collect(debriefs) AS counts
WITH i, source_id, how, holder, person_id, person, roles, s, case_id,
     coalesce(s.country, k.country,
              CASE WHEN size(counts) = 1 OR head(counts) > counts[1] THEN head(told_in) END)
     AS country
ORDER BY s.date, source_id, holder
WITH i, collect({source_id: source_id, how: how, holder: holder, person_id: person_id,
                 person: person, roles: roles, case_id: case_id, country: country,
                 date: s.date, grading: s.grading, kind: s.kind}) AS all_rows
// A narrative mention adds a row only where its source records no holder.
WITH i, all_rows, [r IN all_rows WHERE r.how = 'recorded' | r.source_id] AS recorded
WITH i, [r IN all_rows WHERE r.how = 'recorded' OR NOT r.source_id IN recorded] AS rows
WITH i, rows,
     reduce(acc = [], r IN rows | CASE WHEN r.case_id IS NULL OR r.case_id IN acc THEN acc
                                      ELSE acc + r.case_id END) AS cases,
     reduce(acc = [], r IN rows | CASE WHEN r.country IS NULL OR r.country IN acc THEN acc
                                      ELSE acc + r.country END) AS countries
UNWIND rows AS r
RETURN labels(i)[0] AS kind, i.id AS identifier, r.how AS how, r.holder AS holder,
       r.person_id AS person_id, r.person AS person, r.roles AS roles,
       r.case_id AS case_id, r.country AS country, r.source_id AS source_id,
       r.kind AS source_kind, r.date AS date, r.grading AS grading,
       cases, countries

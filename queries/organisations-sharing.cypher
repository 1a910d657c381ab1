// name: organisations-sharing
// title: Organisations sharing an address, a registration number or a director
// audience: [analyst, investigator]
// category: organisations
// description: >
//   Pairs of organisations (agencies and companies included) registered at the same
//   address, under the same registration number (a registration document, or the
//   registration column of an agencies table), or directed by the same person or
//   organisation: the marks of front companies and look-alike agencies run by one
//   network. Each row names the two organisations, what they share and the sources that
//   say so for each side; the pairs sharing most come first.
// parameters:
//   name: {type: string, default: null, description: "Only pairs involving this organisation (id or name); all when empty"}
// example:
//   params: {}
//   expect: Kestrel Bay Group and Kestrel Bay Holdings, registered at one Hong Kong address
// revision: 1
CALL {
  MATCH (a:Organisation)-[ra:HAS_ADDRESS|HAS_DOCUMENT]->(x)<-[rb:HAS_ADDRESS|HAS_DOCUMENT]-(b:Organisation)
  WHERE a.id < b.id AND (x:Address OR x.doc_type = 'registration')
  RETURN a, b, CASE WHEN x:Address THEN 'address' ELSE 'registration' END AS shared,
         coalesce(x.text, x.number) AS value, ra.source_ids + rb.source_ids AS sids
  UNION ALL
  MATCH (o:Organisation)
  WHERE o.registration IS NOT NULL
  WITH toUpper(o.registration) AS registration, collect(o) AS orgs
  WHERE size(orgs) > 1
  UNWIND orgs AS a
  UNWIND orgs AS b
  WITH a, b, registration
  WHERE a.id < b.id
  RETURN a, b, 'registration' AS shared, registration AS value,
         coalesce(a.source_ids, []) + coalesce(b.source_ids, []) AS sids
  UNION ALL
  MATCH (a:Organisation)<-[ra:DIRECTS]-(d)-[rb:DIRECTS]->(b:Organisation)
  WHERE a.id < b.id AND (d:Person OR d:Organisation)
  RETURN a, b, 'director' AS shared,
         CASE WHEN coalesce(d.is_victim, false) THEN coalesce(d.pseudonym, d.id)
              ELSE coalesce(d.name, d.id) END AS value,
         ra.source_ids + rb.source_ids AS sids
}
WITH a, b, shared, value, sids
WHERE $name IS NULL OR toLower($name) IN [toLower(a.id), toLower(a.name), toLower(b.id), toLower(b.name)]
WITH a, b, collect({shared: shared, value: value}) AS shares, collect(sids) AS sid_lists
WITH a, b, shares,
     reduce(acc = [], x IN reduce(all = [], s IN sid_lists | all + s)
       | CASE WHEN x IN acc THEN acc ELSE acc + x END) AS source_ids
RETURN a.name AS organisation, a.kind AS kind, b.name AS other, b.kind AS other_kind,
       [s IN shares | s.shared] AS shared, [s IN shares | s.value] AS values, source_ids
ORDER BY size(shares) DESC, organisation, other

// name: ownership-chains
// title: Ownership and control chains between organisations
// audience: [analyst, prosecutor]
// category: organisations
// description: >
//   Who owns, directs or operates what, followed link by link up to max_hops links: from
//   the top of each chain (an organisation or person nobody is recorded as owning or
//   directing), or from the organisation or person named in `name` (id or name). Each row
//   is one chain: the entities in order with their kinds (victims by pseudonym), the link
//   types, each link's start and end dates and grading, and the sources asserting the
//   links. Read from the user's link charts, sanctions and FollowTheMoney lists.
// parameters:
//   name: {type: string, default: null, lookup: Person.lookup, description: "Start of the chains: an organisation or person id or name (all tops when empty)"}
//   max_hops: {type: integer, default: 4, description: Longest chain to follow (at most 6)}
// example:
//   params: {name: Kestrel Bay Group, max_hops: 4}
//   expect: Kestrel Bay Group owns Kestrel Bay Holdings, which owns Kestrel Bay International (operator of KK Park) and owned Horizon Talent Link Ltd
// revision: 2
CALL {
  // A named start: an organisation by id or name, a person through the indexed list of
  // every lower-cased name and id (the exact rule is applied below)...
  UNWIND CASE WHEN $name IS NULL THEN [] ELSE [toLower($name)] END AS key
  MATCH (top:Organisation)
  WHERE toLower(top.id) = key OR toLower(top.name) = key
  RETURN top
  UNION
  // ($name_nodes: the persons the runner found through that list's index, `lookup` above)
  UNWIND $name_nodes AS person
  MATCH (top:Person {id: person})
  RETURN top
  UNION
  // ...or, with no name, every organisation and person (chains followed from each).
  UNWIND CASE WHEN $name IS NULL THEN [true] ELSE [] END AS everyone
  MATCH (top)
  WHERE top:Organisation OR top:Person
  RETURN top
}
WITH top
MATCH path = (top)-[:OWNS|DIRECTS|OPERATES*1..6]->(last)
WHERE length(path) <= $max_hops
  AND none(n IN nodes(path) WHERE n:PersonRecord)
WITH path, top, last,
     size([(o)-[:OWNS|DIRECTS]->(top) WHERE o:Organisation OR o:Person | o]) AS owners,
     size([(last)-[:OWNS|DIRECTS|OPERATES]->(n) WHERE NOT n:PersonRecord | n]) AS below
WHERE (length(path) = $max_hops OR below = 0)
  AND CASE WHEN $name IS NULL THEN owners = 0
           ELSE toLower(top.id) = toLower($name) OR toLower(top.name) = toLower($name) END
WITH path,
     [n IN nodes(path) | CASE WHEN coalesce(n.is_victim, false) THEN coalesce(n.pseudonym, n.id)
                              ELSE coalesce(n.name, n.id) END] AS chain,
     [n IN nodes(path) | coalesce(n.kind, toLower(labels(n)[0]))] AS kinds,
     [r IN relationships(path) | type(r)] AS links,
     [r IN relationships(path) | [r.start_date, r.end_date]] AS periods,
     [r IN relationships(path) | r.grading] AS gradings,
     reduce(acc = [], r IN relationships(path) | acc + [s IN coalesce(r.source_ids, []) WHERE NOT s IN acc]) AS source_ids
RETURN chain[0] AS owner, chain[size(chain) - 1] AS controlled, length(path) AS hops,
       chain, kinds, links, periods, gradings, source_ids
ORDER BY owner, hops, chain

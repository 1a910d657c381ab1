// name: designated-network
// title: Everyone linked to a designated party within N links
// audience: [investigator, analyst, prosecutor]
// category: sanctions
// description: >
//   Starting from each designated party of the loaded lists, and from each case person
//   or organisation that `casegraph xref` found to be it (a hard or confirmed hit), the
//   people, organisations, compounds and identifiers reached within max_hops links:
//   ownership, direction, employment, family, associates, payments, guarding,
//   operating, recruiting, hierarchy, and shared phones, accounts, wallets, documents
//   and addresses. Each row is one entity with the fewest links to the listing, the
//   chain that reaches it (victims by pseudonym) and the link types on the way. Empty
//   until lists are loaded.
// parameters:
//   list: {type: string, default: null, description: "Only this list (e.g. OFAC-SDN); all when empty"}
//   max_hops: {type: integer, default: 2, description: Most links from the listed party (at most 4)}
// example:
//   params: {list: OFAC-SDN, max_hops: 2}
//   expect: the companies linked to the listed Vantor Ridge parties, and the KK Park hierarchy around the case person whose wallet is listed
// revision: 1
MATCH (d:Designation)-[:DESIGNATES]->(x)
WHERE $list IS NULL OR d.list = $list
OPTIONAL MATCH (x)-[:RESOLVES_TO]->(px:Person)
OPTIONAL MATCH (hit)-[h:MATCHES_LISTING]->(d)
WHERE (h.hard OR h.status = 'confirmed') AND (hit:Person OR hit:Organisation)
WITH d, collect(DISTINCT coalesce(px, x)) + collect(DISTINCT hit) AS starts
UNWIND starts AS start
MATCH path = (start)-[:OWNS|DIRECTS|EMPLOYS|LINKED_TO|FAMILY_OF|ASSOCIATE_OF|PAYS|GUARDS|OPERATES|WORKS_FOR|RECRUITED|REPORTS_TO|SUPPLIES|WORKS_AT|USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET|HAS_DOCUMENT|HAS_ADDRESS*1..4]-(other)
WHERE length(path) <= $max_hops AND other <> start
  AND none(n IN tail(nodes(path)) WHERE n:PersonRecord OR n:Designation OR n:Source)
WITH d, other, path,
     CASE WHEN start.listed IS NULL THEN 'xref hit' ELSE 'listed' END AS via,
     [n IN nodes(path) | CASE WHEN coalesce(n.is_victim, false) THEN coalesce(n.pseudonym, n.id)
                              ELSE coalesce(n.name, n.id) END] AS chain,
     [r IN relationships(path) | type(r)] AS links
ORDER BY size(links), via, chain
WITH d, other, collect({via: via, chain: chain, links: links})[0] AS best
RETURN d.name AS listed, d.list AS list, d.id AS designation, labels(other)[0] AS kind,
       CASE WHEN coalesce(other.is_victim, false) THEN coalesce(other.pseudonym, other.id)
            ELSE coalesce(other.name, other.id) END AS entity,
       size(best.links) AS hops, best.via AS via, best.chain AS chain, best.links AS links
ORDER BY listed, hops, kind, entity

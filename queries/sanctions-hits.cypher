// name: sanctions-hits
// title: Case people, organisations and identifiers matching a sanctions or watch list
// audience: [investigator, prosecutor]
// category: sanctions
// description: >
//   The hits `casegraph xref` stored: every case person, organisation, wallet, document,
//   phone or address that matches a designated party, with the score, whether it is a
//   hard hit (the same wallet or document number), its status (hit, review for a name
//   match a reviewer must confirm, confirmed) and the plain-language reason, and the
//   listing: list, programmes, listing date and the row of the list it was read from.
//   Victims are shown by pseudonym. Empty until lists are loaded and xref has run.
// parameters:
//   list: {type: string, default: null, description: "Only this list (e.g. OFAC-SDN); all when empty"}
//   status: {type: string, default: null, description: "Only hits of this status (hit, review, confirmed)"}
//   min_score: {type: float, default: 0.0, description: Lowest score to list}
// example:
//   params: {list: OFAC-SDN}
//   expect: a debrief wallet listed on the SDN fixture as a hard hit; a near-name to review
// revision: 1
MATCH (x)-[h:MATCHES_LISTING]->(d:Designation)
WHERE ($list IS NULL OR d.list = $list)
  AND ($status IS NULL OR h.status = $status)
  AND h.score >= $min_score
RETURN labels(x)[0] AS kind,
       CASE WHEN coalesce(x.is_victim, false) THEN coalesce(x.pseudonym, x.id)
            ELSE coalesce(x.name, x.id) END AS item,
       x.id AS item_id, h.status AS status, h.hard AS hard, h.score AS score,
       h.reason AS reason, d.name AS listed, d.list AS list, d.programmes AS programmes,
       d.listed_on AS listed_on, d.source_row AS source_row, d.id AS designation
ORDER BY hard DESC, score DESC, item, designation

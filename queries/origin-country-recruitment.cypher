// name: origin-country-recruitment
// title: Recruitment from one origin country
// audience: [analyst, investigator]
// category: networks
// description: >
//   For an origin country (ISO code such as KE, or a name), the victims whose journey
//   started there (nationals with no recorded journey count too), and around them: the
//   recruiters who recruited them; the agencies that recruited them directly, facilitated
//   a leg of their journey, or employ their recruiter in that country or by the victim's
//   own account (a source telling the recruitment also names the agency); the platforms
//   of their recruiters' accounts and job ads named in a source telling the recruitment;
//   the transit hubs their journeys passed through; and the compounds they were held at.
//   Attribution follows the victims' journeys, not the recruiter: a recruiter working in
//   two countries does not carry his other country's agencies into this answer. One row per
//   category and item with the number of those victims it touches and the sources, most
//   victims first within each category.
// parameters:
//   country: {type: string, entity: country, description: "Origin country: ISO code or name (KE, Kenya)"}
//   since: {type: date, default: "", description: "Only victims whose journey began on or after this date (YYYY-MM-DD); empty: no limit"}
//   until: {type: date, default: "", description: "Only victims whose journey began on or before this date (YYYY-MM-DD); empty: no limit"}
// example:
//   params: {country: KE}
//   expect: the top recruiter, his agency, Telegram, Bangkok and Mae Sot, and KK Park
// revision: 3
CALL {
  // The victims who left from the country are found in one pass over journeys' first legs
  // (a pattern per victim costs a lookup each: seconds at a million nodes); their journeys'
  // dates are read only when a date limit is given.
  MATCH (v:Person)-[:MADE]->(:Journey)-[:HAS_LEG]->(first:Leg)-[:FROM]->(start)
  WHERE first.order = 1 AND start.country = toUpper($country)
    AND 'victim' IN coalesce(v.roles, [])
  RETURN v
  UNION
  MATCH (v:Person)
  WHERE 'victim' IN coalesce(v.roles, []) AND toUpper($country) IN coalesce(v.nationalities, [])
    AND NOT (v)-[:MADE]->(:Journey)-[:HAS_LEG]->(:Leg {order: 1})-[:FROM]->()
  RETURN v
}
WITH collect(v) AS found
UNWIND found AS v
WITH v,
     CASE WHEN $since = '' AND $until = '' THEN []
          ELSE [(v)-[:MADE]->(:Journey)-[:HAS_LEG]->(leg1:Leg) WHERE leg1.order = 1 | leg1.date]
     END AS began
WITH v, [d IN began WHERE ($since = '' OR d >= $since) AND ($until = '' OR d <= $until)] AS in_range
WHERE ($since = '' AND $until = '') OR size(in_range) > 0
WITH collect(v) AS pool
CALL {
  WITH pool
  UNWIND pool AS v
  MATCH (r:Person)-[link:RECRUITED]->(v)
  RETURN 'recruiter' AS category, r.id AS id,
         CASE WHEN 'victim' IN coalesce(r.roles, []) THEN coalesce(r.pseudonym, r.id)
              ELSE r.name END AS item,
         count(DISTINCT v) AS victims, collect(link.source_ids) AS source_lists
  UNION ALL
  WITH pool
  UNWIND pool AS v
  MATCH (recruiter:Person)-[told:RECRUITED]->(v)
  MATCH (recruiter)-[link:WORKS_FOR]->(a:Agency)
  WHERE a.country = toUpper($country)
     OR any(s IN coalesce(link.source_ids, []) WHERE s IN coalesce(told.source_ids, []))
  RETURN 'agency' AS category, a.id AS id, a.name AS item, count(DISTINCT v) AS victims,
         collect(link.source_ids) AS source_lists
  UNION ALL
  WITH pool
  UNWIND pool AS v
  MATCH (a:Agency)-[link:RECRUITED]->(v)
  RETURN 'agency' AS category, a.id AS id, a.name AS item, count(DISTINCT v) AS victims,
         collect(link.source_ids) AS source_lists
  UNION ALL
  WITH pool
  UNWIND pool AS v
  MATCH (v)-[:MADE]->(:Journey)-[:HAS_LEG]->(leg:Leg)<-[link:FACILITATED]-(a:Agency)
  RETURN 'agency' AS category, a.id AS id, a.name AS item, count(DISTINCT v) AS victims,
         collect(link.source_ids) AS source_lists
  UNION ALL
  WITH pool
  UNWIND pool AS v
  MATCH (r:Person)-[told:RECRUITED]->(v)
  MATCH (r)-[link:HAS_ACCOUNT|POSTED]->(channel)
  WHERE any(s IN coalesce(link.source_ids, []) WHERE s IN coalesce(told.source_ids, []))
  RETURN 'platform' AS category, channel.platform AS id, channel.platform AS item,
         count(DISTINCT v) AS victims, collect(link.source_ids) AS source_lists
  UNION ALL
  WITH pool
  UNWIND pool AS v
  MATCH (v)-[:MADE]->(trip:Journey)-[:HAS_LEG]->(leg:Leg)-[:TO]->(hub)
  MATCH (trip)-[:HAS_LEG]->(next:Leg)
  WHERE next.order = leg.order + 1
  RETURN 'transit_hub' AS category, hub.id AS id, hub.name AS item,
         count(DISTINCT v) AS victims, collect(leg.source_ids) AS source_lists
  UNION ALL
  WITH pool
  UNWIND pool AS v
  MATCH (v)-[held:HELD_AT]->(c:Compound)
  RETURN 'compound' AS category, c.id AS id, c.name AS item, count(DISTINCT v) AS victims,
         collect(held.source_ids) AS source_lists
}
WITH category, id, item, victims, source_lists
WHERE id IS NOT NULL
// A hub or a platform gathers the sources of many victims: merged with collect(DISTINCT),
// linear in them (a reduce that tests membership is quadratic).
CALL {
  WITH source_lists
  UNWIND source_lists AS sources
  UNWIND coalesce(sources, []) AS source_id
  RETURN collect(DISTINCT source_id) AS source_ids
}
RETURN category, id, item, victims, source_ids
ORDER BY CASE category WHEN 'recruiter' THEN 0 WHEN 'agency' THEN 1 WHEN 'platform' THEN 2
           WHEN 'transit_hub' THEN 3 ELSE 4 END,
         victims DESC, item

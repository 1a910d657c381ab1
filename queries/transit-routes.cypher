// name: transit-routes
// title: Transit routes - common leg sequences, hubs, facilitators, irregular crossings
// audience: [analyst, investigator]
// category: routes
// description: >
//   Journeys told in debriefs and documented routes from route tables, grouped by their
//   sequence of places from first departure to last arrival, most common first. For each
//   sequence: how many journeys and routes follow it (and which), the transit hubs in
//   between, the irregular crossings (legs flagged irregular, with their mode), and who
//   facilitated each leg (people and agencies linked in debriefs, victims by pseudonym, or
//   the facilitator named in a route table), with the sources.
//   Give an origin country (ISO code) to keep only journeys starting there, or leave empty.
// parameters:
//   origin: {type: string, entity: country, default: "", description: "Country of first departure; empty: all"}
//   since: {type: date, default: "", description: "Only journeys with a leg dated from this date (YYYY-MM-DD); empty: no limit"}
//   until: {type: date, default: "", description: "Only journeys with a leg dated up to this date (YYYY-MM-DD); empty: no limit"}
// example:
//   params: {origin: ""}
//   expect: the documented routes and debrief journeys of the ground truth
// revision: 2
MATCH (trip:Journey)-[:HAS_LEG]->(leg:Leg)
MATCH (leg)-[:FROM]->(a)
MATCH (leg)-[:TO]->(b)
WITH trip, leg, a, b, [(f)-[:FACILITATED]->(leg) WHERE NOT f:PersonRecord | f] AS helped_by
WITH trip, leg, a, b,
     [f IN helped_by
        | CASE WHEN 'victim' IN coalesce(f.roles, []) THEN coalesce(f.pseudonym, f.id)
               ELSE coalesce(f.name, f.id) END]
       + CASE WHEN leg.facilitator IS NULL THEN [] ELSE [leg.facilitator] END AS helpers,
     [f IN helped_by | f.id] AS helper_ids
ORDER BY trip.id, leg.order
WITH trip,
     collect(a) AS departures,
     collect(b.id) AS arrivals,
     collect(b.name) AS arrival_names,
     collect({irregular: leg.irregular, ids: [a.id, b.id],
              crossing: a.name + ' -> ' + b.name + ' (' + coalesce(leg.mode, '?') + ')'})
       AS steps,
     collect({leg: a.name + ' -> ' + b.name, by: helpers, ids: helper_ids}) AS legs,
     collect(leg.source_ids) AS leg_sources,
     collect(leg.date) AS leg_dates
WITH trip, departures[0] AS start, arrivals, arrival_names, legs, leg_sources,
     [d IN leg_dates WHERE ($since = '' OR d >= $since) AND ($until = '' OR d <= $until)]
       AS in_range,
     [x IN steps WHERE x.irregular] AS irregular
WHERE ($origin = '' OR start.country = toUpper($origin))
  AND (($since = '' AND $until = '') OR size(in_range) > 0)
// One sequence gathers many journeys: its lists are merged with collect(DISTINCT) in
// subqueries, linear in the journeys (a reduce that tests membership is quadratic).
WITH [start.id] + arrivals AS sequence, [start.name] + arrival_names AS places,
     collect(trip.id) AS journeys, collect(irregular) AS irregular_lists,
     collect(legs) AS leg_lists, collect(leg_sources) AS source_lists
CALL {
  WITH irregular_lists
  UNWIND irregular_lists AS steps
  UNWIND steps AS step
  RETURN collect(DISTINCT step.crossing) AS irregular_crossings,
         collect(DISTINCT step.ids) AS irregular_legs
}
CALL {
  WITH leg_lists
  UNWIND leg_lists AS legs
  UNWIND legs AS leg
  WITH leg
  WHERE size(leg.by) > 0
  RETURN collect(DISTINCT leg) AS facilitators
}
CALL {
  WITH source_lists
  UNWIND source_lists AS per_trip
  UNWIND per_trip AS per_leg
  UNWIND coalesce(per_leg, []) AS source_id
  RETURN collect(DISTINCT source_id) AS source_ids
}
RETURN places,
       sequence,
       size(journeys) AS journeys_count,
       journeys,
       places[1..size(places) - 1] AS transit_hubs,
       irregular_crossings,
       irregular_legs,
       facilitators,
       source_ids
ORDER BY journeys_count DESC, size(places) DESC, places

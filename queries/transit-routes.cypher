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
// revision: 3
MATCH (trip:Journey)
  // Each journey's route (its places in leg order, dates, irregular crossings, who helped
  // on which leg, sources) is written onto it after each load and resolve
  // (casegraph.services.aggregates), so the query groups the journeys instead of walking
  // every leg of every journey on each run. Lists a property cannot nest are kept flat
  // with the index of their leg: route_by[x] helped on leg route_by_leg[x], and
  // route_crossing_ids holds each irregular crossing's two ends in turn.
WHERE trip.route_sequence IS NOT NULL
  AND ($origin = '' OR trip.route_origin = toUpper($origin))
  AND (($since = '' AND $until = '')
       OR any(d IN trip.route_dates WHERE ($since = '' OR d >= $since)
                                       AND ($until = '' OR d <= $until)))
WITH trip
ORDER BY trip.id
// One sequence gathers many journeys: its lists are merged with collect(DISTINCT) in
// subqueries, linear in the journeys (a reduce that tests membership is quadratic).
WITH trip.route_sequence AS sequence,
     [trip.route_start_name] + trip.route_arrival_names AS places,
     collect(trip.id) AS journeys, collect(trip) AS trips
CALL {
  WITH trips
  UNWIND trips AS trip
  UNWIND trip.route_crossings AS crossing
  RETURN collect(DISTINCT crossing) AS irregular_crossings
}
CALL {
  WITH trips
  UNWIND trips AS trip
  // (Neo4j's range(0, -1, 2) is [0]: every other index of range(0, -1) is none.)
  UNWIND [x IN range(0, size(trip.route_crossing_ids) - 1) WHERE x % 2 = 0] AS x
  RETURN collect(DISTINCT trip.route_crossing_ids[x..x + 2]) AS irregular_legs
}
CALL {
  WITH trips
  UNWIND trips AS trip
  UNWIND range(0, size(trip.route_helped) - 1) AS j
  RETURN collect(DISTINCT {
           leg: trip.route_helped[j],
           by: [x IN range(0, size(trip.route_by) - 1) WHERE trip.route_by_leg[x] = j
                  | trip.route_by[x]],
           ids: [x IN range(0, size(trip.route_by_ids) - 1) WHERE trip.route_by_ids_leg[x] = j
                   | trip.route_by_ids[x]]}) AS facilitators
}
CALL {
  WITH trips
  UNWIND trips AS trip
  UNWIND trip.route_source_ids AS source_id
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

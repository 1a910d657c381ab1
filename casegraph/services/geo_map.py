"""What a map of routes and compounds shows: places with coordinates and the legs between them.

``route_map(store, scope, ident)`` gathers the journeys and documented routes of a case,
an origin (or transit, or destination) country, a compound, or everything, and folds
their legs into one arrow per pair of places with the number of victims who travelled
it, whether any crossing on it was irregular, the modes and the sources. Compounds
carry a short profile (status, capacity, people held, operators and agencies, with
sources) for the interactive map's click-through. A saved query's answer can be drawn
too (``query_map``): its place sequences become arrows, its place ids points.

Coordinates come from the graph (``latitude``/``longitude``) and, for places created
without them, from the gazetteer that named them. Places still without coordinates are
listed, not dropped silently. Victims are counted, never named.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from casegraph.core.errors import ParameterError
from casegraph.loaders.gazetteer import Gazetteer, load_gazetteer
from casegraph.services.reports.citations import grading_of
from casegraph.services.reports.context import find_one
from casegraph.services.reports.cypher import CASE_BY_ID, COMPOUND_BY_ID, SOURCES_BY_ID
from casegraph.services.runner import run_query
from casegraph.store import GraphStore

__all__ = ["MAP_SCOPES", "Leg", "Place", "RouteMap", "query_map", "route_map"]

MAP_SCOPES = ("all", "case", "country", "compound")
CROSSING_KINDS = ("border_crossing", "river_crossing")

# Places as the few properties drawn: a hub's source list names every document that
# passes through it, and would be sent once per leg (5 s for 950 legs).
_LEGS = """
MATCH (trip:Journey)-[:HAS_LEG]->(leg:Leg)
MATCH (leg)-[:FROM]->(a)
MATCH (leg)-[:TO]->(b)
OPTIONAL MATCH (t:Person)-[:MADE]->(trip)
WITH trip, leg, a, b, collect(DISTINCT t.id) AS travellers
RETURN trip.id AS journey, travellers,
       leg {.id, .order, .date, .mode, .irregular, .source_ids} AS leg,
       a {.id, .name, .kind, .country, .latitude, .longitude} AS origin,
       labels(a)[0] AS origin_label,
       b {.id, .name, .kind, .country, .latitude, .longitude} AS destination,
       labels(b)[0] AS destination_label
"""
_COMPOUNDS = """
MATCH (c:Compound)
OPTIONAL MATCH (p:Person)-[h:HELD_AT]->(c)
WITH c, collect(DISTINCT p.id) AS held, collect(h.source_ids) AS held_sources
OPTIONAL MATCH (o)-[:OPERATES|SUPPLIES]->(c)
WHERE NOT o:PersonRecord
RETURN c AS compound, held, held_sources, collect(DISTINCT coalesce(o.name, o.id)) AS linked
"""
_CASE_SOURCES = """
MATCH (s:Source)
WHERE s.case_id = $id OR (s)-[:PART_OF]->(:Case {id: $id})
RETURN s.id AS id
"""
_CASE_PERSONS = "MATCH (:Case {id: $id})-[:INVOLVES]->(p:Person) RETURN p.id AS id"


@cache
def _gazetteer() -> Gazetteer:
    """The shipped gazetteer, read once: it names places the graph holds without coordinates."""
    return load_gazetteer()


@dataclass
class Place:
    """A point on the map: a compound or a location (city, hub, border crossing...)."""

    id: str
    name: str
    label: str  # "Compound" or "Location"
    kind: str
    country: str
    lat: float | None
    lon: float | None
    role: str = "place"  # compound, crossing, hub, origin, destination, place
    profile: dict[str, Any] = field(default_factory=dict)

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass
class Leg:
    """Every journey leg from one place to another, folded into one arrow."""

    origin: str
    destination: str
    travellers: dict[str, set[str]] = field(default_factory=dict)  # journey -> people
    irregular: bool = False
    modes: set[str] = field(default_factory=set)
    source_ids: set[str] = field(default_factory=set)

    @property
    def victims(self) -> set[str]:
        """Everyone who travelled the leg (travellers are the victims who told it)."""
        return {t for people in self.travellers.values() for t in people}

    @property
    def routes(self) -> int:
        """Documented routes (route tables) and journeys told without a traveller on file."""
        return sum(1 for people in self.travellers.values() if not people)

    def only(self, journeys: Iterable[str]) -> Leg:
        """The same leg as travelled on ``journeys`` alone."""
        keep = {j: p for j, p in self.travellers.items() if j in set(journeys)}
        return Leg(self.origin, self.destination, keep, self.irregular, self.modes, self.source_ids)


@dataclass
class RouteMap:
    """Places and folded legs of one map, and the places that could not be placed."""

    title: str
    places: dict[str, Place] = field(default_factory=dict)
    legs: list[Leg] = field(default_factory=list)
    gradings: dict[str, str] = field(default_factory=dict)

    def unplaced(self) -> list[Place]:
        return sorted((p for p in self.places.values() if not p.located), key=lambda p: p.name)

    def countries(self) -> set[str]:
        return {p.country for p in self.places.values() if p.country}


def _place(node: Mapping[str, Any], label: str) -> Place:
    ref = _gazetteer().get(str(node["id"]))
    # a place created without coordinates (or read back as null) takes the gazetteer's
    lat = node.get("latitude") if node.get("latitude") is not None else ref and ref.lat
    lon = node.get("longitude") if node.get("longitude") is not None else ref and ref.lon
    kind = node.get("kind") or (ref.kind if ref else None) or label.lower()
    return Place(
        id=str(node["id"]),
        name=str(node.get("name") or (ref.name if ref else node["id"])),
        label=label,
        kind=str(kind),
        country=str(node.get("country") or (ref.country if ref else "") or ""),
        lat=float(lat) if lat is not None else None,
        lon=float(lon) if lon is not None else None,
        role="compound" if label == "Compound" else "place",
    )


def route_map(store: GraphStore, scope: str = "all", ident: str | None = None) -> RouteMap:
    """The map of ``scope``: "all", a "case" id, a "country" code or a "compound"."""
    if scope not in MAP_SCOPES:
        raise ParameterError(f"a map is of {', '.join(MAP_SCOPES)}, not {scope!r}")
    if scope != "all" and not ident:
        raise ParameterError(f"a {scope} map needs the {scope} to draw")
    rows = store.read(_LEGS)
    compounds = {str(r["compound"]["id"]): r for r in store.read(_COMPOUNDS)}
    by_trip: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        by_trip[str(row["journey"])].append(row)
    title, keep_trip, keep_compound = _scope(store, scope, ident or "", compounds)
    out = RouteMap(title)
    for trip, legs in sorted(by_trip.items()):
        if keep_trip(legs):
            _add_journey(out, trip, legs)
    for cid, row in compounds.items():
        if cid in out.places or keep_compound(cid, row):
            _add_compound(out, row)
    _mark_roles(out, by_trip)
    _grade(store, out)
    return out


def _scope(
    store: GraphStore, scope: str, ident: str, compounds: Mapping[str, Mapping[str, Any]]
) -> tuple[str, Any, Any]:
    """Title and the two filters (journey legs -> keep?, compound -> keep?) of a scope."""
    if scope == "all":
        return "Routes and compounds", lambda legs: True, lambda cid, row: True
    if scope == "case":
        case = find_one(store, "case", ident, CASE_BY_ID, str)
        sources = {str(r["id"]) for r in store.read(_CASE_SOURCES, {"id": case["id"]})}
        people = {str(r["id"]) for r in store.read(_CASE_PERSONS, {"id": case["id"]})}

        def trip_in_case(legs: list[Mapping[str, Any]]) -> bool:
            return any(set(r["leg"].get("source_ids") or []) & sources for r in legs)

        def compound_in_case(cid: str, row: Mapping[str, Any]) -> bool:
            return bool(set(row["held"]) & people)

        return f"Case {case['id']}: routes and compounds", trip_in_case, compound_in_case
    if scope == "country":
        code = ident.strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise ParameterError(f"--country takes an ISO 3166 alpha-2 code (KE), not {ident!r}")

        def trip_touches(legs: list[Mapping[str, Any]]) -> bool:
            ends = [r[k] for r in legs for k in ("origin", "destination")]
            return any(_country(n) == code for n in ends)

        def compound_there(cid: str, row: Mapping[str, Any]) -> bool:
            return _country(row["compound"]) == code

        return f"Routes and compounds: {code}", trip_touches, compound_there
    node = find_one(store, "compound", ident, COMPOUND_BY_ID, lambda n: n.get("name"))
    target = str(node["id"])
    held = set(compounds[target]["held"]) if target in compounds else set()

    def trip_to_compound(legs: list[Mapping[str, Any]]) -> bool:
        reaches = any(str(r["destination"]["id"]) == target for r in legs)
        return reaches or bool(set(legs[0]["travellers"]) & held)

    return f"Routes into {node['name']}", trip_to_compound, lambda cid, row: cid == target


def _country(node: Mapping[str, Any]) -> str:
    if node.get("country"):
        return str(node["country"]).upper()
    ref = _gazetteer().get(str(node.get("id")))
    return (ref.country or "").upper() if ref else ""


def _add_journey(out: RouteMap, trip: str, legs: list[Mapping[str, Any]]) -> None:
    folded = {(lg.origin, lg.destination): lg for lg in out.legs}
    for row in sorted(legs, key=lambda r: r["leg"].get("order") or 0):
        start = out.places.setdefault(
            str(row["origin"]["id"]), _place(row["origin"], row["origin_label"])
        )
        end = out.places.setdefault(
            str(row["destination"]["id"]), _place(row["destination"], row["destination_label"])
        )
        leg = folded.get((start.id, end.id))
        if leg is None:
            leg = folded[(start.id, end.id)] = Leg(start.id, end.id)
            out.legs.append(leg)
        leg.travellers.setdefault(trip, set()).update(str(t) for t in row["travellers"])
        leg.irregular = leg.irregular or bool(row["leg"].get("irregular"))
        if row["leg"].get("mode"):
            leg.modes.add(str(row["leg"]["mode"]))
        leg.source_ids.update(str(s) for s in row["leg"].get("source_ids") or [])


def _add_compound(out: RouteMap, row: Mapping[str, Any]) -> None:
    node = row["compound"]
    place = out.places.setdefault(str(node["id"]), _place(node, "Compound"))
    sources = sorted({str(s) for lst in row["held_sources"] for s in lst or []})
    sources += [str(s) for s in node.get("source_ids") or [] if str(s) not in sources]
    place.profile = {
        "name": place.name,
        "id": place.id,
        "country": place.country,
        "location": node.get("location") or "",
        "status": node.get("status") or "",
        "capacity": node.get("capacity") or "",
        "aliases": node.get("aliases") or [],
        "people held (on file)": len(row["held"]),
        "operators and suppliers": sorted(str(x) for x in row["linked"] if x),
        "sources": sources,
    }


def _mark_roles(out: RouteMap, by_trip: Mapping[str, list[Mapping[str, Any]]]) -> None:
    """Crossings by kind; a hub is where a journey arrives and leaves again."""
    kept = {j for leg in out.legs for j in leg.travellers}
    for trip in kept:
        legs = sorted(by_trip[trip], key=lambda r: r["leg"].get("order") or 0)
        first = out.places[str(legs[0]["origin"]["id"])]
        if first.role == "place":
            first.role = "origin"
        for row in legs[:-1]:
            hub = out.places[str(row["destination"]["id"])]
            if hub.role in ("place", "origin", "destination"):
                hub.role = "hub"
        last = out.places[str(legs[-1]["destination"]["id"])]
        if last.role == "place":
            last.role = "destination"
    for place in out.places.values():
        if place.kind in CROSSING_KINDS and place.role != "compound":
            place.role = "crossing"


def _grade(store: GraphStore, out: RouteMap) -> None:
    cited = {s for leg in out.legs for s in leg.source_ids}
    cited |= {s for p in out.places.values() for s in p.profile.get("sources", [])}
    if cited:
        for row in store.read(SOURCES_BY_ID, {"ids": sorted(cited)}):
            out.gradings[str(row["source"]["id"])] = grading_of(row["source"])


def query_map(store: GraphStore, name: str, params: Mapping[str, Any] | None = None) -> RouteMap:
    """A saved query's answer on the map: each row's ``sequence`` of place ids becomes
    arrows (counted by ``journeys_count``), each row whose ``id`` is a compound or place
    becomes a point labelled with ``item`` and ``victims``.

    ``transit-routes`` and ``origin-country-recruitment`` answer in these shapes.
    """
    result = run_query(store, name, dict(params or {}))
    full = route_map(store)
    out = RouteMap(f"{name}: {result.query.title}", gradings=full.gradings)
    folded = {(leg.origin, leg.destination): leg for leg in full.legs}
    for row in result.rows:
        ids = [str(i) for i in row.get("sequence") or []]
        for start, end in zip(ids, ids[1:], strict=False):
            _copy_leg(out, full, folded, start, end, row)
        point = str(row.get("id") or "")
        if point in full.places:
            place = out.places.setdefault(point, full.places[point])
            if row.get("victims") is not None:
                place.profile = {**place.profile, "victims (query answer)": row["victims"]}
    return out


def _copy_leg(
    out: RouteMap,
    full: RouteMap,
    folded: Mapping[tuple[str, str], Leg],
    start: str,
    end: str,
    row: Mapping[str, Any],
) -> None:
    for pid in (start, end):
        if pid in full.places:
            out.places.setdefault(pid, full.places[pid])
    known = folded.get((start, end))
    if known is None or start not in out.places or end not in out.places:
        return
    journeys = [str(j) for j in row.get("journeys") or []] or list(known.travellers)
    existing = next((x for x in out.legs if (x.origin, x.destination) == (start, end)), None)
    if existing is None:
        out.legs.append(known.only(journeys))
    else:
        existing.travellers.update(known.only(journeys).travellers)

"""Whole-graph summaries written when the graph changes, read by whole-graph saved queries.

``cross-case-links`` and ``cross-border-links`` rank every phone, account, wallet, alias
and person by the cases, countries and sources that report it. Worked out on every run,
that walked every identifier's links and looked up every case's debriefs: about a minute
on a million-node graph. The answer only changes when the graph does, so it is written
onto the nodes themselves after every load (:func:`casegraph.services.ingest.load_paths`,
link tables included) and every rebuild of the entity layer
(:func:`casegraph.services.entities.layer.write_entity_layer`, which resolve and review
decisions end in), the two paths every write of case data ends in, and the queries read
it:

* on each Phone, Account, Wallet and Alias: ``case_ids`` (cases whose person records use
  it, whose debriefs mention it, or whose records go by the alias as a name),
  ``case_source_ids`` (the sources telling those links), ``holders`` (who holds it on the
  entity layer, victims by pseudonym);
* on those and on each Person (whose ``case_ids`` and ``source_ids`` resolve writes):
  ``told_countries`` (the countries of its cases, a case's own country or else that of
  most of its debriefs (none on a tie), then of its sources, in that order, each once) and
  ``best_grading`` (the strongest Admiralty grading among its sources);
* on each Journey, for ``transit-routes``: its route (:data:`ROUTE_FIELDS`: the places
  from the first departure on, the dates, the irregular crossings, who facilitated which
  leg, the sources), which the query groups by sequence instead of walking every leg of
  every journey on each run (6 s at a million nodes).

A load knows what it wrote (its deltas: :class:`Touched`) and a rebuild of the entity
layer what it changed (:func:`rebuilt`), so each reworks only the summaries that can
have changed: of the identifiers, aliases and persons written, of those the person
records written use or go by, and (found through the summaries already stored) of every
one reported in a case or by a source written (and the journeys written or whose legs
were), since a new debrief can move its case's
country (a case without one of its own is placed where most of its debriefs were taken)
and a source graded again changes the best grading of all it told. A rebuild of the
entity layer keeps each person's summary when its records are the ones it had, and
reworks the identifiers and aliases whose holders changed (a merge, a split, a new
link). Those summaries are recomputed from the graph as a whole refresh would, so none
is ever stale; past :data:`WHOLE_GRAPH_ABOVE` of them a refresh of the whole graph is
run instead, as `casegraph schema apply` always does. A node that lost every link loses
its summary. Writes made outside casegraph (`casegraph cypher --write`), and a graph
loaded by a casegraph without summaries, are caught up by `casegraph schema apply` (a
graph without route summaries also by its next load). A place a load renames keeps
its old name in the routes through it until then: every debrief writes its places
again, and reworking every journey through Bangkok on each load would be a whole
refresh.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from functools import cache

from casegraph.core.resources import package_path
from casegraph.graph_schema import load_schema
from casegraph.store import GraphStore
from casegraph.store.base import Row

__all__ = [
    "IDENTIFIERS",
    "ROUTE_FIELDS",
    "EntityLayer",
    "Refresh",
    "Touched",
    "entity_layer",
    "keep_summaries",
    "rebuilt",
    "refresh_aggregates",
]

#: The labels whose nodes get identifier summaries.
IDENTIFIERS = ("Phone", "Account", "Wallet", "Alias")
_IDENTIFIER_FIELDS = ("case_ids", "case_source_ids", "holders", "told_countries", "best_grading")
_PERSON_FIELDS = ("told_countries", "best_grading")
_NAME = re.compile(r"^// aggregate: (\S+)\s*$", re.MULTILINE)
_ITEM = re.compile(r":Item\b")
#: Labels of the delta's nodes noted by :class:`Touched`, and where.
_NOTED = {"PersonRecord": "records", "Leg": "legs", "Case": "cases", "Source": "sources"}
#: Past this many summaries to rework (or nodes a load wrote), one pass over the whole
#: graph is cheaper than looking each one up through its index: a load of that size is
#: a new batch of cases, not a debrief added to them.
WHOLE_GRAPH_ABOVE = 20_000


@dataclass(frozen=True)
class Refresh:
    """What a refresh wrote (summaries that changed, summaries removed) and how long it took."""

    written: int
    cleared: int
    seconds: float
    reworked: int | None = None  # summaries reworked; None: the whole graph's


@cache
def statements() -> dict[str, str]:
    """The named read statements of ``graph_schema/aggregates.cypher``."""
    text = package_path("casegraph.graph_schema", "aggregates.cypher").read_text("utf-8")
    parts = _NAME.split(text)
    return {
        name: body.strip().rstrip(";") for name, body in zip(parts[1::2], parts[2::2], strict=True)
    }


@dataclass
class _Summary:
    cases: dict[str, None] = field(default_factory=dict)  # ordered sets
    sources: dict[str, None] = field(default_factory=dict)
    holders: dict[str, None] = field(default_factory=dict)


def _case_countries(
    store: GraphStore, cases: set[str] | None = None, sources: set[str] | None = None
) -> tuple[dict[str, str | None], dict[str, tuple]]:
    """Each case's country (its own, else that of most of its debriefs; none when two
    countries tie, as in a case told as much in Kenya as in the Philippines, whose every
    item the first code in order made Kenyan, and so cross-border) and each source's
    (country, grading): of the whole graph, or of the given cases and sources (a case's
    every source is read, for its majority)."""
    if cases is None or sources is None:
        source_rows = store.read(statements()["sources"])
        case_rows = store.read(statements()["cases"])
    else:
        ids = {"ids": sorted(cases)}
        source_rows = store.read(statements()["sources_of_cases"], ids)
        source_rows += store.read(statements()["source_cases"], {"ids": sorted(sources)})
        case_rows = store.read(statements()["cases_of"], ids)
    found, told = {}, defaultdict(Counter)
    for row in source_rows:
        if row["id"] in found:
            continue
        found[row["id"]] = (row["country"], row["grading"])
        if row["case_id"] is not None and row["country"] is not None:
            told[row["case_id"]][row["country"]] += 1
    countries: dict[str, str | None] = {}
    for cid, counts in told.items():
        (first, most), *rest = counts.most_common(2)
        if not rest or rest[0][1] < most:
            countries[cid] = first
    for row in case_rows:
        if row["country"] is not None:
            countries[row["id"]] = row["country"]
    return countries, found


def _told(
    cases: list[str], source_ids: list[str], countries: dict, sources: dict
) -> tuple[list[str], str | None]:
    """The countries reporting an item (its cases first, then its sources, each country
    once) and the best grading of its sources."""
    seen: dict[str, None] = {}
    for country in [countries.get(c) for c in cases] + [
        sources.get(s, (None, None))[0] for s in source_ids
    ]:
        if country is not None:
            seen.setdefault(country)
    gradings = [g for s in source_ids if (g := sources.get(s, (None, None))[1]) is not None]
    return list(seen), min(gradings, default=None)


def _write(label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (n:{load_schema().label(label)} {{id: row.id}}) "
        "SET n += row.summary"
    )


def _differs(old: dict | None, new: dict, fields: tuple[str, ...]) -> bool:
    """Whether a summary must be written (a reload that changes nothing writes nothing)."""
    return old is None or any(
        sorted(old[f] or []) != sorted(new[f]) if isinstance(new[f], list) else old[f] != new[f]
        for f in fields
    )


def _of(label: str, name: str) -> str:
    """A statement of the file written for ``label`` (``Item`` in the file)."""
    return _ITEM.sub(f":{load_schema().label(label)}", statements()[name])


@dataclass
class Touched:
    """What a write touched, as far as the summaries go: the identifiers, aliases and
    persons written (by label), and the person records, cases and sources."""

    items: dict[str, set[str]] = field(
        default_factory=lambda: {label: set() for label in (*IDENTIFIERS, "Person", "Journey")}
    )
    records: set[str] = field(default_factory=set)
    legs: set[str] = field(default_factory=set)
    cases: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        noted = self.records | self.legs | self.cases | self.sources
        return sum(map(len, self.items.values())) + len(noted)

    def add_delta(self, groups: Mapping[Hashable, list[Row]]) -> None:
        """Note what a loader's delta (``GraphBatch.batches.groups()``) writes: its nodes,
        and the identifiers, journeys and legs at either end of its links (a new mention,
        a new user, a new facilitator)."""
        for key, rows in groups.items():
            if key[0] == "node":
                label, ids = key[1], {r["id"] for r in rows}
                if label in self.items:
                    self.items[label] |= ids
                elif label in _NOTED:
                    getattr(self, _NOTED[label]).update(ids)
                continue
            _, _, start, end = key
            for label, end_key in ((start, "a"), (end, "b")):
                if label in self.items:
                    self.items[label].update(r[end_key] for r in rows)
                elif label == "Leg":
                    self.legs.update(r[end_key] for r in rows)


def _reach(store: GraphStore, touched: Touched) -> dict[str, set[str]]:
    """Every identifier, alias and person whose summary a write can have changed: those
    written, those of the person records written, and (through the summaries already
    stored) every one reported in a case or by a source written, since a new debrief can
    move its case's country and a new grading changes its source's best; and the journeys
    written or whose legs were."""
    items = {label: set(ids) for label, ids in touched.items.items()}
    if touched.legs:
        rows = store.read(statements()["legs_journeys"], {"ids": sorted(touched.legs)})
        items["Journey"].update(r["id"] for r in rows)
    if touched.records:
        for row in store.read(statements()["records_items"], {"ids": sorted(touched.records)}):
            items.get(row["label"], set()).add(row["id"])
    cases = set(touched.cases)
    if touched.sources:
        rows = store.read(statements()["source_cases"], {"ids": sorted(touched.sources)})
        cases.update(r["case_id"] for r in rows if r["case_id"] is not None)
    if cases or touched.sources:
        params = {"cases": sorted(cases), "sources": sorted(touched.sources)}
        for label in (*IDENTIFIERS, "Person"):
            items[label].update(r["id"] for r in store.read(_of(label, "reported_in"), params))
    return items


def _summaries(store: GraphStore, items: dict[str, set[str]] | None) -> dict[str, list[dict]]:
    """The summaries of ``items`` (label -> ids), or of the whole graph when None."""
    found: dict[str, dict[str, _Summary]] = {label: defaultdict(_Summary) for label in IDENTIFIERS}
    if items is None:
        links = store.read(statements()["identifier_links"])
        persons = store.read(statements()["person_links"])
    else:
        links = [
            {**row, "label": label}
            for label in IDENTIFIERS
            if items[label]
            for row in store.read(_of(label, "identifier_links_of"), {"ids": sorted(items[label])})
        ]
        wanted = sorted(items["Person"])
        persons = store.read(statements()["persons_of"], {"ids": wanted}) if wanted else []
    cases, source_ids = set(), set()
    for row in links:
        summary = found[row["label"]][row["id"]]
        if row["holder"] is not None:
            summary.holders.setdefault(row["holder"])
        elif row["case_id"] is not None:
            summary.cases.setdefault(row["case_id"])
            cases.add(row["case_id"])
            if row["source_id"] is not None:
                summary.sources.setdefault(row["source_id"])
                source_ids.add(row["source_id"])
    for row in persons:
        cases.update(row["case_ids"])
        source_ids.update(row["source_ids"])
    countries, sources = (
        _case_countries(store) if items is None else _case_countries(store, cases, source_ids)
    )
    rows: dict[str, list[dict]] = {}
    for label, summaries in found.items():
        rows[label] = []
        for item, s in summaries.items():
            # Sorted: an item's links are read in no order of their own (Neo4j and FalkorDB
            # return them differently), and exports write these lists as they are stored.
            told, best = _told(sorted(s.cases), sorted(s.sources), countries, sources)
            rows[label].append(
                {"id": item, "case_ids": sorted(s.cases), "case_source_ids": sorted(s.sources),
                 "holders": sorted(s.holders), "told_countries": told, "best_grading": best}
            )  # fmt: skip
    rows["Person"] = []
    for row in persons:
        told, best = _told(row["case_ids"], row["source_ids"], countries, sources)
        rows["Person"].append({"id": row["id"], "told_countries": told, "best_grading": best})
    return rows


def _routes_missing(store: GraphStore) -> bool:
    """Whether the graph was written before journeys had route summaries (then the whole
    graph is refreshed once, so transit-routes never reads a graph without them)."""
    return not store.read(statements()["any_route"]) and bool(store.read(statements()["any_leg"]))


def refresh_aggregates(store: GraphStore, touched: Touched | None = None) -> Refresh:
    """Recompute and write the summaries the whole-graph queries read: every one, or
    (given what a write touched) those it can have changed; see the module."""
    started = time.perf_counter()
    items = None
    if touched is not None and len(touched) <= WHOLE_GRAPH_ABOVE and not _routes_missing(store):
        items = _reach(store, touched)
        if sum(map(len, items.values())) > WHOLE_GRAPH_ABOVE:
            items = None
    written = cleared = 0
    for label, summaries in _summaries(store, items).items():
        fields = _PERSON_FIELDS if label == "Person" else _IDENTIFIER_FIELDS
        if items is None:
            stored = store.read(_of(label, "summarised"))
        else:
            stored = store.read(_of(label, "summarised_of"), {"ids": sorted(items[label])})
        before = {r["id"]: r for r in stored if r["told_countries"] is not None}
        changed = [r for r in summaries if _differs(before.pop(r["id"], None), r, fields)]
        written += store.write_batches(
            _write(label), [{"id": r["id"], "summary": {f: r[f] for f in fields}} for r in changed]
        )
        cleared += store.write_batches(
            _write(label), [{"id": gone, "summary": dict.fromkeys(fields)} for gone in before]
        )
    written += _routes(store, None if items is None else items["Journey"])
    reworked = None if items is None else sum(map(len, items.values()))
    return Refresh(written, cleared, time.perf_counter() - started, reworked)


@dataclass(frozen=True)
class EntityLayer:
    """The entity layer as the summaries see it, read before a rebuild: each person's
    cases, sources and summary, who holds each identifier and alias and who facilitated
    a leg of each journey (as shown)."""

    persons: dict[str, dict]
    holders: dict[tuple[str, str], frozenset]


def _holders(store: GraphStore) -> dict[tuple[str, str], frozenset]:
    held: dict[tuple[str, str], set] = defaultdict(set)
    rows = store.read(statements()["entity_holders"]) + store.read(statements()["entity_helpers"])
    for row in rows:
        held[(row["label"], row["id"])].add((row["person"], row["holder"]))
    return {key: frozenset(pairs) for key, pairs in held.items()}


def entity_layer(store: GraphStore) -> EntityLayer:
    """Read the entity layer before it is rebuilt (see :func:`rebuilt`)."""
    persons = {r["id"]: r for r in store.read(statements()["entity_persons"])}
    return EntityLayer(persons, _holders(store))


def keep_summaries(before: EntityLayer, persons: list[dict]) -> set[str]:
    """Give each person about to be written (``{"id", "props"}``) whose cases and sources
    are those it had before the rebuild its summary back (a person's id names its
    records, so an unchanged cluster keeps its id); returns the ids of the others."""
    fresh = set()
    for person in persons:
        old, props = before.persons.get(person["id"]), person["props"]
        if (
            old is not None
            and old["told_countries"] is not None
            and sorted(old["case_ids"]) == sorted(props.get("case_ids") or [])
            and sorted(old["source_ids"]) == sorted(props.get("source_ids") or [])
        ):
            props.update(told_countries=old["told_countries"], best_grading=old["best_grading"])
        else:
            fresh.add(person["id"])
    return fresh


def rebuilt(store: GraphStore, before: EntityLayer, fresh: set[str]) -> Touched:
    """What a rebuild of the entity layer touched: the persons without a kept summary, and
    the identifiers, aliases and journeys whose holders or facilitators changed (a merge,
    a split, a new link)."""
    touched = Touched()
    touched.items["Person"] = set(fresh)
    after = _holders(store)
    for label, item in before.holders.keys() | after.keys():
        if before.holders.get((label, item)) != after.get((label, item)):
            touched.items.setdefault(label, set()).add(item)
    return touched


#: The route summary of a journey (transit-routes reads it), legs in order; lists a
#: Neo4j property cannot nest are kept flat, with the index of the leg or pair.
ROUTE_FIELDS = (
    "route_sequence", "route_start_name", "route_arrival_names", "route_origin",
    "route_dates", "route_crossings", "route_crossing_ids", "route_helped", "route_by",
    "route_by_leg", "route_by_ids", "route_by_ids_leg", "route_source_ids",
)  # fmt: skip
_ALL_JOURNEYS_PART = "MATCH (trip:Journey) WITH trip "
_THESE_JOURNEYS_PART = "UNWIND $ids AS k MATCH (trip:Journey {id: k}) WITH trip "


def _crossing(leg: dict) -> str | None:
    if leg["a_name"] is None or leg["b_name"] is None:
        return None
    return f"{leg['a_name']} -> {leg['b_name']}"


def _route(legs: list[dict]) -> dict:
    """One journey's route summary from its legs, as transit-routes grouped them: the
    places from the first departure on, the dates, the irregular crossings, who helped on
    which leg, the sources (each list as Cypher's collect would keep it: no nulls)."""
    legs = sorted(legs, key=lambda leg: (leg["order"] is None, leg["order"] or 0))
    route = {f: [] for f in ROUTE_FIELDS if f not in ("route_start_name", "route_origin")}
    route["route_sequence"] = [legs[0]["a"]] + [leg["b"] for leg in legs]
    route["route_start_name"], route["route_origin"] = legs[0]["a_name"], legs[0]["country"]
    route["route_arrival_names"] = [leg["b_name"] for leg in legs if leg["b_name"] is not None]
    route["route_dates"] = [leg["date"] for leg in legs if leg["date"] is not None]
    for leg in legs:
        crossing = _crossing(leg)
        if leg["irregular"] is True:
            if crossing is not None:
                route["route_crossings"].append(f"{crossing} ({leg['mode'] or '?'})")
            route["route_crossing_ids"] += [leg["a"], leg["b"]]
        if leg["helpers"] and crossing is not None:
            j = len(route["route_helped"])
            route["route_helped"].append(crossing)
            route["route_by"] += leg["helpers"]
            route["route_by_leg"] += [j] * len(leg["helpers"])
            route["route_by_ids"] += leg["helper_ids"]
            route["route_by_ids_leg"] += [j] * len(leg["helper_ids"])
        route["route_source_ids"] += leg["source_ids"] or []
    return route


def _routes(store: GraphStore, journeys: set[str] | None) -> int:
    """Write the route summary of ``journeys`` (all when None), clear that of a journey
    left without legs; returns summaries written or cleared."""
    legs: dict[str, list[dict]] = defaultdict(list)
    if journeys is None:
        rows = store.read(_ALL_JOURNEYS_PART + statements()["journey_legs"])
        stored = store.read(statements()["routes"])
    else:
        ids = {"ids": sorted(journeys)}
        rows = store.read(_THESE_JOURNEYS_PART + statements()["journey_legs"], ids)
        stored = store.read(statements()["routes_of"], ids)
    for row in rows:
        legs[row["id"]].append(row)
    before = {r["id"]: {f: (r["props"] or {}).get(f) for f in ROUTE_FIELDS} for r in stored}
    routes = {trip: _route(rows) for trip, rows in legs.items()}
    empty = dict.fromkeys(ROUTE_FIELDS)
    writes = [
        {"id": trip, "summary": routes.get(trip, empty)}
        for trip in routes.keys() | before.keys()
        if routes.get(trip, empty) != before.get(trip, empty)
    ]
    return store.write_batches(_write("Journey"), writes)

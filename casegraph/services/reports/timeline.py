"""Every dated event around a person, a case or a compound, on one time axis.

Recruitment fees and other payments, journey legs and border crossings, arrivals at
and departures from compounds (with the holding period between), transfers between
compounds and debriefs become ``Event``s, each citing the sources that assert it with
their grading. A date given only to the month or year is a span over that month or
year; a journey leg without a date is an approximate span between the dated legs
around it. Victims are named by pseudonym unless ``reveal``.

``timeline(store, "person", "Samuel Wekesa")`` builds one; ``casegraph.services.
timeline_draw`` draws it (PNG, SVG, HTML) and the evidence report embeds it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from casegraph.core.errors import ParameterError
from casegraph.services.reports.citations import grading_of
from casegraph.services.reports.context import find_one, find_person
from casegraph.services.reports.cypher import (
    CASE_BY_ID,
    COMPOUND_BY_ID,
    LEGS,
    RECORD_OWNERS,
    SOURCES_BY_ID,
)
from casegraph.services.reports.privacy import Privacy
from casegraph.store import GraphStore

__all__ = ["KINDS", "SCOPES", "Event", "Timeline", "When", "parse_when", "timeline"]

SCOPES = ("person", "case", "compound")
LANES = ("person", "place")
# Event kinds in the order a legend lists them.
KINDS = (
    "recruitment",
    "payment",
    "journey leg",
    "border crossing",
    "arrival",
    "held",
    "departure",
    "escape",
    "transfer",
    "debrief",
)

_HELD = """
MATCH (p:Person)-[h:HELD_AT]->(c:Compound)
WHERE p.id IN $ids
RETURN p AS person, c AS compound, properties(h) AS props
"""
_PAYMENTS = """
MATCH (pay:Payment)
OPTIONAL MATCH (payer:Person)-[:PAID]->(pay)
OPTIONAL MATCH (payee)-[:RECEIVED]->(pay)
WHERE NOT payee:PersonRecord
OPTIONAL MATCH (pay)-[:FOR_PERSON]->(subject:Person)
WITH pay, collect(DISTINCT payer) AS payers, collect(DISTINCT payee) AS payees,
     collect(DISTINCT subject) AS subjects
WHERE any(x IN payers + payees + subjects WHERE x.id IN $ids)
RETURN pay AS payment, payers, payees, subjects
"""
_TRANSFERS = """
MATCH (a:Compound)-[t:TRANSFERRED_TO]->(b:Compound)
WHERE t.person_id IN $records OR a.id IN $compounds OR b.id IN $compounds
RETURN a AS origin, b AS destination, properties(t) AS props
"""
_DEBRIEFS = """
MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p:Person)
WHERE p.id IN $ids
MATCH (s:Source {id: r.source_id})
WHERE s.kind = 'debrief'
RETURN p AS person, s AS source, coalesce(r.is_interviewee, false) AS interviewee
"""
_RECRUITED = """
MATCH (r:Person)-[x:RECRUITED]->(v:Person)
WHERE (r.id IN $ids OR v.id IN $ids) AND x.date IS NOT NULL
RETURN r AS recruiter, v AS victim, properties(x) AS props
"""
_CASE_PERSONS = "MATCH (:Case {id: $id})-[:INVOLVES]->(p:Person) RETURN p AS node ORDER BY p.id"
_HELD_AT_COMPOUND = """
MATCH (p:Person)-[:HELD_AT]->(:Compound {id: $id})
RETURN DISTINCT p AS node ORDER BY p.id
"""


@dataclass(frozen=True, order=True)
class When:
    """A date as the sources give it: a day, or a month or year drawn as a span.

    ``approximate`` marks dates inferred rather than stated (an undated journey leg
    placed between the dated legs around it).
    """

    start: dt.date
    end: dt.date
    text: str
    approximate: bool = False

    @property
    def is_span(self) -> bool:
        return self.end > self.start

    def shown(self) -> str:
        return f"about {self.text}" if self.approximate else self.text


def parse_when(value: Any) -> When | None:
    """``2024-05-14`` -> that day; ``2024-05`` -> May 2024; ``2024`` -> the year; else None.

    Dates in the graph are ISO strings written by the loaders (``parse_date``), full or
    partial; anything else is not a date this timeline can place, so it is left out.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return When(value, value, value.isoformat())
    raw = str(value).strip()
    try:
        if len(raw) == 4:
            year = int(raw)
            return When(dt.date(year, 1, 1), dt.date(year, 12, 31), raw)
        if len(raw) == 7:
            year, month = int(raw[:4]), int(raw[5:7])
            last = calendar.monthrange(year, month)[1]
            return When(dt.date(year, month, 1), dt.date(year, month, last), raw)
        day = dt.date.fromisoformat(raw[:10])
    except ValueError:
        return None
    return When(day, day, day.isoformat())


@dataclass(frozen=True)
class Event:
    """One dated thing that happened, where, to whom, and which sources say so."""

    when: When
    kind: str
    text: str
    person: str  # how the person it happened to is shown (victims by pseudonym)
    place: str
    source_ids: tuple[str, ...]
    gradings: tuple[str, ...]
    refs: tuple[str, ...] = ()

    def lane(self, by: str) -> str:
        return (self.place if by == "place" else self.person) or "(unknown)"

    def citation(self) -> str:
        """``DBR-KE-0001 (B2); ANL-EA-2024-07 (B2)``: each source with its grading."""
        return "; ".join(f"{s} ({g})" for s, g in zip(self.source_ids, self.gradings, strict=True))


@dataclass
class Timeline:
    """The events of one subject in date order, and how to group them into lanes."""

    title: str
    scope: str
    subject: str
    events: list[Event] = field(default_factory=list)
    lanes_by: str = "person"
    revealed: bool = False

    def lanes(self) -> list[str]:
        """Lane names, the one with the earliest event first."""
        return list(dict.fromkeys(e.lane(self.lanes_by) for e in self.events))

    def rows(self) -> list[dict[str, Any]]:
        """One row per event for tables and CSV: number, date, lane, kind, text, sources."""
        return [
            {
                "n": n,
                "date": e.when.shown(),
                "start": e.when.start.isoformat(),
                "end": e.when.end.isoformat(),
                "lane": e.lane(self.lanes_by),
                "kind": e.kind,
                "event": e.text,
                "place": e.place,
                "sources": e.citation(),
            }
            for n, e in enumerate(self.events, start=1)
        ]


def timeline(
    store: GraphStore,
    scope: str,
    ident: str,
    reveal: bool = False,
    since: str | None = None,
    until: str | None = None,
    lanes: str = "person",
) -> Timeline:
    """Every dated event of a person, a case or a compound (``scope``), in date order.

    ``ident`` is an id, or a name, alias or pseudonym for people and compounds.
    ``since``/``until`` (ISO dates, also ``2024`` or ``2024-05``) keep the events that
    overlap the range; ``lanes`` groups events by the "person" they happened to or the
    "place" where they happened.
    """
    if scope not in SCOPES:
        raise ParameterError(f"a timeline is of a {', a '.join(SCOPES)}, not {scope!r}")
    if lanes not in LANES:
        raise ParameterError(f"lanes are by {' or by '.join(LANES)}, not {lanes!r}")
    start, end = _range(since, until)
    privacy = Privacy(store, reveal)
    subject, people, compounds, case_id = _subject(store, scope, ident, privacy)
    collector = _Collector(store, privacy, people, compounds, own=scope == "person")
    events = [e for e in collector.events() if e.when.end >= start and e.when.start <= end]
    if case_id:  # people of a case appear in other cases too: keep this case's events
        events = [e for e in events if collector.in_case(e, case_id)]
    events.sort(key=lambda e: (e.when.start, e.when.end, KINDS.index(e.kind), e.person))
    title = f"Chronology: {subject}"
    if since or until:
        title += f" ({since or '...'} to {until or '...'})"
    return Timeline(title, scope, subject, events, lanes, reveal)


def _range(since: str | None, until: str | None) -> tuple[dt.date, dt.date]:
    low, high = parse_when(since), parse_when(until)
    for given, parsed, name in ((since, low, "--since"), (until, high, "--until")):
        if given and parsed is None:
            raise ParameterError(f"{name} {given!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    first = low.start if low else dt.date.min
    last = high.end if high else dt.date.max
    if first > last:
        raise ParameterError(f"--since {since} is after --until {until}")
    return first, last


def _subject(
    store: GraphStore, scope: str, ident: str, privacy: Privacy
) -> tuple[str, list[dict[str, Any]], list[str], str | None]:
    """What the timeline is of: its shown name, the people and compounds in scope, the case."""
    if scope == "person":
        person = find_person(store, ident)
        return privacy.name(person), [person], [], None
    if scope == "case":
        case = find_one(store, "case", ident, CASE_BY_ID, str)
        people = [r["node"] for r in store.read(_CASE_PERSONS, {"id": case["id"]})]
        return f"case {case['id']}", people, [], str(case["id"])
    compound = find_one(store, "compound", ident, COMPOUND_BY_ID, lambda n: n.get("name"))
    people = [r["node"] for r in store.read(_HELD_AT_COMPOUND, {"id": compound["id"]})]
    return str(compound["name"]), people, [str(compound["id"])], None


class _Collector:
    """Reads each kind of dated fact about ``people`` and turns it into events."""

    def __init__(
        self,
        store: GraphStore,
        privacy: Privacy,
        people: list[dict[str, Any]],
        compounds: list[str],
        own: bool,
    ) -> None:
        self.store, self.privacy, self.compounds = store, privacy, compounds
        self.people = {str(p["id"]): p for p in people}
        self.ids = sorted(self.people)
        self.own = own  # a person's own timeline: also the legs they facilitated
        self.sources: dict[str, dict[str, Any]] = {}

    def events(self) -> list[Event]:
        found = self._legs() + self._held() + self._payments() + self._transfers()
        found += self._recruitments()
        found += self._debriefs()
        return found

    def in_case(self, event: Event, case_id: str) -> bool:
        """Whether a source of the case asserts the event."""
        return any(self.sources.get(s, {}).get("case_id") == case_id for s in event.source_ids)

    # ---- helpers

    def _name(self, node: Mapping[str, Any] | None) -> str:
        return self.privacy.name(node) if node else ""

    def _event(
        self,
        when: When,
        kind: str,
        text: str,
        person: str,
        place: str,
        props: Mapping[str, Any],
    ) -> Event:
        ids = tuple(sorted(str(s) for s in props.get("source_ids") or []))
        self._fetch(ids)
        gradings = tuple(grading_of(self.sources.get(s, {})) for s in ids)
        refs = tuple(self.privacy.redact(str(r)) for r in props.get("refs") or [])
        return Event(when, kind, self.privacy.redact(text), person, place, ids, gradings, refs)

    def _fetch(self, ids: Iterable[str]) -> None:
        missing = sorted(set(ids) - set(self.sources))
        if missing:
            for row in self.store.read(SOURCES_BY_ID, {"ids": missing}):
                self.sources[str(row["source"]["id"])] = row["source"]

    # ---- journeys

    def _legs(self) -> list[Event]:
        facilitators = self.ids if self.own else []
        rows = self.store.read(LEGS, {"travellers": self.ids, "facilitators": facilitators})
        journeys: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
        for row in rows:
            trip = str(row["leg"]["id"]).rsplit("#", 1)[0]
            journeys[(str(row["traveller"]["id"]), trip)].append(row)
        out = []
        for legs in journeys.values():
            legs.sort(key=lambda r: r["leg"].get("order") or 0)
            dates = [parse_when(r["leg"].get("date")) for r in legs]
            for index, row in enumerate(legs):
                when = dates[index] or _between(dates, index)
                if when is not None:
                    out.append(self._leg_event(row, when))
        return out

    def _leg_event(self, row: Mapping[str, Any], when: When) -> Event:
        leg = row["leg"]
        route = f"{row.get('origin') or '?'} to {row.get('destination') or '?'}"
        mode = f" by {leg['mode']}" if leg.get("mode") else ""
        helpers = sorted(self._name(f) for f in row.get("facilitators") or [])
        helped = f", facilitated by {', '.join(helpers)}" if helpers else ""
        irregular = bool(leg.get("irregular"))
        what = "irregular border crossing" if irregular else "journey"
        text = f"{what}: {route}{mode} (leg {leg.get('order', '?')}){helped}"
        kind = "border crossing" if irregular else "journey leg"
        traveller = self._name(row["traveller"])
        place = str(row.get("destination") or "")
        return self._event(when, kind, text, traveller, place, leg)

    # ---- compounds

    def _held(self) -> list[Event]:
        out = []
        for row in self.store.read(_HELD, {"ids": self.ids}):
            props, compound = row["props"] or {}, str(row["compound"]["name"])
            who = self._name(row["person"])
            arrived = parse_when(props.get("from_date"))
            left = parse_when(props.get("to_date"))
            if arrived:
                text = f"arrived at {compound}"
                out.append(self._event(arrived, "arrival", text, who, compound, props))
            if left:
                kind = "escape" if props.get("left") == "escaped" else "departure"
                how = f" ({props['left']})" if props.get("left") else ""
                text = f"left {compound}{how}"
                out.append(self._event(left, kind, text, who, compound, props))
            if arrived and left and left.end > arrived.start:
                period = When(arrived.start, left.end, f"{arrived.text} to {left.text}")
                out.append(self._event(period, "held", f"held at {compound}", who, compound, props))
        return out

    def _transfers(self) -> list[Event]:
        owners = {
            str(r["record"]): r["person"]
            for r in self.store.read(RECORD_OWNERS, {"ids": self._record_ids()})
        }
        params = {"records": sorted(owners), "compounds": self.compounds}
        out = []
        for row in self.store.read(_TRANSFERS, params):
            props = row["props"] or {}
            when = parse_when(props.get("date"))
            if when is None:
                continue
            person = owners.get(str(props.get("person_id")))
            if person is None:
                person = self._owner(str(props.get("person_id")))
            price = f" for {props['price']:,} {props.get('currency') or ''}".rstrip()
            price = price if props.get("price") else ""
            origin, destination = row["origin"]["name"], row["destination"]["name"]
            text = f"transferred from {origin} to {destination}{price}"
            out.append(self._event(when, "transfer", text, self._name(person), destination, props))
        return out

    def _record_ids(self) -> list[str]:
        return sorted({str(r) for p in self.people.values() for r in p.get("record_ids") or []})

    def _owner(self, record_id: str) -> dict[str, Any] | None:
        rows = self.store.read(RECORD_OWNERS, {"ids": [record_id]})
        return rows[0]["person"] if rows else None

    # ---- recruitment

    def _recruitments(self) -> list[Event]:
        """Dated recruitments (a debrief relation with a date), on the victim's lane."""
        out = []
        for row in self.store.read(_RECRUITED, {"ids": self.ids}):
            when = parse_when(row["props"].get("date"))
            if when is not None:
                text = f"recruited by {self._name(row['recruiter'])}"
                victim = self._name(row["victim"])
                out.append(self._event(when, "recruitment", text, victim, "", row["props"]))
        return out

    # ---- payments

    def _payments(self) -> list[Event]:
        out = []
        for row in self.store.read(_PAYMENTS, {"ids": self.ids}):
            pay = row["payment"]
            when = parse_when(pay.get("date"))
            if when is None:
                continue
            payers = [self._name(p) for p in row["payers"]] or [str(pay.get("paid_by") or "?")]
            payees = [self._name(p) for p in row["payees"]] or ["?"]
            subject = row["subjects"][0] if row["subjects"] else None
            kind = str(pay.get("kind") or "payment")
            amount = f" of {pay['amount']:,} {pay.get('currency') or ''}".rstrip()
            amount = amount if pay.get("amount") is not None else ""
            text = (
                f"{kind.replace('_', ' ')}{amount} paid by {', '.join(sorted(payers))}"
                f" to {', '.join(sorted(payees))}"
            )
            event_kind = "recruitment" if kind == "recruitment_fee" else "payment"
            lane = self._name(subject) if subject else payers[0]
            out.append(self._event(when, event_kind, text, lane, "", pay))
        return out

    # ---- debriefs

    def _debriefs(self) -> list[Event]:
        out, seen = [], set()
        for row in self.store.read(_DEBRIEFS, {"ids": self.ids}):
            source, person = row["source"], row["person"]
            when = parse_when(source.get("date"))
            key = (str(source["id"]), str(person["id"]))
            if when is None or key in seen or not (row["interviewee"] or self.own):
                continue
            seen.add(key)
            org = f" by {source['organisation']}" if source.get("organisation") else ""
            what = "debriefed" if row["interviewee"] else f"named in debrief {source['id']}"
            props = {"source_ids": [source["id"]], "refs": [source.get("file") or ""]}
            event = self._event(when, "debrief", f"{what}{org}", self._name(person), "", props)
            out.append(event)
        return out


def _between(dates: list[When | None], index: int) -> When | None:
    """An undated leg lies between the last dated leg before it and the next one after."""
    before = next((d for d in reversed(dates[:index]) if d), None)
    after = next((d for d in dates[index + 1 :] if d), None)
    if before is None and after is None:
        return None
    first = before.start if before else after.start
    last = after.end if after else before.end
    text = f"{first.isoformat()} to {last.isoformat()}" if last > first else first.isoformat()
    return When(first, last, text, approximate=True)

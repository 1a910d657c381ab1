"""HTCDS: UN Migration's Human Trafficking Case Data Standard, for exchanging cases.

Two CSV files: ``htcds_cases.csv``, one row per person of a case (victims and
perpetrators) with the standard's ``cas_``, ``prs_``, ``vic_`` and ``per_`` fields and
code lists (``htcds.yaml``), and ``htcds_events.csv``, the standard's Historic
Trafficking Events (``hte_``: recruitment fees, journey legs as transit, holding at a
compound as exploitation) per victim. What the standard has no field for but a
round trip needs (who recruited whom, leg order and mode, the sources and grading) is
in ``x_`` columns. Victims are identified by pseudonym; their names, aliases, birth
year and phones are written only when revealed. ``casegraph load`` reads the pair back
as debriefs (``casegraph.loaders.htcds``). docs/htcds.md describes every column.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from casegraph.core.cells import SafeDictWriter
from casegraph.services.exports.i2 import best_grading
from casegraph.services.exports.manifest import Manifest
from casegraph.services.reports.citations import grading_of
from casegraph.services.reports.privacy import Privacy, is_victim
from casegraph.store import GraphStore

__all__ = ["export_htcds", "htcds_codes"]

_PEOPLE = """
MATCH (c:Case)-[:INVOLVES]->(p:Person)
OPTIONAL MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p)
WITH c, p, [g IN collect(r.gender) WHERE g IS NOT NULL] AS genders,
     [b IN collect(r.birth_year) WHERE b IS NOT NULL] AS births,
     [x IN collect(CASE WHEN r.is_interviewee THEN r.source_id END) WHERE x IS NOT NULL]
       AS own_sources
OPTIONAL MATCH (p)-[:USES_PHONE]->(ph:Phone)
WITH c, p, genders, births, own_sources, collect(DISTINCT ph) AS phones
OPTIONAL MATCH (p)-[:HAS_ACCOUNT]->(acc:Account)
WITH c, p, genders, births, own_sources, phones, collect(DISTINCT acc) AS accounts
OPTIONAL MATCH (p)-[:WORKS_FOR]->(o)
RETURN c.id AS case, p AS person, genders, births, own_sources, phones, accounts,
       collect(DISTINCT o.name) AS organisations
ORDER BY c.id, p.id
"""
_RECRUITED = "MATCH (r:Person)-[:RECRUITED]->(v:Person) RETURN v.id AS victim, r.id AS recruiter"
_PLATFORMS = """
MATCH (p:Person)-[:HAS_ACCOUNT|POSTED]->(x)
WHERE x.platform IS NOT NULL
RETURN p.id AS person, collect(DISTINCT toLower(x.platform)) AS platforms
"""
_JOB_ADS = "MATCH (s:Source)-[:MENTIONS]->(:JobAd) RETURN DISTINCT s.id AS source"
_INDICATORS = """
MATCH (p:Person)-[:SHOWS_INDICATOR]->(i:Indicator)
RETURN p.id AS person, collect(DISTINCT i.id) AS indicators
"""
_HELD = """
MATCH (p:Person)-[h:HELD_AT]->(c:Compound)
RETURN p.id AS person, c AS place, properties(h) AS props
ORDER BY h.from_date, c.id
"""
_LEGS = """
MATCH (p:Person)-[:MADE]->(:Journey)-[:HAS_LEG]->(l:Leg)
MATCH (l)-[:FROM]->(a)
MATCH (l)-[:TO]->(b)
OPTIONAL MATCH (f:Person)-[:FACILITATED]->(l)
RETURN p.id AS person, l AS leg, a AS origin, b AS place, collect(DISTINCT f.id) AS facilitators
ORDER BY l.id
"""
_FEES = """
MATCH (pay:Payment {kind: 'recruitment_fee'})-[:FOR_PERSON]->(v:Person)
OPTIONAL MATCH (r:Person)-[:RECEIVED]->(pay)
RETURN v.id AS person, pay AS payment, collect(DISTINCT r.id) AS receivers
ORDER BY pay.date, pay.id
"""
_SOURCES = "MATCH (s:Source) RETURN s AS source"


@cache
def htcds_codes() -> dict[str, Any]:
    """The code-list mappings and column lists of ``htcds.yaml``."""
    text = resources.files("casegraph.services.exports").joinpath("htcds.yaml").read_text()
    return yaml.safe_load(text)


def _commonest(values: list[Any]) -> list[Any]:
    """Values most told first, then in order: the records of one person may disagree, and
    the stores collect them in different orders, so "the first" would differ by store."""
    counts = Counter(values)
    return sorted(counts, key=lambda v: (-counts[v], str(v)))


def _own_phone(phones: list[dict[str, Any]]) -> str:
    """The one mobile the standard has room for: the person's own (not a hotline or an
    agency switchboard, the fewest holders), then the lowest number."""
    own = sorted(
        phones, key=lambda ph: (bool(ph.get("shared")), len(ph.get("holders") or []), ph["id"])
    )
    return str(own[0]["id"]) if own else ""


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _joined(values: Any) -> str:
    return "; ".join(str(v) for v in values or [] if v not in (None, ""))


class _Exchange:
    """Reads everything the two files need once, then writes them row by row."""

    def __init__(self, store: GraphStore, reveal: bool) -> None:
        self.codes, self.reveal = htcds_codes(), reveal
        self.privacy = Privacy(store, reveal)
        self.people = store.read(_PEOPLE)
        self.persons = {str(r["person"]["id"]): r["person"] for r in self.people}
        self.by_ref = {self.ref(pid): pid for pid in self.persons}
        self.cases_of: dict[str, list[str]] = defaultdict(list)
        self.members: dict[str, set[str]] = defaultdict(set)
        for r in self.people:
            self.cases_of[str(r["person"]["id"])].append(str(r["case"]))
            self.members[str(r["case"])].add(str(r["person"]["id"]))
        self.sources = {str(r["source"]["id"]): r["source"] for r in store.read(_SOURCES)}
        self.gradings = {sid: grading_of(s) for sid, s in self.sources.items()}
        self.recruiters: dict[str, list[str]] = defaultdict(list)
        for row in store.read(_RECRUITED):
            self.recruiters[str(row["victim"])].append(str(row["recruiter"]))
        self.platforms = {str(r["person"]): r["platforms"] for r in store.read(_PLATFORMS)}
        self.job_ads = {str(r["source"]) for r in store.read(_JOB_ADS)}
        self.indicators = {str(r["person"]): r["indicators"] for r in store.read(_INDICATORS)}
        self.events: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.held: dict[str, list[str]] = defaultdict(list)
        self._read_events(store)

    def ref(self, person_id: str) -> str:
        """How a person is named across the two files: a victim by pseudonym, else by id."""
        person = self.persons.get(person_id)
        if person is not None and is_victim(person):
            return Privacy.pseudonym(person)
        return person_id

    # ---- events

    def _read_events(self, store: GraphStore) -> None:
        for row in store.read(_FEES):
            pay = row["payment"]
            self.events[str(row["person"])].append(
                self._event(
                    "Recruitment",
                    pay.get("date"),
                    None,
                    "recruitment fee",
                    pay,
                    x_Facilitator=_joined(self.ref(r) for r in row["receivers"]),
                    x_Amount=pay.get("amount"),
                    x_Currency=pay.get("currency"),
                )
            )
        for row in store.read(_LEGS):
            leg, origin, place = row["leg"], row["origin"], row["place"]
            mode = f" by {leg['mode']}" if leg.get("mode") else ""
            self.events[str(row["person"])].append(
                self._event(
                    "Transit",
                    leg.get("date"),
                    place,
                    f"{origin.get('name')} to {place.get('name')}{mode} (leg {leg.get('order')})",
                    leg,
                    x_From=origin.get("name"),
                    x_Order=leg.get("order"),
                    x_Mode=leg.get("mode"),
                    x_Irregular="true" if leg.get("irregular") else "",
                    x_Facilitator=_joined(self.ref(f) for f in row["facilitators"]),
                )
            )
        for row in store.read(_HELD):
            props, place = row["props"] or {}, row["place"]
            self.held[str(row["person"])].append(str(place.get("name")))
            self.events[str(row["person"])].append(
                self._event(
                    "Exploitation",
                    props.get("from_date"),
                    place,
                    f"held at {place.get('name')}",
                    props,
                    x_Until=props.get("to_date"),
                    x_Left=props.get("left"),
                )
            )

    def _event(
        self,
        kind: str,
        date: Any,
        place: dict[str, Any] | None,
        text: str,
        props: dict[str, Any],
        **extra: Any,
    ) -> dict[str, Any]:
        place = place or {}
        return {
            "hte_Type": kind,
            "hte_Date": date or "",
            "hte_City": place.get("name") or "",
            "hte_Country": place.get("country") or "",
            "hte_Latitude": place.get("latitude", ""),
            "hte_Longitude": place.get("longitude", ""),
            "hte_Description": text,
            "x_SourceIds": _joined(props.get("source_ids")),
            **{k: ("" if v is None else v) for k, v in extra.items()},
        }

    def events_in_case(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        """A victim's events told by the sources of this case; events no source of any of
        the victim's cases tells go with the victim's first case."""
        pid = self.by_ref[row["x_PersonRef"]]
        cases = sorted(self.cases_of[pid])

        def case_of(event: dict[str, Any]) -> str:
            told = {self.sources.get(s, {}).get("case_id") for s in _split(event["x_SourceIds"])}
            return next((c for c in cases if c in told), cases[0])

        return [e for e in self.events.get(pid, []) if case_of(e) == row["cas_CaseNumber"]]

    # ---- rows

    def case_row(self, row: dict[str, Any]) -> dict[str, Any]:
        person, pid = row["person"], str(row["person"]["id"])
        victim, shown = is_victim(person), not is_victim(person) or self.reveal
        roles = [str(r) for r in person.get("roles") or []]
        name = str(person.get("name") or "") if shown else ""
        first, _, second = name.partition(" ")
        sources = [str(s) for s in person.get("source_ids") or []]
        own = [s for s in row["own_sources"] if s in self.sources]
        in_case = [s for s in sources if self.sources.get(s, {}).get("case_id") == row["case"]]
        orgs = {self.sources[s].get("organisation") for s in own or in_case}
        gender = next((self.codes["gender"].get(str(g)) for g in _commonest(row["genders"])), None)
        emails = sorted(a["handle"] for a in row["accounts"] if a.get("platform") == "email")
        out = {
            "cas_CaseNumber": row["case"],
            "cas_ReferringOrganisation": _joined(sorted(o for o in orgs if o)),
            "x_PersonType": "Victim" if victim else "Perpetrator",
            "x_PersonRef": self.ref(pid),
            "x_Pseudonym": Privacy.pseudonym(person) if victim else "",
            "prs_FirstName": first,
            "prs_SecondName": second,
            "x_Aliases": _joined(person.get("aliases")) if shown else "",
            "x_BirthYear": next(iter(_commonest(row["births"])), "") if shown else "",
            "prs_Gender": gender or "Unknown",
            "prs_Nationality": _joined(person.get("nationalities")),
            "prs_MobilePhone": _own_phone(row["phones"]) if shown else "",
            "prs_Email": (emails or [""])[0] if shown else "",
            "x_Roles": _joined(roles),
            "per_RoleInProcess": _joined(
                dict.fromkeys(self.codes["roles"][r] for r in roles if r in self.codes["roles"])
            ),
            "per_Organisation": _joined(sorted(row["organisations"])),
            "x_SourceIds": _joined(sources),
            "x_Grading": "".join(best_grading(sources, self.gradings)),
        }
        if victim:
            out.update(self._victim_context(pid, own, self.members[str(row["case"])]))
        return out

    def _victim_context(self, pid: str, own_sources: list[str], members: set[str]) -> dict:
        """The vic_ fields; recruiters are those of the case (``members``)."""
        recruiters = [r for r in self.recruiters.get(pid, []) if r in members]
        platforms = {
            self.codes["platforms"].get(p, "Other")
            for r in recruiters
            for p in self.platforms.get(r, [])
        }
        methods = []
        if any(s in self.job_ads for s in own_sources):
            methods.append("Job offer/advertisement")
        if platforms:
            methods.append("Internet (social media, online advertisement)")
        control = {
            self.codes["control"][i]
            for i in self.indicators.get(pid, [])
            if i in self.codes["control"]
        }
        held = list(dict.fromkeys(self.held.get(pid, [])))
        return {
            "vic_MethodOfRecruitment": _joined(methods),
            "vic_RecruitmentWebsitesAndApps": _joined(sorted(platforms)),
            "vic_MethodsOfControl": _joined(sorted(control)),
            # forced criminality: online fraud run from the compound
            "vic_TypeOfLabourExploitation": "IllicitActivities" if held else "",
            "vic_LocationOfExploitation": _joined(held),
            "x_RecruitedBy": _joined(sorted(self.ref(r) for r in recruiters)),
        }


def export_htcds(store: GraphStore, out_dir: Path, reveal: bool = False) -> Manifest:
    """Write ``htcds_cases.csv`` and ``htcds_events.csv`` into ``out_dir`` with a manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    exchange = _Exchange(store, reveal)
    codes = exchange.codes
    cases = [exchange.case_row(row) for row in exchange.people]
    events = []
    for row in cases:
        if row["x_PersonType"] == "Victim":
            keys = {"cas_CaseNumber": row["cas_CaseNumber"], "x_PersonRef": row["x_PersonRef"]}
            events.extend({**keys, **e} for e in exchange.events_in_case(row))
    counts = {
        "cases": len({r["cas_CaseNumber"] for r in cases}),
        "victims": sum(1 for r in cases if r["x_PersonType"] == "Victim"),
        "perpetrators": sum(1 for r in cases if r["x_PersonType"] == "Perpetrator"),
        "events": len(events),
    }
    manifest = Manifest("htcds", out_dir, reveal, counts)
    for name, columns, rows, what in (
        (codes["cases_file"], codes["case_columns"], cases, "one row per person of a case"),
        (codes["events_file"], codes["event_columns"], events, "historic trafficking events"),
    ):
        path = out_dir / name
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = SafeDictWriter(fh, fieldnames=columns, extrasaction="raise")
            writer.writeheader()
            writer.writerows({c: r.get(c, "") for c in columns} for r in rows)
        manifest.add(path, len(rows), what)
    return manifest

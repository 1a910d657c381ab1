"""The case report: people and roles, identifiers shared with other cases, journeys, sources.

An investigator opening a case abroad asks first who is in it, which of their
phones, handles and wallets turn up in other cases, and how the victims travelled.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casegraph.services.reports.chronology import chronology_table, leg_entries
from casegraph.services.reports.context import ReportContext, find_one
from casegraph.services.reports.cypher import (
    CASE_BY_ID,
    CASE_PERSONS,
    CASE_SHARED_IDENTIFIERS,
    CASE_SOURCES,
    LEGS,
)
from casegraph.services.reports.figure import network_figure
from casegraph.services.reports.method import method_notes
from casegraph.services.reports.model import Facts, Paragraph, Report, Section, Table
from casegraph.services.reports.privacy import is_victim
from casegraph.store import GraphStore


def _describe(node: Mapping[str, Any]) -> str:
    return str(node.get("title") or node.get("id"))


def case_report(store: GraphStore, ident: str, reveal: bool = False, figure: bool = True) -> Report:
    """Build the report on one case (by case id)."""
    ctx = ReportContext(store, reveal=reveal, figure=figure)
    case = find_one(store, "case", ident, CASE_BY_ID, _describe)
    people = store.read(CASE_PERSONS, {"id": case["id"]})
    source_ids = set(case.get("source_ids") or [])
    source_ids |= {r["id"] for r in store.read(CASE_SOURCES, {"id": case["id"]})}
    victims = [r for r in people if is_victim(r["person"])]
    summary = Facts(
        [
            ("Case", str(case["id"])),
            ("Title", str(case.get("title") or "not recorded")),
            ("Country", str(case.get("country") or "not recorded")),
            ("People", f"{len(people)}, of whom {len(victims)} recorded as victims"),
            ("Documents", ctx.registry.cite_all(source_ids) or "none"),
        ]
    )
    sections = [Section("Summary", [summary], "summary"), _people(ctx, people)]
    sections.append(_shared(ctx, case))
    travellers = [r["person"]["id"] for r in people]
    legs = leg_entries(ctx, store.read(LEGS, {"travellers": travellers, "facilitators": []}))
    sections.append(Section("Journeys", [chronology_table(legs)], "journeys"))
    if figure:
        fig = network_figure(store, case["id"], f"case {case['id']}", reveal)
        sections.append(Section("Network", [fig], "network"))
    return ctx.finish(
        "case",
        f"Case report: {case['id']}",
        str(case["id"]),
        sections,
        method_notes(reveal),
    )


def _people(ctx: ReportContext, people: list[Mapping[str, Any]]) -> Section:
    rows = []
    for row in people:
        person, props = row["person"], row["props"] or {}
        rows.append(
            [
                ctx.privacy.name(person),
                ", ".join(person.get("roles") or []) or "none recorded",
                ", ".join(person.get("nationalities") or []),
                ", ".join(c for c in person.get("case_ids") or [] if c) or "",
                ctx.registry.cite_all(props.get("source_ids") or []),
            ]
        )
    rows.sort(key=lambda r: (r[1], r[0]))
    table = Table(["Person", "Roles", "Nationality", "Cases", "Sources"], rows)
    note = "Victims are shown by pseudonym." if not ctx.reveal else "Victim identities REVEALED."
    return Section("People and roles", [Paragraph(note), table], "people")


def _shared(ctx: ReportContext, case: Mapping[str, Any]) -> Section:
    """Identifiers a source of this case and a source of another case both attribute."""
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in ctx.store.read(CASE_SHARED_IDENTIFIERS, {"id": case["id"]}):
        here = set(r["here"] or []) & set(r["case_sources"] or [])
        there = set(r["there"] or []) & set(r["other_sources"] or [])
        if not here or not there:
            continue
        key = (r["identifier"], r["person"]["id"], r["other"]["id"])
        entry = found.setdefault(key, {"row": r, "cases": set(), "sources": set()})
        entry["cases"].add(r["other_case"])
        entry["sources"] |= here | there
    rows = [
        [
            f"{e['row']['kind']} {key[0]}",
            ctx.privacy.name(e["row"]["person"]),
            ctx.privacy.name(e["row"]["other"]),
            ", ".join(sorted(e["cases"])),
            ctx.registry.cite_all(e["sources"]),
        ]
        for key, e in sorted(found.items())
    ]
    table = Table(
        ["Identifier", "Used here by", "Used there by", "Other cases", "Sources"],
        rows,
        empty="No identifier of this case appears in another case.",
    )
    return Section("Identifiers shared with other cases", [table], "shared")

"""The compound report: where it is, who runs it, who was held there, who was moved.

Sections: summary, operators and staff with their sources, the reporting hierarchy
among its staff, victims held by nationality (pseudonymous), transfers in and out,
the routes that lead in, agencies supplying it, a network figure and the sources.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from casegraph.services.reports.chronology import chronology_table, leg_entries, transfer_entries
from casegraph.services.reports.context import ReportContext, find_one
from casegraph.services.reports.cypher import (
    COMPOUND_BY_ID,
    COMPOUND_LINKS,
    HIERARCHY_AT,
    LEGS_INTO_COMPOUND,
    RECORD_OWNERS,
    TRANSFERS_AT,
)
from casegraph.services.reports.figure import network_figure
from casegraph.services.reports.links import Link, evidence, read_links
from casegraph.services.reports.method import method_notes
from casegraph.services.reports.model import Evidence, Facts, Paragraph, Report, Section, Table
from casegraph.services.reports.privacy import is_victim
from casegraph.store import GraphStore


def _describe(node: Mapping[str, Any]) -> str:
    return f"{node.get('name')}, {node.get('country') or 'country unknown'}"


def compound_report(
    store: GraphStore, ident: str, reveal: bool = False, figure: bool = True
) -> Report:
    """Build the report on one compound (id, name or alternate name)."""
    ctx = ReportContext(store, reveal=reveal, figure=figure)
    node = find_one(store, "compound", ident, COMPOUND_BY_ID, _describe)
    links = read_links(store, COMPOUND_LINKS, node["id"])
    sections = [_summary(ctx, node, links)]
    staff = [x for x in links if x.type in ("OPERATES", "WORKS_AT") and x.direction == "in"]
    sections.append(
        Section(
            "Operators and staff",
            [
                Evidence(evidence(staff, ctx.registry, ctx.privacy)),
                Paragraph("Reporting lines among the staff:"),
                _hierarchy(ctx, node),
            ],
            "operators",
        )
    )
    sections.append(_held(ctx, links))
    sections.append(_transfers(ctx, node))
    routes = leg_entries(ctx, store.read(LEGS_INTO_COMPOUND, {"id": node["id"]}))
    supply = [x for x in links if x.type == "SUPPLIES"]
    sections.append(
        Section(
            "Routes in and suppliers",
            [
                chronology_table(routes),
                Paragraph("Recruitment agencies supplying the compound:"),
                Evidence(evidence(supply, ctx.registry, ctx.privacy), empty="None recorded."),
            ],
            "routes",
        )
    )
    if figure:
        fig = network_figure(store, node["id"], str(node.get("name")), reveal)
        sections.append(Section("Network", [fig], "network"))
    return ctx.finish(
        "compound",
        f"Compound report: {node.get('name')}",
        str(node.get("name")),
        sections,
        method_notes(reveal),
        versioned=[node],
    )


def _summary(ctx: ReportContext, node: Mapping[str, Any], links: list[Link]) -> Section:
    located = [x for x in links if x.type == "LOCATED_IN" and x.direction == "out"]
    where = "; ".join(
        f"{x.other.get('name') or x.other.get('id')} {ctx.registry.cite_all(x.source_ids)}"
        for x in located
    )
    held = {str(x.other["id"]) for x in links if x.type == "HELD_AT"}
    return Section(
        "Summary",
        [
            Facts(
                [
                    ("Compound", f"{node.get('name')} ({node['id']})"),
                    ("Also known as", ", ".join(node.get("aliases") or []) or "none recorded"),
                    ("Country", str(node.get("country") or "unknown")),
                    ("Located in", where or "not recorded"),
                    ("Coordinates", _coordinates(node)),
                    ("Status", str(node.get("status") or "not recorded")),
                    ("Capacity", str(node.get("capacity") or "not recorded")),
                    ("People recorded as held here", str(len(held))),
                    ("Described in sources", ctx.registry.cite_all(node.get("source_ids") or [])),
                ]
            )
        ],
        "summary",
    )


def _coordinates(node: Mapping[str, Any]) -> str:
    lat, lon = node.get("latitude"), node.get("longitude")
    return f"{lat}, {lon}" if lat is not None and lon is not None else "not recorded"


def _hierarchy(ctx: ReportContext, node: Mapping[str, Any]) -> Table:
    rows = [
        [
            ctx.privacy.name(r["person"]),
            "reports to",
            ctx.privacy.name(r["boss"]),
            ctx.registry.cite_all((r["props"] or {}).get("source_ids") or []),
        ]
        for r in ctx.store.read(HIERARCHY_AT, {"id": node["id"]})
    ]
    return Table(["Person", "", "Superior", "Sources"], rows, empty="No reporting lines recorded.")


def _held(ctx: ReportContext, links: list[Link]) -> Section:
    by_nationality: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        if link.type == "HELD_AT" and is_victim(link.other):
            for nat in link.other.get("nationalities") or ["unknown"]:
                by_nationality[str(nat)].append(link)
    rows = []
    for nat, held in sorted(by_nationality.items()):
        names = ", ".join(sorted({ctx.privacy.name(x.other) for x in held}))
        cites = ctx.registry.cite_all(s for x in held for s in x.source_ids)
        rows.append([nat, str(len({x.other["id"] for x in held})), names, cites])
    note = "Victims are shown by pseudonym." if not ctx.reveal else "Victim identities REVEALED."
    table = Table(["Nationality", "Victims", "Who", "Sources"], rows, empty="No victims recorded.")
    return Section("Victims held, by nationality", [Paragraph(note), table], "held")


def _transfers(ctx: ReportContext, node: Mapping[str, Any]) -> Section:
    rows = ctx.store.read(TRANSFERS_AT, {"id": node["id"]})
    records = sorted({str((r["props"] or {}).get("person_id")) for r in rows})
    owners = {r["record"]: r["person"] for r in ctx.store.read(RECORD_OWNERS, {"ids": records})}
    entries = transfer_entries(ctx, rows, owners)
    return Section("Transfers in and out", [chronology_table(entries)], "transfers")

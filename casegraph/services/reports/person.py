"""The prosecutor's person report: every role and link, who says so, how reliable.

Sections: summary, identity (names, identifiers, why the records are one person),
roles and links with their sources and corroboration, chronology, network figure,
victims linked to the person (pseudonymous), and the numbered source list.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casegraph.services.reports.chronology import (
    chronology_figure,
    chronology_table,
    leg_captions,
    leg_entries,
    link_entries,
    transfer_entries,
)
from casegraph.services.reports.citations import SINGLE, SINGLE_LOW
from casegraph.services.reports.context import ReportContext, find_person
from casegraph.services.reports.cypher import (
    LEGS,
    PAYMENT_PARTIES,
    PERSON_LINKS,
    TRANSFERS,
)
from casegraph.services.reports.figure import network_figure
from casegraph.services.reports.identity import identity_section
from casegraph.services.reports.links import (
    IDENTIFIER_TYPES,
    NON_LINK_TYPES,
    Link,
    caption,
    evidence,
    read_links,
    without_repeated_payments,
)
from casegraph.services.reports.method import method_notes
from casegraph.services.reports.model import Evidence, Facts, Paragraph, Report, Section, Table
from casegraph.services.reports.privacy import is_victim
from casegraph.services.reports.sanctions import sanctions_section
from casegraph.services.reports.screening import load_rule, screen, screening_blocks
from casegraph.store import GraphStore

PERSON_LABELS = ("Person", "PersonRecord")


def person_report(
    store: GraphStore,
    ident: str,
    reveal: bool = False,
    figure: bool = True,
    explain: bool = True,
) -> Report:
    """Build the evidence report on one resolved person (see the module docstring)."""
    ctx = ReportContext(store, reveal=reveal, figure=figure)
    person = find_person(store, ident)
    shown = ctx.privacy.name(person)
    links = without_repeated_payments(read_links(store, PERSON_LINKS, person["id"]))
    role_links = [x for x in links if x.type not in IDENTIFIER_TYPES + NON_LINK_TYPES]
    mentioned = {
        str(x.props.get(k)) for x in links for k in ("person", "person_id") if x.props.get(k)
    }
    legs = store.read(LEGS, {"travellers": [person["id"]], "facilitators": [person["id"]]})
    transfers = store.read(TRANSFERS, {"ids": [person["id"], *(person.get("record_ids") or [])]})
    persons = ctx.nodes(mentioned | {str((t["props"] or {}).get("person_id")) for t in transfers})

    overrides = leg_captions(ctx, legs) | _payment_captions(ctx, person, links)

    sections = [_summary(ctx, person, links, role_links)]
    listed = sanctions_section(store, person["id"])
    if listed is not None:
        sections.append(listed)
    if is_victim(person) or any(x.type == "SHOWS_INDICATOR" for x in links):
        rule = load_rule()
        found, _ = screen(store, person["id"], rule, ctx=ctx)
        blocks = [Paragraph(rule.describe()), *screening_blocks(found[0], ctx, rule)]
        sections.append(Section("Victim screening", blocks, "screening"))
    sections.append(identity_section(ctx, person, links, explain))
    items = evidence(role_links, ctx.registry, ctx.privacy, persons, overrides)
    sections.append(
        Section("Roles and links", [Evidence(items, empty="No roles or links recorded.")], "links")
    )
    entries = leg_entries(ctx, legs) + link_entries(ctx, links, persons, overrides)
    entries += transfer_entries(ctx, transfers, persons)
    chronology = [chronology_table(entries)]
    if figure:
        chronology.append(chronology_figure(store, person["id"], reveal))
    sections.append(Section("Chronology", chronology, "chronology"))
    if figure:
        sections.append(
            Section("Network", [network_figure(store, person["id"], shown, reveal)], "network")
        )
    sections.append(_victims(ctx, person, role_links, legs, persons))
    sections.append(_mentions(ctx, links))
    return ctx.finish(
        "person",
        f"Network evidence summary: {shown}",
        shown,
        sections,
        method_notes(reveal),
    )


def _summary(
    ctx: ReportContext, person: Mapping[str, Any], links: list[Link], role_links: list[Link]
) -> Section:
    counts = [ctx.registry.corroboration(x.source_ids) for x in role_links]
    sources = sorted({s for x in links for s in x.source_ids} | set(person.get("source_ids") or []))
    ctx.registry.fetch(sources)
    orgs = {ctx.registry.source(s).get("organisation") for s in sources} - {None, ""}
    org_count = f"{len(orgs)} organisation{'' if len(orgs) == 1 else 's'}"
    return Section(
        "Summary",
        [
            Facts(
                [
                    ("Subject", ctx.privacy.name(person)),
                    ("Roles", ", ".join(person.get("roles") or []) or "none recorded"),
                    ("Cases", ", ".join(person.get("case_ids") or []) or "none"),
                    ("Records resolved into this person", str(len(person.get("record_ids") or []))),
                    ("Sources naming the person", f"{len(sources)} from {org_count}"),
                    ("Roles and links", str(len(role_links))),
                    (
                        "Corroborated by two or more sources",
                        str(sum(1 for c in counts if c[0] >= 2)),
                    ),
                    (
                        "Resting on a single source",
                        str(sum(1 for c in counts if SINGLE in c[2] or SINGLE_LOW in c[2])),
                    ),
                    ("  of which low-graded", str(sum(1 for c in counts if SINGLE_LOW in c[2]))),
                ]
            )
        ],
        "summary",
    )


def _victims(
    ctx: ReportContext,
    person: Mapping[str, Any],
    links: list[Link],
    legs: list[Mapping[str, Any]],
    persons: Mapping[str, Any],
) -> Section:
    """Victims at the other end of the person's links or of journeys they facilitated."""
    found: list[tuple[Mapping[str, Any], str, list[str]]] = []
    for link in links:
        for node in (link.other, persons.get(str(link.props.get("person") or ""))):
            if node and _is_person(node) and is_victim(node):
                found.append((node, link.type.lower().replace("_", " "), link.source_ids))
    for leg in legs:
        node, helpers = leg.get("traveller"), {f.get("id") for f in leg.get("facilitators") or []}
        if node and is_victim(node) and person["id"] in helpers:
            found.append((node, "journey facilitated", leg["leg"].get("source_ids") or []))
    rows: dict[str, list[Any]] = {}
    for node, how, sources in found:
        if node["id"] == person["id"]:
            continue
        name, nationality = ctx.privacy.name(node), ", ".join(node.get("nationalities") or [])
        row = rows.setdefault(str(node["id"]), [name, nationality, [], set()])
        if how not in row[2]:
            row[2].append(how)
        row[3].update(sources)
    ordered = [rows[k] for k in sorted(rows)]
    table = Table(
        ["Victim", "Nationality", "Link", "Sources"],
        [[n, nat, "; ".join(how), ctx.registry.cite_all(src)] for n, nat, how, src in ordered],
        empty="No victims linked.",
    )
    note = "Victim identities are REVEALED." if ctx.reveal else "Victims are shown by pseudonym."
    return Section("Victims linked to the person", [Paragraph(note), table], "victims")


def _is_person(node: Mapping[str, Any]) -> bool:
    return (node.get("_labels") or [""])[0] in PERSON_LABELS


def _payment_captions(
    ctx: ReportContext, person: Mapping[str, Any], links: list[Link]
) -> dict[str, str]:
    """Payment id -> "a ransom of ... (paid by X; to Y; for KE-V-0002)", the person left out."""
    payments = {str(x.other["id"]): x.other for x in links if x.other_label == "Payment"}
    out = {}
    for row in ctx.store.read(PAYMENT_PARTIES, {"ids": sorted(payments)}):
        parties = []
        payers = {p.get("id") for p in row["payers"]}
        for word, key in (("paid by", "payers"), ("to", "payees"), ("for", "subjects")):
            others = [p for p in row[key] if p.get("id") != person["id"]]
            if key == "subjects" and {p.get("id") for p in row[key]} <= payers:
                continue  # paid for themselves
            if others:
                names = sorted({ctx.privacy.name(p) for p in others})
                parties.append(f"{word} {', '.join(names)}")
        text = caption(payments[row["payment"]], ctx.privacy)
        out[row["payment"]] = f"{text} ({'; '.join(parties)})" if parties else text
    return out


def _mentions(ctx: ReportContext, links: list[Link]) -> Section:
    """Cases naming the person, and the narrative passages that mention them."""
    rows = []
    for link in links:
        if link.type == "INVOLVES":
            rows.append([f"Case {link.other.get('id')}", ctx.registry.cite_all(link.source_ids)])
    mentions = [x for x in links if x.type == "MENTIONS"]
    if mentions:
        cites = ctx.registry.cite_all(s for x in mentions for s in x.source_ids)
        rows.append(["Sources mentioning the person", cites])
    for link in mentions:
        for excerpt in link.excerpts:
            cite = ctx.registry.cite_all(link.source_ids)
            rows.append([f"Narrative {cite}", ctx.privacy.redact(excerpt)])
    table = Table(["Where", "Sources / excerpt"], rows, empty="No mentions recorded.")
    return Section("Cases and mentions", [table], "mentions")

"""A dated account of events from the sources: journey legs, holding, transfers, payments.

Every entry cites the sources behind it. Undated journey legs keep their place in the
journey (they sort with the leg before them) and show as "undated".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from casegraph.services.reports.context import ReportContext
from casegraph.services.reports.links import Link, caption, statement
from casegraph.services.reports.model import Figure, Table
from casegraph.services.reports.timeline import timeline
from casegraph.services.reports.timeline_draw import timeline_svg_uri
from casegraph.store import GraphStore

UNDATED = "undated"


def leg_captions(ctx: ReportContext, rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Leg id -> "the journey of KE-V-0001: Nairobi to Bangkok by flight on ... (leg 1)"."""
    out = {}
    for row in rows:
        leg, traveller = row["leg"], row.get("traveller")
        whose = f"the journey of {ctx.privacy.name(traveller)}" if traveller else "a journey"
        when = f" on {leg['date']}" if leg.get("date") else ""
        route = f"{row.get('origin') or '?'} to {row.get('destination') or '?'}"
        mode = f" by {leg['mode']}" if leg.get("mode") else ""
        out[str(leg["id"])] = f"{whose}: {route}{mode}{when} (leg {leg.get('order', '?')})"
    return out


def _leg_text(ctx: ReportContext, row: Mapping[str, Any]) -> str:
    leg = row["leg"]
    text = f"{row.get('origin') or '?'} to {row.get('destination') or '?'}"
    if leg.get("mode"):
        text += f" by {leg['mode']}"
    if leg.get("irregular"):
        text += " (irregular border crossing)"
    traveller = row.get("traveller")
    who = f"{ctx.privacy.name(traveller)} travelled " if traveller else "Leg "
    helpers = [ctx.privacy.name(f) for f in row.get("facilitators") or []]
    facilitated = f", facilitated by {', '.join(sorted(helpers))}" if helpers else ""
    return f"{who}{text} (leg {leg.get('order', '?')}){facilitated}"


def leg_entries(
    ctx: ReportContext, rows: Iterable[Mapping[str, Any]]
) -> list[tuple[str, str, str]]:
    """(sort date, shown date, text with citations) per journey leg."""
    out, last = [], ""
    ordered = sorted(
        rows, key=lambda r: (str((r.get("traveller") or {}).get("id")), r["leg"].get("order") or 0)
    )
    for row in ordered:
        leg = row["leg"]
        date = str(leg.get("date") or "")
        last = date or last
        cites = ctx.registry.cite_all(leg.get("source_ids") or [])
        out.append((last, date or UNDATED, f"{_leg_text(ctx, row)} {cites}".strip()))
    return out


def link_entries(
    ctx: ReportContext,
    links: Iterable[Link],
    persons: Mapping[str, Any],
    overrides: Mapping[str, str] | None = None,
) -> list[tuple[str, str, str]]:
    """Dated links (holding periods, payments, dated recruitment or sales)."""
    out = []
    for link in links:
        cites = ctx.registry.cite_all(link.source_ids)
        props, other = link.props, link.other
        where = caption(other, ctx.privacy)
        text = statement(link, ctx.privacy, persons, overrides)
        text = f"{text[:1].upper()}{text[1:]} {cites}"
        if link.type == "HELD_AT":
            if props.get("from_date"):
                day = str(props["from_date"])
                out.append((day, day, f"Held at {where} from this date {cites}"))
            if props.get("to_date"):
                day = str(props["to_date"])
                out.append((day, day, f"Left {where} (end of holding) {cites}"))
        elif link.other_label == "Payment" and other.get("date"):
            out.append((str(other["date"]), str(other["date"]), text))
        elif props.get("date"):
            out.append((str(props["date"]), str(props["date"]), text))
    return out


def transfer_entries(
    ctx: ReportContext, rows: Iterable[Mapping[str, Any]], persons: Mapping[str, Any]
) -> list[tuple[str, str, str]]:
    """Victims sold or moved between compounds, with price when known."""
    out = []
    for row in rows:
        props = row["props"] or {}
        who = persons.get(str(props.get("person_id")))
        name = ctx.privacy.name(who) if who else "a victim"
        price = (
            f" for {props['price']:,} {props.get('currency') or ''}".rstrip()
            if props.get("price")
            else ""
        )
        cites = ctx.registry.cite_all(props.get("source_ids") or [])
        date = str(props.get("date") or "")
        text = f"{name} transferred from {row['origin']} to {row['destination']}{price} {cites}"
        out.append((date, date or UNDATED, text.strip()))
    return out


def chronology_table(entries: Iterable[tuple[str, str, str]]) -> Table:
    """Entries in date order, keeping the given order within a day (journey legs first).

    Undated entries go to the end, unless they are journey legs after a dated leg.
    """
    ordered = sorted(entries, key=lambda e: e[0] or "9999")
    return Table(
        ["Date", "Event and sources"],
        [[shown, text] for _, shown, text in ordered],
        empty="No dated events in the sources.",
    )


def chronology_figure(store: GraphStore, person_id: str, reveal: bool = False) -> Figure:
    """The person's timeline (``casegraph timeline --person``) as an SVG figure: the table
    above lists the same events with their citations; the picture shows their rhythm."""
    tl = timeline(store, "person", person_id, reveal=reveal)
    note = "identities revealed on request" if reveal else "victims by pseudonym"
    caption = (
        f"Chronology of {tl.subject}: {len(tl.events)} dated events in {len(tl.lanes())} lanes"
        " (one per person an event happened to); bars are periods or dates known only to the"
        f" month or year, hatched bars approximate dates; {note}."
    )
    return Figure(timeline_svg_uri(tl), caption)

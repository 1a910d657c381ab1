"""Documented transit routes: Journey ``route:{route_id}`` with ordered Legs between places.

Field tables often have neither a route id nor leg numbers: then consecutive rows where
each leg starts where the last one ended form one route (``{file}-{n}``), and legs are
numbered by row order within their route. Both are listed as the file's conventions.
"""

from __future__ import annotations

from casegraph.loaders.context import FileContext
from casegraph.loaders.gazetteer import fold
from casegraph.loaders.provenance import default_source_id
from casegraph.loaders.tables import Table
from casegraph.loaders.tabular import Row, extra_json
from casegraph.loaders.validation import parse_bool, parse_number, text

__all__ = ["load_row", "prepare"]


def _order(value: object) -> int | None:
    number = parse_number(value, "leg")
    if number is not None and (not isinstance(number, int) or number < 1):
        raise ValueError(f"leg {value!r} is not a leg number (1, 2, ...)")
    return number


def prepare(ctx: FileContext, table: Table) -> None:
    """Give rows without a route id the route they continue, and number legs by row order."""
    has_route, has_leg = "route_id" in table.header, "leg" in table.header
    count, route, last_to, legs = 0, None, None, {}
    for _, row in table.rows:
        if not has_route:
            start = fold(str(row.get("from") or ""))
            if route is None or start != last_to:
                count += 1
                route = f"{default_source_id(ctx.path)}-{count}"
            row["route_id"] = route
            last_to = fold(str(row.get("to") or ""))
        if not has_leg:
            key = text(row.get("route_id"))
            legs[key] = legs.get(key, 0) + 1
            row["leg"] = legs[key]
    if not has_route:
        ctx.conventions["routes"] = (
            f"no route id: {count} route(s) of consecutive legs, ids "
            f"{default_source_id(ctx.path)}-1..{count}"
        )
    if not has_leg:
        ctx.conventions["legs"] = "no leg numbers: numbered by row order within each route"


def load_row(row: Row) -> None:
    """Assert one leg of a route, from and to a place (or a compound)."""
    route = row.get("route_id")
    if not route:
        row.error("route_id", "route_id is empty")
    try:
        order = _order(row.values.get("leg"))
    except ValueError as exc:
        order = None
        row.error("leg", str(exc))
    if order is None and not row.errors:
        row.error("leg", "leg is empty")
    origin = row.country("origin_country")
    ends = {}
    for column in ("from", "to"):
        if not row.get(column):
            row.error(column, f"{column} is empty")
        else:
            ends[column] = row.ctx.directory.place(row.get(column))
    irregular = row.parse("irregular", parse_bool)
    if row.errors:
        return
    journey = row.node("Journey", f"route:{route}", {"route_id": route, "origin_country": origin})
    row.mention(journey)
    props = {
        "order": order,
        "mode": (row.get("mode") or "").lower() or None,
        "irregular": irregular,
        "route_id": route,
        "facilitator": row.get("facilitator"),
        "duration": row.get("duration"),
        "extra": extra_json(row),
    }
    leg = row.node("Leg", f"route:{route}#{order}", props)
    row.rel("HAS_LEG", journey, leg)
    for column, rel in (("from", "FROM"), ("to", "TO")):
        label, pid, create = ends[column]
        row.rel(rel, leg, row.node(label, pid, create=create))

"""Documented transit routes: Journey ``route:{route_id}`` with ordered Legs between places."""

from __future__ import annotations

from casegraph.loaders.tabular import Row, extra_json
from casegraph.loaders.validation import parse_bool, parse_number

__all__ = ["KNOWN_COLUMNS", "load_row"]

KNOWN_COLUMNS = (
    "route_id", "leg", "from", "to", "mode", "irregular", "facilitator", "duration",
    "origin_country",
)  # fmt: skip


def _order(value: object) -> int:
    number = parse_number(value, "leg")
    if not isinstance(number, int) or number < 1:
        raise ValueError(f"leg {value!r} is not a leg number (1, 2, ...)")
    return number


def load_row(row: Row) -> None:
    """Assert one leg of a route, from and to a place (or a compound)."""
    route = row.get("route_id")
    if not route:
        row.error("route_id", "route_id is empty")
    order = row.parse("leg", _order)
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

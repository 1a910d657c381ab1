"""A user's own link chart: one link per row, any party or identifier to any other.

Columns: ``from, from_kind, type, to, to_kind`` (required), ``direction, start, end,
source_id, grading, note`` and ``from_country`` / ``to_country`` (optional). ``type``
is one of the schema's link types (``vocabularies.link_types``: owns, directs,
employs, linked_to, family_of, ...); an unknown type, or one the schema does not allow
between the two kinds, rejects the row with the known list. A kind is ``person``, an
organisation kind (``organisation``, ``company``, ``agency``, ``armed group``, ...), or an
identifier or place: ``phone``, ``wallet``, ``account`` (``platform:handle``),
``passport``, ``national_id``, ``tax_id``, ``registration``, ``address``, ``compound``,
``location``. A person is a PersonRecord of the row's source (resolution decides who they
are); the others reach the same node as every other file naming them
(:mod:`casegraph.loaders.parties`). Every link carries its source, row and grading.
"""

from __future__ import annotations

from typing import Any

from casegraph.core.errors import SchemaError
from casegraph.graph_schema import load_schema
from casegraph.loaders import parties
from casegraph.loaders.delta import Ref
from casegraph.loaders.identity import slug
from casegraph.loaders.people import person_record
from casegraph.loaders.provenance import parse_grading
from casegraph.loaders.tabular import Row
from casegraph.loaders.validation import parse_account, parse_phone

__all__ = ["load_row"]

_FORWARD = {"", "->", "forward", "out", "from-to", "directed"}
_BACKWARD = {"<-", "backward", "reverse", "in", "to-from"}
_BOTH = {"both", "none", "undirected", "--", "<->", "mutual"}
_PLACES = {"compound", "location", "place"}
_ORGANISATION = {"organisation", "organization", "org"}


def _endpoint(row: Row, side: str) -> Ref | None:
    """The node the ``from`` or ``to`` cell names, asserted on the row; None (with a
    problem of the row) when the kind is unknown or the value is not one of that kind."""
    value, raw_kind = row.get(side), (row.get(f"{side}_kind") or "").lower().strip()
    country = row.country(f"{side}_country")
    if not value:
        row.error(side, f"{side} is empty")
        return None
    kind = raw_kind.replace(" ", "_")
    column = f"{side}_kind"
    if kind == "person":
        props = {"name": value, "case_id": row.get("case_id"), "nationality": country}
        local = slug(f"{value} {row.get('case_id') or ''}")
        return person_record(row.node, row.rel, row.source, local, props, row.ctx.directory)
    spec = row.parse(column, lambda _: _identifier(row, kind, value, country))
    if spec is None:
        return None
    label, id, props = spec
    node = row.node(label, id, create=props)
    row.mention(node)
    return node


def _identifier(row: Row, kind: str, value: str, country: str | None) -> parties.NodeSpec:
    directory = row.ctx.directory
    if kind == "phone":
        return "Phone", parse_phone(value, country), {"raw": value}
    if kind == "wallet":
        return parties.wallet(value)
    if kind == "account":
        key, platform, handle = parse_account(*value.split(":", 1), country)
        return "Account", key, {"platform": platform, "handle": handle}
    if kind == "address":
        return parties.address(value, country)
    if kind in load_schema().vocabulary("document_types"):
        return parties.document(kind, value, country)
    if kind in _PLACES:
        label, id, props = directory.place(value, country)
        if kind == "compound" and label != "Compound":
            id, props = directory.compound(value, country)
            label = "Compound"
        return label, id, props
    org_kind = "other" if kind in _ORGANISATION else parties.organisation_kind(kind)
    return parties.organisation(directory, value, org_kind, country)


def _direction(row: Row) -> str | None:
    value = (row.get("direction") or "").lower()
    for name, words in (("forward", _FORWARD), ("backward", _BACKWARD), ("both", _BOTH)):
        if value in words:
            return name
    row.error("direction", f"direction {value!r} is not one of ->, <-, both")
    return None


def load_row(row: Row) -> None:
    """Assert one link between the two named nodes, with its dates, grading and note."""
    types: dict[str, str] = load_schema().vocabulary("link_types")
    name = (row.get("type") or "").lower().replace(" ", "_").replace("-", "_")
    rel = types.get(name)
    if rel is None:
        row.error("type", f"unknown link type {row.get('type')!r}; known: {', '.join(types)}")
    direction = _direction(row)
    start, end = _endpoint(row, "from"), _endpoint(row, "to")
    props: dict[str, Any] = {
        "start_date": row.date("start"),
        "end_date": row.date("end"),
        "note": row.get("note"),
        "grading": row.parse("grading", lambda g: parse_grading(g).code),
        "directed": direction != "both",
    }
    if rel is None or direction is None or start is None or end is None:
        return
    if direction == "backward":
        start, end = end, start
    try:
        load_schema().link(rel, start[0], end[0])
    except SchemaError:
        kinds = f"{row.get('from_kind')} to {row.get('to_kind')}"
        row.error("type", f"a {name} link cannot go from {kinds} (see docs/formats.md)")
        return
    row.rel(rel, start, end, props)

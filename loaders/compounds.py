"""Compound lists (CSV, XLSX or GeoJSON points): Compound nodes and their aliases.

The id is the gazetteer's when it knows the name, else the file's ``compound_id``;
the name, the ``compound_id`` and every alias are added to the load's lookup so that
debriefs loaded after this file link to the same compound.
"""

from __future__ import annotations

from casegraph.loaders.identity import alias_id, company_id
from casegraph.loaders.tabular import Row, extra_json
from casegraph.loaders.validation import parse_list, parse_number

__all__ = ["KNOWN_COLUMNS", "load_row"]

KNOWN_COLUMNS = (
    "compound_id", "name", "aliases", "location", "latitude", "longitude", "operator",
    "capacity", "status",
)  # fmt: skip


def _coordinate(limit: int):
    def parse(value: object) -> float | None:
        number = parse_number(value, "coordinate")
        if number is not None and not -limit <= number <= limit:
            raise ValueError(f"coordinate {value!r} is outside -{limit}..{limit}")
        return number

    return parse


def load_row(row: Row) -> None:
    """Assert one compound, where it is, who operates it and what else it is called."""
    given, name = row.get("compound_id"), row.get("name")
    country = row.country("country")
    for column, value in (("compound_id", given), ("name", name), ("country", country)):
        if not value and not any(c == column for c, _ in row.errors):
            row.error(column, f"{column} is empty")
    aliases = parse_list(row.values.get("aliases"))
    props = {
        "name": name,
        "aliases": aliases,
        "country": country,
        "location": row.get("location"),
        "latitude": row.parse("latitude", _coordinate(90)),
        "longitude": row.parse("longitude", _coordinate(180)),
        "capacity": row.parse("capacity", lambda v: parse_number(v, "capacity")),
        "status": row.get("status"),
        "compound_id": given,
        "extra": extra_json(row),
    }
    if row.errors:
        return
    known = row.ctx.directory.gazetteer_compound(name)
    cid = known.id if known is not None else given
    row.ctx.directory.add_compound(cid, [name, given, *aliases], country)
    compound = row.node("Compound", cid, props)
    row.mention(compound)
    row.rel("LOCATED_IN", compound, row.country_node(country))
    for alias in aliases:
        node = row.node("Alias", alias_id(alias), create={"value": alias})
        row.rel("HAS_ALIAS", compound, node)
    if props["location"]:
        label, pid, create = row.ctx.directory.place(props["location"], country)
        if label == "Location":
            row.rel("LOCATED_IN", compound, row.node(label, pid, create=create))
    if row.get("operator"):
        operator = row.get("operator")
        company = row.node("Company", company_id(operator, country), {"name": operator})
        row.rel("OPERATES", company, compound)
        row.mention(company)

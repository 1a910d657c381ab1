"""Compound lists (CSV, XLSX or GeoJSON points): Compound nodes and their aliases.

The id is the gazetteer's when it knows the name, else the file's ``compound_id``,
else one derived from the name and country (``CMP-MM-GOLDENGARDEN``), as for a
compound a debrief names. A name written with its other name in brackets ("Golden
Garden (Shwe Yee)") is one compound with an alias. The name, the ``compound_id`` and
every alias are added to the load's lookup so that debriefs loaded after this file link
to the same compound. Without a ``country`` column, the country of the ``location``
(when the gazetteer knows the place) is the compound's.
"""

from __future__ import annotations

import warnings

from casegraph.loaders.gazetteer import Place
from casegraph.loaders.identity import alias_id, company_id, fold, split_name
from casegraph.loaders.tabular import Row, extra_json
from casegraph.loaders.validation import parse_list, parse_number, text

__all__ = ["load_row"]


def _coordinate(limit: int):
    def parse(value: object) -> float | None:
        number = parse_number(value, "coordinate")
        if number is not None and not -limit <= number <= limit:
            raise ValueError(f"coordinate {value!r} is outside -{limit}..{limit}")
        return number

    return parse


def _position(value: object) -> tuple[float, float] | None:
    """(latitude, longitude) of one cell holding both, in any way geopy reads them
    (decimal degrees with or without N/S/E/W, degrees-minutes-seconds)."""
    if text(value) is None:
        return None
    from geopy.point import Point

    try:
        with warnings.catch_warnings():  # geopy warns before refusing a latitude past 90
            warnings.simplefilter("ignore")
            point = Point(str(value))
    except ValueError as exc:
        raise ValueError(
            f"coordinates {value!r} are not a latitude and a longitude ({exc}; write them"
            ' as "11.5564, 104.9282" or "11.5564° N, 104.9282° E", latitude first)'
        ) from None
    return round(point.latitude, 6), round(point.longitude, 6)


def _one_cell(row: Row) -> dict[str, float]:
    """Latitude and longitude from the ``coordinates`` cell, when not given apart."""
    if row.get("latitude") or row.get("longitude"):
        return {}
    position = row.parse("coordinates", _position)
    return dict(zip(("latitude", "longitude"), position, strict=True)) if position else {}


def _name(row: Row) -> tuple[str | None, list[str]]:
    """The compound's name and the aliases written with it (unless the gazetteer knows
    the whole written name)."""
    written = row.get("name")
    if written and row.ctx.directory.gazetteer_compound(written) is not None:
        return written, []
    return split_name(written)


def _elsewhere(row: Row, known: Place, name: str, country: str, given: str | None) -> Place | None:
    """The gazetteer's compound of this name is in another country than the row says:
    said on the row, not merged without a word. With its own ``compound_id`` the row is
    a compound of its own (None); without, it stays the gazetteer's (``known``)."""
    where = f"{known.name!r} in {known.country}"
    if given:
        reason = f"loaded as a compound of its own, {given}"
    else:
        reason = (
            f"loaded as that compound (maps place it in {known.country}) with both countries;"
            " if another compound is meant, give the row its own compound_id"
        )
    row.dropped.append(
        ("country", f"{name!r} is the gazetteer's {where}, but the row says {country}: {reason}")
    )
    return None if given else known


def _conflict(row: Row, given: str | None, name: str, country: str | None) -> bool:
    """A second compound under an existing compound_id (another name or country) would
    overwrite the first without a word: the row is rejected naming where the first is."""
    if not given:
        return False
    first = row.ctx.directory.compound_ids.setdefault(given, (name, country, row.ref))
    if (fold(first[0]), first[1]) == (fold(name), country):
        return False
    elsewhere = not first[2].startswith(f"{row.ctx.rel}:")  # a file contradicting itself
    if row.ctx.options.update and elsewhere:  # is not an update
        row.ctx.directory.compound_ids[given] = (name, country, row.ref)
        row.replaces = first[2]  # the compound node this row asserts is a new version
        return False
    row.error(
        "compound_id",
        f"compound_id {given} is also {first[0]!r} ({first[1] or 'no country'}) in"
        f" {first[2]}: a second compound under one id would overwrite the first;"
        " give this one its own compound_id (or, from another file, load it with --update)",
    )
    return True


def load_row(row: Row) -> None:
    """Assert one compound, where it is, who operates it and what else it is called."""
    given = row.get("compound_id")
    name, also = _name(row)
    if not name:
        row.error("name", "name is empty")
    country = row.country("country")
    if country is None and row.get("location"):
        place = row.ctx.directory.gazetteer.lookup(row.get("location"))
        country = place.country if place is not None else None
    aliases = list(dict.fromkeys([*also, *parse_list(row.values.get("aliases"))]))
    props = {
        "name": name,
        "aliases": aliases,
        "country": country,
        "location": row.get("location"),
        "latitude": row.parse("latitude", _coordinate(90)),
        "longitude": row.parse("longitude", _coordinate(180)),
        **_one_cell(row),
        "capacity": row.parse("capacity", lambda v: parse_number(v, "capacity")),
        "status": row.get("status"),
        "compound_id": given,
        "extra": extra_json(row),
    }
    if row.errors or _conflict(row, given, name, country):
        return
    directory = row.ctx.directory
    known = directory.gazetteer_compound(name) or next(
        (directory.gazetteer_compound(a) for a in aliases if directory.gazetteer_compound(a)), None
    )
    if known is not None and country and known.country and known.country != country:
        known = _elsewhere(row, known, name, country, given)
    cid = known.id if known is not None else given or directory.compound(name, country)[0]
    directory.add_compound(cid, [name, given, *aliases], country)
    compound = row.node("Compound", cid, props)
    if row.replaces:
        row.new_version = compound
    row.mention(compound)
    if country:
        row.rel("LOCATED_IN", compound, row.country_node(country))
    for alias in aliases:
        node = row.node("Alias", alias_id(alias), create={"value": alias})
        row.rel("HAS_ALIAS", compound, node)
    if props["location"]:
        label, pid, create = directory.place(props["location"], country)
        if label == "Location":
            row.rel("LOCATED_IN", compound, row.node(label, pid, create=create))
    if row.get("operator"):
        operator = row.get("operator")
        company = row.node("Company", company_id(operator, country), {"name": operator})
        row.rel("OPERATES", company, compound)
        row.mention(company)

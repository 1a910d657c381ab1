"""OpenSanctions' simple CSV (``targets.simple.csv``): one row per listed entity.

It is the table analysts download most: ``id, schema, name, aliases, birth_date,
countries, addresses, identifiers, sanctions, phones, emails, dataset, first_seen,
last_seen, last_change`` (newer exports add ``program_ids``), several values in a cell
separated by ``;``. A row becomes a :class:`ListedParty`, like an FtM entity of the same
data: a Person, or an organisation for Company, Organization, LegalEntity and
PublicBody; a row with sanctions is designated, the others (politically exposed people,
wanted lists) are ordinary records. A file is told by its header, whatever its name.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from casegraph.loaders.context import FileContext
from casegraph.loaders.listings import ListedParty, assert_party, country_of, source_node
from casegraph.loaders.tables import decode_text, read_tables

__all__ = ["is_simple_csv", "load"]

# the columns that tell this layout from any other table
_MARK = {"id", "schema", "name", "aliases", "sanctions", "dataset"}
_ORGANISATIONS = {"Company": "company", "Organization": "other", "LegalEntity": "other",
                  "PublicBody": "government_body"}  # fmt: skip


def is_simple_csv(data: bytes) -> bool:
    """True when the first line is a header with the simple CSV's own columns."""
    first = decode_text(data[:4096]).splitlines()[:1]
    header = next(csv.reader(io.StringIO(first[0])), []) if first else []
    return {h.strip().lower() for h in header} >= _MARK


def _split(cell: Any) -> list[str]:
    return [v.strip() for v in str(cell or "").split(";") if v.strip()]


def _party(ctx: FileContext, row: dict[str, Any], ref: str, listed: str) -> ListedParty:
    schema = str(row.get("schema") or "").strip()
    names = _split(row.get("name"))
    person = schema == "Person"
    party = ListedParty(
        str(row["id"]).strip(), listed, "person" if person else "organisation", names[0], ref
    )
    party.kind = _ORGANISATIONS.get(schema, "other")
    for alias in [*names[1:], *_split(row.get("aliases"))]:
        party.add("aliases", alias if alias != party.name else None)
    for date in _split(row.get("birth_date")):
        party.add("birth_dates", date)
    countries = [c for c in (country_of(ctx, v) for v in _split(row.get("countries"))) if c]
    if person:
        for code in countries:
            party.add("nationalities", code)
    party.country = countries[0] if countries else None
    for number in _split(row.get("identifiers")):
        party.add("documents", ("other", number, party.country))
    for address in _split(row.get("addresses")):
        party.addresses.append((address, party.country, {}, ref))
    for phone in _split(row.get("phones")):
        party.add("phones", phone)
    for email in _split(row.get("emails")):
        party.add("emails", email)
    sanctions = _split(row.get("sanctions"))
    party.programmes = _split(row.get("program_ids")) or sanctions
    party.designated = bool(sanctions)
    return party


def load(ctx: FileContext) -> None:
    """Every row as a listed party; a row without id or name, or of a schema that is not a
    person or an organisation (a vessel, an aircraft), is reported with its row."""
    file_list = ctx.path.name.split(".")[0]
    source = source_node(ctx, file_list, f"OpenSanctions simple CSV ({ctx.rel})")
    tables = read_tables(".csv", ctx.data)
    for number, row in tables[0].rows if tables else []:
        ctx.read += 1
        schema = str(row.get("schema") or "").strip()
        if not str(row.get("id") or "").strip() or not _split(row.get("name")):
            ctx.problems.add("a listed entity needs an id and a name", line=number)
        elif schema != "Person" and schema not in _ORGANISATIONS:
            reason = f"schema {schema or '(empty)'} is not a person or an organisation; left out"
            ctx.problems.add(reason, line=number, field="schema")
        else:
            listed = (_split(row.get("dataset")) or [file_list])[0]
            assert_party(ctx, source, _party(ctx, row, f"{ctx.rel}:row {number}", listed), number)
            ctx.loaded += 1
            continue
        ctx.rejected += 1

"""Recruiter aliases spreadsheets: one PersonRecord per ``record_id`` (or name + case).

Rows with the same record describe one person: their aliases, roles, phones and
accounts add up on the same record. A name written with its alias ("Sam Otieno
(Boss Sam)") gives the alias too.
"""

from __future__ import annotations

from typing import Any

from casegraph.loaders.delta import Ref
from casegraph.loaders.identity import alias_id, slug, split_name
from casegraph.loaders.people import person_record
from casegraph.loaders.tabular import Row, extra_json
from casegraph.loaders.validation import parse_account, parse_roles, split_phones, text
from casegraph.loaders.vocabulary import OTHER

__all__ = ["load_row", "roles"]


def roles(row: Row, column: str) -> list[str]:
    """The roles in ``column``; unknown ones kept as ``other:<role>`` and reported once."""
    found, unknown = parse_roles(row.values.get(column))
    for role in unknown:
        row.other("role", role, column)
    return found


def load_row(row: Row) -> None:
    """Assert one alias (and the phone or account on the same row) of a person record."""
    record, case = row.get("record_id"), row.get("case_id")
    name, also = split_name(row.get("name"))
    alias, alias_also = split_name(row.get("alias"))  # "Dawit @ Dave": two names he goes by
    if not alias:
        row.error("alias", "alias is empty")
    if not (name or record):
        row.error("name", "a row needs a name or a record_id")
        return
    region = row.country("country")
    nationality = row.country("nationality")
    props = {
        "name": name,
        "aliases": list(dict.fromkeys(a for a in (alias, *alias_also, *also) if a)),
        "roles": roles(row, "role"),
        "nationality": nationality,
        "case_id": case,
        "notes": row.get("notes"),
        "extra": extra_json(row),
    }
    local = record or slug(f"{name} {case or ''}")
    person = person_record(row.node, row.rel, row.source, local, props, row.ctx.directory)
    for value in props["aliases"]:
        alias_node = row.node("Alias", alias_id(value), create={"value": value})
        row.rel("HAS_ALIAS", person, alias_node)
        row.mention(alias_node)
    where = region or nationality or row.source_country
    numbers = split_phones(row.values.get("phone"))  # "0912 555 123 / +251 913 555 456"
    for number in numbers:
        e164 = row.phone("phone", number, region, nationality)
        if e164:
            phone = row.node("Phone", e164, create={"raw": number})
            row.rel("USES_PHONE", person, phone)
            row.mention(phone)
    row.mine("notes", where)  # "Remarks: ransom wallet T..."
    first = numbers[0] if numbers else None
    for platform, column, handle in row.values.get("__accounts__", ()):  # a "Telegram" column
        if text(handle):
            _account(row, person, column, platform, handle, where, first)
    platform, handle = row.get("platform"), row.get("handle")
    if platform or handle:
        _account(row, person, "handle", platform, handle, where, first)


def _account(
    row: Row, person: Ref, column: str, platform: Any, handle: Any, where: str | None, phone: Any
) -> None:
    """The account ``handle`` on ``platform`` (a phone platform's handle may be the row's
    ``phone``), used by the record; a bad handle is reported on ``column``."""
    account = row.parse(column, lambda _: parse_account(platform, handle, where, True, phone))
    if account and account[1].startswith(OTHER):
        row.other("platform", platform, column)
    if account:
        node = row.node("Account", account[0], {"platform": account[1], "handle": account[2]})
        row.rel("HAS_ACCOUNT", person, node)
        row.mention(node)

"""Phone number spreadsheets: Phone nodes (E.164) and, when a holder is named, who uses them."""

from __future__ import annotations

from casegraph.core.identifiers import normalize_platform, phone_country
from casegraph.loaders.identity import slug
from casegraph.loaders.people import person_record
from casegraph.loaders.tabular import Row, extra_json
from casegraph.loaders.validation import ROLES, parse_date, parse_list, parse_phone, parse_roles

__all__ = ["KNOWN_COLUMNS", "load_row"]

KNOWN_COLUMNS = (
    "phone", "country", "holder_name", "holder_ref", "holder_role", "platforms",
    "first_seen", "last_seen", "case_id",
)  # fmt: skip


def _platforms(value: object) -> list[str]:
    names = parse_list(value)
    bad = [n for n in names if normalize_platform(n) is None]
    if bad:
        raise ValueError(f"unknown platform(s) {', '.join(bad)}")
    return [normalize_platform(n) for n in names]


def load_row(row: Row) -> None:
    """Assert one phone number, its platforms and dates, and its holder if named."""
    region = row.country("country")
    e164 = row.parse("phone", lambda v: parse_phone(v, region))
    props = {
        "country": phone_country(e164) or region if e164 else None,
        "raw": row.get("phone"),
        "platforms": row.parse("platforms", _platforms),
        "first_seen": row.parse("first_seen", parse_date),
        "last_seen": row.parse("last_seen", parse_date),
        "extra": extra_json(row),
    }
    roles, unknown = parse_roles(row.values.get("holder_role"))
    for role in unknown:
        row.error("holder_role", f"unknown role {role!r}; known: {', '.join(ROLES)}")
    if e164 is None:
        return
    phone = row.node("Phone", e164, props)
    row.mention(phone)
    name, ref, case = row.get("holder_name"), row.get("holder_ref"), row.get("case_id")
    if name or ref:
        local = ref or slug(f"{name} {case or ''}")
        props = {"name": name, "roles": roles, "case_id": case}
        holder = person_record(row.node, row.rel, row.source, local, props, row.ctx.directory)
        row.rel("USES_PHONE", holder, phone)

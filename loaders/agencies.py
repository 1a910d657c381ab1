"""Recruitment agency spreadsheets: Agency nodes keyed by normalized name + country.

``agency_id`` and ``registration`` are kept as properties and become references that
later files (debriefs naming ``agency: REG-123``) resolve to the same agency.
"""

from __future__ import annotations

from casegraph.loaders.identity import org_id
from casegraph.loaders.tabular import Row, extra_json
from casegraph.loaders.validation import parse_account, parse_list, parse_phone, split_phones

__all__ = ["load_row"]


def load_row(row: Row) -> None:
    """Assert one agency with its phones, email, city, country and compounds it supplies."""
    name = row.get("name")
    country = row.country("country")
    if not name:
        row.error("name", "name is empty")
    if not country and not row.errors:
        row.error("country", "country is empty")
    phones = [
        e164
        for p in split_phones(row.values.get("phone"))
        if (e164 := row.parse("phone", lambda _, p=p: parse_phone(p, country)))
    ]
    email = row.get("email")
    account = row.parse("email", lambda v: parse_account("email", v)) if email else None
    if row.errors:
        return
    aid = org_id("AGY", name, country)
    props = {
        "name": name,
        "country": country,
        "agency_id": row.get("agency_id"),
        "registration": row.get("registration"),
        "city": row.get("city"),
        "status": row.get("status"),
        "phones": phones,
        "extra": extra_json(row),
    }
    agency = row.node("Agency", aid, props)
    row.ctx.directory.add_agency(aid, [props["agency_id"], props["registration"]], name)
    row.mention(agency)
    row.rel("LOCATED_IN", agency, row.country_node(country))
    if props["city"]:
        label, pid, create = row.ctx.directory.place(props["city"], country)
        if label == "Location":
            row.rel("LOCATED_IN", agency, row.node(label, pid, create=create))
    for e164 in phones:
        phone = row.node("Phone", e164)
        row.rel("USES_PHONE", agency, phone)
        row.mention(phone)
    if account:
        node = row.node("Account", account[0], {"platform": account[1], "handle": account[2]})
        row.rel("HAS_ACCOUNT", agency, node)
        row.mention(node)
    for name in parse_list(row.values.get("supplies")):
        cid, create = row.ctx.directory.compound(name)
        compound = row.node("Compound", cid, create=create)
        row.rel("SUPPLIES", agency, compound)
        row.mention(compound)

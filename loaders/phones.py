"""Phone number spreadsheets: Phone nodes (E.164) and, when a holder is named, who uses them.

A number whose holder is a hotline or an agency's switchboard is shared by whoever
calls from it: the Phone is marked ``shared`` (not evidence that two people using it
are one) and an agency holder becomes the agency's phone, not a person record.
"""

from __future__ import annotations

from casegraph.core.identifiers import phone_country
from casegraph.loaders.aliases import roles as row_roles
from casegraph.loaders.identity import person_id, slug, split_name
from casegraph.loaders.people import person_record
from casegraph.loaders.tabular import Row, extra_json
from casegraph.loaders.validation import parse_list
from casegraph.loaders.vocabulary import SHARED_ROLES, platform

__all__ = ["load_row"]


def _platforms(row: Row) -> list[str]:
    """Known platforms by their canonical name; unknown ones as ``other:<name>``."""
    return [
        platform(name) or row.other("platform", name, "platforms")
        for name in parse_list(row.values.get("platforms"))
    ]


def load_row(row: Row) -> None:
    """Assert one phone number, its platforms and dates, and its holder if named."""
    name, also = split_name(row.get("holder_name"))
    ref, case = row.get("holder_ref"), row.get("case_id")
    local = ref or slug(f"{name} {case or ''}")
    # The holder's nationality: this row's, else what another sheet of the load said of
    # the same person record (a workbook's "Suspects" beside its "Phones").
    known = row.ctx.directory.nationalities.get(person_id(row.sid, local)) if name or ref else None
    nationality = row.country("holder_nationality") or known
    # A national number: the row's country, the holder's, or where the cited debrief was taken.
    given = row.country("country")
    region = given or nationality or row.source_country
    e164 = row.phone("phone", row.get("phone") or "", given, nationality)
    roles = row_roles(row, "holder_role")
    shared = next((r for r in roles if r in SHARED_ROLES), None)
    props = {
        "country": phone_country(e164) or region if e164 else None,
        "raw": row.get("phone"),
        "platforms": _platforms(row),
        "first_seen": row.date("first_seen"),
        "last_seen": row.date("last_seen"),
        "shared": shared,
        "extra": extra_json(row),
    }
    if e164 is None:
        return
    phone = row.node("Phone", e164, props)
    row.mention(phone)
    if shared == "agency" and name:
        aid = row.ctx.directory.agency(name, props["country"])
        agency = row.node("Agency", aid, create={"name": name, "country": props["country"]})
        row.rel("USES_PHONE", agency, phone)
        row.mention(agency)
    elif (name or ref) and not shared:
        person = {
            "name": name,
            "aliases": also,
            "roles": roles,
            "case_id": case,
            "nationality": nationality,
        }
        holder = person_record(row.node, row.rel, row.source, local, person, row.ctx.directory)
        row.rel("USES_PHONE", holder, phone)

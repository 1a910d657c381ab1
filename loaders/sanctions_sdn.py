"""The US Treasury's SDN list in its published CSV layout: ``sdn.csv`` with ``alt.csv``,
``add.csv`` (and ``sdn_comments.csv``) beside it.

The files have no header row; ``-0-`` is an empty cell. ``sdn.csv``: ent_num, name,
type (``individual``, ``vessel``, ``aircraft``, ``-0-`` for an entity), programmes
(``SDGT] [IFSR``), title, call sign, vessel type, tonnage, GRT, vessel flag, vessel
owner, remarks. ``alt.csv``: ent_num, alt_num, alt_type (aka, fka, nka), alt_name,
remarks. ``add.csv``: ent_num, add_num, address, city / state / postal code, country,
remarks. ``sdn_comments.csv``: ent_num, remarks continued. Every row of a party adds
to one :class:`ListedParty`; the remarks give birth dates and places, nationality,
gender, passports, national and tax IDs, registration numbers, digital-currency
addresses, phones, emails, organisation type and "Linked To" references. A row that
cannot be read is reported with its file and row number, and the others load.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from casegraph.loaders.context import FileContext
from casegraph.loaders.listings import (
    ListedParty,
    assert_links,
    assert_party,
    country_of,
    source_node,
)
from casegraph.loaders.tables import decode_text
from casegraph.resolution.normalize import normalize_date

__all__ = ["COMPANION_FILES", "LIST", "load"]

LIST = "OFAC-SDN"
COMPANION_FILES = ("alt.csv", "add.csv", "sdn_comments.csv")
_NULL = "-0-"
_TYPES = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft", "": "organisation"}
# SDN currency codes -> casegraph chains (None: told from the address itself).
_CURRENCIES = {"XBT": "bitcoin", "ETH": "ethereum", "TRX": "tron", "USDT": None, "USDC": None}
# Remarks prefixes of identity documents (case-insensitive) -> document type.
_DOCUMENTS = tuple(
    (re.compile(rf"^(?:{prefixes})\s+", re.I), doc_type)
    for prefixes, doc_type in (
        (r"passport", "passport"),
        (r"national id no\.?|national id number|cedula no\.?|identification number", "national_id"),
        (r"tax id no\.?|tax id|tin|nit #|ruc #|rfc", "tax_id"),
        (r"registration (?:id|number)|company number|registration no\.?", "registration"),
    )
)
_DOC_VALUE = re.compile(
    r"^(?P<number>[^(;]+?)\s*(?:\((?P<country>[^)]+)\))?(?:\s+(?:issued|expires).*)?$"
)
_WALLET = re.compile(r"^digital currency address - (?P<code>[A-Z0-9]+)\s+(?P<address>\S+)$", re.I)
_KINDS = (
    (re.compile(r"casino|gambling|betting|gaming", re.I), "casino"),
    (re.compile(r"bank|financial|payment|money", re.I), "bank"),
    (re.compile(r"armed|army|militia|guard force|border guard", re.I), "armed_group"),
)
_COMPANY_WORDS = re.compile(
    r"\b(?:group|holdings?|international|co|company|ltd|limited|llc|inc|corp|corporation|"
    r"trading|development|investment|enterprises?|plc|pte|sdn bhd|jsc)\b\.?",
    re.I,
)


def _cells(text: str) -> list[list[str]]:
    rows = []
    for cells in csv.reader(io.StringIO(text.replace("\x1a", ""), newline="")):
        rows.append([("" if c.strip() == _NULL else c.strip()) for c in cells])
    return rows


def _key(name: str) -> str:
    """How "Linked To" names are matched to the list's names and aliases."""
    return " ".join(name.upper().rstrip(".").split())


def _display(name: str, is_person: bool) -> str:
    """SDN writes people "LAST, First": casegraph writes "First Last" (the list's own
    spelling is kept as an alias)."""
    if is_person and "," in name:
        last, first = (p.strip() for p in name.split(",", 1))
        return f"{first} {last.title()}".strip()
    return name


def _kind(name: str, remarks: list[str]) -> str:
    org_type = " ".join(r for r in remarks if r.lower().startswith("organization type"))
    for pattern, kind in _KINDS:
        if pattern.search(org_type) or pattern.search(name):
            return kind
    return "company" if _COMPANY_WORDS.search(name) else "other"


def _remark(ctx: FileContext, party: ListedParty, item: str, line: int) -> str | None:
    """Apply one ``;`` item of the remarks; return it when it is kept as free text."""
    text = re.sub(r"^alt\.\s+", "", item.strip(), flags=re.I).rstrip(".").strip()
    lower = text.lower()
    if lower.startswith("dob "):
        iso = normalize_date(text[4:])
        party.add("birth_dates", iso or None)
        return None if iso else item
    if lower.startswith("pob "):
        party.add("birth_places", text[4:].strip())
        return None
    if lower.startswith(("nationality ", "citizen ")):
        party.add("nationalities", country_of(ctx, text.split(" ", 1)[1]))
        return None
    if lower.startswith("gender "):
        party.gender = text.split(" ", 1)[1].strip().lower()
        return None
    if lower.startswith("linked to:"):
        party.links.append(("LINKED_TO", text.split(":", 1)[1], "Linked To (SDN remarks)"))
        return None
    if lower.startswith(("phone number ", "telephone ")):
        party.add("phones", text.split(" ", 2)[-1])
        return None
    if lower.startswith("email address "):
        party.add("emails", text.split(" ", 2)[-1])
        return None
    wallet = _WALLET.match(text)
    if wallet:
        code = wallet.group("code").upper()
        if code not in _CURRENCIES:
            reason = f"{party.name}: {code} addresses are not read (chains: XBT, ETH, TRX, USDT)"
            ctx.problems.add(reason, line=line, field="remarks")
            return item
        party.add("wallets", (_CURRENCIES[code], wallet.group("address")))
        return None
    for pattern, doc_type in _DOCUMENTS:
        match = pattern.match(text)
        value = _DOC_VALUE.match(text[match.end() :]) if match else None
        if value:
            country = country_of(ctx, value.group("country"))
            party.add("documents", (doc_type, value.group("number").strip(), country))
            return None
    return item


def _rel(ctx: FileContext, name: str) -> str:
    """A companion file as problems name it (beside sdn.csv, relative to the load root)."""
    return Path(ctx.rel).with_name(name).as_posix()


def _read(ctx: FileContext, name: str) -> list[list[str]]:
    path: Path = ctx.path.with_name(name)
    if not path.exists():
        return []
    return _cells(decode_text(path.read_bytes()))


def load(ctx: FileContext) -> None:
    """Read the SDN files into one designated party per ent_num."""
    source = source_node(ctx, LIST, "OFAC Specially Designated Nationals list (CSV)")
    found: dict[str, ListedParty] = {}
    by_name: dict[str, str] = {}
    lines: dict[str, int] = {}
    remarks: dict[str, list[str]] = {}
    for number, cells in enumerate(_cells(decode_text(ctx.data)), start=1):
        if not any(cells):
            continue
        ctx.read += 1
        if len(cells) != 12 or not cells[0].isdigit():
            reason = f"expected 12 cells starting with an ent_num, found {len(cells)}"
            ctx.problems.add(reason, line=number)
            ctx.rejected += 1
            continue
        ent, name, sdn_type, programme = cells[0], cells[1], cells[2].lower(), cells[3]
        party_type = _TYPES.get(sdn_type, sdn_type)
        party = ListedParty(ent, LIST, party_type, _display(name, party_type == "person"),
                            f"{ctx.rel}:row {number}")  # fmt: skip
        party.programmes = [p.strip(" []") for p in programme.split("] [") if p.strip(" []")]
        remarks[ent] = [r for r in cells[11].split(";") if r.strip()]
        found[ent], lines[ent], by_name[_key(name)] = party, number, ent
    for _, cells in _numbered(ctx, "sdn_comments.csv", 2):
        remarks.setdefault(cells[0], []).extend(r for r in cells[1].split(";") if r.strip())
    for number, cells in _numbered(ctx, "alt.csv", 5):
        party = found.get(cells[0])
        if party is None:
            ctx.problems.add(
                f"ent_num {cells[0]} is not in sdn.csv", line=number, file=_rel(ctx, "alt.csv")
            )
            continue
        party.add("aliases", _display(cells[3], party.party_type == "person"))
        by_name.setdefault(_key(cells[3]), cells[0])
    for number, cells in _numbered(ctx, "add.csv", 6):
        party = found.get(cells[0])
        if party is None:
            ctx.problems.add(
                f"ent_num {cells[0]} is not in sdn.csv", line=number, file=_rel(ctx, "add.csv")
            )
            continue
        country = country_of(ctx, cells[4])
        text = ", ".join(c for c in (cells[2], cells[3], cells[4]) if c)
        if text:
            parts = {"street": cells[2] or None, "city": cells[3] or None}
            party.addresses.append((text, country, parts, f"{_rel(ctx, 'add.csv')}:row {number}"))
        party.country = party.country or country
    for ent, party in found.items():
        kept = [r for r in (_remark(ctx, party, item, lines[ent]) for item in remarks[ent]) if r]
        party.remarks = "; ".join(k.strip() for k in kept) or None
        if party.party_type == "organisation":
            party.kind = _kind(party.name, remarks[ent])
        party.links = [(rel, by_name.get(_key(t), t), note) for rel, t, note in party.links]
    parties = {k: v for k, v in found.items() if v.party_type in ("person", "organisation")}
    for ent, party in parties.items():
        assert_party(ctx, source, party, lines[ent])
        ctx.loaded += 1
    for party in found.values():
        if party.party_type not in ("person", "organisation"):
            ctx.notes.append(
                f"{ctx.rel}: {party.party_type} {party.name!r} not loaded (not modelled)"
            )
    assert_links(ctx, source, parties, lines)


def _numbered(ctx: FileContext, name: str, width: int) -> list[tuple[int, list[str]]]:
    """Rows of a companion file with at least ``width`` cells; short ones are reported."""
    out = []
    for number, cells in enumerate(_read(ctx, name), start=1):
        if not any(cells):
            continue
        if len(cells) < width or not cells[0].isdigit():
            reason = f"expected {width} cells starting with an ent_num"
            ctx.problems.add(reason, line=number, file=_rel(ctx, name))
            continue
        out.append((number, cells))
    return out

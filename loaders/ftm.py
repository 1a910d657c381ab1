"""FollowTheMoney entity streams (JSON lines, as OpenSanctions and Aleph publish them).

Each line is one entity ``{"id", "schema", "properties", "datasets"}``; the
``followthemoney`` package's model reads it (so schemata, property names and value
types are FtM's own, not re-described here). Parties (Person, Company, Organization,
LegalEntity, PublicBody) become :class:`ListedParty` values; the entities that describe
them (Sanction, Passport / Identification, CryptoWallet, Address) add to their party;
Ownership, Directorship, Employment, Family, Associate, Membership and UnknownLink
become links. A party named by a Sanction, or whose ``topics`` include a sanction topic,
is designated: it gets a Designation and is kept out of automatic merging; the others
are ordinary records. A line that is not an FtM entity is reported with its number.
"""

from __future__ import annotations

import json
from typing import Any

from casegraph.loaders.context import FileContext
from casegraph.loaders.listings import (
    ListedParty,
    assert_links,
    assert_party,
    country_of,
    source_node,
)
from casegraph.loaders.tables import decode_text

__all__ = ["SUFFIXES", "load"]

SUFFIXES = (".ftm.json", ".ftm.jsonl", ".jsonl", ".ndjson", ".ftm")
_KINDS = {"Company": "company", "PublicBody": "government_body"}
# FtM relationship schema -> (casegraph link, property of the source, of the target);
# the FtM export reads the same table the other way.
FTM_LINKS = {
    "Ownership": ("OWNS", "owner", "asset"),
    "Directorship": ("DIRECTS", "director", "organization"),
    "Employment": ("EMPLOYS", "employer", "employee"),
    "Family": ("FAMILY_OF", "person", "relative"),
    "Associate": ("ASSOCIATE_OF", "person", "associate"),
    "Membership": ("LINKED_TO", "member", "organization"),
    "UnknownLink": ("LINKED_TO", "subject", "object"),
}
_DOCUMENT_PROPS = {
    "passportNumber": "passport",
    "idNumber": "national_id",
    "taxNumber": "tax_id",
    "registrationNumber": "registration",
}
_DOCUMENT_TYPES = {"passport": "passport", "national id": "national_id", "tax": "tax_id"}
_CHAINS = {"BTC": "bitcoin", "XBT": "bitcoin", "ETH": "ethereum", "TRX": "tron"}


def _party(proxy: Any, ctx: FileContext, ref: str, dataset: str) -> ListedParty:
    person = proxy.schema.is_a("Person")
    names = proxy.get("name")
    party = ListedParty(
        proxy.id,
        dataset,
        "person" if person else "organisation",
        names[0] if names else proxy.id,
        ref,
    )
    party.kind = _KINDS.get(proxy.schema.name, "other")
    for prop in ("name", "alias", "weakAlias", "previousName"):
        for value in proxy.get(prop, quiet=True):
            party.add("aliases", value if value != party.name else None)
    for value in proxy.get("birthDate", quiet=True):
        party.add("birth_dates", value)
    for value in proxy.get("birthPlace", quiet=True):
        party.add("birth_places", value)
    for prop in ("nationality", "citizenship"):
        for value in proxy.get(prop, quiet=True):
            party.add("nationalities", country_of(ctx, value))
    party.gender = next(iter(proxy.get("gender", quiet=True)), None)
    countries = proxy.get("jurisdiction", quiet=True) + proxy.get("country")
    party.country = country_of(ctx, countries[0]) if countries else None
    home = party.country or (party.nationalities[0] if party.nationalities else None)
    for prop, doc_type in _DOCUMENT_PROPS.items():
        for value in proxy.get(prop, quiet=True):
            party.add("documents", (doc_type, value, home))
    for value in proxy.get("address"):
        party.addresses.append((value, home, {}, ref))
    for value in proxy.get("phone", quiet=True):
        party.add("phones", value)
    for value in proxy.get("email", quiet=True):
        party.add("emails", value)
    party.incorporated = next(iter(proxy.get("incorporationDate", quiet=True)), None)
    party.dissolved = next(iter(proxy.get("dissolutionDate", quiet=True)), None)
    party.designated = any("sanction" in t for t in proxy.get("topics", quiet=True))
    return party


def _attach(proxy: Any, ctx: FileContext, found: dict[str, ListedParty]) -> bool:
    """Add a describing entity (sanction, document, wallet, address, link) to its
    party; False when the party it names is not in the file."""
    name = proxy.schema.name
    first = lambda prop: next(iter(proxy.get(prop, quiet=True)), None)  # noqa: E731
    if name in FTM_LINKS:
        rel, src, dst = FTM_LINKS[name]
        party = found.get(first(src) or "")
        if party is None or first(dst) is None:
            return False
        party.links.append((rel, first(dst), f"FtM {name}"))
        return True
    holder_prop = {"Sanction": "entity", "CryptoWallet": "holder"}.get(name, "holder")
    party = found.get(first(holder_prop) or "")
    if party is None:
        return False
    if name == "Sanction":
        party.designated = True
        party.programmes += [p for p in proxy.get("program") if p not in party.programmes]
        party.listed_on = first("listingDate") or first("startDate") or party.listed_on
        party.url = first("sourceUrl") or party.url
    elif name == "CryptoWallet":
        chain = _CHAINS.get((first("currency") or "").upper())
        party.add("wallets", (chain, first("publicKey")))
    elif proxy.schema.is_a("Identification"):
        kind = (first("type") or name).lower()
        doc_type = next((t for k, t in _DOCUMENT_TYPES.items() if k in kind), "other")
        party.add("documents", (doc_type, first("number"), country_of(ctx, first("country"))))
    return True


def load(ctx: FileContext) -> None:
    """Read every entity of the stream, then assert its parties with what describes them."""
    # followthemoney takes a second to import: every command would pay it at start-up.
    from followthemoney import model
    from followthemoney.exc import InvalidData

    dataset = ctx.path.name.split(".")[0]
    source = source_node(ctx, dataset, f"FollowTheMoney entities ({ctx.rel})")
    proxies: list[tuple[int, Any]] = []
    for number, line in enumerate(decode_text(ctx.data).splitlines(), start=1):
        if not line.strip():
            continue
        ctx.read += 1
        try:
            data = json.loads(line)
            proxy = model.get_proxy(data, cleaned=False)
        except (json.JSONDecodeError, InvalidData, TypeError, AttributeError) as exc:
            ctx.problems.add(f"not a FollowTheMoney entity: {exc}", line=number)
            ctx.rejected += 1
            continue
        unknown = sorted(set(data.get("properties") or {}) - set(proxy.schema.properties))
        if unknown:
            reason = f"{proxy.schema.name} has no propert(ies) {', '.join(unknown)}; left out"
            ctx.problems.add(reason, line=number, field="properties")
        proxies.append((number, proxy))
    found: dict[str, ListedParty] = {}
    lines: dict[str, int] = {}
    for number, proxy in proxies:
        if proxy.schema.is_a("LegalEntity") and proxy.schema.name not in ("Vessel", "Airplane"):
            found[proxy.id] = _party(proxy, ctx, f"{ctx.rel}:{number}", dataset)
            lines[proxy.id] = number
    for number, proxy in proxies:
        if proxy.id in found or proxy.schema.name == "Address" or _attach(proxy, ctx, found):
            ctx.loaded += 1
        else:
            reason = f"{proxy.schema.name} {proxy.id} names no party of this file"
            ctx.problems.add(reason, line=number)
            ctx.rejected += 1
    for key, party in found.items():
        assert_party(ctx, source, party, lines[key])
    assert_links(ctx, source, found, lines)

"""Designated parties of a sanctions or watch list, however the list is published.

The SDN CSV reader and the FollowTheMoney reader both turn a list into
:class:`ListedParty` values (one per designated party, however many rows or entities
it took to describe it) and :func:`assert_party` writes each the same way:

* a person is one PersonRecord (``"{source}#{list key}"``) with ``listed`` set, every
  alias, full birth date and place, nationalities and gender; resolution keeps listed
  records out of automatic merging (``casegraph xref`` compares them with the cases
  and a reviewer decides); an entity is an Organisation (:mod:`casegraph.loaders.parties`);
* aliases, identity documents, addresses, wallets, phones and emails are the shared
  identifier nodes, so a wallet in a debrief and on the list is one node;
* a Designation node (``"{list}-{key}"``) keeps the list, programmes, listing date and
  source row, and DESIGNATES the party; "Linked To" references become LINKED_TO links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from casegraph.loaders import parties
from casegraph.loaders.context import FileContext
from casegraph.loaders.delta import Ref
from casegraph.loaders.identity import alias_id, person_id
from casegraph.loaders.people import person_record
from casegraph.loaders.provenance import SourceInfo
from casegraph.loaders.validation import parse_account, parse_phone
from casegraph.resolution.normalize import country_code

__all__ = ["ListedParty", "assert_party", "country_of", "source_node"]


@dataclass
class ListedParty:
    """One designated party as a list describes it (values as written, checked on write)."""

    key: str  # the list's own id of the party (SDN ent_num, FtM entity id)
    list: str  # "OFAC-SDN", an FtM dataset name
    party_type: str  # person, organisation, vessel, aircraft, wallet
    name: str
    ref: str  # where it was read: "sdn.csv:row 12", "list.ftm.json:3"
    kind: str = "other"  # organisation kind (schema vocabulary)
    aliases: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    listed_on: str | None = None
    birth_dates: list[str] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    gender: str | None = None
    documents: list[tuple[str, str, str | None]] = field(default_factory=list)
    wallets: list[tuple[str | None, str]] = field(default_factory=list)
    # (text, country, parts such as street and city, the row it was read from)
    addresses: list[tuple[str, str | None, dict[str, Any], str]] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (rel, other key, note)
    remarks: str | None = None
    url: str | None = None
    country: str | None = None
    incorporated: str | None = None
    dissolved: str | None = None
    designated: bool = True  # False for an ordinary record of an FtM stream

    def add(self, attr: str, value: Any) -> None:
        """Append ``value`` to a list attribute unless it is empty or already there."""
        items = getattr(self, attr)
        if value and value not in items:
            items.append(value)


def country_of(ctx: FileContext, value: Any) -> str | None:
    """ISO2 code of a country name, code or demonym as lists write them ("Burma"), or None."""
    raw = str(value or "").strip()
    if not raw:
        return None
    return ctx.directory.gazetteer.country_code(raw) or country_code(raw) or None


def source_node(ctx: FileContext, sid: str, title: str) -> Ref:
    """The Source node of a list file (kind = the loader kind, file, hash, title)."""
    info = SourceInfo(sid, ctx.kind, ctx.rel, ctx.hash, title=title)
    return ctx.batch.node("Source", sid, info.props())


class _Writer:
    """Asserts on the file batch with the party's source and row on every node and link."""

    def __init__(self, ctx: FileContext, source: Ref, ref: str) -> None:
        self.ctx, self.source, self.ref = ctx, source, ref

    def node(self, label: str, id: str, props: dict | None = None, **kw: Any) -> Ref:
        return self.ctx.batch.node(label, id, props, sid=self.source[1], ref=self.ref, **kw)

    def rel(self, rel: str, start: Ref, end: Ref, props: dict | None = None) -> None:
        self.ctx.batch.rel(rel, start, end, props, sid=self.source[1], ref=self.ref)

    def mentioned(
        self, owner: Ref, rel: str, spec: parties.NodeSpec, ref: str | None = None
    ) -> None:
        """Assert an identifier of ``owner``; ``ref`` when its own row is not the party's."""
        where = self.ref
        self.ref = ref or where
        node = self.node(spec[0], spec[1], create=spec[2])
        self.rel(rel, owner, node)
        self.rel("MENTIONS", self.source, node)
        self.ref = where


def _party_node(w: _Writer, party: ListedParty) -> Ref:
    if party.party_type == "person":
        props = {
            "name": party.name,
            "aliases": [a for a in party.aliases if a != party.name],
            "nationality": party.nationalities[0] if party.nationalities else None,
            "nationalities": party.nationalities,
            "gender": party.gender,
            "birth_date": party.birth_dates[0] if party.birth_dates else None,
            "birth_year": int(party.birth_dates[0][:4]) if party.birth_dates else None,
            "birth_place": party.birth_places[0] if party.birth_places else None,
            "listed": party.list if party.designated else None,
        }
        return person_record(w.node, w.rel, w.source, party.key, props, w.ctx.directory)
    label, id, props = parties.organisation(w.ctx.directory, party.name, party.kind, party.country)
    listed = party.list if party.designated else None
    props = {**props, "names": [party.name, *party.aliases], "listed": listed,
             "incorporated": party.incorporated, "dissolved": party.dissolved}  # fmt: skip
    kind = props.pop("kind")
    node = w.node(label, id, props, create={"kind": kind})
    w.rel("MENTIONS", w.source, node)
    if party.country:
        country = w.node(
            "Country", party.country, create=w.ctx.directory.country_props(party.country)
        )
        w.rel("REGISTERED_IN", node, country)
    return node


def party_ref(ctx: FileContext, source: Ref, party: ListedParty) -> Ref:
    """The node a party becomes (for links between parties of one list)."""
    if party.party_type == "person":
        return ("PersonRecord", person_id(source[1], party.key))
    label, id, _ = parties.organisation(ctx.directory, party.name, party.kind, party.country)
    return (label, id)


def assert_party(ctx: FileContext, source: Ref, party: ListedParty, line: int | None) -> Ref:
    """Assert one designated party with its identifiers and designation; a bad identifier
    is reported (file, row, reason) and left out, the rest of the party loads."""
    w = _Writer(ctx, source, party.ref)
    owner = _party_node(w, party)
    for alias in party.aliases:
        w.mentioned(owner, "HAS_ALIAS", ("Alias", alias_id(alias), {"value": alias}))
    checks = (
        *[("HAS_DOCUMENT", lambda d=d: parties.document(*d), None) for d in party.documents],
        *[("CONTROLS_WALLET", lambda x=x: parties.wallet(x[1], x[0]), None)
          for x in party.wallets],
        *[("HAS_ADDRESS", lambda a=a: parties.address(a[0], a[1], **a[2]), a[3])
          for a in party.addresses],
        *[("USES_PHONE", lambda p=p: ("Phone", parse_phone(p, party.country), {"raw": p}), None)
          for p in party.phones],
        *[("HAS_ACCOUNT", lambda e=e: _email(e), None) for e in party.emails],
    )  # fmt: skip
    for rel, spec, ref in checks:
        try:
            w.mentioned(owner, rel, spec(), ref)
        except ValueError as exc:
            ctx.problems.add(f"{party.name}: {exc}; left out", line=line, field=rel.lower())
    if not party.designated:
        return owner
    designation = w.node(
        "Designation",
        f"{party.list}-{party.key}",
        {
            "list": party.list,
            "name": party.name,
            "party_type": party.party_type,
            "programmes": party.programmes,
            "listed_on": party.listed_on,
            "source_row": party.ref,
            "remarks": party.remarks,
            "url": party.url,
        },
    )
    w.rel("MENTIONS", source, designation)
    w.rel("DESIGNATES", designation, owner)
    return owner


def _email(value: str) -> parties.NodeSpec:
    key, platform, handle = parse_account("email", value)
    return "Account", key, {"platform": platform, "handle": handle}


def assert_links(
    ctx: FileContext, source: Ref, found: dict[str, ListedParty], lines: dict[str, int]
) -> None:
    """The links between parties of one list; a link to a party not on it is reported."""
    for party in found.values():
        for rel, other_key, note in party.links:
            other = found.get(other_key)
            if other is None:
                reason = f"{party.name}: linked to {other_key!r}, which is not on this list"
                ctx.problems.add(reason, line=lines.get(party.key), field="links")
                continue
            ctx.batch.rel(
                rel,
                party_ref(ctx, source, party),
                party_ref(ctx, source, other),
                {"note": note, "directed": rel != "LINKED_TO"},
                sid=source[1],
                ref=party.ref,
            )

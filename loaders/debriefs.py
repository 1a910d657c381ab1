"""Debrief notes: the Source, its Case, the people in it and the relations between them.

Everything the officer recorded becomes graph data with ``origin: recorded`` and the
file line it came from; the narrative is mined afterwards (``casegraph.loaders.narrative``).
A bad value (a date, a role, a phone, a ref that points nowhere) is reported with
its line and left out; the rest of the note loads. Only a note without a
``debrief_id`` or with malformed YAML is rejected whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from casegraph.core.identifiers import phone_country
from casegraph.graph_schema import load_schema
from casegraph.loaders import parties
from casegraph.loaders.context import FileContext
from casegraph.loaders.delta import Ref
from casegraph.loaders.frontmatter import Document, LineDict, LineList
from casegraph.loaders.identity import alias_id, company_id, org_id, split_name
from casegraph.loaders.people import birth_year_from_age, person_record
from casegraph.loaders.provenance import SourceInfo, parse_grading
from casegraph.loaders.validation import (
    parse_account,
    parse_date,
    parse_list,
    parse_number,
    parse_phone,
    parse_roles,
    parse_wallet,
    slashed_date,
    text,
)
from casegraph.loaders.vocabulary import OTHER, SHARED_ROLES, person_form, relation_type

__all__ = ["Debrief", "looks_like_ref"]

_REF = re.compile(r"^[A-Za-z]{1,3}\d{1,3}$")
_PEOPLE = ("PersonRecord", "Person")


def looks_like_ref(value: str) -> bool:
    """``R9``, ``T1``: a local ref of a note, never an organisation's name."""
    return _REF.match(value) is not None


class Debrief:
    """One debrief note being turned into graph assertions."""

    def __init__(self, ctx: FileContext, doc: Document) -> None:
        self.ctx = ctx
        self.doc = doc
        self.data = doc.data
        self.sid = str(text(self.data.get("debrief_id")))
        self.source: Ref = ("Source", self.sid)
        self.case_id = text(self.data.get("case_id"))
        self.country: str | None = None
        self.when: str | None = None  # the interview's date (ISO, at its precision)
        self.people: dict[str, Ref] = {}
        self.entries: list[tuple[str, LineDict, str]] = []  # (ref, item, field) per person
        self.interviewee: Ref | None = None
        self.agencies: dict[str, Ref] = {}  # by org_id("AGY", name, None)

    # ---- helpers

    def problem(self, reason: str, line: int, field: str) -> None:
        self.ctx.problems.add(reason, line=line, field=field)

    def value(self, item: LineDict, key: str, parser: Callable[[Any], Any], field: str) -> Any:
        """``parser(item[key])``, or None with a problem at the key's line."""
        try:
            return parser(item.get(key))
        except (ValueError, TypeError) as exc:
            self.problem(str(exc), item.line_of(key), field)
            return None

    def date(self, value: Any) -> str | None:
        """A date in this note's date order (see ``FileContext.infer_dayfirst``)."""
        return parse_date(value, self.ctx.dayfirst)

    def roles(self, item: LineDict, field: str) -> list[str]:
        """The roles of a person entry; unknown ones kept as ``other:<role>``, noted once."""
        key = "roles" if "roles" in item else "role"
        roles, unknown = parse_roles(item.get(key))
        for role in unknown:
            self.ctx.other("role", role, item.line_of(key), f"{field}.{key}")
        return roles

    def node(self, label: str, id: str, line: int, props: dict | None = None, **kw: Any) -> Ref:
        """Assert a node and that this debrief mentions it."""
        ref = self.ctx.batch.node(label, id, props, sid=self.sid, ref=self.ctx.ref(line), **kw)
        if label in ("Country", "Case", "Source"):
            return ref
        self.rel("MENTIONS", self.source, ref, line)
        return ref

    def country_node(self, code: str, line: int) -> Ref:
        return self.node("Country", code, line, create=self.ctx.directory.country_props(code))

    def rel(self, rel: str, start: Ref, end: Ref, line: int, props: dict | None = None) -> None:
        self.ctx.batch.rel(rel, start, end, props, sid=self.sid, ref=self.ctx.ref(line))

    def items(
        self, key: str, container: LineDict | None = None, prefix: str = ""
    ) -> list[tuple[LineDict, int, str]]:
        """(item, line, field path) of a list of mappings; other shapes are problems."""
        container = self.data if container is None else container
        raw = container.get(key)
        if raw is None:
            return []
        if isinstance(raw, LineDict):
            raw = _single(raw)
        if not isinstance(raw, LineList):
            self.problem(f"{key} must be a list", container.line_of(key), f"{prefix}{key}")
            return []
        out = []
        for index, item in enumerate(raw):
            field = f"{prefix}{key}[{index}]"
            if isinstance(item, LineDict):
                out.append((item, raw.line_of(index), field))
            else:
                self.problem(f"{field} must be a mapping, not {item!r}", raw.line_of(index), field)
        return out

    def person(self, ref: Any, line: int, field: str) -> Ref | None:
        """The PersonRecord of a local ref of this debrief, or a problem."""
        found = self.people.get(str(ref).strip()) if text(ref) else None
        if found is None:
            known = ", ".join(sorted(self.people)) or "none"
            self.problem(f"ref {ref!r} points nowhere (refs in this debrief: {known})", line, field)
        return found

    def agency_or_person(self, ref: Any, line: int, field: str) -> Ref | None:
        """A person ref, or an agency (named in this note, by registration, or by name).

        A value shaped like a ref (``R9``, ``T1``) that is not one is a problem, not a
        new agency called "R9".
        """
        value = text(ref)
        if value is None or value in self.people or _REF.match(value):
            return self.person(ref, line, field)
        return self.agency(value, line)

    def actor_link(self, item: LineDict, key: str, field: str, rel: str, target: Ref) -> None:
        """``(actor)-[rel]->(target)`` for the person ref or agency named under ``key``."""
        if text(item.get(key)):
            line = item.line_of(key)
            actor = self.agency_or_person(item[key], line, f"{field}.{key}")
            if actor:
                self.rel(rel, actor, target, line)

    def knows_agency(self, name: str) -> bool:
        """An agency of this note, or on file by registration, id or name."""
        directory = self.ctx.directory
        key = org_id("AGY", name, None)
        return (
            key in self.agencies
            or name.strip().upper() in directory.agencies
            or key in directory.agencies_by_name
        )

    def agency(self, name: str, line: int) -> Ref:
        """An agency of this note's ``agencies`` block (legal suffixes aside), else by name."""
        local = self.agencies.get(org_id("AGY", name, None))
        if local:
            return local
        aid = self.ctx.directory.agency(name, self.country)
        return self.node("Agency", aid, line, create={"name": name, "country": self.country})

    # ---- the note, part by part

    def header(self) -> None:
        data = self.data
        grading = self.value(
            data,
            "grading",
            lambda g: parse_grading(g, data.get("reliability"), data.get("credibility")),
            "grading",
        )
        self.country = self.value(data, "country", self.ctx.directory.country, "country")
        self.ctx.infer_dayfirst(_strings(data), self.country, "the note")
        if self.country:
            self.ctx.conventions["phones"] = f"national numbers read as {self.country}'s"
        info = SourceInfo(self.sid, "debrief", self.ctx.rel, self.ctx.hash)
        info.date = self.when = self.value(data, "date", self.date, "date")
        info.country = self.country
        info.organisation = text(data.get("organisation") or data.get("organization"))
        info.case_id, info.title = self.case_id, text(data.get("title"))
        if grading is not None:
            info.grading = grading
        ivw = data.get("interviewee")
        if isinstance(ivw, LineDict):
            info.interviewee = text(ivw.get("pseudonym")) or text(ivw.get("ref"))
        self.node("Source", self.sid, data.line, info.props())
        if self.case_id:
            case = self.node("Case", self.case_id, data.line_of("case_id"))
            self.rel("PART_OF", self.source, case, data.line_of("case_id"))
        else:
            self.problem("case_id is missing", data.line, "case_id")

    def persons(self) -> None:
        ivw = self.data.get("interviewee")
        entries: list[tuple[LineDict, int, str, bool]] = []
        if isinstance(ivw, LineDict):
            entries.append((ivw, ivw.line, "interviewee", True))
        elif ivw is not None:
            line = self.data.line_of("interviewee")
            self.problem("interviewee must be a mapping", line, "interviewee")
        entries.extend((item, line, field, False) for item, line, field in self.items("people"))
        ivw_ref = text(ivw.get("ref")) or "interviewee" if isinstance(ivw, LineDict) else None
        for item, line, field, is_interviewee in _merge_interviewee(entries, ivw_ref):
            ref = text(item.get("ref")) or ("interviewee" if is_interviewee else None)
            if ref is None:
                self.problem("a person needs a ref", line, f"{field}.ref")
                continue
            if ref in self.people:
                self.problem(f"ref {ref!r} is used twice", line, f"{field}.ref")
                continue
            record = self._person(item, line, field, ref, is_interviewee)
            self.people[ref] = record
            self.entries.append((ref, item, field))
            if is_interviewee:
                self.interviewee = record

    def _person(self, item: LineDict, line: int, field: str, ref: str, is_ivw: bool) -> Ref:
        roles = self.roles(item, field)
        if is_ivw and not roles:
            roles = ["victim"]
        name, also = split_name(text(item.get("name")))
        aliases = list(dict.fromkeys([*also, *parse_list(item.get("aliases"))]))
        props = {
            "name": name,
            "aliases": aliases,
            "roles": roles,
            "nationality": self.value(
                item, "nationality", self.ctx.directory.country, f"{field}.nationality"
            ),
            "gender": text(item.get("gender")),
            "birth_year": self.value(item, "birth_year", _year, f"{field}.birth_year"),
            "birth_date": self.value(item, "birth_date", self.date, f"{field}.birth_date"),
            "birth_place": text(item.get("birth_place")),
            "pseudonym": text(item.get("pseudonym")),
            "is_interviewee": is_ivw,
            "case_id": self.case_id,
        }
        batch, where = self.ctx.batch, self.ctx.ref(line)

        def node(label: str, id: str, props: dict | None = None, **kw: Any) -> Ref:
            return batch.node(label, id, props, sid=self.sid, ref=where, **kw)

        def rel(rel: str, start: Ref, end: Ref) -> None:
            batch.rel(rel, start, end, sid=self.sid, ref=where)

        if props["birth_date"] and not props["birth_year"]:
            props["birth_year"] = int(props["birth_date"][:4])
        if item.get("age") is not None:
            self.age(item, field, ref, props)
        record = person_record(node, rel, self.source, ref, props, self.ctx.directory)
        self.documents(record, item, field)
        for alias in aliases:
            alias_node = self.node("Alias", alias_id(alias), line, create={"value": alias})
            self.rel("HAS_ALIAS", record, alias_node, item.line_of("aliases"))
        shared = next((r for r in roles if r in SHARED_ROLES), None)
        self.identifiers(record, item, field, shared)
        return record

    def age(self, item: LineDict, field: str, ref: str, props: dict[str, Any]) -> None:
        """An age at the interview ("Age: 24") as an approximate birth year, at year
        precision like "circa 2000", noted on the record and in the load summary; a stated
        birth year or date wins."""
        age = self.value(item, "age", _age, f"{field}.age")
        if age is None:
            return
        said = self.ctx.conventions
        if props["birth_year"]:
            said[f"age of {ref}"] = f"{age} not used: the birth year {props['birth_year']} is given"
        elif self.when is None:
            said[f"age of {ref}"] = f"{age} not turned into a birth year: the note has no date"
        else:
            year, born = birth_year_from_age(age, self.when)
            props["birth_year"] = year
            props["notes"] = f"birth year about {year}: aged {age} on {self.when}"
            said[f"age of {ref}"] = f"{age} on {self.when}: born {born}, birth year taken as {year}"

    def documents(self, owner: Ref, item: LineDict, field: str) -> None:
        """Passports, national and tax IDs: ``documents: [{type, number, country}]``."""
        for index, raw in enumerate(_as_list(item.get("documents"))):
            line, where = _line(item, "documents", index), f"{field}.documents[{index}]"
            raw = raw if isinstance(raw, dict) else {"type": "other", "number": raw}
            try:
                country = self.ctx.directory.country(raw.get("country"))
                label, id, props = parties.document(
                    str(raw.get("type") or "other").lower(), raw.get("number"), country
                )
            except ValueError as exc:
                self.problem(str(exc), line, where)
                continue
            self.rel("HAS_DOCUMENT", owner, self.node(label, id, line, create=props), line)

    def identifiers(
        self, owner: Ref, item: LineDict, field: str, shared: str | None = None
    ) -> None:
        """Phones, accounts and wallets of a person or agency, each checked on its own.

        ``shared`` marks the phones as a hotline's or an agency's, not one person's.
        """
        phones = item.get("phones", item.get("phone"))
        for index, raw in enumerate(_as_list(phones)):
            line = _line(item, "phones", index)
            try:
                e164 = parse_phone(raw, self.country)
            except ValueError as exc:
                self.problem(str(exc), line, f"{field}.phones[{index}]")
                continue
            props = {"country": phone_country(e164), "shared": shared}
            phone = self.node("Phone", e164, line, props, create={"raw": str(raw)})
            self.rel("USES_PHONE", owner, phone, line)
        for index, raw in enumerate(_as_list(item.get("accounts"))):
            line = _line(item, "accounts", index)
            platform, handle = _pair(raw, "platform", "handle")
            try:
                key, platform, handle = parse_account(platform, handle, self.country, True)
            except ValueError as exc:
                self.problem(str(exc), line, f"{field}.accounts[{index}]")
                continue
            if platform.startswith(OTHER):
                self.ctx.other("platform", platform.removeprefix(OTHER), line, f"{field}.accounts")
            account = self.node("Account", key, line, {"platform": platform, "handle": handle})
            self.rel("HAS_ACCOUNT", owner, account, line)
        for index, raw in enumerate(_as_list(item.get("wallets"))):
            line = _line(item, "wallets", index)
            chain, address = _pair(raw, "chain", "address")
            wallet = self.wallet(address, chain, line, f"{field}.wallets[{index}]")
            if wallet is not None:
                self.rel("CONTROLS_WALLET", owner, wallet, line)

    def wallet(self, address: Any, chain: Any, line: int, field: str) -> Ref | None:
        try:
            wallet = parse_wallet(address, chain)
        except ValueError as exc:
            self.problem(str(exc), line, field)
            return None
        props = {"chain": wallet.chain, "address": wallet.address, "valid": wallet.valid}
        return self.node("Wallet", f"{wallet.chain}:{wallet.address}", line, props)

    def employment(self) -> None:
        """WORKS_FOR agencies or companies and WORKS_AT compounds (after agencies are known)."""
        for ref, item, field in self.entries:
            record = self.people[ref]
            if text(item.get("agency")):
                line = item.line_of("agency")
                self.rel("WORKS_FOR", record, self.agency(text(item["agency"]), line), line)
            company = self.company(item, field) if item.get("company") else None
            if company:
                self.rel("WORKS_FOR", record, company, item.line_of("company"))
            for entry, line, sub in self.items("works_at", item, f"{field}."):
                roles = self.roles(entry, sub)
                compound = self.compound(entry.get("compound"), line, sub)
                if compound:
                    props = {"role": roles[0] if roles else None}
                    self.rel("WORKS_AT", record, compound, line, props)

    def company(self, item: LineDict, field: str) -> Ref | None:
        """The Company of ``company: name`` or ``company: {name, country}``."""
        line = item.line_of("company")
        name, country = _pair(item["company"], "name", "country")
        try:
            country = self.ctx.directory.country(country)
        except ValueError as exc:
            self.problem(str(exc), line, f"{field}.company")
            return None
        props = {"name": text(name), "country": country}
        return self.node("Company", company_id(str(name), country), line, create=props)

    def compound(self, name: Any, line: int, field: str) -> Ref | None:
        if not text(name):
            self.problem("compound name is missing", line, field)
            return None
        cid, create = self.ctx.directory.compound(text(name))
        return self.node("Compound", cid, line, create=create)

    def relations(self) -> None:
        """Relations from a ref: to another ref, or (for types whose end is one) to a
        compound or an organisation by name. Any schema type, in any case, or a synonym."""
        for item, line, field in self.items("relations"):
            kind = relation_type(item.get("type"))
            if kind is None:
                self.problem(
                    f"unknown relation type {item.get('type')!r}; known: the relationship "
                    "types of the graph schema (RECRUITED, WORKS_FOR, HELD_AT...) and "
                    "their synonyms in graph_schema/vocabularies.yaml",
                    line,
                    field,
                )
                continue
            start = self.person(item.get("from"), line, f"{field}.from")
            kind = person_form(kind)
            end = self._relation_end(kind, item.get("to"), line, f"{field}.to")
            props = None
            if kind == "SOLD_TO":
                victim = self.person(item.get("person", self._ivw_ref()), line, f"{field}.person")
                props = {"person": victim[1]} if victim else None
                if victim is None:
                    continue
            when = self.value(item, "date", self.date, f"{field}.date")
            if when:  # when it happened ("recruited ... in December 2023"): on timelines
                props = {**(props or {}), "date": when}
            if start and end:
                self.rel(kind, start, end, line, props)

    def _relation_end(self, kind: str, to: Any, line: int, field: str) -> Ref | None:
        """What ``to`` names for a relation of ``kind``: a ref where the schema allows a
        person, else a compound, an agency or a company by name."""
        targets = load_schema().relationships[kind].targets
        name = text(to)
        places = [t for t in targets if t not in _PEOPLE]
        if name is None or not places or name in self.people or _REF.match(name):
            return self.person(to, line, field)
        if "Compound" in places:
            return self.compound(name, line, field)
        if "Agency" in places:  # an agency of the note or on file, else a new one
            return self.agency(name, line)
        self.problem(f"a {kind} relation cannot end at {name!r}", line, field)
        return None

    def _ivw_ref(self) -> str | None:
        return next((k for k, v in self.people.items() if v == self.interviewee), None)


def _strings(value: Any) -> list[str]:
    """Every string value of a note's front matter that is written like a date."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if slashed_date(value) else []


def _merge_interviewee(
    entries: list[tuple[LineDict, int, str, bool]], ivw_ref: str | None
) -> list[tuple[LineDict, int, str, bool]]:
    """The interviewee listed again in ``people`` under the same ref is one person: the
    entries are merged (what the interviewee block says wins), not a ref used twice."""
    if ivw_ref is None or not entries or not entries[0][3]:
        return entries
    ivw, *rest = entries
    again = [e for e in rest if text(e[0].get("ref")) == ivw_ref]
    if not again:
        return entries
    merged = LineDict()
    merged.line, merged.lines = ivw[0].line, {}
    for item, _, _, _ in [*again, ivw]:  # the interviewee block last: its values win
        for key, value in item.items():
            if key in ("roles", "role", "aliases", "phones", "accounts", "wallets"):
                value = _union(merged.get(key), value)
            merged[key] = value
            merged.lines[key] = item.line_of(key)
    return [(merged, ivw[1], ivw[2], True), *(e for e in rest if e not in again)]


def _union(first: Any, second: Any) -> Any:
    """Two list-or-scalar values as one list without repeats (line numbers of the first)."""
    if first is None:
        return second
    items = [*_as_list(first), *(v for v in _as_list(second) if v not in _as_list(first))]
    out = LineList(items)
    lines = getattr(first, "lines", []) + getattr(second, "lines", [])
    out.line, out.lines = getattr(first, "line", 0), lines[: len(items)]
    return out


def _single(item: LineDict) -> LineList:
    out = LineList([item])
    out.line, out.lines = item.line, [item.line]
    return out


def _as_list(value: Any) -> list:
    """A YAML list as is; one value as a list of one; nothing as an empty list."""
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def _line(item: LineDict, key: str, index: int) -> int:
    value = item.get(key)
    return value.line_of(index) if isinstance(value, LineList) else item.line_of(key)


def _pair(raw: Any, first: str, second: str) -> tuple[Any, Any]:
    """``{first: a, second: b}`` or ``"a:b"`` (or just ``b``) as (a, b)."""
    if isinstance(raw, dict):
        return raw.get(first), raw.get(second)
    raw = str(raw)
    if ":" in raw and not raw.startswith(("http", "0x")):
        head, tail = raw.split(":", 1)
        return head, tail
    return None, raw


def _age(value: Any) -> int | None:
    age = parse_number(value, "age")
    if age is not None and not (isinstance(age, int) and 1 <= age <= 110):
        raise ValueError(f"age {value!r} is not an age in years")
    return age


def _year(value: Any) -> int | None:
    year = parse_number(value, "birth_year")
    if year is not None and not (isinstance(year, int) and 1900 <= year <= 2030):
        raise ValueError(f"birth_year {value!r} is not a year")
    return year

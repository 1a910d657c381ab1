"""The people of a note typed without front matter: the interviewee's line and the lines
that label the others ("Recruiter: Mr. Tesfaye, Telegram @tesfa_jobs, +251 91 555 0123").

Offices do not write a ``people:`` block, but their forms have a line for the recruiter,
the broker, the driver, the boss, the other victims (found by ``note_lines``, with the
lists and tables of people). Each such line is read as a
front-matter note's entry would be: a person with the role the label gives (labels,
roles and relations are data, ``data/note_people.yaml``), the phones, handles and wallets
on that line (theirs), the nationality, gender and age written beside the name, and the
relation to the interviewee a front-matter note would state (a recruiter RECRUITED
them). Names in the paragraphs are not read: that would be a guess.

A labelled line whose value does not read as a name ("Boss: work faster!" in a chat
transcript) is not taken for a person; it is listed in the load summary, as every
person read is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from casegraph.loaders.frontmatter import LineDict, LineList
from casegraph.loaders.gazetteer import Gazetteer
from casegraph.loaders.mappings import column_key
from casegraph.loaders.mining import Mention, mine_text
from casegraph.loaders.nationalities import nationality
from casegraph.loaders.note_lines import Label, data_file, people_lines
from casegraph.loaders.vocabulary import lookup

__all__ = ["OtherPeople", "gender", "other_people", "person_line"]

_SEX = re.compile(r"^(m|f|male|female)$", re.IGNORECASE)
_BORN = re.compile(r"\b(?:b\.|born|dob|yob)\s*:?\s*((?:19|20)\d\d)\b", re.IGNORECASE)
_BRACKETS = re.compile(r"\(([^()]*)\)")
_PARTS = re.compile(r"\s*[,;]\s*")
_PEOPLE = re.compile(r"\s*(?:;|,|\band\b|\bdan\b|\bna\b|\bet\b|\bvà\b)\s*", re.IGNORECASE)
_NOBODY = {"", "-", "--", "none", "nil", "nobody", "tidak ada", "hakuna", "không có", "aucun"}
_NO = ("unknown", "false")  # "unknown", "n/a", "no" (graph_schema/vocabularies.yaml flags)
_QUOTES = "\"'“”‘’"  # around a nickname given as the name ('Boss: "Boss Wang"')
_MAX_NAME_WORDS = 5  # longer is a sentence ("Boss: you will work 16 hours a day")
_IDENTIFIERS = (("phone", "phones"), ("account", "accounts"), ("wallet", "wallets"))


@cache
def _age() -> re.Pattern[str]:
    """An age beside a name ("24 yrs", "aged 24"), its words from ``note_words.yaml``."""
    words = data_file("note_words.yaml")

    def either(key: str) -> str:
        return "|".join(re.escape(w) for w in sorted(words[key], key=len, reverse=True))

    before, after = either("age_before"), either("age_after")
    return re.compile(
        rf"(?<!\w)(?:{before})\s*:?\s*(\d{{1,3}})\b|\b(\d{{1,3}})\s*(?:{after})(?!\w)",
        re.IGNORECASE,
    )


@cache
def _genders() -> dict[str, str]:
    """Folded word -> M or F ("perempuan", "nữ", "homme"), from ``note_words.yaml``."""
    words = data_file("note_words.yaml")["gender"]
    return {column_key(w): code for code, written in words.items() for w in written}


def gender(part: str) -> str | None:
    """M or F for a word that says it ("female", "Perempuan", "(nữ)"), else None."""
    return _genders().get(column_key(part))


def _detail(part: str, gazetteer: Gazetteer) -> bool:
    """Whether a part of a person's line says something about them other than a name."""
    found = gender(part) or _age().search(part) or _BORN.search(part)
    return bool(found or _nationality(part, gazetteer))


def _nationality(part: str, gazetteer: Gazetteer) -> str | None:
    """The country a part beside a name says: one of the gazetteer's ("Kenyan",
    "Ethiopia") or a nationality adjective ("Ghanaian", "sénégalaise"), not any
    country's name ("Jordan", "Chad" are names too)."""
    return gazetteer.country_code(part) or nationality(part)


def _outside_brackets(text: str, separator: re.Pattern[str]) -> list[str]:
    """``text`` split at ``separator`` where it is not inside brackets."""
    parts, start, depth = [], 0, 0
    for match in re.finditer(rf"[()]|{separator.pattern}", text, separator.flags):
        token = match.group(0)
        depth += {"(": 1, ")": -1}.get(token, 0) if token in "()" else 0
        if token not in "()" and depth <= 0:
            parts.append(text[start : match.start()])
            start = match.end()
    return [p.strip() for p in [*parts, text[start:]] if p.strip()]


def _mined(text: str, gazetteer: Gazetteer, region: str | None) -> list[Mention]:
    """The phones, handles and wallets in ``text`` (no indicator rules: a name's line
    holds none, and they were most of the time spent reading one)."""
    kinds = {kind for kind, _ in _IDENTIFIERS}
    return [m for m in mine_text(text, region, gazetteer, rules=[]) if m.kind in kinds]


def _identifies(part: str, gazetteer: Gazetteer, region: str | None) -> bool:
    """Whether a part of a line holds a phone, handle or wallet."""
    return bool(_mined(part, gazetteer, region))


def _bare(part: str, gazetteer: Gazetteer, region: str | None, context: str = "") -> bool:
    """A part of a line that can be a name: no country, age, birth year, number or
    handle (``context``, the line's label, may say it is one: "Telegram: pk_jobs"), nor
    a plain M, F, male or female ("Nam", a Vietnamese man's word, is also a name)."""
    found = _SEX.match(part) or _age().search(part) or _BORN.search(part)
    labelled = f"{context}: {part}" if context else part
    return not (found or _nationality(part, gazetteer) or _identifies(labelled, gazetteer, region))


def person_line(
    written: str,
    line: int,
    ref: str,
    gazetteer: Gazetteer,
    region: str | None,
    context: str = "",
) -> LineDict:
    """The person a line describes ("Joseph Mwangi (M), Kenyan, b. 1998, ph 0722 555
    019"; "Mr. Tesfaye, Telegram @tesfa_jobs, +251 91 555 0123") as a front-matter entry:
    a name, gender, nationality, birth year or age, and the phones, handles and wallets on
    that line, which are that person's (elsewhere in the text a number is only mentioned).

    The name is the first part that can be one (None when there is none); brackets that
    hold only details ("(Ethiopian, M)", "(nữ)") are details, others an alias ("Samuel
    Wekesa (Boss Sammy)", read as the front matter's names are). ``context``, the line's
    label, is mined with it: "Recruiter's Telegram: tesfa_jobs" names the platform there."""
    person = LineDict(ref=ref)
    details: list[str] = []

    def bracketed(match: re.Match[str]) -> str:
        inside = [p for p in _PARTS.split(match.group(1).strip()) if p]
        if inside and all(_detail(p, gazetteer) for p in inside):
            details.extend(inside)
            return ","
        return match.group(0)

    parts = _outside_brackets(_BRACKETS.sub(bracketed, written), _PARTS)
    for part in [*parts, *details]:
        if "name" not in person and part not in details and _bare(part, gazetteer, region, context):
            person["name"] = part.strip(_QUOTES) or part
        elif (sex := gender(part)) and "gender" not in person:
            person["gender"] = sex
        elif (country := _nationality(part, gazetteer)) and "nationality" not in person:
            person["nationality"] = country
    person.setdefault("name", None)
    if born := _BORN.search(written):
        person["birth_year"] = int(born.group(1))
    if age := _age().search(written):
        person["age"] = int(age.group(1) or age.group(2))
    mined = _mined(f"{context}: {written}" if context else written, gazetteer, region)
    for kind, field in _IDENTIFIERS:
        found = list(dict.fromkeys(m.key for m in mined if m.kind == kind))
        if found:
            person[field] = LineList(found)
            person[field].line, person[field].lines = line, [line] * len(found)
    person.line, person.lines = line, dict.fromkeys(person, line)
    return person


def _pieces(value: str, kind: Label, gazetteer: Gazetteer, region: str | None) -> list[str]:
    """The people a line lists: the whole value, or for a line of several
    ("Other victims: Dawit (Ethiopian), Ronald and Grace") each name with the details
    after it (a piece that is only a detail or a number belongs to the one before)."""
    if not kind.many:
        return [value]
    pieces: list[str] = []
    for piece in _outside_brackets(value, _PEOPLE):
        if pieces and not (_bare(piece, gazetteer, region) and any(c.isalpha() for c in piece)):
            pieces[-1] += f", {piece}"
        else:
            pieces.append(piece)
    return pieces


def _not_a_name(person: LineDict) -> str | None:
    """Why a line's person is not one (a sentence, nobody), or None. "Unknown" with a
    phone is a person whose name is not known."""
    name = person["name"]
    if name is not None and (
        column_key(name).replace("_", " ") in _NOBODY or lookup("flags", name) in _NO
    ):
        person["name"] = name = None
    if name is None:
        return None if any(field in person for _, field in _IDENTIFIERS) else "names nobody"
    if len(name.split()) > _MAX_NAME_WORDS or re.search(r"[?!]", name) or name[0].islower():
        return "reads like a sentence, not a name"
    return None


@dataclass
class OtherPeople:
    """The people of a note's labelled lines, their relations to the interviewee, and
    what the load summary says about them."""

    people: LineList
    relations: LineList
    read: list[str]
    unread: list[str]


def other_people(
    text: str, gazetteer: Gazetteer, region: str | None, interviewee: str | None
) -> OtherPeople:
    """The people the labelled lines of ``text`` name, with refs by role (R1, T1, V2...;
    P1 without a role), one entry per name (a name on two lines is one person with both
    roles), and relations to the interviewee ref ``interviewee`` where there is one."""
    out = OtherPeople(_line_list(), _line_list(), [], [])
    by_name: dict[str, LineDict] = {}
    last: dict[str, str] = {}  # label kind -> the name key of the last person it gave
    counters: dict[str, int] = {"V": 1}  # V1 is the interviewee
    for number, kind, label, value in people_lines(text):
        for piece in _pieces(value, kind, gazetteer, region):
            prefix = kind.role[0].upper() if kind.role else "P"
            person = person_line(piece, number, "", gazetteer, region, context=label)
            why = _not_a_name(person)
            if why:
                out.unread.append(f"line {number} {kind.label!r}: {piece!r} {why}")
                continue
            key = " ".join(str(person["name"] or piece).casefold().split())
            if person["name"] is None and kind.label in last:
                key = last[kind.label]  # "Recruiter's phone: ..." below "Recruiter: ..."
            last[kind.label] = key
            entry = by_name.get(key)
            if entry is None:
                counters[prefix] = counters.get(prefix, 0) + 1
                entry = by_name[key] = person
                entry["ref"] = f"{prefix}{counters[prefix]}"
                entry["roles"] = _line_list(number)
                out.people.append(entry)
                out.people.lines.append(number)
            else:
                _absorb(entry, person)
            if kind.role and kind.role not in entry["roles"]:
                entry["roles"].append(kind.role)
                entry["roles"].lines.append(number)
            entry.lines["roles"] = entry["roles"].line
            said = kind.role or "no role"
            if kind.relation and interviewee:
                relation = LineDict(
                    {"from": entry["ref"], "type": kind.relation, "to": interviewee}
                )
                relation.line, relation.lines = number, {}
                out.relations.append(relation)
                out.relations.lines.append(number)
                said += f", {kind.relation} {interviewee}"
            elif kind.relation:
                said += f"; {kind.relation} left out: no interviewee line"
            out.read.append(f"{entry['ref']} line {number} {kind.label!r} ({said})")
    return out


def _absorb(entry: LineDict, person: LineDict) -> None:
    """What a second line about the same name adds: details it lacks, more identifiers."""
    for key, value in person.items():
        if key in ("ref", "name") or value is None:
            continue
        if isinstance(value, LineList) and isinstance(entry.get(key), LineList):
            for item, line in zip(value, value.lines, strict=True):
                if item not in entry[key]:
                    entry[key].append(item)
                    entry[key].lines.append(line)
        elif key not in entry:
            entry[key], entry.lines[key] = value, person.line_of(key)


def _line_list(line: int = 0) -> LineList:
    out = LineList()
    out.line, out.lines = line, []
    return out

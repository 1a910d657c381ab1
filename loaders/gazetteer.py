"""The place gazetteer: countries, cities, crossings, SEZs and compounds by every spelling.

Debriefs spell places as the victim heard them ("Myawadi", "Mae Sod", "Sihanouk Ville",
"KKPark"). Matching them to one stable id is what lets an analyst see that two victims
from different countries crossed at the same river or were held in the same compound.

Names are compared on a folded key: transliterated to ASCII, case-folded, with every
space and punctuation mark removed. ``find_all`` searches free text with one
Aho-Corasick automaton over the folded text, accepting only matches that start and end
on word boundaries and preferring the longest match (each Chinese character counts as a
word, so "在妙瓦底" finds Myawaddy). Short all-capital aliases (BKK, UAE) match only when
written in capitals, so ordinary words are not taken for places.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick
import phonenumbers
import yaml
from anyascii import anyascii

from casegraph.core.errors import InputError, Problem
from casegraph.core.resources import package_path

__all__ = [
    "DEFAULT_PATH",
    "KINDS",
    "Gazetteer",
    "Place",
    "fold",
    "load_gazetteer",
    "read_reference",
]

DEFAULT_PATH = package_path("casegraph.loaders", "data", "gazetteer.yaml")
KINDS = (
    "country",
    "city",
    "airport",
    "border_crossing",
    "river_crossing",
    "sez",
    "province",
    "compound",
)
_ID_SHAPE = re.compile(r"(LOC|CMP)-[A-Z]{2}-[A-Z0-9-]+")
_ACRONYM = re.compile(r"[A-Z]{2,4}")
# A match made of several words in the text must be at least this long (or come from an
# alias written as several words), so that "add is" is never read as "Addis".
_MIN_JOINED = 6


@dataclass(frozen=True)
class Place:
    """One gazetteer entry; for countries ``id`` and ``country`` are the ISO2 code."""

    id: str
    name: str
    kind: str
    country: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    located_in: str | None = None
    lookup_only: tuple[str, ...] = ()  # spellings too ambiguous to search for in free text

    @property
    def spellings(self) -> tuple[str, ...]:
        """Name, aliases, demonyms and their plurals ("Kenyans"; "Chinese" stays)."""
        plurals = tuple(d + "s" for d in self.demonyms if not d.endswith(("ese", "ish", "s")))
        return (self.name, *self.aliases, *self.demonyms, *plurals)


@dataclass(frozen=True)
class _Key:
    place: Place
    length: int
    acronym: str | None  # the exact capitals required in text, for short acronyms
    multiword: bool  # some spelling with this key is written as several words
    in_text: bool  # searched for by find_all (False: lookup only)


def fold(name: str) -> str:
    """The comparison key of a name: ASCII, case-folded, letters and digits only."""
    return "".join(c for c in anyascii(name).casefold() if c.isalnum())


def _fold_with_offsets(text: str) -> tuple[str, list[int], list[bool]]:
    """Fold ``text`` and keep, per folded char, its source offset and a word-start flag."""
    chars: list[str] = []
    offsets: list[int] = []
    starts: list[bool] = []
    boundary = True
    for index, char in enumerate(text):
        folded = char.casefold() if char.isascii() else anyascii(char).casefold()
        kept = [c for c in folded if c.isalnum()]
        if not kept:
            boundary = True
            continue
        # Chinese and Japanese write no spaces: each ideograph is a word of its own
        ideograph = not char.isascii() and unicodedata.east_asian_width(char) in ("W", "F")
        boundary = boundary or ideograph
        for c in kept:
            chars.append(c)
            offsets.append(index)
            starts.append(boundary)
            boundary = False
        boundary = ideograph
    return "".join(chars), offsets, starts


class Gazetteer:
    """Places by id and by every spelling; see the module docstring for matching rules."""

    def __init__(self, places: list[Place], source: str = "<gazetteer>") -> None:
        self.places: dict[str, Place] = {}
        self._keys: dict[str, _Key] = {}
        problems: list[Problem] = []
        for place in places:
            if place.id in self.places:
                problems.append(Problem(f"duplicate id {place.id}", source, field="id"))
            self.places[place.id] = place
        for place in places:
            problems.extend(self._check(place, source))
            for spelling in place.spellings:
                problems.extend(self._add_key(place, spelling, source, in_text=True))
            for spelling in place.lookup_only:
                problems.extend(self._add_key(place, spelling, source, in_text=False))
        if problems:
            raise InputError(f"invalid gazetteer {source}", problems)
        self._automaton = ahocorasick.Automaton()
        for key, entry in self._keys.items():
            if entry.in_text:
                self._automaton.add_word(key, key)
        self._automaton.make_automaton()

    def _check(self, place: Place, source: str) -> list[Problem]:
        reasons = {
            "kind": place.kind not in KINDS and f"unknown kind {place.kind!r}",
            "id": place.kind != "country"
            and not _ID_SHAPE.fullmatch(place.id)
            and "id must look like LOC-XX-NAME or CMP-XX-NAME",
            "country": place.country not in self.places and f"unknown country {place.country!r}",
            "located_in": bool(place.located_in)
            and place.located_in not in self.places
            and f"unknown parent {place.located_in!r}",
        }
        return [
            Problem(reason, source, field=f"{place.id}.{name}")
            for name, reason in reasons.items()
            if reason
        ]

    def _add_key(self, place: Place, spelling: str, source: str, in_text: bool) -> list[Problem]:
        key = fold(spelling)
        if not key:
            return [Problem(f"empty spelling {spelling!r}", source, field=place.id)]
        previous = self._keys.get(key)
        if previous is not None and previous.place.id != place.id:
            reason = f"{spelling!r} also names {previous.place.id}"
            return [Problem(reason, source, field=place.id)]
        acronym = spelling if _ACRONYM.fullmatch(spelling) else None
        words = sum(_fold_with_offsets(spelling)[2])
        multiword = words > 1 or bool(previous and previous.multiword)
        if previous is not None and previous.acronym is None:
            acronym = None  # also written as an ordinary word: any case matches
        in_text = in_text or bool(previous and previous.in_text)
        self._keys[key] = _Key(place, len(key), acronym, multiword, in_text)
        return []

    def get(self, place_id: str) -> Place | None:
        """The place with this id (or ISO2 country code), if any."""
        return self.places.get(place_id.strip().upper())

    def lookup(self, name: str) -> Place | None:
        """The place a user-written name, id or country code refers to, or None."""
        if not name or not name.strip():
            return None
        by_id = self.get(name)
        if by_id is not None:
            return by_id
        entry = self._keys.get(fold(name))
        return entry.place if entry else None

    def country_code(self, name_or_demonym: str) -> str | None:
        """ISO2 code from a country name, demonym ("Kenyan") or code, else None.

        Any ISO 3166 alpha-2 code is accepted, not only the countries listed here.
        """
        text = (name_or_demonym or "").strip()
        if len(text) == 2 and text.upper() in phonenumbers.SUPPORTED_REGIONS:
            return text.upper()
        place = self.lookup(text)
        return place.id if place is not None and place.kind == "country" else None

    def find_all(self, text: str) -> list[tuple[Place, int, int]]:
        """Every place named in ``text`` as (place, start, end), longest match first wins."""
        folded, offsets, starts = _fold_with_offsets(text)
        candidates = []
        for end, key in self._automaton.iter(folded):
            start = end - len(key) + 1
            if not starts[start] or (end + 1 < len(folded) and not starts[end + 1]):
                continue
            entry = self._keys[key]
            span = (offsets[start], offsets[end] + 1)
            joined = any(starts[start + 1 : end + 1])
            if joined and not entry.multiword and entry.length < _MIN_JOINED:
                continue
            if entry.acronym and text[span[0] : span[1]] != entry.acronym:
                continue
            candidates.append((span[0], -entry.length, span[1], entry.place))
        found: list[tuple[Place, int, int]] = []
        taken_until = -1
        for start, _, end, place in sorted(candidates, key=lambda c: c[:3]):
            if start >= taken_until:
                found.append((place, start, end))
                taken_until = end
        return found


def _place(raw: dict[str, Any], kind: str | None = None) -> Place:
    return Place(
        id=str(raw["id"]),
        name=str(raw["name"]),
        kind=kind or str(raw.get("kind", "")),
        country=str(raw.get("country", "")),
        aliases=tuple(str(a) for a in raw.get("aliases") or ()),
        demonyms=tuple(str(d) for d in raw.get("demonyms") or ()),
        lat=raw.get("lat"),
        lon=raw.get("lon"),
        located_in=raw.get("located_in"),
        lookup_only=tuple(str(a) for a in raw.get("lookup_only") or ()),
    )


def read_reference(path: str | Path | None, default: Path, what: str) -> tuple[Path, dict]:
    """Read a reference-data YAML mapping (gazetteer, indicator rules), ``default`` if no path.

    Raises InputError naming the file when it cannot be read or is not a mapping.
    """
    path = Path(path) if path is not None else default
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read {what} {path}", [Problem(str(exc), str(path))]) from exc
    if not isinstance(data, dict):
        raise InputError(f"invalid {what} {path}", [Problem("not a YAML mapping", str(path))])
    return path, data


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Load and validate a gazetteer file (the shipped one by default).

    Raises InputError naming the file and entry for every broken entry at once.
    """
    path, data = read_reference(path, DEFAULT_PATH, "gazetteer")
    places: list[Place] = []
    problems: list[Problem] = []
    sections = (("countries", "country"), ("places", None), ("compounds", "compound"))
    for section, kind in sections:
        for number, raw in enumerate(data.get(section) or (), start=1):
            if kind == "country" and isinstance(raw, dict):
                raw = {**raw, "id": raw.get("code"), "country": raw.get("code")}
            try:
                places.append(_place(raw, kind))
            except (KeyError, TypeError, AttributeError) as exc:
                reason = f"entry {number} lacks {exc}"
                problems.append(Problem(reason, str(path), field=section))
    if problems:
        raise InputError(f"invalid gazetteer {path}", problems)
    return Gazetteer(places, str(path))

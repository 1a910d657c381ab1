"""Normalizers: turn raw field values into comparison forms, keeping the original.

Names: Unicode NFKC, case folding, transliteration to Latin (``anyascii``; CJK names
become "surname givenname" pinyin), honorifics and role words dropped, nicknames
mapped to a canonical first name (``data/nicknames.yaml``), tokens sorted so that
name order does not matter. Organisations: legal suffixes dropped and look-alike
spellings folded (0/o, 1/l/i, rn/m, vv/w, Cyrillic or Greek homoglyphs), because
traffickers copy real company names with one letter changed. Phones, handles and
wallets go through :mod:`casegraph.core.identifiers` so every part of casegraph keys
them the same way. Normalizers are cached: names repeat across records.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

import yaml
from anyascii import anyascii

_DATA = Path(__file__).parent / "data"
_NON_WORD = re.compile(r"[^a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")

LEGAL_SUFFIXES = frozenset(
    {
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "llp",
        "plc",
        "pt",
        "tbk",
        "sdn",
        "bhd",
        "pte",
        "fze",
        "fzco",
        "fzc",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "group",
        "gmbh",
        "sa",
        "sarl",
        "srl",
        "bv",
        "nv",
        "ag",
        "jsc",
        "ojsc",
        "ooo",
        "pvt",
        "private",
        "public",
        "holdings",
        "holding",
        "enterprise",
        "enterprises",
        "intl",
        "international",
        "trading",
    }
)
# Latin look-alikes of Cyrillic and Greek letters, applied only inside mixed-script words.
_HOMOGLYPHS = str.maketrans(
    "аеорсхуікјѕԁмнтвΑΒΕΗΙΚΜΝΟΡΤΥΧαοριν",
    "aeopcxyikjsdmhtbABEHIKMNOPTYXaopiv",
)
_LOOKALIKES = (("rn", "m"), ("vv", "w"), ("cl", "d"))
_DIGIT_LOOKALIKES = str.maketrans("01|!i3458", "olllleasb")


@cache
def _yaml(name: str) -> dict:
    return yaml.safe_load((_DATA / name).read_text(encoding="utf-8"))


@cache
def _honorifics() -> frozenset[str]:
    return frozenset(_yaml("honorifics.yaml")["latin"])


@cache
def _script_prefixes() -> tuple[str, ...]:
    return tuple(sorted(_yaml("honorifics.yaml")["script_prefixes"], key=len, reverse=True))


@cache
def _nicknames() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _yaml("nicknames.yaml")["groups"]:
        for name in group:
            table.setdefault(str(name), str(group[0]))
    return table


def _fold_homoglyphs(word: str) -> str:
    has_latin = any("a" <= c.lower() <= "z" for c in word)
    return word.translate(_HOMOGLYPHS) if has_latin else word


def _cjk_to_latin(word: str) -> str:
    """Pinyin of a CJK name as "surname givenname" (given-name syllables joined)."""
    syllables = [anyascii(c).lower() for c in word if not c.isspace()]
    if len(syllables) < 2:
        return " ".join(syllables)
    return f"{syllables[0]} {''.join(syllables[1:])}"


def to_latin(text: str) -> str:
    """NFKC, homoglyph folding in mixed-script words, transliteration to Latin, case folded."""
    text = unicodedata.normalize("NFKC", text).strip()
    words = []
    for word in text.split():
        word = _fold_homoglyphs(word)
        words.append(_cjk_to_latin(word) if _CJK.search(word) else anyascii(word))
    return " ".join(words).casefold()


def _strip_script_prefixes(text: str) -> str:
    words = []
    for word in unicodedata.normalize("NFKC", text).split():
        for prefix in _script_prefixes():
            if word.startswith(prefix) and len(word) > len(prefix):
                word = word[len(prefix) :]
                break
        words.append(word)
    return " ".join(words)


def name_tokens(raw: str | None) -> list[str]:
    """Latin tokens of a person name without honorifics, in their original order."""
    if not raw:
        return []
    tokens = _NON_WORD.sub(" ", to_latin(_strip_script_prefixes(raw))).split()
    kept = [t for t in tokens if t not in _honorifics()]
    return kept or tokens


@lru_cache(maxsize=1 << 18)
def canonical_name(raw: str | None) -> str:
    """The comparison form of a person name: tokens mapped to canonical nicknames, sorted.

    ``"Mr DANNY  Otieno"``, ``"Otieno, Daniel"`` and ``"丹尼尔"``-style variants that
    transliterate the same way all give ``"daniel otieno"``.
    """
    nicknames = _nicknames()
    return " ".join(sorted(nicknames.get(t, t) for t in name_tokens(raw)))


def org_tokens(raw: str | None) -> list[str]:
    """Latin tokens of an organisation name without legal suffixes (kept if nothing else)."""
    if not raw:
        return []
    tokens = _NON_WORD.sub(" ", to_latin(raw.replace("&", " and "))).split()
    kept = [t for t in tokens if t not in LEGAL_SUFFIXES]
    return kept or tokens


@lru_cache(maxsize=1 << 18)
def org_skeleton(raw: str | None) -> str:
    """Organisation name with look-alike spellings folded: "G0lden Sand Co., Ltd" -> "goldensand".

    Spaces are dropped too, so "Golden Sand" and "GoldenSand" agree.
    """
    text = "".join(org_tokens(raw)).translate(_DIGIT_LOOKALIKES)
    for pair, single in _LOOKALIKES:
        text = text.replace(pair, single)
    return text


@lru_cache(maxsize=1 << 18)
def normalize_text(raw: str | None) -> str:
    """Generic text: transliterated, case folded, punctuation collapsed to single spaces."""
    return " ".join(_NON_WORD.sub(" ", to_latin(raw)).split()) if raw else ""


@lru_cache(maxsize=1 << 18)
def normalize_identifier(raw: str | None) -> str:
    """Passport, ID or SSN-style numbers: upper case, letters and digits only."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", raw).upper()) if raw else ""


_DATE_FORMATS = (
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"),
    re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})$"),
    re.compile(r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})$"),
)


@lru_cache(maxsize=1 << 18)
def normalize_date(raw: str | None) -> str:
    """ISO date, or a partial one ("1990", "1990-04"); day-first for slashed dates; "" if bad."""
    if not raw:
        return ""
    text = str(raw).strip()
    for pattern in _DATE_FORMATS:
        match = pattern.match(text)
        if not match:
            continue
        parts = match.groupdict()
        year, month, day = int(parts["y"]), parts.get("m"), parts.get("d")
        if day is not None:
            try:
                return date(year, int(month), int(day)).isoformat()
            except ValueError:
                return ""
        if month is not None:
            return f"{year:04d}-{int(month):02d}" if 1 <= int(month) <= 12 else ""
        return f"{year:04d}"
    return ""


def normalize_country(raw: str | None) -> str:
    """Country as upper-case code or name; comparison is exact after this."""
    return normalize_text(raw).upper() if raw else ""


def normalize_postcode(raw: str | None) -> str:
    """Postcodes: upper case, letters and digits only."""
    return normalize_identifier(raw)


__all__ = [
    "LEGAL_SUFFIXES",
    "canonical_name",
    "name_tokens",
    "normalize_country",
    "normalize_date",
    "normalize_identifier",
    "normalize_postcode",
    "normalize_text",
    "org_skeleton",
    "org_tokens",
    "to_latin",
]

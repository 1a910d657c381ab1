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
from collections.abc import Iterable
from datetime import date
from functools import cache, lru_cache

import pycountry
from anyascii import anyascii

from casegraph.core.resources import package_yaml

_NON_WORD = re.compile(r"[^a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")

# Latin look-alikes of Cyrillic and Greek letters, applied only inside mixed-script words.
_HOMOGLYPHS = str.maketrans(
    "аеорсхуікјѕԁмнтвΑΒΕΗΙΚΜΝΟΡΤΥΧαοριν",
    "aeopcxyikjsdmhtbABEHIKMNOPTYXaopiv",
)
_LOOKALIKES = (("rn", "m"), ("vv", "w"), ("cl", "d"))
_DIGIT_LOOKALIKES = str.maketrans("01|!i3458", "olllleasb")


@cache
def _yaml(name: str) -> dict:
    return package_yaml("casegraph.resolution", "data", name)


@cache
def _honorifics() -> frozenset[str]:
    return frozenset(_yaml("honorifics.yaml")["latin"])


@cache
def _leading_honorifics() -> frozenset[str]:
    return frozenset(_yaml("honorifics.yaml")["leading"])


@cache
def legal_forms() -> frozenset[str]:
    """Words that say what kind of legal person an organisation is (Ltd, PT, Sdn Bhd)."""
    return frozenset(_yaml("organisations.yaml")["legal_forms"])


@cache
def distinguishing_words() -> frozenset[str]:
    """Words that tell one company of a family from another (Group, Holdings, Trading)."""
    return frozenset(_yaml("organisations.yaml")["distinguishing"])


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


@cache
def _compound_surnames() -> frozenset[str]:
    return frozenset(_yaml("surnames.yaml")["compound_hanzi"])


def _cjk_to_latin(word: str) -> str:
    """Pinyin of a CJK word, its syllables joined ("小明" -> "xiaoming")."""
    return "".join(anyascii(c).lower() for c in word if not c.isspace())


def _surname_first(word: str, compound: bool = False) -> str:
    """Pinyin of a CJK name written as one word, as "surname givenname": the first
    character is the surname, or with ``compound`` the first two for a compound one
    ("欧阳娜娜" -> "ouyang nana"; ``data/surnames.yaml``)."""
    cut = 2 if compound and len(word) > 2 and word[:2] in _compound_surnames() else 1
    if len(word) <= cut:
        return _cjk_to_latin(word)
    return f"{_cjk_to_latin(word[:cut])} {_cjk_to_latin(word[cut:])}"


def to_latin(text: str, name: bool = False) -> str:
    """NFKC, homoglyph folding in mixed-script words, transliteration to Latin, case folded.

    CJK words become "surname givenname" pinyin; for a person's ``name``, only when it is
    one word (then a compound surname counts as one), since a name written in words
    already says where its surname ends ("王 小明" is Wang Xiaoming, "欧阳 娜娜" Ouyang Nana),
    and Thai words are romanized as Thai names are (:func:`_thai_to_latin`)."""
    text = unicodedata.normalize("NFKC", text).strip()
    words = text.split()
    in_words = name and len(words) > 1
    out = []
    for word in words:
        word = _fold_homoglyphs(word)
        if _CJK.search(word):
            out.append(_cjk_to_latin(word) if in_words else _surname_first(word, name))
        elif name and _THAI.search(word):
            out.append(_thai_to_latin(word))
        else:
            out.append(anyascii(word))
    return " ".join(out).casefold()


@lru_cache(maxsize=1 << 16)
def _thai_to_latin(word: str) -> str:
    """A Thai name in the Royal Thai General System, as passports and police lists write
    Thai names (PyThaiNLP's "royin"): "ชัยวัฒน์" is "chaiwat", where letter-by-letter
    transliteration gave "chaywathn" and kept a Thai-script record apart from the same
    man's Latin ones. Imported on the first Thai name (its dictionary takes a second)."""
    from pythainlp.transliterate import romanize

    return romanize(word, engine="royin")


def _strip_script_prefixes(text: str) -> str:
    """The name without a title prefixed to its first word in a script without spaces
    ("คุณสมชาย", "老陈"); a later word keeps it ("王 小明": Xiaoming is his given name)."""
    words = unicodedata.normalize("NFKC", text).split()
    if words:
        for prefix in _script_prefixes():
            if words[0].startswith(prefix) and len(words[0]) > len(prefix):
                words[0] = words[0][len(prefix) :]
                break
    return " ".join(words)


def name_tokens(raw: str | None) -> list[str]:
    """Latin tokens of a person name without honorifics, in their original order."""
    if not raw:
        return []
    latin = _SLASHED.sub(_unslashed, to_latin(_strip_script_prefixes(raw), name=True))
    tokens = _NON_WORD.sub(" ", latin).split()
    always, leading = _honorifics(), _leading_honorifics()
    kept = [t for t in tokens if t not in always]
    start = 0
    while start < len(kept) - 1 and kept[start] in leading and kept[start + 1] != kept[start]:
        start += 1
    return kept[start:] or tokens


_SLASHED = re.compile(r"(?<![a-z0-9])([a-z])\s*/\s*([a-z]*)")


def _unslashed(match: re.Match[str]) -> str:
    """A slashed particle as the particle compared ("a/l" -> "bin"), an Ethiopian
    abbreviation written out ("g/medhin" -> "gebremedhin"), anything else as written
    (``data/particles.yaml``)."""
    data = _yaml("particles.yaml")
    letter, rest = match.groups()
    particle = data["slashed"].get(f"{letter}/{rest}")
    if particle:
        return f" {particle} "
    prefix = data["abbreviated"].get(letter)
    return prefix + rest if prefix and rest else match.group(0)


_BRACKETED = re.compile(r"^(?P<name>[^(\[（]+?)\s*[(\[（](?P<alias>[^)\]）]+)[)\]）]\s*$")
_AKA = re.compile(r"\s+(?:a\.?\s?k\.?\s?a\.?|alias|also known as|@)\s+", re.IGNORECASE)
_QUOTED = re.compile(r"\s[\"“'‘](?P<alias>[^\"”'’]+)[\"”'’]\s")
_ALIAS_LIST = re.compile(r"\s*[;,/]\s*")
_AKA_FIRST = re.compile(r"^(?:a\.?\s?k\.?\s?a\.?|alias|also known as)[\s:.]+", re.IGNORECASE)
# What a name that carries aliases has somewhere: most names have none of it.
_ALIASED = re.compile(r"[(\[（\"“'‘@]|a\.?\s?k\.?\s?a|alias|known as", re.IGNORECASE)


def split_name(written: str | None) -> tuple[str | None, list[str]]:
    """(name, aliases) of a name that carries its aliases, as field notes write them.

    ``"Samuel Wekesa (Boss Sammy)"``, ``"JOHN (a.k.a. JOHNNY)"``, ``"Samuel Wekesa a.k.a.
    Sammy"``, ``"Abebe @ Abi"``, ``'Samuel "Sammy" Wekesa'`` and a name followed by
    itself in another script in brackets
    (``"Nguyen Van Hai (Nguyễn Văn Hải)"``) are one name and its aliases.
    """
    if not written or not written.strip():
        return None, []
    name = " ".join(written.split())
    aliases: list[str] = []
    match = _BRACKETED.match(name)
    if match:
        name = match.group("name").strip()
        bracketed = _AKA_FIRST.sub("", match.group("alias").strip())  # "(a.k.a. Johnny)"
        aliases += [a for a in _ALIAS_LIST.split(bracketed) if a.strip()]
    parts = _AKA.split(name)
    named = [a for part in parts[1:] for a in _ALIAS_LIST.split(part)]
    name, aliases = parts[0].strip(" ,;"), [*named, *aliases]
    quoted = _QUOTED.search(f" {name} ")
    if quoted:
        aliases.insert(0, quoted.group("alias").strip())
        name = " ".join(_QUOTED.sub(" ", f" {name} ").split())
    return name or written.strip(), [a.strip() for a in aliases if a.strip() and a.strip() != name]


def written_names(written: str) -> list[str]:
    """The name and the aliases a name as written carries (:func:`split_name`): "JOHN @
    JOHNNY" is John and Johnny, "Ahmad bin Ali @ Mat" Ahmad bin Ali and Mat."""
    if not _ALIASED.search(written):
        return [written]
    name, aliases = split_name(written)
    return [n for n in (name, *aliases) if n]


@lru_cache(maxsize=1 << 18)
def name_key(raw: str | None) -> str:
    """A lookup key for a name that ignores case, punctuation, diacritics, script and word
    order, and nothing else: "Chen Zhi", "CHEN, Zhi" and "Zhi Chen" all give "chen zhi".
    (Unlike :func:`canonical_name`, honorifics and nicknames are kept: a lookup must find
    what was written, not a guess.)"""
    return " ".join(sorted(_NON_WORD.sub(" ", to_latin(raw)).split())) if raw else ""


@lru_cache(maxsize=1 << 18)
def canonical_name(raw: str | None) -> str:
    """The comparison form of a person name: tokens mapped to canonical nicknames, sorted.

    ``"Mr DANNY  Otieno"``, ``"Otieno, Daniel"`` and ``"丹尼尔"``-style variants that
    transliterate the same way all give ``"daniel otieno"``.
    """
    nicknames = _nicknames()
    return " ".join(_in_order(nicknames.get(t, t) for t in name_tokens(raw)))


@cache
def _particles() -> dict[str, str]:
    """Each spelling of a patronymic particle ("bte") -> the one compared ("binti")."""
    groups = _yaml("particles.yaml")["patronymic"]
    return {str(spelling): str(group[0]) for group in groups for spelling in group}


@cache
def _burmese() -> frozenset[str]:
    return frozenset(_yaml("word_order.yaml")["burmese"])


def _in_order(tokens: Iterable[str]) -> list[str]:
    """Name tokens sorted, except across a patronymic particle between two words ("ahmad
    bin ismail"): the words on each side are sorted apart, so a man and his father's
    name in the other order ("Ismail bin Ahmad") stay two names (``data/particles.yaml``);
    and a Burmese name keeps its order ("Aung Min" is not "Min Aung")."""
    words = list(tokens)
    if len(words) > 1 and _burmese().issuperset(words):
        return words  # a Burmese name: its order is part of it (``data/word_order.yaml``)
    particles = _particles()
    at = next((i for i in range(1, len(words) - 1) if words[i] in particles), None)
    if at is None:
        return sorted(words)
    return [*sorted(words[:at]), particles[words[at]], *sorted(words[at + 1 :])]


_REAL_ESTATE = re.compile(r"\breal estate\b")


def org_tokens(raw: str | None) -> list[str]:
    """Latin tokens of an organisation name without legal-form words (kept if nothing
    else). Distinguishing words ("group", "holdings") stay: they name a different company."""
    if not raw:
        return []
    text = _REAL_ESTATE.sub("realestate", to_latin(raw.replace("&", " and ")))
    tokens = _NON_WORD.sub(" ", text).split()
    synonyms = _yaml("organisations.yaml")["synonyms"]
    kept = [synonyms.get(t, t) for t in tokens if t not in legal_forms()]
    return kept or tokens


def _fold_lookalikes(text: str) -> str:
    text = text.translate(_DIGIT_LOOKALIKES)
    for pair, single in _LOOKALIKES:
        text = text.replace(pair, single)
    return text


@lru_cache(maxsize=1 << 18)
def org_skeleton(raw: str | None) -> str:
    """Organisation name with look-alike spellings folded: "G0lden Sand Co., Ltd" -> "goldensand".

    Spaces are dropped too, so "Golden Sand" and "GoldenSand" agree. Distinguishing words
    are kept ("Golden Sand Group" -> "goldensandgroup"), so two companies of one family
    keep different skeletons.
    """
    return _fold_lookalikes("".join(org_tokens(raw)))


@lru_cache(maxsize=1 << 18)
def org_parts(raw: str | None) -> str:
    """The comparison form of an organisation: ``"core|distinguishing words"``, the core
    being the skeleton without the distinguishing words ("X Group Ltd" -> "x|group"), so
    a comparator can weigh the name and the family member apart."""
    tokens = org_tokens(raw)
    if not tokens:
        return ""
    special = distinguishing_words()
    core = [t for t in tokens if t not in special] or tokens
    marks = sorted({t for t in tokens if t in special} - set(core))
    return f"{_fold_lookalikes(''.join(core))}|{' '.join(marks)}"


@lru_cache(maxsize=1 << 18)
def normalize_text(raw: str | None) -> str:
    """Generic text: transliterated, case folded, punctuation collapsed to single spaces."""
    return " ".join(_NON_WORD.sub(" ", to_latin(raw)).split()) if raw else ""


@lru_cache(maxsize=1 << 18)
def normalize_identifier(raw: str | None) -> str:
    """Passport, ID or SSN-style numbers: upper case, letters and digits only."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", raw).upper()) if raw else ""


@cache
def _month_names() -> dict[str, int]:
    """Month name or abbreviation (lower case, with and without accents) -> its number,
    in the languages of ``date_languages.yaml`` (CLDR's names, through Babel); a name
    two languages give to different months is left out rather than guessed. Built on the
    first date read, not when casegraph starts."""
    from babel.dates import get_month_names

    found: dict[str, set[int]] = {"sept": {9}}
    for locale in _yaml("date_languages.yaml")["locales"]:
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                written = name.lower().rstrip(".")
                for key in (written, anyascii(written)):
                    found.setdefault(key, set()).add(number)
    return {name: next(iter(numbers)) for name, numbers in found.items() if len(numbers) == 1}


_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>\d{4})"
# Words that say a date is an estimate ("circa 1969", "c. 1969", "about 1969", "1969?"):
# the date is kept at the precision it gives.
_ESTIMATE = re.compile(r"^(?:circa|ca|c|about|abt|approx|approximately|around|born|b)\.?\s+|^~\s*")


@cache
def _date_formats() -> tuple[re.Pattern[str], ...]:
    """The date forms read, the month names among them (see :func:`_month_names`)."""
    month = "|".join(map(re.escape, sorted(_month_names(), key=len, reverse=True)))
    month = f"(?P<mname>{month})\\.?"
    return (
        re.compile(rf"^{_YEAR}[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}})(?:[t ].*)?$"),
        re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})$"),
        re.compile(r"^(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>\d{4})$"),
        re.compile(rf"^{_DAY}[\s-]+{month}[\s,-]+{_YEAR}$"),
        re.compile(rf"^{month}\s+{_DAY},?\s+{_YEAR}$"),
        re.compile(rf"^{month}[\s,-]+{_YEAR}$"),
        re.compile(rf"^{_YEAR}[-/.](?P<m>\d{{1,2}})$"),
        re.compile(rf"^{_YEAR}$"),
    )


# Countries that write numeric dates month first (12/03/1969 is 3 December there).
MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW", "BZ", "GU", "AS", "MP", "PR", "VI"})


def _day_month(parts: dict[str, str | None], country: str | None) -> tuple[int, int]:
    """Day and month of a numeric ``a/b/yyyy`` date in the country's order (day first
    unless the country writes month first), or the only order that is a date."""
    a, b = int(parts["a"] or 0), int(parts["b"] or 0)
    month_first = (country or "").upper() in MONTH_FIRST
    if a > 12 >= b:
        month_first = False
    elif b > 12 >= a:
        month_first = True
    return (b, a) if month_first else (a, b)


@lru_cache(maxsize=1 << 18)
def normalize_date(raw: str | None, country: str | None = None) -> str:
    """ISO date at the precision written: "15 Dec 1969" -> "1969-12-15", "Dec 1969" ->
    "1969-12", "circa 1969" -> "1969"; numeric "12/03/1969" in ``country``'s order (day
    first by default); "" when it is not a date."""
    if not raw:
        return ""
    text = _ESTIMATE.sub("", str(raw).strip().lower()).rstrip("?").strip()
    for pattern in _date_formats():
        match = pattern.match(text)
        if not match:
            continue
        parts = match.groupdict()
        year = int(parts["y"])
        if "a" in parts:
            day, month = _day_month(parts, country)
        else:
            month = _month_names()[parts["mname"]] if parts.get("mname") else parts.get("m")
            day = parts.get("d")
        if day is not None:
            try:
                return date(year, int(month), int(day)).isoformat()
            except ValueError:
                return ""
        if month is not None:
            return f"{year:04d}-{int(month):02d}" if 1 <= int(month) <= 12 else ""
        return f"{year:04d}"
    return ""


@cache
def _country_table() -> dict[str, str]:
    """Every name pycountry knows (current names, official and common names, alpha-3
    codes, withdrawn names that one country took over) plus the project's short list."""
    table: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name", "alpha_3"):
            value = getattr(country, attr, None)
            if value:
                table.setdefault(normalize_text(value), country.alpha_2)
    for key, code in _yaml("countries.yaml").items():
        table[normalize_text(key)] = code
    return table


@lru_cache(maxsize=4096)
def country_code(raw: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code of a country written as a code (``KE``, ``KEN``), a name
    (``Kenya``, ``United Kingdom``), a historic name (``Burma``) or a nationality word
    (``Burmese``); None when unknown."""
    text = normalize_text(raw)
    if not text:
        return None
    if len(text) == 2 and pycountry.countries.get(alpha_2=text.upper()):
        return text.upper()
    return _country_table().get(text)


def normalize_country(raw: str | None) -> str:
    """Country as an ISO alpha-2 code when known, else the upper-cased text (so two
    identical unknown spellings still agree)."""
    if not raw:
        return ""
    return country_code(raw) or normalize_text(raw).upper()


def normalize_postcode(raw: str | None) -> str:
    """Postcodes: upper case, letters and digits only."""
    return normalize_identifier(raw)


__all__ = [
    "MONTH_FIRST",
    "canonical_name",
    "country_code",
    "distinguishing_words",
    "legal_forms",
    "name_key",
    "name_tokens",
    "normalize_country",
    "normalize_date",
    "normalize_identifier",
    "normalize_postcode",
    "normalize_text",
    "org_parts",
    "org_skeleton",
    "org_tokens",
    "split_name",
    "to_latin",
    "written_names",
]

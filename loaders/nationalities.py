"""Countries and nationalities as offices write them, beyond the gazetteer's countries.

The gazetteer names the countries of the routes and compounds; victims come from forty
and more. "Nationality: Ghanaian", "Pays : Sénégal", "Uraia: Mkenya", "Quốc tịch: người
Việt Nam" are read here: pycountry's country names (``resolution.normalize``), the
country names of the office languages from CLDR (Babel), and the adjectives of
``data/nationalities.yaml``. Used where a value is known to be a country or a
nationality (a ``Nationality:`` line, a ``country`` field), and for the adjectives
beside a name ("Kwame (Ghanaian)"); a bare country name in a list of people is not
taken for one ("Jordan" is also a name).
"""

from __future__ import annotations

import re
from functools import cache

from babel import Locale

from casegraph.core.errors import SchemaError
from casegraph.loaders.gazetteer import Gazetteer
from casegraph.loaders.note_lines import data_file
from casegraph.resolution.normalize import country_code, normalize_text

__all__ = ["country", "nationality"]

_FILE = "loaders/data/nationalities.yaml"


@cache
def _data() -> dict:
    return data_file("nationalities.yaml")


@cache
def _demonyms() -> dict[str, str]:
    """Folded adjective -> ISO2 code; one adjective meaning two countries is an error."""
    out: dict[str, str] = {}
    for code, words in _data()["demonyms"].items():
        for word in words:
            if out.setdefault(normalize_text(word), code) != code:
                raise SchemaError(f"{_FILE}: {word!r} is given for two countries")
    return out


@cache
def _names() -> dict[str, str]:
    """Folded country name in the office languages -> ISO2 code, names that two
    languages give two countries left out ("Guinée"/"Guinea" stay apart)."""
    found: dict[str, set[str]] = {}
    for language in _data()["name_languages"]:
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                for written in (name, re.sub(r"\s*\(.*\)", "", name)):
                    found.setdefault(normalize_text(written), set()).add(code)
    return {name: next(iter(codes)) for name, codes in found.items() if len(codes) == 1}


@cache
def _around() -> re.Pattern[str]:
    words = sorted((normalize_text(w) for w in _data()["words_around"]), key=len, reverse=True)
    either = "|".join(re.escape(w) for w in words)
    return re.compile(rf"^(?:(?:{either})\s+)+|(?:\s+(?:{either}))+$")


def nationality(written: str) -> str | None:
    """ISO2 code of a nationality adjective ("Ghanaian", "sénégalaise", "Mkenya",
    "Kenyan citizen"), else None."""
    text = _around().sub("", normalize_text(written))
    return _demonyms().get(text)


def country(written: str, gazetteer: Gazetteer) -> str | None:
    """ISO2 code of a country or nationality as written: the gazetteer's, then
    pycountry's names, the office languages' names, and the adjectives; None if none.
    ("Sénégal", "Ouganda", "warga negara Indonesia", "người Việt Nam").
    """
    if not written or not written.strip():
        return None
    found = gazetteer.country_code(written)
    if found:
        return found
    text = _around().sub("", normalize_text(written))
    return (
        gazetteer.country_code(text)
        or country_code(text)
        or _names().get(text)
        or (_demonyms().get(text))
    )

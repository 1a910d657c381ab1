"""Name pools and spelling rules per origin region, read from ``data/names.yaml``.

Every full name is a random combination of common given names and surnames of a
region, never a real person's. Each region lists how its names drift when written down
by officers of other countries: transliteration variants, nicknames and honorifics.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from casegraph.core.resources import package_path

__all__ = ["REGIONS", "Region"]

NAMES_FILE = package_path("casegraph.examples", "data", "names.yaml")


@dataclass(frozen=True)
class Region:
    """Names of one origin region and the ways they get respelled."""

    key: str
    countries: tuple[str, ...]
    given: tuple[str, ...]
    surnames: tuple[str, ...]
    # Spelling substitutions (old, new) an officer or a transliteration may apply.
    respell: tuple[tuple[str, str], ...] = ()
    nicknames: dict[str, tuple[str, ...]] = field(default_factory=dict)
    honorifics: tuple[str, ...] = ("Mr", "Boss")
    surname_first: bool = False
    # Native-script spellings of surnames / given names (Hanzi, Thai), when known.
    script: dict[str, str] = field(default_factory=dict)
    # Other romanizations of a surname (Cantonese, Hokkien...).
    surname_variants: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _region(key: str, data: dict) -> Region:
    def groups(mapping: dict | None) -> dict[str, tuple[str, ...]]:
        return {name: tuple(values) for name, values in (mapping or {}).items()}

    return Region(
        key=key,
        countries=tuple(data["countries"]),
        given=tuple(data["given"]),
        surnames=tuple(data["surnames"]),
        respell=tuple((old, new) for old, new in data.get("respell", ())),
        nicknames=groups(data.get("nicknames")),
        honorifics=tuple(data.get("honorifics", ("Mr", "Boss"))),
        surname_first=bool(data.get("surname_first", False)),
        script=dict(data.get("script") or {}),
        surname_variants=groups(data.get("surname_variants")),
    )


REGIONS: tuple[Region, ...] = tuple(
    _region(key, data)
    for key, data in yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8")).items()
)

"""Identity rules: which node a name, number or reference in a source becomes.

Natural keys where they exist (E.164 phones, ``platform:handle`` accounts,
``chain:address`` wallets, gazetteer ids for known places and compounds, ISO2
countries); derived keys otherwise (``AGY-<CC>-<SLUG>`` for agencies,
``CMP-<CC>-<SLUG>`` / ``LOC-<CC>-<SLUG>`` for unknown compounds and places, ``XX`` when
the country is unknown). People never get a natural key: a PersonRecord is
``"{source_id}#{local_ref}"`` and resolution decides who is the same person.

``Directory`` remembers the compounds and agencies of files loaded earlier (in this
load and, read from the store, in earlier loads), so a later debrief that writes
"Golden Fortune" or an agency registration number links to the same node.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pycountry

from casegraph.loaders.gazetteer import Gazetteer, fold, load_gazetteer
from casegraph.loaders.nationalities import country
from casegraph.resolution.normalize import normalize_text, org_tokens, split_name

# Runs a read-only query and returns rows: a store's ``read``, passed in by the ingest service.
Reader = Callable[[str], Iterable[Mapping[str, Any]]]

__all__ = [
    "Directory",
    "alias_id",
    "company_id",
    "org_id",
    "person_id",
    "pseudonym",
    "slug",
    "split_name",
]

UNKNOWN_COUNTRY = "XX"

COMPOUNDS_QUERY = (
    "MATCH (c:Compound) RETURN c.id AS id, c.name AS name, c.aliases AS aliases, "
    "c.compound_id AS compound_id, c.country AS country"
)
SOURCE_COUNTRIES_QUERY = (
    "MATCH (s:Source) WHERE s.country IS NOT NULL RETURN s.id AS id, s.country AS country"
)
# Every loaded document's file and content hash: a second note under one id is a conflict.
SOURCE_FILES_QUERY = (
    "MATCH (s:Source) WHERE s.content_hash IS NOT NULL "
    "RETURN s.id AS id, s.file AS file, s.content_hash AS hash"
)
AGENCIES_QUERY = (
    "MATCH (a:Agency) RETURN a.id AS id, a.name AS name, a.agency_id AS agency_id, "
    "a.registration AS registration"
)


def _props(place: Any) -> dict[str, Any]:
    """Properties a new Compound or Location node takes from its gazetteer entry."""
    return {
        "name": place.name,
        "country": place.country,
        "aliases": list(place.aliases),
        "latitude": place.lat,
        "longitude": place.lon,
    }


def slug(value: str) -> str:
    """``"Golden Fortune (Shwe Kokko)"`` -> ``"GOLDENFORTUNESHWEKOKKO"``, the gazetteer's rule."""
    return fold(value).upper()


def person_id(source_id: str, local_ref: str) -> str:
    return f"{source_id}#{local_ref}"


def pseudonym(source_id: str, local_ref: str) -> str:
    """What exports show for a victim who has no pseudonym of their own.

    Built from the source, not the case: two debriefs of one case both have a "V1",
    and two victims must never share a pseudonym.
    """
    return f"{source_id}-{local_ref}"


def alias_id(value: str) -> str:
    """Alias nodes are keyed by their comparison form (transliterated, case folded)."""
    return normalize_text(value) or value.strip()


def org_id(prefix: str, name: str, country: str | None) -> str:
    """Organisation key from the name without legal suffixes: ``AGY-KE-HORIZON-TALENT-LINK``."""
    words = org_tokens(name) or normalize_text(name).split()
    return f"{prefix}-{country or UNKNOWN_COUNTRY}-{'-'.join(words).upper()}"


def company_id(name: str, country: str | None) -> str:
    return org_id("COM", name, country)


@dataclass
class Directory:
    """Name lookups for compounds, places, agencies and countries during one load."""

    gazetteer: Gazetteer
    compounds: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    agencies: dict[str, str] = field(default_factory=dict)
    agencies_by_name: dict[str, set[str]] = field(default_factory=dict)
    # Where each debrief was taken (read before any file loads, and from the store): a
    # table row citing a debrief reads national numbers and dates as that country does.
    source_countries: dict[str, str] = field(default_factory=dict)
    # A compound list's own compound_id -> (name, country, where first seen).
    compound_ids: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)
    # Source id -> (file, content hash) of documents already in the store.
    source_files: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    # Person record id -> nationality, as this load gave it: a phones sheet naming the
    # person a suspects sheet of the same workbook describes reads their numbers so.
    nationalities: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, read: Reader | None, gazetteer: Gazetteer | None = None) -> Directory:
        """A directory with the gazetteer and what earlier loads left in the store."""
        found = cls(gazetteer or load_gazetteer())
        if read is not None:
            for row in read(COMPOUNDS_QUERY):
                names = [row["name"], row["compound_id"], *(row["aliases"] or [])]
                found.add_compound(row["id"], names, row["country"])
                if row["compound_id"]:
                    seen = (str(row["name"]), row["country"], "an earlier load")
                    found.compound_ids[str(row["compound_id"])] = seen
            for row in read(AGENCIES_QUERY):
                found.add_agency(row["id"], [row["agency_id"], row["registration"]], row["name"])
            for row in read(SOURCE_COUNTRIES_QUERY):
                found.source_countries[row["id"]] = row["country"]
            for row in read(SOURCE_FILES_QUERY):
                found.source_files[row["id"]] = (row["file"], row["hash"])
        return found

    def add_source_country(self, source_id: Any, country: Any) -> None:
        """Remember where a debrief was taken (an unknown country is the note's problem)."""
        try:
            code = self.country(country)
        except ValueError:
            return
        if source_id is not None and code:
            self.source_countries[str(source_id).strip()] = code

    # ---- countries

    def country(self, value: Any) -> str | None:
        """ISO2 code of a code, name or demonym ("KE", "Sénégal", "Ghanaian"; see
        ``nationalities``); ValueError when unknown."""
        if value is None or str(value).strip() == "":
            return None
        raw = str(value).strip()
        code = country(raw, self.gazetteer)
        if not code:
            raise ValueError(f"unknown country {raw!r} (use ISO 3166 alpha-2, e.g. KE)")
        return code

    def country_props(self, code: str) -> dict[str, Any]:
        """Properties of a new Country node: its name, the gazetteer's or ISO 3166's (victims
        come from forty countries and more; the gazetteer lists those of routes and compounds)."""
        place = self.gazetteer.get(code)
        if place is not None:
            return {"name": place.name}
        known = pycountry.countries.get(alpha_2=code)
        return {"name": getattr(known, "common_name", None) or known.name} if known else {}

    # ---- compounds and places

    def _place(self, name: str) -> Any:
        return self.gazetteer.lookup(name)

    def add_compound(self, cid: str, names: list[Any], country: str | None) -> None:
        """Make a compound's names findable; the first name is the one new nodes get."""
        props = {"name": next((str(n) for n in names if n), cid), "country": country}
        for name in names:
            if name:
                self.compounds.setdefault(fold(str(name)), (cid, props))

    def gazetteer_compound(self, name: str) -> Any:
        """The gazetteer's entry for a compound name, if it knows one."""
        place = self._place(name)
        return place if place is not None and place.kind == "compound" else None

    def known_compound(self, name: str) -> tuple[str, dict[str, Any]] | None:
        """(id, new-node properties) of a compound in the gazetteer or loaded from a file."""
        place = self.gazetteer_compound(name)
        if place is not None:
            return place.id, _props(place)
        return self.compounds.get(fold(name))

    def compound(self, name: str, country: str | None = None) -> tuple[str, dict[str, Any]]:
        """(id, properties for a new node) of a compound named in a source."""
        known = self.known_compound(name)
        if known:
            return known
        cid = f"CMP-{country or UNKNOWN_COUNTRY}-{slug(name)}"
        self.add_compound(cid, [name], country)
        return cid, {"name": name, "country": country}

    def place(self, name: str, country: str | None = None) -> tuple[str, str, dict[str, Any]]:
        """(label, id, new-node properties): a Compound if the name is one, else a Location."""
        place = self._place(name)
        if place is not None and place.kind == "country":
            return "Location", f"LOC-{place.id}-{slug(place.name)}", {"name": place.name}
        if place is not None and place.kind != "compound":
            return "Location", place.id, {**_props(place), "kind": place.kind}
        known = self.known_compound(name)
        if known:
            return "Compound", *known
        return "Location", f"LOC-{country or UNKNOWN_COUNTRY}-{slug(name)}", {"name": name}

    # ---- agencies

    def add_agency(self, aid: str, refs: list[Any], name: str | None = None) -> None:
        """Make an agency's ``agency_id``, ``registration`` and name usable as references."""
        for ref in refs:
            if ref:
                self.agencies.setdefault(str(ref).strip().upper(), aid)
        if name:
            self.agencies_by_name.setdefault(org_id("AGY", name, None), set()).add(aid)

    def known_agency(self, name_or_ref: str) -> str | None:
        """The agency a registration, agency_id or (unambiguous) name refers to, if known."""
        by_ref = self.agencies.get(name_or_ref.strip().upper())
        known = self.agencies_by_name.get(org_id("AGY", name_or_ref, None), set())
        return by_ref or (next(iter(known)) if len(known) == 1 else None)

    def agency(self, name_or_ref: str, country: str | None) -> str:
        """Agency id for an agency_id / registration seen before; else the one known agency
        of that name (a note naming "Falcon Gate" means the Dubai agency already on file,
        not a new one in the note's country); else from name + ``country``."""
        return self.known_agency(name_or_ref) or org_id("AGY", name_or_ref, country)

"""Find the one entity a user names: person, compound, agency, country or identifier.

Every place that takes a name (saved-query parameters, reports, `viz --around`,
`casegraph lookup`) goes through here, so a name is never silently unknown: either it
names exactly one thing, or a ParameterError says "no person named '...'; closest: ..."
(several matches list the candidates by id). Names compare by `name_key` (case,
punctuation, diacritics and word order do not matter); identifiers by the loaders' own
normalisation; countries by ISO code, name or common historic name (pycountry).
Victims are suggested and shown by pseudonym only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pycountry
from rapidfuzz import fuzz, process

from casegraph.core.errors import ParameterError
from casegraph.core.identifiers import IdentifierKey, document_number, identifier_keys
from casegraph.core.names import name_key
from casegraph.graph_schema import internal_labels
from casegraph.services.catalog import ENTITY_KINDS
from casegraph.store import GraphStore
from casegraph.store.lists import nodes_by_element

__all__ = ["Found", "country_code", "find_entity", "find_identifiers"]


PERSON_NAMES = """
MATCH (p:Person)
RETURN p.id AS id, p.name AS name, coalesce(p.names, []) + coalesce(p.aliases, []) AS names,
       p.pseudonym AS pseudonym, coalesce(p.roles, []) AS roles, [] AS cases,
       p.listed AS listed, coalesce(p.case_ids, []) AS case_ids
"""


def _exact(label: str) -> str:
    """An id or an exactly written name of ``label``, through the label's index."""
    return f"""
MATCH (n:{label} {{id: $text}})
RETURN n.id AS id, n.name AS name, n.country AS country
UNION
MATCH (n:{label} {{name: $text}})
RETURN n.id AS id, n.name AS name, n.country AS country
"""


#: An id or an exactly written name goes through the label's index first.
EXACT = {"compound": _exact("Compound"), "agency": _exact("Agency")}

#: Compounds and agencies are few (thousands): matched by key in Python.
NAMED = {
    "compound": """
MATCH (n:Compound)
RETURN n.id AS id, n.name AS name, coalesce(n.aliases, []) AS aliases,
       null AS registration, n.country AS country
""",
    "agency": """
MATCH (n:Agency)
RETURN n.id AS id, n.name AS name, [] AS aliases, n.registration AS registration,
       n.country AS country
""",
}
#: One indexed match per label (a label-free MATCH would scan every node).
IDENTIFIERS = """
UNWIND $ids AS k MATCH (n:Phone {id: k}) RETURN 'Phone' AS label, n.id AS id
UNION
UNWIND $ids AS k MATCH (n:Account {id: k}) RETURN 'Account' AS label, n.id AS id
UNION
UNWIND $handles AS h MATCH (n:Account {handle: h}) RETURN 'Account' AS label, n.id AS id
UNION
UNWIND $ids AS k MATCH (n:Wallet {id: k}) RETURN 'Wallet' AS label, n.id AS id
UNION
UNWIND $numbers AS k MATCH (n:IdentityDocument {number: k})
RETURN 'IdentityDocument' AS label, n.id AS id
"""
ANY_NODE = """
MATCH (n)
WHERE NOT n:PersonRecord AND n.id IS NOT NULL AND NOT any(l IN labels(n) WHERE l IN $internal)
  AND (toLower(n.id) = toLower($text) OR toLower(n.name) = toLower($text))
RETURN labels(n)[0] AS label, n.id AS id, n.name AS name
LIMIT 20
"""
IDENTIFIER_IDS = """
MATCH (n) WHERE n:Phone OR n:Account OR n:Wallet OR n:IdentityDocument RETURN n.id AS id
"""


@dataclass(frozen=True)
class Found:
    """The entity a name resolved to: its kind, id, and how to show it (victims by pseudonym)."""

    kind: str
    id: str
    label: str
    about: str = ""  # what tells it from a namesake when a name gives several


def _about(row: Mapping[str, Any]) -> str:
    """Roles, the list a party is on and the cases of a person: two "Lin Haoran"s, one
    the sanctions list's party and one the case's boss, told apart in one line."""
    said = ["/".join(row.get("roles") or [])]
    said.append(f"listed on {row['listed']}" if row.get("listed") else "")
    cases = row.get("case_ids") or []
    said.append(f"case{'s' if len(cases) > 1 else ''} {', '.join(cases[:3])}" if cases else "")
    return ", ".join(s for s in said if s)


def _is_victim(row: Mapping[str, Any]) -> bool:
    return "victim" in (row.get("roles") or [])


def _shown(row: Mapping[str, Any]) -> str:
    if _is_victim(row):
        return row.get("pseudonym") or row["id"]
    return row.get("name") or row["id"]


def _closest(text: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` known names nearest to ``text`` (order-insensitive comparison)."""
    unique = sorted({c for c in choices if c})
    keyed = {c: name_key(c) or c.casefold() for c in unique}
    hits = process.extract(
        name_key(text) or text.casefold(), keyed, scorer=fuzz.token_sort_ratio, limit=limit
    )
    return [choice for _, score, choice in hits if score >= 40]


def _unknown(kind: str, text: str, near: list[str]) -> ParameterError:
    hint = f"; closest: {', '.join(near)}" if near else "; nothing close is loaded"
    return ParameterError(f"no {kind} named {text!r}{hint}")


def _one(kind: str, text: str, hits: list[Found]) -> Found:
    unique = list({f.id: f for f in hits}.values())
    if len(unique) > 1:
        listed = "; ".join(
            f"{f.id} ({f.label}{': ' + f.about if f.about else ''})" for f in unique[:10]
        )
        raise ParameterError(f"{text!r} names {len(unique)} {kind}s: {listed}. Give an id.")
    return unique[0]


def _person_keys(text: str) -> list[str]:
    low = text.strip().lower()
    keys = {low, low.lstrip("@"), low.replace(" ", "").replace("-", "").replace(".", "")}
    keys.add(name_key(text))
    keys.update(k.key.lower() for k in identifier_keys(text))
    return sorted(k for k in keys if k)


def _persons(store: GraphStore, text: str) -> list[Found]:
    found = nodes_by_element(store, "Person", "lookup", _person_keys(text))
    return [Found("person", p["id"], _shown(p), _about(p)) for p in found]


def _person_scan(store: GraphStore, text: str) -> tuple[list[Found], list[str]]:
    """Persons whose name, alias or pseudonym has the key of ``text``, and the names to
    suggest (victims by pseudonym). A scan, run only when the indexed lookup missed: it
    also serves a graph resolved before the lookup list held name keys."""
    key, hits, names = name_key(text), [], []
    for row in store.read(PERSON_NAMES):
        spoken = [_shown(row)] if _is_victim(row) else [*row["names"], row.get("name")]
        forms = [row.get("pseudonym"), row["id"], *spoken]
        names.extend(spoken)
        if key and key in {name_key(f) for f in forms if f}:
            hits.append(Found("person", row["id"], _shown(row), _about(row)))
    return hits, names


def _person(store: GraphStore, text: str) -> list[Found]:
    """The persons ``text`` names; none raises the error with the closest names."""
    hits = _persons(store, text)
    if not hits:
        hits, names = _person_scan(store, text)
        if not hits:
            raise _unknown("person", text, _closest(text, names))
    return hits


def _found(kind: str, row: Mapping[str, Any]) -> Found:
    where = f", {row['country']}" if row.get("country") else ""
    return Found(kind, row["id"], f"{row.get('name') or row['id']}{where}")


def _named(store: GraphStore, kind: str, text: str) -> tuple[list[Found], list[str]]:
    """Compounds or agencies whose id, name, alias or registration matches ``text``."""
    exact = store.read(EXACT[kind], {"text": text})
    if exact:
        return [_found(kind, row) for row in exact], []
    rows = store.read(NAMED[kind])
    key, low = name_key(text), text.strip().casefold()
    hits, names = [], []
    for row in rows:
        forms = [row.get("name"), *(row.get("aliases") or [])]
        names.extend(f for f in forms if f)
        ids = {str(row["id"]).casefold(), str(row.get("registration") or "").casefold()}
        if low in ids or (key and key in {name_key(f) for f in forms if f}):
            hits.append(_found(kind, row))
    return hits, names


def country_code(text: str) -> str:
    """ISO 3166 alpha-2 for a country code, name or common historic name ("Burma" -> MM)."""
    value = str(text or "").strip()
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        pass
    key = name_key(value)
    for country in pycountry.countries:
        forms = [getattr(country, "common_name", ""), country.name]
        if key in {name_key(f) for f in forms if f}:
            return country.alpha_2
    # A former name ("Burma", "Zaire"): ISO 3166-3 keeps the successor in the last two
    # letters of the four-letter code.
    for old in pycountry.historic_countries:
        successor = pycountry.countries.get(alpha_2=old.alpha_4[2:])
        if successor and key in {name_key(old.name), name_key(old.name.split(",")[0])}:
            return successor.alpha_2
    near = _closest(value, [c.name for c in pycountry.countries])
    raise _unknown("country", value, near)


def _number(text: str) -> list[str]:
    """``text`` as a document number, if it looks like one (letters and digits, a digit)."""
    number = document_number(text)
    return [number] if re.fullmatch(r"[A-Z0-9]{5,30}", number) and re.search(r"\d", number) else []


def find_identifiers(store: GraphStore, text: str) -> list[Found]:
    """Every Phone, Account, Wallet or IdentityDocument node ``text`` may mean (a bare
    handle: any platform; a passport or registration number: any issuing country)."""
    keys: list[IdentifierKey] = identifier_keys(text)
    numbers = _number(text)
    if not keys and not numbers:
        raise ParameterError(
            f"{text!r} is not a phone, handle, account, email, wallet address or document"
            " number (phones need a country code such as +254)"
        )
    rows = store.read(
        IDENTIFIERS,
        {
            "ids": [k.key for k in keys if not k.handle_only],
            "handles": [k.key for k in keys if k.handle_only],
            "numbers": numbers,
        },
    )
    return [Found("identifier", r["id"], f"{r['label']} {r['id']}") for r in rows]


def _national(text: str, known: list[str]) -> list[Found]:
    """The loaded phones a number written as at home ("0913 555 456", no country code)
    may be: those whose number after the country code is it without its leading 0. The
    debrief says whose national number it is; an investigator retyping it from the note
    does not, and "no identifier named" for a number in the graph helps nobody."""
    digits = re.sub(r"[\s().-]", "", text)
    if not re.fullmatch(r"0\d{6,13}", digits):
        return []
    tail = digits[1:]
    return [
        Found("identifier", k, f"Phone {k}")
        for k in known
        if k.startswith("+") and k.endswith(tail) and 1 <= len(k) - 1 - len(tail) <= 3
    ]


def _identifier(store: GraphStore, text: str) -> Found:
    hits = find_identifiers(store, text)
    if not hits:
        known = [r["id"] for r in store.read(IDENTIFIER_IDS)]
        if national := _national(text, known):
            return _one("identifier", text, national)  # several countries: each is named
        keys = [k.key for k in identifier_keys(text)] + _number(text)
        hits_near = process.extract(keys[0], known, scorer=fuzz.ratio, limit=3) if known else []
        near = [c for c, score, _ in hits_near if score >= 60]
        raise _unknown("identifier", text, near)
    return _one("identifier", text, hits)


def find_entity(store: GraphStore, kind: str, text: str) -> Found:
    """The one ``kind`` that ``text`` names; ``entity`` tries every kind of node.

    Raises ParameterError naming the closest known names when nothing matches, or the
    candidates when several do.
    """
    value = str(text or "").strip()
    if kind == "country":
        code = country_code(value)
        return Found("country", code, pycountry.countries.get(alpha_2=code).name)
    if kind == "identifier":
        return _identifier(store, value)
    if kind == "person":
        return _one("person", value, _person(store, value))
    if kind in NAMED:
        hits, names = _named(store, kind, value)
        if not hits:
            raise _unknown(kind, value, _closest(value, names))
        return _one(kind, value, hits)
    if kind != "entity":
        raise ParameterError(f"unknown entity kind {kind!r}; known: {', '.join(ENTITY_KINDS)}")
    # An identifier names its own node (the person using it is one hop further).
    hits = find_identifiers(store, value) if identifier_keys(value) or _number(value) else []
    if hits:
        return _one("identifier", value, hits)
    hits, names = _persons(store, value), []
    if hits:  # the indexed person lookup answered: no scan of compounds and agencies
        return _one("person", value, hits)
    hits, names = [], []
    for other in NAMED:  # an id or exact name through the index, else compounds or agencies
        found, known = _named(store, other, value)
        hits += found
        names += known
    if not hits:  # every person, read only now: a million-node graph holds 100,000s
        hits, spoken = _person_scan(store, value)
        names += spoken
    if not hits:  # any other node (case, place, source) by id or name, as the queries match
        rows = store.read(ANY_NODE, {"text": value, "internal": internal_labels()})
        hits = [Found(r["label"].lower(), r["id"], r["name"] or r["id"]) for r in rows]
    if not hits:
        raise _unknown("person, compound, agency or identifier", value, _closest(value, names))
    return _one("entity", value, hits)

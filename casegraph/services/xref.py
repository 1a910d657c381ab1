"""Cross-match the case graph against loaded sanctions and watch lists.

Three kinds of evidence, each hit with a score and a plain-language reason:

* **identifiers**: a wallet, identity document, phone, account or address of a listed
  party that a case source also mentions. A wallet or a document number is a *hard*
  hit (score 1); the case people and organisations holding it are hits too.
* **people**: the resolution engine (the person spec and comparators ``casegraph
  resolve`` uses) scores every listed person against the case records it blocks
  together; pairs at or above the review threshold are hits on the case Person.
* **organisations**: the same engine with :data:`ORG_SPEC` on names and countries, and
  a case organisation that *is* a listed one (same key) is an exact hit.

Nothing is merged: a name match without a shared hard identifier is always ``review``
(a listed person is never resolved with a case person, see
:mod:`casegraph.services.entities.resolve`); a reviewer's ``same`` decision on the
pair (``casegraph review --decide CASE-RECORD LISTED-RECORD same``) makes it
``confirmed``, ``different`` drops it. Hits are written as MATCHES_LISTING links
(derived state: every run replaces them; ``casegraph resolve`` drops those on people,
so run xref after resolve).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from casegraph.core.errors import ParameterError
from casegraph.core.resources import package_path
from casegraph.graph_schema import load_schema
from casegraph.loaders import sanctions_sdn
from casegraph.resolution import DecisionStore, Judgement, Record, load_spec, pair_key, resolve
from casegraph.resolution.types import ScoredPair
from casegraph.services.entities.records import fetch_person_records
from casegraph.services.entities.resolve import PERSON_SPEC, to_record
from casegraph.store import GraphStore

__all__ = ["LIST_KINDS", "ORG_SPEC", "Hit", "xref"]

ORG_SPEC = package_path("casegraph.services", "organisation_spec.yaml")
LIST_KINDS = [
    "sdn",
    "ftm",
    "opensanctions",
]  # Source kinds of list files: their mentions are not the cases'
HARD = {"Wallet", "IdentityDocument"}
_WHAT = {
    "Wallet": "wallet",
    "IdentityDocument": "document",
    "Phone": "phone",
    "Account": "account",
    "Address": "address",
}

LISTED_IDENTIFIERS = """
MATCH (d:Designation)-[:DESIGNATES]->(party)
      -[:CONTROLS_WALLET|HAS_DOCUMENT|USES_PHONE|HAS_ACCOUNT|HAS_ADDRESS]->(x)
WHERE $list IS NULL OR d.list = $list
MATCH (s:Source)-[:MENTIONS]->(x)
WHERE NOT s.kind IN $list_kinds
WITH d, x, collect(DISTINCT s.id) AS sources
RETURN d.id AS designation, d.name AS listed, d.list AS list, labels(x)[0] AS label,
       x.id AS item, sources,
       [(h)-[:CONTROLS_WALLET|HAS_DOCUMENT|USES_PHONE|HAS_ACCOUNT|HAS_ADDRESS]->(x)
          WHERE (h:Person OR h:Organisation) AND h.listed IS NULL
          | [labels(h)[0], h.id, coalesce(h.name, h.id), coalesce(h.is_victim, false)]]
         + [(h:Person)-[:RECEIVED]->(:Payment)-[:VIA_WALLET]->(x) WHERE h.listed IS NULL
          | [labels(h)[0], h.id, coalesce(h.name, h.id), coalesce(h.is_victim, false)]]
         AS holders
"""
LISTED_ORGS_IN_CASES = """
MATCH (d:Designation)-[:DESIGNATES]->(o:Organisation)
WHERE $list IS NULL OR d.list = $list
MATCH (s:Source)-[:MENTIONS]->(o)
WHERE NOT s.kind IN $list_kinds
RETURN d.id AS designation, d.name AS listed, d.list AS list, labels(o)[0] AS label,
       o.id AS item, o.name AS name, collect(DISTINCT s.id) AS sources
"""
ORGANISATIONS = """
MATCH (o:Organisation)
OPTIONAL MATCH (d:Designation)-[:DESIGNATES]->(o)
RETURN o.id AS id, labels(o)[0] AS label, o.name AS name, o.country AS country,
       o.listed AS listed, d.id AS designation, d.name AS listed_name, d.list AS list
"""
PERSON_DESIGNATIONS = """
MATCH (d:Designation)-[:DESIGNATES]->(r:PersonRecord)
RETURN r.id AS record, d.id AS designation, d.name AS listed, d.list AS list
"""
RECORD_ENTITIES = """
MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p:Person)
RETURN r.id AS record, p.id AS person, p.name AS name, coalesce(p.is_victim, false) AS victim,
       p.pseudonym AS pseudonym
"""
LOADED_LISTS = "MATCH (d:Designation) RETURN DISTINCT d.list AS list"
# Short names a user may give for a list (`casegraph xref --list sdn`).
LIST_ALIASES = {"sdn": sanctions_sdn.LIST, "ofac": sanctions_sdn.LIST}
DROP_HITS = """
MATCH ()-[r:MATCHES_LISTING]->(d:Designation)
WHERE $list IS NULL OR d.list = $list
DELETE r
"""


@dataclass
class Hit:
    """One case item that resembles a listed party."""

    label: str  # Person, Organisation, Wallet, ...
    item: str  # its id
    name: str  # what a reader calls it (a victim by pseudonym)
    designation: str
    listed: str  # the listed party's name
    list: str
    score: float
    status: str  # hit, review or confirmed
    hard: bool
    reason: str
    matched_on: list[str] = field(default_factory=list)


def _hits_on_identifiers(store: GraphStore, params: dict[str, Any]) -> list[Hit]:
    hits = []
    for row in store.read(LISTED_IDENTIFIERS, params):
        label, hard = row["label"], row["label"] in HARD
        where = f"{len(row['sources'])} case source(s) ({', '.join(sorted(row['sources']))})"
        what = f"the {_WHAT[label]} {row['item']} listed for {row['listed']} ({row['designation']})"
        status = "hit" if hard else "review"
        score = 1.0 if hard else 0.9
        hits.append(
            Hit(label, row["item"], row["item"], row["designation"], row["listed"], row["list"],
                score, status, hard, f"{what} appears in {where}", [row["item"]])
        )  # fmt: skip
        for h_label, h_id, h_name, victim in {tuple(h) for h in row["holders"]}:
            shown = h_id if victim else h_name
            reason = f"uses {what}; seen in {where}"
            hits.append(
                Hit(h_label, h_id, shown, row["designation"], row["listed"], row["list"],
                    score, status, hard, reason, [row["item"]])
            )  # fmt: skip
    return hits


def _reason(pair: ScoredPair, listed_first: bool) -> str:
    """The agreeing and disagreeing features of a pair, in words."""
    agree, differ = [], []
    for f in pair.features:
        if f.similarity is None or f.weight == 0:
            continue
        case, listed = (f.right, f.left) if listed_first else (f.left, f.right)
        text = f"{f.field} {case!r} ~ {listed!r} ({f.similarity:.2f})"
        (agree if f.weight > 0 else differ).append(text)
    out = "agrees on " + "; ".join(agree) if agree else "no agreeing field"
    if differ:
        out += "; differs on " + "; ".join(differ)
    return out + "; no shared wallet or document"


def _scored_pairs(
    records: list[Record], listed: set[str], spec_path: Path, decisions: dict
) -> Iterable[tuple[ScoredPair, str, str]]:
    """(pair, case id, listed id) for every cross pair at or above the review threshold."""
    spec = load_spec(spec_path)
    result = resolve(records, spec, decisions)
    for pair in result.pairs():
        if (pair.left in listed) == (pair.right in listed):
            continue
        if pair.score < spec.thresholds.review:
            continue
        case, lid = (pair.right, pair.left) if pair.left in listed else (pair.left, pair.right)
        yield pair, case, lid


def _decided(decisions: dict, a: str, b: str) -> Judgement | None:
    decision = decisions.get(pair_key(a, b))
    return decision.judgement if decision is not None else None


def _hits_on_people(store: GraphStore, list_name: str | None, decisions: dict) -> list[Hit]:
    rows = fetch_person_records(store)
    designations = {r["record"]: r for r in store.read(PERSON_DESIGNATIONS)}
    listed = {r.id for r in rows if r.listed and (list_name in (None, r.listed))}
    listed &= set(designations)
    if not listed:
        return []
    entities = {r["record"]: r for r in store.read(RECORD_ENTITIES)}
    records = [to_record(r) for r in rows if r.id in listed or not r.listed]
    best: dict[tuple[str, str], Hit] = {}
    judged: dict[tuple[str, str], set[Judgement]] = {}
    for pair, case, lid in _scored_pairs(records, listed, PERSON_SPEC, decisions):
        entity = entities.get(case, {"person": case, "name": case, "victim": False})
        d = designations[lid]
        key = (entity["person"], d["designation"])
        judged.setdefault(key, set()).add(_decided(decisions, case, lid))
        shown = entity.get("pseudonym") or entity["person"] if entity["victim"] else entity["name"]
        label = "Person" if case in entities else "PersonRecord"
        hit = Hit(label, entity["person"], shown, d["designation"], d["listed"], d["list"],
                  round(pair.score, 3), "review", False, _reason(pair, pair.left == lid),
                  [case, lid])  # fmt: skip
        if key not in best or best[key].score < hit.score:
            best[key] = hit
    out = []
    for key, hit in best.items():
        # the records are one person: a reviewer's "different" on any of them drops the
        # hit, a "same" confirms it
        if hit.label != "Person" or Judgement.DIFFERENT in judged[key]:
            continue
        if Judgement.SAME in judged[key]:
            hit.status = "confirmed"
        out.append(hit)
    return out


def _hits_on_organisations(store: GraphStore, params: dict[str, Any]) -> list[Hit]:
    hits = [
        Hit(r["label"], r["item"], r["name"], r["designation"], r["listed"], r["list"], 1.0,
            "hit", False, f"is the listed {r['listed']} ({r['designation']}), named in case "
            f"source(s) {', '.join(sorted(r['sources']))}", [r["item"]])
        for r in store.read(LISTED_ORGS_IN_CASES, params)
    ]  # fmt: skip
    orgs = store.read(ORGANISATIONS)
    listed = {o["id"]: o for o in orgs if o["designation"] and params["list"] in (None, o["list"])}
    if not listed:
        return hits
    records = [
        Record(o["id"], {"name": o["name"], "country": o["country"]}, o["country"])
        for o in orgs
        if o["id"] in listed or not o["listed"]
    ]
    names = {o["id"]: o for o in orgs}
    for pair, case, lid in _scored_pairs(records, set(listed), ORG_SPEC, {}):
        o, d = names[case], listed[lid]
        reason = f"similar name: {o['name']!r} ~ {d['listed_name']!r} (score {pair.score:.2f})"
        hits.append(
            Hit(o["label"], case, o["name"], d["designation"], d["listed_name"], d["list"],
                round(pair.score, 3), "review", False, reason, [case, lid])
        )  # fmt: skip
    return hits


def _write(store: GraphStore, hits: list[Hit], list_name: str | None) -> None:
    store.write(DROP_HITS, {"list": list_name})
    schema = load_schema()
    by_label: dict[str, list[dict[str, Any]]] = {}
    for h in hits:
        props = {k: v for k, v in asdict(h).items() if k in ("score", "status", "hard", "reason")}
        props["matched_on"] = h.matched_on
        by_label.setdefault(h.label, []).append(
            {"item": h.item, "designation": h.designation, "props": props}
        )
    for label, rows in by_label.items():
        statement = f"""UNWIND $rows AS row
MATCH (a:{schema.label(label)} {{id: row.item}})
MATCH (d:Designation {{id: row.designation}})
MERGE (a)-[r:MATCHES_LISTING]->(d)
SET r += row.props"""
        store.write_batches(statement, rows)


def _list_name(store: GraphStore, name: str | None) -> str | None:
    """The loaded list ``name`` means (any case, or a short name such as ``sdn``)."""
    if name is None:
        return None
    loaded = sorted(r["list"] for r in store.read(LOADED_LISTS) if r["list"])
    wanted = LIST_ALIASES.get(name.strip().lower(), name.strip()).lower()
    found = [n for n in loaded if n.lower() == wanted]
    if not found:
        known = ", ".join(loaded) or "none (load one with casegraph load)"
        raise ParameterError(f"no list {name!r} is loaded; loaded lists: {known}")
    return found[0]


def xref(
    store: GraphStore, decisions_dir: Path, list_name: str | None = None, write: bool = True
) -> list[Hit]:
    """Every case person, organisation and identifier resembling a listed party, hard
    hits first then by score; written as MATCHES_LISTING links unless ``write`` is False."""
    list_name = _list_name(store, list_name)
    params = {"list": list_name, "list_kinds": LIST_KINDS}
    decisions = DecisionStore(decisions_dir).latest()
    hits = (
        _hits_on_identifiers(store, params)
        + _hits_on_people(store, list_name, decisions)
        + _hits_on_organisations(store, params)
    )
    merged: dict[tuple[str, str, str], Hit] = {}
    for hit in hits:  # one hit per item and listing: the hard or best-scored one
        key = (hit.label, hit.item, hit.designation)
        old = merged.get(key)
        if old is None or (hit.hard, hit.score) > (old.hard, old.score):
            merged[key] = hit
    out = sorted(merged.values(), key=lambda h: (not h.hard, -h.score, h.label, h.name))
    if write:
        _write(store, out, list_name)
    return out

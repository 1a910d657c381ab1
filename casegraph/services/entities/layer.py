"""Write the resolved entity layer: Person nodes, RESOLVES_TO, and projected links.

The layer is derived state: every resolve deletes it and writes it again from
the records and the current clusters, so an un-merge decision takes effect on the
next run and nothing at record level is ever touched. Record-level links between
people (and between people and identifiers, compounds, agencies...) are projected
onto Persons with the union of their ``source_ids`` and ``refs``; corroboration is
then a count over ``source_ids`` of one Person-level link.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from casegraph.core.names import name_key
from casegraph.graph_schema import EVENT_KEYS, load_schema
from casegraph.resolution.normalize import name_tokens
from casegraph.services.aggregates import entity_layer, keep_summaries, rebuilt, refresh_aggregates
from casegraph.services.entities.records import PersonRow
from casegraph.store import GraphStore

RECORD = "PersonRecord"
ENTITY = "Person"
# Provenance lists are unioned across the records a link is projected from.
_UNION = ("source_ids", "refs", "excerpts")
# Written by resolve itself, never projected onto Persons.
RESOLUTION_RELS = ("RESOLVES_TO", "COMPARED")
# Properties that name a person record and must name the entity after projection.
_PERSON_REFS = ("person", "person_id")

DROP_ENTITY_LAYER = "MATCH (p:Person) DETACH DELETE p"
WRITE_PERSONS = """
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
SET p += row.props
"""
WRITE_RESOLVES_TO = """
UNWIND $rows AS row
MATCH (r:PersonRecord {id: row.record})
MATCH (p:Person {id: row.entity})
MERGE (r)-[x:RESOLVES_TO]->(p)
SET x.score = row.score, x.cluster = row.entity
"""


def _read_links(rel: str) -> str:
    """Record-level links of type ``rel`` with both ends mapped to their entities."""
    rel = load_schema().rel(rel)
    return f"""
MATCH (a)-[r:{rel}]->(b)
WHERE a:PersonRecord OR b:PersonRecord
OPTIONAL MATCH (a)-[:RESOLVES_TO]->(ea:Person)
OPTIONAL MATCH (b)-[:RESOLVES_TO]->(eb:Person)
RETURN labels(a)[0] AS src_label, coalesce(ea.id, a.id) AS src,
       labels(b)[0] AS dst_label, coalesce(eb.id, b.id) AS dst, properties(r) AS props
"""


def _write_links(src: str, rel: str, dst: str) -> str:
    """Merge projected links between entity-layer nodes (names checked against the schema)."""
    schema = load_schema()
    src, rel, dst = schema.label(src), schema.rel(rel), schema.label(dst)
    key = EVENT_KEYS.get(rel)
    if key:  # one link per event (per victim sold), not per pair of ends
        return f"""
UNWIND $rows AS row
MATCH (a:{src} {{id: row.src}})
MATCH (b:{dst} {{id: row.dst}})
MERGE (a)-[r:{rel} {{{key}: row.key}}]->(b)
SET r += row.props
"""
    return f"""
UNWIND $rows AS row
MATCH (a:{src} {{id: row.src}})
MATCH (b:{dst} {{id: row.dst}})
MERGE (a)-[r:{rel}]->(b)
SET r += row.props
"""


@dataclass
class EntityLayerStats:
    """What a resolve wrote, for the summary a user reads."""

    records: int = 0
    persons: int = 0
    merged_records: int = 0
    links: dict[str, int] = field(default_factory=dict)


def entity_id(member_ids: Iterable[str]) -> str:
    """A stable id for a cluster: derived from its smallest record id.

    Adding a record to a cluster keeps its id; splitting a cluster gives the part
    without the smallest record a new id, which is what an analyst expects.
    """
    return "P-" + hashlib.sha1(min(member_ids).encode("utf-8")).hexdigest()[:10]


def display_name(names: Counter[str]) -> str | None:
    """The name a person is shown under, of the names their records give (with counts).

    The fullest name wins, honorifics aside (a prosecutor wants "Chen Jianguo", not
    "Chen" or "Boss Chen"), then the name most records give. Spellings that differ only
    in case, accents or script count as one name, shown as written with care: in Latin
    letters, in mixed case and with its accents ("Dawit Alemu" over a list's "DAWIT
    ALEMU" or "ዳዊት አለሙ", "Nguyễn Văn Hùng" over "NGUYEN VAN HUNG"), however many
    capitalised copies police lists and hotline logs add.
    """
    spellings: dict[str, list[str]] = defaultdict(list)
    for name in names:
        spellings[name_key(name)].append(name)
    if not spellings:
        return None

    def written_with_care(name: str) -> tuple:
        letters = [c for c in name if c.isalpha()]
        latin = [unicodedata.name(c, "").startswith("LATIN") for c in letters]
        accents = sum(
            not c.isascii() for c, is_latin in zip(letters, latin, strict=True) if is_latin
        )
        return (all(latin), not name.isupper(), accents, names[name], name)

    best = max(
        spellings.values(),
        key=lambda forms: (
            len(name_tokens(forms[0])),
            sum(names[f] for f in forms),
            max(map(written_with_care, forms)),
        ),
    )
    return max(best, key=written_with_care)


def _person_props(members: list[PersonRow]) -> dict[str, Any]:
    names = Counter(m.name for m in members if m.name)
    roles = sorted({r for m in members for r in m.roles})
    # The pseudonym the interviewing officer gave wins over one made up for a
    # victim someone else mentioned.
    pseudonyms = [
        m.pseudonym
        for m in sorted(members, key=lambda m: (not m.is_interviewee, m.pseudonym or ""))
        if m.pseudonym
    ]
    return {
        "name": display_name(names),
        "names": sorted(names),
        "aliases": sorted({a for m in members for a in m.aliases}),
        "roles": roles,
        "nationalities": sorted({m.nationality for m in members if m.nationality}),
        "is_victim": "victim" in roles,
        "listed": next((m.listed for m in members if m.listed), None),
        "pseudonym": pseudonyms[0] if pseudonyms else None,
        "record_ids": sorted(m.id for m in members),
        "case_ids": sorted({m.case_id for m in members if m.case_id}),
        "source_ids": sorted({m.source_id for m in members if m.source_id}),
    }


def _lookup(eid: str, props: Mapping[str, Any], members: list[PersonRow]) -> list[str]:
    """Every lower-cased way a user may name this person (id, names, aliases, pseudonym
    and their `name_key` forms, phones, accounts, handles, wallets): one indexed list, so
    finding a person by any of them is an index lookup rather than a scan of everyone."""
    names = {props.get("pseudonym"), *props["names"], *props["aliases"]}
    keys = {eid, *names, *(name_key(n) for n in names if n)}
    for m in members:
        keys.update((*m.phones, *m.accounts, *m.wallets))
        keys.update(a.split(":", 1)[1] for a in m.accounts if ":" in a)
    return sorted({str(k).strip().lower() for k in keys if k})


def _merge_props(items: list[Mapping[str, Any]], to_entity: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in _UNION:
        values = sorted({v for p in items for v in (p.get(key) or [])})
        if values:
            out[key] = values
    origins = {p.get("origin") for p in items if p.get("origin")}
    if origins:
        out["origin"] = "recorded" if "recorded" in origins else sorted(origins)[0]
    for p in sorted(items, key=lambda p: sorted(p.get("source_ids") or [""])):
        for key, value in p.items():
            if key in _UNION or key == "origin" or key in out or value is None:
                continue
            out[key] = to_entity.get(value, value) if key in _PERSON_REFS else value
    out["records"] = len(items)
    return out


def _project(store: GraphStore, rel: str, to_entity: Mapping[str, str]) -> int:
    key = EVENT_KEYS.get(rel)
    groups: dict[tuple[str, str, str, str, Any], list[dict[str, Any]]] = defaultdict(list)
    for row in store.read(_read_links(rel)):
        src_label = ENTITY if row["src_label"] == RECORD else row["src_label"]
        dst_label = ENTITY if row["dst_label"] == RECORD else row["dst_label"]
        props = row["props"] or {}
        event = to_entity.get(props.get(key), props.get(key)) if key else None
        groups[(src_label, row["src"], dst_label, row["dst"], event)].append(props)
    by_labels: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for (src_label, src, dst_label, dst, event), items in groups.items():
        link = {"src": src, "dst": dst, "props": _merge_props(items, to_entity)}
        if key:
            link["key"] = event
        by_labels[(src_label, dst_label)].append(link)
    for (src_label, dst_label), rows in sorted(by_labels.items()):
        store.write_batches(_write_links(src_label, rel, dst_label), rows)
    return len(groups)


def write_entity_layer(
    store: GraphStore,
    records: list[PersonRow],
    clusters: Mapping[str, str],
    scores: Mapping[str, float] | None = None,
) -> EntityLayerStats:
    """Rebuild the Person layer from ``clusters`` (record id -> any cluster key).

    Records missing from ``clusters`` become singletons, so a partial clustering
    never drops a person from the entity layer.
    """
    members: dict[str, list[PersonRow]] = defaultdict(list)
    for rec in records:
        members[clusters.get(rec.id, rec.id)].append(rec)
    to_entity: dict[str, str] = {}
    persons = []
    for group in members.values():
        eid = entity_id(m.id for m in group)
        props = _person_props(group)
        props["lookup"] = _lookup(eid, props, group)
        persons.append({"id": eid, "props": props})
        to_entity.update({m.id: eid for m in group})

    before = entity_layer(store)
    fresh = keep_summaries(before, persons)
    store.write(DROP_ENTITY_LAYER)
    store.write_batches(WRITE_PERSONS, persons)
    store.write_batches(
        WRITE_RESOLVES_TO,
        [
            {"record": rid, "entity": eid, "score": (scores or {}).get(rid, 1.0)}
            for rid, eid in to_entity.items()
        ],
    )
    schema = load_schema()
    links = {}
    for rel in schema.relationships.values():
        if rel.type not in RESOLUTION_RELS and RECORD in rel.sources + rel.targets:
            links[rel.type] = _project(store, rel.type, to_entity)
    # The whole-graph queries' summaries follow the new layer: those it changed.
    refresh_aggregates(store, rebuilt(store, before, fresh))
    return EntityLayerStats(
        records=len(records),
        persons=len(persons),
        merged_records=sum(len(g) for g in members.values() if len(g) > 1),
        links={k: v for k, v in links.items() if v},
    )

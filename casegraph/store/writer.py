"""The graph writer: a loader's delta as MERGE statements, nodes by key and relationships
by their ends, unioning provenance.

Reloading a file changes nothing: nodes are merged on ``id``, relationships on their two
ends (plus a key property for events such as a transfer of one victim), and the
provenance lists ``source_ids``, ``refs`` and ``excerpts`` are unions, so a second load
adds nothing to them. ``origin`` is ``recorded`` once any source recorded the link, and
``mined`` while it was only found in narrative text. Labels and relationship types were
checked against ``graph_schema`` when asserted; values are parameters.

A node row marked ``version`` (``casegraph load --update``: a second record under an
existing id) is a new version: its stored properties are first appended to the node's
``history`` (a JSON object per earlier version: its properties, where it was read, when
and by which source it was replaced), then the new ones are set as for any row: what the
new version states replaces the stored value, what it does not state stays.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping
from datetime import UTC, datetime
from functools import cache

from casegraph.graph_schema import EVENT_KEYS, load_schema
from casegraph.store.base import DEFAULT_BATCH, GraphStore, Row

__all__ = ["node_statement", "rel_statement", "write_delta"]


@cache
def node_statement(label: str) -> str:
    """MERGE statement for one label; an empty ``sids`` / ``refs`` list leaves them as they are.

    The node type's extra labels (``also``: an Agency is an Organisation) are set after
    its own, so ``labels(n)[0]`` stays the node type.
    """
    node = load_schema().nodes[load_schema().label(label)]
    extra = "".join(f", n:{load_schema().label(other)}" for other in node.also)
    return f"""UNWIND $rows AS row
MERGE (n:{label} {{id: row.id}})
ON CREATE SET n += row.create
SET n += row.props{extra},
    n.source_ids = CASE WHEN size(row.sids) = 0 THEN n.source_ids
        ELSE coalesce(n.source_ids, [])
            + [s IN row.sids WHERE NOT s IN coalesce(n.source_ids, [])] END,
    n.refs = CASE WHEN size(row.refs) = 0 THEN n.refs
        ELSE coalesce(n.refs, []) + [x IN row.refs WHERE NOT x IN coalesce(n.refs, [])] END"""


@cache
def rel_statement(rel: str, start: str, end: str) -> str:
    """MERGE statement for ``(start)-[rel]->(end)``, refused unless the schema allows it."""
    rel = load_schema().link(rel, start, end)
    key = EVENT_KEYS.get(rel)
    if key:
        return f"""UNWIND $rows AS row
MATCH (a:{start} {{id: row.a}})
MATCH (b:{end} {{id: row.b}})
MERGE (a)-[r:{rel} {{{key}: row.key}}]->(b)
SET r += row.props,
    r.source_ids = coalesce(r.source_ids, [])
        + [s IN row.sids WHERE NOT s IN coalesce(r.source_ids, [])],
    r.refs = coalesce(r.refs, []) + [x IN row.refs WHERE NOT x IN coalesce(r.refs, [])],
    r.origin = CASE WHEN r.origin = 'recorded' THEN 'recorded' ELSE row.origin END"""
    return f"""UNWIND $rows AS row
MATCH (a:{start} {{id: row.a}})
MATCH (b:{end} {{id: row.b}})
MERGE (a)-[r:{rel}]->(b)
SET r += row.props,
    r.source_ids = coalesce(r.source_ids, [])
        + [s IN row.sids WHERE NOT s IN coalesce(r.source_ids, [])],
    r.refs = coalesce(r.refs, []) + [x IN row.refs WHERE NOT x IN coalesce(r.refs, [])],
    r.origin = CASE WHEN r.origin = 'recorded' THEN 'recorded' ELSE row.origin END,
    r.excerpt = coalesce(r.excerpt, row.excerpt),
    r.excerpts = CASE WHEN size(row.excerpts) = 0 THEN r.excerpts
        ELSE coalesce(r.excerpts, [])
            + [x IN row.excerpts WHERE NOT x IN coalesce(r.excerpts, [])] END"""


@cache
def stored_statement(label: str) -> str:
    """The stored properties of nodes of ``label`` by id (read before a new version)."""
    label = load_schema().label(label)
    return f"MATCH (n:{label}) WHERE n.id IN $ids RETURN n.id AS id, properties(n) AS props"


# What a version is not: the key, the provenance lists (a union over versions), history.
_NOT_VERSIONED = {"id", "source_ids", "refs", "history"}


def _record_versions(store: GraphStore, label: str, rows: list[Row]) -> None:
    """Give each row marked ``version`` the history its node will hold: the stored
    properties, where they were read and where the new version was (the mark), when."""
    marked = {r["id"]: r for r in rows if r.get("version")}
    if not marked:
        return
    now = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    for found in store.read(stored_statement(label), {"ids": sorted(marked)}):
        row, before = marked[found["id"]], found["props"] or {}
        entry = {
            "properties": {k: v for k, v in before.items() if k not in _NOT_VERSIONED},
            **row["version"],
            "replaced_at": now,
        }
        history = [*(before.get("history") or []), json.dumps(entry, ensure_ascii=False)]
        row["props"] = {**row["props"], "history": history}


def _statement(key: Hashable) -> str:
    if key[0] == "node":
        return node_statement(key[1])
    return rel_statement(*key[1:])


def write_delta(
    store: GraphStore, groups: Mapping[Hashable, list[Row]], batch_size: int = DEFAULT_BATCH
) -> int:
    """Write a loader's delta (``GraphBatch.batches.groups()``: rows per node label or per
    relationship and its ends), nodes first, then relationships (their MATCHes need the
    nodes); returns rows written."""
    written = 0
    for key in sorted(groups, key=lambda k: 0 if k[0] == "node" else 1):
        if key[0] == "node":
            _record_versions(store, key[1], groups[key])
        written += store.write_batches(_statement(key), groups[key], batch_size=batch_size)
    return written

"""The graph writer: MERGE nodes by key and relationships by their ends, unioning provenance.

Reloading a file changes nothing: nodes are merged on ``id``, relationships on their two
ends (plus a key property for events such as a transfer of one victim), and the
provenance lists ``source_ids``, ``refs`` and ``excerpts`` are unions, so a second load
adds nothing to them. ``origin`` is ``recorded`` once any source recorded the link, and
``mined`` while it was only found in narrative text. Labels and relationship types are
checked against ``graph_schema`` before a statement is built; values are parameters.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from casegraph.errors import SchemaError
from casegraph.store import GraphStore
from graph_schema import load_schema
from loaders.batching import DEFAULT_BATCH_SIZE, Batches

__all__ = ["GraphBatch", "Ref", "node_statement", "rel_statement"]

Ref = tuple[str, str]  # (label, id)
RECORDED, MINED = "recorded", "mined"
# Relationships that are events, one per victim, rather than one per pair of ends.
REL_KEYS = {"TRANSFERRED_TO": "person_id", "SOLD_TO": "person"}


@cache
def node_statement(label: str) -> str:
    """MERGE statement for one label; an empty ``sids`` / ``refs`` list leaves them as they are."""
    load_schema().label(label)
    return f"""UNWIND $rows AS row
MERGE (n:{label} {{id: row.id}})
ON CREATE SET n += row.create
SET n += row.props,
    n.source_ids = CASE WHEN size(row.sids) = 0 THEN n.source_ids
        ELSE coalesce(n.source_ids, [])
            + [s IN row.sids WHERE NOT s IN coalesce(n.source_ids, [])] END,
    n.refs = CASE WHEN size(row.refs) = 0 THEN n.refs
        ELSE coalesce(n.refs, []) + [x IN row.refs WHERE NOT x IN coalesce(n.refs, [])] END"""


@cache
def rel_statement(rel: str, start: str, end: str) -> str:
    """MERGE statement for ``(start)-[rel]->(end)``, refused unless the schema allows it."""
    schema = load_schema()
    spec = schema.relationships[schema.rel(rel)]
    if start not in spec.sources or end not in spec.targets:
        raise SchemaError(f"the schema does not allow ({start})-[:{rel}]->({end})")
    key = REL_KEYS.get(rel)
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


def _clean(props: dict[str, Any] | None) -> dict[str, Any]:
    # None would erase a value another source set; empty lists say nothing either.
    return {k: v for k, v in (props or {}).items() if v is not None and v != []}


def _union(into: list, more: list) -> None:
    into.extend(x for x in more if x not in into)


def _merge_in_file(first: dict[str, Any], other: dict[str, Any]) -> None:
    """Two assertions of one file: list properties add up (aliases over several rows)."""
    for k, v in other.get("props", {}).items():
        if isinstance(v, list) and isinstance(first["props"].get(k), list):
            other["props"][k] = first["props"][k] + [x for x in v if x not in first["props"][k]]
    _merge_in_load(first, other)


def _merge_in_load(first: dict[str, Any], other: dict[str, Any]) -> None:
    """Two assertions, as if written one after the other: later properties win (SET +=),
    the first one creates the node (its ``create`` properties stay), provenance lists are
    unions. So how files are grouped into batches never changes the graph."""
    for field in ("sids", "refs", "excerpts"):
        if field in first:
            _union(first[field], other[field])
    first["props"].update(other["props"])
    if "origin" in first and RECORDED in (first["origin"], other["origin"]):
        first["origin"] = RECORDED
    if first.get("excerpt") is None and other.get("excerpt") is not None:
        first["excerpt"] = other["excerpt"]


class GraphBatch:
    """What one file (or several, absorbed) asserts, grouped per statement, ready to write."""

    def __init__(self) -> None:
        self.batches = Batches()
        self._nodes: set[str] = set()

    def node(
        self,
        label: str,
        id: str,
        props: dict[str, Any] | None = None,
        sid: str | None = None,
        ref: str | None = None,
        create: dict[str, Any] | None = None,
    ) -> Ref:
        """Assert a node; ``create`` properties are only set when the node is new."""
        statement = node_statement(label)
        self._nodes.add(statement)
        keeps = load_schema().nodes[label].properties  # provenance only where the schema has it
        row = {
            "id": id,
            "props": _clean(props),
            "create": _clean(create),
            "sids": [sid] if sid and "source_ids" in keeps else [],
            "refs": [ref] if ref and "refs" in keeps else [],
        }
        self.batches.add(statement, id, row, _merge_in_file)
        return (label, id)

    def rel(
        self,
        rel: str,
        start: Ref,
        end: Ref,
        props: dict[str, Any] | None = None,
        sid: str | None = None,
        ref: str | None = None,
        origin: str = RECORDED,
        excerpt: str | None = None,
    ) -> None:
        """Assert a relationship between two nodes asserted (or stored) before."""
        statement = rel_statement(rel, start[0], end[0])
        props = _clean(props)
        key_prop = REL_KEYS.get(rel)
        key = props.pop(key_prop, "") if key_prop else None
        row = {
            "a": start[1],
            "b": end[1],
            "key": key,
            "props": props,
            "sids": [sid] if sid else [],
            "refs": [ref] if ref else [],
            "origin": origin,
            "excerpt": excerpt,
            "excerpts": [excerpt] if excerpt else [],
        }
        self.batches.add(statement, (start, end, key), row, _merge_in_file)

    def __len__(self) -> int:
        return len(self.batches)

    def absorb(self, other: GraphBatch) -> None:
        """Take over another file's assertions, so that many small files share batches."""
        self.batches.absorb(other.batches, _merge_in_load)
        self._nodes |= other._nodes

    def write(self, store: GraphStore, batch_size: int = DEFAULT_BATCH_SIZE) -> int:
        """Nodes first, then relationships (their MATCHes need the nodes)."""
        return self.batches.write(
            store, lambda s: 0 if s in self._nodes else 1, batch_size=batch_size
        )

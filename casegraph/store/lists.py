"""Nodes found by one element of an indexed list property, on either store.

The one place where the two dialects differ for finding a node by one of its keys
(a person by any name, alias, phone or handle in ``Person.lookup``). FalkorDB's range
index holds each element of a list, so ``'k' IN n.lookup`` is an index lookup there.
Neo4j's range and text indexes hold a list as one value (``'k' IN n.lookup`` scans every
node of the label: 0.3 s at 100,000 nodes), so there the schema gives the list a
full-text index with the keyword analyzer, which holds each element whole, and the
lookup asks it for exact terms.
"""

from __future__ import annotations

from collections.abc import Iterable

from casegraph.graph_schema import load_schema
from casegraph.store.base import GraphStore, Row

__all__ = ["nodes_by_element"]


def _term(prop: str, key: str) -> str:
    # One exact term: quoted, so the keyword analyzer sees the whole value (spaces,
    # '+', ':' and the query syntax's other characters included).
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return f'{prop}:"{escaped}"'


def nodes_by_element(store: GraphStore, label: str, prop: str, keys: Iterable[str]) -> list[Row]:
    """The properties of each ``label`` node whose list ``prop`` holds one of ``keys``
    exactly, found through the list's index on both stores. ``label`` and ``prop`` must
    be a list index of the schema."""
    index = load_schema().list_index(label, prop)
    wanted = sorted({k for k in keys if k})
    if not wanted:
        return []
    if store.backend == "neo4j":
        cypher = (
            "CALL db.index.fulltext.queryNodes($index, $query) YIELD node AS n RETURN DISTINCT n"
        )
        query = " OR ".join(_term(prop, k) for k in wanted)
        return [row["n"] for row in store.read(cypher, {"index": index, "query": query})]
    cypher = f"UNWIND $keys AS k MATCH (n:{label}) WHERE k IN n.{prop} RETURN DISTINCT n"
    return [row["n"] for row in store.read(cypher, {"keys": wanted})]

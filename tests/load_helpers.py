"""Helpers shared by the loader tests: fixture paths and graph snapshots."""

from __future__ import annotations

from pathlib import Path

from casegraph.graph_schema import internal_labels
from casegraph.store import GraphStore

FIXTURES = Path(__file__).parent / "fixtures" / "load"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"
DEBRIEF = GOOD / "debriefs" / "DBR-TST-0001.md"
LISTS = Path(__file__).parent / "fixtures" / "lists"  # link charts, sanctions lists, FtM


def snapshot(store: GraphStore) -> tuple[list, list]:
    """Every node and relationship with all its properties, sorted: equal means unchanged.
    (casegraph's bookkeeping, such as the audit trail a command leaves in Neo4j, aside.)"""
    nodes = store.read(
        "MATCH (n) WHERE NOT any(l IN labels(n) WHERE l IN $internal)"
        " RETURN labels(n) AS labels, properties(n) AS props",
        {"internal": internal_labels()},
    )
    rels = store.read(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props"
    )
    key = repr
    return sorted(nodes, key=key), sorted(rels, key=key)

"""Nodes found by id whatever their label, each through its label's unique index.

A match without a label (``MATCH (n) WHERE n.id = $id``) reads every node of the graph:
fine on a case, over a second on a million nodes. Ids are unique and indexed per label,
so a node of unknown label is found by one indexed match per label, every label keyed
by id but the internal ones, and those whose nodes carry a broader label too (an Agency
or a Company is an Organisation: matched once, as an Organisation), joined by UNION.
``link-evidence`` and ``shortest-connection`` spell the same out in their Cypher; here
reports, pictures and ``viz`` build it from the schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from casegraph.graph_schema import load_schema
from casegraph.store.base import GraphStore, Row

__all__ = ["each_label", "nodes_by_id", "of_label"]


# The start of each part of the UNION (a fragment: ``then`` completes it).
_EACH_PART = "UNWIND $ids AS k MATCH (n:{label} {{id: k}}) "


@cache
def _labels() -> tuple[str, ...]:
    nodes = load_schema().nodes.values()
    return tuple(n.label for n in nodes if n.key == "id" and not n.internal and not n.also)


def of_label(label: str, then: str) -> str:
    """``then`` (Cypher about the node ``n``, ending in a RETURN) after the node of each id
    of ``$ids`` is matched through ``label``'s index: for ids whose label is known."""
    return _EACH_PART.format(label=label) + then


def each_label(then: str) -> str:
    """``then`` (Cypher about the node ``n``, ending in a RETURN) after the node of each
    id of ``$ids`` is matched through its label's index, for every label, as one UNION.
    A condition on a node ``then`` matches past ``n`` belongs after a WITH: FalkorDB would
    otherwise start from that node and read every one."""
    return "\nUNION\n".join(of_label(label, then) for label in _labels())


_NODE_PART = "RETURN n AS node"


@cache
def _nodes() -> str:
    return each_label(_NODE_PART)


def nodes_by_id(store: GraphStore, ids: Iterable[str]) -> list[Row]:
    """The nodes with these ids (one ``node`` column each), of any label but the internal
    ones."""
    wanted = sorted(set(ids))
    return store.read(_nodes(), {"ids": wanted}) if wanted else []

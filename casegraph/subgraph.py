"""A small picture-sized piece of the graph: the one shape every renderer draws.

Query results come back from the store as plain dicts (``casegraph.store.base.plain``):
nodes as their properties plus ``_labels``, relationships as their properties plus
``_type`` but *without* their endpoints. So a query meant for a picture returns its
links in one of these shapes (any mix, in any columns):

* ``RETURN a AS source, r AS rel, b AS target``: a row with ``source``, ``rel`` and
  ``target`` columns is one link (``rel`` may also be a type string);
* ``RETURN a.id AS src_id, type(r) AS type, b.id AS dst_id``: explicit endpoints
  (optionally ``properties(r) AS properties``, ``labels(a)[0] AS src_label`` ...);
* ``RETURN [a.id, type(r), b.id] AS link``, or a list of such triples such as
  ``[r IN relationships(p) | [startNode(r).id, type(r), endNode(r).id]] AS links``
  (a fourth element may hold ``properties(r)``): the portable way to draw paths,
  since FalkorDB returns a path object itself only as text;
* any other column holding a node, or a list of nodes (``nodes(p)``), adds nodes.

Node identity in a picture is the schema key ``id`` (every label has one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from casegraph.errors import ParameterError, QueryError
from casegraph.store.base import GraphStore

__all__ = [
    "GEdge",
    "GNode",
    "Subgraph",
    "caption_of",
    "neighbourhood",
    "subgraph_from_rows",
    "subgraph_query",
]

MAX_HOPS = 4
_REL_TYPE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_CAPTION_KEYS = ("name", "value", "title", "handle", "address", "label", "id")

# One constant per hop count: a variable-length bound cannot be a parameter.
# Nodes come nearest first (then by id) so that ``limit`` keeps the closest ones;
# links are every relationship between the kept nodes, as [type, target id, props].
_NEIGHBOURHOOD_TEMPLATE = """
MATCH (start) WHERE start.id = $id
OPTIONAL MATCH p = (start)-[*1..HOPS]-(m)
WHERE m <> start
  AND ($labels IS NULL OR all(x IN nodes(p)[1..] WHERE any(l IN labels(x) WHERE l IN $labels)))
WITH start, m, min(length(p)) AS d
ORDER BY d, m.id
WITH start, collect(m)[0..$limit] AS ms
WITH [start] + ms AS ns
UNWIND ns AS a
OPTIONAL MATCH (a)-[r]->(b)
WHERE b IN ns
RETURN a AS node,
       collect(CASE WHEN r IS NULL THEN null ELSE [type(r), b.id, properties(r)] END) AS out
"""
NEIGHBOURHOOD_QUERIES = {
    hops: _NEIGHBOURHOOD_TEMPLATE.replace("HOPS", str(hops)) for hops in range(1, MAX_HOPS + 1)
}
SOURCE_GRADINGS = """
MATCH (s:Source) WHERE s.id IN $ids
RETURN s.id AS id, s.grading AS grading, s.reliability AS reliability,
       s.credibility AS credibility
"""
NODES_BY_ID = "MATCH (n) WHERE n.id IN $ids RETURN n AS node"


@dataclass
class GNode:
    """One node: its schema id, main label, a default caption and all its properties."""

    id: str
    label: str
    caption: str
    properties: dict[str, Any] = field(default_factory=dict)

    @property
    def roles(self) -> list[str]:
        """Roles of a person as a lower-case list (``roles`` may be a list or a string)."""
        roles = self.properties.get("roles") or self.properties.get("role") or []
        if isinstance(roles, str):
            roles = [roles]
        return [str(r).strip().lower() for r in roles if str(r).strip()]


@dataclass
class GEdge:
    """One relationship between two node ids, with its provenance properties."""

    source: str
    target: str
    type: str
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass
class Subgraph:
    """Nodes and edges to draw, plus the grading of the sources they cite (by source id)."""

    nodes: list[GNode] = field(default_factory=list)
    edges: list[GEdge] = field(default_factory=list)
    gradings: dict[str, str] = field(default_factory=dict)

    def node(self, node_id: str) -> GNode | None:
        """The node with this id, if present."""
        return next((n for n in self.nodes if n.id == node_id), None)

    def source_ids(self) -> set[str]:
        """Every source id cited by a node or an edge (for looking up gradings)."""
        found: set[str] = set()
        for props in [n.properties for n in self.nodes] + [e.properties for e in self.edges]:
            found.update(str(s) for s in _as_list(props.get("source_ids")))
            if props.get("source_id"):
                found.add(str(props["source_id"]))
        return found


def caption_of(props: Mapping[str, Any]) -> str:
    """The most human caption a node's properties offer (name, value, title, ... id)."""
    for key in _CAPTION_KEYS:
        value = props.get(key)
        if value not in (None, "", []):
            return str(value)
    return "?"


class _Builder:
    """Collects nodes and edges from rows, without duplicates, keeping first-seen order."""

    def __init__(self) -> None:
        self.nodes: dict[str, GNode] = {}
        self.edges: dict[tuple[str, str, str], GEdge] = {}

    def add_node(self, value: Mapping[str, Any]) -> str | None:
        if value.get("id") is None:
            return None
        node_id = str(value["id"])
        if node_id not in self.nodes:
            props = {k: v for k, v in value.items() if not k.startswith("_")}
            labels = value.get("_labels") or ["Node"]
            self.nodes[node_id] = GNode(node_id, str(labels[0]), caption_of(props), props)
        return node_id

    def placeholder(self, node_id: Any, label: Any = None) -> str:
        key = str(node_id)
        if key not in self.nodes:
            self.nodes[key] = GNode(key, str(label or "Node"), key, {"id": key})
        return key

    def add_edge(self, src: Any, rtype: Any, dst: Any, props: Any = None) -> None:
        if src is None or dst is None or not rtype:
            return
        key = (str(src), str(rtype), str(dst))
        if key not in self.edges:
            clean = {k: v for k, v in dict(props or {}).items() if not k.startswith("_")}
            self.edges[key] = GEdge(key[0], key[2], key[1], clean)

    def add_value(self, value: Any) -> None:
        if isinstance(value, Mapping):
            if "_labels" in value:
                self.add_node(value)
            elif "nodes" in value and "relationships" in value:
                self._add_path(value)
        elif _is_triple(value):
            src, rtype, dst = (self.placeholder(value[0]), value[1], self.placeholder(value[2]))
            self.add_edge(src, rtype, dst, value[3] if len(value) > 3 else None)
        elif isinstance(value, list):
            for item in value:
                self.add_value(item)

    def _add_path(self, path: Mapping[str, Any]) -> None:
        # Paths lose relationship direction in plain(): draw them in path order.
        ids = [self.add_node(n) for n in path["nodes"]]
        for i, rel in enumerate(path["relationships"]):
            if i + 1 < len(ids):
                self.add_edge(ids[i], rel.get("_type"), ids[i + 1], rel)

    def add_row(self, row: Mapping[str, Any]) -> None:
        row = dict(row)
        if isinstance(row.get("source"), Mapping) and isinstance(row.get("target"), Mapping):
            src, dst = self.add_node(row.pop("source")), self.add_node(row.pop("target"))
            rel = row.pop("rel", None)
            if isinstance(rel, Mapping):
                self.add_edge(src, rel.get("_type"), dst, rel)
            else:
                self.add_edge(src, rel or row.pop("type", None), dst, row.pop("properties", None))
        if row.get("src_id") is not None and row.get("dst_id") is not None:
            src = self.placeholder(row.pop("src_id"), row.pop("src_label", None))
            dst = self.placeholder(row.pop("dst_id"), row.pop("dst_label", None))
            self.add_edge(src, row.pop("type", None), dst, row.pop("properties", None))
        for value in row.values():
            self.add_value(value)

    def subgraph(self) -> Subgraph:
        return Subgraph(list(self.nodes.values()), list(self.edges.values()))


def _is_triple(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) in (3, 4)
        and all(isinstance(v, str) for v in value[:3])
        and bool(_REL_TYPE.match(value[1]))
        and (len(value) == 3 or isinstance(value[3], Mapping | None))
    )


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple | set) else [value]


def subgraph_from_rows(rows: Iterable[Mapping[str, Any]]) -> Subgraph:
    """Build a Subgraph from query rows of the shapes listed in this module's docstring.

    Endpoints known only by id (explicit columns or triples) become placeholder nodes
    labelled ``Node`` (or ``src_label``/``dst_label``); ``subgraph_query`` fills them in.
    """
    builder = _Builder()
    for row in rows:
        builder.add_row(row)
    return builder.subgraph()


def _complete(store: GraphStore, sub: Subgraph) -> Subgraph:
    # Replace placeholder nodes by the stored ones and look up cited sources' grading.
    missing = [n.id for n in sub.nodes if n.label == "Node" and set(n.properties) == {"id"}]
    if missing:
        found = {}
        for row in store.read(NODES_BY_ID, {"ids": missing}):
            node = subgraph_from_rows([row]).nodes
            if node:
                found.setdefault(node[0].id, node[0])
        sub.nodes = [found.get(n.id, n) for n in sub.nodes]
    cited = sorted(sub.source_ids())
    if cited:
        for row in store.read(SOURCE_GRADINGS, {"ids": cited}):
            grading = row.get("grading") or "".join(
                str(row.get(k) or "") for k in ("reliability", "credibility")
            )
            if grading:
                sub.gradings[str(row["id"])] = grading
    return sub


def subgraph_query(
    store: GraphStore, cypher: str, params: Mapping[str, Any] | None = None
) -> Subgraph:
    """Run a read-only query and build the Subgraph it returns (see module docstring)."""
    return _complete(store, subgraph_from_rows(store.read(cypher, params or {})))


def neighbourhood(
    store: GraphStore,
    node_id: str,
    hops: int = 2,
    labels: Iterable[str] | None = None,
    limit: int = 500,
) -> Subgraph:
    """Everything within ``hops`` of the node with schema id ``node_id``.

    ``labels`` keeps only paths through nodes of those labels (the start node is always
    kept); ``limit`` caps the number of nodes besides the start, nearest first, so a hub
    such as a Country cannot flood the picture. Works the same on FalkorDB and Neo4j.
    """
    if not isinstance(hops, int) or not 1 <= hops <= MAX_HOPS:
        raise ParameterError(f"hops must be an integer from 1 to {MAX_HOPS}, got {hops!r}")
    if limit < 1:
        raise ParameterError(f"limit must be at least 1, got {limit!r}")
    params = {"id": node_id, "labels": sorted(labels) if labels else None, "limit": limit}
    rows = store.read(NEIGHBOURHOOD_QUERIES[hops], params)
    if not rows:
        raise QueryError(f"no node with id {node_id!r} in {store.location}")
    builder = _Builder()
    for row in rows:
        builder.add_node(row["node"])
    for row in rows:
        src = str(row["node"]["id"])
        for rtype, dst, props in row["out"]:
            builder.add_edge(src, rtype, dst, props)
    return _complete(store, builder.subgraph())

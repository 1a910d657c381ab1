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

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from casegraph.core.errors import ParameterError, QueryError
from casegraph.graph_schema import load_schema
from casegraph.store.base import GraphStore, Row
from casegraph.store.by_id import nodes_by_id

__all__ = [
    "GEdge",
    "GNode",
    "Subgraph",
    "caption_of",
    "neighbourhood",
    "nodes_by_id",
    "subgraph_from_rows",
    "subgraph_query",
]

log = logging.getLogger(__name__)

MAX_HOPS = 4
_REL_TYPE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_PATH_TEXT = re.compile(r"^<\(\d+\)")
_CAPTION_KEYS = ("name", "value", "title", "handle", "address", "label", "id")

SOURCE_GRADINGS = """
MATCH (s:Source) WHERE s.id IN $ids
RETURN s.id AS id, s.grading AS grading, s.reliability AS reliability,
       s.credibility AS credibility
"""
# A record naming someone as a recruiter may belong to a person who is a victim in
# another source: the resolved person decides, so the record is hidden like them.
ANY_PERSON = "MATCH (p:Person) RETURN p.id AS id LIMIT 1"
VICTIM_RECORDS = """
MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p:Person)
WHERE r.id IN $ids AND (p.is_victim = true OR 'victim' IN coalesce(p.roles, []))
RETURN r.id AS id, p.pseudonym AS pseudonym
"""


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
    #: The node a picture is drawn around (drawn larger and outlined), if any.
    seed: str | None = None
    #: Nodes found within reach but left out by the cap ("N more not shown").
    hidden: int = 0

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
        self.unplaced = 0  # relationships, paths or nodes that cannot be drawn

    def add_node(self, value: Mapping[str, Any]) -> str | None:
        if value.get("id") is None:
            self.unplaced += 1
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
            elif "_type" in value:
                self.unplaced += 1  # a relationship alone: its endpoints are unknown
        elif isinstance(value, str) and _PATH_TEXT.match(value):
            self.unplaced += 1  # FalkorDB hands a path back only as text
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
    if builder.unplaced:
        log.warning(
            "%d returned value(s) could not be drawn (a relationship or path without its "
            "endpoints, or a node without an id): return `a AS source, r AS rel, b AS "
            "target` or [a.id, type(r), b.id] triples",
            builder.unplaced,
        )
    return builder.subgraph()


def _complete(store: GraphStore, sub: Subgraph) -> Subgraph:
    # Replace placeholder nodes by the stored ones, mark records of resolved victims,
    # and look up the grading of cited sources.
    missing = [n.id for n in sub.nodes if n.label == "Node" and set(n.properties) == {"id"}]
    if missing:
        found = {}
        for row in nodes_by_id(store, missing):
            node = subgraph_from_rows([row]).nodes
            if node:
                found.setdefault(node[0].id, node[0])
        sub.nodes = [found.get(n.id, n) for n in sub.nodes]
    records = {n.id: n for n in sub.nodes if n.label == "PersonRecord"}
    if records:
        for row in store.read(VICTIM_RECORDS, {"ids": sorted(records)}):
            props = records[str(row["id"])].properties
            props["is_victim"] = True
            if row.get("pseudonym") and not props.get("pseudonym"):
                props["pseudonym"] = row["pseudonym"]
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


def _expand_query(label: str) -> str:
    # The label comes from the schema (checked), so the id lookup uses its index.
    label = load_schema().label(label)
    return f"""UNWIND $ids AS i
MATCH (a:{label} {{id: i}})-[r]-(b)
WHERE ($labels IS NULL OR any(l IN labels(b) WHERE l IN $labels))
  AND NOT any(l IN labels(b) WHERE l IN $exclude)
  AND ($within IS NULL OR b.id IN $within)
RETURN startNode(r).id AS src, type(r) AS type, endNode(r).id AS dst,
       properties(r) AS properties, b AS node"""


def _expand(
    store: GraphStore,
    builder: _Builder,
    ids: list[str],
    labels: list[str] | None,
    within: Any,
    exclude: list[str],
) -> list[Row]:
    by_label: dict[str, list[str]] = {}
    for node_id in ids:
        by_label.setdefault(builder.nodes[node_id].label, []).append(node_id)
    rows: list[Row] = []
    for label, group in sorted(by_label.items()):
        params = {"ids": group, "labels": labels, "within": within, "exclude": exclude}
        rows.extend(store.read(_expand_query(label), params))
    return rows


def neighbourhood(
    store: GraphStore,
    node_id: str,
    hops: int = 2,
    labels: Iterable[str] | None = None,
    limit: int = 500,
    records: bool | None = None,
) -> Subgraph:
    """Everything within ``hops`` of the node with schema id ``node_id``, and all links
    between the nodes kept.

    Grown one hop at a time (nearest nodes first, then by id) until ``limit`` nodes
    besides the start, so a hub such as a Country cannot flood the picture (how many
    were left out is kept in ``hidden``); ``labels`` keeps only nodes of those labels
    (the start node is always kept). ``records`` draws the record layer (one node per
    source's mention of a person, and the source documents) too; by default only when
    nothing is resolved yet, so after `casegraph resolve` each person appears once and
    provenance stays in the tooltips. Each hop is one indexed,
    parameterized query per label, the same on FalkorDB and Neo4j.
    """
    if not isinstance(hops, int) or not 1 <= hops <= MAX_HOPS:
        raise ParameterError(f"hops must be an integer from 1 to {MAX_HOPS}, got {hops!r}")
    if limit < 1:
        raise ParameterError(f"limit must be at least 1, got {limit!r}")
    wanted = sorted(load_schema().label(lbl) for lbl in labels) if labels else None
    # Looked up by id alone: casegraph's bookkeeping nodes are never found.
    found = nodes_by_id(store, [node_id])
    if not found:
        raise QueryError(
            f"no node with id {node_id!r} in {store.location} (ids look like P-cafca9c3fb,"
            " CMP-MM-KKPARK or +254712555301)"
        )
    if records is None:
        records = not store.read(ANY_PERSON)
    exclude = [] if records else ["PersonRecord", "Source"]
    builder = _Builder()
    frontier = [builder.add_node(found[0]["node"]) or node_id]
    links: list[Row] = []
    hidden = 0
    for _ in range(hops):
        rows = _expand(store, builder, frontier, wanted, None, exclude)
        links.extend(rows)
        fresh = {str(r["node"]["id"]): r["node"] for r in rows if str(r["node"]["id"])}
        room = limit + 1 - len(builder.nodes)
        unseen = sorted(nid for nid in fresh if nid not in builder.nodes)
        new = unseen[: max(room, 0)]
        hidden += len(unseen) - len(new)
        for nid in new:
            builder.add_node(fresh[nid])
        frontier = new
        if not frontier or len(builder.nodes) > limit:
            break
    links.extend(_expand(store, builder, frontier, wanted, list(builder.nodes), exclude))
    for row in links:
        if str(row["src"]) in builder.nodes and str(row["dst"]) in builder.nodes:
            builder.add_edge(row["src"], row["type"], row["dst"], row["properties"])
    sub = _complete(store, builder.subgraph())
    sub.seed, sub.hidden = node_id, hidden
    return sub

"""The graph for other tools: GraphML (yEd, Gephi), GEXF (Gephi), node and link CSV.

What is exported is the analysis layer by default (resolved people, organisations,
identifiers, places, journeys, sources; not the per-source person records, which
``layer="all"`` adds), with victims pseudonymised exactly as in pictures
(``casegraph.services.render.pseudonymise``) unless revealed. Lists and mappings are
written as JSON text, since GraphML and GEXF attributes are scalars.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from casegraph.core.cells import safe_writer
from casegraph.core.errors import ParameterError
from casegraph.graph_schema import internal_labels
from casegraph.services.exports.manifest import Manifest
from casegraph.services.render import pseudonymise
from casegraph.services.subgraph import Subgraph, subgraph_query
from casegraph.store import GraphStore

__all__ = ["LAYERS", "export_graph", "export_subgraph", "to_networkx"]

LAYERS = ("entity", "all")
# Nodes once, links as id pairs: returning both end nodes with every link would send each
# node's properties once per link (38 s for a 300-debrief graph, against a few seconds).
# Bookkeeping nodes (internal labels) are left out; they take no links.
_ALL = """
MATCH (n)
WHERE NOT any(l IN labels(n) WHERE l IN $internal)
RETURN n AS node, null AS src_id, null AS type, null AS dst_id, null AS properties
UNION ALL
MATCH (a)-[r]->(b)
RETURN null AS node, a.id AS src_id, type(r) AS type, b.id AS dst_id, properties(r) AS properties
"""
_ENTITY = """
MATCH (n)
WHERE NOT n:PersonRecord AND NOT any(l IN labels(n) WHERE l IN $internal)
RETURN n AS node, null AS src_id, null AS type, null AS dst_id, null AS properties
UNION ALL
MATCH (a)-[r]->(b)
WHERE NOT a:PersonRecord AND NOT b:PersonRecord
RETURN null AS node, a.id AS src_id, type(r) AS type, b.id AS dst_id, properties(r) AS properties
"""
GRAPH_FORMATS = ("graphml", "gexf", "csv")


def export_subgraph(store: GraphStore, layer: str = "entity", reveal: bool = False) -> Subgraph:
    """The whole graph (``layer``: "entity" or "all"), victims pseudonymised unless revealed."""
    if layer not in LAYERS:
        raise ParameterError(f"layer is {' or '.join(LAYERS)}, not {layer!r}")
    query = _ALL if layer == "all" else _ENTITY
    sub = pseudonymise(subgraph_query(store, query, {"internal": internal_labels()}), reveal)
    # In order of id: each store returns the graph in an order of its own, and an export
    # (evidence handed on) must be the same file whichever store held the graph.
    sub.nodes.sort(key=lambda n: n.id)
    sub.edges.sort(key=lambda e: (e.source, e.type, e.target, _json(e.properties)))
    return sub


def _scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, bool | int | float | str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def to_networkx(sub: Subgraph) -> nx.MultiDiGraph:
    """Nodes keyed by id with ``label``, ``caption`` and every property; links with
    ``type``, keyed by type so two kinds of link between the same pair both stay."""
    graph = nx.MultiDiGraph()
    for node in sub.nodes:
        # Keys sorted: GEXF numbers attributes in the order first seen, and each store
        # returns a node's properties in an order of its own.
        attrs = {k: _scalar(v) for k, v in sorted(node.properties.items()) if v is not None}
        attrs.update(label=node.label, caption=node.caption)
        graph.add_node(node.id, **attrs)
    for edge in sub.edges:
        attrs = {k: _scalar(v) for k, v in sorted(edge.properties.items()) if v is not None}
        graph.add_edge(edge.source, edge.target, key=edge.type, type=edge.type, **attrs)
    return graph


def export_graph(
    store: GraphStore, fmt: str, out_dir: Path, layer: str = "entity", reveal: bool = False
) -> Manifest:
    """Write the graph as ``fmt`` (graphml, gexf or csv) into ``out_dir`` with a manifest."""
    if fmt not in GRAPH_FORMATS:
        raise ParameterError(f"graph exports are {', '.join(GRAPH_FORMATS)}, not {fmt!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    sub = export_subgraph(store, layer, reveal)
    manifest = Manifest(fmt, out_dir, reveal, {"nodes": len(sub.nodes), "links": len(sub.edges)})
    if fmt == "csv":
        nodes, links = _write_csv(sub, out_dir)
        manifest.add(nodes, len(sub.nodes), "one row per node")
        manifest.add(links, len(sub.edges), "one row per link")
        return manifest
    graph = to_networkx(sub)
    path = out_dir / f"casegraph.{fmt}"
    if fmt == "graphml":
        nx.write_graphml(graph, path, named_key_ids=True)
    else:
        nx.write_gexf(graph, path)
    manifest.add(path, None, f"{len(sub.nodes)} nodes, {len(sub.edges)} links")
    return manifest


def _write_csv(sub: Subgraph, out_dir: Path) -> tuple[Path, Path]:
    nodes, links = out_dir / "nodes.csv", out_dir / "links.csv"
    with nodes.open("w", newline="", encoding="utf-8") as fh:
        writer = safe_writer(fh)
        writer.writerow(["id", "label", "caption", "source_ids", "properties"])
        for n in sub.nodes:
            props = {k: v for k, v in n.properties.items() if k not in ("id", "source_ids")}
            writer.writerow(
                [n.id, n.label, n.caption, _joined(n.properties.get("source_ids")), _json(props)]
            )
    with links.open("w", newline="", encoding="utf-8") as fh:
        writer = safe_writer(fh)
        writer.writerow(["source", "target", "type", "source_ids", "refs", "properties"])
        for e in sub.edges:
            props = {k: v for k, v in e.properties.items() if k not in ("source_ids", "refs")}
            row = [e.source, e.target, e.type, _joined(e.properties.get("source_ids"))]
            writer.writerow([*row, _joined(e.properties.get("refs")), _json(props)])
    return nodes, links


def _joined(values: Any) -> str:
    return "; ".join(str(v) for v in values or [])


def _json(props: dict[str, Any]) -> str:
    return json.dumps(props, ensure_ascii=False, sort_keys=True, default=str) if props else ""

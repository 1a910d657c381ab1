"""What a picture says about each node and link: size measure and tooltip text.

Tooltips are plain text (the HTML page sets them with ``textContent``), so data can
never inject markup. They carry what an investigator checks before trusting a link:
identifiers, cases, and the sources that assert it with their grading.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from casegraph.services.render.style import IDENTIFIER_LABELS, PERSON_LABELS, STYLES, category
from casegraph.services.subgraph import GEdge, GNode, Subgraph

SIZE_MEASURES = ("degree", "betweenness")
MAX_LISTED = 8
_SHOWN_EDGE_PROPS = ("role", "price", "currency", "date", "from_date", "to_date", "score")
_SKIPPED_NODE_PROPS = {"id", "name", "source_ids", "refs", "case_ids", "case_id", "roles"}


def to_networkx(sub: Subgraph) -> nx.MultiDiGraph:
    """The subgraph as a networkx multigraph keyed by node id (for measures and layouts)."""
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(n.id for n in sub.nodes)
    graph.add_edges_from((e.source, e.target) for e in sub.edges)
    return graph


def measure(sub: Subgraph, size_by: str = "degree") -> dict[str, float]:
    """Each node's size measure scaled to 0..1 (square root of the share of the largest):
    degree, betweenness, or a numeric property.

    Computed in Python on the drawn subgraph, so both stores give the same picture.
    """
    if size_by == "degree":
        raw: dict[str, float] = dict(to_networkx(sub).degree())
    elif size_by == "betweenness":
        raw = nx.betweenness_centrality(nx.Graph(to_networkx(sub)), seed=7)
    else:
        raw = {n.id: _number(n.properties.get(size_by)) for n in sub.nodes}
    # Square root: a compound with 300 victims must not shrink everyone else to dots.
    top = max(raw.values(), default=0) or 1
    return {nid: math.sqrt(value / top) for nid, value in raw.items()}


def _number(value: Any) -> float:
    try:
        return max(float(value), 0.0)
    except (TypeError, ValueError):
        return 0.0


def _listed(values: list[str]) -> str:
    more = len(values) - MAX_LISTED
    return ", ".join(values[:MAX_LISTED]) + (f" (+{more} more)" if more > 0 else "")


def _as_strings(value: Any) -> list[str]:
    if value in (None, "", []):
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def sources_line(props: dict[str, Any], gradings: dict[str, str]) -> str | None:
    """'Sources: S1 (B2), S7 (grading unknown)' for the source ids a node or link cites."""
    ids = _as_strings(props.get("source_ids")) or _as_strings(props.get("source_id"))
    if not ids:
        return None
    cited = [f"{s} ({gradings.get(s, 'grading unknown')})" for s in dict.fromkeys(ids)]
    return f"Sources ({len(cited)}): {_listed(cited)}"


def node_tooltip(node: GNode, sub: Subgraph, neighbours: dict[str, list[GNode]]) -> str:
    """Plain-text tooltip of a node: what it is, its ids, identifiers, cases and sources."""
    lines = [f"{STYLES[category(node)].legend}: {node.caption}", f"{node.label} id: {node.id}"]
    if node.roles:
        lines.append("Roles: " + ", ".join(node.roles))
    # Sorted: the neighbours come in the store's order (Neo4j's is not FalkorDB's), and
    # past MAX_LISTED that order would decide which identifiers are shown.
    near = sorted(neighbours.get(node.id, []), key=lambda n: (n.label, n.caption, n.id))
    idents = [f"{n.label} {n.caption}" for n in near if n.label in IDENTIFIER_LABELS]
    if idents and node.label not in IDENTIFIER_LABELS:
        lines.append("Identifiers: " + _listed(idents))
    if node.label in IDENTIFIER_LABELS:
        users = [n.caption for n in near if n.label in PERSON_LABELS]
        if users:
            lines.append("Used by: " + _listed(users))
    cases = _as_strings(node.properties.get("case_ids")) + _as_strings(
        node.properties.get("case_id")
    )
    cases += [n.id for n in near if n.label == "Case"]
    if cases:
        lines.append("Cases: " + _listed(list(dict.fromkeys(cases))))
    if node.label == "Source" and node.id in sub.gradings:
        lines.append(f"Grading: {sub.gradings[node.id]}")
    if line := sources_line(node.properties, sub.gradings):
        lines.append(line)
    for key, value in sorted(node.properties.items()):
        if key not in _SKIPPED_NODE_PROPS and value not in (None, "", []):
            lines.append(f"{key}: {_listed(_as_strings(value))}")
    return "\n".join(lines)


def edge_tooltip(edge: GEdge, sub: Subgraph, captions: dict[str, str]) -> str:
    """Plain-text tooltip of a link: who to whom, its sources with grading, refs, origin."""
    lines = [f"{captions.get(edge.source)} -[{edge.type}]-> {captions.get(edge.target)}"]
    if line := sources_line(edge.properties, sub.gradings):
        lines.append(line)
    refs = _as_strings(edge.properties.get("refs"))
    if refs:
        lines.append("Refs: " + _listed(refs))
    for key in ("origin", *_SHOWN_EDGE_PROPS):
        if edge.properties.get(key) not in (None, ""):
            lines.append(f"{key}: {edge.properties[key]}")
    excerpts = _as_strings(edge.properties.get("excerpts")) or _as_strings(
        edge.properties.get("excerpt")
    )
    if excerpts:
        lines.append("Excerpt: " + excerpts[0][:200])
    return "\n".join(lines)


def neighbour_map(sub: Subgraph) -> dict[str, list[GNode]]:
    """Node id -> neighbouring nodes (either direction), for tooltips."""
    by_id = {n.id: n for n in sub.nodes}
    out: dict[str, list[GNode]] = {n.id: [] for n in sub.nodes}
    for edge in sub.edges:
        if edge.source in by_id and edge.target in by_id:
            out[edge.source].append(by_id[edge.target])
            out[edge.target].append(by_id[edge.source])
    return out

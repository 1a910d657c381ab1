"""A picture for any saved query's answer.

Every saved query returns the ids of the entities its answer is about (``*_id``
columns, identifier lists such as phones and accounts). The picture is the part
of the entity layer those ids span: the entities themselves and every stored
link between them. That way a table and its picture never disagree, and no query
needs a second, picture-only form.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from casegraph.services.render import Subgraph, render
from casegraph.services.runner import QueryResult
from casegraph.services.subgraph import GEdge, nodes_by_id, subgraph_from_rows, subgraph_query
from casegraph.store import GraphStore
from casegraph.store.by_id import each_label

__all__ = ["answer_ids", "query_picture", "write_query_picture"]

# Columns that cite evidence rather than name entities of the answer.
_EVIDENCE_COLUMNS = {"source_ids", "refs", "excerpts", "sources", "source_id", "excerpt"}
# Record-layer and bookkeeping labels stay out of answer pictures (cases and countries
# stay when the answer names them: they are what a cross-case answer is about).
_HIDDEN = {"Source", "PersonRecord", "Journey", "Leg", "Indicator"}
# Columns holding places in travel order: drawn as numbered legs ("leg 1", "leg 2"...).
_SEQUENCE_COLUMNS = {"sequence", "route"}

# From each node of the answer through its label's index (a scan of every link, else).
INDUCED_LINKS = each_label(
    "MATCH (n)-[r]->(b) WITH n, r, b WHERE b.id IN $ids RETURN n AS source, r AS rel, b AS target"
)


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict) and isinstance(value.get("id"), str):
        yield value["id"]


def answer_ids(rows: list[dict[str, Any]]) -> list[str]:
    """Every string in the answer that could be an entity id (the store decides which are)."""
    ids = {
        s
        for row in rows
        for column, value in row.items()
        if column not in _EVIDENCE_COLUMNS
        for s in _strings(value)
    }
    return sorted(ids)


def query_picture(store: GraphStore, result: QueryResult) -> Subgraph:
    """The entities an answer names and every stored link between them."""
    ids = answer_ids(result.rows)
    sub = subgraph_query(store, INDUCED_LINKS, {"ids": ids})
    isolated = subgraph_from_rows(nodes_by_id(store, ids))
    known = {n.id for n in sub.nodes}
    sub.nodes.extend(n for n in isolated.nodes if n.id not in known)
    hidden = {n.id for n in sub.nodes if n.label in _HIDDEN}
    sub.nodes = [n for n in sub.nodes if n.id not in hidden]
    sub.edges = [e for e in sub.edges if e.source not in hidden and e.target not in hidden]
    sub.edges.extend(_legs(result.rows, {n.id for n in sub.nodes}))
    return sub


def _legs(rows: list[dict[str, Any]], shown: set[str]) -> list[GEdge]:
    """Numbered legs between consecutive places of each route the answer lists, so a
    route picture keeps its order (places are otherwise linked only through Leg nodes)."""
    legs: dict[tuple[str, str, str], GEdge] = {}
    for row in rows:
        for column in _SEQUENCE_COLUMNS & set(row):
            places = [p for p in row[column] or [] if isinstance(p, str)]
            for order, (a, b) in enumerate(zip(places, places[1:], strict=False), 1):
                if a in shown and b in shown:
                    props = {"source_ids": list(row.get("source_ids") or [])}
                    legs.setdefault((a, b, f"LEG_{order}"), GEdge(a, b, f"LEG_{order}", props))
    return list(legs.values())


def write_query_picture(
    store: GraphStore, result: QueryResult, path: Path, reveal: bool = False
) -> Path:
    """Render the answer's picture (HTML, PNG or SVG by suffix); layout from the header."""
    layout = result.query.picture.get("layout", "force")
    return render(
        query_picture(store, result),
        path,
        title=result.query.title,
        layout=layout,
        reveal=reveal,
    )

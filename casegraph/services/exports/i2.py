"""i2 Analyst's Notebook: an entity CSV and a link CSV its importer reads.

One row per entity and one per link, with what an i2 import specification maps:
entity type (``i2_types.yaml``), identity (the casegraph id, so links find their ends
and a re-import merges), label, date, and the grading of the best source behind the
item as i2's two grading columns (Source Reliability A-F, Information Grading 1-6),
with every source id and the number of sources (corroboration). Sources are not
entities: they are the provenance columns of everything else. Victims are
pseudonymised unless revealed. docs/i2-import.md is the import specification.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from casegraph.core.cells import safe_writer
from casegraph.services.exports.graphs import export_subgraph
from casegraph.services.exports.manifest import Manifest
from casegraph.services.subgraph import Subgraph
from casegraph.store import GraphStore

__all__ = ["ENTITY_COLUMNS", "LINK_COLUMNS", "best_grading", "export_i2"]

ENTITY_COLUMNS = (
    "Entity Type",
    "Identity",
    "Label",
    "Date",
    "Source Reliability",
    "Information Grading",
    "Source Reference",
    "Corroboration",
    "Description",
)
LINK_COLUMNS = (
    "Link Type",
    "From Type",
    "From Identity",
    "To Type",
    "To Identity",
    "Label",
    "Date",
    "Source Reliability",
    "Information Grading",
    "Source Reference",
    "Corroboration",
    "Direction",
)
# Provenance is carried in columns, not drawn as entities and links.
_LEFT_OUT_LABELS = ("Source",)
_DATE_KEYS = ("date", "from_date", "first_seen")
_ADMIRALTY = re.compile(r"^[A-F][1-6]$")


@cache
def _types() -> dict[str, dict[str, str]]:
    text = resources.files("casegraph.services.exports").joinpath("i2_types.yaml").read_text()
    return yaml.safe_load(text)


def best_grading(source_ids: Any, gradings: dict[str, str]) -> tuple[str, str]:
    """(reliability, credibility) of the most reliable source (A before F, then 1 before 6);
    ("", "") when none of the sources is graded."""
    graded = sorted(
        (g[0], g[1])
        for s in source_ids or []
        if _ADMIRALTY.match(g := gradings.get(str(s), "").upper())
    )
    return graded[0] if graded else ("", "")


def _date(props: dict[str, Any]) -> str:
    return next((str(props[k]) for k in _DATE_KEYS if props.get(k)), "")


def export_i2(
    store: GraphStore, out_dir: Path, layer: str = "entity", reveal: bool = False
) -> Manifest:
    """Write ``i2_entities.csv`` and ``i2_links.csv`` into ``out_dir`` with a manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sub = export_subgraph(store, layer, reveal)
    entities, links = _rows(sub)
    manifest = Manifest("i2", out_dir, reveal, {"entities": len(entities), "links": len(links)})
    for name, columns, rows, what in (
        ("i2_entities.csv", ENTITY_COLUMNS, entities, "one row per entity"),
        ("i2_links.csv", LINK_COLUMNS, links, "one row per link"),
    ):
        path = out_dir / name
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = safe_writer(fh)
            writer.writerow(columns)
            writer.writerows(rows)
        manifest.add(path, len(rows), what)
    return manifest


def _rows(sub: Subgraph) -> tuple[list[list[str]], list[list[str]]]:
    types = _types()
    kept = {n.id: n for n in sub.nodes if n.label not in _LEFT_OUT_LABELS}
    entities = []
    for node in kept.values():
        sources = node.properties.get("source_ids") or []
        reliability, credibility = best_grading(sources, sub.gradings)
        entities.append(
            [
                types["entities"].get(node.label, node.label),
                node.id,
                node.caption,
                _date(node.properties),
                reliability,
                credibility,
                "; ".join(map(str, sources)),
                str(len(sources)),
                node.label,
            ]
        )
    links = []
    for edge in sub.edges:
        start, end = kept.get(edge.source), kept.get(edge.target)
        if start is None or end is None:
            continue
        sources = edge.properties.get("source_ids") or []
        reliability, credibility = best_grading(sources, sub.gradings)
        links.append(
            [
                edge.type,
                types["entities"].get(start.label, start.label),
                start.id,
                types["entities"].get(end.label, end.label),
                end.id,
                types["links"].get(edge.type, edge.type.lower().replace("_", " ")),
                _date(edge.properties),
                reliability,
                credibility,
                "; ".join(map(str, sources)),
                str(len(sources)),
                "Directed",
            ]
        )
    return entities, links

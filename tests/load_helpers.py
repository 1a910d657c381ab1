"""Helpers shared by the loader tests: fixture paths and graph snapshots."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import docx

from casegraph.graph_schema import internal_labels
from casegraph.services.entities.resolve import resolve_people
from casegraph.services.ingest import load_paths
from casegraph.store import GraphStore

FIXTURES = Path(__file__).parent / "fixtures" / "load"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"
DEBRIEF = GOOD / "debriefs" / "DBR-TST-0001.md"
LISTS = Path(__file__).parent / "fixtures" / "lists"  # link charts, sanctions lists, FtM


def loaded_and_resolved(store: GraphStore, folder: Path, decisions: Path) -> Iterator[tuple]:
    """A case file loaded and resolved once on an emptied store, for a module's fixture:
    yields (store, load report, resolution) and empties the store after."""
    store.clear()
    store.apply_schema()
    report = load_paths(store, [folder])
    run = resolve_people(store, decisions)
    yield store, report, run
    store.clear()


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


def word_form(
    path: Path, *tables: Sequence[Sequence[str]], paragraphs: Sequence[str] = (), title: str = ""
) -> Path:
    """A note as an office keeps it in Word: a title, form tables (each a list of rows,
    as wide as its widest row), then paragraphs."""
    document = docx.Document()
    if title:
        document.add_heading(title, level=1)
    for rows in tables:
        form = document.add_table(rows=0, cols=max(len(row) for row in rows))
        for row in rows:
            for cell, value in zip(form.add_row().cells, row, strict=False):
                cell.text = value
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(path)
    return path

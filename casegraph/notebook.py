"""Small helpers that keep the notebooks about the question, not the plumbing.

A notebook opens the example graph with one call, shows answers as tables and
draws pictures inline. The pictures are the same offline HTML files the CLI
writes, embedded in an iframe, so they also work in an exported notebook.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd

from casegraph.core.settings import load_settings
from casegraph.demo import prepare_examples
from casegraph.services.catalog import load_catalog
from casegraph.services.entities.explanations import explain_pair
from casegraph.services.geo_map import query_map, route_map
from casegraph.services.geo_map_draw import write_map
from casegraph.services.query_pictures import query_picture
from casegraph.services.render import Subgraph, render_html, render_static
from casegraph.services.reports import person_report, write_report
from casegraph.services.reports.timeline import timeline
from casegraph.services.reports.timeline_draw import timeline_svg_uri
from casegraph.services.runner import QueryResult, run_query
from casegraph.store import GraphStore, counts, open_store

__all__ = [
    "answer_picture",
    "catalog",
    "chronology",
    "evidence_report",
    "explain",
    "merged_records",
    "open_examples",
    "origins",
    "overview",
    "picture",
    "query",
    "route_map_view",
    "static_picture",
    "table",
]

ORIGINS = """
MATCH (v:Person) WHERE v.is_victim
UNWIND v.nationalities AS country
RETURN country, count(DISTINCT v) AS victims ORDER BY victims DESC, country
"""
MERGED = """
MATCH (:PersonRecord {id: $rid})-[:RESOLVES_TO]->(:Person)<-[:RESOLVES_TO]-(r:PersonRecord)
RETURN r.id AS id ORDER BY id
"""


def open_examples(examples: Path | None = None) -> GraphStore:
    """The store with the examples loaded, the analyst's decisions imported and people
    resolved. Safe to run again: loading and resolving are idempotent."""
    settings = load_settings()
    store = open_store(settings)
    prepare_examples(store, settings.home, examples)
    return store


def table(rows: QueryResult | list[dict[str, Any]], columns: list[str] | None = None):
    """Rows as a DataFrame (lists shown as comma-separated text, easier to read)."""
    data = rows.rows if isinstance(rows, QueryResult) else rows
    frame = pd.DataFrame(data)
    for column in frame.columns:
        frame[column] = frame[column].map(
            lambda v: ", ".join(map(str, v)) if isinstance(v, list) else v
        )
    return frame[columns] if columns else frame


def query(store: GraphStore, name: str, **params: Any) -> QueryResult:
    """Run a saved query by name (read-only), parameters as keyword arguments."""
    return run_query(store, name, params)


def _inline(path: Path, height: int):
    from IPython.display import HTML

    page = html.escape(Path(path).read_text(encoding="utf-8"), quote=True)
    return HTML(
        f'<iframe srcdoc="{page}" style="width:100%;height:{height}px;border:1px solid #ccc">'
        f"</iframe><p>Saved to {path}</p>"
    )


def route_map_view(
    store: GraphStore,
    path: str | Path,
    case: str | None = None,
    country: str | None = None,
    compound: str | None = None,
    query_name: str | None = None,
    height: int = 620,
    **params: Any,
):
    """The offline map (`casegraph map`) written to ``path`` and shown inline: everything,
    one case, country or compound, or a saved query's answer (``query_name`` with its
    parameters as keyword arguments)."""
    if query_name:
        rm = query_map(store, query_name, params)
    else:
        scopes = (("case", case), ("country", country), ("compound", compound))
        chosen = [(scope, value) for scope, value in scopes if value]
        rm = route_map(store, *(chosen[0] if chosen else ("all", None)))
    return _inline(write_map(rm, path, "html"), height)


def picture(
    sub: Subgraph,
    path: str | Path,
    title: str,
    layout: str = "force",
    height: int = 620,
    reveal: bool = False,
):
    """Write the offline HTML picture to ``path`` and show it inline."""
    return _inline(render_html(sub, path, title=title, layout=layout, reveal=reveal), height)


def chronology(
    store: GraphStore,
    person: str | None = None,
    case: str | None = None,
    compound: str | None = None,
    since: str | None = None,
    until: str | None = None,
    lanes: str = "person",
    reveal: bool = False,
):
    """Show the timeline of one person, case or compound inline, with its sourced table
    underneath (the same picture `casegraph timeline` writes)."""
    from IPython.display import HTML

    chosen = [(s, v) for s, v in (("person", person), ("case", case), ("compound", compound)) if v]
    if len(chosen) != 1:
        raise ValueError("give exactly one of person=, case= or compound=")
    tl = timeline(store, *chosen[0], reveal=reveal, since=since, until=until, lanes=lanes)
    rows = table(tl.rows(), ["n", "date", "lane", "kind", "event", "sources"])
    return HTML(
        f'<img alt="timeline" style="max-width:100%" src="{timeline_svg_uri(tl)}">'
        + rows.to_html(index=False)
    )


def overview(store: GraphStore):
    """How many nodes of each kind the store holds, as a table."""
    return table([{"kind": k, "count": v} for k, v in counts(store)["nodes"].items()])


def catalog():
    """The saved queries: name, audience and the question each answers."""
    return table(
        [
            {"query": q.name, "for": ", ".join(q.audience), "question": q.title}
            for q in load_catalog().values()
        ]
    )


def origins(store: GraphStore):
    """Victims per nationality, most first: where to start an origin-country analysis."""
    return table(store.read(ORIGINS))


def answer_picture(
    store: GraphStore,
    result: QueryResult,
    path: str | Path,
    title: str,
    layout: str = "force",
    height: int = 620,
):
    """A saved query's answer drawn (its entities and the links between them) and shown."""
    sub = query_picture(store, result)
    print(f"{len(sub.nodes)} nodes, {len(sub.edges)} links")
    return picture(sub, path, title=title, layout=layout, height=height)


def static_picture(store: GraphStore, result: QueryResult, path: str | Path, layout: str = "force"):
    """A saved query's answer as a PNG (for a report or a slide), shown inline."""
    from IPython.display import Image

    png = render_static(query_picture(store, result), path, fmt="png", layout=layout)
    return Image(filename=str(png))


def merged_records(store: GraphStore, record_id: str) -> list[str]:
    """Every record resolved into the same person as ``record_id``."""
    return [row["id"] for row in store.read(MERGED, {"rid": record_id})]


def explain(store: GraphStore, a: str, b: str) -> str:
    """Why records ``a`` and ``b`` are (or are not) one person, as stored by the last resolve."""
    return explain_pair(store, a, b).to_text()


def evidence_report(store: GraphStore, who: str, path: str | Path, fmt: str = "html") -> Path:
    """The evidence report on one person (name, alias, phone... as `casegraph report`)."""
    write_report(person_report(store, who), fmt, path)
    return Path(path)

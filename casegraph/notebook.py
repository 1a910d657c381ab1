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
from casegraph.demo import EXAMPLES, prepare_examples
from casegraph.services.geo_map import query_map, route_map
from casegraph.services.geo_map_draw import write_map
from casegraph.services.render import Subgraph, render_html
from casegraph.services.reports.timeline import timeline
from casegraph.services.reports.timeline_draw import timeline_svg_uri
from casegraph.services.runner import QueryResult, run_query
from casegraph.store import GraphStore, open_store

__all__ = ["chronology", "open_examples", "picture", "query", "route_map_view", "table"]


def open_examples(examples: Path = EXAMPLES) -> GraphStore:
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

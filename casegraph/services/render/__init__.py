"""Network pictures: interactive offline HTML and static PNG/SVG of a Subgraph.

The public API, used by the CLI (`casegraph viz`), the query runner
(`--format html`), notebooks and reports::

    from casegraph.services.render import neighbourhood, render, render_html, render_static

    sub = neighbourhood(store, "person:tan", hops=2)        # or subgraph_query / _from_rows
    render_html(sub, "out/tan.html", title="Mr Tan", layout="hierarchy")
    render_static(sub, "out/tan.svg", layout="force")       # png or svg, deterministic
    render(sub, "out/tan.png")                               # format from the suffix

Every renderer draws victims by pseudonym unless ``reveal=True`` (see ``pseudonymise``).
"""

from __future__ import annotations

from pathlib import Path

from casegraph.core.errors import InputError
from casegraph.services.render.html import render_html
from casegraph.services.render.layers import LAYOUTS
from casegraph.services.render.privacy import is_victim, pseudonymise
from casegraph.services.render.static import render_static
from casegraph.services.subgraph import (
    GEdge,
    GNode,
    Subgraph,
    neighbourhood,
    subgraph_from_rows,
    subgraph_query,
)

__all__ = [
    "LAYOUTS",
    "GEdge",
    "GNode",
    "Subgraph",
    "is_victim",
    "neighbourhood",
    "pseudonymise",
    "render",
    "render_html",
    "render_static",
    "SUFFIXES",
    "subgraph_from_rows",
    "subgraph_query",
]

SUFFIXES = (".html", ".htm", ".png", ".svg")


def render(
    sub: Subgraph,
    path: str | Path,
    title: str = "casegraph network",
    layout: str = "force",
    size_by: str = "degree",
    reveal: bool = False,
) -> Path:
    """Write ``sub`` to ``path`` as HTML, PNG or SVG, chosen by the file suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{path}: a picture must end in one of {', '.join(SUFFIXES)}")
    options = {"title": title, "layout": layout, "size_by": size_by, "reveal": reveal}
    if suffix in (".html", ".htm"):
        return render_html(sub, path, **options)
    return render_static(sub, path, fmt=suffix[1:], **options)

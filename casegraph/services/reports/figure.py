"""The network figure, embedded in the report as a data URI so one file is the whole report.

Drawn by ``casegraph.services.render.render_static`` (the same picture ``casegraph viz`` makes,
victims by pseudonym unless revealed), as SVG: it scales in print and in the PDF,
and its text is drawn as paths, so no font is needed to display it.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

from casegraph.services.render import neighbourhood, render_static
from casegraph.services.reports.model import Figure
from casegraph.store import GraphStore

# Node kinds drawn in a report figure: people and what ties them, not every leg or source.
FIGURE_LABELS = (
    "Person",
    "Agency",
    "Company",
    "Compound",
    "Phone",
    "Account",
    "Wallet",
    "Location",
)
MAX_NODES = 60
#: The A4 text column (210 mm less 15 mm margins) in inches: labels print at >= 8 pt.
PRINT_WIDTH = 180 / 25.4


def network_figure(
    store: GraphStore, node_id: str, title: str, reveal: bool = False, hops: int = 2
) -> Figure:
    """The ``hops`` neighbourhood of ``node_id`` as an SVG data URI with a caption."""
    sub = neighbourhood(store, node_id, hops=hops, labels=FIGURE_LABELS, limit=MAX_NODES)
    with tempfile.TemporaryDirectory() as tmp:
        path = render_static(
            sub,
            Path(tmp) / "figure.svg",
            fmt="svg",
            title=title,
            layout="hierarchy",
            reveal=reveal,
            print_width=PRINT_WIDTH,
        )
        data = base64.b64encode(path.read_bytes()).decode("ascii")
    caption = (
        f"Network within {hops} links of {title}: people, organisations, compounds, places and "
        f"identifiers ({len(sub.nodes)} nodes, {len(sub.edges)} links; at most {MAX_NODES} "
        "nearest shown). Victims are shown by pseudonym"
        + (" (identities revealed on request)." if reveal else ".")
    )
    return Figure(f"data:image/svg+xml;base64,{data}", caption)

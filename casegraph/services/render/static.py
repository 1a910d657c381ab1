"""Static network pictures (PNG, SVG) for reports and court bundles.

Same colours, shapes and pseudonyms as the HTML page, drawn with networkx and
matplotlib's Agg backend. Deterministic: a fixed layout seed, no timestamps and a
fixed SVG id salt, so the same data gives the same file (a bundle can be re-checked).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import math
import warnings
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
from matplotlib import font_manager, get_cachedir, rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from casegraph.services.output import output_file
from casegraph.services.render.describe import measure, to_networkx
from casegraph.services.render.layers import LINE_WIDTH, check_layout, layers
from casegraph.services.render.privacy import pseudonymise
from casegraph.services.render.style import (
    LINK_STYLES,
    MARKERS,
    RECORD_NOTE,
    STYLES,
    category,
    edge_color,
    is_record,
    legend_entries,
    link_legend,
    link_strength,
    picture_notes,
)
from casegraph.services.subgraph import Subgraph

log = logging.getLogger(__name__)
# WenQuanYi ships only a "medium" weight; matplotlib says so on every label otherwise.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
# Fonts tried, in order, for glyphs DejaVu Sans lacks (Chinese first: the commonest gap).
FALLBACK_FONTS = (
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Noto Sans Thai",
    "Noto Sans Khmer",
    "Noto Sans Myanmar",
)

FORMATS = ("png", "svg")
SEED = 7
LABEL_ALL_UP_TO = 80
ARROWS_UP_TO = 300  # beyond this many links, plain lines: arrows would only add ink
LABELS_IN_BIG = 60
PRINT_LINE_WIDTH = 8  # nodes on one line of a level in a picture printed on a page
_SENIOR = {"boss", "director", "controller", "Compound", "Agency"}


def _force_positions(sub: Subgraph) -> dict[str, tuple[float, float]]:
    graph = nx.Graph(to_networkx(sub))
    k = 1.8 / math.sqrt(max(len(graph), 1))
    # Fewer iterations for big pictures: each costs n^2, and the layout has mostly
    # settled by then (500 nodes: 60 iterations, a few seconds).
    iterations = max(50, min(150, 30_000 // max(len(graph), 1)))
    return nx.spring_layout(graph, seed=SEED, k=k, iterations=iterations)


def _layered_positions(sub: Subgraph, width: int = LINE_WIDTH) -> dict[str, tuple[float, float]]:
    # Lines of one level sit closer together than the levels themselves.
    slots = layers(sub, width)
    return {nid: (s.x, -(0.45 * s.line + 0.6 * s.level)) for nid, s in slots.items()}


def _spans(pos: dict[str, tuple[float, float]]) -> tuple[float, float]:
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    return max(xs) - min(xs), max(ys) - min(ys)


def _figure_size(pos: dict[str, tuple[float, float]], layout: str) -> tuple[float, float]:
    if layout == "hierarchy":
        span_x, span_y = _spans(pos)
        return min(32.0, max(9.0, 0.7 * span_x + 5)), min(30.0, max(6.0, 1.6 * span_y + 3))
    side = min(28.0, max(8.0, 1.5 * math.sqrt(len(pos)) + 4))
    return side + 3, side


def _diameters(
    sub: Subgraph,
    pos: dict[str, tuple[float, float]],
    layout: str,
    size: dict[str, float],
    width: float,
    zoom: float,
) -> dict[str, float]:
    """Marker diameter (points) per node: by category and measured size; in layers, no
    wider than the gap to its neighbour in the row."""
    widest = max(_spans(pos)[0], 1.0)
    cap = 0.55 * 72 * width / (widest + 3) if layout == "hierarchy" else math.inf
    return {
        n.id: min(cap, zoom * STYLES[category(n)].scale * (7 + 16 * size.get(n.id, 0.0)))
        for n in sub.nodes
    }


def render_static(
    sub: Subgraph,
    path: str | Path,
    fmt: str | None = None,
    title: str = "casegraph network",
    layout: str = "force",
    size_by: str = "degree",
    reveal: bool = False,
    print_width: float | None = None,
) -> Path:
    """Draw ``sub`` as PNG or SVG (``fmt``, else the file suffix) with a legend.

    ``layout``: "force" (spring layout, fixed seed) or "hierarchy" (layered by level,
    bosses on top); labels are drawn for every node in small pictures and for the
    biggest and most senior ones in large pictures, so they stay readable.
    ``print_width`` (inches) is the width the picture will be printed at (a report's
    text column): text and marks are scaled up so that labels still print at 8 pt or
    more once the picture is shrunk to that width.
    """
    check_layout(layout)
    out, fmt = output_file(path, fmt, FORMATS, "a static picture")
    shown = pseudonymise(sub, reveal)
    line = PRINT_LINE_WIDTH if print_width else LINE_WIDTH
    pos = _layered_positions(shown, line) if layout == "hierarchy" else _force_positions(shown)
    figsize = _figure_size(pos, layout)
    zoom = max(1.0, figsize[0] / 14)  # big figures get bigger marks and text, same look
    if print_width:  # drawn at the printed width, legend below: text prints at its size
        height = figsize[1] * print_width / figsize[0]
        # 3% spare: the tight bounding box adds a little around the drawing.
        figsize, zoom = (0.97 * print_width, min(max(height, 4.0), 8.5)), 1.0
    diameter = _diameters(shown, pos, layout, measure(shown, size_by), figsize[0], zoom)
    # The Agg canvas directly, not pyplot: no global figure state, no display needed.
    settings = {"svg.hashsalt": "casegraph", "svg.fonttype": "none", "font.family": fonts()}
    with rc_context(settings), missing_glyphs():
        fig = Figure(figsize=figsize)
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        _draw(ax, shown, pos, diameter, zoom, layout == "hierarchy", bool(print_width))
        note = "victim identities REVEALED" if reveal else "victims shown by pseudonym"
        counts = f"{len(shown.nodes)} nodes, {len(shown.edges)} links; {note}"
        ax.set_title(_plain(f"{title}\n{counts}"), fontsize=12 * zoom)
        ax.axis("off")
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        dpi = max(100, min(150, round(3000 / figsize[0])))  # big figures: fewer dots per inch
        fig.savefig(out, format=fmt, dpi=dpi, bbox_inches="tight", metadata=metadata)
    return out


@functools.cache
def fonts() -> list[str]:
    """DejaVu Sans, then whichever installed fonts cover the scripts names come in."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    if not installed.issuperset(FALLBACK_FONTS) and _fonts_added_since_cached():
        installed = {f.name for f in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *(name for name in FALLBACK_FONTS if name in installed)]


def _fonts_added_since_cached() -> bool:
    """Register the system's fonts matplotlib's cache does not list, and save the cache.
    matplotlib lists the fonts once, when it first runs, and never looks again: fonts
    installed after that (`make fonts`, apt) were unknown to it, and Chinese, Thai or
    Khmer names showed as boxes although the fonts were there. Looked at once per
    process (:func:`fonts` is cached), and saved for good when something was added."""
    manager = font_manager.fontManager
    known = {f.fname for f in manager.ttflist}
    added = [path for path in font_manager.findSystemFonts() if path not in known]
    for path in added:
        try:
            manager.addfont(path)
        except (OSError, RuntimeError, ValueError) as err:
            log.debug("font %s not read: %s", path, err)
    if added:
        cache = Path(get_cachedir(), f"fontlist-v{font_manager.FontManager.__version__}.json")
        with contextlib.suppress(OSError):
            font_manager.json_dump(manager, cache)
    return bool(added)


@contextlib.contextmanager
def missing_glyphs() -> Iterator[None]:
    """Draw with matplotlib's per-glyph warnings gathered into one line, said only when a
    name in the picture really is in a script no installed font covers (it used to be
    said on every picture of a machine without a Chinese font, Latin names or not)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    missing = [w for w in caught if _GLYPH in str(w.message)]
    for other in (w for w in caught if _GLYPH not in str(w.message)):
        warnings.warn_explicit(other.message, other.category, other.filename, other.lineno)
    if missing:
        _say_missing_font()


_GLYPH = "missing from font"


@functools.cache
def _say_missing_font() -> None:
    log.warning(
        "a name in the picture is in a script no installed font covers (Chinese, Thai,"
        " Khmer, Myanmar...): it shows as boxes (Debian: apt-get install fonts-wqy-zenhei"
        " fonts-noto-core, or run `make fonts`)"
    )


def _draw(
    ax: Axes,
    sub: Subgraph,
    pos: dict,
    diameter: dict[str, float],
    zoom: float,
    curved: bool,
    legend_below: bool = False,
) -> None:
    """Links, then nodes on top of them, then labels and the legend."""
    graph = _draw_edges(ax, sub, pos, diameter, zoom, curved)
    _draw_nodes(ax, graph, sub, pos, diameter, zoom)
    _labels(ax, sub, pos, diameter, zoom, slanted=curved and len(sub.nodes) > LABEL_ALL_UP_TO)
    _legend(ax, sub, zoom, legend_below)


def _draw_edges(
    ax: Axes, sub: Subgraph, pos: dict, diameter: dict[str, float], zoom: float, curved: bool
) -> nx.DiGraph:
    """The links coloured by type; arrows (stopping at the node's rim) while few enough
    to read. Returns the drawn graph, which the nodes are drawn from."""
    graph = nx.DiGraph()
    graph.add_nodes_from(pos)
    colors, styles = {}, {}
    for edge in sub.edges:
        if edge.source in pos and edge.target in pos:
            graph.add_edge(edge.source, edge.target)
            colors[(edge.source, edge.target)] = edge_color(edge)
            styles[(edge.source, edge.target)] = LINK_STYLES[link_strength(edge, sub.gradings)][2]
    edgelist = list(graph.edges())
    arrows = {"arrows": False}
    if len(edgelist) <= ARROWS_UP_TO:
        arrows = {
            "arrows": True,
            "arrowsize": 7 * zoom,
            "node_size": [diameter[n] ** 2 for n in graph.nodes()],
            "connectionstyle": "arc3,rad=0.12" if curved else "arc3",
        }
    nx.draw_networkx_edges(
        graph,
        pos,
        ax=ax,
        edgelist=edgelist,
        edge_color=[colors[e] for e in edgelist],
        style=[styles[e] for e in edgelist],
        width=0.8 * zoom,
        alpha=0.7,
        **arrows,
    )
    return graph


def _draw_nodes(
    ax: Axes,
    graph: nx.DiGraph,
    sub: Subgraph,
    pos: dict,
    diameter: dict[str, float],
    zoom: float,
) -> None:
    """Nodes by category (shape and colour); source records with a dashed rim."""
    groups: dict[tuple[str, bool], list[str]] = defaultdict(list)
    for node in sub.nodes:
        groups[(category(node), is_record(node))].append(node.id)
    for (cat, record), ids in groups.items():
        style = STYLES[cat]
        drawn = nx.draw_networkx_nodes(
            graph,
            pos,
            ax=ax,
            nodelist=ids,
            node_color=style.color,
            node_shape=MARKERS[style.shape],
            node_size=[diameter[i] ** 2 for i in ids],
            edgecolors="#222222",
            linewidths=1.2 * zoom if record else 0.5,
        )
        if record:
            drawn.set_linestyle((0, (2, 1.5)))
    if sub.seed in pos:  # the node the picture is about: a thick ring around it
        nx.draw_networkx_nodes(
            graph,
            pos,
            ax=ax,
            nodelist=[sub.seed],
            node_color="none",
            node_size=[(diameter[sub.seed] * 1.6) ** 2],
            edgecolors="#000000",
            linewidths=2.5 * zoom,
        )


def _legend(ax: Axes, sub: Subgraph, zoom: float, below: bool = False) -> None:
    """One entry per category shown, with its count, and the note on source records."""
    handles = [
        Line2D(
            [],
            [],
            linestyle="",
            marker=MARKERS[style.shape],
            markersize=9 * zoom,
            markerfacecolor=style.color,
            markeredgecolor="#222222",
            label=f"{style.legend} ({n})",
        )
        for _, style, n in legend_entries(sub)
    ]
    handles += [
        Line2D([], [], color="#444444", linestyle=LINK_STYLES[k][2], label=f"{text} ({n})")
        for k, text, n in link_legend(sub)
    ]
    handles += [
        Patch(facecolor="none", edgecolor="none", label=note) for note in picture_notes(sub)
    ]
    if any(is_record(n) for n in sub.nodes):
        handles.append(
            Patch(
                facecolor="white",
                edgecolor="#222222",
                linestyle="--",
                label=RECORD_NOTE.replace(" (", "\n("),
            )
        )
    place: dict[str, Any] = {"loc": "upper left", "bbox_to_anchor": (1.0, 1.0)}
    if below:  # a picture printed in a text column keeps its whole width for the drawing
        place = {"loc": "upper center", "bbox_to_anchor": (0.5, 0.0), "ncol": 2}
    ax.legend(
        handles=handles,
        **place,
        frameon=True,
        fontsize=(8 if below else 9) * zoom,
        title="Legend",
        title_fontsize=10 * zoom,
    )


def _labels(
    ax: Axes, sub: Subgraph, pos: dict, diameter: dict[str, float], zoom: float, slanted: bool
) -> None:
    # Slanted labels in crowded layers, where level text would run into the next label.
    nodes = sub.nodes
    if len(nodes) > LABEL_ALL_UP_TO:
        ranked = sorted(nodes, key=lambda n: (category(n) not in _SENIOR, -diameter[n.id], n.id))
        nodes = ranked[:LABELS_IN_BIG]
    fontsize = zoom * (8 if len(sub.nodes) <= LABEL_ALL_UP_TO else 7)
    # A translucent box, not a stroke path effect: that would turn SVG text into paths.
    box = {"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.75}
    for node in nodes:
        caption = node.caption if len(node.caption) <= 24 else node.caption[:23] + "…"
        ax.annotate(
            _plain(caption),
            xy=pos[node.id],
            xytext=(0, -(diameter[node.id] / 2 + 2)),
            textcoords="offset points",
            ha="right" if slanted else "center",
            va="top",
            rotation=30 if slanted else 0,
            rotation_mode="anchor",
            fontsize=fontsize,
            bbox=box,
        )


def _plain(text: str) -> str:
    # Data is text, never matplotlib mathtext: "$500 fee" must print as written.
    return text.replace("$", r"\$")

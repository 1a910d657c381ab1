"""Interactive network pictures: one self-contained HTML file that works offline.

pyvis assembles the nodes and edges; the page is our own Jinja2 template (pyvis's
links Bootstrap from a CDN), with vis-network's JavaScript and CSS, taken from the
copy pyvis ships, inlined. The page loads nothing over the network, exposes
``window.casegraphNetwork``, ``casegraphNodes`` and ``casegraphEdges`` to scripts and
tests, and sets ``window.casegraphReady`` once the layout has settled.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from casegraph.core.resources import package_path
from casegraph.services.render.describe import edge_tooltip, measure, neighbour_map, node_tooltip
from casegraph.services.render.layers import check_layout, layers
from casegraph.services.render.privacy import pseudonymise
from casegraph.services.render.style import (
    LINK_STYLES,
    RECORD_NOTE,
    STYLES,
    Style,
    category,
    edge_color,
    is_record,
    legend_entries,
    link_label,
    link_legend,
    link_strength,
    picture_notes,
)
from casegraph.services.subgraph import Subgraph

TEMPLATES = package_path("casegraph.services.render", "templates")
VIS_DIR = package_path("pyvis", "templates", "lib", "vis-9.1.2")
MAX_CAPTION = 28
EDGE_LABELS_UP_TO = 120  # edge type written on the line only in small pictures
# A reference that would make a browser fetch something: src/href attributes,
# CSS @import and url() pointing at http(s) or protocol-relative (//host) addresses.
_EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|srcset|action|poster)\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|@import\b|\burl\(\s*["']?\s*(?:https?:)?//)[^\s"'<>)]*""",
    re.IGNORECASE,
)


@cache
def _assets() -> dict[str, str]:
    js = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    css = (VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError(f"{VIS_DIR} cannot be inlined: it closes its own tag")
    return {
        "vis_js": js,
        "vis_css": css,
        "page_js": (TEMPLATES / "network.js").read_text(encoding="utf-8"),
        "page_css": (TEMPLATES / "network.css").read_text(encoding="utf-8"),
    }


def _short(text: str) -> str:
    return text if len(text) <= MAX_CAPTION else text[: MAX_CAPTION - 1] + "…"


def swatch_svg(style: Style, size: int = 14) -> str:
    """A small inline SVG of a category's shape and colour, for the legend."""
    c, r = size / 2, size / 2 - 1
    if style.shape == "dot":
        body = f'<circle cx="{c}" cy="{c}" r="{r}"/>'
    elif style.shape == "square":
        body = f'<rect x="1" y="1" width="{size - 2}" height="{size - 2}"/>'
    else:
        body = f'<polygon points="{_polygon(style.shape, c, r)}"/>'
    return (
        f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}" aria-hidden="true" '
        f'fill="{style.color}" stroke="#333" stroke-width="0.6">{body}</svg>'
    )


def _polygon(shape: str, c: float, r: float) -> str:
    corners = {"diamond": (4, 90), "triangle": (3, 90), "triangleDown": (3, 270), "hexagon": (6, 0)}
    if shape == "star":
        angles = [(r if i % 2 == 0 else r * 0.45, 90 + 36 * i) for i in range(10)]
    else:
        n, start = corners.get(shape, (4, 45))
        angles = [(r, start + 360 * i / n) for i in range(n)]
    return " ".join(
        f"{c + rad * math.cos(math.radians(a)):.1f},{c - rad * math.sin(math.radians(a)):.1f}"
        for rad, a in angles
    )


def _node_options(n_nodes: int) -> dict[str, Any]:
    """Labels with a white halo; label size follows node size."""
    return {
        "borderWidth": 1,
        "font": {
            "face": "DejaVu Sans, Arial, sans-serif",
            "strokeWidth": 4,
            "strokeColor": "#ffffff",
            "color": "#111111",
        },
        # drawThreshold hides labels smaller than 7px on screen, so zoomed out only the
        # biggest nodes are named, and maxVisible caps labels when zoomed in.
        "scaling": {
            "min": 6,
            "max": 40,
            "label": {
                "enabled": True,
                "min": 11,
                "max": round(min(50.0, max(18.0, 2.2 * math.sqrt(n_nodes)))),
                "maxVisible": 22,
                "drawThreshold": 4 if n_nodes <= 100 else 7,
            },
        },
    }


def _physics(n_nodes: int) -> dict[str, Any]:
    """Force-directed placement, stabilised in a bounded number of iterations (physics
    is switched off after)."""
    return {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {
            "gravitationalConstant": -45,
            "springLength": 70 if n_nodes > 150 else 120,
            "springConstant": 0.06,
            "avoidOverlap": 0.4,
        },
        "stabilization": {
            "enabled": True,
            "iterations": min(1000, 150 + 2 * n_nodes),
            "fit": True,
            "updateInterval": 25,
        },
    }


def _as_hierarchy(options: dict[str, Any]) -> None:
    """Turn ``options`` into a top-down layered layout (bosses on top), in place."""
    options["layout"]["hierarchical"] = {
        "enabled": True,
        "direction": "UD",
        "levelSeparation": 110,
        "nodeSpacing": 120,
        "treeSpacing": 160,
        "sortMethod": "directed",
        "shakeTowards": "roots",
    }
    options["edges"]["smooth"] = {
        "enabled": True,
        "type": "cubicBezier",
        "forceDirection": "vertical",
        "roundness": 0.4,
    }
    options["physics"]["solver"] = "hierarchicalRepulsion"
    options["physics"]["hierarchicalRepulsion"] = {
        "nodeDistance": 150,
        "springLength": 120,
        "avoidOverlap": 1,
    }


def _options(n_nodes: int, layout: str) -> dict[str, Any]:
    """vis-network options for a picture of ``n_nodes`` nodes in ``layout``."""
    options: dict[str, Any] = {
        "nodes": _node_options(n_nodes),
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "width": 1.2,
            "selectionWidth": 2,
            "font": {"size": 10, "color": "#555555", "strokeWidth": 3, "align": "middle"},
            "smooth": {"enabled": True, "type": "continuous"},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n_nodes > 300},
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 100},
        "physics": _physics(n_nodes),
    }
    if layout == "hierarchy":
        _as_hierarchy(options)
    return options


def network_data(
    sub: Subgraph, layout: str = "force", size_by: str = "degree", reveal: bool = False
) -> dict[str, Any]:
    """The vis-network nodes, edges and options of a picture (what the page draws)."""
    check_layout(layout)
    sub = pseudonymise(sub, reveal)
    net = Network(directed=True)
    index = {n.id: i for i, n in enumerate(sub.nodes)}
    _add_nodes(net, sub, index, layout, measure(sub, size_by))
    _add_edges(net, sub, index)
    nodes, edges, *_ = net.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": _options(len(nodes), layout)}


def _add_nodes(
    net: Network, sub: Subgraph, index: dict[str, int], layout: str, size: dict[str, float]
) -> None:
    """Nodes by category, sized by ``size``; records dashed; the picture's seed larger."""
    level = {n: s.line for n, s in layers(sub).items()} if layout == "hierarchy" else {}
    near = neighbour_map(sub)
    for node in sub.nodes:
        style, cat = STYLES[category(node)], category(node)
        extra: dict[str, Any] = {"level": level[node.id]} if level else {}
        if is_record(node):
            extra.update(borderWidth=2, shapeProperties={"borderDashes": [4, 3]})
        seed = node.id == sub.seed
        if seed:  # the person or place the picture is about: larger, thick dark rim
            extra.update(borderWidth=5)
        net.add_node(
            index[node.id],
            label=_short(node.caption),
            shape=style.shape,
            color={
                "background": style.color,
                "border": "#000000" if seed else "#222222",
                "highlight": {"background": "#ffeb3b", "border": "#000000"},
            },
            value=round(style.scale * (1 + 9 * size.get(node.id, 0.0)) * (2 if seed else 1), 3),
            title=node_tooltip(node, sub, near),
            cgId=node.id,
            cgType=cat,
            cgCaption=node.caption,
            **extra,
        )


def _add_edges(net: Network, sub: Subgraph, index: dict[str, int]) -> None:
    """Links coloured by type, dashed by strength, labelled while few enough to read."""
    captions = {n.id: n.caption for n in sub.nodes}
    for edge in sub.edges:
        if edge.source in index and edge.target in index:
            net.add_edge(
                index[edge.source],
                index[edge.target],
                title=edge_tooltip(edge, sub, captions),
                color={"color": edge_color(edge), "highlight": "#000000", "opacity": 0.8},
                dashes=LINK_STYLES[link_strength(edge, sub.gradings)][1],
                cgType=edge.type,
                **(
                    {"label": link_label(edge, sub.gradings)}
                    if len(sub.edges) <= EDGE_LABELS_UP_TO
                    else {}
                ),
            )


def _line_svg(dashes: Any) -> str:
    """A short line in a link style, for the legend."""
    dash = f' stroke-dasharray="{dashes[0]} {dashes[1]}"' if dashes else ""
    return (
        '<svg width="28" height="10" aria-hidden="true"><line x1="1" y1="5" x2="27" y2="5"'
        f' stroke="#444" stroke-width="2"{dash}/></svg>'
    )


def external_references(html: str) -> list[str]:
    """Every place in ``html`` that would load something over the network (should be none)."""
    return [m.group(0) for m in _EXTERNAL.finditer(html)]


def _json_for_script(data: Any) -> str:
    # Inside <script type="application/json"> nothing may close the tag or start markup.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_html(
    sub: Subgraph,
    path: str | Path,
    title: str = "casegraph network",
    layout: str = "force",
    size_by: str = "degree",
    reveal: bool = False,
) -> Path:
    """Write an interactive, offline, self-contained HTML picture of ``sub`` to ``path``.

    ``layout``: "force" or "hierarchy" (bosses on top, victims at the bottom);
    ``size_by``: "degree", "betweenness" or a numeric property name; ``reveal=True``
    shows victims' real names instead of their pseudonyms.
    """
    data = network_data(sub, layout, size_by, reveal)
    shown = pseudonymise(sub, reveal)
    legend = [
        {"type": cat, "text": style.legend, "count": n, "swatch": swatch_svg(style)}
        for cat, style, n in legend_entries(shown)
    ]
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"])
    )
    page = env.get_template("network.html.j2").render(
        title=title,
        n_nodes=len(data["nodes"]),
        n_edges=len(data["edges"]),
        layout=layout,
        reveal=reveal,
        legend=legend,
        link_legend=[
            {"text": text, "count": n, "swatch": _line_svg(LINK_STYLES[k][1])}
            for k, text, n in link_legend(shown)
        ],
        notes=picture_notes(shown),
        record_note=RECORD_NOTE if any(is_record(n) for n in shown.nodes) else "",
        data_json=_json_for_script(data),
        **_assets(),
    )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out

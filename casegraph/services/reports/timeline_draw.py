"""Draw a ``Timeline``: lanes on one time axis, as PNG or SVG, or an offline HTML page.

Each event is numbered; the number is drawn beside its mark and heads its row in the
table under the picture (date, lane, what happened, the sources with their grading),
so every mark can be traced to its evidence. Spans (a holding period, a month- or
year-precision date, an approximate leg) are bars; exact days are marks.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from pathlib import Path

from matplotlib import dates as mdates
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from casegraph.services.output import output_file
from casegraph.services.render.static import fonts, missing_glyphs
from casegraph.services.reports.timeline import KINDS, Timeline

__all__ = ["FORMATS", "timeline_figure", "timeline_svg_uri", "write_timeline"]

FORMATS = ("html", "png", "svg")
# One colour and marker per kind: journeys blue, money amber, compounds red, sources grey.
STYLE = {
    "recruitment": ("#8e44ad", "D"),
    "payment": ("#d68910", "s"),
    "journey leg": ("#2e86c1", "o"),
    "border crossing": ("#c0392b", "X"),
    "arrival": ("#922b21", "v"),
    "held": ("#e6b0aa", "|"),
    "departure": ("#196f3d", "^"),
    "escape": ("#27ae60", "*"),
    "transfer": ("#6c3483", "P"),
    "debrief": ("#7f8c8d", "h"),
}
_SETTINGS = {"svg.hashsalt": "casegraph", "svg.fonttype": "none"}


def timeline_figure(tl: Timeline) -> Figure:
    """The matplotlib figure: one row per lane, events numbered as in ``Timeline.rows``."""
    lanes = tl.lanes()
    height = 1.6 + 0.45 * max(1, len(lanes))
    fig = Figure(figsize=(13, height))
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    row = {lane: i for i, lane in enumerate(lanes)}
    used = []
    for n, event in enumerate(tl.events, start=1):
        y = row[event.lane(tl.lanes_by)]
        colour, marker = STYLE[event.kind]
        start = mdates.date2num(event.when.start)
        if event.when.is_span:
            width = mdates.date2num(event.when.end + dt.timedelta(days=1)) - start
            tall = 0.5 if event.kind == "held" else 0.22
            ax.barh(
                y,
                width,
                left=start,
                height=tall,
                color=colour,
                alpha=0.45 if event.kind == "held" else 0.8,
                hatch="//" if event.when.approximate else None,
                edgecolor=colour,
                zorder=1 if event.kind == "held" else 2,
            )
            x = start
        else:
            x = start
            ax.plot([x], [y], marker=marker, color=colour, markersize=8, zorder=3, ls="none")
        if event.kind != "held":
            offset = 0.28 if n % 2 else -0.36
            ax.annotate(str(n), (x, y + offset), fontsize=7, ha="center", color="#333333")
        used.append(event.kind)
    ax.set_yticks(range(len(lanes)), [_short(lane) for lane in lanes], fontsize=8)
    ax.set_ylim(len(lanes) - 0.4, -0.6)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator())
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    note = "identities REVEALED" if tl.revealed else "victims by pseudonym"
    ax.set_title(f"{tl.title}\n{len(tl.events)} dated events; {note}", fontsize=11)
    handles = [
        Line2D([], [], color=STYLE[k][0], marker=STYLE[k][1], ls="none", label=k)
        for k in KINDS
        if k in used
    ]
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    if not tl.events:
        ax.text(0.5, 0.5, "No dated events", transform=ax.transAxes, ha="center")
    fig.tight_layout()
    return fig


def _short(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _save(tl: Timeline, target: io.BytesIO | Path, fmt: str) -> None:
    with rc_context({**_SETTINGS, "font.family": fonts()}), missing_glyphs():
        fig = timeline_figure(tl)
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(target, format=fmt, dpi=130, bbox_inches="tight", metadata=metadata)


def timeline_svg_uri(tl: Timeline) -> str:
    """The picture as an SVG data URI (for reports: one file is the whole report)."""
    buf = io.BytesIO()
    _save(tl, buf, "svg")
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def write_timeline(tl: Timeline, path: str | Path, fmt: str | None = None) -> Path:
    """Write ``tl`` to ``path``: html (picture and sourced table), png or svg."""
    out, fmt = output_file(path, fmt, FORMATS, "a timeline")
    if fmt != "html":
        _save(tl, out, fmt)
        return out
    out.write_text(_page(tl), encoding="utf-8")
    return out


def _page(tl: Timeline) -> str:
    cells = ("n", "date", "lane", "kind", "event", "sources")
    head = "".join(f"<th>{c}</th>" for c in ("#", "Date", "Lane", "Kind", "Event", "Sources"))
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(row[c]))}</td>" for c in cells) + "</tr>"
        for row in tl.rows()
    )
    note = (
        "Victim identities are REVEALED in this file."
        if tl.revealed
        else "Victims are shown by pseudonym."
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(tl.title)}</title>
<style>
body{{font-family:sans-serif;margin:1.5em;color:#222}}
img{{max-width:100%;border:1px solid #ddd}}
table{{border-collapse:collapse;font-size:0.9em;margin-top:1em}}
td,th{{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}}
th{{background:#f2f2f2}}
</style></head><body>
<h1>{html.escape(tl.title)}</h1>
<p>{len(tl.events)} dated events in {len(tl.lanes())} lanes (by {tl.lanes_by}). {note}
Bars are periods, months or years, hatched bars approximate dates; numbers refer to the
table, which cites each event's sources with their grading.</p>
<img alt="timeline" src="{timeline_svg_uri(tl)}">
<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
</body></html>
"""

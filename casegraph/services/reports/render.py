"""Render a Report as HTML, Markdown or PDF with the Jinja2 templates shipped here.

The HTML is one self-contained file (CSS inline, figure as a data URI, no remote
URL), so it opens offline; the PDF is WeasyPrint's rendering of the same HTML, with
fonts from the system (WeasyPrint needs no browser and fetches nothing: its URL
fetcher is limited to the embedded ``data:`` figure).
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from casegraph.core.errors import InputError
from casegraph.core.resources import package_path
from casegraph.services.reports.model import Report

FORMATS = ("html", "md", "pdf")
TEMPLATES = package_path("casegraph.services.reports", "templates")
CITATION = re.compile(r"\[S(\d+)\]")
_MD_SPECIAL = re.compile(r"([|\\`*_<>])")


def _cite(text: object) -> Markup:
    """Escape text and turn each ``[S3]`` into a link to the source list."""
    return Markup(CITATION.sub(r'<a class="cite" href="#S\1">[S\1]</a>', str(escape(str(text)))))


def _long_token(text: object, limit: int = 18) -> bool:
    """Whether a cell holds an unbroken token (wallet, handle, id) that may need breaking
    anywhere to keep its table inside the page; short words keep their whole width."""
    return any(len(word) > limit for word in str(text).split())


def _md(text: object) -> str:
    """Text safe inside a Markdown table cell or paragraph."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("casegraph.services.reports", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cite"] = _cite
    env.filters["long_token"] = _long_token
    env.filters["md"] = _md
    return env


def render_html(report: Report) -> str:
    """The report as one offline HTML page."""
    env = _environment()
    css = TEMPLATES.joinpath("report.css").read_text(encoding="utf-8")
    return env.get_template("report.html.j2").render(report=report, css=Markup(css))


def render_markdown(report: Report) -> str:
    """The report as Markdown (the figure is left out: Markdown viewers differ on data URIs)."""
    return _environment().get_template("report.md.j2").render(report=report)


def render_pdf(report: Report) -> bytes:
    """The HTML report printed to PDF by WeasyPrint, offline."""
    # Imported here: WeasyPrint loads Pango, which the other formats never need.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Only the embedded data: figure may be read; any other URL stops the rendering.
    fetcher = URLFetcher(allowed_protocols=["data"], fail_on_errors=True)
    return HTML(string=render_html(report), url_fetcher=fetcher).write_pdf()


def write_report(report: Report, fmt: str, path: str | Path | None) -> str | None:
    """Write ``report`` as ``fmt`` to ``path`` (or return it as text when path is None or -)."""
    if fmt not in FORMATS:
        raise InputError(f"report format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "pdf":
        if path in (None, "-"):
            raise InputError("a PDF report needs an output file: -o report.pdf")
        Path(path).write_bytes(render_pdf(report))
        return None
    text = render_html(report) if fmt == "html" else render_markdown(report)
    if path in (None, "-"):
        return text
    Path(path).write_text(text, encoding="utf-8")
    return None

"""Evidence reports (person, case, compound) and victim screening.

Reports are built as data (:mod:`casegraph.services.reports.model`) from the resolved entity
layer, then rendered with the Jinja2 templates shipped in this package to one
offline HTML file, Markdown, or PDF (WeasyPrint, from the same HTML)::

    from casegraph.services.reports import person_report, write_report
    report = person_report(store, "Boss Sammy")       # id, name, alias or pseudonym
    write_report(report, "pdf", "wekesa.pdf")

Every citation ``[S n]`` points into the report's numbered source list; victims are
pseudonymous unless ``reveal=True``.
"""

from casegraph.services.reports.case import case_report
from casegraph.services.reports.compound import compound_report
from casegraph.services.reports.context import find_person
from casegraph.services.reports.model import Report
from casegraph.services.reports.person import person_report
from casegraph.services.reports.render import (
    FORMATS,
    render_html,
    render_markdown,
    render_pdf,
    write_report,
)
from casegraph.services.reports.screening import (
    ScreeningRule,
    load_rule,
    screen,
    screening_blocks,
    screening_csv,
    screening_report,
)

__all__ = [
    "FORMATS",
    "Report",
    "ScreeningRule",
    "case_report",
    "compound_report",
    "find_person",
    "load_rule",
    "person_report",
    "screen",
    "screening_blocks",
    "screening_csv",
    "screening_report",
    "render_html",
    "render_markdown",
    "render_pdf",
    "write_report",
]

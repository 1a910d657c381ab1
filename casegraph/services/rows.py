"""Query rows as text: an aligned table for the terminal, CSV or JSON.

Shared by the command line (``--format table|csv|json``) and the demo's printed answers.
"""

from __future__ import annotations

import io
import json
from typing import Any

from casegraph.core.cells import SafeDictWriter

__all__ = ["CELL_WIDTH", "render_rows"]


def _cell(value: Any) -> str:
    # A list of plain values reads as "a; b" (the list convention of the input
    # spreadsheets too); anything nested stays JSON so nothing is lost.
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "; ".join(str(v) for v in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


#: Widest table cell before it is cut with "…" (``--full`` shows every character).
CELL_WIDTH = 60


def _fit(text: str, width: int | None) -> str:
    """``text`` on one line, cut to ``width`` with a visible "…" (never silently)."""
    flat = " ".join(text.split())
    if width is None or len(flat) <= width:
        return flat
    return flat[: width - 1] + "…"


def render_rows(rows: list[dict[str, Any]], fmt: str, full: bool = False) -> str:
    """Rows as an aligned text table, CSV or JSON.

    Table cells longer than CELL_WIDTH end in "…" unless ``full``; CSV and JSON always
    carry every character.
    """
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    columns = list(dict.fromkeys(k for row in rows for k in row))
    if fmt == "csv":
        buf = io.StringIO()
        writer = SafeDictWriter(buf, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})
        return buf.getvalue()
    if not rows:
        return "(no rows)"
    width = None if full else CELL_WIDTH
    cells = [[_fit(_cell(row.get(c)), width) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    cut = not full and any(v.endswith("…") for r in cells for v in r)
    note = "; cells ending in … are cut: --full shows them whole" if cut else ""
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''}{note})")
    return "\n".join(out)

"""Word documents (``.docx``) as the text a field office typed.

Offices keep their debrief notes in Word; casegraph reads them as it reads a note typed
in any editor (``plain_notes``). A document's paragraphs and tables come in the order
they appear; a two-cell table row, the usual way a form lays out "Date of interview |
14/02/2025", becomes a ``Label: value`` line, a wider row of labels each followed by its
value ("Ref | JKT/009 | Date | 5 March 2025") one such line per label, a table of
people ("Name | Role | Phone") one labelled line a person ("Recruiter: Brayo, 0712 345
678"), and other rows have their cells joined with `` | ``. Each paragraph, row or label
of a form row is one line, so a problem cites it by number.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from casegraph.loaders import limits
from casegraph.loaders.note_lines import table_lines
from casegraph.loaders.plain_notes import is_label

__all__ = ["word_text"]


def _rows(table: Any) -> list[str]:
    # a merged cell repeats itself across the columns it spans: keep it once
    rows = [list({id(c._tc): c.text.strip() for c in row.cells}.values()) for row in table.rows]
    people = table_lines(rows)
    if people is not None:
        return [line for line in people if line]
    lines = []
    for spans in rows:
        cells = [c for c in spans if c]
        if len(cells) == 2:
            lines.append(_labelled(cells[0], cells[1]))
        elif _paired(spans):
            pairs = zip(spans[::2], spans[1::2], strict=True)
            lines.extend(_labelled(k, v) for k, v in pairs if v)
        elif cells:
            lines.append(" | ".join(cells))
    return lines


def _labelled(label: str, value: str) -> str:
    """A form's label and value cells as one ``Label: value`` line; a known label's value
    typed on several lines of its cell ("Other victims | Dawit / Meron", one a line) has
    them joined by ``;``, so none is left on a line of its own, unlabelled."""
    if "\n" in value and is_label(label):
        value = "; ".join(part.strip() for part in value.splitlines() if part.strip())
    return f"{label.rstrip(':')}: {value}"


def _paired(spans: list[str]) -> bool:
    """A form row laying out two or more labels, each followed by its value ("Ref |
    JKT/009 | Date | 5 March 2025"): every other cell a header label or ending in ':'."""
    labels = spans[::2]
    return (
        len(spans) >= 4
        and len(spans) % 2 == 0
        and all(label and (label.endswith(":") or is_label(label)) for label in labels)
    )


def word_text(data: bytes) -> str:
    """The text of a ``.docx``; ValueError when it is not one (or a zip bomb).

    python-docx is imported here, on the first Word file, as openpyxl is for XLSX: every
    other command starts without it."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        limits.check_zip(data)
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError) as exc:
        raise ValueError(f"not a readable Word (.docx) document: {exc}") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_rows(block))
        else:
            lines.append(block.text)
    return "\n".join(lines)

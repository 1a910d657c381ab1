"""Spreadsheet-safe CSV cells: text that a spreadsheet would run as a formula is escaped.

A cell beginning with ``=``, ``@``, ``+`` or ``-`` (or a tab or carriage return) is
read by Excel, LibreOffice and Google Sheets as a formula: a name or note taken from a
debrief could then fetch a URL or run a command on the analyst's machine when the
export is opened ("CSV injection"). Such cells get a leading apostrophe, which
spreadsheets show as text and do not evaluate. Plain signed numbers and phone numbers
(``+254 712 555 301``, ``-12.5``) are left as they are.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["SafeDictWriter", "safe_cell", "safe_writer", "unescaped_cell"]

_FORMULA = re.compile(r"^[=@\t\r]|^[+-](?![\d\s().,/]*$)")


def safe_cell(value: Any) -> Any:
    """``value`` with an apostrophe before it when a spreadsheet would evaluate it."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def unescaped_cell(value: Any) -> Any:
    """A cell read back from one of casegraph's own exports, its escaping apostrophe removed,
    so an export read in again (HTCDS, review decisions) gives back the value written."""
    if isinstance(value, str) and value.startswith("'") and safe_cell(value[1:]) != value[1:]:
        return value[1:]
    return value


class _SafeWriter:
    """A ``csv.writer`` whose every cell goes through :func:`safe_cell`."""

    def __init__(self, handle: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(handle, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(c) for c in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_writer(handle: Any, **kwargs: Any) -> _SafeWriter:
    """``csv.writer(handle, **kwargs)`` that escapes formula-leading cells."""
    return _SafeWriter(handle, **kwargs)


class SafeDictWriter(csv.DictWriter):
    """``csv.DictWriter`` that escapes formula-leading cells (the header is ours)."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({k: safe_cell(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for row in rowdicts:
            self.writerow(row)

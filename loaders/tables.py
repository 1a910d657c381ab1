"""Reading tables: CSV (sniffed), XLSX (read-only) and GeoJSON points.

A CSV is read the way it was written, and the reader says what it assumed: the
encoding (UTF-8 with or without BOM, UTF-16, else what ``charset-normalizer`` finds,
such as cp1252), the delimiter (``,`` ``;`` tab or ``|``), the quote and the line
endings. Every row keeps the number a user sees in a spreadsheet (the header is row 1),
so a reject says ``phones.csv:row 7``; GeoJSON features are numbered from 1. Which kind
a table is comes from ``casegraph.loaders.mappings``.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from casegraph.core.resources import package_yaml
from casegraph.loaders import limits
from casegraph.loaders.mappings import column_key

__all__ = ["DELIMITED_SUFFIXES", "Table", "decode_text", "read_tables"]

# Delimited text: the delimiter is sniffed, so a tab-separated export reads like a CSV.
DELIMITED_SUFFIXES = frozenset({".csv", ".tsv", ".tab"})


@dataclass
class Table:
    """One sheet or CSV file: lower-cased header and (number, row) pairs.

    ``dialect`` says how the file was read (encoding, delimiter, quote, line endings).
    """

    header: list[str]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    sheet: str | None = None
    unit: str = "row"
    dialect: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)  # field -> the column as written


def _header(cells: list[Any]) -> list[str]:
    return [str(c).strip().lower() if c is not None else "" for c in cells]


_TITLE_ROWS = 10  # a sheet's title, notes and blank lines above its header, at most


def _filled(cells: Any) -> list[str]:
    return [str(c).strip() for c in cells or () if c is not None and str(c).strip()]


def _header_at(
    records: Iterator[list[Any]],
) -> tuple[int, str, list[Any] | None, list[list[Any]]]:
    """(the header's row number, where it is as the summary says it ("" on row 1), its
    cells, the rows read after it) of a table.

    Spreadsheets often open with a title ("Phones collected by the Kisumu desk"), a
    "CONFIDENTIAL" line or blank rows; the header is the first row that names two or
    more columns. A table whose first rows never do keeps row 1 as its header.
    """
    ahead = list(itertools.islice(records, _TITLE_ROWS + 1))
    at = next((i for i, cells in enumerate(ahead[:_TITLE_ROWS]) if len(_filled(cells)) >= 2), 0)
    header = ahead[at] if ahead else None
    above = "; ".join(repr(t[:60]) for t in (" ".join(_filled(c)) for c in ahead[:at]) if t)
    where = f"row {at + 1}" + (f" (above it: {above})" if above else "")
    if not at:
        where = ""
    under = ahead[at + 1] if header and at + 1 < len(ahead) else None
    if under is not None and _sub_header(header, under):
        header = [
            sub if _filled([sub]) else top for top, sub in itertools.zip_longest(header, under)
        ]
        where = f"rows {at + 1}-{at + 2}, the second naming the columns of merged cells" + (
            f" (above them: {above})" if above else ""
        )
        at += 1
    return at + 1, where, header, ahead[at + 1 :]


_DIGITS = re.compile(r"\d{3}")


def _sub_header(header: list[Any], under: list[Any]) -> bool:
    """Whether ``under`` names the columns of the header's merged cells, as a two-row
    header does ("Suspect" over "Full name | Alias", "Contact" over "Phone | Telegram").

    The first row of such a header is blank where a merged cell goes on; the second names
    columns there and is blank under every column the first row names alone. A record
    fills those columns, so it is never taken for a second header row.
    """
    top = [bool(_filled([c])) for c in header]
    sub = [bool(_filled([c])) for c in under]
    labels = [c for c, f in zip(under, sub, strict=True) if f]
    if not all(isinstance(c, str) and not _DIGITS.search(c) for c in labels):
        return False  # column labels are words; a phone, date or id is a record's
    top += [False] * (len(sub) - len(top))
    sub += [False] * (len(top) - len(sub))
    grouped = [False] * len(top)  # a column under a merged cell: its first or a blank after
    for i, named in enumerate(top):
        ends = i + 1 == len(top) or top[i + 1]
        grouped[i] = (not named and i > 0 and grouped[i - 1]) or (named and not ends)
    under_blank = any(s and not t for s, t in zip(sub, top, strict=True))
    alone_blank = not any(s for s, t, g in zip(sub, top, grouped, strict=True) if t and not g)
    return under_blank and alone_blank


def _rows(header: list[str], records: Any, first: int) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for number, cells in enumerate(records, start=first):
        values = list(cells)
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        row = {h: v for h, v in zip(header, values, strict=False) if h}
        if len(values) > len(header):
            row["__overflow__"] = values[len(header) :]
        out.append((number, row))
    return out


@functools.cache
def _footer_words() -> frozenset[str]:
    words = package_yaml("casegraph.loaders", "data", "table_footers.yaml")
    return frozenset(column_key(w) for w in words)


def _number(value: Any) -> bool:
    if isinstance(value, int | float):
        return True
    return re.fullmatch(r"[\d.,\s]+", str(value).strip()) is not None


def _without_footer(table: Table) -> None:
    """Pass over the totals line a sheet ends with ("Total | 4", "Total: 4": a word of
    ``data/table_footers.yaml``, then only numbers), saying so: read as a record it was
    a rejected row with an unknown country '4' and a phone 'Total'."""
    if not table.rows:
        return
    number, row = table.rows[-1]
    filled = [v for v in row.values() if v is not None and str(v).strip() != ""]
    words = column_key(filled[0]).split("_") if filled else []
    while words and _number(words[-1]):  # "Total: 2" in one cell
        words.pop()
    if words and "_".join(words) in _footer_words() and all(map(_number, filled[1:])):
        table.rows.pop()
        shown = " | ".join(str(v).strip() for v in filled)
        table.dialect["footer"] = f"row {number} ({shown!r}) passed over as a totals line"


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip
_DELIMITERS = (",", ";", "\t", "|")


def _decode(data: bytes) -> tuple[str, str]:
    """(text, what was assumed): a BOM, else UTF-8, else charset-normalizer's best guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), f"{encoding.removesuffix('-sig')} with BOM"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is not None and best.encoding:
        tied = [m for m in results if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
        encoding = _most_letters([*best.could_be_from_charset, *(m.encoding for m in tied)], data)
        return data.decode(encoding), f"{encoding} (detected)"
    # Spreadsheets saved on Windows: cp1252 never fails, so it is the last resort.
    return data.decode("cp1252", errors="replace"), "cp1252 (fallback)"


def _most_letters(encodings: list[str], data: bytes) -> str:
    """Of encodings charset-normalizer rates alike, the one whose text has the most letters
    beyond ASCII, then cp1252, the Windows default offices save CSVs in: on a short file it
    rates cp1250 as likely as cp1252 and listed it first, which read "João" as "Joăo" and
    "Núñez" as "Núńez" (a Polish file's "Łukasz" is still cp1250's: cp1252 reads "£ukasz")."""

    def letters(encoding: str) -> tuple[int, bool]:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            return -1, False
        return sum(c.isalpha() for c in text if not c.isascii()), encoding == "cp1252"

    return max(dict.fromkeys(encodings), key=letters)


def decode_text(data: bytes) -> str:
    """Text of a CSV or JSON file, read as ``_decode`` says (BOM, UTF-8, detected)."""
    return _decode(data)[0]


def _line_endings(text: str) -> str:
    crlf = text.count("\r\n")
    lf, cr = text.count("\n") - crlf, text.count("\r") - crlf
    found = [name for name, n in (("CRLF", crlf), ("LF", lf), ("CR", cr)) if n]
    return "+".join(found) or "none"


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number (> 1) of cells."""
    sample = text.splitlines()[:20]
    best, best_score = ",", (-1, 0)
    for delimiter in _DELIMITERS:
        widths = [len(r) for r in csv.reader(sample, delimiter=delimiter) if r]
        widths = list(itertools.dropwhile(lambda w: w < 2, widths))  # a title line above
        if not widths or widths[0] < 2:
            continue
        score = (sum(w == widths[0] for w in widths), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv(data: bytes) -> list[Table]:
    text, encoding = _decode(data)
    # Python's csv refuses a cell over 128 KiB with an error that names no row; a cell is
    # never larger than its file, whose size the load's limits already bound, and the
    # limits on cells and columns are then said row by row.
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    at, where, header, read = _header_at(reader)
    if not header:
        return []
    dialect = {
        "encoding": encoding,
        "delimiter": {"\t": "tab"}.get(delimiter, delimiter),
        "quote": '"',
        "line endings": _line_endings(text),
    }
    if where:
        dialect["header"] = where
    rows = _rows(_header(header), itertools.chain(read, reader), at + 1)
    table = Table(_header(header), rows, dialect=dialect)
    _without_footer(table)
    return [table]


def _xlsx(data: bytes) -> list[Table]:
    """Sheets read streaming, as far as their cells go (a used range declared up to
    XFD1048576 is ignored), each formula cell with no saved value reported on its row."""
    from openpyxl import load_workbook

    limits.check_zip(data)
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    raw = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        tables = []
        for sheet, formulas in zip(book.worksheets, raw.worksheets, strict=True):
            sheet.reset_dimensions()
            formulas.reset_dimensions()
            rows = _capped(sheet.iter_rows(values_only=True))
            at, where, header, read = _header_at(rows)
            if header and any(c is not None for c in header):
                name = sheet.title if len(book.worksheets) > 1 else None
                cells = _header(list(header))
                table = Table(cells, _rows(cells, itertools.chain(read, rows), at + 1), name)
                table.dialect = {"format": "xlsx", "sheet": sheet.title}
                if where:
                    table.dialect["header"] = where
                _without_footer(table)
                _unsaved_formulas(table, formulas)
                tables.append(table)
        return tables
    finally:
        book.close()
        raw.close()


def _capped(rows: Any) -> Any:
    """The rows of a sheet, refused past the row limit (rows holding a value) instead of
    read to the end; empty rows between far-apart cells cost nothing."""
    cap, filled = limits.current().table_rows + 1, 0  # and the header
    for row in rows:
        filled += any(v is not None for v in row)
        if filled > cap:
            raise ValueError(limits.over("table_rows", f"more than {cap - 1:,}", "rows"))
        yield row


def _unsaved_formulas(table: Table, sheet: Any) -> None:
    """A formula whose value the workbook does not hold reads as empty: say so on its row."""
    by_number = dict(table.rows)
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        row = by_number.get(number)
        for index, cell in enumerate(cells):
            formula = getattr(cell, "text", cell)
            if row is None or not (isinstance(formula, str) and formula.startswith("=")):
                continue
            column = table.header[index] if index < len(table.header) else None
            if column and row.get(column) is None:
                reason = (
                    f"cell holds the formula {formula[:80]} but no saved value; open and"
                    " save the workbook in a spreadsheet program, or type the value"
                )
                row.setdefault("__problems__", []).append((column, reason))


def _centre(coordinates: Any) -> tuple[float, float] | None:
    """A Point's position, or the mean position of a line's or polygon's vertices."""
    points: list[list] = []

    def walk(value: Any) -> None:
        if (
            isinstance(value, list)
            and len(value) >= 2
            and all(isinstance(v, int | float) for v in value[:2])
        ):
            points.append(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(coordinates)
    if not points:
        return None
    return (
        round(sum(p[0] for p in points) / len(points), 6),
        round(sum(p[1] for p in points) / len(points), 6),
    )


def _geojson(data: bytes) -> list[Table]:
    text, encoding = _decode(data)
    doc = json.loads(text)
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise ValueError("GeoJSON must be a FeatureCollection")
    header: list[str] = []
    rows = []
    features = doc.get("features")
    if not isinstance(features, list):
        raise ValueError(f"GeoJSON `features` must be a list, not {type(features).__name__}")
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties") or {}, dict):
            rows.append((number, {"__problems__": [(None, "a feature must be an object")]}))
            continue
        props = {str(k).strip().lower(): v for k, v in (feature.get("properties") or {}).items()}
        if not isinstance(feature.get("geometry"), dict):
            props["__problems__"] = [("geometry", "feature has no geometry")]
        centre = _centre((feature.get("geometry") or {}).get("coordinates"))
        if centre is not None and not set(props) & {"longitude", "lon", "lng", "latitude", "lat"}:
            props["longitude"], props["latitude"] = centre
        header.extend(k for k in props if k not in header and not k.startswith("__"))
        rows.append((number, props))
    return [
        Table(header, rows, unit="feature", dialect={"format": "geojson", "encoding": encoding})
    ]


def _read(suffix: str, data: bytes) -> list[Table]:
    if suffix in DELIMITED_SUFFIXES:
        return _csv(data)
    if suffix == ".xlsx":
        return _xlsx(data)
    return _geojson(data)


def read_tables(suffix: str, data: bytes) -> list[Table]:
    """Tables of a ``.csv`` (``.tsv``), ``.xlsx`` or ``.geojson`` file; ValueError if unreadable."""
    try:
        tables = _read(suffix, data)
    except (csv.Error, json.JSONDecodeError, OSError, KeyError) as exc:
        raise ValueError(f"cannot read {suffix} file: {exc}") from exc
    except RecursionError:
        raise ValueError(f"cannot read {suffix} file: nested too deeply") from None
    except Exception as exc:  # openpyxl raises assorted errors on corrupt workbooks
        if exc.__class__.__module__.startswith(("openpyxl", "zipfile")):
            raise ValueError(f"cannot read {suffix} file: {exc}") from exc
        raise
    wide = max((len(t.header) for t in tables), default=0)
    if wide > limits.current().table_columns:
        raise ValueError(limits.over("table_columns", wide, "columns"))
    return tables

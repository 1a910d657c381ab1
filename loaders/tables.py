"""Reading tables: CSV (UTF-8, with or without BOM), XLSX (read-only) and GeoJSON points.

Every row keeps the number a user sees in a spreadsheet (the header is row 1), so a
reject says ``phones.csv:row 7``; GeoJSON features are numbered from 1. Column names
are compared case-insensitively; the kind of a table is told from its columns.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["KIND_COLUMNS", "TABLE_KINDS", "Table", "decode_text", "detect_kind", "read_tables"]

# Required columns per kind (`name` or `record_id` for aliases: checked by the loader).
KIND_COLUMNS: dict[str, tuple[str, ...]] = {
    "compounds": ("compound_id", "name", "country"),
    "routes": ("route_id", "leg", "from", "to"),
    "aliases": ("alias",),
    "agencies": ("name", "country"),
    "phones": ("phone",),
    "links": ("from", "from_kind", "type", "to", "to_kind"),
}
# The column that tells a kind apart, checked in this order.
_SIGNATURE = (
    ("links", "from_kind"),
    ("compounds", "compound_id"),
    ("routes", "route_id"),
    ("aliases", "alias"),
    ("phones", "holder_name"),
    ("phones", "holder_ref"),
    ("agencies", "agency_id"),
    ("agencies", "registration"),
    ("agencies", "supplies"),
    ("agencies", "name"),
    ("phones", "phone"),
)
TABLE_KINDS = tuple(KIND_COLUMNS)


@dataclass
class Table:
    """One sheet or CSV file: lower-cased header and (number, row) pairs."""

    header: list[str]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    sheet: str | None = None
    unit: str = "row"


def detect_kind(header: list[str], sheet: str | None = None) -> str | None:
    """The kind whose signature column the header has (or whose name the sheet has)."""
    if sheet and sheet.strip().lower() in KIND_COLUMNS:
        return sheet.strip().lower()
    columns = set(header)
    for kind, column in _SIGNATURE:
        if column in columns:
            return kind
    return None


def _header(cells: list[Any]) -> list[str]:
    return [str(c).strip().lower() if c is not None else "" for c in cells]


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


def decode_text(data: bytes) -> str:
    """Text of a CSV or JSON file: UTF-8 (with or without BOM), else Windows cp1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets saved on Windows: cp1252 never fails, so it is the last resort.
        return data.decode("cp1252", errors="replace")


def _csv(data: bytes) -> list[Table]:
    reader = csv.reader(io.StringIO(decode_text(data), newline=""))
    header = next(reader, None)
    if not header:
        return []
    return [Table(_header(header), _rows(_header(header), reader, 2))]


def _xlsx(data: bytes) -> list[Table]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        tables = []
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if header and any(c is not None for c in header):
                name = sheet.title if len(book.worksheets) > 1 else None
                tables.append(
                    Table(_header(list(header)), _rows(_header(list(header)), rows, 2), name)
                )
        return tables
    finally:
        book.close()


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
    doc = json.loads(decode_text(data))
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise ValueError("GeoJSON must be a FeatureCollection")
    header: list[str] = []
    rows = []
    for number, feature in enumerate(doc.get("features") or [], start=1):
        props = {
            str(k).strip().lower(): v for k, v in ((feature or {}).get("properties") or {}).items()
        }
        centre = _centre(((feature or {}).get("geometry") or {}).get("coordinates"))
        if centre is not None:
            props.setdefault("longitude", centre[0])
            props.setdefault("latitude", centre[1])
        header.extend(k for k in props if k not in header)
        rows.append((number, props))
    return [Table(header, rows, unit="feature")]


def read_tables(suffix: str, data: bytes) -> list[Table]:
    """Tables of a ``.csv``, ``.xlsx`` or ``.geojson`` file; ValueError if unreadable."""
    try:
        if suffix == ".csv":
            return _csv(data)
        if suffix == ".xlsx":
            return _xlsx(data)
        return _geojson(data)
    except (csv.Error, json.JSONDecodeError, OSError, KeyError) as exc:
        raise ValueError(f"cannot read {suffix} file: {exc}") from exc
    except Exception as exc:  # openpyxl raises assorted errors on corrupt workbooks
        if exc.__class__.__module__.startswith(("openpyxl", "zipfile")):
            raise ValueError(f"cannot read {suffix} file: {exc}") from exc
        raise

"""Options and output helpers shared by every command."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

import click
import yaml

from casegraph.core.settings import load_settings
from casegraph.store import GraphStore, open_store

FORMATS = ("table", "csv", "json")


def store_from_context() -> GraphStore:
    """Open the configured store (embedded FalkorDB unless CASEGRAPH_URI is set)."""
    return open_store(load_settings())


def parse_params(items: Sequence[str]) -> dict[str, str]:
    """Turn repeated ``--param k=v`` into a dict of strings (typing is the caller's job)."""
    params = {}
    for item in items:
        if "=" not in item:
            raise click.BadParameter(f"{item!r} is not key=value", param_hint="--param")
        key, value = item.split("=", 1)
        params[key.strip()] = value
    return params


def _scalar(text: str) -> object:
    # "+855..." and "0712..." must stay strings: YAML would read them as numbers.
    if text.startswith(("+", "0")):
        return text
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return value if isinstance(value, str | int | float | bool | list) else text


def typed_params(items: Sequence[str]) -> dict[str, Any]:
    """``--param k=v`` for ad-hoc Cypher: values read as YAML scalars (numbers, booleans,
    lists), phone-like values kept as strings. Saved queries type by their header instead."""
    return {k: _scalar(v) for k, v in parse_params(items).items()}


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


def render_rows(rows: list[dict[str, Any]], fmt: str) -> str:
    """Rows as an aligned text table, CSV or JSON."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    columns = list(dict.fromkeys(k for row in rows for k in row))
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})
        return buf.getvalue()
    if not rows:
        return "(no rows)"
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [min(60, max(len(c), *(len(r[i]) for r in cells))) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v[:60].ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)

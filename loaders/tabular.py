"""Shared row handling for the tabular kinds (aliases, phones, agencies, compounds, routes).

A row is all or nothing: every field is checked, every problem is reported with the
row number and column, and a row with a problem asserts nothing, while the other rows
of the file still load. Each row names its Source: its own ``source_id`` column, or
the file itself; ``date`` and ``grading`` of the row go on that Source.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from casegraph.loaders.context import FileContext
from casegraph.loaders.delta import Ref
from casegraph.loaders.provenance import SourceInfo, default_source_id, parse_grading
from casegraph.loaders.tables import KIND_COLUMNS, Table
from casegraph.loaders.validation import parse_date, text

__all__ = ["COMMON_COLUMNS", "Row", "extra_json", "load_table"]

COMMON_COLUMNS = ("source_id", "date", "grading", "reliability", "credibility")


class Row:
    """One table row: typed access to its cells and pending graph assertions."""

    def __init__(
        self, ctx: FileContext, number: int, values: dict[str, Any], where: str, extra: list[str]
    ) -> None:
        self.ctx = ctx
        self.extra = {c: str(values[c]) for c in extra if text(values.get(c))}
        self.values = values
        self.number = number
        self.ref = where
        self.errors: list[tuple[str | None, str]] = []
        self._ops: list[tuple[str, tuple, dict]] = []
        self.sid = text(values.get("source_id")) or default_source_id(ctx.path)
        self.source: Ref = ("Source", self.sid)

    def get(self, column: str) -> str | None:
        return text(self.values.get(column))

    def parse(self, column: str, parser: Callable[[Any], Any]) -> Any:
        """``parser(cell)``; a ValueError becomes a problem of this row and gives None."""
        try:
            return parser(self.values.get(column))
        except ValueError as exc:
            self.error(column, str(exc))
            return None

    def error(self, column: str | None, reason: str) -> None:
        self.errors.append((column, reason))

    def country(self, column: str) -> str | None:
        return self.parse(column, self.ctx.directory.country)

    def node(
        self, label: str, id: str, props: dict | None = None, create: dict | None = None
    ) -> Ref:
        self._ops.append(("node", (label, id), {"props": props, "create": create}))
        return (label, id)

    def rel(self, rel: str, start: Ref, end: Ref, props: dict | None = None) -> None:
        self._ops.append(("rel", (rel, start, end), {"props": props}))

    def country_node(self, code: str) -> Ref:
        return self.node("Country", code, create=self.ctx.directory.country_props(code))

    def mention(self, target: Ref) -> None:
        """The row's Source asserts ``target``."""
        self.rel("MENTIONS", self.source, target)

    def commit(self) -> None:
        """Hand the row's assertions to the file batch (only called for a clean row)."""
        batch = self.ctx.batch
        for op, args, kwargs in self._ops:
            method = batch.node if op == "node" else batch.rel
            method(*args, **kwargs, sid=self.sid, ref=self.ref)

    def source_node(self) -> None:
        grading = self.parse(
            "grading",
            lambda g: parse_grading(
                g, self.values.get("reliability"), self.values.get("credibility")
            ),
        )
        info = SourceInfo(self.sid, self.ctx.kind, self.ctx.rel, self.ctx.hash)
        info.date = self.parse("date", parse_date)
        if grading is not None:
            info.grading = grading
        self.node("Source", self.sid, info.props())


def load_table(
    ctx: FileContext, table: Table, handler: Callable[[Row], None], known: tuple[str, ...]
) -> None:
    """Run ``handler`` on every row; rows with problems are rejected, the rest committed."""
    file = f"{ctx.rel}[{table.sheet}]" if table.sheet else ctx.rel  # a workbook names the sheet
    missing = [c for c in KIND_COLUMNS[ctx.kind] if c not in table.header]
    if ctx.kind == "aliases" and not {"name", "record_id"} & set(table.header):
        missing.append("name or record_id")
    if missing:
        ctx.problems.add(f"missing required column(s): {', '.join(missing)}", line=1, file=file)
        ctx.read += len(table.rows)
        ctx.rejected += len(table.rows)
        return
    known = (*known, *KIND_COLUMNS[ctx.kind], *COMMON_COLUMNS)
    extra = [c for c in table.header if c not in known]
    if extra:
        ctx.notes.append(f"{ctx.rel}: unknown columns kept as `extra`: {', '.join(extra)}")
    for number, values in table.rows:
        ctx.read += 1
        row = Row(ctx, number, values, f"{file}:{table.unit} {number}", extra)
        if "__overflow__" in values:
            row.error(None, "more cells than header columns")
        row.source_node()
        handler(row)
        if row.errors:
            ctx.rejected += 1
            for column, reason in row.errors:
                ctx.problems.add(reason, line=number, field=column, file=file)
        else:
            row.commit()
            ctx.loaded += 1


def extra_json(row: Row) -> str | None:
    """Unknown columns of a row, kept on its main node as a JSON object."""
    return json.dumps(row.extra, ensure_ascii=False, sort_keys=True) if row.extra else None

"""Shared row handling for the tabular kinds (aliases, phones, agencies, compounds, routes).

The table's columns are read as its kind's fields (``casegraph.loaders.mappings``).
A bad value in an optional field is left out and reported, and the row loads; a row
whose required value is bad or missing asserts nothing, reported with its row number
and column, while the other rows of the file still load. Each row names its Source:
its own ``source_id`` column, or the file itself; ``date`` and ``grading`` of the row
go on that Source.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from casegraph.core.identifiers import normalize_phone
from casegraph.loaders import limits
from casegraph.loaders.context import FileContext
from casegraph.loaders.delta import MINED, Ref
from casegraph.loaders.mappings import KindMatch, column_key, mappings
from casegraph.loaders.mining import Mention, mine_text
from casegraph.loaders.narrative import mentioned
from casegraph.loaders.provenance import SourceInfo, default_source_id, parse_grading
from casegraph.loaders.tables import Table
from casegraph.loaders.validation import parse_date, parse_phone, text, value_problem

__all__ = ["Row", "extra_json", "load_table", "read_as_fields"]


class Row:
    """One table row: typed access to its cells and pending graph assertions."""

    def __init__(
        self,
        ctx: FileContext,
        number: int,
        values: dict[str, Any],
        where: str,
        extra: dict[str, Any],
        dated: bool = False,
    ) -> None:
        self.ctx = ctx
        self.extra = {c: str(v) for c, v in extra.items() if text(v)}
        self.values = values
        self.number = number
        self.ref = where
        self.errors: list[tuple[str | None, str]] = []
        self.dropped: list[tuple[str | None, str]] = []  # optional values left out
        self.required = {f.name for f in mappings()[ctx.kind].fields.values() if f.required}
        self._ops: list[tuple[str, tuple, dict]] = []
        self._mined: list[Mention] = []
        # --update: the node this row gives a new version of, and where the earlier was.
        self.replaces: str | None = None
        self.new_version: Ref | None = None
        own = text(values.get("source_id"))
        self.sid = own or default_source_id(ctx.path)
        day = _day(values.get("date"), ctx.dayfirst) if dated and not own else None
        if day:  # a log of calls dated apart: each day's rows are one source
            self.sid = f"{self.sid}@{day}"
        self.source: Ref = ("Source", self.sid)
        # Where the cited debrief was taken: the region of national numbers without one.
        self.source_country = ctx.directory.source_countries.get(self.sid)

    def get(self, column: str) -> str | None:
        return text(self.values.get(column))

    def parse(self, column: str, parser: Callable[[Any], Any]) -> Any:
        """``parser(cell)``; a ValueError gives None and a problem: of the row when the
        field is required, else of the value alone (left out, the row loads)."""
        try:
            return parser(self.values.get(column))
        except ValueError as exc:
            if column in self.required:
                self.error(column, str(exc))
            else:
                self.dropped.append((column, f"{exc}; value left out, the row loads"))
            return None

    def date(self, column: str) -> str | None:
        """A date in the file's date order (see ``FileContext.infer_dayfirst``)."""
        return self.parse(column, lambda v: parse_date(v, self.ctx.dayfirst))

    def other(self, what: str, value: Any, column: str) -> str:
        """``other:<value>`` for an unknown vocabulary value, reported once per file."""
        return self.ctx.other(what, value, self.number, column)

    def error(self, column: str | None, reason: str) -> None:
        self.errors.append((column, reason))

    def country(self, column: str) -> str | None:
        return self.parse(column, self.ctx.directory.country)

    def phone(
        self, column: str, written: str, region: str | None, nationality: str | None
    ) -> str | None:
        """E.164 of one number of ``column``: a national number is read as the row's
        ``region`` (its country column), else the holder's ``nationality``, else where the
        debrief the row cites was taken; one read by nationality is said in the summary."""
        where = region or nationality or self.source_country
        e164 = self.parse(column, lambda _: parse_phone(written, where))
        if e164 and not region and nationality and normalize_phone(written) is None:
            self.ctx.phone_by_nationality(nationality, written)
        return e164

    def node(
        self, label: str, id: str, props: dict | None = None, create: dict | None = None
    ) -> Ref:
        problem = limits.key_problem(label, id)
        if problem:  # the row is rejected, naming the cell the id is made from
            self.error(self._longest_field(), problem)
        self._ops.append(("node", (label, id), {"props": props, "create": create}))
        return (label, id)

    def _longest_field(self) -> str | None:
        # Ids are made from cells, each within the cell limit: an id over the key
        # limit comes from the row's longest cell.
        cells = {k: str(v) for k, v in self.values.items() if not k.startswith("__") and v}
        return max(cells, key=lambda k: len(cells[k])) if cells else None

    def rel(self, rel: str, start: Ref, end: Ref, props: dict | None = None) -> None:
        self._ops.append(("rel", (rel, start, end), {"props": props}))

    def mine(self, column: str, region: str | None) -> None:
        """The phones, accounts, wallets and places a free-text cell names ("ransom wallet
        T..." in a police list's Remarks): mentioned by the row's Source, ``origin: mined``
        with the cell as excerpt, as a note's narrative is; not attributed to the person."""
        if self.get(column):
            mentions = mine_text(self.get(column) or "", region, self.ctx.directory.gazetteer)
            self._mined += [m for m in mentions if m.kind != "indicator"]

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
        for mention in self._mined:
            target = mentioned(batch, self.ctx.directory, self.sid, mention, self.ref)
            if target is not None:
                batch.rel(
                    "MENTIONS", self.source, target, None, self.sid, self.ref, MINED,
                    mention.excerpt,
                )  # fmt: skip
        if self.new_version and self.replaces:
            batch.version(self.new_version, self.replaces, self.ref)
            label, key = self.new_version
            self.ctx.notes.append(
                f"{self.ref}: new version of {label} {key} (--update); the one from"
                f" {self.replaces} is kept in its history"
            )

    def source_node(self) -> None:
        grading = self.parse(
            "grading",
            lambda g: parse_grading(
                g, self.values.get("reliability"), self.values.get("credibility")
            ),
        )
        info = SourceInfo(self.sid, self.ctx.kind, self.ctx.rel, self.ctx.hash)
        info.date = self.date("date")
        if grading is not None:
            info.grading = grading
        self.node("Source", self.sid, info.props())


def read_as_fields(table: Table, match: KindMatch) -> Table:
    """The table with each row keyed by its kind's fields; unread columns go to ``extra``
    (under ``__extra__``) and every field remembers the column it came from."""
    rows = []
    for number, values in table.rows:
        row = {match.columns[c]: v for c, v in values.items() if c in match.columns}
        row["__extra__"] = {
            column_key(c): v
            for c, v in values.items()
            if c not in match.columns and c not in match.accounts and not c.startswith("__")
        }
        row["__accounts__"] = [
            (match.accounts[c], c, v) for c, v in values.items() if c in match.accounts
        ]
        for carried in ("__overflow__", "__problems__"):
            if carried in values:
                row[carried] = values[carried]
        rows.append((number, row))
    fields = Table(list(match.columns.values()), rows, table.sheet, table.unit, table.dialect)
    fields.written = {f: c for c, f in match.columns.items()}
    return fields


def load_table(
    ctx: FileContext,
    table: Table,
    match: KindMatch,
    handler: Callable[[Row], None],
    prepare: Callable[[FileContext, Table], None] | None = None,
) -> None:
    """Run ``handler`` on every row; rows with problems are rejected, the rest committed.

    ``prepare`` sees the whole table first (keyed by fields), to fill in what a kind
    derives from row order, such as route legs.
    """
    file = f"{ctx.rel}[{table.sheet}]" if table.sheet else ctx.rel  # a workbook names the sheet
    reason = _unreadable_table(table)
    if match.missing or reason:
        reason = reason or f"missing required column(s): {', '.join(match.missing)}"
        ctx.problems.add(reason, line=1, file=file)
        ctx.read += len(table.rows)
        ctx.rejected += len(table.rows)
        return
    unread = [*match.lost, *match.extra]
    if unread:
        ctx.notes.append(f"{file}: columns kept as `extra`: {', '.join(unread)}")
    fields = read_as_fields(table, match)
    _conventions(ctx, fields)
    dated = _dated_apart(ctx, fields)
    if prepare is not None:
        prepare(ctx, fields)
    for number, values in fields.rows:
        ctx.read += 1
        row = Row(ctx, number, values, f"{file}:{table.unit} {number}", values["__extra__"], dated)
        if "__overflow__" in values:
            row.error(None, "more cells than header columns")
        for column, reason in values.get("__problems__", ()):
            row.error(column, reason)
        for column, reason in _bad_values(values):
            row.error(column, reason)
        row.source_node()
        handler(row)
        for column, reason in row.dropped:
            ctx.problems.add(
                reason, line=number, field=fields.written.get(column, column), file=file
            )
        if row.errors:
            ctx.rejected += 1
            for column, reason in row.errors:
                ctx.problems.add(
                    reason, line=number, field=fields.written.get(column, column), file=file
                )
        else:
            row.commit()
            ctx.loaded += 1


def _day(value: Any, dayfirst: bool | None) -> str | None:
    try:
        return parse_date(value, dayfirst)
    except ValueError:
        return None  # reported when the row's Source is made


def _dated_apart(ctx: FileContext, table: Table) -> bool:
    """Whether the rows that name no ``source_id`` carry different dates, as a hotline's
    log of calls does. A row's date goes on its Source; with the file one Source, every
    call took the last row's date (a lookup dated a call of 15 March "2024-04-11"), so
    each day's rows are then one Source, ``<file>@<date>``, said in the summary."""
    if "date" not in table.header:
        return False
    days = {
        _day(row.get("date"), ctx.dayfirst)
        for _, row in table.rows
        if not text(row.get("source_id"))
    } - {None}
    if len(days) > 1:
        ctx.conventions["sources"] = (
            f"rows of {len(days)} dates: each date's rows are one source,"
            f" {default_source_id(ctx.path)}@<date>"
        )
    return len(days) > 1


def _unreadable_table(table: Table) -> str | None:
    """Why no row of a table can be trusted: two columns of one name (which one holds
    the value cannot be told), or more rows than the limit allows (columns are counted
    as the table is read, before its kind is matched)."""
    named = [c for c in table.header if c]
    twice = sorted({c for c in named if named.count(c) > 1})
    if twice:
        return (
            f"column(s) {', '.join(repr(c) for c in twice)} appear more than once; which one"
            " holds the value cannot be told: rename or remove the copies"
        )
    if len(table.rows) > limits.current().table_rows:
        return limits.over("table_rows", len(table.rows), "rows")
    return None


def _bad_values(values: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, reason) for every cell value that cannot be stored as it is."""
    cells = [(k, v) for k, v in values.items() if not k.startswith("__")]
    cells += list((values.get("__extra__") or {}).items())
    return [(k, problem) for k, v in cells if (problem := value_problem(v))]


def _conventions(ctx: FileContext, table: Table) -> None:
    """Infer the file's date order from its date columns, else the country of its rows
    (their ``country`` column, else the debriefs they cite), when they agree."""
    kind = mappings()[ctx.kind]
    dates = [f for f in table.header if kind.fields[f].type == "date"]
    values = [row.get(f) for _, row in table.rows for f in dates]
    cited = ctx.directory.source_countries
    countries = {text(row.get("country")) for _, row in table.rows} - {None} or {
        cited.get(text(row.get("source_id")) or "") for _, row in table.rows
    }
    country = None
    if len(countries) == 1 and None not in countries:
        try:
            country = ctx.directory.country(countries.pop())
        except ValueError:
            country = None
    where = ", ".join(table.written.get(f, f) for f in dates)
    ctx.infer_dayfirst(values, country, where)


def extra_json(row: Row) -> str | None:
    """Unknown columns of a row, kept on its main node as a JSON object."""
    return json.dumps(row.extra, ensure_ascii=False, sort_keys=True) if row.extra else None

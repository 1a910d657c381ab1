"""Ingest: loaders read files into graph deltas, the store writes them, a report counts.

Each file becomes a delta of MERGE rows; small files share batches (written once
``batch_size`` rows are pending, as if one after the other); with ``strict`` a file
with any problem writes nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from casegraph.loaders.context import LoadOptions
from casegraph.loaders.delta import GraphBatch
from casegraph.loaders.identity import Directory
from casegraph.loaders.load import count, read_units, run_unit
from casegraph.loaders.mappings import UserMapping, mappings
from casegraph.loaders.report import LoadReport
from casegraph.services.aggregates import Touched, refresh_aggregates
from casegraph.store import GraphStore
from casegraph.store.base import DEFAULT_BATCH, totals
from casegraph.store.writer import write_delta

__all__ = ["load_paths", "preview_paths"]


def load_paths(
    store: GraphStore,
    paths: Iterable[str | Path],
    kind: str | None = None,
    strict: bool = False,
    batch_size: int = DEFAULT_BATCH,
    progress: bool = False,
    dayfirst: bool | None = None,
    mapping: UserMapping | None = None,
    update: bool = False,
) -> LoadReport:
    """Load files and folders into ``store``; bad input is reported, never raised.

    ``kind`` forces one kind for every file (``debriefs`` or a table kind); ``strict``
    writes nothing of a file with a problem (an unknown role or platform is one);
    ``dayfirst`` fixes the date order (None: inferred per file); ``mapping`` is the
    user's column mapping; ``progress`` shows a bar on a terminal; ``update`` loads a
    second record under an existing id (a debrief_id, a compound_id) as a new version of
    that node, the earlier one kept in its ``history``, instead of rejecting it.
    """
    options = LoadOptions(dayfirst=dayfirst, strict=strict, mapping=mapping, update=update)
    report = LoadReport()
    store.apply_schema()  # key constraints and indexes: MERGE needs them to be fast and unique
    report.nodes_before, report.rels_before = totals(store)
    units = read_units(paths, kind, Directory.open(store.read), report, options)
    bar = _bar(len(units), progress)
    pending = GraphBatch()  # small files share batches; a full one is written at once
    touched = Touched()  # what the summaries refreshed at the end must look at again
    try:
        for ctx, unit in units:
            bar.set_postfix_str(ctx.rel, refresh=False)
            run_unit(ctx, unit)
            write = not (strict and len(ctx.problems))
            if write and ctx.batch.versions:
                # A new version (--update) is written on its own, after what is pending
                # (perhaps the version it replaces), so its history reads the stored one.
                _touch(report, ctx.batch)
                touched.add_delta(ctx.batch.batches.groups())
                report.rows_written += write_delta(store, pending.batches.groups(), batch_size)
                report.rows_written += write_delta(store, ctx.batch.batches.groups(), batch_size)
                pending = GraphBatch()
            elif write:
                _touch(report, ctx.batch)
                touched.add_delta(ctx.batch.batches.groups())
                pending.absorb(ctx.batch)
            else:
                report.not_written.append(ctx.rel)
            if len(pending) >= batch_size:
                report.rows_written += write_delta(store, pending.batches.groups(), batch_size)
                pending = GraphBatch()
            count(report, ctx, written=write)
            bar.update(1)
        report.rows_written += write_delta(store, pending.batches.groups(), batch_size)
    finally:
        bar.close()
    refresh_aggregates(store, touched)  # the whole-graph queries' summaries follow every load
    report.nodes_after, report.rels_after = totals(store)
    return report


def preview_paths(
    paths: Iterable[str | Path],
    kind: str | None = None,
    dayfirst: bool | None = None,
    mapping: UserMapping | None = None,
) -> tuple[list[str], LoadReport]:
    """How each file would be read, without a store and without writing anything.

    Every unit is read into a delta that is then thrown away, so the preview shows what a
    load would assume (kind, confidence, column -> field, dialect, conventions) and
    count (rows that would load or be rejected). Returns printable lines and the report.
    """
    report = LoadReport()
    options = LoadOptions(dayfirst=dayfirst, mapping=mapping)
    lines = []
    for ctx, unit in read_units(paths, kind, Directory.open(None), report, options):
        run_unit(ctx, unit)
        count(report, ctx, written=False)
        where = (
            f"{ctx.rel}[{unit.payload.sheet}]" if getattr(unit.payload, "sheet", None) else ctx.rel
        )
        lines.append(
            f"{where}: {unit.kind}, {ctx.read} record(s), {ctx.rejected} would be rejected"
        )
        if unit.match is not None:
            fields = mappings()[unit.kind].fields
            lines.extend(
                f"  {column!r} -> {field} ({fields[field].type})"
                for column, field in unit.match.columns.items()
            )
            lines.extend(
                f"  {column!r} -> handles on {platform}"
                for column, platform in unit.match.accounts.items()
            )
            lines.extend(
                f"  {column!r} -> kept as extra" for column in unit.match.lost + unit.match.extra
            )
            lines.extend(f"  missing required: {m}" for m in unit.match.missing)
        lines.extend(f"  {name}: {value}" for name, value in ctx.conventions.items())
    return lines, report


#: Labels whose written ids a load keeps for the alerts that end it.
TOUCHED = ("Source", "Phone", "Account", "Wallet", "IdentityDocument")


def _touch(report: LoadReport, batch: GraphBatch) -> None:
    for key, rows in batch.batches.groups().items():
        if key[0] == "node" and key[1] in TOUCHED:
            report.touched.setdefault(key[1], set()).update(r["id"] for r in rows)


def _bar(total: int, progress: bool):
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc="loading",
        unit="file",
        disable=not progress or not sys.stderr.isatty(),
        file=sys.stderr,
    )

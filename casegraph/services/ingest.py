"""Ingest: loaders read files into graph deltas, the store writes them, a report counts.

Each file becomes a delta of MERGE rows; small files share batches (written once
``batch_size`` rows are pending, as if one after the other); with ``strict`` a file
with any problem writes nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from casegraph.loaders.delta import GraphBatch
from casegraph.loaders.identity import Directory
from casegraph.loaders.load import count, read_units, run_unit
from casegraph.loaders.report import LoadReport
from casegraph.store import GraphStore
from casegraph.store.base import DEFAULT_BATCH, counts
from casegraph.store.writer import write_delta

__all__ = ["load_paths"]


def load_paths(
    store: GraphStore,
    paths: Iterable[str | Path],
    kind: str | None = None,
    strict: bool = False,
    batch_size: int = DEFAULT_BATCH,
    progress: bool = False,
) -> LoadReport:
    """Load files and folders into ``store``; bad input is reported, never raised.

    ``kind`` forces one kind for every file (``debriefs`` or a table kind); ``strict``
    writes nothing of a file with a problem; ``progress`` shows a bar on a terminal.
    """
    report = LoadReport()
    store.apply_schema()  # key constraints and indexes: MERGE needs them to be fast and unique
    before = counts(store)
    report.nodes_before = sum(before["nodes"].values())
    report.rels_before = sum(before["relationships"].values())
    units = read_units(paths, kind, Directory.open(store.read), report)
    bar = _bar(len(units), progress)
    pending = GraphBatch()  # small files share batches; a full one is written at once
    try:
        for ctx, unit in units:
            bar.set_postfix_str(ctx.rel, refresh=False)
            run_unit(ctx, unit)
            write = not (strict and len(ctx.problems))
            if write:
                pending.absorb(ctx.batch)
            else:
                report.not_written.append(ctx.rel)
            if len(pending) >= batch_size:
                report.rows_written += write_delta(store, pending, batch_size)
                pending = GraphBatch()
            count(report, ctx, written=write)
            bar.update(1)
        report.rows_written += write_delta(store, pending, batch_size)
    finally:
        bar.close()
    after = counts(store)
    report.nodes_after = sum(after["nodes"].values())
    report.rels_after = sum(after["relationships"].values())
    return report


def _bar(total: int, progress: bool):
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc="loading",
        unit="file",
        disable=not progress or not sys.stderr.isatty(),
        file=sys.stderr,
    )

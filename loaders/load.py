"""``load_paths``: find the files, tell their kinds apart, load each, write, report.

Files are loaded compounds first, then agencies, then everything else, so that names
and registration numbers from those lists are known when debriefs refer to them.
Each file becomes a batch of MERGE rows; small files share batches (written once
``batch_size`` rows are pending, as if one after the other); with ``strict`` a file
with any problem writes nothing. Files in no known format (a README, a ground-truth file, a
script) are listed as skipped, never silently ignored.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from casegraph.errors import InputError
from casegraph.store import GraphStore
from casegraph.store.base import counts
from loaders import agencies, aliases, compounds, debrief_events, phones, routes
from loaders.batching import DEFAULT_BATCH_SIZE
from loaders.context import FileContext
from loaders.debriefs import Debrief
from loaders.frontmatter import Document, read_document
from loaders.identity import Directory
from loaders.narrative import mine_narrative
from loaders.report import KindStats, LoadReport
from loaders.tables import Table, detect_kind, read_tables
from loaders.tabular import load_table
from loaders.writer import GraphBatch

__all__ = ["KINDS", "load_paths"]

log = logging.getLogger(__name__)
KINDS = ("compounds", "agencies", "routes", "aliases", "phones", "debriefs")
_HANDLERS = {
    "aliases": aliases,
    "phones": phones,
    "agencies": agencies,
    "compounds": compounds,
    "routes": routes,
}
_TABLE_SUFFIXES = {".csv", ".xlsx", ".geojson"}
_DEBRIEF_SUFFIXES = {".md", ".yaml", ".yml", ".json"}
_DEBRIEF_STEPS: tuple[Callable[[Debrief], object], ...] = (
    Debrief.header,
    Debrief.persons,
    debrief_events.agencies,
    Debrief.employment,
    Debrief.relations,
    debrief_events.job_ads,
    debrief_events.journey,
    debrief_events.held,
    debrief_events.transfers,
    debrief_events.payments,
    mine_narrative,
)


def _files(paths: Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """(file, load root) for every file under the given paths, hidden ones left out.

    A file reached twice (``examples examples/debriefs``) is loaded once, from the
    first path that reached it.
    """
    found: dict[Path, tuple[Path, Path]] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                parts = file.relative_to(path).parts
                if file.is_file() and not any(p.startswith((".", "__")) for p in parts):
                    found.setdefault(file.resolve(), (file, path))
        elif path.is_file():
            found.setdefault(path.resolve(), (path, path.parent))
        else:
            raise InputError(f"{path}: no such file or folder")
    return list(found.values())


class _Unit:
    """One loadable part of a file: a debrief document or one table (sheet)."""

    def __init__(self, kind: str, payload: Document | Table) -> None:
        self.kind, self.payload = kind, payload


def _classify(path: Path, data: bytes, kind: str | None) -> tuple[list[_Unit], str]:
    """The units of a file and why (part of) it is skipped ("" when nothing is)."""
    suffix = path.suffix.lower()
    if suffix in _TABLE_SUFFIXES and kind != "debriefs":
        units, unknown = [], []
        for table in read_tables(suffix, data):
            detected = kind or ("compounds" if suffix == ".geojson" else None)
            detected = detected or detect_kind(table.header, table.sheet)
            if detected:
                units.append(_Unit(detected, table))
            else:
                unknown.append(table.sheet or "the table")
        return units, f"no columns of a known kind in {', '.join(unknown)}" if unknown else ""
    if suffix in _DEBRIEF_SUFFIXES and kind in (None, "debriefs"):
        doc = read_document(suffix, data.decode("utf-8-sig"))
        if doc is None:
            return [], "no YAML front matter: not a debrief note"
        if doc.data.get("debrief_id") is None:
            if suffix == ".md" or kind == "debriefs":
                raise ValueError("front matter has no debrief_id")
            return [], "no debrief_id: not a debrief note"
        return [_Unit("debriefs", doc)], ""
    if kind is not None and suffix in _TABLE_SUFFIXES | _DEBRIEF_SUFFIXES:
        return [], f"--kind {kind} does not read {suffix} files"
    return [], f"{suffix or 'no extension'} is not a loadable format"


def _run(ctx: FileContext, unit: _Unit) -> None:
    if unit.kind == "debriefs":
        ctx.read += 1
        deb = Debrief(ctx, unit.payload)
        for step in _DEBRIEF_STEPS:
            step(deb)
        ctx.loaded += 1
        return
    handler = _HANDLERS[unit.kind]
    load_table(ctx, unit.payload, handler.load_row, handler.KNOWN_COLUMNS)


def _order(item: tuple[FileContext, _Unit]) -> tuple[int, str]:
    return KINDS.index(item[1].kind), item[0].rel


def load_paths(
    store: GraphStore,
    paths: Iterable[str | Path],
    kind: str | None = None,
    strict: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool = False,
) -> LoadReport:
    """Load files and folders into ``store``; bad input is reported, never raised.

    ``kind`` forces one kind for every file (``debriefs`` or a table kind); ``strict``
    writes nothing of a file with a problem; ``progress`` shows a bar on a terminal.
    """
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    report = LoadReport()
    store.apply_schema()  # key constraints and indexes: MERGE needs them to be fast and unique
    before = counts(store)
    report.nodes_before = sum(before["nodes"].values())
    report.rels_before = sum(before["relationships"].values())
    directory = Directory.open(store)
    units: list[tuple[FileContext, _Unit]] = []
    for path, root in _files(paths):
        rel = path.relative_to(root).as_posix()
        data = path.read_bytes()
        try:
            found, reason = _classify(path, data, kind)
        except (ValueError, UnicodeDecodeError) as exc:
            unreadable = kind or ("debriefs" if path.suffix in _DEBRIEF_SUFFIXES else "tables")
            ctx = FileContext(path, rel, unreadable, data, directory)
            ctx.problems.add(str(exc))
            ctx.read = ctx.rejected = 1
            _count(report, ctx, written=False)
            continue
        if reason:
            report.skipped.append((rel, reason))
        units.extend((FileContext(path, rel, u.kind, data, directory), u) for u in found)
    bar = _bar(len(units), progress)
    pending = GraphBatch()  # small files share batches; a full one is written at once
    try:
        for ctx, unit in sorted(units, key=_order):
            bar.set_postfix_str(ctx.rel, refresh=False)
            try:
                _run(ctx, unit)
            except Exception as exc:  # a loader bug must not cost the rest of the load
                log.exception("loading %s failed", ctx.rel)
                reason = f"cannot load this file ({type(exc).__name__}: {exc}); nothing written"
                ctx.problems.add(reason)
                ctx.batch = GraphBatch()
                ctx.read, ctx.loaded = max(ctx.read, 1), 0
                ctx.rejected = ctx.read
            write = not (strict and len(ctx.problems))
            if write:
                pending.absorb(ctx.batch)
            else:
                report.not_written.append(ctx.rel)
            if len(pending) >= batch_size:
                report.rows_written += pending.write(store, batch_size)
                pending = GraphBatch()
            _count(report, ctx, written=write)
            bar.update(1)
        report.rows_written += pending.write(store, batch_size)
    finally:
        bar.close()
    after = counts(store)
    report.nodes_after = sum(after["nodes"].values())
    report.rels_after = sum(after["relationships"].values())
    return report


def _count(report: LoadReport, ctx: FileContext, written: bool) -> None:
    stats = report.kinds.setdefault(ctx.kind, KindStats())
    stats.files += 1
    stats.read += ctx.read
    stats.loaded += ctx.loaded if written else 0
    stats.rejected += ctx.rejected if written else ctx.read
    stats.problems += len(ctx.problems)
    report.problems.extend(ctx.problems)
    report.notes.extend(n for n in ctx.notes if n not in report.notes)


def _bar(total: int, progress: bool):
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc="loading",
        unit="file",
        disable=not progress or not sys.stderr.isatty(),
        file=sys.stderr,
    )

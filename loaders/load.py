"""Find the files, tell their kinds apart and read each into a graph delta; never write.

Units are ordered compounds first, then agencies, then everything else, so that names
and registration numbers from those lists are known when debriefs refer to them.
Files in no known format (a README, a ground-truth file, a script) are listed as
skipped, never silently ignored. :mod:`casegraph.services.ingest` writes the deltas.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from casegraph.core.errors import InputError
from casegraph.loaders import (
    agencies,
    aliases,
    compounds,
    debrief_events,
    ftm,
    htcds,
    limits,
    links,
    opensanctions_simple,
    phones,
    routes,
    sanctions_sdn,
)
from casegraph.loaders.context import FileContext, LoadOptions
from casegraph.loaders.debriefs import Debrief
from casegraph.loaders.delta import GraphBatch
from casegraph.loaders.frontmatter import Document, read_document
from casegraph.loaders.identity import Directory
from casegraph.loaders.mappings import KindMatch, decide_kind
from casegraph.loaders.narrative import mine_narrative
from casegraph.loaders.opensanctions_simple import is_simple_csv
from casegraph.loaders.plain_notes import read_plain_note
from casegraph.loaders.provenance import content_hash
from casegraph.loaders.report import KindStats, LoadReport
from casegraph.loaders.tables import DELIMITED_SUFFIXES, Table, decode_text, read_tables
from casegraph.loaders.tabular import load_table
from casegraph.loaders.validation import BAD_CHARS, scrub
from casegraph.loaders.word import word_text

__all__ = ["KINDS", "Unit", "count", "read_units", "run_unit", "unknown_table"]

log = logging.getLogger(__name__)
KINDS = (
    "compounds",
    "agencies",
    "routes",
    "aliases",
    "phones",
    "debriefs",
    "htcds",
    "sdn",
    "ftm",
    "opensanctions",
    "links",
)
_HANDLERS = {
    "aliases": aliases,
    "phones": phones,
    "agencies": agencies,
    "compounds": compounds,
    "routes": routes,
    "links": links,
}
# Kinds read from a whole file (or a file and its companions) rather than table rows.
_FILE_HANDLERS = {
    "sdn": sanctions_sdn.load,
    "ftm": ftm.load,
    "opensanctions": opensanctions_simple.load,
}
# HTCDS case files (and their events file) are read whole into debrief notes.
_WHOLE_FILES = {*_FILE_HANDLERS, "htcds"}
_TABLE_SUFFIXES = {*DELIMITED_SUFFIXES, ".xlsx", ".geojson"}
_DEBRIEF_SUFFIXES = {".md", ".txt", ".docx", ".yaml", ".yml", ".json"}
_PLAIN_SUFFIXES = {".md", ".txt", ".docx"}  # notes that may be typed without front matter
_TEXT_SUFFIXES = {*DELIMITED_SUFFIXES, ".geojson", ".md", ".txt", ".yaml", ".yml", ".json"}
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


class Unit:
    """One loadable part of a file: a debrief document or one table (sheet) and how its
    columns are read."""

    def __init__(
        self, kind: str, payload: Document | Table | None, match: KindMatch | None = None
    ) -> None:
        self.kind, self.payload, self.match = kind, payload, match


def unknown_table(table: Table, readings: list[KindMatch]) -> str:
    """Why a table is of no kind: its columns and how each candidate kind would read it."""
    columns = ", ".join(c for c in table.header if c) or "none"
    candidates = "; ".join(m.describe() for m in readings[:3] if m.columns)
    return (
        f"columns {columns} match no table kind well enough"
        f"{' (candidates: ' + candidates + ')' if candidates else ''}; "
        "name the kind with --kind or the columns with --mapping FILE"
    )


def _tables(
    path: Path, data: bytes, kind: str | None, options: LoadOptions
) -> tuple[list[Unit], list[tuple[Table, str]], str]:
    """Each table's unit, (table, why) for those of no kind, and why some are skipped
    (tables without a single column any kind reads, such as a decisions log)."""
    suffix = path.suffix.lower()
    units, unknown, skipped = [], [], []
    for table in read_tables(suffix, data):
        match, readings = decide_kind(table.header, table.sheet, kind, options.mapping, path.stem)
        if match is None and not any(m.columns for m in readings):
            skipped.append(table.sheet or "the table")  # no column of any kind: not ours
        elif match is None:
            unknown.append((table, unknown_table(table, readings)))
        else:
            units.append(Unit(match.kind, table, match))
    return units, unknown, f"no column of a known kind in {', '.join(skipped)}" if skipped else ""


def _classify(
    path: Path, data: bytes, kind: str | None, options: LoadOptions, directory: Directory
) -> tuple[list[Unit], list[tuple[Table, str]], str]:
    """The units of a file, its tables of no kind, and why it is skipped ("" if not)."""
    suffix = path.suffix.lower()
    listed = _list_kind(path, kind)
    if listed:
        return ([Unit(listed, None)], [], "") if listed in _WHOLE_FILES else ([], [], listed)
    simple = (
        suffix in DELIMITED_SUFFIXES and kind in (None, "opensanctions") and is_simple_csv(data)
    )
    if simple or kind == "opensanctions":
        return [Unit("opensanctions", None)], [], ""
    if suffix in _TABLE_SUFFIXES and kind != "debriefs":
        return _tables(path, data, kind, options)
    if suffix in _DEBRIEF_SUFFIXES and kind in (None, "debriefs"):
        # UTF-8, else as sniffed (cp1252...); a Word document's paragraphs and tables
        written = word_text(data) if suffix == ".docx" else decode_text(data)
        doc = read_document(suffix, written) if suffix not in (".txt", ".docx") else None
        if doc is None and suffix in _PLAIN_SUFFIXES:
            doc = read_plain_note(path, written, directory.gazetteer, kind == "debriefs")
        if doc is None:
            return (
                [],
                [],
                "no YAML front matter and no note headers (Date:, Case no.:): not a debrief note",
            )
        if doc.data.get("debrief_id") is None:
            if suffix == ".md" or kind == "debriefs":
                raise ValueError("front matter has no debrief_id")
            return [], [], "no debrief_id: not a debrief note"
        directory.add_source_country(doc.data.get("debrief_id"), doc.data.get("country"))
        return [Unit("debriefs", doc)], [], ""
    if kind is not None and suffix in _TABLE_SUFFIXES | _DEBRIEF_SUFFIXES:
        return [], [], f"--kind {kind} does not read {suffix} files"
    return [], [], f"{suffix or 'no extension'} is not a loadable format"


def _list_kind(path: Path, kind: str | None) -> str | None:
    """``sdn`` / ``ftm`` / ``htcds`` for files read whole (a skip reason for companion
    files read with them), else None."""
    name = path.name.lower()
    if kind in (None, "sdn") and name == "sdn.csv":
        return "sdn"
    companion = name in sanctions_sdn.COMPANION_FILES and path.with_name("sdn.csv").exists()
    if kind in (None, "sdn") and companion:
        return "read with sdn.csv"
    if kind in (None, "ftm") and name.endswith(ftm.SUFFIXES):
        return "ftm"
    if kind == "htcds" or (kind is None and name == htcds.CASES_FILE):
        return "htcds"
    if kind is None and name == htcds.EVENTS_FILE and path.with_name(htcds.CASES_FILE).exists():
        return f"read with {htcds.CASES_FILE}"
    return None


def _run(ctx: FileContext, unit: Unit) -> None:
    if unit.kind in _FILE_HANDLERS:
        _FILE_HANDLERS[unit.kind](ctx)
        return
    if unit.kind == "debriefs":
        _debrief(ctx, unit.payload)
        return
    if unit.kind == "htcds":
        for doc in htcds.documents(ctx):
            _debrief(ctx, doc)
        return
    handler = _HANDLERS[unit.kind]
    table = unit.payload
    ctx.conventions.update(
        {f"read ({table.sheet})" if table.sheet else "read": _dialect(table, unit.match)}
    )
    load_table(ctx, table, unit.match, handler.load_row, getattr(handler, "prepare", None))


def _dialect(table: Table, match: KindMatch) -> str:
    how = ", ".join(f"{k} {v}" for k, v in table.dialect.items())
    return f"{match.kind} by {match.by} ({match.confidence:.0%}){'; ' + how if how else ''}"


def _debrief(ctx: FileContext, doc: Document) -> None:
    ctx.read += 1
    ctx.conventions.update(doc.conventions)
    for line, where, reason in scrub(doc.data):  # bad values: reported, left out
        ctx.problems.add(reason, line=line, field=where)
    _narrative_limits(ctx, doc)
    deb = Debrief(ctx, doc)
    for step in _DEBRIEF_STEPS:
        step(deb)
    ctx.loaded += 1


def _narrative_limits(ctx: FileContext, doc: Document) -> None:
    """A narrative over the length limit is not mined (the structured part still loads);
    control and direction-override characters in it are blanked before mining. Both are
    reported, at the narrative's first line."""
    size = len(doc.narrative or "")
    if size > limits.current().narrative_chars:
        reason = limits.over("narrative_chars", size, "narrative length in characters")
        ctx.problems.add(f"{reason}; the narrative was not mined", doc.narrative_line, "narrative")
        doc.narrative = ""
        return
    blanked, found = BAD_CHARS.subn(" ", doc.narrative or "")
    if found:
        ctx.problems.add(
            f"{found} control or direction-override character(s) in the narrative were read"
            " as spaces (they can hide or disguise text)",
            doc.narrative_line,
            "narrative",
        )
        doc.narrative = blanked


def _order(item: tuple[FileContext, Unit]) -> tuple[int, str]:
    return KINDS.index(item[1].kind), item[0].rel


def read_units(
    paths: Iterable[str | Path],
    kind: str | None,
    directory: Directory,
    report: LoadReport,
    options: LoadOptions | None = None,
) -> list[tuple[FileContext, Unit]]:
    """Every loadable unit under ``paths``, in load order; unreadable files and tables of
    no kind are counted in ``report`` as rejected, files of no known format as skipped."""
    options = options or LoadOptions()
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    units: list[tuple[FileContext, Unit]] = []
    seen: dict[str, tuple[str, str]] = {}  # debrief id -> (file, content hash) in this load
    for path, root in _files(paths):
        rel = path.relative_to(root).as_posix()
        size = path.stat().st_size
        if size > limits.current().file_bytes:
            reason = limits.over("file_mb", f"{size / 1048576:,.1f} MB", "file size")
            _unreadable(report, path, rel, kind, b"", directory, reason, options)
            continue
        data = path.read_bytes()
        if path.suffix.lower() in _TEXT_SUFFIXES and limits.looks_binary(data):
            reason = (
                "binary data, not a text file (control bytes such as NUL throughout; or"
                " UTF-16 without a byte-order mark: save it as UTF-8)"
            )
            _unreadable(report, path, rel, kind, data, directory, reason, options)
            continue
        try:
            found, unknown, reason = _classify(path, data, kind, options, directory)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            reason = "nested too deeply to read" if isinstance(exc, RecursionError) else str(exc)
            _unreadable(report, path, rel, kind, data, directory, reason, options)
            continue
        conflict = _duplicate_id(found, rel, content_hash(data), seen, directory)
        if conflict and not options.update:
            _unreadable(
                report, path, rel, kind, data, directory, _conflict_reason(*conflict), options
            )
            continue
        if reason:
            report.skipped.append((rel, reason))
        for table, why in unknown:
            ctx = FileContext(path, rel, "unknown", data, directory, options=options)
            where = f"{rel}[{table.sheet}]" if table.sheet else rel
            ctx.problems.add(why, line=1, file=where)
            ctx.read = ctx.rejected = len(table.rows)
            report.unknown_tables.append(where)
            count(report, ctx, written=False)
        for unit in found:
            ctx = FileContext(path, rel, unit.kind, data, directory, options=options)
            if conflict and unit.kind == "debriefs":
                ctx.replaces[("Source", conflict[0])] = conflict[1]
            units.append((ctx, unit))
    return sorted(units, key=_order)


def _duplicate_id(
    found: list[Unit],
    rel: str,
    digest: str,
    seen: dict[str, tuple[str, str]],
    directory: Directory,
) -> tuple[str, str] | None:
    """(id, where the other note is) when a debrief note cannot simply load under its id:
    another note of this load, or one already loaded from another file, has the same id
    and different content. Loading it would overwrite the first note's fields without a
    word, so it is refused naming both, or with ``--update`` loaded as a new version.
    (The same file edited and loaded again is a correction and loads.)"""
    for unit in found:
        if unit.kind != "debriefs":
            continue
        sid = str(unit.payload.data.get("debrief_id")).strip()
        first = seen.setdefault(sid, (rel, digest))
        if first[1] != digest:
            where = f"{first[0]} (in this load)"
        else:
            file, stored = directory.source_files.get(sid, (None, None))
            if not stored or stored == digest or file == rel:
                continue
            where = f"{file} (already loaded)"
        return sid, where
    return None


def _conflict_reason(sid: str, where: str) -> str:
    return (
        f"debrief_id {sid} is also the id of {where}, whose content differs: a second note"
        " under one id would overwrite the first; give this note its own debrief_id, or"
        " load it with --update to record it as a new version"
    )


def _unreadable(
    report: LoadReport,
    path: Path,
    rel: str,
    kind: str | None,
    data: bytes,
    directory: Directory,
    reason: str,
    options: LoadOptions,
) -> None:
    """Count a file that cannot be read at all as one rejected record, with the reason."""
    unreadable = kind or ("debriefs" if path.suffix in _DEBRIEF_SUFFIXES else "tables")
    ctx = FileContext(path, rel, unreadable, data, directory, options=options)
    at = re.search(r"\bline (\d+)\b", reason)  # a parser's "line 20: ..." locates the reject
    ctx.problems.add(reason, line=int(at.group(1)) if at else None)
    ctx.read = ctx.rejected = 1
    count(report, ctx, written=False)


def run_unit(ctx: FileContext, unit: Unit) -> None:
    """Read one unit into ``ctx.batch``; a loader bug costs this file only, reported."""
    try:
        _run(ctx, unit)
        _refused_nodes(ctx)
        for ref, where in ctx.replaces.items():
            ctx.batch.version(ref, where, ctx.rel)
            ctx.notes.append(
                f"{ctx.rel}: new version of {ref[0]} {ref[1]} (--update); the one from"
                f" {where} is kept in its history"
            )
    except Exception as exc:  # a loader bug must not cost the rest of the load
        log.exception("loading %s failed", ctx.rel)
        reason = f"cannot load this file ({type(exc).__name__}: {exc}); nothing written"
        ctx.problems.add(reason)
        ctx.batch = GraphBatch()
        ctx.read, ctx.loaded = max(ctx.read, 1), 0
        ctx.rejected = ctx.read


def _refused_nodes(ctx: FileContext) -> None:
    """Report the nodes the batch refused (ids over the key limit) at their line or row."""
    for reason, ref in ctx.batch.refused:
        where, _, at = (ref or "").rpartition(":")
        number = re.search(r"(\d+)$", at)
        ctx.problems.add(reason, int(number.group(1)) if number else None, file=where or None)
    ctx.batch.refused.clear()


def count(report: LoadReport, ctx: FileContext, written: bool) -> None:
    """Add one file's outcome to the load report."""
    stats = report.kinds.setdefault(ctx.kind, KindStats())
    stats.files += 1
    stats.read += ctx.read
    stats.loaded += ctx.loaded if written else 0
    stats.rejected += ctx.rejected if written else ctx.read
    stats.problems += len(ctx.problems)
    report.problems.extend(ctx.problems)
    report.notes.extend(n for n in ctx.notes if n not in report.notes)
    if ctx.conventions:
        report.conventions.setdefault(ctx.rel, {}).update(ctx.conventions)

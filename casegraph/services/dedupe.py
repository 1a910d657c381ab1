"""Deduplicate a CSV or XLSX table: read records, resolve, write clusters and pairs.

The library call behind ``casegraph dedupe``; usable from Python with the same
arguments. Column names are matched case-insensitively (as everywhere in casegraph);
cells may hold several values separated by ``;``.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from casegraph.core.cells import safe_writer
from casegraph.core.errors import InputError, Problem
from casegraph.loaders.tables import Table, read_tables
from casegraph.resolution.decisions import DecisionStore
from casegraph.resolution.engine import BlockingReport, Resolution, default_spec, resolve
from casegraph.resolution.kinds import KINDS
from casegraph.resolution.spec import FieldSpec, ResolutionSpec, save_spec
from casegraph.resolution.splink_engine import SplinkResolution, resolve_with_splink
from casegraph.resolution.types import Outcome, Record

MAX_PAIRS = 50_000_000  # beyond this one machine compares for too long: block tighter
MODEL_FILE = "model.yaml"  # the trained spec, written next to the results


def check_blocking(report: BlockingReport) -> None:
    """Stop, with advice, a run that would compare no pair or far too many."""
    rules = "\n" + report.to_text()
    if report.records > 1 and report.pairs == 0:
        raise InputError(
            "blocking proposes 0 pairs to compare: no two records share a key under any "
            "rule, so nothing could be found. Add a field that people share when they are "
            "one (phone, account, date of birth, a full_name column) or give blocking rules "
            "in a --spec file." + rules
        )
    if report.pairs > MAX_PAIRS:
        raise InputError(
            f"blocking proposes {report.pairs:,} pairs (more than {MAX_PAIRS:,}): too many "
            "to compare on one machine. Give tighter blocking rules in a --spec file (for "
            "example a name key together with a birth year), lower max_block_size, or use "
            "--engine splink --backend spark." + rules
        )


def parse_field(text: str) -> FieldSpec:
    """``"COLUMN:KIND"`` -> a field spec; InputError naming the option if malformed."""
    column, sep, kind = text.rpartition(":")
    if not sep or not column.strip() or not kind.strip():
        raise InputError(f"--field {text!r}: expected COLUMN:KIND")
    if kind.strip() not in KINDS:
        known = ", ".join(sorted(KINDS))
        raise InputError(f"--field {text!r}: unknown kind {kind.strip()!r} (known: {known})")
    return FieldSpec(name=column.strip().lower(), kind=kind.strip())


def merge_fields(spec: ResolutionSpec | None, fields: Sequence[FieldSpec]) -> ResolutionSpec:
    """The spec with ``fields`` added (replacing fields of the same name)."""
    if spec is None and not fields:
        raise InputError("no fields to compare: give --field COLUMN:KIND or --spec FILE")
    given = {f.name: f for f in fields}
    kept = tuple(f for f in (spec.fields if spec else ()) if f.name not in given)
    merged = kept + tuple(fields)
    base = spec or ResolutionSpec(fields=merged)
    country = base.country_field or next((f.name for f in merged if f.kind == "country"), None)
    return replace(base, fields=merged, country_field=country)


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets store phone and id numbers as floats
    if isinstance(value, datetime | date):
        return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    text = str(value).strip()
    return text or None


def read_table(path: str | Path) -> Table:
    """The first table of a CSV / XLSX file."""
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError(f"{path}: not a .csv or .xlsx file")
    try:
        tables = read_tables(path.suffix.lower(), path.read_bytes())
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    if not tables:
        raise InputError(f"{path}: no header row")
    return tables[0]


def read_records(
    table: Table, path: str | Path, id_column: str, spec: ResolutionSpec
) -> list[Record]:
    """The records of ``table`` (read from ``path``); every problem reported at once."""
    path, id_column = Path(path), id_column.lower()
    needed = [id_column, *(f.source.lower() for f in spec.fields)]
    missing = [c for c in dict.fromkeys(needed) if c not in table.header]
    if missing:
        problems = [Problem("no such column", str(path), field=c) for c in missing]
        raise InputError(f"{path}: missing columns (header: {', '.join(table.header)})", problems)
    records, seen, problems = [], {}, []
    for number, row in table.rows:
        rid = _cell(row.get(id_column))
        if rid is None:
            problems.append(Problem("empty record id", str(path), number, id_column))
        elif rid in seen:
            problems.append(Problem(f"duplicate id (first on row {seen[rid]})", str(path), number))
        else:
            seen[rid] = number
            values = {f.name: _cell(row.get(f.source.lower())) for f in spec.fields}
            records.append(Record(id=rid, values=values))
    if problems:
        raise InputError(f"{path}: bad record ids", problems)
    return records


def _spec_and_records(
    path: str | Path,
    id_column: str,
    fields: Sequence[FieldSpec],
    spec: ResolutionSpec | None,
    region: str | None,
    on_guessed: Callable[[Sequence[FieldSpec]], None] | None,
) -> tuple[ResolutionSpec, list[Record]]:
    """The spec to run and the records it reads; without fields or a spec, the fields
    guessed from the column names ("dob" a date, "Telegram" an account...), passed to
    ``on_guessed`` so that a guess is never silent."""
    table = read_table(path)
    if spec is None and not fields:
        header = [c for c in table.header if c != id_column.lower()]
        fields = default_spec(header).fields
        if not fields:
            raise InputError(
                f"{path}: no column name says what it holds (header: {', '.join(header)}); "
                "give --field COLUMN:KIND or --spec FILE"
            )
        if on_guessed is not None:
            on_guessed(fields)
    spec = merge_fields(spec, fields)
    if region:
        spec = replace(spec, default_region=region.upper())
    return spec, read_records(table, path, id_column, spec)


def _feature_columns(resolution: Resolution) -> list[str]:
    names = [f.name for f in resolution.spec.fields]
    return [f"{n}:{part}" for n in names for part in ("left", "right", "similarity", "weight")]


def _write_clusters(clusters: dict[str, str], out: Path) -> None:
    """``clusters.csv``: record id, cluster id, cluster size (the folder is made)."""
    out.mkdir(parents=True, exist_ok=True)
    sizes = Counter(clusters.values())
    with (out / "clusters.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = safe_writer(handle)
        writer.writerow(["record_id", "cluster_id", "cluster_size"])
        for record_id, cluster_id in clusters.items():
            writer.writerow([record_id, cluster_id, sizes[cluster_id]])


def write_results(resolution: Resolution, out: str | Path, all_pairs: bool = False) -> None:
    """``clusters.csv``, ``pairs.csv`` (all pairs, or all but rejected), ``summary.json``
    and ``model.yaml``: the spec with the weights used, learned or given; pass it as
    ``--spec`` to score the next table the same way without learning again."""
    out = Path(out)
    _write_clusters(resolution.clusters, out)
    wanted = None if all_pairs else [o for o in Outcome if o is not Outcome.REJECT]
    with (out / "pairs.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = safe_writer(handle)
        head = ["record_id_a", "record_id_b", "score", "decision"]
        writer.writerow(head + _feature_columns(resolution))
        for pair in resolution.pairs(wanted):
            cells: list[Any] = [pair.left, pair.right, f"{pair.score:.4f}", pair.outcome.value]
            for f in pair.features:
                cells += [f.left, f.right, "" if f.similarity is None else f.similarity, f.weight]
            writer.writerow(cells)
    (out / "summary.json").write_text(json.dumps(asdict(resolution.stats), indent=2))
    save_spec(resolution.model(), out / MODEL_FILE)


def dedupe(
    path: str | Path,
    id_column: str,
    fields: Sequence[FieldSpec] = (),
    spec: ResolutionSpec | None = None,
    decisions: str | Path | None = None,
    out: str | Path | None = None,
    region: str | None = None,
    all_pairs: bool = False,
    progress: bool = False,
    on_blocked: Callable[[BlockingReport], None] | None = None,
    on_guessed: Callable[[Sequence[FieldSpec]], None] | None = None,
) -> Resolution:
    """Read ``path``, resolve its records (decisions in the ``decisions`` folder win) and,
    if ``out`` is given, write the results there. ``region`` is the default phone region
    of records without a country field. Without ``fields`` or ``spec`` the fields are
    guessed from the column names and go to ``on_guessed`` before anything is compared.
    Before comparing, the blocking report goes to ``on_blocked`` and through
    :func:`check_blocking` (0 or too many pairs: InputError)."""
    spec, records = _spec_and_records(path, id_column, fields, spec, region, on_guessed)
    store = DecisionStore(decisions) if decisions else None

    def blocked(report: BlockingReport) -> None:
        if on_blocked is not None:
            on_blocked(report)
        check_blocking(report)

    resolution = resolve(records, spec, store, progress=progress, on_blocked=blocked)
    if out is not None:
        write_results(resolution, out, all_pairs)
    return resolution


def dedupe_with_splink(
    path: str | Path,
    id_column: str,
    fields: Sequence[FieldSpec] = (),
    spec: ResolutionSpec | None = None,
    out: str | Path | None = None,
    region: str | None = None,
    backend: str = "duckdb",
    on_guessed: Callable[[Sequence[FieldSpec]], None] | None = None,
) -> SplinkResolution:
    """As :func:`dedupe`, through Splink on ``backend`` (duckdb or spark): the same field
    spec, normalisers and blocking keys; writes ``clusters.csv``, ``pairs.csv`` (pairs
    scored at or above the review threshold) and ``summary.json``. Review decisions are
    not applied (casegraph's engine applies them)."""
    spec, records = _spec_and_records(path, id_column, fields, spec, region, on_guessed)
    started = time.perf_counter()
    result = resolve_with_splink(records, spec, backend)
    seconds = time.perf_counter() - started
    if out is not None:
        out = Path(out)
        _write_clusters(result.clusters, out)
        pairs = result.pairs.rename(
            columns={"unique_id_l": "record_id_a", "unique_id_r": "record_id_b"}
        )
        pairs.rename(columns={"match_probability": "score"}).to_csv(out / "pairs.csv", index=False)
        summary = {
            "engine": "splink",
            "backend": backend,
            "records": len(records),
            "pairs_scored": len(result.pairs),
            "clusters": len(set(result.clusters.values())),
            "prior": result.prior,  # P(two random records match): estimated unless given
            "seconds": seconds,
        }
        (out / "summary.json").write_text(json.dumps(summary, indent=2))
    return result


__all__ = [
    "MAX_PAIRS",
    "MODEL_FILE",
    "check_blocking",
    "dedupe",
    "dedupe_with_splink",
    "merge_fields",
    "parse_field",
    "read_records",
    "write_results",
]

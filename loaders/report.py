"""The load report: what was read, loaded, rejected and skipped, and what the graph gained."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casegraph.core.cells import safe_writer
from casegraph.core.errors import Problem
from casegraph.core.private import private_dir, private_open

__all__ = ["KindStats", "LoadReport", "write_rejects"]


@dataclass
class KindStats:
    """Per kind: files, and records read / loaded / rejected (rows, or debrief notes)."""

    files: int = 0
    read: int = 0
    loaded: int = 0
    rejected: int = 0
    problems: int = 0


@dataclass
class LoadReport:
    """The outcome of ``load_paths``; ``ok`` is False when anything was rejected."""

    kinds: dict[str, KindStats] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    not_written: list[str] = field(default_factory=list)
    nodes_before: int = 0
    nodes_after: int = 0
    rels_before: int = 0
    rels_after: int = 0
    rows_written: int = 0
    # Per file: how it was read (kind, confidence, dialect) and what was assumed.
    conventions: dict[str, dict[str, str]] = field(default_factory=dict)
    unknown_tables: list[str] = field(default_factory=list)  # tables of no kind: exit 1
    #: Node ids the load asserted, per label (sources and identifiers: what alerts read).
    touched: dict[str, set[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def nodes_created(self) -> int:
        return self.nodes_after - self.nodes_before

    @property
    def relationships_created(self) -> int:
        return self.rels_after - self.rels_before

    def table(self) -> list[dict[str, Any]]:
        """One row per kind plus a total: the table the CLI prints."""
        rows = [{"kind": kind, **vars(stats)} for kind, stats in sorted(self.kinds.items())]
        total = {key: sum(r[key] for r in rows) for key in vars(KindStats())}
        return [*rows, {"kind": "total", **total}]

    def file_lines(self) -> list[str]:
        """One block per file: how it was read and each convention inferred for it."""
        lines = []
        for file, found in sorted(self.conventions.items()):
            lines.append(f"{file}:")
            lines.extend(f"  {name}: {value}" for name, value in found.items())
        return lines

    def summary(self) -> str:
        return (
            f"nodes: {self.nodes_before} -> {self.nodes_after} (+{self.nodes_created}), "
            f"relationships: {self.rels_before} -> {self.rels_after} "
            f"(+{self.relationships_created}); {len(self.problems)} problem(s), "
            f"{len(self.skipped)} file(s) skipped"
        )


def write_rejects(problems: list[Problem], path: Path) -> Path:
    """Every problem as a CSV row: file, line (or row), field, reason."""
    private_dir(path.parent, tighten=False)  # rejects quote case data: 0600, no formulas
    with private_open(path, "w", newline="") as handle:
        writer = safe_writer(handle)
        writer.writerow(["file", "line", "field", "reason"])
        for p in problems:
            writer.writerow(
                [p.file or "", "" if p.line is None else p.line, p.field or "", p.reason]
            )
    return path

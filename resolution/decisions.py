"""Review decisions: append-only, with who, when and why; the latest per pair wins.

Decisions live in ``<folder>/decisions.jsonl``, one JSON object per line, never
rewritten: retracting a decision is a new line. Every run reads them and they win
over scores: ``same`` joins two records, ``different`` keeps them (and their
clusters) apart, ``unsure`` is soft: the pair is not merged on its own score, but the
records may still meet through others. CSV export and import let reviewers work in a
spreadsheet.
"""

from __future__ import annotations

import csv
import getpass
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from casegraph.core.cells import SafeDictWriter, unescaped_cell
from casegraph.core.errors import InputError, Problem
from casegraph.resolution.types import Judgement

CSV_COLUMNS = ("left", "right", "judgement", "user", "at", "reason", "score")


@dataclass(frozen=True)
class Decision:
    """A reviewer's judgement on a pair of record ids (stored with left < right)."""

    left: str
    right: str
    judgement: Judgement
    user: str
    at: str  # ISO 8601 UTC
    reason: str = ""
    score: float | None = None  # the score the reviewer saw, if any

    @property
    def key(self) -> tuple[str, str]:
        return pair_key(self.left, self.right)


def pair_key(a: str, b: str) -> tuple[str, str]:
    """Order-free key of a pair of record ids."""
    return (a, b) if a <= b else (b, a)


def _parse(row: Mapping[str, object], source: str, line: int) -> Decision:
    try:
        left, right = pair_key(str(row["left"]), str(row["right"]))
        score = row.get("score")
        return Decision(
            left=left,
            right=right,
            judgement=Judgement(str(row["judgement"]).strip().lower()),
            user=str(row.get("user") or ""),
            at=str(row.get("at") or ""),
            reason=str(row.get("reason") or ""),
            score=float(score) if score not in (None, "") else None,
        )
    except (KeyError, ValueError) as exc:
        raise InputError(
            "bad decision", [Problem(f"{exc} (judgement: same, different or unsure)", source, line)]
        ) from exc


class DecisionStore:
    """Decisions in a folder; safe to share between runs (appends only)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / "decisions.jsonl"

    def record(
        self,
        left: str,
        right: str,
        judgement: Judgement | str,
        user: str | None = None,
        reason: str = "",
        score: float | None = None,
    ) -> Decision:
        """Append a decision (now, by ``user`` or the login name) and return it."""
        a, b = pair_key(str(left), str(right))
        decision = Decision(
            left=a,
            right=b,
            judgement=Judgement(judgement),
            user=user or getpass.getuser(),
            at=datetime.now(UTC).isoformat(timespec="seconds"),
            reason=reason,
            score=score,
        )
        self._append([decision])
        return decision

    def _append(self, decisions: Iterable[Decision]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            for d in decisions:
                out.write(json.dumps(asdict(d), ensure_ascii=False) + "\n")

    def history(self) -> Iterator[Decision]:
        """Every decision ever recorded, oldest first."""
        if not self.path.exists():
            return
        with self.path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    yield _parse(json.loads(line), str(self.path), number)

    def latest(self) -> dict[tuple[str, str], Decision]:
        """The decision in force for each pair: the last one recorded."""
        return {d.key: d for d in self.history()}

    def export_csv(self, path: str | Path) -> int:
        """Write the decisions in force as CSV; returns how many."""
        latest = list(self.latest().values())
        with Path(path).open("w", newline="", encoding="utf-8") as out:
            writer = SafeDictWriter(out, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            writer.writerows({k: v for k, v in asdict(d).items()} for d in latest)
        return len(latest)

    def import_csv(self, path: str | Path, user: str | None = None) -> int:
        """Append the rows of a decisions CSV (columns left, right, judgement[, user, at,
        reason, score]); rows without user or time get ``user`` / now. All rows are checked
        before any is written."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with Path(path).open(newline="", encoding="utf-8") as rows:
            decisions = [
                _parse(
                    {
                        **{k: unescaped_cell(v) for k, v in row.items()},
                        "user": row.get("user") or user or getpass.getuser(),
                        "at": row.get("at") or now,
                    },
                    str(path),
                    line,
                )
                for line, row in enumerate(csv.DictReader(rows), 2)
            ]
        self._append(decisions)
        return len(decisions)


__all__ = ["Decision", "DecisionStore", "pair_key"]

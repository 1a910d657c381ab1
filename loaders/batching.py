"""Batching: rows grouped per Cypher statement, merged by key, written in UNWIND batches.

Each statement runs once per batch of rows (``store.write_batches``), and one batch is
one query, so one transaction: an interrupted load leaves whole batches behind, never
half of one, and because every statement is a MERGE, rerunning the load completes it.
Rows for the same key inside one load are merged first, so a batch never holds two
rows that would MERGE the same node or relationship.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from casegraph.store import GraphStore

__all__ = ["Batches", "DEFAULT_BATCH_SIZE"]

DEFAULT_BATCH_SIZE = 5000
Row = dict[str, Any]
Merge = Callable[[Row, Row], None]


class Batches:
    """Rows per statement, in the order the statements were first used."""

    def __init__(self) -> None:
        self._groups: dict[str, dict[Hashable, Row]] = {}

    def add(self, statement: str, key: Hashable, row: Row, merge: Merge) -> None:
        """Add ``row`` under ``statement``; a row with the same key is merged into the first."""
        group = self._groups.setdefault(statement, {})
        if key in group:
            merge(group[key], row)
        else:
            group[key] = row

    def absorb(self, other: Batches, merge: Merge) -> None:
        """Add every row of ``other``, as if its statements ran after this one's."""
        for statement, group in other._groups.items():
            for key, row in group.items():
                self.add(statement, key, row, merge)

    def __len__(self) -> int:
        return sum(len(g) for g in self._groups.values())

    def write(
        self,
        store: GraphStore,
        order: Callable[[str], int],
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> int:
        """Write every group with ``store.write_batches``, groups sorted by ``order``."""
        written = 0
        for statement in sorted(self._groups, key=order):
            rows = list(self._groups[statement].values())
            written += store.write_batches(statement, rows, batch_size=batch_size)
        return written

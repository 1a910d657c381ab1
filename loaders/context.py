"""What a loader gets for one file and what it hands back.

A loader reads one file into a ``GraphBatch`` and a list of problems; it never writes
to the store itself. The orchestrator (``casegraph.loaders.load``) decides whether to write the
batch (``--strict`` writes nothing of a file with problems) and counts the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from casegraph.loaders.delta import GraphBatch
from casegraph.loaders.identity import Directory
from casegraph.loaders.provenance import content_hash
from casegraph.loaders.validation import Problems

__all__ = ["FileContext"]


@dataclass
class FileContext:
    """One file being loaded: where it is, its bytes, and what it has produced so far."""

    path: Path
    rel: str  # path relative to the load root, used in refs and Source.file
    kind: str
    data: bytes
    directory: Directory
    batch: GraphBatch = field(default_factory=GraphBatch)
    read: int = 0
    loaded: int = 0
    rejected: int = 0
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.problems = Problems(self.rel)
        self.hash = content_hash(self.data)

    def ref(self, line: int | None) -> str:
        """``file:line`` (or just the file when the line is unknown)."""
        return f"{self.rel}:{line}" if line else self.rel

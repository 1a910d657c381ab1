"""What an export wrote, so the receiving agency can check it: files, rows, sha256.

Every export writes ``manifest.json`` beside its files: the format, when and from which
data (the source snapshot of the reports), whether victims were revealed, and per file
its size, row count and sha256. Counts are read back from the files written, not
carried over from memory, so a manifest describes what is on disk.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from casegraph import __version__
from casegraph.services.reports.citations import snapshot
from casegraph.store import GraphStore

__all__ = ["MANIFEST", "Manifest", "sha256_of"]

MANIFEST = "manifest.json"


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in blocks (exports can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Manifest:
    """The files of one export and what they hold."""

    format: str
    out_dir: Path
    revealed: bool
    counts: dict[str, int] = field(default_factory=dict)
    files: list[dict[str, Any]] = field(default_factory=list)

    def add(self, path: Path, rows: int | None = None, what: str = "") -> None:
        """Record a written file (``rows``: data rows, header excluded)."""
        entry: dict[str, Any] = {
            "file": path.relative_to(self.out_dir).as_posix(),
            "bytes": path.stat().st_size,
            "sha256": sha256_of(path),
        }
        if rows is not None:
            entry["rows"] = rows
        if what:
            entry["holds"] = what
        self.files.append(entry)

    def write(self, store: GraphStore) -> Path:
        """Write ``manifest.json`` (stamped with the data snapshot) and return its path."""
        digest, sources = snapshot(store)
        data = {
            "format": self.format,
            "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "casegraph": __version__,
            "store": f"{store.backend} at {store.location}",
            "snapshot": {"sha256": digest, "sources": sources},
            "victims": "REVEALED" if self.revealed else "pseudonymised",
            "counts": self.counts,
            "files": self.files,
        }
        path = self.out_dir / MANIFEST
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

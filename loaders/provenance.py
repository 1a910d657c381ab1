"""Provenance: who said it, in which file, when, and how reliable they are.

Every node and relationship a loader writes carries the ids of the Source nodes that
assert it, so the Source node is where the grading, date, file and content hash live.
A debrief's Source id is its ``debrief_id``; a table row may name its own
``source_id``; otherwise the file itself is the source (its name without extension).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Grading", "SourceInfo", "content_hash", "default_source_id", "parse_grading"]

_GRADING = re.compile(r"^\s*([A-Fa-f])\s*[-/ ]?\s*([1-6])\s*$")


@dataclass(frozen=True)
class Grading:
    """Admiralty grading: source reliability A-F and information credibility 1-6."""

    reliability: str | None = None
    credibility: int | None = None

    @property
    def code(self) -> str | None:
        if self.reliability and self.credibility:
            return f"{self.reliability}{self.credibility}"
        return None


def parse_grading(grading: Any = None, reliability: Any = None, credibility: Any = None) -> Grading:
    """Parse ``B2`` (or reliability and credibility given apart); ValueError says what is wrong.

    Empty values give an empty grading: an ungraded source is allowed, a wrong one is not.
    """
    if grading not in (None, ""):
        match = _GRADING.match(str(grading))
        if match is None:
            raise ValueError(
                f"grading {grading!r} is not reliability A-F followed by credibility 1-6 (e.g. B2)"
            )
        return Grading(match.group(1).upper(), int(match.group(2)))
    rel = str(reliability).strip().upper() if reliability not in (None, "") else None
    if rel is not None and (len(rel) != 1 or rel not in "ABCDEF"):
        raise ValueError(f"reliability {reliability!r} is not one of A-F")
    cred = None
    if credibility not in (None, ""):
        text = str(credibility).strip()
        if text not in {"1", "2", "3", "4", "5", "6"}:
            raise ValueError(f"credibility {credibility!r} is not one of 1-6")
        cred = int(text)
    return Grading(rel, cred)


def content_hash(data: bytes) -> str:
    """sha256 of the file bytes: tells whether a re-loaded file is the same document."""
    return hashlib.sha256(data).hexdigest()


def default_source_id(path: Path) -> str:
    """The file itself as a source: its name without extension."""
    return path.stem


@dataclass
class SourceInfo:
    """One Source node: a debrief, a spreadsheet, or a row-level source inside one."""

    id: str
    kind: str
    file: str
    content_hash: str
    date: str | None = None
    country: str | None = None
    organisation: str | None = None
    grading: Grading = field(default_factory=Grading)
    case_id: str | None = None
    interviewee: str | None = None
    title: str | None = None

    def props(self) -> dict[str, Any]:
        """Node properties (None values left out so a later load never erases a value)."""
        values = {
            "kind": self.kind,
            "file": self.file,
            "content_hash": self.content_hash,
            "date": self.date,
            "country": self.country,
            "organisation": self.organisation,
            "reliability": self.grading.reliability,
            "credibility": self.grading.credibility,
            "grading": self.grading.code,
            "case_id": self.case_id,
            "interviewee": self.interviewee,
            "title": self.title,
        }
        return {k: v for k, v in values.items() if v is not None}

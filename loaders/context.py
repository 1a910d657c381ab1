"""What a loader gets for one file and what it hands back.

A loader reads one file into a ``GraphBatch`` and a list of problems; it never writes
to the store itself. The orchestrator (``casegraph.loaders.load``) decides whether to write the
batch (``--strict`` writes nothing of a file with problems) and counts the outcome.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casegraph.loaders.delta import GraphBatch
from casegraph.loaders.identity import Directory
from casegraph.loaders.mappings import UserMapping
from casegraph.loaders.provenance import content_hash
from casegraph.loaders.validation import Problems, date_order, slashed_date
from casegraph.loaders.vocabulary import OTHER, month_first

__all__ = ["FileContext", "LoadOptions"]


@dataclass(frozen=True)
class LoadOptions:
    """What the user told the load: date order, strictness, their column mapping."""

    dayfirst: bool | None = None  # None: inferred per file
    strict: bool = False  # unknown vocabulary values are problems, not notes
    update: bool = False  # a second record under an existing id is a new version
    mapping: UserMapping | None = None


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
    options: LoadOptions = field(default_factory=LoadOptions)
    # What the loader assumed about this file (shown in the load summary).
    conventions: dict[str, str] = field(default_factory=dict)
    dayfirst: bool | None = None
    # Countries national numbers were read as only because of their holder's nationality.
    guessed_regions: dict[str, str] = field(default_factory=dict)
    # Nodes this file gives a new version of (--update): ref -> where the earlier one was.
    replaces: dict[tuple[str, str], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.problems = Problems(self.rel)
        self.hash = content_hash(self.data)
        self._reported: set[tuple[str, str]] = set()

    def other(self, what: str, value: Any, line: int | None, field: str | None) -> str:
        """``other:<value>`` for a value no vocabulary knows, reported once per file (a
        note; a problem with ``--strict``)."""
        kept = f"{OTHER}{str(value).strip().lower()}"
        if (what, kept) not in self._reported:
            self._reported.add((what, kept))
            reason = f"unknown {what} {str(value).strip()!r} kept as {kept!r}"
            if self.options.strict:
                self.problems.add(reason, line=line, field=field)
            else:
                self.notes.append(f"{self.rel}: {reason}")
        return kept

    def infer_dayfirst(self, values: Iterable[Any], country: str | None, where: str) -> None:
        """Decide this file's date order: ``--dayfirst``/``--monthfirst``, else what its
        dates prove (a first number above 12), else its country's habit."""
        if self.options.dayfirst is not None:
            self.dayfirst = self.options.dayfirst
            why = "--dayfirst" if self.dayfirst else "--monthfirst"
        else:
            written = [v for v in values if slashed_date(v)]
            orders = {date_order(v) for v in written} - {None}
            proof = next((v for v in written if date_order(v) in orders), None)
            if len(orders) == 1:
                self.dayfirst = orders == {"day"}
                why = f"proven by {proof!r} in {where}"
            elif orders:
                self.notes.append(f"{self.rel}: dates in both orders; only unambiguous ones read")
                why = "mixed in the file: ambiguous dates not read"
            elif written and country:
                self.dayfirst = not month_first(country)
                why = f"the source country {country}"
            elif written:
                why = "order unknown: ambiguous dates such as 03/04/2024 not read (--dayfirst)"
            else:
                return
        order = "day first (dd/mm/yyyy)" if self.dayfirst else "month first (mm/dd/yyyy)"
        self.conventions["dates"] = f"{order}: {why}" if self.dayfirst is not None else why

    def phone_by_nationality(self, region: str, written: str) -> None:
        """Say in the summary that national numbers were read as their holder's
        nationality's: a guess (a Myanmar driver's Thai SIM "081 555 0199" is a valid
        Myanmar number too), which a ``country`` column or ``--mapping`` corrects."""
        self.guessed_regions.setdefault(region, written)
        seen = ", ".join(f"{r} for {w!r}" for r, w in self.guessed_regions.items())
        self.conventions["phones"] = (
            f"national numbers read as their holder's nationality's ({seen}):"
            " a `country` column says where the numbers are from"
        )

    def ref(self, line: int | None) -> str:
        """``file:line`` (or just the file when the line is unknown)."""
        return f"{self.rel}:{line}" if line else self.rel

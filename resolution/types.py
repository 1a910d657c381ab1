"""The named types that pass between the three stages: block -> compare -> decide & cluster.

Records go in; :class:`CandidatePairs` leave blocking; :class:`ScoredPair` leave
scoring; :class:`Resolution` holds clusters, pairs and the run's statistics.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

Value = str | Sequence[str] | None


@dataclass(frozen=True)
class Record:
    """One mention of a person or organisation in one source; never merged away.

    ``values`` maps field names (as in the spec) to a string, a list of strings
    (phones, aliases...) or None. ``country`` (ISO alpha-2) is the default phone region.
    """

    id: str
    values: Mapping[str, Value]
    country: str | None = None


class Judgement(StrEnum):
    """A reviewer's decision on a pair; the latest one per pair wins over any score."""

    SAME = "same"
    DIFFERENT = "different"
    UNSURE = "unsure"


class Outcome(StrEnum):
    """What the run did with a scored pair."""

    MERGE = "merge"  # score at or above the merge threshold, joined
    REVIEW = "review"  # between the thresholds: goes to the review queue
    REJECT = "reject"  # below the review threshold
    CONFLICT = "conflict"  # would merge, but the clusters hold contradicting hard identifiers
    SAME = "same"  # a reviewer said same
    DIFFERENT = "different"  # a reviewer said different
    UNSURE = "unsure"  # a reviewer was unsure: kept out of automatic merging
    COVERED = "covered"  # would be review or conflict, but deciding it changes no cluster
    # (both records are one cluster already, or a better pair between the same two
    # clusters stands for it in the review queue)


@dataclass(frozen=True)
class CandidatePairs:
    """Output of blocking: record index pairs (left < right) worth comparing."""

    left: np.ndarray
    right: np.ndarray
    all_pairs: int  # n * (n - 1) / 2, for the reduction ratio
    oversized_blocks: int  # blocks over the cap, compared sparsely
    rules: np.ndarray | None = None
    """Per pair, which blocking rules proposed it: bit ``r`` set for rule ``r`` (0 for a
    pair only a reviewer's decision brought in); None for pairs not made by blocking.
    Learning runs one session per rule over these, without blocking again."""

    def __len__(self) -> int:
        return len(self.left)

    @property
    def reduction_ratio(self) -> float:
        """Share of all possible pairs that blocking spared us (1.0 = compared none)."""
        return 1.0 - len(self) / self.all_pairs if self.all_pairs else 1.0


@dataclass(frozen=True)
class Feature:
    """One field's contribution to a pair's score, with the values it saw."""

    field: str
    kind: str
    left: str
    right: str
    comparator: str
    similarity: float | None  # None when a value is missing
    weight: float  # log2 Bayes factor added to the score
    left_original: str = ""  # as the source wrote it (filled in explanations)
    right_original: str = ""


@dataclass(frozen=True)
class ScoredPair:
    """A compared pair of records with its calibrated score and what was done with it."""

    left: str
    right: str
    score: float
    outcome: Outcome
    features: tuple[Feature, ...] = ()
    reason: str = ""  # one plain-language line (filled in the review queue)
    impact: float = 0.0  # expected record pairs a decision changes (review queue order)


@dataclass
class RunStats:
    """Figures a user sees in the summary of a run."""

    records: int = 0
    pairs_compared: int = 0
    all_pairs: int = 0
    reduction_ratio: float = 1.0
    oversized_blocks: int = 0
    clusters: int = 0
    merged: int = 0
    review: int = 0
    conflicts: int = 0
    blocked_joins: int = 0
    """Pairs of clusters that a pair scoring at or above merge would have joined but
    clustering kept apart (hard conflicts, vetoes, reviewers, records torn between two)."""
    seconds: float = 0.0
    stages: tuple[tuple[str, float], ...] = ()
    """CPU seconds of each stage (prepare, block, compare, learn, score, cluster): where a
    large run spends its time, measured, not guessed."""


@dataclass(frozen=True)
class Comparison:
    """Output of comparing: per pair and field a similarity (NaN = missing) and a weight."""

    pairs: CandidatePairs
    fields: tuple[str, ...]
    similarity: np.ndarray  # shape (pairs, fields)
    weight: np.ndarray  # shape (pairs, fields), log2 Bayes factors
    log_odds: np.ndarray  # shape (pairs,), prior plus weights, in bits
    score: np.ndarray  # shape (pairs,), calibrated probability in [0, 1]

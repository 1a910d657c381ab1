"""Compare and score: per-field similarities, Fellegi-Sunter weights, one calibrated score.

Calibration: each field adds ``log2(m / u)`` for the similarity level its comparator
lands in (0 when a value is missing), on top of the prior log-odds
``log2(p / (1 - p))`` with ``p`` the probability that two records picked at random
are the same person (the spec's ``prior``, default ``1 / (records - 1)``: one duplicate
per record). The total is a log2 Bayes factor; the score is its logistic,
``1 / (1 + 2 ** -total)``: the posterior probability of a match when fields are
conditionally independent, which is why a name alone merges in ten records but not
in a hundred thousand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from resolution.comparators import COMPARATORS
from resolution.spec import FieldSpec, ResolutionSpec
from resolution.types import CandidatePairs, Comparison


def level_weights(fs: FieldSpec, similarity: np.ndarray) -> np.ndarray:
    """Weight of each similarity under the field's levels; 0 where it is NaN (missing)."""
    levels = fs.effective_levels()
    conditions = [similarity >= level.min for level in levels]
    weights = [float(np.log2(level.m / level.u)) for level in levels]
    return np.select(conditions, weights, default=0.0)


def prior_log_odds(spec: ResolutionSpec, records: int) -> float:
    """log2 odds that two random records match, from the spec or one duplicate per record."""
    p = spec.prior if spec.prior is not None else 1.0 / max(records - 1, 1)
    p = min(max(p, 1e-12), 1 - 1e-12)
    return float(np.log2(p / (1 - p)))


def to_score(total: np.ndarray) -> np.ndarray:
    """log2 Bayes factor -> probability."""
    return 1.0 / (1.0 + np.exp2(-np.clip(total, -60, 60)))


def compare(
    columns: dict[str, np.ndarray],
    spec: ResolutionSpec,
    pairs: CandidatePairs,
    records: int,
    tick: Callable[[int], object] = lambda n: None,
) -> Comparison:
    """Similarities, weights and scores of every candidate pair (``tick`` after each field)."""
    fields: Sequence[FieldSpec] = spec.fields
    sims = np.full((len(pairs), len(fields)), np.nan)
    for j, fs in enumerate(fields):
        func = COMPARATORS[fs.comparator_name()]
        sims[:, j] = func(columns[fs.name], pairs.left, pairs.right)
        tick(len(pairs))
    weights = np.zeros_like(sims)
    for j, fs in enumerate(fields):
        weights[:, j] = level_weights(fs, sims[:, j])
    total = prior_log_odds(spec, records) + weights.sum(axis=1)
    return Comparison(
        pairs=pairs,
        fields=tuple(f.name for f in fields),
        similarity=sims,
        weight=weights,
        score=to_score(total),
    )


__all__ = ["compare", "level_weights", "prior_log_odds", "to_score"]

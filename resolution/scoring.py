"""Compare and score: per-field similarities, Fellegi-Sunter weights, one calibrated score.

Calibration: each field adds ``log2(m / u)`` for the similarity level its comparator
lands in (0 when a value is missing), on top of the prior log-odds
``log2(p / (1 - p))`` with ``p`` the probability that two records picked at random
are the same person (the spec's ``prior``, default ``1 / (records - 1)``: one duplicate
per record). The total is a log2 Bayes factor; the score is its logistic,
``1 / (1 + 2 ** -total)``: the posterior probability of a match when fields are
conditionally independent. For exact-match kinds (country, category, postcode) without
levels in the spec, ``u`` is measured from the data: the chance that two random
records share the value (a shared case id among 300 cases counts, a shared gender
hardly does). Exact agreement on a name is adjusted for how common the name is in
the data (splink's term-frequency adjustment): ``u`` is at least the name's share of
the records. As the prior shrinks with the records and the name's share grows with
them, a name alone never merges two records (about 0.2), however many or few; nor do
two names one letter apart, which never weigh more than an exact agreement on the
rarer of them would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from casegraph.resolution.arrays import distinct
from casegraph.resolution.comparators import CHUNK_PAIRS, COMPARATORS, WHOLE, derived
from casegraph.resolution.spec import FieldSpec, LevelSpec, ResolutionSpec
from casegraph.resolution.types import CandidatePairs, Comparison


def chance_agreement(column: np.ndarray) -> float | None:
    """The chance that two random records with a value share it: the sum of squared
    value frequencies (None when fewer than two records have a value)."""
    values = [v for v in column.tolist() if v]
    if len(values) < 2:
        return None
    _, counts = np.unique(np.asarray(values, dtype=str), return_counts=True)
    share = counts / counts.sum()
    return float(min(max((share**2).sum(), 1e-6), 0.99))


def effective_levels(fs: FieldSpec, column: np.ndarray) -> tuple[LevelSpec, ...]:
    """The field's levels; for an ``exact`` comparator with default levels, the ``u`` of
    agreement is measured from the data (how often two random records agree by chance,
    never so often that agreeing counts against)."""
    levels = fs.effective_levels()
    if fs.levels is not None or fs.comparator_name() != "exact" or len(levels) != 2:
        return levels
    u = chance_agreement(column)
    if u is None:
        return levels
    agree, disagree = levels
    return (replace(agree, u=min(u, agree.m)), disagree)


def level_index(levels: Sequence[LevelSpec], similarity: np.ndarray) -> np.ndarray:
    """The level each similarity falls in: the first, from the top, whose ``min`` it
    reaches (0 = top); -1 where it is missing (NaN) or reaches none."""
    mins = [level.min for level in levels]
    out = np.full(len(similarity), -1, dtype=np.int8)
    if all(a > b for a, b in zip(mins, mins[1:], strict=False)):
        # Levels from the top down (as kinds and specs give them): a similarity's level is
        # the number of levels whose min it stays below, counted in a few passes.
        below = np.zeros(len(similarity), np.int8)
        for low in mins:
            below += similarity < low
        found = (below < len(mins)) & ~np.isnan(similarity)
        out[found] = below[found]
        return out
    for i in range(len(levels) - 1, -1, -1):
        out[similarity >= levels[i].min] = i
    return out


def level_weights(levels: Sequence[LevelSpec], similarity: np.ndarray) -> np.ndarray:
    """Weight of each similarity under ``levels``; 0 where it is NaN (missing)."""
    weights = np.array([float(np.log2(level.m / level.u)) for level in levels] + [0.0])
    return weights[level_index(levels, similarity)]


# Names, and identifiers that many people may share (a hotline, an agency's phone).
NAME_FREQUENCY_KINDS = frozenset({"full_name", "given_name", "surname"})
IDENTIFIER_FREQUENCY_KINDS = frozenset({"phone", "account", "wallet", "identifier"})
# Categories (roles): a role most records give ("victim") agrees by chance far more
# often than a rare one ("boss").
CATEGORY_FREQUENCY_KINDS = frozenset({"categories"})
TERM_FREQUENCY_KINDS = NAME_FREQUENCY_KINDS | IDENTIFIER_FREQUENCY_KINDS | CATEGORY_FREQUENCY_KINDS


def term_frequency(
    column: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    groups: np.ndarray | None = None,
    leave_pair_out: bool = False,
) -> np.ndarray:
    """Per pair, the share of people bearing the value both sides share (for sets of
    values, the rarest one they share; 1.0 when they share none). ``groups`` (one label
    per record, a first clustering) makes it a share of distinct people, not of
    mentions: a name written in ten records of one person is still a rare name.

    Names count the pair's own people (Splink's way: two "Li Wei" among forty records
    already make it a common name, and a name alone never merges); identifiers with
    ``leave_pair_out`` count only *other* people: a phone that only these two have is
    as strong as the level says, one that twenty others have too is weak."""
    sizes, codes, starts, code = derived(column, "values", lambda: _value_codes(column))
    out = np.ones(len(left))
    if not len(codes):
        return out
    labels, bearers, total = _bearers(sizes, codes, groups)
    own = np.zeros(len(left), np.int64)
    if leave_pair_out:  # both of the pair bear the value they share
        own = np.where(labels[left] == labels[right], 1, 2)
    # Records with one value (nearly all): a shared value is an equal code.
    a, b = code[left], code[right]
    shared = (a >= 0) & (a == b)
    out[shared] = (bearers[a[shared]] - own[shared]) / total
    # Records with several values: the rarest value the two share, over every value of
    # one side against every value of the other (expanded in numpy, not a loop a pair).
    several = np.flatnonzero((sizes[left] > 1) | (sizes[right] > 1))
    per_pair = sizes[left[several]] * sizes[right[several]]
    pair = np.repeat(several, per_pair)
    offset = np.arange(len(pair)) - np.repeat(np.cumsum(per_pair) - per_pair, per_pair)
    across = sizes[right[pair]]
    mine = codes[starts[left[pair]] + offset // across]
    theirs = codes[starts[right[pair]] + offset % across]
    equal = mine == theirs
    rarest = np.full(len(left), np.iinfo(np.int64).max)
    np.minimum.at(rarest, pair[equal], bearers[mine[equal]])
    found = several[rarest[several] < np.iinfo(np.int64).max]
    out[found] = (rarest[found] - own[found]) / total
    return out


def _bearers(
    sizes: np.ndarray, codes: np.ndarray, groups: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, int]:
    """Each record's person (its group, or itself), the people bearing each value code
    and the people with any value at all."""
    n = len(sizes)
    labels = np.arange(n, dtype=np.int64) if groups is None else np.asarray(groups, np.int64)
    width = int(labels.max(initial=0)) + 1
    owner = np.repeat(labels, sizes)
    bearing = distinct(codes * width + owner)
    bearers = np.bincount(bearing // width, minlength=int(codes.max()) + 1)
    total = max(int(np.count_nonzero(np.bincount(labels[sizes > 0], minlength=width))), 1)
    return labels, bearers, total


def own_frequency(column: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Per record the share of people bearing its value (for several values, its rarest;
    0 without a value): how common the name each record gives is, counted as
    :func:`term_frequency` counts a shared one."""
    sizes, codes, starts, _ = derived(column, "values", lambda: _value_codes(column))
    out = np.zeros(len(sizes))
    if not len(codes):
        return out
    _, bearers, total = _bearers(sizes, codes, groups)
    given = sizes > 0  # each such record's values are codes[starts : starts + sizes]
    out[given] = np.minimum.reduceat(bearers[codes], starts[given]) / total
    return out


def cap_near_names(
    weights: np.ndarray,
    levels: Sequence[LevelSpec],
    similarity: np.ndarray,
    frequency: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
) -> np.ndarray:
    """Names that nearly agree never count for more than the same names agreeing exactly
    would: at most the weight of an exact agreement on the rarer of the two names
    (``frequency``, per record, from :func:`own_frequency`). Without it a one-letter
    difference ("Aung Min" and "Aung Myint", two common names) outweighed an exact
    agreement, whose weight the name's frequency lowers."""
    top = levels[0]
    near = np.flatnonzero((similarity < top.min) & (weights > 0))
    if not len(near):
        return weights
    rarer = np.minimum(frequency[left[near]], frequency[right[near]])
    exact = np.log2(top.m / np.clip(rarer, top.u, max(top.m, top.u)))
    out = weights.copy()
    out[near] = np.minimum(weights[near], np.maximum(exact, 0.0))
    return out


def _value_codes(column: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per record how many values it has, every value's code in one flat array with
    where each record's start, and per record the code of its value when it has exactly
    one (-1 otherwise): made once per column, used by both scoring passes."""
    values = column.tolist()
    n = len(values)
    sizes = np.fromiter(
        (len(v) if isinstance(v, tuple) else int(bool(v)) for v in values), np.int64, n
    )
    flat = [x for v in values if v for x in (v if isinstance(v, tuple) else (v,))]
    codes = pd.factorize(pd.Series(flat, dtype=object))[0].astype(np.int64)
    starts = np.cumsum(sizes) - sizes
    code = np.full(n, -1, np.int64)
    one = sizes == 1
    code[one] = codes[starts[one]]
    return sizes, codes, starts, code


def adjust_for_frequency(
    weights: np.ndarray,
    levels: Sequence[LevelSpec],
    similarity: np.ndarray,
    frequency: np.ndarray,
) -> np.ndarray:
    """Exact agreement on a common value counts less: its ``u`` is at least the share of
    other people bearing it (two "Li Wei" among forty records named so are weak
    evidence; a hotline phone shared by many is too), but agreeing never counts against."""
    top = levels[0]
    exact = similarity >= top.min
    out = weights.copy()
    out[exact] = np.log2(top.m / np.clip(frequency[exact], top.u, max(top.m, top.u)))
    return out


def prior_log_odds(spec: ResolutionSpec, records: int) -> float:
    """log2 odds that two random records match, from the spec or one duplicate per record."""
    p = spec.prior if spec.prior is not None else 1.0 / max(records - 1, 1)
    p = min(max(p, 1e-12), 1 - 1e-12)
    return float(np.log2(p / (1 - p)))


def to_score(total: np.ndarray) -> np.ndarray:
    """log2 Bayes factor -> probability."""
    return 1.0 / (1.0 + np.exp2(-np.clip(total, -60, 60)))


def similarities(
    columns: dict[str, np.ndarray],
    spec: ResolutionSpec,
    left: np.ndarray,
    right: np.ndarray,
    tick: Callable[[int], object] = lambda n: None,
) -> np.ndarray:
    """Per pair and field the comparator's similarity, NaN where a value is missing
    (``tick`` with the number of pairs after each field). Pairs go to the comparators
    :data:`CHUNK_PAIRS` at a time: their working copies (every name of one record
    against every name of the other, strings pulled out for rapidfuzz) stay the size
    of a chunk, not of all the pairs of a million records. Comparators in
    :data:`~casegraph.resolution.comparators.WHOLE` get every pair at once and chunk
    their own work."""
    sims = np.full((len(left), len(spec.fields)), np.nan)
    for j, fs in enumerate(spec.fields):
        func = COMPARATORS[fs.comparator_name()]
        step = max(len(left), 1) if fs.comparator_name() in WHOLE else CHUNK_PAIRS
        for start in range(0, len(left), step):
            end = start + step
            sims[start:end, j] = func(columns[fs.name], left[start:end], right[start:end])
        tick(len(left))
    return sims


def compare(
    columns: dict[str, np.ndarray],
    spec: ResolutionSpec,
    pairs: CandidatePairs,
    records: int,
    tick: Callable[[int], object] = lambda n: None,
    sims: np.ndarray | None = None,
    groups: np.ndarray | None = None,
    earlier: Comparison | None = None,
) -> Comparison:
    """Similarities (unless given as ``sims``), weights and scores of every candidate
    pair; term frequencies count distinct ``groups`` when given (see :func:`term_frequency`).

    ``earlier``, a comparison of the same pairs under the same spec (the first pass),
    lends its weights: only agreements adjusted for term frequency are weighed again,
    in its arrays (it is not to be used after)."""
    fields: Sequence[FieldSpec] = spec.fields
    if sims is None:
        sims = similarities(columns, spec, pairs.left, pairs.right, tick)
    weights = np.zeros_like(sims) if earlier is None else earlier.weight
    for j, fs in enumerate(fields):
        levels = effective_levels(fs, columns[fs.name])
        frequent = fs.kind in TERM_FREQUENCY_KINDS
        if earlier is None or fs.kind in NAME_FREQUENCY_KINDS:
            weights[:, j] = level_weights(levels, sims[:, j])
        elif not frequent:
            continue
        if fs.kind in NAME_FREQUENCY_KINDS:
            weights[:, j] = cap_near_names(
                weights[:, j],
                levels,
                sims[:, j],
                own_frequency(columns[fs.name], groups),
                pairs.left,
                pairs.right,
            )
        exact = np.flatnonzero(sims[:, j] >= levels[0].min)
        if frequent and len(exact):
            frequency = term_frequency(
                columns[fs.name],
                pairs.left[exact],
                pairs.right[exact],
                groups,
                leave_pair_out=fs.kind in IDENTIFIER_FREQUENCY_KINDS,
            )
            weights[exact, j] = adjust_for_frequency(
                weights[exact, j], levels, sims[exact, j], frequency
            )
    total = prior_log_odds(spec, records) + weights.sum(axis=1)
    return Comparison(
        pairs=pairs,
        fields=tuple(f.name for f in fields),
        similarity=sims,
        weight=weights,
        log_odds=total,
        score=to_score(total),
    )


__all__ = [
    "CATEGORY_FREQUENCY_KINDS",
    "IDENTIFIER_FREQUENCY_KINDS",
    "NAME_FREQUENCY_KINDS",
    "TERM_FREQUENCY_KINDS",
    "adjust_for_frequency",
    "cap_near_names",
    "chance_agreement",
    "compare",
    "effective_levels",
    "level_index",
    "level_weights",
    "own_frequency",
    "prior_log_odds",
    "similarities",
    "term_frequency",
    "to_score",
]

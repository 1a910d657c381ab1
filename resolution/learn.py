"""Learn the weights: Fellegi-Sunter ``m`` and ``u`` per comparison level, from the data.

What Splink does, on casegraph's comparators and levels:

* ``u`` (how often two *different* people fall in a level) from pairs of records drawn at
  random, which are almost all non-matches; the exact-agreement level from the value
  frequencies themselves (the chance two random records share a value), which is exact
  where a sample of pairs would see nothing;
* ``m`` (how often two records of *one* person fall in a level) by expectation-
  maximisation, a two-class mixture of matches and non-matches, once per blocking rule
  over the pairs that rule proposes, leaving out the fields the rule blocks on (they
  agree there by construction); a field's ``m`` is the mean over the sessions that
  estimated it; pairs a reviewer decided are fixed labels. Inside a session the
  non-matches get their own level shares, started from the random ``u``: people
  blocked together on a name share a nationality far more often than random people,
  and a fixed random ``u`` would count that as evidence of a match;
* the prior: the expected number of matches among all pairs under the learned weights
  (a fixed point, started from the best session's count);
* ``u`` of a shared phone, handle or wallet again once records are clustered
  (:func:`identifiers_over_people`): random pairs are meant to be pairs of two people,
  but one boss named in two hundred records with his phone makes twenty thousand pairs
  of one person sharing it, which counted his number as common and weighed every
  shared number at 5.6 bits instead of 11 (500 generated debriefs). Names keep the
  ``u`` of the first pass: learned over people, a name weighed as much as a phone and
  namesakes merged (persons 12 to 16 % short of the truth in 2,000 debriefs).

Learned weights of a kind whose own levels never reach the spec's veto (names,
phones, countries) stop short of it: a veto is for the contradictions a kind declares
decisive (birth dates, identifier numbers), not for a rare disagreement. A flag's
weights never veto (``Kind.vetoes``), so they are not held back.

A kind's hand-set levels are the starting point and a prior worth :data:`PRIOR_PAIRS`
pairs, so a small table keeps close to them (below :data:`MIN_RECORDS` records nothing
is learned); a field whose levels the spec gives is not
learned (the user's weights stand). The learned spec is an ordinary spec: saved as YAML,
it is the trained model, and a run given it reuses the weights without learning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from casegraph.resolution.arrays import distinct
from casegraph.resolution.comparators import COMPARATORS
from casegraph.resolution.kinds import KINDS
from casegraph.resolution.scoring import IDENTIFIER_FREQUENCY_KINDS, level_index, similarities
from casegraph.resolution.spec import FieldSpec, LevelSpec, ResolutionSpec
from casegraph.resolution.types import CandidatePairs, Judgement

RANDOM_PAIRS = 200_000  # random pairs drawn to measure u (all pairs when there are fewer)
# ... and no more than this many per record: on a small table 200,000 pairs cost most of
# the run (FEBRL1's 1,000 records: 0.25 s of 0.31) and measure u no better than 25,000
# (FEBRL, 500 debriefs and the synthetic benchmark: the same F1 give or take 0.001)
PAIRS_PER_RECORD = 25
PRIOR_PAIRS = 20.0  # how many pairs' worth of weight the hand-set m of each level carries
U_PRIOR_PAIRS = 1000.0  # the hand-set u of a level is worth this many random pairs
MIN_SHARE = 1e-9  # no level is ever impossible: its weight stays finite
MIN_RECORDS = 200  # below this there is too little to learn from: the hand-set levels stand
MIN_SESSION_PAIRS = 50  # a blocking rule proposing fewer pairs trains nothing
MAX_HARD_DISAGREEMENT = 0.05  # a hard identifier differing in more matches is not hard
MAX_ITERATIONS = 100
PRIOR_ROUNDS = 20  # fixed-point rounds for the prior (it settles in a few)
VETO_MARGIN = 0.5  # learned weights of a kind that never vetoes stay this far above it
TOLERANCE = 1e-5  # stop when no m or u moves by more than this


def level_matrix(sims: np.ndarray, level_specs: Sequence[Sequence[LevelSpec]]) -> np.ndarray:
    """Per pair and field, the level index (-1 = missing)."""
    gamma = np.full(sims.shape, -1, dtype=np.int8)
    for j, levels in enumerate(level_specs):
        gamma[:, j] = level_index(levels, sims[:, j])
    return gamma


def _normalised(shares: np.ndarray) -> np.ndarray:
    shares = np.maximum(shares, MIN_SHARE)
    return shares / shares.sum()


@dataclass(frozen=True)
class Estimate:
    """What EM found: per field the level shares among matches (``m``) and among the
    blocked non-matches (``u``), the share of matches among the pairs, the iterations
    run and whether it converged."""

    m: tuple[np.ndarray, ...]
    u: tuple[np.ndarray, ...]
    match_share: float
    posterior: np.ndarray
    iterations: int
    converged: bool


def expectation_maximisation(
    gamma: np.ndarray,
    m: Sequence[np.ndarray],
    u: Sequence[np.ndarray],
    match_share: float,
    labels: np.ndarray | None = None,
    prior_pairs: float = PRIOR_PAIRS,
    learn: Sequence[bool] | None = None,
    fit_u: bool = True,
) -> Estimate:
    """Fit the two-class mixture to the level matrix ``gamma`` (pairs x fields, -1 =
    missing) from starting ``m``, ``u`` and ``match_share``. ``labels`` (1 match, 0 not,
    NaN unknown) fix the posterior of decided pairs; the starting ``m`` of a field is a
    prior worth ``prior_pairs`` pairs; fields with ``learn`` False keep their ``m``;
    with ``fit_u`` False, ``u`` stays as given (Splink's way: measured on random pairs)."""
    # Pairs with the same levels (and label) are one pattern counted many times: EM runs
    # over the few hundred patterns, not the pairs (as Splink does).
    labels = np.full(len(gamma), np.nan) if labels is None else labels
    table = _pattern_table(gamma, labels)
    fit = _fit(table, m, u, match_share, prior_pairs, learn, fit_u)
    return replace(fit, posterior=fit.posterior[table.inverse])


@dataclass(frozen=True)
class _Patterns:
    """The distinct (levels, label) rows of some pairs: their levels, their label (NaN
    undecided), how many pairs have each, and the pattern of each pair."""

    gamma: np.ndarray
    label: np.ndarray
    counts: np.ndarray
    inverse: np.ndarray


def _fit(
    table: _Patterns,
    m: Sequence[np.ndarray],
    u: Sequence[np.ndarray],
    match_share: float,
    prior_pairs: float,
    learn: Sequence[bool] | None,
    fit_u: bool,
) -> Estimate:
    """:func:`expectation_maximisation` over level patterns (the posterior per pattern)."""
    pattern_gamma, pattern_label, counts = table.gamma, table.label, table.counts
    learn = [True] * pattern_gamma.shape[1] if learn is None else list(learn)
    prior_m = [np.asarray(x, float) for x in m]
    m = [_normalised(np.asarray(x, float)) for x in m]
    u = [_normalised(np.asarray(x, float)) for x in u]
    free = np.isnan(pattern_label)
    posterior = np.zeros(len(pattern_gamma))
    converged, iterations = False, 0
    while iterations < MAX_ITERATIONS:
        iterations += 1
        posterior = _posterior(pattern_gamma, m, u, pattern_label, match_share)
        share = (
            float((posterior[free] * counts[free]).sum() / counts[free].sum())
            if free.any()
            else match_share
        )
        new_m, new_u = _maximise(pattern_gamma, counts, posterior, m, u, prior_m, prior_pairs)
        new_m = [new if flag else old for new, old, flag in zip(new_m, m, learn, strict=True)]
        new_u = new_u if fit_u else u
        change = max(
            max(float(np.abs(a - b).max()) for a, b in zip(new_m, m, strict=True)),
            max(float(np.abs(a - b).max()) for a, b in zip(new_u, u, strict=True)),
            abs(share - match_share),
        )
        m, u, match_share = new_m, new_u, min(max(share, 1e-9), 1 - 1e-9)
        if change < TOLERANCE:
            converged = True
            break
    return Estimate(tuple(m), tuple(u), match_share, posterior, iterations, converged)


def _maximise(
    gamma: np.ndarray,
    counts: np.ndarray,
    posterior: np.ndarray,
    m: Sequence[np.ndarray],
    u: Sequence[np.ndarray],
    prior_m: Sequence[np.ndarray],
    prior_pairs: float,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The M step: per field the level shares among the expected matches (with the
    starting ``m`` as a prior worth ``prior_pairs`` pairs) and among the rest, over
    level patterns counted ``counts`` times."""
    new_m, new_u = [], []
    for j in range(gamma.shape[1]):
        levels = len(m[j])
        here = gamma[:, j] >= 0
        rows, weight = gamma[here, j].astype(np.int64), counts[here]
        hit = np.bincount(rows, weights=posterior[here] * weight, minlength=levels)
        miss = np.bincount(rows, weights=(1 - posterior[here]) * weight, minlength=levels)
        new_m.append(_normalised((hit + prior_pairs * prior_m[j]) / (hit.sum() + prior_pairs)))
        new_u.append(_normalised((miss + 1e-3) / (miss.sum() + 1e-3 * levels)))
    return new_m, new_u


def _patterns(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct rows of a small-integer matrix (-1 and up) in lexicographic order, the
    pattern of each row and how many rows have each: ``np.unique(rows, axis=0)``, but
    each row read as one integer (its columns the digits, the first most significant),
    which sorts tens of millions of pairs in seconds rather than minutes."""
    base = int(rows.max(initial=0)) + 2
    if base ** rows.shape[1] >= 2**62:
        patterns, inverse, counts = np.unique(rows, axis=0, return_inverse=True, return_counts=True)
        return patterns, inverse.reshape(-1), counts.astype(float)
    code = np.zeros(len(rows), np.int64)
    for j in range(rows.shape[1]):
        code = code * base + (rows[:, j].astype(np.int64) + 1)
    codes, inverse, counts = _unique_of_few(code)
    patterns = np.empty((len(codes), rows.shape[1]), rows.dtype)
    for j in range(rows.shape[1] - 1, -1, -1):
        patterns[:, j] = codes % base - 1
        codes = codes // base
    return patterns, inverse.reshape(-1), counts.astype(float)


def _unique_of_few(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True, return_counts=True)`` for many values of
    few kinds (tens of millions of pairs, a few hundred patterns of levels): hashed
    rather than sorted, then only the distinct values sorted."""
    found, distinct = pd.factorize(values)
    order = np.argsort(distinct)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    inverse = rank[found]
    return distinct[order], inverse, np.bincount(inverse, minlength=len(order))


def _pattern_table(
    gamma: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None
) -> _Patterns:
    """The distinct (levels, label) rows of the pairs (or of patterns already counted
    ``weights`` times each)."""
    code = np.where(np.isnan(labels), -1, np.nan_to_num(labels)).astype(np.int8)
    patterns, inverse, counts = _patterns(np.column_stack((gamma, code)))
    if weights is not None:
        counts = np.bincount(inverse, weights=weights, minlength=len(patterns))
    label = np.where(patterns[:, -1] >= 0, patterns[:, -1], np.nan)
    return _Patterns(patterns[:, :-1], label, counts, inverse)


def _random_pairs(n: int, count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``count`` distinct random pairs of record indices (all pairs when there are fewer)."""
    total = n * (n - 1) // 2
    if total <= count:
        left, right = np.triu_indices(n, k=1)
        return left.astype(np.int64), right.astype(np.int64)
    rng = np.random.default_rng(seed)
    a = rng.integers(0, n, size=count * 2)
    b = rng.integers(0, n, size=count * 2)
    keep = a != b
    lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
    codes = distinct(lo * n + hi)[:count]
    return codes // n, codes % n


def _top_level_values(column: np.ndarray, fs: FieldSpec) -> Counter:
    """How many records bear each value for which two records sharing it are in the top
    level (a year-only date "1990" shared is not the same full birth date): each value
    counted once per record, sets of values item by item."""
    counts = Counter(x for v in column.tolist() if v for x in _items(v))
    singles = [v for v, c in counts.items() if c > 1 and not isinstance(v, tuple)]
    if singles and not any(isinstance(v, tuple) for v in column.tolist()):
        values = np.empty(len(singles), dtype=object)
        values[:] = singles
        index = np.arange(len(singles))
        self_similar = COMPARATORS[fs.comparator_name()](values, index, index)
        top = fs.effective_levels()[0].min
        for value, sim in zip(singles, self_similar.tolist(), strict=True):
            if not sim >= top:
                del counts[value]
    return counts


def _items(value: object) -> set:
    """A prepared value's items: the values of a set, or the value itself."""
    return set(value) if isinstance(value, tuple) else {value}


def chance_of_same_value(
    column: np.ndarray,
    fs: FieldSpec,
    prior_pairs: float = 1000.0,
    groups: np.ndarray | None = None,
) -> float:
    """The chance that two different people's records, both with a value, share one in
    the top level: pairs sharing such a value over all pairs (see
    :func:`_top_level_values`), with the hand-set ``u`` worth ``prior_pairs`` pairs (never
    0 when no two share one).

    ``groups`` (a label per record, a first clustering) leaves out the pairs of one
    group: they are mostly one person's records, and a boss named in two hundred records
    would otherwise make his own name and phone look shared by chance (twenty thousand
    pairs agreeing on them), so that they weigh next to nothing for anyone."""
    kept = _top_level_values(column, fs)
    values = column.tolist()
    labels = range(len(values)) if groups is None else groups.tolist()
    bearing = Counter(
        (x, g) for v, g in zip(values, labels, strict=True) if v for x in _items(v) if x in kept
    )
    present = Counter(g for v, g in zip(values, labels, strict=True) if v)
    alike = float(sum(c * c for c in bearing.values()))
    sharing = (float(sum(c * c for c in kept.values())) - alike) / 2
    whole = float(sum(present.values()))
    total = (whole * whole - sum(c * c for c in present.values())) / 2
    prior = fs.effective_levels()[0].u
    return min((sharing + prior * prior_pairs) / (total + prior_pairs), 1.0)


def estimate_u(
    columns: Mapping[str, np.ndarray], spec: ResolutionSpec, n: int, seed: int = 0
) -> list[np.ndarray]:
    """Per field, the share of random pairs in each level (hand-set ``u`` as a prior
    worth :data:`U_PRIOR_PAIRS` pairs, so a level no sampled pair fell in is rare, not
    impossible; exact agreement from the value frequencies)."""
    left, right = _random_pairs(n, min(RANDOM_PAIRS, PAIRS_PER_RECORD * n), seed)
    sims = similarities(dict(columns), spec, left, right)
    out = []
    for j, fs in enumerate(spec.fields):
        levels = fs.effective_levels()
        gamma = level_index(levels, sims[:, j])
        counts = np.bincount(gamma[gamma >= 0], minlength=len(levels)).astype(float)
        prior = np.array([lv.u for lv in levels])
        u = (counts + U_PRIOR_PAIRS * prior) / (counts.sum() + U_PRIOR_PAIRS)
        if levels[0].min >= 1.0 and len(levels) > 1:
            exact = chance_of_same_value(columns[fs.name], fs)
            rest = u[1:] / max(u[1:].sum(), MIN_SHARE)
            u = np.concatenate(([exact], rest * (1 - exact)))
        out.append(_normalised(u))
    return out


def identifiers_over_people(
    trained: ResolutionSpec,
    given: ResolutionSpec,
    columns: Mapping[str, np.ndarray],
    groups: np.ndarray,
    learned: Sequence[str],
) -> ResolutionSpec:
    """``trained`` with the exact-agreement ``u`` of every learned identifier field
    (phones, handles, wallets, identifier numbers) measured again leaving out the pairs
    of one of ``groups`` (a first clustering: mostly one person's records), the other
    levels' ``u`` scaled to the rest (see :func:`chance_of_same_value`)."""
    fields = []
    for fs, own in zip(trained.fields, given.fields, strict=True):
        levels = fs.levels
        exact_top = bool(levels) and levels[0].min >= 1.0
        if fs.name not in learned or fs.kind not in IDENTIFIER_FREQUENCY_KINDS or not exact_top:
            fields.append(fs)
            continue
        exact = chance_of_same_value(columns[fs.name], own, groups=groups)
        rest = np.array([lv.u for lv in levels[1:]])
        rest = rest / max(rest.sum(), MIN_SHARE) * (1 - exact)
        us = [exact, *rest.tolist()]
        fields.append(
            replace(
                fs, levels=tuple(replace(lv, u=_round(x)) for lv, x in zip(levels, us, strict=True))
            )
        )
    return replace(trained, fields=tuple(fields))


@dataclass(frozen=True)
class Training:
    """A learned spec and how it was learned (for ``--show-weights`` and the summary)."""

    spec: ResolutionSpec
    learned: tuple[str, ...]  # the fields whose levels were learned
    pairs: int  # blocked pairs EM ran over
    iterations: int
    converged: bool
    matches: float  # expected matches among the blocked pairs (the prior's numerator)


@dataclass(frozen=True)
class _Sessions:
    """What the EM sessions (one per blocking rule) found: per field the mean ``m`` of
    the sessions that estimated it (the hand-set ``m`` where none did)."""

    m: list[np.ndarray]
    matches: float  # the most expected matches any session found
    iterations: int
    converged: bool


def _em_sessions(
    columns: Mapping[str, np.ndarray],
    spec: ResolutionSpec,
    pairs: CandidatePairs,
    table: _Patterns,
    u: Sequence[np.ndarray],
    learn: Sequence[bool],
) -> _Sessions:
    """One EM session per blocking rule, over the pairs it proposes; the fields it blocks
    on agree by construction there and are left out of that session. A session counts
    the patterns of its pairs in ``table`` (the patterns of all pairs), never the pairs."""
    n = len(next(iter(columns.values())))
    m0 = [np.array([lv.m for lv in fs.effective_levels()]) for fs in spec.fields]
    names = [fs.name for fs in spec.fields]
    found: list[list[np.ndarray]] = [[] for _ in spec.fields]
    matches, iterations, converged = 0.0, 0, True
    for r, rule in enumerate(spec.blocking_rules()):
        rows = np.flatnonzero(pairs.rules & (1 << r))
        if len(rows) < MIN_SESSION_PAIRS:
            continue
        weights = np.bincount(table.inverse[rows], minlength=len(table.counts))
        present = np.flatnonzero(weights)
        session = table.gamma[present].copy()
        out = [names.index(f) for f in {p.rsplit(".", 1)[0] for p in rule} if f in names]
        session[:, out] = -1
        patterns = _pattern_table(session, table.label[present], weights[present])
        free = [flag and j not in out for j, flag in enumerate(learn)]
        start = min(max(n / len(rows) * 0.5, 1e-4), 0.5)  # about one match per record
        estimate = _fit(patterns, m0, u, start, PRIOR_PAIRS, free, True)
        iterations += estimate.iterations
        converged &= estimate.converged
        matches = max(matches, float((estimate.posterior * patterns.counts).sum()))
        for j, flag in enumerate(free):
            if flag:
                found[j].append(estimate.m[j])
    m = [np.mean(found[j], axis=0) if found[j] else m0[j] for j in range(len(learn))]
    return _Sessions(m, matches, iterations, converged)


def _posterior(
    gamma: np.ndarray,
    m: Sequence[np.ndarray],
    u: Sequence[np.ndarray],
    labels: np.ndarray,
    share: float,
) -> np.ndarray:
    """Per pair the probability of a match under ``m``, ``u`` and the prior ``share``
    (decided pairs: their label)."""
    odds = np.full(len(gamma), np.log(share / (1 - share)))
    for j in range(gamma.shape[1]):
        ratio = np.log(m[j] / u[j])
        odds += np.where(gamma[:, j] >= 0, ratio[np.maximum(gamma[:, j], 0)], 0.0)
    posterior = 1.0 / (1.0 + np.exp(-np.clip(odds, -700, 700)))
    known = ~np.isnan(labels)
    posterior[known] = labels[known]
    return posterior


def _prior(
    table: _Patterns,
    m: Sequence[np.ndarray],
    u: Sequence[np.ndarray],
    share: float,
    all_pairs: int,
) -> float:
    """The prior as a fixed point: the expected matches among all pairs under these
    weights (pairs blocking never proposes disagree on every key and count for
    nothing). Pairs with the same levels and label count alike: the rounds run over
    the patterns of ``table``."""
    for _ in range(PRIOR_ROUNDS):
        posterior = _posterior(table.gamma, m, u, table.label, share)
        expected = float((posterior * table.counts).sum())
        updated = min(max(expected / max(all_pairs, 1), 1e-12), 0.5)
        settled = abs(np.log(updated / share)) < 0.01
        share = updated
        if settled:
            break
    return share


def train(
    columns: Mapping[str, np.ndarray],
    spec: ResolutionSpec,
    pairs: CandidatePairs,
    sims: np.ndarray,
    decided: Mapping[tuple[int, int], Judgement] | None = None,
    seed: int = 0,
) -> Training:
    """The spec with learned levels for every field that has none of its own, and the
    learned prior (unless the spec sets one). ``pairs`` come from blocking, each with the
    rules that proposed it: one EM session per rule runs over that rule's pairs."""
    n = len(next(iter(columns.values()))) if columns else 0
    learn = [fs.levels is None for fs in spec.fields]
    if not any(learn) or len(pairs) == 0 or n < MIN_RECORDS:
        return Training(spec, (), len(pairs), 0, True, 0.0)
    hand = [fs.effective_levels() for fs in spec.fields]
    table = _pattern_table(level_matrix(sims, hand), _labels(pairs, n, decided or {}))
    u = _learned_only(estimate_u(columns, spec, n, seed), hand, learn, "u")
    sessions = _em_sessions(columns, spec, pairs, table, u, learn)
    m = _learned_only(sessions.m, hand, learn, "m")
    prior = spec.prior
    if prior is None:
        start = min(max(sessions.matches / max(pairs.all_pairs, 1), 1e-12), 0.5)
        prior = _round(max(_prior(table, m, u, start, pairs.all_pairs), 1e-12))
    trained = _trained_spec(spec, learn, m, u, prior)
    learned = tuple(fs.name for fs, flag in zip(spec.fields, learn, strict=True) if flag)
    return Training(trained, learned, len(pairs), sessions.iterations, sessions.converged,
                    sessions.matches)  # fmt: skip


def _learned_only(
    found: Sequence[np.ndarray],
    hand: Sequence[Sequence[LevelSpec]],
    learn: Sequence[bool],
    key: str,
) -> list[np.ndarray]:
    """``found`` for the fields being learned, the spec's own ``m`` or ``u`` for the rest."""
    return [
        found[j] if flag else np.array([getattr(lv, key) for lv in hand[j]])
        for j, flag in enumerate(learn)
    ]


def _trained_spec(
    spec: ResolutionSpec,
    learn: Sequence[bool],
    m: Sequence[np.ndarray],
    u: Sequence[np.ndarray],
    prior: float,
) -> ResolutionSpec:
    """The spec with the learned levels written in (rounded) and the prior. An identifier
    that differs between records of one person more than now and then (re-issued,
    mistyped, replaced) cannot forbid a cluster by itself: it stops being hard."""
    fields = []
    for j, fs in enumerate(spec.fields):
        if not learn[j]:
            fields.append(fs)
            continue
        levels = tuple(
            LevelSpec(lv.min, _round(float(m[j][i])), _round(float(u[j][i])))
            for i, lv in enumerate(fs.effective_levels())
        )
        veto = spec.veto_weight if KINDS[fs.kind].vetoes else None
        levels = _short_of_veto(_signed(levels), fs.effective_levels(), veto)
        hard = fs.hard
        if hard is None and fs.is_hard() and 1 - levels[0].m > MAX_HARD_DISAGREEMENT:
            hard = False
        fields.append(replace(fs, levels=levels, hard=hard))
    return replace(spec, fields=tuple(fields), prior=prior)


def _signed(levels: tuple[LevelSpec, ...]) -> tuple[LevelSpec, ...]:
    """Learned levels where agreeing (the top level) never counts against and disagreeing
    (the bottom one) never counts for. EM can invert a field that other evidence
    confounds: the generated debriefs' gender came out agreeing -0.1 bits, disagreeing
    +3.4; such a field then weighs nothing either way."""
    if len(levels) < 2:
        return levels
    top, *middle, bottom = levels
    return (
        replace(top, m=max(top.m, top.u)),
        *middle,
        replace(bottom, m=min(bottom.m, bottom.u)),
    )


def _short_of_veto(
    levels: tuple[LevelSpec, ...], hand: Sequence[LevelSpec], veto: float | None
) -> tuple[LevelSpec, ...]:
    """Learned levels that stop short of the veto when the kind's own levels never reach
    it. A veto keeps two records apart whatever else they share; it is for
    contradictions a kind declares decisive (a birth date, an identifier number). A
    name that differs wholly between records of one person ("Kit" and "Kittisak
    Kaewmanee", a name in Thai script) is rare, so learned it weighs -6 bits, but two
    records sharing a phone and a handle are still one person."""
    if veto is None or min(_bits(lv) for lv in hand) <= veto:
        return levels
    return tuple(
        replace(lv, m=_round(lv.u * 2 ** (veto + VETO_MARGIN)))
        if _bits(lv) <= veto + VETO_MARGIN
        else lv
        for lv in levels
    )


def _bits(level: LevelSpec) -> float:
    return float(np.log2(level.m / level.u))


def _labels(
    pairs: CandidatePairs, n: int, decided: Mapping[tuple[int, int], Judgement]
) -> np.ndarray:
    """Per candidate pair 1 (a reviewer said same), 0 (different) or NaN (undecided)."""
    labels = np.full(len(pairs), np.nan)
    codes = pairs.left * n + pairs.right
    for (a, b), judgement in decided.items():
        if judgement is Judgement.UNSURE:
            continue
        code = min(a, b) * n + max(a, b)
        k = int(np.searchsorted(codes, code))
        if k < len(codes) and codes[k] == code:
            labels[k] = 1.0 if judgement is Judgement.SAME else 0.0
    return labels


def _round(x: float) -> float:
    """Four significant digits: a readable model file that scores the same."""
    return float(f"{x:.4g}")


def weights_table(spec: ResolutionSpec, learned: Sequence[str] = ()) -> str:
    """The spec's levels as a table: field, level, m, u and the weight in bits."""
    lines = [f"{'field':<16} {'kind':<13} {'similarity':>10} {'m':>9} {'u':>10} {'weight':>7}"]
    for fs in spec.fields:
        tag = " (learned)" if fs.name in learned else ""
        for i, lv in enumerate(fs.effective_levels()):
            name = f"{fs.name}{tag}" if i == 0 else ""
            weight = _bits(lv)
            lines.append(
                f"{name:<16} {fs.kind if i == 0 else '':<13} {'>= ' + format(lv.min, 'g'):>10} "
                f"{lv.m:>9.4g} {lv.u:>10.3g} {weight:>+7.2f}"
            )
    if spec.prior is not None:
        lines.append(f"prior P(two random records match) = {spec.prior:.4g}")
    return "\n".join(lines)


__all__ = [
    "Estimate",
    "Training",
    "chance_of_same_value",
    "estimate_u",
    "expectation_maximisation",
    "identifiers_over_people",
    "level_matrix",
    "train",
    "weights_table",
]

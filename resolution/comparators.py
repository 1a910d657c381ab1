"""Comparators: small named functions, vectorised over aligned arrays of prepared values.

Each takes the left and right values of many pairs (``""`` or an empty tuple when a
value is missing) and returns one similarity in [0, 1] per pair, ``NaN`` when either
side is missing. The levels a similarity falls into, and their weights, live in the
field spec (see :mod:`resolution.kinds`); comparators only measure. Register new ones
with :func:`comparator`; specs refer to them by name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import product

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler, Levenshtein

Compare = Callable[[Sequence, Sequence], np.ndarray]
COMPARATORS: dict[str, Compare] = {}


def comparator(func: Compare) -> Compare:
    """Register ``func`` under its name so that specs can name it."""
    COMPARATORS[func.__name__] = func
    return func


def _present(left: Sequence, right: Sequence) -> np.ndarray:
    return np.fromiter((bool(a) and bool(b) for a, b in zip(left, right, strict=True)), bool)


def _strings(left: Sequence, right: Sequence, scorer: Callable) -> np.ndarray:
    out = np.full(len(left), np.nan)
    present = _present(left, right)
    if present.any():
        idx = np.flatnonzero(present)
        sims = process.cpdist(
            [left[i] for i in idx], [right[i] for i in idx], scorer=scorer, workers=-1
        )
        out[idx] = np.asarray(sims, dtype=float)
    return out


def _per_pair(left: Sequence, right: Sequence, score: Callable[[object, object], float]):
    out = np.full(len(left), np.nan)
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        if a and b:
            out[i] = score(a, b)
    return out


@comparator
def exact(left: Sequence, right: Sequence) -> np.ndarray:
    """1 if the normalised values are equal, else 0."""
    return _per_pair(left, right, lambda a, b: float(a == b))


@comparator
def name_similarity(left: Sequence, right: Sequence) -> np.ndarray:
    """Names in canonical form (tokens sorted, nicknames mapped): the larger of the
    Indel ratio and 0.85 x the token-set ratio (one name contained in the other, like
    "Daniel" and "Daniel Otieno", scores 0.85). Levels: 1 same name, >= 0.88 one typo
    or variant, >= 0.75 similar or contained, >= 0.6 weakly similar, below: different."""
    full = _strings(left, right, fuzz.ratio)
    contained = _strings(left, right, fuzz.token_set_ratio) * 0.85
    return np.fmax(full, contained) / 100.0


@comparator
def jaro_winkler(left: Sequence, right: Sequence) -> np.ndarray:
    """Jaro-Winkler similarity, forgiving of typos near the end (single name parts).
    Levels: 1 same, >= 0.92 typo, >= 0.8 similar, below: different."""
    return _strings(left, right, JaroWinkler.normalized_similarity)


@comparator
def ratio(left: Sequence, right: Sequence) -> np.ndarray:
    """Normalised Indel similarity of the whole strings (places, organisation skeletons).
    Levels: 1 same, >= 0.9 one letter changed, >= 0.8 similar, below: different."""
    return _strings(left, right, fuzz.ratio) / 100.0


@comparator
def token_set(left: Sequence, right: Sequence) -> np.ndarray:
    """Token-set ratio: word order and extra words do not count against (addresses, text).
    Levels: 1 same words, >= 0.85 nearly, >= 0.6 overlapping, below: different."""
    return _strings(left, right, fuzz.token_set_ratio) / 100.0


@comparator
def shared_value(left: Sequence, right: Sequence) -> np.ndarray:
    """Sets of keys (phones, accounts, wallets): 1 if any key is shared, else 0.
    Levels: 1 shared (strong evidence), 0 none shared (weak evidence against)."""
    return _per_pair(left, right, lambda a, b: float(not set(a).isdisjoint(b)))


def _best(a: Sequence[str], b: Sequence[str], scorer: Callable) -> float:
    return max(scorer(x, y) for x, y in product(a, b))


@comparator
def identifier_similarity(left: Sequence, right: Sequence) -> np.ndarray:
    """Sets of passport / ID numbers: 1 if one is shared, else the best normalised
    Levenshtein similarity (a typo in 9 characters gives 0.89). Levels: 1 same number,
    >= 0.85 one typo apart, below: different numbers (strong evidence against)."""

    def score(a: Sequence[str], b: Sequence[str]) -> float:
        shared = not set(a).isdisjoint(b)
        return 1.0 if shared else _best(a, b, Levenshtein.normalized_similarity)

    return _per_pair(left, right, score)


@comparator
def alias_similarity(left: Sequence, right: Sequence) -> np.ndarray:
    """Sets of names or aliases in canonical form: the best Indel ratio over all pairs.
    Levels: 1 an alias shared, >= 0.9 nearly, >= 0.75 similar, below: none alike."""
    return _per_pair(left, right, lambda a, b: _best(a, b, fuzz.ratio) / 100.0)


def _date_parts(value: str) -> tuple[str, ...]:
    return tuple(value.split("-"))


def _date_score(a: str, b: str) -> float:
    pa, pb = _date_parts(a), _date_parts(b)
    if a == b:
        return 1.0 if len(pa) == 3 else 0.7
    if pa[0] != pb[0]:
        if len(pa) == len(pb) == 3 and pa[1:] == pb[1:] and Levenshtein.distance(pa[0], pb[0]) == 1:
            return 0.6  # one digit of the year wrong
        return 0.5 if abs(int(pa[0]) - int(pb[0])) == 1 else 0.0
    if len(pa) != len(pb):
        return 0.7  # one side is partial and agrees as far as it goes
    if len(pa) == 3 and (pa[1], pa[2]) == (pb[2], pb[1]):
        return 0.8  # day and month swapped
    if len(pa) == 3 and Levenshtein.distance(a, b) == 1:
        return 0.8  # one digit wrong
    return 0.3  # same year, different day


@comparator
def date_similarity(left: Sequence, right: Sequence) -> np.ndarray:
    """ISO dates, possibly partial ("1990"). Levels: 1 same full date, 0.8 day/month
    swapped or one digit wrong, 0.7 same year where one side gives only the year, 0.6
    year off by one digit with the same day, 0.5 years one apart (an estimate), 0.3 same
    year but a different day, 0 different (evidence against)."""
    return _per_pair(left, right, _date_score)


__all__ = ["COMPARATORS", "Compare", "comparator"]

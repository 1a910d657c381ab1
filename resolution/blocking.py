"""Blocking: candidate pairs from shared keys, never all pairs.

A rule is a tuple of ``"field.method"`` parts; a record's keys under a rule are the
combinations of its parts' keys (``("dob.value", "name.initial")`` gives
"1990-04-05|d" and "1990-04-05|o" for Daniel Otieno born on that day). Records sharing
a key form a block; blocks larger than ``max_block_size`` say little (everyone called
Nguyen) and are skipped and counted. Pairs are generated with numpy, not per pair in
Python.

Methods: ``value`` (each normalised value), ``token`` (each word), ``phonetic``
(Metaphone of each word), ``phonetic_pairs`` (Metaphone of every two words, order-free),
``soundex``, ``initial`` (first letter of each word), ``year`` (of a date), ``full`` (a
date given to the day; a year alone would make blocks of thousands), ``prefix``
(first five characters: organisation skeletons, before any ``|distinguishing words``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from itertools import product

import jellyfish
import numpy as np
import pandas as pd

from casegraph.resolution.types import CandidatePairs


@cache
def _metaphone(token: str) -> str:
    return jellyfish.metaphone(token) or token


def _tokens(value: object) -> list[str]:
    if isinstance(value, tuple):
        return [t for v in value for t in v.split()]
    return str(value).split() if value else []


def _value(value: object) -> list[str]:
    if isinstance(value, tuple):
        return list(value)
    return [value] if value else []


def _phonetic_pairs(value: object) -> list[str]:
    """Metaphone keys of every two tokens of a name, order-free: survives swapped parts."""
    names = value if isinstance(value, tuple) else (value,)
    keys = []
    for name in names:
        codes = sorted({_metaphone(t) for t in str(name).split() if len(t) > 1})
        if len(codes) == 1:
            keys.append(codes[0])
        keys.extend(f"{a} {b}" for i, a in enumerate(codes) for b in codes[i + 1 :])
    return keys


METHODS: dict[str, Callable[[object], list[str]]] = {
    "value": _value,
    "token": _tokens,
    "phonetic": lambda v: sorted({_metaphone(t) for t in _tokens(v)}),
    "phonetic_pairs": _phonetic_pairs,
    "initial": lambda v: sorted({t[0] for t in _tokens(v)}),
    "year": lambda v: [d[:4] for d in _value(v)],
    "full": lambda v: [d for d in _value(v) if len(d) == 10],  # complete ISO dates only
    "prefix": lambda v: [x.split("|")[0][:5] for x in _value(v) if len(x.split("|")[0]) >= 3],
    "soundex": lambda v: sorted({jellyfish.soundex(t) for t in _tokens(v)}),
}


def record_keys(rule: Sequence[str], columns: dict[str, Sequence], index: int) -> list[str]:
    """The keys of one record under one rule (empty if any part has none)."""
    parts = []
    for part in rule:
        field, method = part.rsplit(".", 1)
        parts.append(METHODS[method](columns[field][index]))
    return ["|".join(combo) for combo in product(*parts)]


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct integers (numpy's hash-based ``unique`` is far slower here)."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def _keyed_records(
    columns: dict[str, Sequence], rules: Sequence[Sequence[str]]
) -> tuple[list[int], list[str]]:
    """One (record index, ``"<rule index>:<key>"``) entry per key a record has under a
    rule, as two parallel lists; each part's keys are computed once for all rules."""
    part_keys: dict[str, list[list[str]]] = {}
    for part in {p for rule in rules for p in rule}:
        field, method = part.rsplit(".", 1)
        part_keys[part] = [METHODS[method](v) for v in columns[field]]
    recs: list[int] = []
    keys: list[str] = []
    for r, rule in enumerate(rules):
        lists = [part_keys[p] for p in rule]
        if len(lists) == 1:
            per_record = lists[0]
        else:
            combos = (product(*parts) for parts in zip(*lists, strict=True))
            per_record = [list(map("|".join, c)) for c in combos]
        recs.extend(i for i, ks in enumerate(per_record) for _ in ks)
        keys.extend(f"{r}:{k}" for ks in per_record for k in ks)
    return recs, keys


def _blocks(
    recs: list[int], keys: list[str], max_block_size: int | Sequence[int]
) -> tuple[np.ndarray, np.ndarray, int, set[str]]:
    """Group the keyed records into blocks: (record, block code) sorted by block, only
    blocks of 2..``max_block_size`` records (one cap, or one per rule); the size of the
    largest block; and the keys of the oversized blocks that were skipped."""
    key_codes, names = pd.factorize(pd.Series(keys, dtype=object)) if keys else ([], [])
    width = len(names) + 1  # one entry per (record, key), duplicates dropped
    entries = _sorted_unique(np.asarray(recs, np.int64) * width + np.asarray(key_codes, np.int64))
    rec, key = entries // width, entries % width
    sizes = np.bincount(key, minlength=len(names)) if len(key) else np.zeros(0, np.int64)
    if isinstance(max_block_size, int):
        cap = np.full(len(names), max_block_size, np.int64)
    else:
        rule_of = np.fromiter((int(str(n).split(":", 1)[0]) for n in names), np.int64, len(names))
        cap = np.asarray(max_block_size, np.int64)[rule_of]
    oversized = np.flatnonzero(sizes > cap)
    keep = (sizes[key] >= 2) & (sizes[key] <= cap[key])
    rec, key = rec[keep], key[keep]
    order = np.argsort(key, kind="stable")
    skipped = {str(names[int(k)]) for k in oversized}
    return rec[order], key[order], int(sizes.max(initial=0)), skipped


def _pairs_within_blocks(
    rec: np.ndarray, key: np.ndarray, largest: int
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Every two records of one block, as left and right arrays: records ``d`` apart in
    the block-sorted list share a block exactly when their keys at that distance match."""
    lefts: list[np.ndarray] = []
    rights: list[np.ndarray] = []
    for d in range(1, largest if len(rec) else 1):
        same = key[:-d] == key[d:]
        if not same.any():
            break
        lefts.append(rec[:-d][same])
        rights.append(rec[d:][same])
    return lefts, rights


def block(
    columns: dict[str, Sequence],
    rules: Sequence[Sequence[str]],
    max_block_size: int | Sequence[int],
    extra: Sequence[tuple[int, int]] = (),
) -> tuple[CandidatePairs, set[str]]:
    """Candidate pairs of record indices under ``rules``, plus the keys of skipped blocks
    (as ``"<rule index>:<key>"``). ``max_block_size`` is one cap or one per rule.

    Pairs come sorted by (left, right), left < right; each part's keys are computed once.

    ``extra`` pairs (for example pairs a reviewer decided) are always included.
    """
    n = len(next(iter(columns.values()))) if columns else 0
    rec, key, largest, skipped = _blocks(*_keyed_records(columns, rules), max_block_size)
    lefts, rights = _pairs_within_blocks(rec, key, largest)
    a = np.concatenate([np.asarray([p[0] for p in extra], np.int64), *lefts])
    b = np.concatenate([np.asarray([p[1] for p in extra], np.int64), *rights])
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    codes = _sorted_unique(lo[lo != hi] * max(n, 1) + hi[lo != hi])
    pairs = CandidatePairs(
        left=codes // max(n, 1),
        right=codes % max(n, 1),
        all_pairs=n * (n - 1) // 2,
        oversized_blocks=len(skipped),  # block keys are distinct
    )
    return pairs, skipped


EXACT_METHODS = frozenset({"value", "full"})  # keys that are whole values, not word parts


def block_caps(rules: Sequence[Sequence[str]], max_block_size: int, factor: int) -> list[int]:
    """Per rule the largest block compared: ``factor`` times more for rules made only of
    whole values (a phone, a handle, an exact name: a large block there is one busy
    person's records, not everyone called Nguyen)."""
    return [
        max_block_size * factor
        if all(part.rsplit(".", 1)[1] in EXACT_METHODS for part in rule)
        else max_block_size
        for rule in rules
    ]


__all__ = ["EXACT_METHODS", "METHODS", "block", "block_caps", "record_keys"]

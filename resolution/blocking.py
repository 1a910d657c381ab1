"""Blocking: candidate pairs from shared keys, never all pairs.

A rule is a tuple of ``"field.method"`` parts; a record's keys under a rule are the
combinations of its parts' keys (``("dob.value", "name.initial")`` gives
"1990-04-05|d" and "1990-04-05|o" for Daniel Otieno born on that day). Records sharing
a key form a block. A block larger than ``max_block_size`` (everyone called Nguyen,
or one boss named in 300 debriefs) is not compared whole: its records are sorted by
the whole values of the fields the rule keys on and each is paired with its few
nearest neighbours (sorted neighbourhood), and such blocks are counted. Pairs are
generated with numpy, not per pair in Python.

Methods: ``value`` (each normalised value), ``token`` (each word), ``phonetic``
(Metaphone of each word), ``phonetic_pairs`` (Metaphone of every two words, order-free),
``soundex``, ``initial`` (first letter of each word), ``year`` (of a date), ``full`` (a
date given to the day; a year alone would make blocks of thousands), ``prefix``
(first five characters: organisation skeletons, before any ``|distinguishing words``),
``sorted`` (an identifier's characters sorted: survives two swapped digits).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain, product

import jellyfish
import numpy as np
import pandas as pd

from casegraph.core.errors import InputError
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
    # The characters of an identifier in order: two digits swapped, the commonest slip
    # in copying a number, keep the key.
    "sorted": lambda v: ["".join(sorted(x)) for x in _value(v) if len(x) >= 6],
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


def _part_keys(column: Sequence, method: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every key of every record under one ``field.method`` part: (record index, key
    code) as two aligned arrays, and the key per code. Each distinct value is keyed once
    (names and dates recur from record to record) and its keys spread to its records in
    numpy: codes number the keys in the order records first give them."""
    values, distinct = pd.factorize(pd.Series(list(column), dtype=object), use_na_sentinel=False)
    lists = [METHODS[method](value) for value in distinct.tolist()]
    per_value = np.fromiter(map(len, lists), np.int64, len(lists))
    flat = list(chain.from_iterable(lists))
    if not flat:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, dtype=object)
    value_codes, names = pd.factorize(pd.Series(flat, dtype=object))
    lengths = per_value[values]
    rec = np.repeat(np.arange(len(values), dtype=np.int64), lengths)
    # The k-th key of a record is the k-th key of its value.
    offset = np.arange(len(rec)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    first = np.cumsum(per_value) - per_value
    codes = value_codes[np.repeat(first[values], lengths) + offset]
    return rec, codes.astype(np.int64), np.asarray(names, dtype=object)


@dataclass(frozen=True)
class _RuleKeys:
    """One rule's keys: (record, key code) pairs and a way back from a code to its key."""

    rec: np.ndarray
    code: np.ndarray
    parts: tuple[np.ndarray, ...]  # per part, the key per code, ...
    part_codes: tuple[np.ndarray, ...]  # ... and per (record, key) entry, that part's code

    def keys(self, codes: np.ndarray) -> list[str]:
        """The keys (``"part|part"``) of the given codes."""
        _, first = np.unique(self.code, return_index=True)  # codes run 0, 1, 2...
        rows = first[codes]
        parts = tuple(zip(self.parts, self.part_codes, strict=True))
        return ["|".join(str(names[c[row]]) for names, c in parts) for row in rows.tolist()]


def _rule_keys(part_keys: dict[str, tuple], rule: Sequence[str]) -> _RuleKeys:
    """A rule's keys: the combinations of its parts' keys, record by record (a join on
    the record index: no Python loop over records)."""
    rec, code, names = part_keys[rule[0]]
    if len(rule) == 1:
        return _RuleKeys(rec, code, (names,), (code,))
    frame = pd.DataFrame({"rec": rec, "k0": code})
    for i, part in enumerate(rule[1:], 1):
        other_rec, other_code, _ = part_keys[part]
        frame = frame.merge(pd.DataFrame({"rec": other_rec, f"k{i}": other_code}), on="rec")
    part_codes = tuple(frame[f"k{i}"].to_numpy(np.int64) for i in range(len(rule)))
    combined = np.zeros(len(frame), np.int64)
    for i, codes in enumerate(part_codes):
        combined = pd.factorize(combined * (len(part_keys[rule[i]][2]) + 1) + codes)[0]
    return _RuleKeys(
        frame["rec"].to_numpy(np.int64),
        combined.astype(np.int64),
        tuple(part_keys[p][2] for p in rule),
        part_codes,
    )


def _keyed_records(columns: dict[str, Sequence], rules: Sequence[Sequence[str]]) -> list[_RuleKeys]:
    """Per rule its keys; each part's keys are computed once for all rules."""
    part_keys = {}
    for part in {p for rule in rules for p in rule}:
        field, method = part.rsplit(".", 1)
        part_keys[part] = _part_keys(columns[field], method)
    return [_rule_keys(part_keys, rule) for rule in rules]


def _blocks(
    found: _RuleKeys, cap: int
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray], list[str]]:
    """One rule's blocks as (record, block code) sorted by block and, inside a block, by
    record: the blocks of 2..``cap`` records, the larger ones, and the larger ones' keys."""
    width = max(int(found.code.max(initial=-1)) + 1, 1)
    # One entry per (record, key): a key a record has twice counts once.
    entries = _sorted_unique(found.rec * width + found.code)
    rec, key = entries // width, entries % width
    sizes = np.bincount(key, minlength=width)
    oversized = found.keys(np.flatnonzero(sizes > cap))
    small = (sizes[key] >= 2) & (sizes[key] <= cap)
    large = sizes[key] > cap
    parts = []
    for keep in (small, large):
        order = np.argsort(key[keep], kind="stable")
        parts.append((rec[keep][order], key[keep][order]))
    return parts[0], parts[1], oversized


def _sorted_values(column: Sequence, records: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each value of the given records in one field, as (record, rank of the value in
    sorted order): a record with two phones appears twice, a record without none."""
    lists = [_value(column[i]) for i in records.tolist()]
    lengths = np.fromiter(map(len, lists), np.int64, len(lists))
    flat = [str(v) for v in chain.from_iterable(lists)]
    if not flat:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    ranks, _ = pd.factorize(pd.Series(flat, dtype=object), sort=True)
    return np.repeat(records, lengths), ranks.astype(np.int64)


def _sparse_pairs(
    rec: np.ndarray, key: np.ndarray, columns: dict[str, Sequence], window: int, n: int
) -> np.ndarray:
    """Pairs inside blocks too large to compare whole (sorted neighbourhood): once per
    field the block was keyed on (``columns``), the block's records are sorted by their
    whole values of that field and each is paired with the ``window - 1`` records after
    it. In a block of the word "wang" the Wang Weis meet; hundreds of records of one
    busy boss under one name become a chain that clustering joins. The pairs stay about
    ``records x window`` per field, not records squared."""
    if len(rec) == 0 or window < 2:
        return np.zeros(0, np.int64)
    entries = pd.DataFrame({"rec": rec, "block": key})
    members = _sorted_unique(rec)
    found = []
    for column in columns.values():
        vrec, rank = _sorted_values(column, members)
        if not len(vrec):
            continue
        frame = entries.merge(pd.DataFrame({"rec": vrec, "rank": rank}), on="rec")
        blk, rnk, who = (frame[c].to_numpy(np.int64) for c in ("block", "rank", "rec"))
        order = np.lexsort((who, rnk, blk))
        blk, who = blk[order], who[order]
        for step in range(1, window):
            same = (blk[step:] == blk[:-step]) & (who[step:] != who[:-step])
            left, right = who[:-step][same], who[step:][same]
            found.append(np.minimum(left, right) * n + np.maximum(left, right))
    return _sorted_unique(np.concatenate(found)) if found else np.zeros(0, np.int64)


def _pairs_within_blocks(rec: np.ndarray, key: np.ndarray, n: int) -> np.ndarray:
    """Every two records of one block (records sorted by block, ascending within it) as
    ``left * n + right`` codes, generated in numpy: each entry pairs with the entries
    after it in its block."""
    if len(rec) == 0:
        return np.zeros(0, np.int64)
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    sizes = np.diff(np.append(starts, len(key)))
    position = np.arange(len(key)) - np.repeat(starts, sizes)  # place inside its block
    after = np.repeat(sizes, sizes) - position - 1  # partners each entry has after it
    first = np.repeat(np.arange(len(key)), after)
    # The k-th partner of an entry is the entry k + 1 places further on.
    first_partner = np.repeat(np.cumsum(after) - after, after)
    partner = first + (np.arange(len(first)) - first_partner) + 1
    return rec[first] * n + rec[partner]


def block(
    columns: dict[str, Sequence],
    rules: Sequence[Sequence[str]],
    max_block_size: int | Sequence[int],
    extra: Sequence[tuple[int, int]] = (),
    window: int = 0,
    sort_by: Sequence[str] | None = None,
) -> tuple[CandidatePairs, set[str]]:
    """Candidate pairs of record indices under ``rules``, plus the keys of the blocks
    larger than their cap (as ``"<rule index>:<key>"``). ``max_block_size`` is one cap or
    one per rule. Such a block is compared sparsely when ``window`` is 2 or more (each
    record with its ``window - 1`` neighbours in the block sorted by each of the rule's
    fields that ``sort_by`` names, all when None; see :func:`_sparse_pairs`) and skipped
    otherwise.

    Pairs come sorted by (left, right), left < right; each part's keys are computed once.
    Each rule's pairs are made and deduplicated in turn (one integer a pair), so a million
    records never hold every rule's pairs twice over.

    ``extra`` pairs (for example pairs a reviewer decided) are always included.
    """
    n = max(len(next(iter(columns.values()))) if columns else 0, 1)
    keyed = _keyed_records(columns, rules)
    sorting = columns if sort_by is None else {f: columns[f] for f in sort_by}
    caps = [max_block_size] * len(rules) if isinstance(max_block_size, int) else max_block_size
    lo = np.asarray([min(p) for p in extra], np.int64)
    hi = np.asarray([max(p) for p in extra], np.int64)
    codes = _sorted_unique(lo[lo != hi] * n + hi[lo != hi])
    sparse: set[str] = set()
    per_rule = []
    for r, (found, cap) in enumerate(zip(keyed, caps, strict=True)):
        (rec, key), (big_rec, big_key), oversized = _blocks(found, cap)
        sparse.update(f"{r}:{k}" for k in oversized)
        within = _pairs_within_blocks(rec, key, n)
        fields = [f for f in dict.fromkeys(p.rsplit(".", 1)[0] for p in rules[r]) if f in sorting]
        around = _sparse_pairs(big_rec, big_key, {f: sorting[f] for f in fields}, window, n)
        per_rule.append(_sorted_unique(np.concatenate((within, around))))
        codes = _sorted_unique(np.concatenate((codes, per_rule[-1])))
    pairs = CandidatePairs(
        left=codes // n,
        right=codes % n,
        all_pairs=n * (n - 1) // 2,
        oversized_blocks=len(sparse),  # block keys are distinct
        rules=_rule_bits(codes, per_rule),
    )
    return pairs, sparse


def _rule_bits(codes: np.ndarray, per_rule: Sequence[np.ndarray]) -> np.ndarray:
    """Per pair code (sorted), the bitmask of the rules whose pairs include it."""
    widths = [
        t for t in (np.uint8, np.uint16, np.uint32, np.uint64) if np.iinfo(t).bits >= len(per_rule)
    ]
    if not widths:
        raise InputError(f"{len(per_rule)} blocking rules: at most 64 are supported")
    dtype = widths[0]
    bits = np.zeros(len(codes), dtype)
    for r, found in enumerate(per_rule):
        bits[np.searchsorted(codes, found)] |= dtype(1 << r)
    return bits


SPARSE = " (block too large, compared sparsely)"  # marks such a block's key in explanations

EXACT_METHODS = frozenset({"value", "full"})  # keys that are whole values, not word parts


def block_caps(
    rules: Sequence[Sequence[str]],
    max_block_size: int,
    factor: int,
    names: frozenset[str] = frozenset(),
) -> list[int]:
    """Per rule the largest block compared: ``factor`` times more for rules made only of
    whole values (a phone, a handle: a large block there is one busy person's records,
    not everyone called Nguyen), but not for values of the ``names`` fields: hundreds of
    records with the alias "Ah Wei" are hundreds of people (a million generated records
    put 20 M pairs of strangers in such blocks)."""
    return [
        max_block_size * factor
        if all(
            method in EXACT_METHODS and field not in names
            for field, method in (part.rsplit(".", 1) for part in rule)
        )
        else max_block_size
        for rule in rules
    ]


__all__ = ["EXACT_METHODS", "METHODS", "SPARSE", "block", "block_caps", "record_keys"]

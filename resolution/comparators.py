"""Comparators: small named functions, vectorised over many pairs of records.

Each takes one field's column of prepared values (one per record: ``""`` or an empty
tuple when missing) and two aligned arrays of record indices, and returns one
similarity in [0, 1] per pair, ``NaN`` when either side is missing. The levels a
similarity falls into, and their weights, live in the field spec (see
:mod:`casegraph.resolution.kinds`); comparators only measure. Work is per record where it can
be (codes, parsed dates) and per pair only in numpy or rapidfuzz's C++ loops.
Register new ones with :func:`comparator`; specs refer to them by name.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from itertools import permutations, product
from typing import TypeVar

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, JaroWinkler

from casegraph.resolution.names import fold_surnames, joined_forms

Compare = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
T = TypeVar("T")
COMPARATORS: dict[str, Compare] = {}
CHUNK_PAIRS = 5_000_000  # pairs a comparator works on at once (see scoring.similarities)
WHOLE: set[str] = set()  # comparators given every pair at once: they chunk their own work


def comparator(func: Compare) -> Compare:
    """Register ``func`` under its name so that specs can name it."""
    COMPARATORS[func.__name__] = func
    return func


_DERIVED: dict[tuple[int, str], tuple[weakref.ref, object]] = {}


def derived(column: np.ndarray, key: str, build: Callable[[], T]) -> T:
    """What a comparator derives from a whole column (which records have a value, codes,
    the flattened names), built once while the column lives: the pairs of a million
    records reach a comparator in many chunks, and deriving it again for each chunk
    cost more than comparing the chunk."""
    slot = (id(column), key)
    found = _DERIVED.get(slot)
    if found is not None and found[0]() is column:
        return found[1]  # type: ignore[return-value]
    value = build()
    try:
        ref = weakref.ref(column, lambda _, slot=slot: _DERIVED.pop(slot, None))
    except TypeError:  # a plain list as the column: built again each time
        return value
    _DERIVED[slot] = (ref, value)
    return value


def _present(column: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    has = derived(column, "has", lambda: np.fromiter(map(bool, column), bool, len(column)))
    return has[left] & has[right]


def _strings(column: np.ndarray, left: np.ndarray, right: np.ndarray, scorer: Callable):
    out = np.full(len(left), np.nan)
    present = _present(column, left, right)
    if present.any():
        a, b = column[left[present]].tolist(), column[right[present]].tolist()
        out[present] = process.cpdist(a, b, scorer=scorer, workers=-1)
    return out


def _per_pair(column, left, right, score: Callable[[object, object], float]) -> np.ndarray:
    out = np.full(len(left), np.nan)
    present = np.flatnonzero(_present(column, left, right))
    for i, a, b in zip(present, column[left[present]], column[right[present]], strict=True):
        out[i] = score(a, b)
    return out


def _codes(values: Sequence) -> np.ndarray:
    """An integer per distinct value, 0 for missing."""
    table: dict[object, int] = {}
    return np.fromiter(
        (table.setdefault(v, len(table) + 1) if v else 0 for v in values), np.int64, len(values)
    )


@comparator
def exact(column: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """1 if the normalised values are equal, else 0."""
    codes = derived(column, "codes", lambda: _codes(column))
    a, b = codes[left], codes[right]
    return np.where((a > 0) & (b > 0), (a == b).astype(float), np.nan)


@comparator
def flag(column: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Yes/no values: 1 if both say yes, 0.5 if both say no, 0 if they differ. Agreeing on
    no is a level of its own, as it can mean something else than agreeing on yes: two
    records of people who are no offenders (victims, each debriefed once) are far less
    often one person than two records of offenders (named in debrief after debrief)."""
    codes = derived(column, "codes", lambda: _codes(column))
    yes = derived(column, "yes", lambda: _yes_codes(column))
    a, b = codes[left], codes[right]
    level = np.where(a == b, np.where(yes[left], 1.0, 0.5), 0.0)
    return np.where((a > 0) & (b > 0), level, np.nan)


def _yes_codes(column: np.ndarray) -> np.ndarray:
    """Per record whether its value is yes."""
    return np.fromiter((v == "yes" for v in column.tolist()), bool, len(column))


def _part_of(a: str, b: str) -> float:
    """How well the name with fewer words matches part of the other: each of its words
    against its best counterpart (Indel ratio), weighted by length; 0 if both have as
    many words."""
    short, long = sorted((a.split(), b.split()), key=len)
    if len(short) == len(long):
        return 0.0
    best = [max(fuzz.ratio(word, other) for other in long) * len(word) for word in short]
    return sum(best) / sum(map(len, short))


def _best_of_sets(
    column: np.ndarray, left: np.ndarray, right: np.ndarray, compare: Compare
) -> np.ndarray:
    """``compare`` over every name of one record against every name of the other (a
    record may give several: its name and aliases), the best per pair; one vectorised
    call over the expanded pairs, not a call per pair. Each distinct pair of name sets
    is expanded once (records of one person repeat theirs: at 200,000 records, 4.9 M
    pairs hold 1.8 M distinct ones)."""
    return _distinct_pairs(column, left, right, lambda sets, a, b: _best_of(sets, a, b, compare))


def _best_of(sets: np.ndarray, left: np.ndarray, right: np.ndarray, compare: Compare):
    """:func:`_best_of_sets` of pairs of distinct name sets."""
    counts, starts, flat = derived(sets, "sets", lambda: _flattened(sets))
    present = np.flatnonzero((counts[left] > 0) & (counts[right] > 0))
    per_pair = counts[left[present]] * counts[right[present]]
    pair = np.repeat(present, per_pair)
    # Position inside each pair's block of products -> (i-th name of left, j-th of right).
    offset = np.arange(len(pair)) - np.repeat(np.cumsum(per_pair) - per_pair, per_pair)
    width = counts[right[pair]]
    a = starts[left[pair]] + offset // width
    b = starts[right[pair]] + offset % width
    out = np.full(len(left), np.nan)
    if len(pair):
        scores = compare(flat, a, b)
        best = np.full(len(left), -1.0)
        np.maximum.at(best, pair, scores)
        out[present] = best[present]
    return out


def _flattened(column: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per record how many names it gives and where they start in one flat array of them."""
    names = [v if isinstance(v, tuple) else ((v,) if v else ()) for v in column.tolist()]
    counts = np.fromiter(map(len, names), np.int64, len(names))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    return counts, starts, object_array([n for group in names for n in group])


def _distinct_pairs(column: np.ndarray, left: np.ndarray, right: np.ndarray, compare: Compare):
    """``compare`` run once per distinct pair of values, in either order (``compare`` is
    symmetric): records blocked together mostly repeat a few spellings (at a million
    records, one name comparison in six is new), and the rest is a lookup. Given every
    pair at once, it finds the distinct ones over all of them (chunks of pairs repeat
    one another's: a third more work at 200,000 records in chunks of a million) and
    compares them :data:`CHUNK_PAIRS` at a time."""
    codes, values = derived(column, "distinct", lambda: _factorized(column))
    width = max(len(values), 1)
    # One key a pair, smaller code first, made in place: given every pair of a million
    # records at once, each array of them is 200 MB.
    key, high = codes[left], codes[right]
    np.maximum(key, high, out=high)
    np.minimum(key, codes[right], out=key)
    key *= width
    key += high
    del high
    inverse, distinct = pd.factorize(key)
    del key
    out = np.empty(len(distinct))
    for start in range(0, len(distinct), CHUNK_PAIRS):
        part = distinct[start : start + CHUNK_PAIRS]
        out[start : start + CHUNK_PAIRS] = compare(values, part // width, part % width)
    return out[inverse]


def _factorized(column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A code per record and the distinct values the codes index."""
    codes, values = pd.factorize(pd.Series(column, dtype=object), use_na_sentinel=False)
    return codes.astype(np.int64), object_array(list(values))


@comparator
def name_similarity(column: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Names in canonical form (tokens sorted, nicknames mapped): the larger of the
    Indel ratio and 0.85 x how well the shorter name is contained in the longer one
    ("Daniel" and "Daniel Otieno" score 0.85; "Siiti" and "Siti Susanto", a typo in
    the part, a little less, not a disagreement); symmetric, like each measure in it.
    A record giving several names (its name and aliases, as a tuple) is compared by its
    best-matching one: one piece of evidence, not one per name. Levels: 1 same name,
    >= 0.88 one typo or variant (a Chinese surname in another romanization, two words
    written as one: see :func:`_variants`; a typo changes a letter of a word, so "Aung
    Min" and "Aung Myint" are only similar), >= 0.75 similar or contained (initials for
    words: "S. K. Wekesa" and "Samuel Kiprop Wekesa"), >= 0.6 weakly similar, below:
    different."""
    several = derived(column, "several", lambda: any(isinstance(v, tuple) for v in column))
    if several:
        return _best_of_sets(column, left, right, _distinct_name_similarity)
    return _distinct_name_similarity(column, left, right)


WHOLE.add(name_similarity.__name__)  # distinct pairs over all pairs, in chunks of those


def _one_name_similarity(column: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """:func:`name_similarity` of one name per record."""
    best = _strings(column, left, right, fuzz.ratio)
    # 0.85 x containment never beats a ratio of 85 or more: measured only below that.
    below = np.flatnonzero(best < 85.0)
    contained = _strings(column, left[below], right[below], fuzz.token_set_ratio) * 0.85
    best[below] = np.fmax(best[below], contained)
    # Only names of different lengths not already contained can gain (a typo inside the
    # shared part); a fast partial ratio picks the few worth a closer look.
    words = derived(
        column,
        "words",
        lambda: np.fromiter((len(v.split()) for v in column), np.int64, len(column)),
    )
    loose = np.flatnonzero((best < 85.0) & (words[left] != words[right]))
    close = _strings(column, left[loose], right[loose], fuzz.partial_ratio) >= 75.0
    loose = loose[close]
    if len(loose):
        best[loose] = np.fmax(
            best[loose], _per_pair(column, left[loose], right[loose], _part_of) * 0.85
        )
    # A typo changes one letter of a word, not a short word for another: "aung min" and
    # "aung myint" are two Burmese names (Indel 89 for the whole names, 75 for the words).
    near = np.flatnonzero((best >= 88.0) & (best < 100.0) & (words[left] == words[right]))
    near = near[words[left[near]] > 1]
    # Names one slip apart as wholes (one letter changed, added or dropped, two swapped)
    # are one typo whatever their words: only the rest is looked at word by word.
    a, b = column[left[near]].tolist(), column[right[near]].tolist()
    near = near[process.cpdist(a, b, scorer=OSA.distance, workers=-1) > 1]
    if len(near):
        slips = _per_pair(column, left[near], right[near], _one_slip_each)
        best[near[slips == 0.0]] = BELOW_TYPO
    best = _variants(column, left, right, best, words)
    return best / 100.0


BELOW_TYPO = 87.0  # a name one word away, not one typo: the level of a similar name


def _one_slip_each(a: str, b: str) -> float:
    """1 if every word one name has and the other lacks is one typo (one letter changed,
    added, dropped or two swapped, or an Indel ratio of 80) from one the other has and
    the first lacks, both ways, else 0."""
    mine, theirs = a.split(), b.split()
    rest_a = [w for w in mine if w not in theirs]
    rest_b = [w for w in theirs if w not in mine]
    return float(
        all(any(_slip(w, o) for o in rest_b) for w in rest_a)
        and all(any(_slip(w, o) for o in rest_a) for w in rest_b)
    )


def _slip(word: str, other: str) -> bool:
    return OSA.distance(word, other, score_cutoff=1) <= 1 or fuzz.ratio(word, other) >= 80.0


VARIANT = 0.95  # one name in another spelling: the level of a typo, never the same name


def _variants(
    column: np.ndarray, left: np.ndarray, right: np.ndarray, best: np.ndarray, words: np.ndarray
) -> np.ndarray:
    """Ratios (x 100) raised where two full names differ only in how they are written:
    a Chinese surname in another romanization ("Goh Tianming" and "Wu Tianming", "Tan Hua"
    and "Chen Hua": ``data/surnames.yaml``) or two words written as one ("DelaCruz" and
    "Dela Cruz", "Thi Lan" and "ThiLan"). Either scores :data:`VARIANT` x the ratio of the
    names so aligned: a variant, as close as a typo, never the same spelling."""
    below = best < 88.0
    open_ = np.flatnonzero(below & (words[left] > 1) & (words[right] > 1))
    if len(open_):
        folded = derived(column, "surnames", lambda: object_array(list(map(fold_surnames, column))))
        changed = derived(column, "refolded", lambda: folded != column)
        k = open_[changed[left[open_]] | changed[right[open_]]]
        if len(k):
            best[k] = np.fmax(best[k], _strings(folded, left[k], right[k], fuzz.ratio) * VARIANT)
    # A word break moved may leave one side a single word ("Weilong" and "Wei Long").
    spaced = np.flatnonzero(below & (words[left] != words[right]))
    spaced = spaced[best[spaced] < 88.0]
    letters = derived(column, "letters", lambda: object_array(list(map(_letters, column))))
    spaced = spaced[_strings(letters, left[spaced], right[spaced], fuzz.ratio) >= 88.0]
    if len(spaced):
        joined = _per_pair(column, left[spaced], right[spaced], _joined_ratio)
        best[spaced] = np.fmax(best[spaced], joined * VARIANT)
    initials = derived(column, "initials", lambda: np.fromiter(map(_has_initial, column), bool))
    short = open_[(initials[left[open_]] | initials[right[open_]]) & (best[open_] < 85.0)]
    if len(short):
        best[short] = np.fmax(best[short], _per_pair(column, left[short], right[short], _initials))
    return best


def _letters(name: str) -> str:
    """A name's letters sorted, without spaces: two names alike here may differ only in
    where words break."""
    return "".join(sorted(name.replace(" ", "")))


def _has_initial(name: str) -> bool:
    return any(len(word) == 1 for word in name.split())


def _initials(a: str, b: str) -> float:
    """85 (a name contained in another) when the names have as many words and each word
    of one is a word of the other or its initial, at least one written out in both ("s k
    wekesa" and "kiprop samuel wekesa"), else 0: initials say less than the names."""
    mine, theirs = a.split(), b.split()
    if len(mine) != len(theirs):
        return 0.0
    whole = set(mine) & set(theirs)
    rest_a = sorted(w for w in mine if w not in whole)
    rest_b = sorted(w for w in theirs if w not in whole)
    if not whole or len(rest_a) != len(rest_b):
        return 0.0
    for word in rest_a:
        partner = next(
            (w for w in rest_b if (len(word) == 1 or len(w) == 1) and word[0] == w[0]), None
        )
        if partner is None:
            return 0.0
        rest_b.remove(partner)
    return 85.0


def _joined_ratio(a: str, b: str) -> float:
    """The best ratio of the name with fewer words against the other with two of its
    words written as one, in either order ("cruz dela rhea" as "delacruz rhea")."""
    short, long = sorted((a.split(), b.split()), key=len)
    target = " ".join(sorted(short))
    best = 0.0
    for i, j in permutations(range(len(long)), 2):
        rest = [w for k, w in enumerate(long) if k not in (i, j)]
        best = max(best, fuzz.ratio(target, " ".join(sorted([*rest, long[i] + long[j]]))))
    return best


def _distinct_name_similarity(column: np.ndarray, left: np.ndarray, right: np.ndarray):
    return _distinct_pairs(column, left, right, _one_name_similarity)


@comparator
def jaro_winkler(column: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Jaro-Winkler similarity, forgiving of typos near the end (single name parts).
    Levels: 1 same, >= 0.92 typo, >= 0.8 similar, below: different."""
    return _strings(column, left, right, JaroWinkler.normalized_similarity)


@comparator
def ratio(column: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Normalised Indel similarity of the whole strings (places, organisation skeletons).
    Levels: 1 same, >= 0.9 one letter changed, >= 0.8 similar, below: different."""
    return _strings(column, left, right, fuzz.ratio) / 100.0


def _split_org(value: str) -> tuple[str, str]:
    core, _, marks = value.partition("|")
    return core, marks


@comparator
def organisation_similarity(column: np.ndarray, left: np.ndarray, right: np.ndarray):
    """Organisations as ``"core|distinguishing words"`` (see ``normalize.org_parts``): the
    Indel ratio of the cores, but 0 when both name a different member of a family of
    companies ("X Group" vs "X Holdings": evidence against), and 0.9 x the ratio when
    only one side names one ("X" vs "X Group": maybe the same). Levels: 1 same name,
    >= 0.9 one letter changed, >= 0.8 similar, below: different."""
    parts = np.array([_split_org(v) for v in column.tolist()], dtype=object).reshape(-1, 2)
    cores, marks = parts[:, 0], parts[:, 1]
    out = _strings(cores, left, right, fuzz.ratio) / 100.0
    ma, mb = marks[left], marks[right]
    differ = ma != mb
    both = np.fromiter((bool(a) and bool(b) for a, b in zip(ma, mb, strict=True)), bool, len(ma))
    out[differ & both] = 0.0
    out[differ & ~both] *= 0.9
    return out


@comparator
def token_set(column: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Token-set ratio: word order and extra words do not count against (addresses, text).
    Levels: 1 same words, >= 0.85 nearly, >= 0.6 overlapping, below: different."""
    return _strings(column, left, right, fuzz.token_set_ratio) / 100.0


@comparator
def shared_value(column: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Sets of keys (phones, accounts, wallets): 1 if any key is shared, else 0.
    Levels: 1 shared (strong evidence), 0 none shared (weak evidence against)."""
    single, multi = derived(column, "single", lambda: _single_values(column))
    a, b = single[left], single[right]
    out = np.where((a > 0) & (b > 0), (a == b).astype(float), np.nan)
    mixed = np.flatnonzero((multi[left] | multi[right]) & _present(column, left, right))
    for i in mixed:
        out[i] = float(not set(column[left[i]]).isdisjoint(column[right[i]]))
    return out


def _single_values(column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per record the code of its value when it has exactly one (0 otherwise), and
    whether it has several."""
    single = _codes([v[0] if len(v) == 1 else "" for v in column])
    return single, np.fromiter((len(v) > 1 for v in column), bool, len(column))


def _best(a: Sequence[str], b: Sequence[str], scorer: Callable) -> float:
    return max(scorer(x, y) for x, y in product(a, b))


def _sets(column: np.ndarray, left: np.ndarray, right: np.ndarray, scorer: Callable, score):
    """Sets of values compared with ``score`` (a, b) per pair; pairs where both sides
    hold one value (nearly all) go through rapidfuzz's ``scorer`` in C++ instead."""
    out = np.full(len(left), np.nan)
    one, firsts = derived(column, "firsts", lambda: _first_values(column))
    single = one[left] & one[right]
    if single.any():
        out[single] = _strings(firsts, left[single], right[single], scorer)
    rest = np.flatnonzero(~single)
    out[rest] = _per_pair(column, left[rest], right[rest], score)
    return out


def _first_values(column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per record whether it holds exactly one value, and that value ("" otherwise)."""
    one = np.fromiter((len(v) == 1 for v in column), bool, len(column))
    return one, object_array([v[0] if len(v) == 1 else "" for v in column])


def object_array(values: list) -> np.ndarray:
    """``values`` as a one-dimensional object array (tuples stay whole)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _identifier_score(a: Sequence[str], b: Sequence[str]) -> float:
    return 1.0 if not set(a).isdisjoint(b) else _best(a, b, OSA.normalized_similarity)


@comparator
def identifier_similarity(column: np.ndarray, left: np.ndarray, right: np.ndarray):
    """Sets of passport / ID numbers: 1 if one is shared, else the best normalised
    optimal-string-alignment similarity (one wrong or two swapped characters in 7 give
    0.86). Levels: 1 same number, >= 0.85 one typo apart, below: different numbers
    (strong evidence against)."""
    return _sets(column, left, right, OSA.normalized_similarity, _identifier_score)


@comparator
def alias_similarity(column: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Sets of names or aliases in canonical form: the best Indel ratio over all pairs, or
    :data:`VARIANT` where one name is another with a word break moved ("Chen Weilong" and
    "Chen Wei Long", 0.72 as a ratio). Levels: 1 an alias shared, >= 0.9 nearly (a typo,
    a word break), >= 0.75 similar, below: none alike."""
    ratio = _sets(column, left, right, fuzz.ratio, lambda a, b: _best(a, b, fuzz.ratio)) / 100.0
    joined = _joined_pairs(column, left, right)
    ratio[joined] = np.fmax(ratio[joined], VARIANT)
    return ratio


def _joined_pairs(column: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The pairs (indices into ``left``) of which one record gives a name another of the
    other's is with a word break moved (:func:`~casegraph.resolution.names.joined_forms`).
    Found as keys, not pair by pair: such names are few, so the names of the column
    that have a partner are found once, and only pairs of records giving one of them
    are looked at, in numpy."""
    counts, starts, flat = derived(column, "sets", lambda: _flattened(column))
    codes, partners, has = derived(column, "joined", lambda: _word_breaks(flat, counts))
    candidates = np.flatnonzero(has[left] & has[right])
    if not len(candidates):
        return candidates
    a, b = left[candidates], right[candidates]
    per_pair = counts[a] * counts[b]
    pair = np.repeat(np.arange(len(candidates)), per_pair)
    offset = np.arange(len(pair)) - np.repeat(np.cumsum(per_pair) - per_pair, per_pair)
    width = counts[b[pair]]
    x, y = codes[starts[a[pair]] + offset // width], codes[starts[b[pair]] + offset % width]
    hit = np.isin(np.minimum(x, y) * (len(flat) + 1) + np.maximum(x, y), partners)
    return candidates[np.unique(pair[hit])]


def _word_breaks(flat: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, ...]:
    """A code per flat name, the keys (smaller code x (names + 1) + larger) of the pairs
    of distinct names that are one name with a word break moved, and per record whether
    it gives a name of such a pair. Such names share their letters (spaces left out), so
    each name's joined forms are looked up only among the names of its letter set, and
    only where that set holds two names or more (at a million records, a few)."""
    codes, values = _factorized(flat)
    names = values.tolist()
    by_letters: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        by_letters.setdefault(_letters(name), []).append(i)
    width = len(flat) + 1
    keys: list[int] = []
    for group in by_letters.values():
        if len(group) < 2:
            continue
        own = {names[i]: i for i in group}
        for j in group:
            for form in joined_forms(names[j]) if " " in names[j] else ():
                i = own.get(form)
                if i is not None:
                    keys.append(min(i, j) * width + max(i, j))
    partnered = np.zeros(len(names) + 1, bool)
    for key in keys:
        partnered[key // width] = partnered[key % width] = True
    named = np.zeros(len(counts), bool)
    if keys:
        owner = np.repeat(np.arange(len(counts)), counts)
        named[owner[partnered[codes]]] = True
    return codes, np.array(keys, np.int64), named


def _date_arrays(column: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per record: year, month, day (0 if absent) and how many parts the date has (each
    distinct date read once: birth dates repeat across a million records)."""
    codes, values = pd.factorize(pd.Series(column, dtype=object), use_na_sentinel=False)
    parts = np.zeros((len(values), 4), dtype=np.int64)
    for i, value in enumerate(values.tolist()):
        if value:
            numbers = [int(p) for p in value.split("-")]
            parts[i, : len(numbers)] = numbers
            parts[i, 3] = len(numbers)
    parts = parts[codes]
    return parts[:, 0], parts[:, 1], parts[:, 2], parts[:, 3]


def _digits_differing(a: np.ndarray, b: np.ndarray, width: int) -> np.ndarray:
    return sum(((a // 10**k) % 10 != (b // 10**k) % 10).astype(int) for k in range(width))


@comparator
def date_similarity(column: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """ISO dates at their precision ("1990", "1990-04", "1990-04-05"), compared at the
    precision both give. Levels: 1 same full date, 0.8 day/month swapped or one digit
    wrong, 0.7 agreeing where one side is less precise ("1990" and "1990-04-05"; a
    year-only date agrees weakly with any date in that year), 0.6 year off by one digit
    with the same day, 0.5 years one apart, or two apart where a side gives only the year
    (a year alone is often worked out from a stated age, one off either way), 0.3 same
    year but a different month or day, 0 different (evidence against)."""
    year, month, day, size = derived(column, "dates", lambda: _date_arrays(column))
    ya, ma, da, na = year[left], month[left], day[left], size[left]
    yb, mb, db, nb = year[right], month[right], day[right], size[right]
    full = (na == 3) & (nb == 3)
    common = np.minimum(na, nb)
    agree = (ya == yb) & ((common < 2) | (ma == mb)) & ((common < 3) | (da == db))
    other_year = ya != yb
    apart = np.abs(ya - yb)
    # Digits are counted only where the answer can matter (the first condition that holds
    # wins): a year one digit off with the same day and month, a day or month one digit
    # off in the same year.
    year_typo = other_year & full & (ma == mb) & (da == db)
    year_typo[year_typo] = _digits_differing(ya[year_typo], yb[year_typo], 4) == 1
    day_typo = full & ~other_year & ~agree
    day_typo[day_typo] = (
        _digits_differing(ma[day_typo] * 100 + da[day_typo], mb[day_typo] * 100 + db[day_typo], 4)
        == 1
    )
    conditions = [
        agree & full,
        agree,
        year_typo,
        (apart == 1) | ((apart == 2) & ((na == 1) | (nb == 1))),
        other_year,
        full & (ma == db) & (da == mb),
        day_typo,
    ]
    out = np.select(conditions, [1.0, 0.7, 0.6, 0.5, 0.0, 0.8, 0.8], default=0.3)
    return np.where((na > 0) & (nb > 0), out, np.nan)


__all__ = [
    "CHUNK_PAIRS",
    "COMPARATORS",
    "WHOLE",
    "Compare",
    "comparator",
    "derived",
    "object_array",
]

"""Decide and cluster: greedy merging by descending score, refusing conflicting unions.

Union-find over records. Reviewer decisions come first (``different`` becomes a
cannot-link, ``same`` a forced union), then candidate pairs at or above the merge
threshold, best first. A union is refused, and the pair marked ``conflict``, when it
would put two records with contradicting hard identifiers (different passport
numbers) or a cannot-link pair into one cluster: strangers are never chained through
a third record. Compared pairs with a vetoing feature (a weight at or below the spec's
``veto_weight``, by default a contradicting date of birth or identifier number) become
cannot-links too, unless a reviewer joined them; names the guard judges (below) veto
nothing: "Anan" against "Onant Phrhmma" weighs like a contradiction but is a first name
against another spelling of the full name. A record that matches two clusters kept
apart about equally well (within ``AMBIGUITY_BITS`` of log-odds) joins neither: which
of two namesakes it is goes to review, not to whichever pair came first. Once every
pair is seen, those refusals are looked at again with whole clusters (:func:`_settle`):
records that each lean only a little towards one man lean clearly together.

Hard fields guard whole clusters, not only the pairs compared: two clusters holding
different passport numbers never join, and with a name field marked hard, two clusters
whose full names name two people apart (:func:`~casegraph.resolution.names.named_apart`:
"Sanjay Karki" and "Sanjay Magar") never join either, whatever chain of shared first
names, "Boss Chen" aliases or roles links them. Every join refused counts
(:func:`blocked_joins`) and waits in the review queue: a person may still join them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from casegraph.resolution.arrays import distinct
from casegraph.resolution.kinds import KINDS
from casegraph.resolution.names import named_apart
from casegraph.resolution.spec import NAME_KINDS, ResolutionSpec
from casegraph.resolution.types import CandidatePairs, Comparison, Judgement, Outcome

# Whether the values two clusters hold of a hard field, each with how many of the
# cluster's records hold it, forbid joining them.
Apart = Callable[[Mapping[str, int], Mapping[str, int]], bool]


@dataclass(frozen=True)
class Guard:
    """The hard fields not compared whole and how (``tests``: names name people apart),
    and the fields a join past them may not rely on (``names``): a pair whose other
    evidence alone would merge it (a shared phone, handle or wallet: "Vikram Sharma"
    and "Vicky Sharma" on one number) joins whatever the names say; one joined by names
    and aliases alone does not."""

    tests: Mapping[str, Apart] = field(default_factory=dict)
    names: tuple[str, ...] = ()
    no_veto: tuple[str, ...] = ()  # fields of kinds that never veto (flags)


OUTCOMES = tuple(Outcome)
AMBIGUITY_BITS = 1.0  # a factor of two in odds
SETTLE_ROUNDS = 8  # second looks at most: each join can free another (bounded at a million)
_CODE = {o: i for i, o in enumerate(OUTCOMES)}


class _Clusters:
    """Union-find (by size, path compression) that keeps, per root, the cluster's hard
    identifier values (of a field with its own test, names, how many records hold each)
    and the roots of the clusters it must never join (cannot-links, stored both ways and
    re-pointed on every union, so checking one is a set lookup)."""

    def __init__(
        self, hard: Sequence[Mapping[str, frozenset[str]]], apart: Mapping[str, Apart]
    ) -> None:
        self.apart = apart  # hard fields tested otherwise than by a shared value
        self.parent = list(range(len(hard)))
        self.size = [1] * len(hard)
        self.hard: dict[int, dict[str, frozenset[str] | dict[str, int]]] = {
            i: {f: dict.fromkeys(v, 1) if f in apart else v for f, v in h.items()}
            for i, h in enumerate(hard)
            if h
        }
        self.cannot: dict[int, set[int]] = {}

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def roots(self) -> np.ndarray:
        """The root of every record, by pointer jumping in numpy."""
        roots = np.asarray(self.parent, np.int64)
        while True:
            jumped = roots[roots]
            if np.array_equal(jumped, roots):
                return roots
            roots = jumped

    def keep_apart(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.cannot.setdefault(ra, set()).add(rb)
            self.cannot.setdefault(rb, set()).add(ra)

    def keep_all_apart(self, lefts: np.ndarray, rights: np.ndarray) -> None:
        """``keep_apart`` for many pairs at once."""
        for a, b in zip(lefts.tolist(), rights.tolist(), strict=True):
            self.keep_apart(a, b)

    def conflict(self, ra: int, rb: int, check_hard: bool, check_apart: bool = True) -> bool:
        """Whether roots ``ra`` and ``rb`` may not join (``check_apart`` False: hard fields
        with their own test, names, are not checked)."""
        if rb in self.cannot.get(ra, ()):
            return True
        if not check_hard:
            return False
        ha, hb = self.hard.get(ra), self.hard.get(rb)
        if not ha or not hb:
            return False
        for f, values in ha.items():
            if f not in hb:
                continue
            test = self.apart.get(f)
            if test is None:
                if values.isdisjoint(hb[f]):
                    return True
            elif check_apart and test(values, hb[f]):
                return True
        return False

    def named_apart(self, ra: int, rb: int) -> bool:
        """Whether roots ``ra`` and ``rb`` hold values of a field with its own test
        (names) that keep them apart."""
        ha, hb = self.hard.get(ra), self.hard.get(rb)
        if not ha or not hb:
            return False
        return any(f in ha and f in hb and test(ha[f], hb[f]) for f, test in self.apart.items())

    def union(self, a: int, b: int, check_hard: bool = True, check_apart: bool = True) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.conflict(ra, rb, check_hard, check_apart):
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        hb = self.hard.pop(rb, None)
        if hb:
            ha = self.hard.setdefault(ra, {})
            for f, values in hb.items():
                mine = ha.get(f)
                if mine is None:
                    ha[f] = values
                elif isinstance(mine, dict):  # counted: the bigger cluster's, added to
                    for value, n in values.items():
                        mine[value] = mine.get(value, 0) + n
                else:
                    ha[f] = mine | values
        cb = self.cannot.pop(rb, None)
        if cb:
            ca = self.cannot.setdefault(ra, set())
            for other in cb:
                partners = self.cannot[other]
                partners.discard(rb)
                partners.add(ra)
            ca.update(cb)
        return True


# Per record, its rivals best first, as flat lists: record x's are at start[x]:start[x + 1].
_Rivals = tuple[list[int], list[float], list[int]]


def _torn(clusters: _Clusters, x: int, y: int, rivals: _Rivals, floor: float) -> bool:
    """Whether ``x`` matches, nearly as well as ``y``, a record of a cluster that can
    never join ``y``'s (rivals come best first: the rest are below ``floor``); a rival
    whose names name it apart from ``x``'s cluster is no alternative for ``x``."""
    start, odds, others = rivals
    rx, ry = clusters.find(x), clusters.find(y)
    seen = {rx, ry}  # each cluster is tested once, however many of its records match
    for i in range(start[x], start[x + 1]):
        if odds[i] < floor:
            break
        ro = clusters.find(others[i])
        if ro in seen:
            continue
        seen.add(ro)
        if clusters.conflict(ry, ro, True) and not clusters.named_apart(rx, ro):
            return True
    return False


def _pair_index(pairs: CandidatePairs, n: int) -> Callable[[int, int], int | None]:
    """Position of a record pair among the candidate pairs (sorted by left, right)."""
    codes = pairs.left * n + pairs.right

    def index(a: int, b: int) -> int | None:
        code = min(a, b) * n + max(a, b)
        k = int(np.searchsorted(codes, code))
        return k if k < len(codes) and codes[k] == code else None

    return index


def _rivals(comparison: Comparison, order: np.ndarray, n: int) -> _Rivals:
    """Per record, the (log-odds, other record) of its pairs at or above the merge
    threshold, best first (sorted in numpy: a million records have as many)."""
    left, right = comparison.pairs.left[order], comparison.pairs.right[order]
    odds = np.repeat(comparison.log_odds[order], 2)
    record = np.column_stack((left, right)).ravel()
    other = np.column_stack((right, left)).ravel()
    ranked = np.lexsort((-odds, record))
    start = np.searchsorted(record[ranked], np.arange(n + 1))
    return start.tolist(), odds[ranked].tolist(), other[ranked].tolist()


def _connected(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """A label per record, equal for records joined by a path of (left, right) links:
    the smallest index reachable, found in numpy by hooking and pointer jumping."""
    labels = np.arange(n, dtype=np.int64)
    while len(left):
        low = np.minimum(labels[left], labels[right])
        hooked = labels.copy()
        np.minimum.at(hooked, labels[left], low)
        np.minimum.at(hooked, labels[right], low)
        while True:  # point every record at its label's label until nothing moves
            jumped = hooked[hooked]
            if np.array_equal(jumped, hooked):
                break
            hooked = jumped
        if np.array_equal(hooked, labels):
            break
        labels = hooked
    return labels


def guard(spec: ResolutionSpec) -> Guard:
    """The spec's guard: a hard name field keeps apart clusters whose full names name two
    people (identifiers, the default test, must share a value), unless a pair's evidence
    besides every name field would merge it alone; and the fields whose weights never
    veto (flags: how often people of a sort recur is no contradiction)."""
    names = tuple(f.name for f in spec.fields if f.kind in NAME_KINDS)
    tests = {f.name: named_apart for f in spec.fields if f.is_hard() and f.kind in NAME_KINDS}
    quiet = tuple(f.name for f in spec.fields if not KINDS[f.kind].vetoes)
    return Guard(tests, names if tests else (), quiet)


def hard_values(column: np.ndarray, i: int) -> frozenset[str]:
    """Record ``i``'s values of a hard field as a set (a single value is one, not its
    characters)."""
    value = column[i]
    return frozenset((value,) if isinstance(value, str) else value) if value else frozenset()


def cluster(
    comparison: Comparison,
    hard: Sequence[Mapping[str, frozenset[str]]],
    decisions: Mapping[tuple[int, int], Judgement],
    merge: float,
    review: float,
    veto: float | None = None,
    guarded: Guard | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Cluster root per record and an outcome code (index into ``OUTCOMES``) per pair;
    ``guarded`` tests the hard fields not compared whole (see :func:`guard`)."""
    pairs, score, n = comparison.pairs, comparison.score, len(hard)
    guarded = guarded or Guard()
    reviewable = (score >= review) | _reviewable_without_flags(comparison, guarded, review)
    below = np.where(reviewable, _CODE[Outcome.REVIEW], _CODE[Outcome.REJECT])
    outcome = np.where(score >= merge, _CODE[Outcome.MERGE], below)
    index = _pair_index(pairs, n)
    clusters = _Clusters(hard, guarded.tests)
    decided = np.zeros(len(score), dtype=bool)
    for (a, b), judgement in decisions.items():
        k = index(a, b)
        if k is not None:
            outcome[k], decided[k] = _CODE[Outcome(judgement.value)], True
        if judgement is Judgement.DIFFERENT:
            clusters.keep_apart(a, b)
    for (a, b), judgement in decisions.items():
        if judgement is Judgement.SAME and not clusters.union(a, b, check_hard=False):
            k = index(a, b)
            if k is not None:
                outcome[k] = _CODE[Outcome.CONFLICT]
    # Pairs at or above the threshold, best first (ties in pair order); sorting only them,
    # not every compared pair, is seconds less at a million records.
    above = np.flatnonzero(score >= merge)
    order = above[np.argsort(-score[above], kind="stable")]
    if veto is not None:
        # A veto matters only between records that merges (and reviewers' joins) could
        # bring into one cluster: those in one connected part of the graph of such pairs.
        joined = [(a, b) for (a, b), j in decisions.items() if j is Judgement.SAME]
        part = _connected(
            n,
            np.concatenate((pairs.left[order], np.asarray([a for a, _ in joined], np.int64))),
            np.concatenate((pairs.right[order], np.asarray([b for _, b in joined], np.int64))),
        )
        vetoed = np.zeros(len(score), dtype=bool)
        for i, f in enumerate(comparison.fields):
            if f not in guarded.names and f not in guarded.no_veto:
                vetoed |= comparison.weight[:, i] <= veto
        vetoed &= part[pairs.left] == part[pairs.right]
        clusters.keep_all_apart(pairs.left[vetoed], pairs.right[vetoed])
    rivals = _rivals(comparison, order, n)
    alone = _merges_without(comparison, guarded.names, merge)
    for k in order.tolist():
        if decided[k]:
            continue
        a, b = int(pairs.left[k]), int(pairs.right[k])
        if clusters.find(a) == clusters.find(b):
            continue  # joined already: no choice is left to be torn over
        floor = float(comparison.log_odds[k]) - AMBIGUITY_BITS
        torn = _torn(clusters, a, b, rivals, floor) or _torn(clusters, b, a, rivals, floor)
        if torn or not clusters.union(a, b, check_apart=not alone[k]):
            outcome[k] = _CODE[Outcome.CONFLICT]
    before = clusters.roots()
    roots = _settle(clusters, comparison, order[~decided[order]], before)
    # A join made on second look keeps its reason: the refused pairs it joined now merge.
    settled = (outcome == _CODE[Outcome.CONFLICT]) & (roots[pairs.left] == roots[pairs.right])
    settled &= before[pairs.left] != before[pairs.right]
    outcome[settled] = _CODE[Outcome.MERGE]
    return roots, outcome


def _support(
    roots: np.ndarray, left: np.ndarray, right: np.ndarray, odds: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per pair of clusters (``mover``, ``target``) linked by a pair, how strongly the
    mover's records point at the target: the sum over the mover's records of each one's
    best log-odds with a record of the target. A name shared with a big cluster's every
    record counts once, not once per record."""
    n = len(roots)
    rl, rr = roots[left], roots[right]
    apart = rl != rr
    record = np.concatenate((left[apart], right[apart]))
    mover = np.concatenate((rl[apart], rr[apart]))
    target = np.concatenate((rr[apart], rl[apart]))
    lo = np.concatenate((odds[apart], odds[apart]))
    ranked = np.lexsort((-lo, target, record))
    record, mover, target, lo = record[ranked], mover[ranked], target[ranked], lo[ranked]
    best = np.ones(len(record), dtype=bool)
    best[1:] = (record[1:] != record[:-1]) | (target[1:] != target[:-1])
    codes, where = np.unique(mover[best] * n + target[best], return_inverse=True)
    return codes // n, codes % n, np.bincount(where, weights=lo[best])


def _clear(clusters: _Clusters, links: Mapping[int, Mapping[int, float]], m: int, t: int) -> bool:
    """Whether cluster ``m``'s records point at ``t`` by :data:`AMBIGUITY_BITS` more than
    at any cluster they could join instead that can never join ``t`` (one named apart from
    ``m`` itself is no alternative). Weaker links are passed over before any test: a boss
    named in hundreds of records has hundreds."""
    floor = links[m][t] - AMBIGUITY_BITS
    return not any(
        support > floor
        and r != t
        and clusters.conflict(t, r, True)
        and not clusters.named_apart(m, r)
        for r, support in links[m].items()
    )


def _settle(
    clusters: _Clusters, comparison: Comparison, order: np.ndarray, roots: np.ndarray
) -> np.ndarray:
    """Joins the greedy pass refused as torn, looked at again with whole clusters: two
    clusters linked by pairs at or above the threshold (``order``) join when each one's
    records point at the other by :data:`AMBIGUITY_BITS` more than at any cluster they
    could join instead that can never join the other (:func:`_clear`; a record matching
    two namesakes about equally well still joins neither). Rounds until nothing joins (at
    most :data:`SETTLE_ROUNDS`); the guard still refuses every join it refuses in the
    greedy pass. Only the pairs left between clusters (by ``roots``, each record's cluster
    as the greedy pass left it) are looked at: at a million records, a few thousand."""
    left, right = comparison.pairs.left[order], comparison.pairs.right[order]
    odds = comparison.log_odds[order]
    for _ in range(SETTLE_ROUNDS):
        movers, targets, support = _support(roots, left, right, odds)
        if not len(movers):
            break
        ranked = np.lexsort((targets, movers, -support))
        links: dict[int, dict[int, float]] = {}
        for m, t, s in zip(movers.tolist(), targets.tolist(), support.tolist(), strict=True):
            links.setdefault(m, {})[t] = s
        moved = False
        touched: set[int] = set()
        for i in ranked.tolist():
            m, t = int(movers[i]), int(targets[i])
            if m in touched or t in touched or clusters.size[m] > clusters.size[t]:
                continue
            if (
                _clear(clusters, links, m, t)
                and _clear(clusters, links, t, m)
                and clusters.union(m, t)
            ):
                touched.update((m, t))
                moved = True
        if not moved:
            break
        roots = clusters.roots()
    return roots


def _merges_without(comparison: Comparison, fields: Sequence[str], merge: float) -> np.ndarray:
    """Per pair, whether its score without the weights of ``fields`` still merges."""
    if not fields:
        return np.zeros(len(comparison.score), dtype=bool)
    columns = [comparison.fields.index(f) for f in fields]
    rest = comparison.log_odds - comparison.weight[:, columns].sum(axis=1)
    return rest >= np.log2(merge / (1 - merge))


def _reviewable_without_flags(comparison: Comparison, guarded: Guard, review: float) -> np.ndarray:
    """Pairs whose evidence alone reaches the review threshold, a flag keeping them under
    it: a flag says how often people of a sort recur ("two victims seldom are one"), it
    contradicts nothing, so the pair it pulls down is an analyst's to see, not dropped
    (a victim named by a friend and later debriefed shares only a name and a nationality)."""
    columns = [i for i, f in enumerate(comparison.fields) if f in guarded.no_veto]
    if not columns:
        return np.zeros(len(comparison.score), dtype=bool)
    evidence = comparison.log_odds - comparison.weight[:, columns].sum(axis=1)
    return evidence >= np.log2(review / (1 - review))


def worth_reviewing(
    comparison: Comparison,
    roots: np.ndarray,
    outcome: np.ndarray,
    decisions: Mapping[tuple[int, int], Judgement] | None = None,
) -> np.ndarray:
    """Outcomes with only the pairs whose decision would change a cluster left as review
    or conflict: pairs inside one cluster, pairs between two clusters a reviewer already
    kept apart, and all but the best-scoring pair between the same two clusters become
    ``covered`` (deciding the best one decides them all)."""
    out = outcome.copy()
    queue = np.flatnonzero(np.isin(out, [_CODE[Outcome.REVIEW], _CODE[Outcome.CONFLICT]]))
    ra = roots[comparison.pairs.left[queue]]
    rb = roots[comparison.pairs.right[queue]]
    apart = {
        (min(roots[a], roots[b]), max(roots[a], roots[b]))
        for (a, b), judgement in (decisions or {}).items()
        if judgement is Judgement.DIFFERENT
    }
    kept_apart = np.fromiter(
        ((min(x, y), max(x, y)) in apart for x, y in zip(ra.tolist(), rb.tolist(), strict=True)),
        bool,
        len(queue),
    )
    out[queue[(ra == rb) | kept_apart]] = _CODE[Outcome.COVERED]
    keep = (ra != rb) & ~kept_apart
    queue, lo, hi = queue[keep], np.minimum(ra, rb)[keep], np.maximum(ra, rb)[keep]
    order = np.lexsort((-comparison.score[queue], hi, lo))
    queue, lo, hi = queue[order], lo[order], hi[order]
    repeated = np.zeros(len(queue), dtype=bool)
    repeated[1:] = (lo[1:] == lo[:-1]) & (hi[1:] == hi[:-1])
    out[queue[repeated]] = _CODE[Outcome.COVERED]
    return out


def blocked_joins(comparison: Comparison, roots: np.ndarray, merge: float) -> int:
    """How many pairs of clusters a pair scoring at or above ``merge`` would have joined
    but clustering kept apart (a hard conflict, a veto, a reviewer, or a record torn
    between two): never silently, each is counted here and one pair of each waits in the
    review queue."""
    joining = comparison.score >= merge
    ra = roots[comparison.pairs.left[joining]]
    rb = roots[comparison.pairs.right[joining]]
    kept = ra != rb
    if not kept.any():
        return 0
    lo, hi = np.minimum(ra[kept], rb[kept]), np.maximum(ra[kept], rb[kept])
    return len(distinct(lo * len(roots) + hi))


__all__ = [
    "OUTCOMES",
    "Guard",
    "blocked_joins",
    "cluster",
    "guard",
    "hard_values",
    "worth_reviewing",
]

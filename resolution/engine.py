"""The pipeline: prepare -> block -> compare -> decide & cluster, and its result.

``resolve(records, spec, decisions)`` is the one call; the returned
:class:`Resolution` gives the cluster of every record, the scored pairs with their
features, the review queue, run statistics and :meth:`Resolution.explain` for any
two records.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TypeVar

import numpy as np
from tqdm import tqdm

from casegraph.core.errors import InputError
from casegraph.resolution.blocking import SPARSE, block, record_keys
from casegraph.resolution.clustering import (
    OUTCOMES,
    blocked_joins,
    cluster,
    guard,
    hard_values,
    worth_reviewing,
)
from casegraph.resolution.comparators import object_array
from casegraph.resolution.decisions import Decision, DecisionStore, pair_key
from casegraph.resolution.explain import Explanation, features_of, plain_reason, shown
from casegraph.resolution.kinds import KINDS, column_platform
from casegraph.resolution.learn import Training, identifiers_over_people, train
from casegraph.resolution.normalize import country_code
from casegraph.resolution.scoring import (
    TERM_FREQUENCY_KINDS,
    compare,
    effective_levels,
    similarities,
)
from casegraph.resolution.spec import FieldSpec, ResolutionSpec
from casegraph.resolution.types import (
    CandidatePairs,
    Comparison,
    Judgement,
    Outcome,
    Record,
    RunStats,
    ScoredPair,
)

T = TypeVar("T")

# Column-name fragments -> kind, first match wins ("name" last: "surname" is a surname).
_HINTS = (
    ("passport", "identifier"), ("national_id", "identifier"), ("id_number", "identifier"),
    ("ssn", "identifier"), ("soc_sec", "identifier"), ("social_security", "identifier"),
    ("street_number", "category"), ("house_number", "category"), ("suburb", "place"),
    ("town", "place"), ("state", "category"), ("province", "category"),
    ("given", "given_name"), ("first", "given_name"),
    ("surname", "surname"), ("family", "surname"), ("last", "surname"), ("alias", "alias"),
    ("nickname", "alias"), ("birth", "date"), ("dob", "date"), ("date", "date"),
    ("phone", "phone"), ("mobile", "phone"), ("handle", "account"), ("account", "account"),
    ("wallet", "wallet"), ("address", "address"), ("postcode", "postcode"), ("zip", "postcode"),
    ("country", "country"), ("nationality", "country"), ("city", "place"), ("place", "place"),
    ("agency", "organisation"), ("company", "organisation"), ("organisation", "organisation"),
    ("gender", "category"), ("sex", "category"), ("role", "category"), ("name", "full_name"),
)  # fmt: skip


def default_spec(columns: Sequence[str]) -> ResolutionSpec:
    """A spec guessed from column names ("dob" -> date, "phones" -> phone, "Telegram" ->
    a Telegram account...); others ignored."""
    fields = []
    for column in columns:
        if column_platform(column):
            fields.append(FieldSpec(name=column, kind="account"))
            continue
        kind = next((k for hint, k in _HINTS if hint in column.lower()), None)
        if kind:
            fields.append(FieldSpec(name=column, kind=kind))
    country = next((f.name for f in fields if f.kind == "country"), None)
    return ResolutionSpec(fields=tuple(fields), country_field=country)


def prepare(records: Sequence[Record], spec: ResolutionSpec) -> dict[str, np.ndarray]:
    """Normalised comparison values per field, one array slot per record. Each distinct
    (value, country) of a field is normalised once: names, phones and dates recur from
    record to record, and their normalisers (transliteration, libphonenumber) are slow.
    Work per record is a lookup in a comprehension, a field at a time."""
    countries = [_country(record, spec) for record in records]
    return {fs.name: object_array(_prepared(records, countries, fs)) for fs in spec.fields}


def _country(record: Record, spec: ResolutionSpec) -> str | None:
    """The record's country (its own, the spec's country field written as a code, a name
    or a nationality, "KE", "Kenya", "Kenyan", or the spec's default region): the region
    of national phone numbers ("0712 345 678") and of date orders."""
    country = record.country
    if not country and spec.country_field:
        raw = record.values.get(spec.country_field)
        country = country_code(raw) if isinstance(raw, str) else None
    return country or spec.default_region


def _prepared(records: Sequence[Record], countries: list, fs: FieldSpec) -> list:
    """One field's prepared values, each distinct (value, country) prepared once."""
    source, name = fs.source, fs.name
    raws = [r.values[source] if source in r.values else r.values.get(name) for r in records]
    keys = [(tuple(v) if type(v) is list else v, c) for v, c in zip(raws, countries, strict=True)]
    prepare_one, options = KINDS[fs.kind].prepare, fs.options
    platform = column_platform(fs.name) if fs.kind == "account" else None
    if platform and "platform" not in options:
        options = {**options, "platform": platform}
    try:
        distinct = dict(zip(keys, zip(raws, countries, strict=True), strict=True))
    except TypeError:  # a set or a dict among the values: no order to key on
        return [prepare_one(v, c, options) for v, c in zip(raws, countries, strict=True)]
    prepared = {key: prepare_one(raw, c, options) for key, (raw, c) in distinct.items()}
    return list(map(prepared.__getitem__, keys))


def _original(record: Record, fs: FieldSpec) -> str:
    value = record.values.get(fs.source, record.values.get(fs.name))
    if value is None:
        return ""
    return value if isinstance(value, str) else "; ".join(str(v) for v in value)


class Resolution:
    """The outcome of one run over a list of records."""

    def __init__(
        self,
        records: Sequence[Record],
        spec: ResolutionSpec,
        columns: dict[str, np.ndarray],
        comparison: Comparison,
        roots: np.ndarray,
        outcome: np.ndarray,
        decisions: Mapping[tuple[str, str], Decision],
        skipped_keys: set[str],
        stats: RunStats,
        hard: Sequence[Mapping[str, frozenset[str]]] = (),
        decided: Mapping[tuple[int, int], Judgement] | None = None,
    ) -> None:
        self.spec, self.stats, self.decisions = spec, stats, decisions
        self._hard, self._decided, self._roots = hard, dict(decided or {}), roots
        self._records, self._columns, self._comparison = records, columns, comparison
        self._outcome, self._skipped = outcome, skipped_keys
        self._index = {r.id: i for i, r in enumerate(records)}
        self.training: Training | None = None
        """How the weights were learned (None when the spec's own were used)."""
        self.groups: np.ndarray | None = None  # first-pass clusters behind term frequencies
        self._keys: dict[str, tuple[str, ...]] = {}
        smallest: dict[int, str] = {}
        for record, root in zip(records, roots.tolist(), strict=True):
            if root not in smallest or record.id < smallest[root]:
                smallest[root] = record.id
        self.clusters: dict[str, str] = {
            r.id: smallest[root] for r, root in zip(records, roots.tolist(), strict=True)
        }
        """Record id -> cluster id (the smallest record id in the cluster: stable across runs)."""

    def model(self) -> ResolutionSpec:
        """The spec with every weight this run used written out (learned or the kinds'
        defaults, and the prior): saved as YAML and given to a later run, it scores
        that run's pairs the same way without learning again."""
        fields = tuple(
            replace(fs, levels=effective_levels(fs, self._columns[fs.name]))
            for fs in self.spec.fields
        )
        prior = self.spec.prior
        if prior is None:
            prior = 1.0 / max(len(self._records) - 1, 1)
        return replace(self.spec, fields=fields, prior=prior)

    def members(self) -> dict[str, list[str]]:
        """Cluster id -> record ids, in input order."""
        out: dict[str, list[str]] = {}
        for record_id, cluster_id in self.clusters.items():
            out.setdefault(cluster_id, []).append(record_id)
        return out

    def pairs(self, outcomes: Sequence[Outcome] | None = None) -> Iterator[ScoredPair]:
        """Scored pairs with their features, best first; only ``outcomes`` if given."""
        cmp = self._comparison
        chosen = np.arange(len(cmp.score))
        if outcomes is not None:  # sorted alone: the queue is a sliver of the compared pairs
            wanted = [OUTCOMES.index(o) for o in outcomes]
            chosen = np.flatnonzero(np.isin(self._outcome, wanted))
        for k in chosen[np.argsort(-cmp.score[chosen], kind="stable")].tolist():
            code = int(self._outcome[k])
            a, b = int(cmp.pairs.left[k]), int(cmp.pairs.right[k])
            yield ScoredPair(
                left=self._records[a].id,
                right=self._records[b].id,
                score=float(cmp.score[k]),
                outcome=OUTCOMES[code],
                features=features_of(self.spec, self._columns, cmp, k, a, b),
            )

    def review_queue(self) -> list[ScoredPair]:
        """Pairs worth a person's time: only those whose decision would change a cluster
        (one per pair of clusters, between the thresholds or refused as conflicting), each
        with a one-line reason, in order of expected impact: the record pairs a decision
        joins or keeps apart (cluster sizes multiplied) times how unsure the score is
        (conflicts count as fully unsure: the engine could not decide them)."""
        sizes = np.bincount(self._roots, minlength=len(self._records))
        queue = []
        for pair in self.pairs([Outcome.REVIEW, Outcome.CONFLICT]):
            a, b = self._index[pair.left], self._index[pair.right]
            joined = int(sizes[self._roots[a]]) * int(sizes[self._roots[b]])
            unsure = 1.0 if pair.outcome is Outcome.CONFLICT else 1 - abs(2 * pair.score - 1)
            queue.append(replace(pair, reason=plain_reason(pair.features), impact=joined * unsure))
        return sorted(queue, key=lambda p: (-p.impact, -p.score))

    def decide(
        self, left: str, right: str, judgement: Judgement, reason: str = "", user: str = ""
    ) -> Resolution:
        """This run re-clustered at once with a reviewer's judgement on one pair (nothing
        is compared again): the queue and clusters a reviewer sees next. Record it in a
        :class:`DecisionStore` too for it to last beyond this run."""
        unknown = [rid for rid in (left, right) if rid not in self._index]
        if unknown:
            raise InputError(f"no record with id {', '.join(map(repr, unknown))} in this run")
        a, b = sorted((self._index[left], self._index[right]))
        decided = {**self._decided, (a, b): judgement}
        roots, outcome = _decide(self._comparison, self._hard, decided, self.spec)
        key = pair_key(left, right)
        decisions = {**self.decisions, key: Decision(*key, judgement, user, "", reason)}
        stats = _stats(self.stats, self._comparison, roots, outcome, self.spec, self.stats.seconds)
        again = Resolution(
            self._records, self.spec, self._columns, self._comparison, roots, outcome,
            decisions, self._skipped, stats, self._hard, decided,
        )  # fmt: skip
        again.training, again.groups = self.training, self.groups
        return again

    def explain(self, left: str, right: str) -> Explanation:
        """Features, score, thresholds, decision and shared blocking keys of two records."""
        unknown = [rid for rid in (left, right) if rid not in self._index]
        if unknown:
            raise InputError(f"no record with id {', '.join(map(repr, unknown))} in this run")
        a, b = self._index[left], self._index[right]
        single = CandidatePairs(np.array([min(a, b)]), np.array([max(a, b)]), 1, 0)
        cmp = compare(self._columns, self.spec, single, len(self._records), groups=self.groups)
        known = self._comparison.pairs
        code = np.flatnonzero((known.left == min(a, b)) & (known.right == max(a, b)))
        outcome = OUTCOMES[int(self._outcome[code[0]])] if len(code) else None
        return self._explanation(a, b, cmp, 0, outcome, (left, right))

    @property
    def record_ids(self) -> list[str]:
        """Record ids in input order: the indices of :attr:`comparison`'s pairs."""
        return [r.id for r in self._records]

    @property
    def comparison(self) -> Comparison:
        """Every compared pair's similarities, weights and score, as arrays: what a caller
        stores (in bulk, without a Python object per pair) to explain pairs later."""
        return self._comparison

    def outcomes(self) -> list[Outcome]:
        """What the run did with each pair of :attr:`comparison`, in its order."""
        return [OUTCOMES[code] for code in self._outcome.tolist()]

    def compared_values(self, record_id: str) -> tuple[tuple[str, str], ...]:
        """Per spec field, the record's value as compared (normalised) and as written."""
        i = self._index[record_id]
        return tuple(
            (shown(self._columns[fs.name][i]), _original(self._records[i], fs))
            for fs in self.spec.fields
        )

    def blocking_keys(self, record_id: str) -> tuple[str, ...]:
        """The record's blocking keys as ``"rule=key"``: two records were compared when they
        share one that is not in :attr:`skipped_blocks` (or a reviewer decided the pair)."""
        if record_id not in self._keys:
            i = self._index[record_id]
            self._keys[record_id] = tuple(
                f"{'+'.join(rule)}={key}"
                for rule in self.spec.blocking_rules()
                for key in sorted(set(record_keys(rule, self._columns, i)))
            )
        return self._keys[record_id]

    @cached_property
    def skipped_blocks(self) -> frozenset[str]:
        """Blocking keys (``"rule=key"``) whose blocks were too large to compare whole (each
        record met only its nearest neighbours there)."""
        rules = self.spec.blocking_rules()
        return frozenset(
            f"{'+'.join(rules[int(r)])}={key}"
            for r, key in (k.split(":", 1) for k in self._skipped)
        )

    def _explanation(
        self,
        a: int,
        b: int,
        cmp: Comparison,
        k: int,
        outcome: Outcome | None,
        ids: tuple[str, str] | None = None,
    ) -> Explanation:
        """Explanation of records ``a`` and ``b`` from row ``k`` of comparison ``cmp``."""
        left, right = ids or (self._records[a].id, self._records[b].id)
        skipped = self.skipped_blocks
        theirs = set(self.blocking_keys(right))
        shared = [key for key in self.blocking_keys(left) if key in theirs]
        return Explanation(
            left=left,
            right=right,
            features=tuple(
                replace(
                    f,
                    left_original=_original(self._records[a], self.spec.field(f.field)),
                    right_original=_original(self._records[b], self.spec.field(f.field)),
                )
                for f in features_of(self.spec, self._columns, cmp, k, a, b)
            ),
            score=float(cmp.score[k]),
            thresholds=self.spec.thresholds,
            outcome=outcome,
            decision=self.decisions.get(pair_key(left, right)),
            blocking_keys=tuple(f"{key}{SPARSE}" if key in skipped else key for key in shared),
            same_cluster=self.clusters[left] == self.clusters[right],
        )


@dataclass(frozen=True)
class BlockingReport:
    """What blocking proposes before anything is compared: pairs per rule and in all."""

    records: int
    rules: tuple[tuple[str, int], ...]  # ("name.phonetic_pairs", pairs it proposes)
    pairs: int  # distinct pairs over all rules (plus pairs a reviewer decided)
    oversized_blocks: int

    def to_text(self) -> str:
        """One line per rule and the total, as the CLI prints it before comparing."""
        lines = [f"  {rule:<40} {count:>12,} pairs" for rule, count in self.rules]
        skipped = self.oversized_blocks
        lines.append(
            f"  {'all rules':<40} {self.pairs:>12,} pairs of {self.records:,} records"
            + (f" ({skipped} blocks too large, compared sparsely)" if skipped else "")
        )
        return "\n".join(lines)


def blocking_report(
    columns: dict[str, np.ndarray], spec: ResolutionSpec, pairs: CandidatePairs
) -> BlockingReport:
    """Pair counts per blocking rule (the pairs each rule proposes, whichever others
    propose them too) beside the run's total."""
    counts = tuple(
        ("+".join(rule), int(np.count_nonzero(pairs.rules & (1 << r))))
        for r, rule in enumerate(spec.blocking_rules())
    )
    n = len(next(iter(columns.values()))) if columns else 0
    return BlockingReport(n, counts, len(pairs), pairs.oversized_blocks)


def resolve(
    records: Sequence[Record],
    spec: ResolutionSpec | None = None,
    decisions: DecisionStore | Mapping[tuple[str, str], Decision] | None = None,
    progress: bool = False,
    on_blocked: Callable[[BlockingReport], None] | None = None,
) -> Resolution:
    """Resolve ``records`` into clusters; reviewer ``decisions`` win over scores.

    ``on_blocked`` sees the blocking report before anything is compared (and may raise
    to stop a run that would compare nothing, or far too much)."""
    with _without_cycle_collection():
        return _resolve(records, spec, decisions, progress, on_blocked)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused: a million records are tens of millions of live
    objects, and preparing and blocking them make short lists by the million, so the
    collector walked them all again and again (half of blocking's time at 200,000
    records). Reference counting still frees what a run drops; the few cycles made
    meanwhile are collected once the collector resumes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _resolve(
    records: Sequence[Record],
    spec: ResolutionSpec | None,
    decisions: DecisionStore | Mapping[tuple[str, str], Decision] | None,
    progress: bool,
    on_blocked: Callable[[BlockingReport], None] | None,
) -> Resolution:
    """:func:`resolve` itself."""
    started = time.perf_counter()
    spec = spec or default_spec(sorted({k for r in records for k in r.values}))
    latest = decisions.latest() if isinstance(decisions, DecisionStore) else dict(decisions or {})
    index = {r.id: i for i, r in enumerate(records)}
    decided = {
        (index[a], index[b]): d.judgement
        for (a, b), d in latest.items()
        if a in index and b in index
    }
    clock = _StageClock()
    columns = clock.lap("prepare", prepare(records, spec))
    pairs, skipped = block(
        columns,
        spec.blocking_rules(),
        spec.block_caps(),
        extra=list(decided),
        window=spec.oversize_window,
        sort_by=spec.neighbourhood_fields(),
    )
    clock.mark("block")
    if on_blocked is not None:
        on_blocked(blocking_report(columns, spec, pairs))
    with tqdm(total=len(pairs), desc="comparing", unit="pair", disable=not progress) as bar:
        sims = similarities(columns, spec, pairs.left, pairs.right, _per_field(bar, spec))
    clock.mark("compare")
    given = spec
    training = train(columns, spec, pairs, sims, decided) if spec.learn else None
    clock.mark("learn")
    if training is not None:
        spec = training.spec
    hard_fields = [f.name for f in spec.fields if f.is_hard()]
    hard = [
        {f: hard_values(columns[f], i) for f in hard_fields if columns[f][i]}
        for i in range(len(records))
    ]
    comparison = clock.lap("score", compare(columns, spec, pairs, len(records), sims=sims))
    roots, outcome = clock.lap("cluster", _decide(comparison, hard, decided, spec))
    groups = None
    if any(f.kind in TERM_FREQUENCY_KINDS for f in spec.fields):
        # Term frequencies over distinct people: count each first-pass cluster once; and
        # so the u of shared identifiers (one much-named boss's phone is not common).
        groups = roots
        again = None
        if training is not None and training.learned:
            learned = training.learned
            spec = identifiers_over_people(spec, given, columns, groups, learned)
            training = replace(training, spec=spec)
            clock.mark("learn")
        else:
            again = comparison
        comparison = compare(
            columns, spec, pairs, len(records), sims=sims, groups=groups, earlier=again
        )
        clock.mark("score")
        roots, outcome = clock.lap("cluster", _decide(comparison, hard, decided, spec))
    base = RunStats(stages=clock.stages())
    stats = _stats(base, comparison, roots, outcome, spec, time.perf_counter() - started)
    resolution = Resolution(
        records, spec, columns, comparison, roots, outcome, latest, skipped, stats, hard, decided
    )
    resolution.training, resolution.groups = training, groups
    return resolution


class _StageClock:
    """CPU seconds per stage of a run, summed when a stage runs twice (score, cluster)."""

    def __init__(self) -> None:
        self._seconds: dict[str, float] = {}
        self._last = time.process_time()

    def mark(self, stage: str) -> None:
        """Charge the CPU time since the last mark to ``stage``."""
        now = time.process_time()
        self._seconds[stage] = self._seconds.get(stage, 0.0) + now - self._last
        self._last = now

    def lap(self, stage: str, result: T) -> T:
        """:meth:`mark` ``stage`` and hand ``result`` (what the stage made) through."""
        self.mark(stage)
        return result

    def stages(self) -> tuple[tuple[str, float], ...]:
        return tuple((stage, round(seconds, 3)) for stage, seconds in self._seconds.items())


def _decide(
    comparison: Comparison,
    hard: Sequence[Mapping[str, frozenset[str]]],
    decided: Mapping[tuple[int, int], Judgement],
    spec: ResolutionSpec,
) -> tuple[np.ndarray, np.ndarray]:
    """Clusters and outcomes, with only the pairs worth a person's time left for review."""
    t = spec.thresholds
    roots, outcome = cluster(
        comparison, hard, decided, t.merge, t.review, spec.veto_weight, guard(spec)
    )
    return roots, worth_reviewing(comparison, roots, outcome, decided)


def _stats(
    base: RunStats,
    comparison: Comparison,
    roots: np.ndarray,
    outcome: np.ndarray,
    spec: ResolutionSpec,
    seconds: float,
) -> RunStats:
    """The run's figures from its pairs, clusters and outcomes."""
    counts = np.bincount(outcome, minlength=len(OUTCOMES))
    pairs = comparison.pairs
    return replace(
        base,
        records=len(roots),
        pairs_compared=len(pairs),
        all_pairs=pairs.all_pairs,
        reduction_ratio=pairs.reduction_ratio,
        oversized_blocks=pairs.oversized_blocks,
        clusters=len(set(roots.tolist())),
        merged=int(counts[OUTCOMES.index(Outcome.MERGE)]),
        review=int(counts[OUTCOMES.index(Outcome.REVIEW)]),
        conflicts=int(counts[OUTCOMES.index(Outcome.CONFLICT)]),
        blocked_joins=blocked_joins(comparison, roots, spec.thresholds.merge),
        seconds=seconds,
    )


def _per_field(bar: tqdm, spec: ResolutionSpec) -> Callable[[int], None]:
    """A tick for :func:`similarities` (called once per field with the number of pairs)
    that advances ``bar`` in pairs: the bar counts pairs compared, not field comparisons."""
    done = [0]

    def tick(count: int) -> None:
        done[0] += 1
        bar.update(count * done[0] // len(spec.fields) - count * (done[0] - 1) // len(spec.fields))

    return tick


__all__ = [
    "BlockingReport",
    "Resolution",
    "blocking_report",
    "default_spec",
    "prepare",
    "resolve",
]

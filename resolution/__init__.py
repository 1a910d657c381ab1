"""Entity resolution: records in, scored pairs and clusters out (independent of the graph).

Three stages with named types between them (see :mod:`casegraph.resolution.types`):

1. **block** (:mod:`casegraph.resolution.blocking`): shared identifiers, phonetic and token keys
   give :class:`CandidatePairs`, never all pairs;
2. **compare** (:mod:`casegraph.resolution.comparators`, :mod:`casegraph.resolution.scoring`): named
   rapidfuzz comparators per field kind, Fellegi-Sunter weights, one calibrated score;
3. **decide & cluster** (:mod:`casegraph.resolution.clustering`): reviewer decisions first, then
   greedy merging by score with a conflict check on hard identifiers.

Typical use::

    from casegraph.resolution import Record, DecisionStore, load_spec, resolve

    spec = load_spec("people.yaml")            # or ResolutionSpec(fields=(FieldSpec(...),))
    decisions = DecisionStore("review/")       # append-only; wins over scores
    result = resolve(records, spec, decisions)
    result.clusters                            # record id -> cluster id
    result.review_queue()                      # ScoredPair list between the thresholds
    result.explain("r1", "r7").to_text()       # features, score, decision, blocking keys
    decisions.record("r1", "r7", Judgement.DIFFERENT, reason="different passports")
"""

from casegraph.resolution.decisions import Decision, DecisionStore, pair_key
from casegraph.resolution.engine import Resolution, default_spec, resolve
from casegraph.resolution.explain import Explanation
from casegraph.resolution.kinds import KINDS
from casegraph.resolution.normalize import canonical_name, org_skeleton, to_latin
from casegraph.resolution.spec import (
    FieldSpec,
    LevelSpec,
    ResolutionSpec,
    Thresholds,
    load_spec,
    save_spec,
)
from casegraph.resolution.types import Feature, Judgement, Outcome, Record, RunStats, ScoredPair

__all__ = [
    "KINDS",
    "Decision",
    "DecisionStore",
    "Explanation",
    "Feature",
    "FieldSpec",
    "Judgement",
    "LevelSpec",
    "Outcome",
    "Record",
    "Resolution",
    "ResolutionSpec",
    "RunStats",
    "ScoredPair",
    "Thresholds",
    "canonical_name",
    "default_spec",
    "load_spec",
    "org_skeleton",
    "pair_key",
    "resolve",
    "save_spec",
    "to_latin",
]

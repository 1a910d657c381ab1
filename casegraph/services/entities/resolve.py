"""Resolve the person records of the graph and rebuild the entity layer.

Two people named in the same source are different people (a debrief lists each
person once), so every pair of records from one source gets an in-memory
"different" judgement; stored reviewer decisions come on top and win.

Records of designated parties read from a sanctions or watch list (``listed``) are
not resolved with the cases: each stays a person of its own, and ``casegraph xref``
reports which case persons resemble it, for a reviewer to decide.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np

from casegraph.resolution import (
    Decision,
    DecisionStore,
    Judgement,
    Record,
    Resolution,
    ResolutionSpec,
    load_spec,
    resolve,
)
from casegraph.resolution.decisions import pair_key
from casegraph.services.entities.explanations import write_explanations
from casegraph.services.entities.layer import EntityLayerStats, write_entity_layer
from casegraph.services.entities.records import PersonRow, fetch_person_records
from casegraph.store import GraphStore

PERSON_SPEC = Path(__file__).with_name("person_spec.yaml")

__all__ = ["PERSON_SPEC", "PersonResolution", "resolve_people", "to_record"]


@dataclass
class PersonResolution:
    result: Resolution
    layer: EntityLayerStats | None
    rows: list[PersonRow]
    reviewer_decisions: int


def to_record(row: PersonRow) -> Record:
    """The resolution engine's view of a person record."""
    names = [n for n in (row.name, *row.aliases) if n]
    return Record(
        id=row.id,
        values={
            "name": row.name,
            "names": names,
            "phones": list(row.phones),
            "accounts": list(row.accounts),
            "wallets": list(row.wallets),
            "nationality": row.nationality,
            "birth_year": str(row.birth_year) if row.birth_year else None,
            "gender": row.gender,
        },
        country=row.source_country or row.nationality,
    )


def _same_source_apart(rows: list[PersonRow]) -> dict[tuple[str, str], Decision]:
    by_source: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_source[row.source_id].append(row.id)
    apart = {}
    for ids in by_source.values():
        for a, b in combinations(sorted(ids), 2):
            left, right = pair_key(a, b)
            apart[(left, right)] = Decision(
                left, right, Judgement.DIFFERENT, "casegraph", "", "named apart in one source"
            )
    return apart


def resolve_people(
    store: GraphStore,
    decisions_dir: Path,
    spec: ResolutionSpec | None = None,
    write: bool = True,
    progress: bool = False,
) -> PersonResolution:
    """Cluster every PersonRecord and (unless ``write`` is False) rebuild the Person layer."""
    rows = fetch_person_records(store)
    stored = DecisionStore(decisions_dir).latest()
    decisions = {**_same_source_apart(rows), **stored}
    cases = [to_record(r) for r in rows if not r.listed]
    result = resolve(cases, spec or load_spec(PERSON_SPEC), decisions, progress=progress)
    layer = None
    if write:
        layer = write_entity_layer(store, rows, result.clusters, _joining_scores(result))
        write_explanations(store, result)
    return PersonResolution(result, layer, rows, reviewer_decisions=len(stored))


def _joining_scores(result: Resolution) -> dict[str, float]:
    """Per record, the best score of its pairs inside its own cluster (the score it
    joined with); records alone in their cluster are left out."""
    cmp, ids = result.comparison, result.record_ids
    cluster = np.asarray([result.clusters[rid] for rid in ids], dtype=object)
    left, right = cmp.pairs.left, cmp.pairs.right
    inside = cluster[left] == cluster[right]
    best = np.full(len(ids), -1.0)
    np.maximum.at(best, left[inside], cmp.score[inside])
    np.maximum.at(best, right[inside], cmp.score[inside])
    return {rid: float(s) for rid, s in zip(ids, best.tolist(), strict=True) if s >= 0}

"""Resolve the person records of the graph and rebuild the entity layer.

Two people named in the same source are different people (a debrief lists each person
once), so every such pair gets an in-memory "different" judgement. A table row that
cites a debrief as its source is not in that debrief's list: it corroborates the
debrief's people, and when it names exactly one of them it is that person. Two records
whose names are one letter apart, that both give phones (or accounts, or wallets) and
share none, are kept apart too (two different men named Kibet and Kibit). Each
automatic judgement records when it was made; stored reviewer decisions come on top
and win.

Records of designated parties read from a sanctions or watch list (``listed``) are
not resolved with the cases: each stays a person of its own, and ``casegraph xref``
reports which case persons resemble it, for a reviewer to decide; a reviewer's
"same" decision is the only way a listed record joins a case person.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein

from casegraph.core.resources import package_path
from casegraph.resolution import (
    Decision,
    DecisionStore,
    Judgement,
    Outcome,
    Record,
    Resolution,
    ResolutionSpec,
    load_spec,
    resolve,
)
from casegraph.resolution.decisions import pair_key
from casegraph.resolution.normalize import normalize_text
from casegraph.services.entities.explanations import write_explanations
from casegraph.services.entities.layer import EntityLayerStats, write_entity_layer
from casegraph.services.entities.records import PersonRow, fetch_person_records
from casegraph.store import GraphStore

PERSON_SPEC = package_path("casegraph.services.entities", "person_spec.yaml")

__all__ = ["PERSON_SPEC", "PersonResolution", "resolve_people", "to_record"]


@dataclass
class PersonResolution:
    result: Resolution
    layer: EntityLayerStats | None
    rows: list[PersonRow]
    reviewer_decisions: int


def to_record(row: PersonRow) -> Record:
    """The resolution engine's view of a person record. Roles come apart in two: the
    roles a person held in the operation (`staff_roles`) and whether a source names them
    in any such role (`staff`: "no" for a victim only), because victims are made
    recruiters and controllers: a victim and a recruiter of one name may be one person, a
    transporter and a director hardly; and two victims, each debriefed once, seldom."""
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
            "roles": list(row.roles),
            "staff_roles": [r for r in row.roles if r != "victim"],
            "staff": ("no" if set(row.roles) == {"victim"} else "yes") if row.roles else None,
        },
        country=row.source_country or row.nationality,
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _same_source_apart(rows: list[PersonRow]) -> dict[tuple[str, str], Decision]:
    """Judge "different" two records of one source, but not between a debrief's own people
    and a table row that cites the debrief (that row corroborates one of them)."""
    by_source: dict[str, list[PersonRow]] = defaultdict(list)
    for row in rows:
        by_source[row.source_id].append(row)
    apart, at = {}, _now()
    for group in by_source.values():
        for a, b in combinations(sorted(group, key=lambda r: r.id), 2):
            if a.in_source_list != b.in_source_list:
                continue
            left, right = pair_key(a.id, b.id)
            apart[(left, right)] = Decision(
                left, right, Judgement.DIFFERENT, "casegraph", at, "named apart in one source"
            )
    return apart


def _names(row: PersonRow) -> set[str]:
    return {normalize_text(n) for n in (row.name, *row.aliases) if n} - {""}


def _cited_person(rows: list[PersonRow]) -> dict[tuple[str, str], Decision]:
    """Judge "same" a table row that cites a debrief and names exactly one person of that
    debrief's list (by name or alias): the row is what the table says about that person."""
    in_list: dict[str, list[PersonRow]] = defaultdict(list)
    for row in rows:
        if row.in_source_list:
            in_list[row.source_id].append(row)
    same, at = {}, _now()
    for row in rows:
        if row.in_source_list or row.source_kind != "debrief":
            continue
        found = [other for other in in_list[row.source_id] if _names(row) & _names(other)]
        if len(found) == 1:
            key = pair_key(row.id, found[0].id)
            reason = "a table row citing this debrief names this person"
            same[key] = Decision(*key, Judgement.SAME, "casegraph", at, reason)
    return same


def _identifiers(a: PersonRow, b: PersonRow) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(a.phones, b.phones), (a.accounts, b.accounts), (a.wallets, b.wallets)]


def _one_letter_apart(
    rows: list[PersonRow], result: Resolution, decided: dict[tuple[str, str], Decision]
) -> dict[tuple[str, str], Decision]:
    """Judge "different" merged pairs whose names are one letter apart and that both give
    phones (or accounts, or wallets), none in common: a typo and a different man look
    the same on names alone, their own numbers tell them apart."""
    by_id = {row.id: row for row in rows}
    ids, cmp, apart, at = result.record_ids, result.comparison, {}, _now()
    merged = [k for k, o in enumerate(result.outcomes()) if o is Outcome.MERGE]
    for k in merged:  # arrays, not a scored-pair object per pair: runs reach 100k pairs
        a, b = by_id[ids[int(cmp.pairs.left[k])]], by_id[ids[int(cmp.pairs.right[k])]]
        key = pair_key(a.id, b.id)
        if key in decided:
            continue
        names = normalize_text(a.name or ""), normalize_text(b.name or "")
        if not all(names) or Levenshtein.distance(*names) != 1:
            continue
        kinds = [(set(x), set(y)) for x, y in _identifiers(a, b)]
        differ = any(x and y and not x & y for x, y in kinds)
        if differ and not any(x & y for x, y in kinds):
            reason = "names one letter apart, no shared identifier"
            apart[key] = Decision(*key, Judgement.DIFFERENT, "casegraph", at, reason)
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
    decisions = {**_same_source_apart(rows), **_cited_person(rows), **stored}
    # a listed record joins the cases only through a reviewer's "same" decision
    confirmed = {rid for pair, d in stored.items() if d.judgement == Judgement.SAME for rid in pair}
    cases = [to_record(r) for r in rows if not r.listed or r.id in confirmed]
    spec = spec or load_spec(PERSON_SPEC)
    result = resolve(cases, spec, decisions, progress=progress)
    look_alikes = _one_letter_apart(rows, result, decisions)
    if look_alikes:  # rare: resolve again with those pairs kept apart
        decisions = {**decisions, **look_alikes}
        result = resolve(cases, spec, decisions, progress=progress)
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

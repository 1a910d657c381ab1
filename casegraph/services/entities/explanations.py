"""Why records are one person, kept as data: written with the entity layer, read back
by `explain`, `review` and the reports without running resolution again.

A resolve stores, beside the Person layer it rebuilds:

* one ``ResolutionRun`` node: the fields compared (name, kind, comparator), the
  thresholds, the blocks too large to compare whole, when, and the run's figures;
* on each ``RESOLVES_TO``: the record's values as compared and as written (one per
  field) and its blocking keys;
* one ``COMPARED`` link per compared pair (smaller record id first): the score, the
  outcome, each compared field's similarity and weight, and the decision in force
  (judgement, who, when, why).

Reading a pair back is a lookup. Two records with no ``COMPARED`` link were never
compared: their blocking keys say why (no key in common, or only keys of blocks too
large to compare).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import networkx as nx
import numpy as np

from casegraph.core.errors import InputError
from casegraph.resolution import (
    Decision,
    Explanation,
    Feature,
    Judgement,
    Outcome,
    Resolution,
    Thresholds,
    pair_key,
)
from casegraph.resolution.blocking import SPARSE
from casegraph.store import GraphStore

RUN_ID = "person"
QUEUE_OUTCOMES = (Outcome.REVIEW, Outcome.CONFLICT)
_JOINED = (Outcome.MERGE.value, Outcome.SAME.value)

DROP_COMPARED = "MATCH (:PersonRecord)-[c:COMPARED]->(:PersonRecord) DELETE c"
WRITE_RUN = """
MERGE (r:ResolutionRun {id: $id})
SET r = $props
"""
WRITE_RECORD_EVIDENCE = """
UNWIND $rows AS row
MATCH (:PersonRecord {id: row.record})-[x:RESOLVES_TO]->(:Person)
SET x.compared = row.compared, x.written = row.written, x.blocking_keys = row.keys
"""
WRITE_COMPARED = """
UNWIND $rows AS row
MATCH (a:PersonRecord {id: row.left})
MATCH (b:PersonRecord {id: row.right})
MERGE (a)-[c:COMPARED]->(b)
SET c += row.props
"""
READ_RUN = "MATCH (r:ResolutionRun {id: $id}) RETURN properties(r) AS run"
READ_RECORDS = """
MATCH (r:PersonRecord) WHERE r.id IN $ids
OPTIONAL MATCH (r)-[x:RESOLVES_TO]->(p:Person)
RETURN r.id AS id, r.name AS name, r.aliases AS aliases, r.roles AS roles,
       r.source_id AS source_id, r.listed AS listed, p.id AS person, x.compared AS compared,
       x.written AS written, x.blocking_keys AS blocking_keys
"""
READ_PAIRS_AMONG = """
MATCH (a:PersonRecord) WHERE a.id IN $ids
MATCH (a)-[c:COMPARED]->(b:PersonRecord) WHERE b.id IN $ids
RETURN a.id AS left, b.id AS right, properties(c) AS pair
ORDER BY c.score DESC, left, right
"""
READ_MEMBERS = "MATCH (r:PersonRecord)-[:RESOLVES_TO]->(:Person {id: $person}) RETURN r.id AS id"
READ_QUEUE = """
MATCH (a:PersonRecord)-[c:COMPARED]->(b:PersonRecord)
WHERE c.outcome IN $outcomes AND c.decision IS NULL
RETURN a.id AS left, b.id AS right, properties(c) AS pair
ORDER BY c.score DESC, left, right
"""

__all__ = [
    "NoResolution",
    "PairAccount",
    "StoredRun",
    "explain_pair",
    "record_descriptions",
    "pairs_among",
    "review_queue",
    "stored_run",
    "strongest_joins",
    "write_explanations",
]


class NoResolution(InputError):
    """The graph holds no stored resolution (never resolved, or resolved before
    explanations were kept)."""


# ------------------------------------------------------------------ writing


def _run_props(result: Resolution) -> dict[str, Any]:
    s, spec = result.stats, result.spec
    return {
        "id": RUN_ID,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "fields": [f.name for f in spec.fields],
        "kinds": [f.kind for f in spec.fields],
        "comparators": [f.comparator_name() for f in spec.fields],
        "merge_threshold": spec.thresholds.merge,
        "review_threshold": spec.thresholds.review,
        "skipped_blocks": sorted(result.skipped_blocks),
        "records": s.records,
        "pairs_compared": s.pairs_compared,
        "persons": s.clusters,
        "merged": s.merged,
        "review": s.review,
        "conflicts": s.conflicts,
    }


def _decision_props(decision: Decision | None) -> dict[str, Any]:
    if decision is None:
        return {}
    return {
        "decision": decision.judgement.value,
        "decided_by": decision.user,
        "decided_at": decision.at,
        "decision_reason": decision.reason,
    }


def _pair_rows(result: Resolution) -> list[dict[str, Any]]:
    """One row per compared pair, built from the comparison's arrays (no object per pair:
    a run over 3,000 records compares about 90,000 pairs)."""
    cmp, ids = result.comparison, result.record_ids
    similarity = np.round(cmp.similarity, 4).tolist()
    weight = np.round(cmp.weight, 3).tolist()
    fields = cmp.fields
    rows = []
    pairs = zip(cmp.pairs.left.tolist(), cmp.pairs.right.tolist(), strict=True)
    scores, outcomes = cmp.score.tolist(), [o.value for o in result.outcomes()]
    for k, (a, b) in enumerate(pairs):
        left, right = pair_key(ids[a], ids[b])
        present = [j for j, s in enumerate(similarity[k]) if s == s]  # NaN: a value missing
        props = {
            "score": scores[k],
            "outcome": outcomes[k],
            "fields": [fields[j] for j in present],
            "similarities": [similarity[k][j] for j in present],
            "weights": [weight[k][j] for j in present],
            **_decision_props(result.decisions.get((left, right))),
        }
        rows.append({"left": left, "right": right, "props": props})
    return rows


def write_explanations(store: GraphStore, result: Resolution) -> int:
    """Store what explains ``result`` (after its entity layer is written); returns the
    number of compared pairs stored."""
    store.write(DROP_COMPARED)
    store.write(WRITE_RUN, {"id": RUN_ID, "props": _run_props(result)})
    records = []
    for rid in result.record_ids:
        values = result.compared_values(rid)
        records.append(
            {
                "record": rid,
                "compared": [v[0] for v in values],
                "written": [v[1] for v in values],
                "keys": list(result.blocking_keys(rid)),
            }
        )
    store.write_batches(WRITE_RECORD_EVIDENCE, records)
    rows = _pair_rows(result)
    store.write_batches(WRITE_COMPARED, rows)
    return len(rows)


# ------------------------------------------------------------------ reading


@dataclass(frozen=True)
class StoredRun:
    """The stored resolve: its fields, thresholds and blocks too large to compare whole."""

    fields: tuple[str, ...]
    kinds: tuple[str, ...]
    comparators: tuple[str, ...]
    thresholds: Thresholds
    skipped_blocks: frozenset[str]
    at: str

    def explanation(
        self,
        left: Mapping[str, Any],
        right: Mapping[str, Any],
        pair: Mapping[str, Any],
    ) -> Explanation:
        """The Explanation of a stored pair (``left``/``right``: READ_RECORDS rows)."""
        measured = zip(pair.get("similarities") or [], pair.get("weights") or [], strict=True)
        compared = dict(zip(pair.get("fields") or [], measured, strict=True))
        features = []
        for j, name in enumerate(self.fields):
            similarity, weight = compared.get(name, (None, 0.0))
            features.append(
                Feature(
                    field=name,
                    kind=self.kinds[j],
                    left=_at(left.get("compared"), j),
                    right=_at(right.get("compared"), j),
                    comparator=self.comparators[j],
                    similarity=similarity,
                    weight=weight,
                    left_original=_at(left.get("written"), j),
                    right_original=_at(right.get("written"), j),
                )
            )
        return Explanation(
            left=left["id"],
            right=right["id"],
            features=tuple(features),
            score=float(pair["score"]),
            thresholds=self.thresholds,
            outcome=Outcome(pair["outcome"]),
            decision=_decision(left["id"], right["id"], pair),
            blocking_keys=self.shared_keys(left, right),
            same_cluster=left.get("person") == right.get("person"),
        )

    def shared_keys(self, left: Mapping[str, Any], right: Mapping[str, Any]) -> tuple[str, ...]:
        """Blocking keys both records have, marked when their block was compared sparsely."""
        theirs = set(right.get("blocking_keys") or [])
        return tuple(
            f"{key}{SPARSE}" if key in self.skipped_blocks else key
            for key in left.get("blocking_keys") or []
            if key in theirs
        )


def _at(values: Sequence[str] | None, j: int) -> str:
    return str(values[j]) if values and j < len(values) else ""


def _decision(left: str, right: str, pair: Mapping[str, Any]) -> Decision | None:
    if not pair.get("decision"):
        return None
    a, b = pair_key(left, right)
    return Decision(
        a,
        b,
        Judgement(pair["decision"]),
        pair.get("decided_by") or "",
        pair.get("decided_at") or "",
        pair.get("decision_reason") or "",
    )


def stored_run(store: GraphStore) -> StoredRun:
    """The stored resolve, or :class:`NoResolution` naming the command that makes one."""
    rows = store.read(READ_RUN, {"id": RUN_ID})
    if not rows:
        raise NoResolution(
            "no resolution is stored in this graph: run `casegraph resolve` first "
            "(explanations are written when the entity layer is)"
        )
    run = rows[0]["run"]
    return StoredRun(
        fields=tuple(run.get("fields") or ()),
        kinds=tuple(run.get("kinds") or ()),
        comparators=tuple(run.get("comparators") or ()),
        thresholds=Thresholds(merge=run["merge_threshold"], review=run["review_threshold"]),
        skipped_blocks=frozenset(run.get("skipped_blocks") or ()),
        at=str(run.get("at") or ""),
    )


def _records(store: GraphStore, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in store.read(READ_RECORDS, {"ids": list(ids)})}


def _explained(store: GraphStore, run: StoredRun, rows: list[dict[str, Any]]) -> list[Explanation]:
    records = _records(store, sorted({r[k] for r in rows for k in ("left", "right")}))
    return [run.explanation(records[r["left"]], records[r["right"]], r["pair"]) for r in rows]


def _among(store: GraphStore, run: StoredRun, record_ids: Sequence[str]) -> list[Explanation]:
    return _explained(store, run, store.read(READ_PAIRS_AMONG, {"ids": list(record_ids)}))


def review_queue(store: GraphStore, decided: Collection[tuple[str, str]] = ()) -> list[Explanation]:
    """Pairs between the thresholds or refused as conflicting that nobody has decided
    (``decided``: pairs decided since the last resolve, as ``pair_key``), best first."""
    run = stored_run(store)
    rows = store.read(READ_QUEUE, {"outcomes": [o.value for o in QUEUE_OUTCOMES]})
    return _explained(store, run, [r for r in rows if (r["left"], r["right"]) not in decided])


def pairs_among(store: GraphStore, record_ids: Sequence[str]) -> list[Explanation]:
    """Every stored pair of two of ``record_ids``, best first; empty when no resolution
    is stored (a layer written without resolving, as the query tests build it)."""
    try:
        run = stored_run(store)
    except NoResolution:
        return []
    return _among(store, run, record_ids)


def strongest_joins(explained: Sequence[Explanation]) -> list[Explanation]:
    """The pairs that join one person's records most strongly: the maximum spanning tree
    of their scores, n-1 pairs for n records (all pairs would be n(n-1)/2)."""
    graph = nx.Graph()
    for e in explained:
        graph.add_edge(e.left, e.right, weight=e.score, explanation=e)
    tree = nx.maximum_spanning_tree(graph)
    return [graph.edges[a, b]["explanation"] for a, b in sorted(map(sorted, tree.edges()))]


def _chain(
    store: GraphStore, run: StoredRun, left: Mapping[str, Any], right: Mapping[str, Any]
) -> tuple[Explanation, ...]:
    """The merged pairs that join ``left`` to ``right`` through other records of their
    person, in the fewest steps."""
    members = [r["id"] for r in store.read(READ_MEMBERS, {"person": left["person"]})]
    graph = nx.Graph()
    graph.add_nodes_from((left["id"], right["id"]))
    for e in _among(store, run, members):
        if e.outcome is not None and e.outcome.value in _JOINED:
            graph.add_edge(e.left, e.right, explanation=e)
    if not nx.has_path(graph, left["id"], right["id"]):
        return ()
    path = nx.shortest_path(graph, left["id"], right["id"])
    return tuple(graph.edges[a, b]["explanation"] for a, b in zip(path, path[1:], strict=False))


@dataclass(frozen=True)
class PairAccount:
    """What the stored resolution says about two records."""

    left: Mapping[str, Any]
    right: Mapping[str, Any]
    run: StoredRun
    explanation: Explanation | None  # None: never compared
    chain: tuple[Explanation, ...]  # merged pairs that join them through other records

    @property
    def same_person(self) -> bool:
        return self.left.get("person") == self.right.get("person")

    def to_text(self) -> str:
        """A plain-text account for the terminal."""
        lines = [f"  {_describe(self.left)}", f"  {_describe(self.right)}"]
        if self.explanation is not None:
            lines.append(self.explanation.to_text())
        else:
            lines.extend(self._never_compared())
        if self.chain:
            steps = ", ".join(
                f"{e.left} ~ {e.right} ({e.outcome.value if e.outcome else '?'}, {e.score:.3f})"
                for e in self.chain
            )
            lines.append(f"one person through other records: {steps}")
        lines.append(f"(stored by the resolve of {self.run.at}; nothing was re-run)")
        return "\n".join(lines)

    def _never_compared(self) -> list[str]:
        shared = self.run.shared_keys(self.left, self.right)
        if shared:
            keys = ", ".join(k.removesuffix(SPARSE) for k in shared)
            why = (
                "the blocking keys they share formed blocks too large to compare whole, where "
                f"each record met only its nearest neighbours ({keys})"
            )
        else:
            why = "they share no blocking key (they fall in different blocks)"
        person = "same person" if self.same_person else "different persons"
        lines = [
            f"{self.left['id']} vs {self.right['id']}: never compared: {why}, so the engine "
            f"never scored them; {person}",
            "values as compared:",
        ]
        for j, name in enumerate(self.run.fields):
            a, b = _at(self.left.get("compared"), j), _at(self.right.get("compared"), j)
            if a or b:
                lines.append(f"  {name} ({self.run.kinds[j]}): {a!r} vs {b!r}")
        return lines


def _describe(record: Mapping[str, Any]) -> str:
    roles = ", ".join(record.get("roles") or []) or "-"
    bits = [record.get("name") or "?", f"roles {roles}", f"source {record.get('source_id')}"]
    if record.get("aliases"):
        bits.append(f"aliases {', '.join(record['aliases'])}")
    return f"{record['id']}: " + "; ".join(bits)


def record_descriptions(store: GraphStore, ids: Sequence[str]) -> dict[str, str]:
    """One line per person record: id, name, roles, source and aliases."""
    return {rid: _describe(row) for rid, row in _records(store, ids).items()}


def _not_compared(record: Mapping[str, Any]) -> str:
    """Why a record has no stored comparison: a listed party is kept out of resolution on
    purpose (telling the user to resolve again would change nothing); any other record
    was loaded after the last resolve."""
    rid = record["id"]
    if record.get("listed"):
        return (
            f"record {rid!r} is a party listed on {record['listed']}: listed parties are not "
            "resolved with case people; `casegraph xref` compares them, and "
            f"`casegraph review --decide CASE-RECORD {rid} same` joins one to a case person"
        )
    return f"record {rid!r} came after the last resolve: run `casegraph resolve`"


def explain_pair(store: GraphStore, a: str, b: str) -> PairAccount:
    """Everything stored about records ``a`` and ``b`` (as the user named them). An
    InputError names a record the graph lacks or one loaded after the last resolve."""
    run = stored_run(store)
    records = _records(store, [a, b])
    for rid in (a, b):
        if rid not in records:
            raise InputError(f"no person record {rid!r}")
        if records[rid].get("compared") is None:
            raise InputError(_not_compared(records[rid]))
    left, right = records[a], records[b]
    rows = store.read(READ_PAIRS_AMONG, {"ids": [a, b]})
    explanation = run.explanation(left, right, rows[0]["pair"]) if rows else None
    joined = explanation is not None and explanation.outcome in (Outcome.MERGE, Outcome.SAME)
    chain = ()
    if left["person"] == right["person"] and not joined:
        chain = _chain(store, run, left, right)
    return PairAccount(left, right, run, explanation, chain)

"""`casegraph resolve` on the examples: the entity layer equals the ground truth."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
import yaml

from casegraph.resolution import DecisionStore, Judgement
from casegraph.services.entities.resolve import resolve_people
from casegraph.services.ingest import load_paths

REPO = Path(__file__).resolve().parents[1]
TRUTH = yaml.safe_load((REPO / "examples" / "ground_truth.yaml").read_text(encoding="utf-8"))


def true_pairs(record_ids: set[str]) -> set[tuple[str, str]]:
    pairs = set()
    for person in TRUTH["persons"]:
        ids = sorted(r for r in person.get("records", []) if r in record_ids)
        pairs.update(combinations(ids, 2))
    return pairs


def found_pairs(clusters: dict[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = {}
    for rid, cid in clusters.items():
        groups.setdefault(cid, []).append(rid)
    return {p for ids in groups.values() for p in combinations(sorted(ids), 2)}


@pytest.fixture
def loaded(store):
    load_paths(store, [REPO / "examples"], strict=True)
    return store


def test_scores_alone_never_merge_different_people(loaded, tmp_path):
    run = resolve_people(loaded, tmp_path / "decisions")
    truth, found = true_pairs(set(run.result.clusters)), found_pairs(run.result.clusters)
    assert found <= truth, f"wrongly merged: {sorted(found - truth)}"
    assert len(found & truth) / len(truth) >= 0.9


def test_with_the_analysts_decisions_the_layer_is_the_ground_truth(loaded, tmp_path):
    decisions = DecisionStore(tmp_path / "decisions")
    decisions.import_csv(REPO / "examples" / "review" / "decisions.csv")
    run = resolve_people(loaded, tmp_path / "decisions")
    assert found_pairs(run.result.clusters) == true_pairs(set(run.result.clusters))
    top = next(p for p in TRUTH["persons"] if p["id"] == TRUTH["top_recruiter"]["person"])
    person = loaded.read(
        "MATCH (:PersonRecord {id: $rid})-[:RESOLVES_TO]->(p:Person) RETURN p",
        {"rid": top["records"][0]},
    )[0]["p"]
    assert sorted(person["record_ids"]) == sorted(top["records"])
    assert set(top["phones"]) <= {
        r["phone"]
        for r in loaded.read(
            "MATCH (p:Person {id: $id})-[:USES_PHONE]->(ph:Phone) RETURN ph.id AS phone",
            {"id": person["id"]},
        )
    }


def test_unmerge_is_a_decision_the_next_resolve_follows(loaded, tmp_path):
    top = next(p for p in TRUTH["persons"] if p["id"] == TRUTH["top_recruiter"]["person"])
    a, b = top["records"][0], top["records"][1]
    first = resolve_people(loaded, tmp_path / "decisions")
    assert first.result.clusters[a] == first.result.clusters[b]
    DecisionStore(tmp_path / "decisions").record(a, b, Judgement.DIFFERENT, reason="test")
    again = resolve_people(loaded, tmp_path / "decisions")
    assert again.result.clusters[a] != again.result.clusters[b]
    persons = loaded.read(
        "MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p:Person) WHERE r.id IN $ids "
        "RETURN count(DISTINCT p) AS n",
        {"ids": [a, b]},
    )
    assert persons == [{"n": 2}]
    assert loaded.read("MATCH (r:PersonRecord) RETURN count(r) AS n")[0]["n"] == len(again.rows)

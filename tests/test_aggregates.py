"""The whole-graph summaries follow the graph: loading more after a resolve shows in the
whole-graph answers at once, on both stores, and a summary a node no longer earns is
removed (casegraph.services.aggregates)."""

from __future__ import annotations

from pathlib import Path

from queries_support import cli_env, load_examples

from casegraph.cli import main
from casegraph.services.aggregates import refresh_aggregates
from casegraph.services.ingest import load_paths
from casegraph.services.runner import run_query
from casegraph.store import GraphStore

# A phone of the examples' top recruiter, told again in a new case from another country.
LATER = """---
debrief_id: DBR-PH-9001
case_id: CASE-PH-LATER
date: 2025-03-02
country: PH
organisation: Manila Returnee Desk (fictional)
grading: B2
interviewee:
  ref: V1
  pseudonym: PH-V-9001
  nationality: PH
  gender: F
  role: victim
people:
  - ref: R1
    name: Tomas Verdell
    roles: [recruiter]
    phones: ["PHONE"]
relations:
  - {from: R1, type: recruited, to: V1}
---
A man calling himself Tomas recruited her over the phone.
"""


def _phone_rows(store: GraphStore, query: str, phone: str, **params) -> list[dict]:
    return [r for r in run_query(store, query, params).rows if r["item"] == phone]


def _one_case_phone(store: GraphStore) -> tuple[str, str]:
    """A phone a person record of exactly one case uses, with that case."""
    rows = store.read(
        "MATCH (r:PersonRecord)-[:USES_PHONE]->(ph:Phone) WHERE r.case_id IS NOT NULL "
        "WITH ph, collect(DISTINCT r.case_id) AS cases WHERE size(cases) = 1 "
        "RETURN ph.id AS id, cases[0] AS case_id ORDER BY id LIMIT 1"
    )
    return rows[0]["id"], rows[0]["case_id"]


def test_a_load_after_resolve_shows_in_the_whole_graph_answers(
    any_store: GraphStore, tmp_path: Path
):
    load_examples(any_store)
    phone, case = _one_case_phone(any_store)
    assert not _phone_rows(any_store, "cross-case-links", phone)
    later = tmp_path / "later.md"
    later.write_text(LATER.replace("PHONE", phone), encoding="utf-8")
    load_paths(any_store, [later], strict=True)  # no resolve after it
    (row,) = _phone_rows(any_store, "cross-case-links", phone)
    assert set(row["cases"]) == {case, "CASE-PH-LATER"}
    assert "DBR-PH-9001" in row["source_ids"]
    assert "PH" in row["countries"]
    (border,) = _phone_rows(any_store, "cross-border-links", phone, min_countries=1)
    assert "PH" in border["countries"] and border["best_grading"] <= "B2"


def test_a_summary_goes_when_its_links_go(any_store: GraphStore):
    load_examples(any_store)
    phone, _ = _one_case_phone(any_store)
    any_store.write(
        "MATCH (:PersonRecord)-[r:USES_PHONE]->(:Phone {id: $id}) DELETE r", {"id": phone}
    )
    any_store.write("MATCH (:Source)-[r:MENTIONS]->(:Phone {id: $id}) DELETE r", {"id": phone})
    refresh_aggregates(any_store)
    (left,) = any_store.read(
        "MATCH (ph:Phone {id: $id}) RETURN ph.case_ids AS cases, ph.told_countries AS told",
        {"id": phone},
    )
    assert not left["cases"] and not left["told"]
    assert not _phone_rows(any_store, "cross-border-links", phone, min_countries=1)


def test_a_reload_writes_no_summary(any_store: GraphStore):
    load_examples(any_store)
    refresh = refresh_aggregates(any_store)
    assert refresh.written == 0 and refresh.cleared == 0


def test_schema_apply_writes_the_summaries_of_an_older_graph(
    any_store: GraphStore, monkeypatch, capsys, tmp_path: Path
):
    """A graph loaded before the summaries existed gets them from `casegraph schema apply`."""
    load_examples(any_store)
    before = run_query(any_store, "cross-border-links", {}).rows
    any_store.write(
        "MATCH (n:Phone) SET n.case_ids = null, n.case_source_ids = null, n.holders = null,"
        " n.told_countries = null, n.best_grading = null"
    )
    assert not [
        r for r in run_query(any_store, "cross-border-links", {}).rows if r["kind"] == "Phone"
    ]
    for name, value in cli_env(any_store, tmp_path).items():
        monkeypatch.setenv(name, value)
    main(["schema", "apply"])
    assert "whole-graph summaries:" in capsys.readouterr().out
    assert run_query(any_store, "cross-border-links", {}).rows == before

"""The whole-graph summaries follow the graph: loading more after a resolve shows in the
whole-graph answers at once, on both stores, and a summary a node no longer earns is
removed (casegraph.services.aggregates). A load or a rebuild of the entity layer reworks
only the summaries it can have changed; after each kind of change a refresh of the
whole graph finds nothing left to write."""

from __future__ import annotations

from pathlib import Path

import pytest
from queries_support import EXAMPLES, cli_env, load_examples

import casegraph.services.entities.layer as layer
import casegraph.services.ingest as ingest
from casegraph.cli import main
from casegraph.services.aggregates import ROUTE_FIELDS, Refresh, refresh_aggregates
from casegraph.services.entities.layer import write_entity_layer
from casegraph.services.entities.records import fetch_person_records
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


@pytest.fixture
def refreshes(monkeypatch) -> list[Refresh]:
    """The refreshes loads and rebuilds of the entity layer run (after the examples')."""
    seen: list[Refresh] = []

    def spy(store: GraphStore, touched=None) -> Refresh:
        seen.append(refresh_aggregates(store, touched))
        return seen[-1]

    monkeypatch.setattr(ingest, "refresh_aggregates", spy)
    monkeypatch.setattr(layer, "refresh_aggregates", spy)
    return seen


def _none_stale(store: GraphStore, refreshes: list[Refresh]) -> None:
    """The last refresh reworked only some summaries, and none is left to write."""
    assert refreshes[-1].reworked is not None, "the whole graph was refreshed"
    full = refresh_aggregates(store)
    assert (full.written, full.cleared) == (0, 0)


def _load(store: GraphStore, tmp_path: Path, name: str, text: str, **options) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert not load_paths(store, [path], strict=True, **options).problems


def test_a_load_after_resolve_shows_in_the_whole_graph_answers(
    any_store: GraphStore, tmp_path: Path, refreshes: list[Refresh]
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
    _none_stale(any_store, refreshes)


def test_a_new_debrief_moves_its_case_country_for_the_phones_told_before(
    any_store: GraphStore, tmp_path: Path, refreshes: list[Refresh]
):
    """A case without a country of its own is placed where most of its debriefs were
    taken: two debriefs taken in Thailand move it there, and the phone an earlier debrief
    of the case told (and these two do not) is reported from Thailand too."""
    load_examples(any_store)
    phone, _ = _one_case_phone(any_store)
    _load(any_store, tmp_path, "later.md", LATER.replace("PHONE", phone))
    (row,) = _phone_rows(any_store, "cross-case-links", phone)
    assert "TH" not in row["countries"]
    for n in ("9002", "9003"):
        text = LATER.replace("DBR-PH-9001", f"DBR-PH-{n}").replace("country: PH", "country: TH")
        _load(any_store, tmp_path, f"th-{n}.md", text.replace("PHONE", f"+6681555{n}"))
    (row,) = _phone_rows(any_store, "cross-case-links", phone)
    assert "TH" in row["countries"]
    _none_stale(any_store, refreshes)


def test_a_case_told_as_much_in_two_countries_makes_nothing_cross_border(
    any_store: GraphStore, tmp_path: Path
):
    """One debrief of a case taken in Kenya, one in the Philippines: a phone only the
    Philippine one tells was told in one country, not a cross-border link (the tie used
    to make the case Kenyan, and every item of it Kenyan too)."""
    for sid, country, phone in (("9101", "KE", "+254711555101"), ("9102", "PH", "+639185559102")):
        text = LATER.replace("DBR-PH-9001", f"DBR-X-{sid}").replace("CASE-PH-LATER", "CASE-X")
        text = text.replace("country: PH", f"country: {country}").replace("PHONE", phone)
        _load(any_store, tmp_path, f"{sid}.md", text)
    rows = run_query(any_store, "cross-border-links", {"min_countries": 1}).rows
    told = {r["item"]: r["countries"] for r in rows if r["kind"] == "Phone"}
    assert told == {"+254711555101": ["KE"], "+639185559102": ["PH"]}
    assert not run_query(any_store, "cross-border-links", {}).rows


def test_a_new_grading_of_a_source_shows_in_what_it_told(
    any_store: GraphStore, tmp_path: Path, refreshes: list[Refresh]
):
    """A debrief graded again (loaded with --update) is the best source of the people it
    tells of, whose records the new version does not write again."""
    load_examples(any_store)
    text = (EXAMPLES / "debriefs" / "DBR-KE-0001.md").read_text("utf-8")
    assert "grading: B2" in text
    told = {
        r["item"]
        for r in run_query(any_store, "cross-border-links", {"min_countries": 1}).rows
        if r["kind"] == "Person" and "DBR-KE-0001" in r["source_ids"]
    }
    _load(any_store, tmp_path, "DBR-KE-0001.md", text.replace("grading: B2", "grading: A1"),
          update=True)  # fmt: skip
    rows = run_query(any_store, "cross-border-links", {"min_countries": 1}).rows
    assert told and {r["item"] for r in rows if r["best_grading"] == "A1"} >= told
    _none_stale(any_store, refreshes)


def _phone_holders(store: GraphStore) -> dict[str, list[str]]:
    rows = store.read("MATCH (ph:Phone) RETURN ph.id AS id, ph.holders AS holders")
    return {r["id"]: sorted(r["holders"] or []) for r in rows}


def _layer(store: GraphStore) -> dict[str, str]:
    """Record id -> the id of the person it resolves to now."""
    rows = store.read(
        "MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p:Person) RETURN r.id AS rec, p.id AS person"
    )
    return {r["rec"]: r["person"] for r in rows}


def test_a_merge_and_a_split_show_in_the_holders(any_store: GraphStore, refreshes: list[Refresh]):
    """Two people merged hold their phones as one; split again, each holds its own."""
    load_examples(any_store)
    records, now = fetch_person_records(any_store), _layer(any_store)
    users = any_store.read(
        "MATCH (p:Person)-[:USES_PHONE]->(ph:Phone) WITH ph, collect(p.id) AS people "
        "WHERE size(people) = 1 RETURN people[0] AS person, ph.id AS phone"
    )
    one, other = sorted({r["person"] for r in users})[:2]
    phones = sorted(r["phone"] for r in users if r["person"] in (one, other))
    before = {ph: _phone_holders(any_store)[ph] for ph in phones}
    assert len({tuple(h) for h in before.values()}) == 2
    write_entity_layer(
        any_store, records, {r: "MERGED" if p in (one, other) else p for r, p in now.items()}
    )
    merged = _phone_holders(any_store)
    assert len({tuple(merged[ph]) for ph in phones}) == 1
    _none_stale(any_store, refreshes)
    write_entity_layer(any_store, records, now)
    assert {ph: _phone_holders(any_store)[ph] for ph in phones} == before
    _none_stale(any_store, refreshes)


def test_a_new_journey_shows_in_the_routes_and_its_facilitator_after_resolve(
    any_store: GraphStore, tmp_path: Path, refreshes: list[Refresh]
):
    load_examples(any_store)
    journey = (
        "journey:\n"
        "  - {order: 1, from: Manila, to: Bangkok, mode: flight, date: 2025-02-01,"
        " facilitator: R1}\n"
        "  - {order: 2, from: Bangkok, to: Mae Sot, mode: road, date: 2025-02-02}\n"
        "  - {order: 3, from: Mae Sot, to: Myawaddy, mode: boat, irregular: true}\n"
    )
    text = LATER.replace("PHONE", "+639175550142").replace("---\nA man", journey + "---\nA man")
    _load(any_store, tmp_path, "later.md", text)

    def route() -> dict:
        rows = run_query(any_store, "transit-routes", {"origin": "PH"}).rows
        (row,) = [r for r in rows if "DBR-PH-9001#journey" in r["journeys"]]
        return row

    assert route()["places"][0] == "Manila" and "DBR-PH-9001" in route()["source_ids"]
    assert "Mae Sot -> Myawaddy (boat)" in route()["irregular_crossings"]
    assert not [f for f in route()["facilitators"] if f["leg"] == "Manila -> Bangkok"]
    _none_stale(any_store, refreshes)
    write_entity_layer(any_store, fetch_person_records(any_store), _layer(any_store))
    (helped,) = [f for f in route()["facilitators"] if f["leg"] == "Manila -> Bangkok"]
    assert helped["by"] == ["Tomas Verdell"]
    _none_stale(any_store, refreshes)


def test_a_load_onto_a_graph_without_route_summaries_writes_them_all(
    any_store: GraphStore, tmp_path: Path, refreshes: list[Refresh]
):
    """A graph written before journeys had route summaries gets them from the next load."""
    load_examples(any_store)
    before = run_query(any_store, "transit-routes", {}).rows
    any_store.write(f"MATCH (j:Journey) SET {', '.join(f'j.{f} = null' for f in ROUTE_FIELDS)}")
    assert not run_query(any_store, "transit-routes", {}).rows
    _load(any_store, tmp_path, "later.md", LATER.replace("PHONE", "+639175550142"))
    assert refreshes[-1].reworked is None  # the whole graph, once
    assert run_query(any_store, "transit-routes", {}).rows == before


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

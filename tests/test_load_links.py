"""A user's own link chart: any party to any party, typed from the schema, with provenance."""

from __future__ import annotations

from load_helpers import LISTS, snapshot

from casegraph.services.entities.layer import write_entity_layer
from casegraph.services.entities.records import fetch_person_records
from casegraph.services.ingest import load_paths
from casegraph.services.runner import run_query

CHART = LISTS / "chart.csv"


def test_a_link_chart_loads_its_links_with_source_and_grading(store):
    report = load_paths(store, [CHART])
    stats = report.kinds["links"]
    assert (stats.read, stats.loaded, stats.rejected) == (10, 6, 4)
    links = store.read(
        "MATCH (a)-[r:OWNS|DIRECTS|OPERATES|EMPLOYS|FAMILY_OF]->(b) "
        "RETURN coalesce(a.name, a.id) AS a, type(r) AS type, b.name AS b, r.grading AS grading, "
        "r.start_date AS start, r.end_date AS end, r.directed AS directed, "
        "r.source_ids AS sources, r.refs AS refs ORDER BY a, type, b"
    )
    assert [(x["a"], x["type"], x["b"]) for x in links] == [
        ("Ruan Teck Seng", "DIRECTS", "Saffron Tide Holdings"),
        ("Ruan Teck Seng", "DIRECTS", "Saffron Tide Trading"),
        ("Ruan Teck Seng", "FAMILY_OF", "Ruan Mei Ling"),
        ("Saffron Tide Holdings", "OWNS", "Saffron Tide Trading"),
        ("Saffron Tide Trading", "EMPLOYS", "Pheaktra Security"),
        ("Saffron Tide Trading", "OPERATES", "Golden Lotus Compound"),
    ]
    owns = links[3]
    assert owns["grading"] == "B2" and owns["start"] == "2019-04" and owns["directed"] is True
    assert owns["sources"] == ["CHART-TST-1"] and owns["refs"] == ["chart.csv:row 3"]
    assert links[2]["directed"] is False and links[5]["end"] == "2023-12"
    kinds = store.read("MATCH (o:Organisation) RETURN o.name AS name, o.kind AS kind ORDER BY name")
    assert kinds == [
        {"name": "Pheaktra Security", "kind": "other"},
        {"name": "Saffron Tide Holdings", "kind": "company"},
        {"name": "Saffron Tide Trading", "kind": "company"},
    ]
    assert {n["name"] for n in store.read("MATCH (c:Compound) RETURN c.name AS name")} == {
        "Golden Lotus Compound"
    }


def test_bad_link_rows_are_rejected_with_the_reason_and_the_known_types(store):
    report = load_paths(store, [CHART])
    problems = {(p.line, p.field): p.reason for p in report.problems}
    assert set(problems) == {(8, "type"), (9, "direction"), (10, "type"), (11, "to_kind")}
    assert "unknown link type 'bribes'; known: owns, directs" in problems[(8, "type")]
    assert "sideways" in problems[(9, "direction")]
    assert "cannot go from phone to location" in problems[(10, "type")]
    assert "unknown organisation kind 'compny'" in problems[(11, "to_kind")]
    # a rejected row asserts nothing: no police node, no phone
    assert store.read("MATCH (n) WHERE n.name = 'Provincial Police' OR n:Phone RETURN n") == []


def test_a_chart_loads_once_and_the_ownership_query_walks_it(store):
    load_paths(store, [CHART])
    before = snapshot(store)
    load_paths(store, [CHART])
    assert snapshot(store) == before
    write_entity_layer(store, fetch_person_records(store), {})
    rows = run_query(store, "ownership-chains", {"name": "Ruan Teck Seng"}).rows
    assert [r["chain"][1:] for r in rows] == [
        ["Saffron Tide Trading", "Golden Lotus Compound"],
        ["Saffron Tide Holdings", "Saffron Tide Trading", "Golden Lotus Compound"],
    ]
    assert rows[1]["links"] == ["DIRECTS", "OWNS", "OPERATES"]
    assert rows[1]["kinds"] == ["person", "company", "company", "compound"]
    short = run_query(store, "ownership-chains", {"name": "Ruan Teck Seng", "max_hops": 1}).rows
    assert sorted(r["controlled"] for r in short) == [
        "Saffron Tide Holdings",
        "Saffron Tide Trading",
    ]
    shared = run_query(store, "organisations-sharing", {}).rows
    assert [(r["organisation"], r["other"], r["shared"], r["values"]) for r in shared] == [
        ("Saffron Tide Holdings", "Saffron Tide Trading", ["director"], ["Ruan Teck Seng"])
    ]


def test_agencies_under_one_registration_number_are_a_shared_pair(store, tmp_path):
    (tmp_path / "agencies.csv").write_text(
        "agency_id,name,country,registration\n"
        "AG-1,Northern Star Talent,KE,PVT-KE-555-01\n"
        "AG-2,Northern Starr Talents,UG,pvt-ke-555-01\n"
        "AG-3,Southern Cross Jobs,KE,PVT-KE-555-02\n",
        encoding="utf-8",
    )
    load_paths(store, [tmp_path])
    rows = run_query(store, "organisations-sharing", {"name": "Northern Star Talent"}).rows
    assert [(r["organisation"], r["other"], r["shared"], r["values"]) for r in rows] == [
        ("Northern Star Talent", "Northern Starr Talents", ["registration"], ["PVT-KE-555-01"])
    ]

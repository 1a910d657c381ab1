"""Pictures on the person layer: after resolve each person once, the seed marked, a
legend for node kinds and link styles, links styled by grading as on i2 charts, a cap
that says how much it left out, and nothing loaded over the network."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from queries_support import eid, example_graph, truth

from casegraph.services.render import neighbourhood
from casegraph.services.render.html import external_references, network_data, render_html
from casegraph.store import GraphStore

TOP = truth()["top_recruiter"]["person"]


@pytest.fixture(scope="module")
def graph(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[GraphStore]:
    yield from example_graph(request, tmp_path_factory)


def test_around_a_resolved_person_each_person_once_seed_marked_legend(graph, tmp_path):
    sub = neighbourhood(graph, eid(TOP), hops=1)
    assert not [n for n in sub.nodes if n.label == "PersonRecord"]
    assert len({n.id for n in sub.nodes}) == len(sub.nodes)
    data = network_data(sub)
    seed = [n for n in data["nodes"] if n["cgId"] == eid(TOP)]
    others = [n for n in data["nodes"] if n["cgId"] != eid(TOP)]
    assert seed[0]["borderWidth"] == 5 and all(n.get("borderWidth", 1) < 5 for n in others)
    labels = {e.get("label", "") for e in data["edges"]}
    assert any(label.startswith("recruited · ") for label in labels)
    assert not any(re.search(r"[A-Z]+_[A-Z]+", label) for label in labels)
    dashes = {json.dumps(e.get("dashes")) for e in data["edges"]}
    assert "false" in dashes and len(dashes) >= 2, "graded links are drawn in several styles"
    page = render_html(sub, tmp_path / "top.html").read_text(encoding="utf-8")
    assert "Confirmed (best source credibility 1-2)" in page and "Recruiter" in page
    assert "the picture is drawn around it" in page
    assert external_references(page) == []


def test_records_only_on_request_and_the_cap_says_what_it_left_out(graph, tmp_path):
    with_records = neighbourhood(graph, eid(TOP), hops=1, records=True)
    assert any(n.label == "PersonRecord" for n in with_records.nodes)
    capped = neighbourhood(graph, eid(TOP), hops=1, limit=3)
    full = neighbourhood(graph, eid(TOP), hops=1)
    assert len(capped.nodes) == 4 and capped.hidden == len(full.nodes) - 4
    page = render_html(capped, tmp_path / "capped.html").read_text(encoding="utf-8")
    assert f"{capped.hidden} more not shown" in page


def test_query_pictures_keep_cases_countries_and_route_order(graph):
    from casegraph.services.query_pictures import query_picture
    from casegraph.services.runner import run_query

    linked = query_picture(graph, run_query(graph, "cross-case-links", {"min_cases": 2}))
    labels = {n.label for n in linked.nodes}
    assert {"Case", "Country"} <= labels, "the cases and countries of the answer are drawn"

    routes = run_query(graph, "transit-routes", {})
    sub = query_picture(graph, routes)
    legs = {(e.source, e.target, e.type) for e in sub.edges if e.type.startswith("LEG_")}
    first = routes.rows[0]["sequence"]
    pairs = zip(first, first[1:], strict=False)
    expected = {(a, b, f"LEG_{i}") for i, (a, b) in enumerate(pairs, 1)}
    assert expected and expected <= legs, "the most common route is drawn leg by leg, in order"

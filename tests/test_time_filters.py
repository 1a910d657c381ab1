"""--since/--until on the saved queries that have dates (payments, transfers, journeys):
what comes back is what the example notes date inside the range, counted from the
notes themselves."""

from __future__ import annotations

import frontmatter
import pytest
import yaml
from queries_support import EXAMPLES, example_graph

from casegraph.core.errors import ParameterError
from casegraph.loaders.gazetteer import load_gazetteer
from casegraph.services.runner import run_query

graph = pytest.fixture(scope="module", name="graph")(example_graph)
SPRING = {"since": "2024-03-01", "until": "2024-05-31"}


def _notes() -> list[dict]:
    out = []
    for path in sorted((EXAMPLES / "debriefs").iterdir()):
        text = path.read_text(encoding="utf-8")
        meta = frontmatter.loads(text).metadata if path.suffix == ".md" else yaml.safe_load(text)
        out.append(meta)
    return out


def _inside(day: object) -> bool:
    return day is not None and SPRING["since"] <= str(day) <= SPRING["until"]


def test_payments_and_transfers_inside_the_range(graph):
    paid = run_query(graph, "payment-flows", SPRING).rows
    expected = sum(1 for n in _notes() for p in n.get("payments") or [] if _inside(p.get("date")))
    assert paid and len(paid) == expected
    assert all(_inside(row["date"]) for row in paid)
    everything = run_query(graph, "payment-flows", {}).rows
    assert len(everything) > len(paid)
    moved = run_query(graph, "victim-transfers", {"until": "2024-05-31"}).rows
    told = {(str(t["date"]), t["from"]) for n in _notes() for t in n.get("transfers") or []}
    early = {(d, f) for d, f in told if d <= "2024-05-31"}
    assert moved and {(row["date"], row["from_compound"]) for row in moved} == early


def test_recruitment_from_a_country_in_a_month(graph):
    """The analyst's "recruitment in Kenya in January 2024"."""
    places = load_gazetteer()
    began = [
        n
        for n in _notes()
        if n.get("journey")
        and places.lookup(str(n["journey"][0]["from"])).country == "KE"
        and "2024-01-01" <= str(n["journey"][0].get("date")) <= "2024-01-31"
    ]
    rows = run_query(
        graph, "origin-country-recruitment", {"country": "KE", **_month("2024-01")}
    ).rows
    recruiters = [r for r in rows if r["category"] == "recruiter"]
    assert began and recruiters
    assert max(r["victims"] for r in recruiters) == len(began)
    sources = {s for r in rows for s in r["source_ids"] if s.startswith("DBR-")}
    assert {n["debrief_id"] for n in began} <= sources
    whole = run_query(graph, "origin-country-recruitment", {"country": "KE"}).rows
    assert max(r["victims"] for r in whole if r["category"] == "recruiter") > len(began)


def test_transit_routes_with_a_leg_in_the_range(graph):
    rows = run_query(graph, "transit-routes", SPRING).rows
    journeys = {j for r in rows for j in r["journeys"]}
    told = {
        f"{n['debrief_id']}#journey"
        for n in _notes()
        if any(_inside(leg.get("date")) for leg in n.get("journey") or [])
    }
    assert told and told <= journeys
    assert len(journeys) < sum(r["journeys_count"] for r in run_query(graph, "transit-routes").rows)
    with pytest.raises(ParameterError, match="since"):
        run_query(graph, "transit-routes", {"since": "spring"})


def _month(month: str) -> dict[str, str]:
    return {"since": f"{month}-01", "until": f"{month}-31"}

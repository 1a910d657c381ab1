"""The offline map: every compound with coordinates and every route leg, drawn with the
network blocked; nothing in the page loads over the network; the saved queries' answers
drawn on it. Expected places come from the example files and the graph, not a past run."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import matplotlib.image as plt_image
import pytest
from queries_support import EXAMPLES, example_graph, victim_names
from report_support import run_cli

from casegraph.core.errors import ParameterError
from casegraph.services import audit
from casegraph.services.geo_map import query_map, route_map
from casegraph.services.geo_map_draw import figure, write_map

graph = pytest.fixture(scope="module", name="graph")(example_graph)

ALL_LEGS = """
MATCH (:Journey)-[:HAS_LEG]->(l:Leg)-[:FROM]->(a), (l)-[:TO]->(b)
RETURN DISTINCT a.id AS a, b.id AS b
"""


@pytest.fixture
def no_network(monkeypatch):
    """Any internet connection fails (the store's unix socket still works)."""
    real = socket.socket.connect

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise OSError(f"network blocked in this test: connect to {address}")
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


def _page_data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S)
    assert found, "no map data in the page"
    return json.loads(found.group(1).replace("<\\/", "</"))


def test_map_of_the_examples_offline_has_every_compound_and_route_leg(graph, tmp_path, no_network):
    with pytest.raises(OSError, match="network blocked"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    rm = route_map(graph)
    page_path = write_map(rm, tmp_path / "map.html")
    png = write_map(rm, tmp_path / "map.png")
    page = page_path.read_text(encoding="utf-8")
    assert png.read_bytes()[:4] == b"\x89PNG"
    # every compound of the GeoJSON table, at its coordinates
    geo = json.loads((EXAMPLES / "tables" / "compounds.geojson").read_text(encoding="utf-8"))
    for feature in geo["features"]:
        cid = feature["properties"]["compound_id"]
        lon, lat = feature["geometry"]["coordinates"]
        assert f'data-place="{cid}"' in page, cid
        assert (rm.places[cid].lon, rm.places[cid].lat) == (lon, lat)
    # every leg of every journey and documented route, as an arrow between located places
    pairs = {(r["a"], r["b"]) for r in graph.read(ALL_LEGS)}
    drawn = {(leg.origin, leg.destination) for leg in rm.legs}
    assert pairs and pairs == drawn
    assert not rm.unplaced(), [p.name for p in rm.unplaced()]
    assert page.count('class="leg') == len(pairs)
    # nothing loads from the network: no external script, style, image or font
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(http" not in page
    assert 'class="country" data-code="MM"' in page and 'data-code="KE"' in page


def test_legs_count_victims_and_mark_irregular_crossings(graph):
    rm = route_map(graph, "country", "KE")
    crossing = next(
        leg
        for leg in rm.legs
        if (leg.origin, leg.destination) == ("LOC-TH-MAESOT", "LOC-MM-MYAWADDY")
    )
    travellers = graph.read(
        """MATCH (p:Person)-[:MADE]->(:Journey)-[:HAS_LEG]->(l:Leg)-[:FROM]->(:Location {id: $a}),
                 (l)-[:TO]->(:Location {id: $b})
           RETURN DISTINCT p.id AS id""",
        {"a": "LOC-TH-MAESOT", "b": "LOC-MM-MYAWADDY"},
    )
    kenyan = {r["id"] for r in travellers} & crossing.victims
    assert kenyan and crossing.irregular
    assert rm.places["LOC-TH-BANGKOK"].role == "hub"
    assert rm.places["CMP-MM-KKPARK"].role == "compound"
    kk = rm.places["CMP-MM-KKPARK"].profile
    assert kk["people held (on file)"] >= 5 and kk["sources"]


def test_compound_profile_on_click_and_victims_never_named(graph, tmp_path):
    text = write_map(route_map(graph, "compound", "KK Park"), tmp_path / "kk.html").read_text(
        encoding="utf-8"
    )
    data = _page_data(text)
    profile = data["places"]["CMP-MM-KKPARK"]
    assert profile["title"] == "KK Park" and profile["capacity"] == 10000
    assert all(re.search(r"\([A-F][1-6]\)$", s) for s in profile["sources"])
    assert all(isinstance(leg["victims who travelled it"], int) for leg in data["legs"])
    assert not [n for n in victim_names() if len(n) > 3 and n in text]


def test_saved_query_answers_on_the_map(graph, tmp_path):
    answer = graph.read(
        "MATCH (trip:Journey)-[:HAS_LEG]->(l:Leg {order: 1})-[:FROM]->(a) WHERE a.country = 'ID'"
        " RETURN count(DISTINCT trip) AS n"
    )[0]["n"]
    rm = query_map(graph, "transit-routes", {"origin": "ID"})
    assert answer and rm.legs
    journeys = {j for leg in rm.legs for j in leg.travellers}
    assert len(journeys) == answer
    hubs = query_map(graph, "origin-country-recruitment", {"country": "KE"})
    assert "CMP-MM-KKPARK" in hubs.places and "LOC-TH-BANGKOK" in hubs.places
    assert hubs.places["CMP-MM-KKPARK"].profile["victims (query answer)"] >= 1
    write_map(hubs, tmp_path / "hubs.png")


def test_map_command_and_its_errors(graph, tmp_path: Path):
    done = run_cli(graph, "map", "--country", "KE", "-o", str(tmp_path / "ke.html"))
    assert done.returncode == 0, done.stderr
    last = audit.entries(graph.server.home, action="map")[-1]
    assert last["params"]["country"] == "KE" and last["rows"]["legs"] >= 3
    both = run_cli(graph, "map", "--country", "KE", "--case", "X", "-o", str(tmp_path / "x.png"))
    assert both.returncode != 0 and "at most one" in both.stderr
    with pytest.raises(ParameterError, match="alpha-2"):
        route_map(graph, "country", "Kenya!")
    with pytest.raises(ParameterError, match="html, png, svg"):
        write_map(route_map(graph), tmp_path / "map.pdf")


def test_notebook_shows_the_map_inline(graph, tmp_path):
    from casegraph.notebook import route_map_view

    shown = route_map_view(graph, tmp_path / "ke.html", country="KE")
    assert "<iframe srcdoc=" in shown.data and "CMP-MM-KKPARK" in shown.data
    assert (tmp_path / "ke.html").is_file()
    answer = route_map_view(graph, tmp_path / "id.html", query_name="transit-routes", origin="ID")
    assert "LOC-ID-JAKARTA" in answer.data


def test_png_map_has_no_empty_band_and_names_never_print_over_each_other(graph, tmp_path):
    """The picture a prosecutor pastes into a brief: the panels fill it (no white band
    between the caption and the maps), every compound is named once, and no place name
    is printed over another (places a few kilometres apart share one label)."""
    rm = route_map(graph)
    pixels = plt_image.imread(write_map(rm, tmp_path / "map.png"))[..., :3]
    blank = (pixels > 0.99).all(axis=2).all(axis=1)
    widest = max(len(run) for run in "".join("1" if b else "0" for b in blank).split("0"))
    assert widest < 0.05 * len(blank), f"an empty band {widest} px high of {len(blank)}"
    fig = figure(rm)
    renderer = fig.canvas.get_renderer()
    compounds = {p.name for p in rm.places.values() if p.role == "compound" and p.located}
    labels = [
        text
        for ax in fig.axes
        for text in ax.texts
        if set(text.get_text().split("\n")) & {p.name for p in rm.places.values()}
    ]
    named = [line for text in labels for line in text.get_text().split("\n")]
    assert len(compounds) >= 5 and all(named.count(name) == 1 for name in compounds), named
    boxes = [(text.axes, text.get_window_extent(renderer)) for text in labels]
    clashes = [
        (labels[i].get_text(), labels[j].get_text())
        for i, (ax, box) in enumerate(boxes)
        for j, (other_ax, other) in enumerate(boxes[i + 1 :], i + 1)
        if ax is other_ax and box.overlaps(other)
    ]
    assert not clashes

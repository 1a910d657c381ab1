"""Network pictures as a reader sees them: everything drawn, victims pseudonymous,
tooltips that cite graded sources, no markup injection, bosses on top, offline pages,
and static pictures that are real pictures and reproducible byte for byte."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from pyvis.network import Network

from casegraph.core.errors import CasegraphError
from casegraph.services.render import GEdge, GNode, Subgraph, render, render_html, render_static
from casegraph.services.render.describe import node_tooltip
from casegraph.services.render.html import external_references

VICTIM_NAME = "Zawadi Okello"
VICTIM_ALIAS = "Zawa-chan"
PSEUDONYM = "V-017"
INJECTION = '<img src=x onerror="alert(1)">Jobs & Co'


def sample() -> Subgraph:
    """A small fictional recruitment network: a REPORTS_TO chain down to a victim."""

    def person(pid: str, name: str, role: str, **extra) -> GNode:
        return GNode(pid, "Person", name, {"id": pid, "name": name, "roles": [role], **extra})

    def link(src: str, rtype: str, dst: str, **props) -> GEdge:
        return GEdge(src, dst, rtype, {"source_ids": ["S1"], "refs": ["debrief-1.md:12"], **props})

    nodes = [
        person("p-boss", "Boss Lim", "boss"),
        person("p-dir", "Director Wu", "director"),
        person("p-ctl", "Ah Seng", "controller"),
        person("p-agt", "Agent Kiprono", "agent"),
        person("p-tan", "Mr Tan", "recruiter", case_ids=["C-KE-01"], source_ids=["S1", "S2"]),
        GNode(
            "pr-v1",
            "PersonRecord",
            VICTIM_NAME,
            {
                "id": "pr-v1",
                "name": VICTIM_NAME,
                "aliases": [VICTIM_ALIAS],
                "roles": ["victim"],
                "pseudonym": PSEUDONYM,
            },
        ),
        GNode("alias-zc", "Alias", VICTIM_ALIAS, {"id": "alias-zc", "value": VICTIM_ALIAS}),
        GNode("+254700000001", "Phone", "+254700000001", {"id": "+254700000001"}),
        GNode("telegram:jobs_fake", "Account", "telegram:jobs_fake", {"id": "telegram:jobs_fake"}),
        GNode("ag-1", "Agency", INJECTION, {"id": "ag-1", "name": INJECTION}),
        GNode("cmp-1", "Compound", "Golden Star Compound", {"id": "cmp-1"}),
        GNode("S1", "Source", "S1", {"id": "S1", "kind": "debrief", "grading": "B2"}),
        GNode("C-KE-01", "Case", "C-KE-01", {"id": "C-KE-01"}),
    ]
    edges = [
        link("p-dir", "REPORTS_TO", "p-boss"),
        link("p-ctl", "REPORTS_TO", "p-dir"),
        link("p-agt", "REPORTS_TO", "p-ctl"),
        link("p-tan", "REPORTS_TO", "p-agt"),
        link("p-tan", "RECRUITED", "pr-v1", origin="recorded"),
        link("pr-v1", "HAS_ALIAS", "alias-zc"),
        link("p-tan", "USES_PHONE", "+254700000001"),
        link("p-tan", "HAS_ACCOUNT", "telegram:jobs_fake"),
        link("p-tan", "WORKS_FOR", "ag-1"),
        link("ag-1", "SUPPLIES", "cmp-1"),
        link("pr-v1", "HELD_AT", "cmp-1", excerpt=f"{VICTIM_NAME} was held on floor 3"),
        link("p-boss", "OPERATES", "cmp-1"),
        link("S1", "MENTIONS", "+254700000001", excerpt=f"{VICTIM_NAME} called this number"),
        GEdge("C-KE-01", "p-tan", "INVOLVES", {}),
    ]
    return Subgraph(nodes, edges, gradings={"S1": "B2"})


def page_data(path: Path) -> dict:
    """The nodes, edges and options the page hands to vis-network."""
    html = path.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', html, re.S)
    assert found, "the page carries no network data"
    return json.loads(found.group(1))


def by_caption(data: dict) -> dict[str, dict]:
    return {n["cgCaption"]: n for n in data["nodes"]}


@pytest.fixture
def force_html(tmp_path: Path) -> Path:
    return render_html(sample(), tmp_path / "net.html", title="Recruitment network")


def test_page_holds_every_node_and_link(force_html: Path):
    data = page_data(force_html)
    assert len(data["nodes"]) == len(sample().nodes)
    assert len(data["edges"]) == len(sample().edges)
    html = force_html.read_text(encoding="utf-8")
    assert "13 nodes · 14 links" in html


def test_legend_lists_the_types_present_and_only_those(force_html: Path):
    html = force_html.read_text(encoding="utf-8")
    legend = re.findall(r'<input type="checkbox" checked data-type="([^"]+)">', html)
    types = {n["cgType"] for n in page_data(force_html)["nodes"]}
    assert set(legend) == types
    assert {"boss", "director", "controller", "agent", "recruiter", "victim", "Phone"} <= types
    assert "Wallet" not in legend
    assert re.search(r'Recruiter</span>\s*<span class="cg-count">1</span>', html)


def test_victims_are_shown_by_pseudonym_unless_revealed(tmp_path: Path):
    hidden = render_html(sample(), tmp_path / "hidden.html")
    svg = render_static(sample(), tmp_path / "hidden.svg")
    for path in (hidden, svg):
        text = path.read_text(encoding="utf-8")
        assert "Zawadi" not in text and VICTIM_ALIAS not in text, path.name
        assert PSEUDONYM in text, path.name
    assert f"alias of {PSEUDONYM}" in by_caption(page_data(hidden))
    shown = render_html(sample(), tmp_path / "shown.html", reveal=True)
    assert VICTIM_NAME in by_caption(page_data(shown))
    assert "REVEALED" in shown.read_text(encoding="utf-8")


def test_tooltips_cite_identifiers_cases_and_graded_sources(force_html: Path):
    data = page_data(force_html)
    tan = by_caption(data)["Mr Tan"]["title"]
    assert "+254700000001" in tan and "telegram:jobs_fake" in tan
    assert "Cases: C-KE-01" in tan
    assert "S1 (B2)" in tan and "S2 (grading unknown)" in tan
    recruited = next(e for e in data["edges"] if e["cgType"] == "RECRUITED")["title"]
    assert f"Mr Tan -[RECRUITED]-> {PSEUDONYM}" in recruited
    assert "Sources (1): S1 (B2)" in recruited and "debrief-1.md:12" in recruited
    titles = " ".join(e["title"] for e in data["edges"])
    assert "floor 3" not in titles and "called this" not in titles, "an excerpt leaked"


def test_data_cannot_inject_markup(tmp_path: Path):
    page = render_html(sample(), tmp_path / "x.html", title="<script>alert('t')</script>")
    html = page.read_text(encoding="utf-8")
    assert INJECTION not in html and "<img src=x" not in html
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    # The data still says what the source said, shown as text by the page.
    assert INJECTION in by_caption(page_data(page))
    assert "textContent" in html and "innerHTML" not in html.split('id="cg-data"')[1]


def test_hierarchy_puts_bosses_on_top_and_follows_reports_to(tmp_path: Path):
    sub = sample()
    sub.nodes.append(GNode("p-x", "Person", "Helper", {"id": "p-x", "roles": []}))
    sub.edges.append(GEdge("p-x", "p-tan", "REPORTS_TO", {}))
    data = page_data(render_html(sub, tmp_path / "h.html", layout="hierarchy"))
    level = {caption: n["level"] for caption, n in by_caption(data).items()}
    chain = ["Boss Lim", "Director Wu", "Ah Seng", "Agent Kiprono", "Mr Tan", PSEUDONYM]
    assert [level[c] for c in chain] == sorted(level[c] for c in chain)
    assert len({level[c] for c in chain}) == len(chain), "each rank has its own row"
    assert level["Boss Lim"] == min(level.values())
    assert level["Helper"] > level["Mr Tan"], "REPORTS_TO must put Helper below Mr Tan"
    assert data["options"]["layout"]["hierarchical"]["enabled"] is True


def test_size_follows_the_chosen_measure(tmp_path: Path):
    sub = sample()
    sub.nodes.append(GNode("p-ong", "Person", "Mr Ong", {"id": "p-ong", "roles": ["recruiter"]}))
    sub.edges.append(GEdge("p-ong", "p-agt", "REPORTS_TO", {}))
    degree = by_caption(page_data(render_html(sub, tmp_path / "d.html")))
    assert degree["Mr Tan"]["value"] > degree["Mr Ong"]["value"], "7 links vs 1, same role"
    sub = sample()
    sub.node("p-ctl").properties["weight"] = 50
    weight = by_caption(page_data(render_html(sub, tmp_path / "w.html", size_by="weight")))
    people = ("Boss Lim", "Director Wu", "Ah Seng", "Mr Tan")
    assert max(people, key=lambda c: weight[c]["value"]) == "Ah Seng"


def test_pages_load_nothing_over_the_network(tmp_path: Path):
    pages = [
        render_html(sample(), tmp_path / "force.html"),
        render_html(sample(), tmp_path / "hier.html", layout="hierarchy", reveal=True),
        render_html(Subgraph(), tmp_path / "empty.html"),
    ]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert external_references(html) == [], page.name
        assert "vis.Network" in html and "<link" not in html


def test_network_scan_catches_pyvis_own_cdn_links():
    # pyvis's template links Bootstrap from a CDN even with in-line resources: the scan
    # that guards our pages must see that.
    net = Network(cdn_resources="in_line")
    net.add_node(1)
    found = external_references(net.generate_html())
    assert any("bootstrap" in ref for ref in found)
    assert external_references("<style>@import 'x.css'; a{background:url(//h/i.png)}</style>")


def test_png_is_a_real_picture_in_the_legend_colours(tmp_path: Path):
    png = render_static(sample(), tmp_path / "net.png", title="Recruitment network")
    image = Image.open(png).convert("RGB")
    assert image.width > 600 and image.height > 400
    assert max(ImageStat.Stat(image).stddev) > 20, "the picture is blank"
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 24)}
    boss_red, victim_blue = (0x7F, 0x00, 0x00), (0x1E, 0x88, 0xE5)
    assert boss_red in colours and victim_blue in colours


def test_svg_is_deterministic_and_follows_the_data(tmp_path: Path):
    first = render_static(sample(), tmp_path / "a.svg").read_bytes()
    again = render_static(sample(), tmp_path / "b.svg").read_bytes()
    assert first == again
    other = sample()
    other.nodes.pop()
    other.edges.pop()
    assert render_static(other, tmp_path / "c.svg").read_bytes() != first
    hier = render_static(sample(), tmp_path / "h.svg", layout="hierarchy").read_bytes()
    assert hier == render_static(sample(), tmp_path / "h2.svg", layout="hierarchy").read_bytes()
    assert b"Legend" in first and b"Recruiter (1)" in first


def test_render_picks_the_format_from_the_suffix(tmp_path: Path):
    assert render(sample(), tmp_path / "a.html").read_text(encoding="utf-8").startswith("<!DOC")
    assert render(sample(), tmp_path / "a.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in render(sample(), tmp_path / "a.svg").read_bytes()[:2000]
    with pytest.raises(CasegraphError, match="must end in"):
        render(sample(), tmp_path / "a.pdf")
    with pytest.raises(CasegraphError, match="layout must be one of force, hierarchy"):
        render(sample(), tmp_path / "a.svg", layout="hierarchical")


def test_file_names_that_name_a_victim_are_redacted_in_pictures(tmp_path: Path):
    """Offices name notes after the person interviewed: the source's file and the refs
    citing it show her pseudonym, not her name; a recruiter's name is left alone."""
    base = sample()
    named = f"{VICTIM_NAME} - debrief (Mr Tan).txt"
    nodes = [
        GNode(n.id, n.label, n.caption, {**n.properties, "file": named})
        if n.label == "Source"
        else n
        for n in base.nodes
    ]
    edges = [
        GEdge(e.source, e.target, e.type, {**e.properties, "refs": [f"{named}:4"]})
        for e in base.edges
    ]
    sub = Subgraph(nodes, edges, base.gradings, base.seed, base.hidden)
    text = render_html(sub, tmp_path / "hidden.html").read_text(encoding="utf-8")
    assert "Zawadi" not in text and "Okello" not in text
    assert f"{PSEUDONYM} - debrief (Mr Tan).txt" in text
    shown = render_html(sub, tmp_path / "shown.html", reveal=True).read_text(encoding="utf-8")
    assert named in shown


def test_a_missing_font_is_said_only_for_a_picture_that_needs_one(tmp_path: Path, caplog):
    """Latin names draw without a word about fonts (every picture used to warn on a
    machine without a Chinese font); a name no installed font covers (a private-use
    character stands in for one) is said once, not once per glyph."""
    from casegraph.services.render import static

    static._say_missing_font.cache_clear()
    with caplog.at_level("WARNING", logger="casegraph.services.render.static"):
        render_static(sample(), tmp_path / "latin.png")
        assert not [r for r in caplog.records if "font" in r.getMessage()]
        odd = sample()
        odd.nodes.append(GNode("p-x", "Person", "\ue000\ue001", {"id": "p-x", "name": "\ue000"}))
        render_static(odd, tmp_path / "odd.png")
        render_static(odd, tmp_path / "again.png")
    said = [r.getMessage() for r in caplog.records if "font" in r.getMessage()]
    assert len(said) == 1 and "shows as boxes" in said[0]


def test_fonts_installed_after_matplotlib_first_ran_are_used(tmp_path: Path, caplog, monkeypatch):
    """matplotlib lists the fonts once and keeps the list: a Chinese font installed
    later (`make fonts` installs WenQuanYi Zen Hei) used to be unknown to it, and a
    boss's name in Hanzi drew as boxes. The list is brought up to date, and saved."""
    from matplotlib import font_manager

    from casegraph.services.render import static

    manager = font_manager.fontManager
    wqy = {f.fname for f in manager.ttflist if f.name == "WenQuanYi Zen Hei"}
    assert wqy, "run `make fonts`"
    stale = [f for f in manager.ttflist if f.fname not in wqy]
    monkeypatch.setattr(manager, "ttflist", stale)
    monkeypatch.setattr(static, "get_cachedir", lambda: str(tmp_path))
    static.fonts.cache_clear()
    static._say_missing_font.cache_clear()
    hanzi = sample()
    hanzi.nodes.append(GNode("p-c", "Person", "陈伟龙", {"id": "p-c", "name": "陈伟龙"}))
    with caplog.at_level("WARNING", logger="casegraph.services.render.static"):
        render_static(hanzi, tmp_path / "hanzi.png")
    assert "WenQuanYi Zen Hei" in static.fonts()
    assert not [r for r in caplog.records if "font" in r.getMessage()]
    assert list(tmp_path.glob("fontlist-v*.json")), "the updated list is not saved"


def test_a_tooltip_lists_identifiers_the_same_whatever_order_the_store_returned():
    """Neo4j and FalkorDB return a person's neighbours in orders of their own; the
    tooltip (cut after a few) listed them in that order, so the two stores drew
    different pictures of one graph."""
    person = GNode("p1", "Person", "Tan Kok Wee", {"roles": ["recruiter"]})
    near = [
        GNode("+60125557781", "Phone", "+60125557781"),
        GNode("whatsapp:+60125557781", "Account", "+60125557781"),
        GNode("a1", "Alias", "Ah Wee"),
        GNode("CASE-MY-7", "Case", "CASE-MY-7"),
    ]
    sub = Subgraph([person, *near], [GEdge("p1", "X", n.id) for n in near])
    tips = {node_tooltip(person, sub, {"p1": order}) for order in (near, list(reversed(near)))}
    assert len(tips) == 1
    (tip,) = tips
    assert "Identifiers: Account +60125557781, Alias Ah Wee, Phone +60125557781" in tip

"""Network pages in a real browser: headless Chromium opens them from disk, they draw
every node and link with no console error and no request beyond the file itself, and
search and type filters work. Screenshots go to tests/artifacts/ for a human to check.

Needs Debian's chromium and chromium-driver (`make browser`); skipped, saying why,
when they are missing.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from casegraph.services.render import GEdge, GNode, Subgraph, render_html

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,900",
)
LAYOUT_WAIT_S = 90  # generous bound on the page's own bounded stabilisation


def _missing() -> str | None:
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not Path(path).exists():
            return f"{path} is missing: install Debian's {package} with `make browser`"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: pip install -e '.[dev]'"
    return None


@pytest.fixture
def browser(tmp_path: Path) -> Iterator:
    reason = _missing()
    if reason:
        pytest.skip(f"browser test skipped: {reason}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.get("about:blank")
        driver.get_log("performance")  # drop start-up noise: only our page counts
        driver.get_log("browser")
        yield driver
    finally:
        driver.quit()


def open_page(driver, page: Path) -> None:
    """Open the picture from disk and wait until its layout has settled."""
    driver.get(page.resolve().as_uri())
    deadline = time.monotonic() + LAYOUT_WAIT_S
    while not driver.execute_script("return window.casegraphReady === true"):
        assert time.monotonic() < deadline, "the page never finished its layout"
        time.sleep(0.2)


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def requests_made(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def check_offline_page(driver, page: Path, shot: str) -> dict:
    open_page(driver, page)
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / shot))
    assert console_errors(driver) == []
    others = [u for u in requests_made(driver) if u != page.resolve().as_uri()]
    assert [u for u in others if not u.startswith("data:")] == [], "the page fetched more"
    return driver.execute_script(
        "return {nodes: window.casegraphNodes.length, edges: window.casegraphEdges.length,"
        " drawn: Object.keys(window.casegraphNetwork.getPositions()).length,"
        " links: Object.keys(window.casegraphNetwork.body.edges).length};"
    )


def test_picture_draws_everything_offline_and_search_and_filters_work(browser, tmp_path: Path):
    from test_render import INJECTION, sample

    sub = sample()
    page = render_html(sub, tmp_path / "sample.html", title="Recruitment network")
    counts = check_offline_page(browser, page, "network-sample.png")
    n, m = len(sub.nodes), len(sub.edges)
    assert counts == {"nodes": n, "edges": m, "drawn": n, "links": m}

    found = browser.execute_script("return window.casegraphFind('mr tan');")
    assert len(found) == 1
    assert browser.execute_script("return window.casegraphNetwork.getSelectedNodes();") == found
    assert "1 match" in browser.find_element("id", "cg-matches").text

    browser.find_element("css selector", '#cg-legend input[data-type="Phone"]').click()
    hidden = browser.execute_script(
        "return window.casegraphNodes.get({filter: function (n) { return n.hidden; }})"
        ".map(function (n) { return n.cgCaption; });"
    )
    assert hidden == ["+254700000001"]
    # The injected markup in the data stayed text: no element was created from it.
    assert browser.execute_script("return document.querySelectorAll('img').length;") == 0
    assert INJECTION in browser.execute_script(
        "return window.casegraphNodes.get().map(function (n) { return n.cgCaption; });"
    )


def test_hierarchy_picture_in_the_browser(browser, tmp_path: Path):
    from test_render import sample

    page = render_html(sample(), tmp_path / "h.html", title="Hierarchy", layout="hierarchy")
    counts = check_offline_page(browser, page, "network-hierarchy.png")
    assert counts["nodes"] == len(sample().nodes)
    y = browser.execute_script(
        "var p = window.casegraphNetwork.getPositions(); var out = {};"
        "window.casegraphNodes.forEach(function (n) { out[n.cgCaption] = p[n.id].y; });"
        "return out;"
    )
    assert y["Boss Lim"] < y["Director Wu"] < y["Mr Tan"] < y["V-017"], "bosses on top"


def big_network(n_victims: int = 300, seed: int = 7) -> Subgraph:
    """A fictional 500-node trafficking network: a hierarchy, victims, phones, compounds."""
    rng = random.Random(seed)
    nodes: list[GNode] = []
    edges: list[GEdge] = []

    def add(kind: str, count: int, label: str = "Person") -> list[str]:
        ids = [f"{kind}-{i}" for i in range(count)]
        for nid in ids:
            props = {"id": nid, "name": nid.replace("-", " ").title()}
            if label == "Person":
                props["roles"] = [kind]
            nodes.append(GNode(nid, label, props["name"], props))
        return ids

    bosses, directors = add("boss", 2), add("director", 6)
    controllers, recruiters = add("controller", 16), add("recruiter", 60)
    victims = add("victim", n_victims)
    compounds, phones = add("compound", 6, "Compound"), add("phone", 110, "Phone")
    for low, high in ((directors, bosses), (controllers, directors), (recruiters, controllers)):
        edges.extend(GEdge(p, rng.choice(high), "REPORTS_TO", {}) for p in low)
    edges.extend(GEdge(rng.choice(recruiters), v, "RECRUITED", {}) for v in victims)
    edges.extend(GEdge(v, rng.choice(compounds), "HELD_AT", {}) for v in victims)
    edges.extend(
        GEdge(p, phone, "USES_PHONE", {}) for p, phone in zip(recruiters * 2, phones, strict=False)
    )
    return Subgraph(nodes, edges)


def test_500_node_picture_settles_and_stays_legible(browser, tmp_path: Path):
    sub = big_network()
    assert len(sub.nodes) == 500
    page = render_html(sub, tmp_path / "big.html", title="500-node network")
    counts = check_offline_page(browser, page, "network-500.png")
    m = len(sub.edges)
    assert counts == {"nodes": 500, "edges": m, "drawn": 500, "links": m}
    assert browser.execute_script("return window.casegraphNetwork.physics.physicsEnabled;") is False

"""The map page in a real browser: opened from disk it loads nothing else, logs no error,
zooms, pans and shows a compound's profile when the compound is clicked.

Needs Debian's chromium and chromium-driver (`make browser`); skipped, saying why, when
they are missing (the browser fixture of test_browser).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from queries_support import example_graph
from test_browser import ARTIFACTS, browser, console_errors, requests_made  # noqa: F401

from casegraph.services.geo_map import route_map
from casegraph.services.geo_map_draw import write_map

pytestmark = pytest.mark.browser
graph = pytest.fixture(scope="module", name="graph")(example_graph)


def test_map_page_zooms_and_shows_a_compounds_profile_on_click(browser, graph, tmp_path: Path):  # noqa: F811
    from selenium.webdriver.common.by import By

    page = write_map(route_map(graph), tmp_path / "map.html")
    browser.get(page.resolve().as_uri())

    def view() -> list[float]:
        script = "return document.getElementById('svg').getAttribute('viewBox')"
        box = browser.execute_script(script)
        return [float(v) for v in box.split()]

    before = view()
    browser.find_element(By.ID, "zin").click()
    assert view()[2] < before[2]  # zoomed in: a narrower view
    browser.find_element(By.ID, "zreset").click()
    assert view() == before
    compound = browser.find_element(By.CSS_SELECTOR, '[data-place="CMP-MM-KKPARK"]')
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click'))", compound)
    panel = browser.find_element(By.ID, "info").text
    assert "KK Park" in panel and "capacity" in panel and "people held" in panel
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "map-kk-park.png"))
    assert console_errors(browser) == []
    others = [u for u in requests_made(browser) if u != page.resolve().as_uri()]
    assert [u for u in others if not u.startswith("data:")] == []

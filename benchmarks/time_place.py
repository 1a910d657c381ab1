"""Timelines, maps and exports: how long each takes on the examples and on a generated
dataset N times larger, and how big the files are.

On each graph: the timeline of the person who recruited most victims (HTML), the map of
everything (HTML and PNG), the HTCDS, i2 and GraphML exports, and the HTCDS files read
back into a fresh store. A throw-away embedded store is used, so nothing of yours is
touched. Speed is measured here, never asserted in tests.

    .venv/bin/python -m benchmarks.time_place [--debriefs 300] [--seed 5]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.query_speed import timed_graph
from casegraph.core.settings import Settings
from casegraph.demo import examples_path
from casegraph.examples.generator import generate_dataset
from casegraph.services.exports import export
from casegraph.services.geo_map import route_map
from casegraph.services.geo_map_draw import write_map
from casegraph.services.ingest import load_paths
from casegraph.services.reports.timeline import timeline
from casegraph.services.reports.timeline_draw import write_timeline
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.falkordb_store import FalkorDBStore

TOP_RECRUITER = """
MATCH (r:Person)-[:RECRUITED]->(v:Person)
RETURN r.id AS id, count(DISTINCT v) AS victims ORDER BY victims DESC, id LIMIT 1
"""


def timed(what: str, job: Callable[[], object], size: Callable[[], str] = lambda: "") -> None:
    started = time.perf_counter()
    job()
    print(f"  {what:<34} {time.perf_counter() - started:>6.2f} s  {size()}")


def _kb(*paths: Path) -> str:
    return f"{sum(p.stat().st_size for p in paths) / 1024:,.0f} KB"


def measure(store: FalkorDBStore, out: Path) -> None:
    out.mkdir(parents=True)
    top = store.read(TOP_RECRUITER)[0]["id"]
    page = out / "timeline.html"
    timed(
        "timeline of the top recruiter",
        lambda: write_timeline(timeline(store, "person", top), page),
        lambda: _kb(page),
    )
    rm = route_map(store)
    html, png = out / "map.html", out / "map.png"
    timed(f"map data ({len(rm.places)} places, {len(rm.legs)} legs)", lambda: route_map(store))
    timed("map HTML", lambda: write_map(rm, html), lambda: _kb(html))
    timed("map PNG", lambda: write_map(rm, png), lambda: _kb(png))
    for fmt in ("htcds", "i2", "graphml"):
        folder = out / fmt
        timed(
            f"export {fmt}",
            lambda f=fmt, d=folder: export(store, f, d),
            lambda d=folder: _kb(*d.iterdir()),
        )
    home = out / "receiving"
    other = FalkorDBStore(Settings(home=home))
    try:
        timed("HTCDS read back into a fresh store", lambda: load_paths(other, [out / "htcds"]))
    finally:
        other.close()
        EmbeddedServer(home).stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--debriefs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        data = tmp_path / "dataset"
        generate_dataset(args.debriefs, args.seed, data)
        for name, source in (
            ("examples", examples_path()),
            (f"generated ({args.debriefs} debriefs)", data),
        ):
            store, note = timed_graph(tmp_path / f"home-{len(name)}", source)
            print(f"{name}: {note}")
            try:
                measure(store, tmp_path / f"out-{len(name)}")
            finally:
                store.close()
                EmbeddedServer(store.server.home).stop()


if __name__ == "__main__":
    main()

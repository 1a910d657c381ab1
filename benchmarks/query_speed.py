"""Saved-query speed: every query on the examples and on a generated dataset N times
larger, in the same run, with the ratio between the two (how each query scales).

Each query runs with its header's example parameters, three times; the best time
counts. A throw-away embedded store is used, so nothing of yours is touched.

    .venv/bin/python -m benchmarks.query_speed [--debriefs 500] [--seed 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from casegraph.core.settings import Settings
from casegraph.demo import examples_path, import_review_decisions
from casegraph.examples.generator import generate_dataset
from casegraph.services.catalog import load_catalog
from casegraph.services.entities.resolve import resolve_people
from casegraph.services.ingest import load_paths
from casegraph.services.runner import run_query
from casegraph.store import counts
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.falkordb_store import FalkorDBStore


def best_of(store: FalkorDBStore, name: str, params: dict, tries: int = 3) -> float:
    times = []
    for _ in range(tries):
        started = time.perf_counter()
        run_query(store, name, params)
        times.append(time.perf_counter() - started)
    return min(times)


def timed_graph(home: Path, data: Path) -> tuple[FalkorDBStore, str]:
    """Load and resolve ``data`` into a fresh store; say how long it took and how big."""
    store = FalkorDBStore(Settings(home=home))
    started = time.perf_counter()
    load_paths(store, [data])
    if (data / "review" / "decisions.csv").exists():
        import_review_decisions(home / "decisions", data / "review" / "decisions.csv")
    loaded = time.perf_counter()
    resolve_people(store, home / "decisions")
    done = time.perf_counter()
    size = counts(store)
    nodes, links = sum(size["nodes"].values()), sum(size["relationships"].values())
    return store, (
        f"{nodes} nodes, {links} links; load {loaded - started:.1f} s, "
        f"resolve {done - loaded:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--debriefs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        big_data = tmp_path / "dataset"
        generate_dataset(args.debriefs, args.seed, big_data)
        small, small_note = timed_graph(tmp_path / "small", examples_path())
        big, big_note = timed_graph(tmp_path / "big", big_data)
        print(f"examples: {small_note}")
        print(f"generated ({args.debriefs} debriefs): {big_note}")
        print(f"{'query':<28} {'examples':>10} {'generated':>10} {'ratio':>7}")
        try:
            for name, query in sorted(load_catalog().items()):
                params = dict(query.example.get("params") or {})
                t_small = best_of(small, name, params)
                t_big = best_of(big, name, params)
                ratio = t_big / t_small if t_small else float("inf")
                print(f"{name:<28} {t_small * 1000:>8.1f}ms {t_big * 1000:>8.1f}ms {ratio:>6.1f}x")
        finally:
            for store in (small, big):
                store.close()
                EmbeddedServer(store.server.home).stop()


if __name__ == "__main__":
    main()

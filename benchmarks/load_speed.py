"""Loader write speed: batched ``UNWIND $rows`` against one row per query, same statement.

Runs on each store in turn (a throw-away embedded FalkorDB, and the Neo4j at
CASEGRAPH_NEO4J_URI) and prints rows/s for both ways and their ratio, side by side.
Not part of the test run (speed is not asserted in tests).

    scripts/with-neo4j.sh .venv/bin/python -m benchmarks.load_speed [--rows 20000] [--single 2000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.stores import bench_store, stores_option
from casegraph.store import GraphStore
from casegraph.store.writer import node_statement


def phone_rows(count: int, offset: int = 0) -> list[dict]:
    """Fictional E.164 numbers in an unassigned-looking Cambodian range, with provenance."""
    return [
        {
            "id": f"+85599{offset + n:07d}",
            "props": {"country": "KH", "raw": f"099 {offset + n:07d}"},
            "create": {},
            "sids": ["BENCH"],
        }
        for n in range(count)
    ]


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def measure(store: GraphStore, rows: int, single: int, batch: int) -> tuple[float, float]:
    """Rows/s writing ``rows`` phones in batches, then ``single`` more one per query."""
    statement = node_statement("Phone")
    started = time.perf_counter()
    store.write_batches(statement, phone_rows(rows), batch_size=batch)
    batched = rate(rows, time.perf_counter() - started)
    started = time.perf_counter()
    for row in phone_rows(single, offset=rows):
        store.write(statement, {"rows": [row]})
    return batched, rate(single, time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20000, help="rows written in batches")
    parser.add_argument("--single", type=int, default=2000, help="rows written one per query")
    parser.add_argument("--batch", type=int, default=5000)
    stores_option(parser)
    args = parser.parse_args()
    results = {}
    for name in args.stores:
        with tempfile.TemporaryDirectory() as tmp, bench_store(name, Path(tmp)) as store:
            results[name] = measure(store, args.rows, args.single, args.batch)
    print(f"{'rows/s':<34}" + "".join(f"{name:>12}" for name in results))
    lines = (
        (f"batched UNWIND ({args.batch}/query)", 0, ",.0f"),
        ("one row per query", 1, ",.0f"),
    )
    for label, i, fmt in lines:
        print(f"{label:<34}" + "".join(f"{r[i]:>12{fmt}}" for r in results.values()))
    ratios = "".join(f"{r[0] / r[1]:>11.1f}x" for r in results.values())
    print(f"{'ratio batched / single':<34}{ratios}")
    print(f"({args.rows} rows batched, {args.single} one by one)")


if __name__ == "__main__":
    main()

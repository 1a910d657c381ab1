"""Loader write speed: batched ``UNWIND $rows`` against one row per query, same statement.

Runs on a throw-away embedded FalkorDB store and prints rows/s for both and their
ratio. Not part of the test run (speed is not asserted in tests).

    .venv/bin/python benchmarks/load_speed.py [--rows 20000] [--single 2000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from casegraph.core.settings import Settings
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.falkordb_store import FalkorDBStore
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20000, help="rows written in batches")
    parser.add_argument("--single", type=int, default=2000, help="rows written one per query")
    parser.add_argument("--batch", type=int, default=5000)
    args = parser.parse_args()
    statement = node_statement("Phone")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        store = FalkorDBStore(Settings(home=home))
        try:
            store.apply_schema()
            started = time.perf_counter()
            store.write_batches(statement, phone_rows(args.rows), batch_size=args.batch)
            batched = rate(args.rows, time.perf_counter() - started)
            started = time.perf_counter()
            for row in phone_rows(args.single, offset=args.rows):
                store.write(statement, {"rows": [row]})
            single = rate(args.single, time.perf_counter() - started)
        finally:
            store.close()
            EmbeddedServer(home).stop()
    print(f"batched UNWIND ({args.batch}/query): {batched:>10,.0f} rows/s ({args.rows} rows)")
    print(f"one row per query:          {single:>10,.0f} rows/s ({args.single} rows)")
    print(f"ratio batched / single:     {batched / single:>10.1f}x")


if __name__ == "__main__":
    main()

"""The stores a benchmark runs on, each empty, one after the other.

``falkordb`` is a throw-away embedded store in a temporary CASEGRAPH_HOME; ``neo4j`` is
the server at CASEGRAPH_NEO4J_URI (emptied first), which ``scripts/with-neo4j.sh``
starts and names for the command it runs:

    scripts/with-neo4j.sh .venv/bin/python -m benchmarks.query_latency --stores falkordb,neo4j
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from casegraph.core.settings import Settings
from casegraph.store import GraphStore
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.falkordb_store import FalkorDBStore

STORES = ("falkordb", "neo4j")


def stores_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--stores falkordb,neo4j`` (both by default)."""
    parser.add_argument(
        "--stores",
        default=",".join(STORES),
        type=lambda text: [s for s in text.split(",") if s],
        help="comma-separated stores to run on (neo4j needs CASEGRAPH_NEO4J_URI)",
    )


@contextmanager
def bench_store(name: str, home: Path) -> Iterator[GraphStore]:
    """An empty store with the schema applied; ``home`` holds the embedded one's data."""
    if name == "falkordb":
        store: GraphStore = FalkorDBStore(Settings(home=home))
    elif name == "neo4j":
        uri = os.environ.get("CASEGRAPH_NEO4J_URI")
        if not uri:
            raise SystemExit(
                "neo4j: CASEGRAPH_NEO4J_URI is not set; run under scripts/with-neo4j.sh"
                " (or point it at a Neo4j 5 whose data may be deleted)"
            )
        from casegraph.store.neo4j_store import Neo4jStore

        store = Neo4jStore(
            Settings(
                home=home,
                uri=uri,
                user=os.environ.get("CASEGRAPH_NEO4J_USER", "neo4j"),
                password=os.environ.get("CASEGRAPH_NEO4J_PASSWORD"),
            )
        )
    else:
        raise SystemExit(f"unknown store {name!r}; known: {', '.join(STORES)}")
    try:
        store.clear()
        store.apply_schema()
        yield store
    finally:
        if name == "neo4j":
            store.clear()
        store.close()
        if name == "falkordb":
            EmbeddedServer(home).stop()

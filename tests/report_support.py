"""The example graph and the command runner shared by the report and screening tests.

Each test module turns :func:`example_graph` into its own module-scoped ``graph``
fixture: the examples with the ground-truth entity layer (``queries_support``) in a
store of the module's own, on the embedded FalkorDB always and on Neo4j too when
CASEGRAPH_NEO4J_URI is set (skipped, saying so, when not).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from queries_support import NEO4J_SKIP, NEO4J_URI, load_examples, neo4j_settings

from casegraph.settings import Settings
from casegraph.store import GraphStore
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.falkordb_store import FalkorDBStore

BACKENDS = ["falkordb", "neo4j"]


def example_graph(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    """Fixture body (params: BACKENDS): the examples and their ground-truth entity layer."""
    if request.param == "neo4j":
        if not NEO4J_URI:
            pytest.skip(NEO4J_SKIP)
        from casegraph.store.neo4j_store import Neo4jStore

        store: GraphStore = Neo4jStore(neo4j_settings())
        load_examples(store)
        yield store
        store.close()
        return
    home = tmp_path_factory.mktemp("reports-home")
    store = FalkorDBStore(Settings(home=home))
    load_examples(store)
    yield store
    store.close()
    EmbeddedServer(home).stop()


def run_cli(graph: GraphStore, *args: str) -> subprocess.CompletedProcess:
    """Run `casegraph ARGS` as a user would, on the embedded store ``graph`` lives in."""
    if not isinstance(graph, FalkorDBStore):
        pytest.skip("the command is run against the embedded store of this module")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEGRAPH_")}
    env["CASEGRAPH_HOME"] = str(graph.server.home)
    return subprocess.run(
        [sys.executable, "-c", "from casegraph.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

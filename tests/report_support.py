"""The example graph and the command runner shared by the report and screening tests.

Each test module turns ``queries_support.example_graph`` into its own module-scoped ``graph``
fixture: the examples with the ground-truth entity layer (``queries_support``) in a
store of the module's own, on the embedded FalkorDB always and on Neo4j too when
CASEGRAPH_NEO4J_URI is set (skipped, saying so, when not).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from casegraph.store import GraphStore
from casegraph.store.falkordb_store import FalkorDBStore

BACKENDS = ["falkordb", "neo4j"]


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

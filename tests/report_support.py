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
from pathlib import Path

from queries_support import neo4j_settings

from casegraph.store import GraphStore
from casegraph.store.falkordb_store import FalkorDBStore

BACKENDS = ["falkordb", "neo4j"]


def run_cli(graph: GraphStore, *args: str, home: Path | None = None) -> subprocess.CompletedProcess:
    """Run `casegraph ARGS` as a user would, on the store ``graph`` lives in.

    The embedded store is found through its CASEGRAPH_HOME; Neo4j through CASEGRAPH_URI,
    user and password in the environment, as a deployment sets them (``home`` then
    keeps the command's own files, such as review decisions, out of the working folder).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEGRAPH_")}
    if isinstance(graph, FalkorDBStore):
        env["CASEGRAPH_HOME"] = str(graph.server.home)
    else:
        settings = neo4j_settings()
        env["CASEGRAPH_URI"] = settings.uri or ""
        env["CASEGRAPH_USER"] = settings.user
        env["CASEGRAPH_PASSWORD"] = settings.password or ""
        env["CASEGRAPH_DATABASE"] = settings.database
        if home is not None:
            env["CASEGRAPH_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-c", "from casegraph.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

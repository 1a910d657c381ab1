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

from queries_support import cli_env

from casegraph.store import GraphStore

BACKENDS = ["falkordb", "neo4j"]


def run_cli(graph: GraphStore, *args: str, home: Path | None = None) -> subprocess.CompletedProcess:
    """Run `casegraph ARGS` as a user would, on the store ``graph`` lives in (see cli_env)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEGRAPH_")}
    env.update(cli_env(graph, home))
    return subprocess.run(
        [sys.executable, "-c", "from casegraph.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

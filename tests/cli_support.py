"""Run the real `casegraph` entry point in a subprocess, as a user meets it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ENTRY = "from casegraph.cli import main; main()"


def cli_runner(home: Path, cwd: Path) -> Callable[..., subprocess.CompletedProcess]:
    """``invoke(*args, stdin="", env=None)`` runs `casegraph ARGS` with CASEGRAPH_HOME=home;
    ``env`` adds or overrides variables (any other CASEGRAPH_* of the caller is dropped)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("CASEGRAPH_")}
    base["CASEGRAPH_HOME"] = str(home)

    def invoke(*args: str, stdin: str = "", env: dict[str, str] | None = None):
        return subprocess.run(
            [sys.executable, "-c", ENTRY, *args],
            input=stdin,
            env={**base, **(env or {})},
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return invoke

"""The embedded store comes back: a store of generated debriefs answers the same after a
restart, and a crashed server's store after the next start."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from casegraph.core.settings import Settings
from casegraph.examples.dataset import generate_dataset
from casegraph.services.ingest import load_paths
from casegraph.services.runner import run_query
from casegraph.store import counts
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.falkordb_store import FalkorDBStore

QUERIES = {
    "cross-border-links": {},
    "victim-transfers": {},
    "payment-flows": {},
}


def _answers(db: FalkorDBStore) -> dict:
    out: dict = {"counts": counts(db)}
    for name, params in QUERIES.items():
        rows = run_query(db, name, params).rows
        out[name] = sorted(map(repr, rows))
    return out


@pytest.mark.slow  # loads 60 generated debriefs twice: about 15 s each
@pytest.mark.parametrize("how", ["stop", "kill -9"])
def test_generated_store_answers_the_same_after_restart(tmp_path: Path, how: str):
    data = tmp_path / "data"
    generate_dataset(60, seed=5, out_dir=data)
    settings = Settings(home=tmp_path / "home")
    db = FalkorDBStore(settings)
    try:
        report = load_paths(db, [data])
        assert report.kinds["debriefs"].loaded == 60 and not report.problems
        before = _answers(db)
        assert before["counts"]["nodes"]["Source"] >= 60
        if how == "stop":
            db.close()
            EmbeddedServer(settings.home).stop()
        else:
            time.sleep(1.5)  # appendfsync everysec
            os.kill(db.info.pid, signal.SIGKILL)
            db.close()
        db = FalkorDBStore(settings)
        assert _answers(db) == before
    finally:
        db.close()
        EmbeddedServer(settings.home).stop()

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


def _loading_server(tmp_path: Path, monkeypatch, cpu_moves: bool) -> EmbeddedServer:
    """A server that reports loading with a byte count that never moves (one long write
    of the log being replayed) for about a second, its CPU time moving or not."""
    from casegraph.store import embedded_server

    started = time.monotonic()
    state = {"loading": "1", "loading_loaded_bytes": "4096", "loading_loaded_perc": "10"}
    monkeypatch.setattr(embedded_server, "LOADING_STALL_S", 0.3)
    monkeypatch.setattr(
        EmbeddedServer,
        "_state",
        lambda self, info: state if time.monotonic() - started < 1.0 else {"loading": "0"},
    )
    cpu = iter(range(1_000_000))
    monkeypatch.setattr(
        embedded_server, "_cpu_seconds", lambda pid: next(cpu) / 100 if cpu_moves else 3.0
    )
    return EmbeddedServer(tmp_path / "h")


def test_a_long_replayed_write_is_waited_for_while_the_server_works(tmp_path, monkeypatch):
    from casegraph.store.embedded_server import ServerInfo

    server = _loading_server(tmp_path, monkeypatch, cpu_moves=True)
    said: list[str] = []
    server._wait_loaded(
        ServerInfo(pid=os.getpid(), socket=None, port=None, log="server.log"), None, said.append
    )
    assert said and "store loaded" in said[-1]


def test_a_server_loading_nothing_and_idle_is_an_error(tmp_path, monkeypatch):
    from casegraph.core.errors import StoreError
    from casegraph.store.embedded_server import ServerInfo

    server = _loading_server(tmp_path, monkeypatch, cpu_moves=False)
    with pytest.raises(StoreError, match="without a byte or any CPU"):
        server._wait_loaded(
            ServerInfo(pid=os.getpid(), socket=None, port=None, log="server.log"),
            None,
            lambda line: None,
        )

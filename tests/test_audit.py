"""The audit trail: every export and every --reveal leaves an entry a person can find."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_support import cli_runner
from load_helpers import DEBRIEF
from queries_support import cli_env

from casegraph.core.errors import StoreError
from casegraph.services import audit
from casegraph.store.embedded_server import EmbeddedServer

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("audit-home")
    yield path
    EmbeddedServer(path).stop()


def _append(home: Path, n: int) -> None:
    for i in range(n):
        audit.record("query", home=home, params={"writer": i, "pad": "x" * 3000})


def test_log_is_private_append_only_and_whole_lines_under_concurrency(tmp_path):
    writers = [multiprocessing.Process(target=_append, args=(tmp_path, 50)) for _ in range(4)]
    for w in writers:
        w.start()
    for w in writers:
        w.join(60)
    log = audit.audit_path(tmp_path)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    found = audit.entries(tmp_path)
    assert len(found) == 200 and all(e["action"] == "query" for e in found)
    assert {e["user"] for e in found} and all(e["time"].endswith("Z") for e in found)


def test_a_damaged_line_is_shown_not_dropped(tmp_path):
    audit.record("load", home=tmp_path, rows={"read": 3})
    with audit.audit_path(tmp_path).open("a") as handle:
        handle.write('{"action": "expo')  # a crash mid-write
    audit.record("export", home=tmp_path, output="-")
    actions = [e["action"] for e in audit.entries(tmp_path)]
    assert actions == ["load", "unreadable", "export"]


def test_export_and_reveal_each_leave_an_entry(home, tmp_path):
    run = cli_runner(home, tmp_path)
    assert run("load", str(REPO / "examples" / "debriefs"), "--quiet").returncode == 0
    out = tmp_path / "links.csv"
    done = run("query", "run", "cross-border-links", "--format", "csv", "-o", str(out))
    assert done.returncode == 0, done.stderr
    picture = tmp_path / "kk.html"
    done = run("viz", "--around", "CMP-MM-KKPARK", "--reveal", "-o", str(picture))
    assert done.returncode == 0, done.stderr

    entries = [json.loads(line) for line in run("audit", "--json").stdout.splitlines()]
    load = next(e for e in entries if e["action"] == "load")
    assert load["rows"]["loaded"] == 16 and load["params"]["paths"]
    export = next(e for e in entries if e["params"].get("query") == "cross-border-links")
    assert export["action"] == "export" and export["rows"] > 0
    assert export["outputs"][0]["path"] == str(out.resolve())
    assert export["outputs"][0]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    reveal = next(e for e in entries if e["reveal"])
    assert reveal["params"]["picture"] == "CMP-MM-KKPARK"
    assert reveal["outputs"][0]["sha256"] == hashlib.sha256(picture.read_bytes()).hexdigest()
    assert {e["user"] for e in entries} == {load["user"]}

    shown = run("audit", "--reveal")
    assert shown.returncode == 0 and "REVEALED" in shown.stdout and "kk.html" in shown.stdout
    assert "cross-border-links" not in shown.stdout
    exports = run("audit", "--action", "export", "--json").stdout.splitlines()
    assert len(exports) == 2


def test_dedupe_and_watch_add_leave_entries(tmp_path):
    """A spreadsheet deduplicated outside the graph and a value put on the watch-list are
    both on the record: who, what, and (for dedupe) every file written with its hash."""
    home = tmp_path / "home"
    run = cli_runner(home, tmp_path)
    table = tmp_path / "people.csv"
    table.write_text(
        "id,name,phone\n1,Otieno Barasa,+254712000111\n2,OTIENO Barasa,+254712000111\n"
        "3,Grace Njeri,+254733000222\n",
        encoding="utf-8",
    )
    out = tmp_path / "deduped"
    done = run("dedupe", str(table), "--id-column", "id", "--field", "name:full_name",
               "--field", "phone:phone", "--out", str(out), "--quiet")  # fmt: skip
    assert done.returncode == 0, done.stderr
    try:
        assert run("watch", "add", "+254 712 000 111").returncode == 0
        entries = [json.loads(line) for line in run("audit", "--json").stdout.splitlines()]
    finally:
        EmbeddedServer(home).stop()
    dedupe = next(e for e in entries if e["action"] == "dedupe")
    assert dedupe["params"]["file"] == str(table) and dedupe["rows"]["records"] == 3
    written = {Path(o["path"]).name: o["sha256"] for o in dedupe["outputs"]}
    clusters = out / "clusters.csv"
    assert written["clusters.csv"] == hashlib.sha256(clusters.read_bytes()).hexdigest()
    watched = next(e for e in entries if e["action"] == "watch add")
    assert watched["params"]["values"] == ["+254 712 000 111"] and watched["rows"] == 1


def test_on_neo4j_an_export_and_a_reveal_are_in_the_file_and_in_neo4j(neo4j_store, tmp_path):
    """On Neo4j each entry is also an :AuditEntry node holding the same entry; status does
    not count those nodes, `store reset` leaves them, `audit --from-store` reads them."""
    home = tmp_path / "home"
    run = cli_runner(home, tmp_path)
    env = cli_env(neo4j_store, home)
    assert run("load", str(DEBRIEF), "--quiet", env=env).returncode == 0
    before = json.loads(run("status", "--json", env=env).stdout)
    for reveal in ([], ["--reveal"]):
        folder = tmp_path / f"graph{len(reveal)}"
        done = run("export", "--format", "graphml", "-o", str(folder), *reveal, env=env)
        assert done.returncode == 0, done.stderr
    assert json.loads(run("status", "--json", env=env).stdout) == before

    in_file = audit.entries(home)
    assert [e["action"] for e in in_file] == ["load", "export", "export"]
    assert [e["reveal"] for e in in_file] == [False, False, True]
    ids = [e["id"] for e in in_file]
    stored = neo4j_store.read(
        "MATCH (a:AuditEntry) WHERE a.id IN $ids RETURN a.entry AS entry ORDER BY a.time",
        {"ids": ids},
    )
    assert [json.loads(row["entry"]) for row in stored] == in_file

    assert run("store", "reset", "--yes", env=env).returncode == 0
    assert json.loads(run("status", "--json", env=env).stdout)["nodes"] == {}
    shown = run("audit", "--from-store", "--reveal", "--json", env=env)
    assert shown.returncode == 0, shown.stderr
    revealed = [json.loads(line) for line in shown.stdout.splitlines()]
    assert in_file[2] in revealed and in_file[1] not in revealed


def test_an_audit_entry_node_is_created_never_overwritten(neo4j_store):
    """Append-only in Neo4j too: the key is unique, so a second entry with an id already
    there is refused rather than merged into the first."""
    params = {"id": uuid.uuid4().hex, "time": "2026-12-06T10:00:00.000Z", "action": "export",
              "user": "analyst", "reveal": False, "entry": "{}"}  # fmt: skip
    neo4j_store.write(audit.MIRROR, params)
    with pytest.raises(StoreError):
        neo4j_store.write(audit.MIRROR, {**params, "action": "load", "entry": '{"x": 1}'})
    rows = neo4j_store.read(
        "MATCH (a:AuditEntry {id: $id}) RETURN a.action AS action", {"id": params["id"]}
    )
    assert rows == [{"action": "export"}]


def test_from_store_needs_neo4j(home, tmp_path):
    done = cli_runner(home, tmp_path)("audit", "--from-store")
    assert done.returncode != 0 and "only a Neo4j store keeps a copy" in done.stderr

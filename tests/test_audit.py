"""The audit trail: every export and every --reveal leaves an entry a person can find."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_support import cli_runner

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

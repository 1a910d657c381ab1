"""Whole loads: idempotence, strict mode, the report, interrupted loads, the CLI, examples."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from load_helpers import BAD, GOOD, snapshot

from casegraph.cli import _register, cli
from casegraph.services.ingest import load_paths
from casegraph.store import counts
from casegraph.store.base import batched

REPO = Path(__file__).resolve().parents[1]


def totals(store) -> tuple[int, int]:
    c = counts(store)
    return sum(c["nodes"].values()), sum(c["relationships"].values())


def test_loading_twice_changes_nothing(store):
    first = load_paths(store, [GOOD, BAD])
    state = snapshot(store)
    second = load_paths(store, [GOOD, BAD])
    assert snapshot(store) == state
    assert (second.nodes_created, second.relationships_created) == (0, 0)
    assert first.nodes_created > 0 and len(second.problems) == len(first.problems)


def test_a_file_reached_twice_is_loaded_once(store):
    report = load_paths(store, [GOOD, GOOD / "debriefs", GOOD / "debriefs" / "DBR-TST-0001.md"])
    assert report.kinds["debriefs"].files == 1
    files = store.read("MATCH (s:Source {id: 'DBR-TST-0001'}) RETURN s.file AS file")
    assert files == [{"file": "debriefs/DBR-TST-0001.md"}]


def test_report_counts_match_the_graph(store):
    report = load_paths(store, [GOOD, BAD])
    assert (report.nodes_after, report.rels_after) == totals(store)
    assert report.nodes_before == 0 and report.nodes_created == report.nodes_after
    total = report.table()[-1]
    # rejected: the phone row with a bad number and the note with malformed YAML (the row
    # with an unknown role loads, the role kept as other:); DBR-TST-0002 loads in part
    assert total["kind"] == "total" and total["rejected"] == 2
    assert total["problems"] == len(report.problems) == 7
    assert (
        "README.md",
        "no YAML front matter and no note headers (Date:, Case no.:): not a debrief note",
    ) in report.skipped


def test_strict_writes_nothing_of_a_file_with_problems(store):
    report = load_paths(store, [BAD / "phones.csv", GOOD / "tables" / "routes.csv"], strict=True)
    assert len(report.problems) == 2 and report.not_written == ["phones.csv"]
    assert store.read("MATCH (p:Phone) RETURN p") == []
    assert report.kinds["phones"].rejected == 4 and report.kinds["routes"].loaded == 3
    assert store.read("MATCH (l:Leg) RETURN count(l) AS n") == [{"n": 3}]


class Interrupted(Exception):
    pass


class FailingStore:
    """The real store, but the process 'dies' after ``allowed`` batch queries."""

    def __init__(self, store, allowed: int) -> None:
        self.store, self.allowed = store, allowed

    def __getattr__(self, name):
        return getattr(self.store, name)

    def write_batches(self, cypher, rows, batch_size=5000, extra=None) -> int:
        written = 0
        for chunk in batched(rows, batch_size):
            if self.allowed == 0:
                raise Interrupted
            self.allowed -= 1
            self.store.write(cypher, {**(extra or {}), "rows": chunk})
            written += len(chunk)
        return written


def test_interrupted_load_leaves_whole_batches_and_a_rerun_completes(store):
    load_paths(store, [GOOD])
    complete = snapshot(store)
    store.clear()
    store.apply_schema()
    with pytest.raises(Interrupted):
        load_paths(FailingStore(store, allowed=2), [GOOD], batch_size=2)
    # Compounds load first: the file's Source node, then a first batch of two compounds,
    # and the 'crash' before anything else.
    assert totals(store) == (3, 0)
    assert len(store.read("MATCH (c:Compound) RETURN c")) == 2
    load_paths(store, [GOOD], batch_size=2)
    assert snapshot(store) == complete


def test_cli_load_reports_writes_rejects_and_strict_fails(store, cg_home, tmp_path, monkeypatch):
    monkeypatch.setenv("CASEGRAPH_HOME", str(cg_home))
    _register()
    runner = CliRunner()
    ok = runner.invoke(cli, ["load", str(GOOD), "--quiet"])
    assert ok.exit_code == 0, ok.output
    # --quiet drops the table, not the news that a file was not read at all
    assert "skipped README.md: no YAML front matter" in ok.stderr
    rejects = tmp_path / "rejects.csv"
    args = ["load", str(GOOD), str(BAD), "--strict", "--rejects", str(rejects)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert "phones.csv:3 [phone]" in result.output and "skipped README.md" in result.output
    with rejects.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert (
        len(rows) == 9
        and {"file": "phones.csv", "line": "3", "field": "phone"}.items() <= rows[1].items()
    )
    default = runner.invoke(cli, ["load", str(BAD / "phones.csv"), "--quiet"])
    assert default.exit_code == 0  # not strict: the good rows load, the rest is reported
    # header + the bad number (the unknown role is a note unless --strict)
    assert (cg_home / "rejects" / "last-load.csv").read_text(encoding="utf-8").count("\n") == 2


def test_examples_load_strictly_without_rejects(store):
    examples = REPO / "examples"
    report = load_paths(store, [examples], strict=True)
    assert report.problems == [], [str(p) for p in report.problems]
    assert report.kinds["debriefs"].loaded >= 3 and report.nodes_created > 0
    state = snapshot(store)
    load_paths(store, [examples], strict=True)
    assert snapshot(store) == state


def test_loads_are_idempotent_on_every_store(any_store):
    """Same statements on Neo4j when CASEGRAPH_NEO4J_URI is set (skipped loudly otherwise)."""
    load_paths(any_store, [GOOD])
    state = snapshot(any_store)
    assert load_paths(any_store, [GOOD]).nodes_created == 0
    assert snapshot(any_store) == state

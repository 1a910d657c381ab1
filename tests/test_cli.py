"""The `casegraph` command as a user meets it: help, errors, the embedded store.

Behaviour tests run the real entry point (``casegraph.cli.main``) in a subprocess
with a temporary CASEGRAPH_HOME, so exit codes, stderr and tracebacks are what a
user would see. Help is checked in-process over every registered command, so a
command added later is covered without touching this file.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from cli_support import cli_runner
from queries_support import neo4j_settings

from casegraph.cli import _register, cli, main
from casegraph.store.embedded_server import EmbeddedServer

REPO = Path(__file__).resolve().parents[1]

_register()


def command_paths(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand, as the words a user types after `casegraph`."""
    paths = [prefix]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, (*prefix, name)))
        else:
            paths.append((*prefix, name))
    return paths


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("cli-home")
    yield path
    EmbeddedServer(path).stop()


@pytest.fixture
def run(home: Path, tmp_path: Path):
    """Run `casegraph ARGS` in a subprocess; ``env`` adds or overrides variables."""
    return cli_runner(home, tmp_path)


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected a one-line error, got:\n{proc.stderr}"
    return lines[0]


def node_count(run) -> int:
    proc = run("cypher", "MATCH (n) RETURN count(n) AS n", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)[0]["n"]


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "casegraph")
def test_help_shows_an_example(path, capsys):
    main([*path, "--help"])
    out = capsys.readouterr().out
    assert out.startswith(f"Usage: casegraph {' '.join(path)}".rstrip())
    assert re.search(r"^\s*Examples?:\s*$", out, re.MULTILINE), f"no Example section:\n{out}"
    assert f"casegraph {' '.join(path)}".rstrip() in out.split("Example", 1)[1]


def test_every_command_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [f"casegraph {name}" for name in sorted(cli.commands)]
    missing = [usage for usage in missing if usage not in readme]
    assert not missing, f"README.md does not mention: {', '.join(missing)}"


def test_status_prints_store_location_and_counts(run, home):
    run("store", "reset", "--yes")
    pattern = "(:Phone {id: '+66812345678'})-[:LOCATED_IN]->(:Country {id: 'TH'})"
    created = run("cypher", "--write", f"CREATE {pattern}")
    assert created.returncode == 0, created.stderr
    proc = run("status")
    assert proc.returncode == 0, proc.stderr
    assert f"data in {home / 'data'}" in proc.stdout
    assert re.search(r"^nodes: 2$", proc.stdout, re.MULTILINE)
    assert re.search(r"^\s+Phone\s+1$", proc.stdout, re.MULTILINE)
    assert re.search(r"^\s+LOCATED_IN\s+1$", proc.stdout, re.MULTILINE)
    as_json = json.loads(run("status", "--json").stdout)
    assert as_json["nodes"] == {"Country": 1, "Phone": 1}


def test_read_only_cypher_refuses_a_write(run):
    run("store", "reset", "--yes")
    message = one_line_error(run("cypher", "CREATE (:Phone {id: '+855961234567'})"))
    assert message.startswith("error:") and "read-only" in message
    assert "add --write" in message, "the error should say how to allow a write"
    assert node_count(run) == 0


def test_cypher_write_and_parameter_types(run):
    run("store", "reset", "--yes")
    proc = run(
        "cypher",
        "--write",
        "CREATE (p:Phone {id: $id, digits: $n, local: $local}) RETURN p.id AS id",
        *("--param", "id=+855961234567", "-p", "n=855961234567", "-p", "local=0961234567"),
    )
    assert proc.returncode == 0, proc.stderr
    assert "+855961234567" in proc.stdout and "(1 row)" in proc.stdout
    read = run(
        "cypher",
        "MATCH (p:Phone) RETURN p.id AS id, p.digits AS n, p.local AS local, $flag AS flag",
        *("-p", "flag=true", "--format", "json"),
    )
    assert json.loads(read.stdout) == [
        {"id": "+855961234567", "n": 855961234567, "local": "0961234567", "flag": True}
    ]


def test_review_decide_refuses_a_record_not_in_the_graph(run, home):
    run("store", "reset", "--yes")
    created = run("cypher", "--write", "CREATE (:PersonRecord {id: 'DBR-KE-0001#R1'})")
    assert created.returncode == 0, created.stderr
    typo = one_line_error(run("review", "--decide", "DBR-KE-0001#R1", "DBR-KE-0001#R9", "same"))
    assert "'DBR-KE-0001#R9'" in typo and "DBR-KE-0001#R1" in typo.split("source:")[1]
    decisions = home / "decisions" / "decisions.jsonl"
    assert not decisions.exists() or "R9" not in decisions.read_text(encoding="utf-8")
    run("cypher", "--write", "CREATE (:PersonRecord {id: 'DBR-UG-0001#R1'})")
    proc = run("review", "--decide", "DBR-KE-0001#R1", "DBR-UG-0001#R1", "different", "--later")
    assert proc.returncode == 0, proc.stderr
    assert "DBR-UG-0001#R1" in decisions.read_text(encoding="utf-8")
    assert "run casegraph resolve to apply" in proc.stdout


def test_a_review_decision_re_clusters_at_once(run):
    """An analyst who says two records are one person sees one person, without running
    resolve; saying they are not splits them again."""
    run("store", "reset", "--yes")
    made = run(
        "cypher",
        "--write",
        "CREATE (:PersonRecord {id: 'DBR-KE-0007#R1', name: 'Brian Ochieng', source_id: 'a'}),"
        " (:PersonRecord {id: 'DBR-UG-0003#R2', name: 'Kamau Njoroge', source_id: 'b'})",
    )
    assert made.returncode == 0, made.stderr
    assert run("resolve", "--quiet").returncode == 0
    people = "MATCH (p:Person) RETURN count(p) AS n"
    assert '"n": 2' in run("cypher", people, "--format", "json").stdout
    same = run("review", "--decide", "DBR-KE-0007#R1", "DBR-UG-0003#R2", "same")
    assert same.returncode == 0, same.stderr
    assert "are one person, P-" in same.stdout and "(2 records)" in same.stdout
    assert '"n": 1' in run("cypher", people, "--format", "json").stdout
    apart = run("review", "--decide", "DBR-KE-0007#R1", "DBR-UG-0003#R2", "different")
    assert "DBR-KE-0007#R1 is P-" in apart.stdout
    assert '"n": 2' in run("cypher", people, "--format", "json").stdout


def test_resolve_says_which_persons_are_listed_parties(run):
    """The layer holds a person per listed party, never resolved: the two counts printed
    differ by them, and resolve says so instead of leaving the user to wonder."""
    run("store", "reset", "--yes")
    lists = Path(__file__).parent / "fixtures" / "lists" / "opensanctions_fictional.simple.csv"
    assert run("load", "--quiet", str(lists)).returncode == 0
    out = run("resolve", "--quiet").stdout
    # ZHAO Wenjun (a politically exposed person) is resolved; KHOUN Sovann is listed
    assert "1 persons;" in out
    assert "entity layer written: 2 persons (1 of them a listed party, kept out" in out


@pytest.mark.parametrize("name", ["key-brokers", "link-evidence"])
def test_query_show_example_is_a_command_that_runs(run, name):
    shown = run("query", "show", name)
    line = next(x for x in shown.stdout.splitlines() if x.startswith("example: "))
    words = shlex.split(line.removeprefix("example: "))
    assert words[:4] == ["casegraph", "query", "run", name]
    proc = run(*words[1:])
    # This store does not hold the examples: an example naming people may fail only
    # because those names are unknown here, saying so; a quoting slip is a usage error.
    assert proc.returncode == 0 or "nothing close is loaded" in proc.stderr, proc.stderr
    assert "Usage:" not in proc.stderr


def test_query_before_resolve_warns_that_people_are_missing(run):
    run("store", "reset", "--yes")
    assert "casegraph load" in run("query", "run", "cross-border-links").stderr
    run("cypher", "--write", "CREATE (:PersonRecord {id: 'DBR-KE-0001#R1', name: 'Sammy'})")
    proc = run("query", "run", "cross-border-links")
    assert proc.returncode == 0, proc.stderr
    assert "casegraph resolve" in proc.stderr
    run("cypher", "--write", "CREATE (:Person {id: 'P-1', name: 'Sammy'})")
    assert "casegraph resolve" not in run("query", "run", "cross-border-links").stderr


def test_unwritable_output_is_a_one_line_error(run, tmp_path):
    # A resolved record in the store, whatever ran before: an empty or unresolved store
    # adds its own warning line ("holds no person records") before the error.
    resolved = (
        "MERGE (:PersonRecord {id: 'S-1#R1', source_id: 'S-1'})"
        "-[:RESOLVES_TO]->(:Person {id: 'P-1'})"
    )
    run("cypher", "--write", resolved)
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    target = tmp_path / "a-file" / "links.csv"
    message = one_line_error(run("query", "run", "cross-border-links", "-o", str(target)))
    assert str(target) in message


def test_param_without_equals_is_a_usage_error(run):
    proc = run("cypher", "RETURN $x AS x", "--param", "x")
    assert proc.returncode == 2 and "key=value" in proc.stderr and "Traceback" not in proc.stderr


def test_stopped_store_restarts_on_the_next_command(run):
    run("store", "reset", "--yes")
    run("cypher", "--write", "CREATE (:Country {id: 'KH', name: 'Cambodia'})")
    assert "stopped" in run("store", "stop").stdout
    proc = run("status")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^\s+Country\s+1$", proc.stdout, re.MULTILINE), "data lost over a restart"


def test_reset_asks_first_and_yes_clears(run):
    run("store", "reset", "--yes")
    run("cypher", "--write", "CREATE (:Country {id: 'MM', name: 'Myanmar'})")
    refused = run("store", "reset", stdin="n\n")
    assert refused.returncode == 1 and "Delete the whole graph" in refused.stdout
    assert node_count(run) == 1
    confirmed = run("store", "reset", stdin="y\n")
    assert confirmed.returncode == 0 and "cleared" in confirmed.stdout
    assert node_count(run) == 0
    run("cypher", "--write", "CREATE (:Country {id: 'LA', name: 'Laos'})")
    assert run("store", "reset", "--yes").returncode == 0
    assert node_count(run) == 0


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_neo4j_is_a_one_line_error(run, closed_port):
    uri = f"bolt://127.0.0.1:{closed_port}"
    message = one_line_error(run("status", env={"CASEGRAPH_URI": uri}))
    assert message.startswith("error:") and uri in message
    debug = run("--debug", "status", env={"CASEGRAPH_URI": uri})
    assert debug.returncode != 0
    assert "Traceback" in debug.stderr and "StoreError" in debug.stderr


def test_invalid_uri_scheme_is_a_config_error(run):
    message = one_line_error(run("status", env={"CASEGRAPH_URI": "http://localhost:7474"}))
    assert "http://localhost:7474" in message and "bolt://" in message


def test_csv_cells_list_plain_values_with_semicolons(run):
    proc = run(
        "cypher",
        "RETURN ['KE', 'UG'] AS countries, [{chain: 'tron'}] AS wallets, 3 AS n",
        "--format",
        "csv",
    )
    assert proc.returncode == 0, proc.stderr
    header, row = proc.stdout.strip().splitlines()
    assert header == "countries,wallets,n"
    assert row == 'KE; UG,"[{""chain"": ""tron""}]",3'


def test_long_table_cells_end_in_an_ellipsis_and_full_shows_them(run):
    long = "x" * 70 + "END"
    cut = run("cypher", f"RETURN '{long}' AS note, 1 AS n")
    assert cut.returncode == 0, cut.stderr
    row = cut.stdout.splitlines()[2]
    assert "x" * 59 + "…" in row and "END" not in row
    assert "--full shows them whole" in cut.stdout
    whole = run("cypher", f"RETURN '{long}' AS note, 1 AS n", "--full")
    assert long in whole.stdout and "…" not in whole.stdout


def test_store_names_the_store_in_use_and_store_option_overrides(run, closed_port):
    assert run("store").stdout.startswith("store: embedded FalkorDB at ")
    # --store falkordb keeps the embedded store even where a Neo4j URI is configured.
    uri = f"bolt://127.0.0.1:{closed_port}"
    forced = run("--store", "falkordb", "store", env={"CASEGRAPH_URI": uri})
    assert forced.returncode == 0 and "[falkordb]" in forced.stdout
    message = one_line_error(run("--store", "neo4j", "status"))
    assert "CASEGRAPH_URI" in message and "CASEGRAPH_PASSWORD" in message
    bad = run("status", env={"CASEGRAPH_STORE": "sqlite"})
    assert bad.returncode != 0 and "sqlite" in bad.stderr


def test_store_names_neo4j_when_pointed_at_it(run, neo4j_session):
    settings = neo4j_settings()
    env = {"CASEGRAPH_URI": settings.uri or "", "CASEGRAPH_PASSWORD": settings.password or ""}
    done = run("--store", "neo4j", "store", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"store: Neo4j at {settings.uri} (database neo4j) [neo4j]"
    # start and stop are the embedded server's: on Neo4j both say so (stop said "no
    # embedded FalkorDB was running", as if Neo4j had been stopped or was not running)
    for action, done_word in (("start", "started"), ("stop", "stopped")):
        refused = run("--store", "neo4j", "store", action, env=env)
        assert refused.returncode == 2 and f"Neo4j is not {done_word} here" in refused.stderr


def test_commands_other_than_the_demo_do_not_need_the_examples(tmp_path):
    """An install whose example data is missing (or a venv from before it was packaged)
    still lists and runs queries: only `casegraph demo` looks for the examples."""
    script = (
        "import importlib.abc, sys\n"
        "class NoExamples(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name.startswith('casegraph.examples'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, NoExamples())\n"
        "from casegraph.cli import main\n"
        "sys.argv = ['casegraph', 'query', 'list']\n"
        "main()\n"
    )
    env = {**os.environ, "CASEGRAPH_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "recruiter-network" in done.stdout

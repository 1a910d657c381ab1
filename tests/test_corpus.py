"""The bad-input corpus (tests/corpus/) loads in one batch with good files, as a user
would run it: within a memory limit and a time-out, every good file written, every bad
file or row in the rejects with its file, line or row, field and reason, exit 0 (and
exit 1 with --strict), as the README's Limits and safety section says."""

from __future__ import annotations

import csv
import os
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import ENTRY
from corpus.make_corpus import CASES, build, case_folder
from load_helpers import GOOD

from casegraph.core.settings import Settings
from casegraph.services.ingest import load_paths
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.falkordb_store import FalkorDBStore

MEMORY = 4 << 30  # address space of the loading process
TIME_OUT = 600  # seconds; the batch takes well under a minute on 2 busy cores
KEYS = "MATCH (n) RETURN labels(n)[0] AS label, n.id AS id"


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _load(home: Path, batch: Path, rejects: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEGRAPH_")}
    env["CASEGRAPH_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-c", ENTRY, "load", str(batch), "--quiet", "--rejects", str(rejects),
         *extra],
        env=env, capture_output=True, text=True, timeout=TIME_OUT, preexec_fn=_limited,
        check=False,
    )  # fmt: skip


pytestmark = pytest.mark.slow  # one batch of the whole corpus: a minute or two


@pytest.fixture(scope="module")
def corpus_load(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("corpus")
    batch = root / "batch"
    build(batch)
    shutil.copytree(GOOD, batch / "good")
    home = root / "home"
    server = FalkorDBStore(Settings(home=home))  # started outside the memory limit
    rejects = root / "rejects.csv"
    done = _load(home, batch, rejects)
    rows = list(csv.DictReader(rejects.open(encoding="utf-8")))
    keys = {(r["label"], r["id"]) for r in server.read(KEYS)}
    yield done, rows, keys, (home, batch, root)
    server.close()
    EmbeddedServer(home).stop()


def _in(case, name: str, row: dict) -> bool:
    file = f"{case_folder(case)}/{name}"
    return row["file"] == file or row["file"].startswith(file + "[")


def test_batch_finishes_with_exit_0_despite_every_bad_input(corpus_load):
    done, rows, _, _ = corpus_load
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert rows, "the corpus left no rejects at all"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_bad_input_is_reported_where_it_is(corpus_load, case):
    _, rows, keys, _ = corpus_load
    for expect in case.expect:
        found = [
            r for r in rows
            if _in(case, expect.file, r)
            and re.search(expect.reason, r["reason"])
            and (expect.field is None or r["field"] == expect.field)
            and (not expect.located or r["line"])
        ]  # fmt: skip
        shown = [r for r in rows if _in(case, expect.file, r)]
        assert found, f"{case.name}: no reject like {expect} among {shown}"
    if not case.expect:  # inputs that are fine once read right: nothing rejected
        wrong = [r for r in rows if any(_in(case, name, r) for name in case.files)]
        assert wrong == [], case.name
    missing = [key for key in case.present if key not in keys]
    assert missing == [], f"{case.name}: rows lost outside the bad ones: {missing}"


def test_every_good_file_is_written(corpus_load, store):
    _, rows, keys, _ = corpus_load
    assert not [r for r in rows if r["file"].startswith("good/")]
    load_paths(store, [GOOD])
    alone = {(r["label"], r["id"]) for r in store.read(KEYS)}
    assert alone and alone <= keys, sorted(alone - keys)[:20]


def test_strict_turns_the_same_problems_into_exit_1(corpus_load):
    _, _, _, (home, batch, root) = corpus_load
    done = _load(home, batch, root / "strict-rejects.csv", "--strict")
    assert done.returncode == 1
    assert "--strict" in done.stderr


def test_per_category_nothing_is_lost_outside_the_bad_rows(corpus_load):
    """The closing measure, by category: cases, input files, records put to the loader,
    rejects reported, and records lost outside the bad ones (must be 0). Printed as a
    table: `pytest tests/test_corpus.py -k per_category -s`."""
    _, rows, keys, _ = corpus_load
    table: dict[str, list[int]] = {}
    for case in CASES:
        line = table.setdefault(case.category, [0, 0, 0, 0, 0, 0])
        reported = {
            (r["file"], r["line"]) for r in rows if any(_in(case, name, r) for name in case.files)
        }
        lost = [key for key in case.present if key not in keys]
        line[0] += 1
        line[1] += len(case.files)
        line[2] += case.rows
        line[3] += len(reported)
        line[4] += len(case.present)
        line[5] += len(lost)
    print("\n| category | cases | files | records | rejects | good records checked | lost |")
    print("|---|---|---|---|---|---|---|")
    for category, line in sorted(table.items()):
        print(f"| {category} | " + " | ".join(str(n) for n in line) + " |")
    total = [sum(col) for col in zip(*table.values(), strict=True)]
    print("| all | " + " | ".join(str(n) for n in total) + " |")
    assert total[5] == 0

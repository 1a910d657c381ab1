"""Every notebook runs top to bottom on a fresh embedded store and says what it should."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient

from casegraph.store.embedded_server import EmbeddedServer

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
TRUTH = yaml.safe_load((REPO / "examples" / "ground_truth.yaml").read_text(encoding="utf-8"))


def victim_names() -> set[str]:
    """Real names of victims in the debriefs: they must never reach an output."""
    names = set()
    for path in (REPO / "examples" / "debriefs").glob("*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        who = front.get("interviewee") or {}
        if who.get("name") and "victim" in (who.get("roles") or [who.get("role")]):
            names.add(who["name"])
    return names


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("nbhome")
    out = tmp_path_factory.mktemp("nbout")
    old = {k: os.environ.get(k) for k in ("CASEGRAPH_HOME", "CASEGRAPH_OUT", "CASEGRAPH_URI")}
    os.environ.update({"CASEGRAPH_HOME": str(home), "CASEGRAPH_OUT": str(out)})
    os.environ.pop("CASEGRAPH_URI", None)
    results = {}
    try:
        for path in NOTEBOOKS:
            book = nbformat.read(path, as_version=4)
            client = NotebookClient(
                book, timeout=300, kernel_name="python3",
                resources={"metadata": {"path": str(path.parent)}},
            )  # fmt: skip
            client.execute()
            results[path.name] = book
    finally:
        EmbeddedServer(home).stop()
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return results, out


def text_of(book) -> str:
    parts = []
    for cell in book.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            for mime, data in output.get("data", {}).items():
                if mime.startswith("text/"):
                    parts.append(data if isinstance(data, str) else "".join(data))
    return "\n".join(parts)


def test_notebooks_are_stored_without_outputs():
    assert len(NOTEBOOKS) == 5
    for path in NOTEBOOKS:
        book = json.loads(path.read_text(encoding="utf-8"))
        for cell in book["cells"]:
            assert not cell.get("outputs"), f"{path.name} is stored with outputs"


def test_every_notebook_runs_and_answers(executed):
    books, out = executed
    top = next(p for p in TRUTH["persons"] if p["id"] == TRUTH["top_recruiter"]["person"])
    getting_started = text_of(books["1-getting-started.ipynb"])
    assert top["name"] in getting_started
    assert "person mentions resolved into" in getting_started
    hierarchy = text_of(books["3-offender-hierarchy.ipynb"])
    boss = next(p for p in TRUTH["persons"] if "boss" in p.get("roles", []))
    assert f"boss: {boss['name']}" in hierarchy
    borders = text_of(books["4-cross-border-linking.ipynb"])
    assert TRUTH["top_recruiter"]["telegram"] in borders
    evidence = text_of(books["5-evidence-summary.ipynb"])
    assert "report written to" in evidence
    assert "outcome: merge; same cluster" in evidence and "nothing was re-run" in evidence
    origin = text_of(books["2-origin-country-recruitment.ipynb"])
    assert "KE:" in origin and "UG:" in origin
    for name in victim_names():
        for book_name, book in books.items():
            assert name not in text_of(book), f"victim name {name!r} shown in {book_name}"
    pictures = sorted(p.name for p in out.glob("*.html"))
    assert "recruiter-network.html" in pictures and "hierarchy-kkpark.html" in pictures
    assert (out / "hierarchy-kkpark.png").stat().st_size > 10_000


def test_notebooks_use_only_the_public_api():
    """A notebook reads as a user's: casegraph.notebook calls and saved queries by name,
    no internal module and no raw Cypher."""
    for path in NOTEBOOKS:
        book = json.loads(path.read_text(encoding="utf-8"))
        code = "\n".join("".join(c["source"]) for c in book["cells"] if c["cell_type"] == "code")
        imports = re.findall(r"^\s*(?:from|import)\s+(casegraph[\w.]*)", code, re.MULTILINE)
        assert set(imports) <= {"casegraph.notebook"}, f"{path.name} imports {imports}"
        assert not re.search(r"\b(MATCH|RETURN)\b|\.read\(", code), f"{path.name} runs Cypher"

"""Every Cypher statement in the repository is valid Neo4j 5 Cypher.

Checked offline with Neo4j's own front-end (npm ``@neo4j-cypher/language-support``,
run by ``tools/cypher-lint/lint.mjs``; ``make node`` installs it): syntax, semantics
(undefined variables, type errors), functions and procedures that Neo4j 5 lacks
(FalkorDB's ``algo.*``, APOC), and labels or relationship types that
``graph_schema/schema.yaml`` does not define (where a MATCH would silently find
nothing). Only error diagnostics fail; warnings (deprecations, unbounded paths)
are not failures.

What is linted:

* every ``.cypher`` file (several statements may be separated by ``;``; comments,
  such as a saved query's ``//`` header, are fine). ``NAME.falkordb.cypher`` files
  are FalkorDB-only variants and are skipped; ``NAME.neo4j.cypher`` are linted. The
  label ``:Item`` in a file stands for labels the code fills in (a label cannot be a
  parameter) and is linted with a real one in its place.
* every string constant (docstrings aside) in the Python packages (``casegraph``,
  ``loaders``, ``resolution``, ``queries``, ``graph_schema``) that starts with a
  Cypher clause keyword (``MATCH``, ``MERGE``, ``UNWIND``, ...). Conventions:
    - a statement assigned to a name ending in ``_FALKORDB`` (module constant or
      class attribute, e.g. ``PATHS_FALKORDB = "CALL algo.SPpaths(...)"``) is
      FalkorDB-only and skipped; give its Neo4j twin the suffix ``_NEO4J``.
    - in an f-string every ``{...}`` must be a label, relationship type or property
      name taken from the schema: it is linted with a real schema relationship type
      in its place inside ``[r:{...}]`` and a real label anywhere else, so
      interpolating anything else (a number, a clause) fails here. Values are
      always ``$parameters``.
    - keep one statement in one string constant where possible; a fragment that code
      completes is assigned to a name ending in ``_PART`` and skipped, and what is
      built from it is linted whole by ``test_composed_cypher_is_valid_neo4j``.
* the constraint and index statements ``graph_schema`` generates for Neo4j.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from casegraph.graph_schema import load_schema

REPO = Path(__file__).resolve().parents[1]
LINT_DIR = REPO / "tools" / "cypher-lint"
LINT_SCRIPT = LINT_DIR / "lint.mjs"
PYTHON_PACKAGES = ("casegraph", "loaders", "resolution", "queries", "graph_schema")
SKIP_DIRS = {"node_modules", ".venv", "venv", "build", "dist", "out", "__pycache__"}
SKIPPED_SUFFIXES = ("_FALKORDB", "_PART")
TEMPLATE_LABEL = re.compile(r":Item\b")
CLAUSE_START = re.compile(
    r"^\s*(OPTIONAL\s+MATCH|MATCH|MERGE|UNWIND|CREATE|CALL|WITH|RETURN|DETACH\s+DELETE"
    r"|FOREACH|SHOW|DROP)(\s+\S|\s*[({])"
)
REL_POSITION = re.compile(r"\[\s*\w*\s*:\s*$")  # an f-string field inside -[r:{...}]
INSTALL_HINT = "run `make node` (it runs `npm ci` in tools/cypher-lint; needs Node 18+ and npm)"


@dataclass(frozen=True)
class Statement:
    """One piece of Cypher to lint and where it lives (line = first line of the text)."""

    where: str
    line: int
    text: str


def run_lint(texts: list[str], schema: bool = False) -> list[list[dict]]:
    """Diagnostics per text from Neo4j's front-end; fails the test if the tool is missing.

    With ``schema``, labels and relationship types outside the graph schema are errors.
    """
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"Node.js is not installed, so Cypher cannot be linted: {INSTALL_HINT}")
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.fail(f"the Cypher lint tool is not installed: {INSTALL_HINT}")
    request: list[str] | dict = texts
    if schema:
        names = load_schema()
        request = {
            "statements": texts,
            "labels": list(names.nodes),
            "relationshipTypes": list(names.relationships),
        }
    proc = subprocess.run(
        [node, str(LINT_SCRIPT)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        return [item["diagnostics"] for item in json.loads(proc.stdout)]
    except (json.JSONDecodeError, TypeError, KeyError):
        pytest.fail(f"cypher-lint failed (exit {proc.returncode}): {proc.stderr.strip()}")


def errors_of(statements: list[Statement]) -> list[str]:
    """`file:line:column: message` for every error diagnostic of the statements."""
    found = []
    results = run_lint([s.text for s in statements], schema=True)
    for stmt, diagnostics in zip(statements, results, strict=True):
        for d in diagnostics:
            if d["severity"] == "error":
                line = stmt.line + d["line"] - 1
                found.append(f"{stmt.where}:{line}:{d['column']}: {d['message']}")
    return found


def _walk(suffix: str, roots: tuple[Path, ...] = (REPO,)) -> list[Path]:
    files = []
    for root in roots:
        for path in sorted(root.rglob(f"*{suffix}")):
            rel = path.relative_to(REPO).parts
            if not any(part in SKIP_DIRS or part.startswith(".") for part in rel[:-1]):
                files.append(path)
    return files


def cypher_files() -> list[Path]:
    return [p for p in _walk(".cypher") if not p.name.endswith(".falkordb.cypher")]


def _falkordb_only(tree: ast.AST) -> set[int]:
    """ids of the nodes assigned to a name ending in _FALKORDB or _PART (and everything
    inside)."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [getattr(t, "id", None) or getattr(t, "attr", "") for t in targets]
            if any(name.endswith(SKIPPED_SUFFIXES) for name in names):
                skipped.update(id(sub) for sub in ast.walk(node.value))
    return skipped


def _docstrings(tree: ast.AST) -> set[int]:
    # "MERGE statement for one label" in a docstring is prose, not Cypher.
    owners = ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, owners) and node.body and isinstance(node.body[0], ast.Expr)
    }


def _fstring_text(node: ast.JoinedStr, label: str, rel_type: str) -> str:
    text = ""
    for part in node.values:
        if isinstance(part, ast.Constant):
            text += part.value
        else:
            text += rel_type if REL_POSITION.search(text) else label
    return text


def python_statements(path: Path, label: str, rel_type: str) -> list[Statement]:
    """Cypher string constants (and schema-name f-strings) kept by one Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = _falkordb_only(tree) | _docstrings(tree)
    fstrings = [node for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)]
    skipped.update(id(part) for node in fstrings for part in node.values)
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = _fstring_text(node, label, rel_type)
        else:
            continue
        if CLAUSE_START.match(text):
            found.append(Statement(str(path.relative_to(REPO)), node.lineno, text))
    return found


def all_python_statements() -> list[Statement]:
    schema = load_schema()
    names = next(iter(schema.nodes)), next(iter(schema.relationships))
    roots = tuple(REPO / p for p in PYTHON_PACKAGES if (REPO / p).is_dir())
    return [s for path in _walk(".py", roots) for s in python_statements(path, *names)]


def test_cypher_files_are_valid_neo4j():
    label = next(iter(load_schema().nodes))
    statements = [
        Statement(
            str(p.relative_to(REPO)),
            1,
            TEMPLATE_LABEL.sub(f":{label}", p.read_text(encoding="utf-8")),
        )
        for p in cypher_files()
    ]
    errors = errors_of(statements)
    assert not errors, "Neo4j rejects these .cypher files:\n" + "\n".join(errors)


def test_python_cypher_is_valid_neo4j():
    statements = all_python_statements()
    assert statements, "the scan found no Cypher in the Python packages: is CLAUSE_START broken?"
    errors = errors_of(statements)
    assert not errors, "Neo4j rejects Cypher kept in Python code:\n" + "\n".join(errors)


def test_schema_statements_are_valid_neo4j():
    statements = [
        Statement("casegraph.graph_schema.neo4j_statements()", 1, s)
        for s in load_schema().neo4j_statements()
    ]
    errors = errors_of(statements)
    assert not errors, "Neo4j rejects generated schema statements:\n" + "\n".join(errors)


def test_linter_reports_broken_and_falkordb_only_cypher():
    good, typo, falkordb_call, two = run_lint(
        [
            "UNWIND $rows AS r MERGE (p:Phone {id: r.id}) SET p.country = r.country",
            "MATCH (p:Phone {id: $id} RETURN p",
            "CALL algo.pageRank('Person', 'RECRUITED') YIELD node RETURN node",
            "// header\nMATCH (a) RETURN a;\nMATCH (b)\nRETURN a;",
        ]
    )
    assert [d for d in good if d["severity"] == "error"] == []
    assert typo[0]["severity"] == "error" and "RETURN" in typo[0]["message"]
    assert "algo.pageRank" in falkordb_call[0]["message"]
    assert [(d["line"], d["message"]) for d in two] == [(4, "Variable `a` not defined")]


def test_linter_reports_names_outside_the_schema():
    typo, unknown_type, new_label = run_lint(
        [
            "MATCH (p:Phnoe {id: $id}) RETURN p",
            "MATCH (a:Person)-[:KNOWS]->(b:Person) RETURN a, b",
            "MERGE (p:Phone {id: $id}) RETURN p",
        ],
        schema=True,
    )
    assert typo[0]["severity"] == "error" and typo[0]["message"].startswith("Label Phnoe")
    assert unknown_type[0]["message"].startswith("Relationship type KNOWS")
    assert new_label == []


def test_collector_follows_the_conventions(tmp_path, monkeypatch):
    module = tmp_path / "sample.py"
    module.write_text(
        'PATHS_FALKORDB = "CALL algo.SPpaths({sourceNode: a}) YIELD path RETURN path"\n'
        'PATHS_NEO4J = "MATCH p = shortestPath((a)-[*..6]-(b)) RETURN p"\n'
        "class Loader:\n"
        '    """MERGE statements for loaders."""\n'
        '    MERGE = f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}})"\n'
        '    BY_ID = f"MATCH (n) WHERE n.id = {value} RETURN n"\n'
        '    LINKS = f"MATCH (a:{start})-[r:{rel}]->(b) RETURN r"\n'
        'NOTE = "Return the rows"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(f"{__name__}.REPO", tmp_path)
    got = {(s.line, s.text) for s in python_statements(module, "Phone", "USES_PHONE")}
    assert got == {
        (2, "MATCH p = shortestPath((a)-[*..6]-(b)) RETURN p"),
        (5, "UNWIND $rows AS r MERGE (n:Phone {id: r.id})"),
        (6, "MATCH (n) WHERE n.id = Phone RETURN n"),
        (7, "MATCH (a:Phone)-[r:USES_PHONE]->(b) RETURN r"),
    }
    errors = errors_of(python_statements(module, "Phone", "USES_PHONE"))
    assert errors == ["sample.py:6:24: Variable `Phone` not defined"]


def test_composed_cypher_is_valid_neo4j():
    """Statements code builds from fragments and templates, as they reach the store."""
    from casegraph.services import aggregates, postprocess, query_pictures
    from casegraph.store import by_id

    built = {
        "by_id.nodes_by_id": by_id._nodes(),
        "query_pictures.INDUCED_LINKS": query_pictures.INDUCED_LINKS,
        "key-brokers naming": by_id.of_label("Person", postprocess._NAMING_PART),
        "aggregates all journeys": aggregates._ALL_JOURNEYS_PART
        + aggregates.statements()["journey_legs"],
        "aggregates these journeys": aggregates._THESE_JOURNEYS_PART
        + aggregates.statements()["journey_legs"],
    }
    for name, text in aggregates.statements().items():
        if TEMPLATE_LABEL.search(text):
            for label in aggregates.IDENTIFIERS:
                built[f"aggregates {name} for {label}"] = aggregates._of(label, name)
    statements = [Statement(where, 1, text) for where, text in built.items()]
    assert any("for Phone" in s.where for s in statements), "no template statement found"
    errors = errors_of(statements)
    assert not errors, "Neo4j rejects Cypher built by code:\n" + "\n".join(errors)

"""The import contract: layers only import downwards, and no module imports itself back.

Bottom to top: core values -> graph_schema (and the saved queries' folder) -> resolution
-> loaders -> store -> services -> interfaces. A new upward import fails here with the
file and line that made it, so the layout the README draws stays true.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
from layout_support import REPO, package_folders

# Source folders and the package each maps to (pyproject's package-dir).
FOLDERS = package_folders()
LAYERS = (
    ("core", ("casegraph.core",)),
    ("graph_schema", ("casegraph.graph_schema", "casegraph.queries")),
    ("resolution", ("casegraph.resolution",)),
    ("loaders", ("casegraph.loaders",)),
    ("store", ("casegraph.store",)),
    ("services", ("casegraph.services",)),
    ("interfaces", ("casegraph.cli", "casegraph.notebook", "casegraph.demo", "casegraph.__main__")),
    # The example data and its generator (tests and benchmarks use it; nothing else imports it).
    ("examples", ("casegraph.examples",)),
)
# Below services the store stands beside loaders and resolution, not on them (DESIGN.md:
# the store may import core and graph_schema only); services join the three.
APART = {("store", "loaders"), ("store", "resolution")}


def _module(path: Path) -> str:
    rel = path.relative_to(REPO).with_suffix("")
    parts = [FOLDERS[rel.parts[0]], *rel.parts[1:]]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> int:
    if module == "casegraph":  # the package's own __init__: the version, nothing else
        return 0
    for rank, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    raise AssertionError(f"{module} is in no layer: add it to LAYERS and the README's Layout")


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            # ``from casegraph.services import postprocess`` imports the submodule
            found += [(node.lineno, n) for n in names if n.startswith("casegraph")]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("casegraph")]
    return found


def _sources() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (REPO / folder).rglob("*.py"))


def _known(module: str, modules: set[str]) -> str | None:
    while module and module not in modules:
        module = module.rpartition(".")[0]
    return module or None


def test_every_import_goes_down_a_layer_or_stays_in_its_own():
    modules = {_module(p) for p in _sources()}
    upward = []
    for path in _sources():
        here = _module(path)
        for line, target in _imports(path):
            target = _known(target, modules)
            pair = (LAYERS[_layer(here)][0], LAYERS[_layer(target)][0]) if target else None
            if target and (_layer(target) > _layer(here) or pair in APART):
                upward.append(
                    f"{path.relative_to(REPO)}:{line}: {here} ({LAYERS[_layer(here)][0]}) "
                    f"imports {target} ({LAYERS[_layer(target)][0]})"
                )
    assert not upward, "imports that go up a layer:\n" + "\n".join(upward)


def _runs(target: str, here: str, modules: set[str]) -> list[str]:
    """The modules importing ``target`` runs: each package on its path, then itself.

    A package's ``__init__`` importing its submodules is an edge like any other; a module's
    own ancestors are already being imported when it runs, so they are no edge."""
    parts = target.split(".")
    chain = (".".join(parts[:i]) for i in range(2, len(parts) + 1))
    return [m for m in chain if m in modules and m != here and not here.startswith(m + ".")]


def test_no_import_cycles():
    """Function-level imports count too: a cycle hidden in a function is still a cycle."""
    modules = {_module(p) for p in _sources()}
    graph = nx.DiGraph()
    for path in _sources():
        here = _module(path)
        for _, target in _imports(path):
            target = _known(target, modules)
            for runs in _runs(target, here, modules) if target else []:
                graph.add_edge(here, runs)
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c + c[:1]) for c in cycles)


def test_the_contract_catches_an_upward_import(tmp_path, monkeypatch):
    """The check itself can fail: a loader importing the store is reported with its line."""
    fake = REPO / "loaders" / "_upward_probe.py"
    fake.write_text("from casegraph.store import GraphStore\n", encoding="utf-8")
    try:
        try:
            test_every_import_goes_down_a_layer_or_stays_in_its_own()
        except AssertionError as exc:
            assert "loaders/_upward_probe.py:1" in str(exc)
        else:
            raise AssertionError("an upward import went unnoticed")
    finally:
        fake.unlink()


def test_one_top_level_package_in_the_wheel():
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    packages = config["tool"]["setuptools"]["packages"]
    assert {p.split(".")[0] for p in packages} == {"casegraph"}


def test_the_contract_keeps_the_store_apart_from_loaders(monkeypatch):
    """The store importing a loader module is refused too, though the store is 'above' it."""
    fake = REPO / "casegraph" / "store" / "_sideways_probe.py"
    fake.write_text("from casegraph.loaders.delta import GraphBatch\n", encoding="utf-8")
    try:
        try:
            test_every_import_goes_down_a_layer_or_stays_in_its_own()
        except AssertionError as exc:
            assert "casegraph/store/_sideways_probe.py:1" in str(exc)
        else:
            raise AssertionError("a store -> loaders import went unnoticed")
    finally:
        fake.unlink()

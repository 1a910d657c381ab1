"""Both stores give the same answers: every saved query, on the examples loaded and
resolved (with the analyst's shipped decisions), with the fixture sanctions lists and
their cross-match, on the embedded FalkorDB and on Neo4j.

Rows are compared as the user sees them (after each query's post-processing step),
order-insensitively unless the query sorts (ORDER BY), with floats rounded to six
places. Besides each query's own example, queries about one compound, country or
person run for several of them, so a dialect difference that shows only for some
entities is caught too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from load_helpers import LISTS
from queries_support import example_graph

from casegraph.services.catalog import SavedQuery, load_catalog
from casegraph.services.exports import EXPORT_FORMATS, export
from casegraph.services.ingest import load_paths
from casegraph.services.runner import run_query
from casegraph.services.xref import xref
from casegraph.store import GraphStore

CATALOG = load_catalog()
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def _with_lists(
    request: pytest.FixtureRequest, tmp_path_factory, backend: str
) -> Iterator[GraphStore]:
    """The resolved examples, the fixture sanctions lists and `casegraph xref`'s hits."""
    for store in example_graph(request, tmp_path_factory, resolve=True, backend=backend):
        load_paths(store, [LISTS])
        xref(store, tmp_path_factory.mktemp("xref-decisions"))
        yield store


@pytest.fixture(scope="module")
def falkordb(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[GraphStore]:
    yield from _with_lists(request, tmp_path_factory, "falkordb")


@pytest.fixture(scope="module")
def neo4j(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[GraphStore]:
    yield from _with_lists(request, tmp_path_factory, "neo4j")


def _persons(store: GraphStore) -> list[str]:
    """Two people of every mix of roles: recruiters, controllers, victims, victim-offenders
    (by id: some names belong to two people)."""
    by_roles: dict[str, list[str]] = {}
    for row in store.read("MATCH (p:Person) RETURN p.id AS id, p.roles AS roles ORDER BY id"):
        by_roles.setdefault(" ".join(sorted(row["roles"] or [])), []).append(row["id"])
    return sorted(pid for ids in by_roles.values() for pid in ids[:2])


def _cases(store: GraphStore, query: SavedQuery) -> list[dict[str, Any]]:
    """The query's example parameters, then more values for one-entity parameters."""
    cases = [dict(query.example.get("params") or {})]
    names = set(query.params)
    if "compound" in names:
        rows = store.read("MATCH (c:Compound) RETURN c.id AS id ORDER BY id")
        cases += [{"compound": r["id"]} for r in rows]
    if names == {"country"} and query.params["country"].required:
        rows = store.read(
            "MATCH (p:Person) WHERE p.nationality IS NOT NULL "
            "RETURN DISTINCT p.nationality AS c ORDER BY c"
        )
        cases += [{"country": r["c"]} for r in rows]
    if "who" in names:
        cases += [{"who": pid} for pid in _persons(store)]
    if {"a", "b"} <= names:  # from the other end: the victim's side of a link first
        cases.append({**cases[0], "a": cases[0]["b"], "b": cases[0]["a"]})
    return cases


# Lists whose order is the answer (a route, a chain); every other list is a collect(),
# whose order Cypher leaves to the engine, so it is compared as a multiset.
SEQUENCES = {
    "transit-routes": {"places", "sequence", "transit_hubs"},
    "shortest-connection": {"chain", "node_ids", "links", "link_sources"},
}


def _norm(value: Any, keep_order: bool = False) -> Any:
    """A value both stores must agree on: floats rounded, maps keyed in order, lists
    sorted unless ``keep_order``."""
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _norm(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        items = [_norm(v) for v in value]
        return items if keep_order else sorted(items, key=_key)
    return value


def _row(name: str, row: dict[str, Any]) -> dict[str, Any]:
    ordered = SEQUENCES.get(name, set())
    return {k: _norm(row[k], keep_order=k in ordered) for k in sorted(row)}


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_both_stores_give_the_same_rows(name: str, falkordb: GraphStore, neo4j: GraphStore):
    query = CATALOG[name]
    sorted_by_query = all(_ORDER_BY.search(query.body_for(b)) for b in ("falkordb", "neo4j"))
    cases = _cases(falkordb, query)
    answered = 0
    for params in cases:
        on_falkordb = [_row(name, r) for r in run_query(falkordb, name, params).rows]
        on_neo4j = [_row(name, r) for r in run_query(neo4j, name, params).rows]
        if not sorted_by_query:
            on_falkordb.sort(key=_key)
            on_neo4j.sort(key=_key)
        assert on_neo4j == on_falkordb, f"{name} {params}: the stores differ"
        answered += bool(on_falkordb)
    assert answered, f"{name}: no case gave any row, so nothing was compared"


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_both_stores_export_the_same_files(
    fmt: str, falkordb: GraphStore, neo4j: GraphStore, tmp_path: Path
):
    """An export is evidence handed to another agency: the same graph gives the same
    files whichever store held it (lines compared in any order; manifest.json, which
    names the store, is not among the manifest's files)."""
    written = {}
    for name, store in (("falkordb", falkordb), ("neo4j", neo4j)):
        manifest, _ = export(store, fmt, tmp_path / name)
        files = sorted(f["file"] for f in manifest.files)
        written[name] = {
            f: sorted((tmp_path / name / f).read_text("utf-8").splitlines()) for f in files
        }
    assert written["falkordb"], f"{fmt}: nothing was exported"
    for f, lines in written["falkordb"].items():
        assert written["neo4j"][f] == lines, f"{fmt} {f}: the stores differ"

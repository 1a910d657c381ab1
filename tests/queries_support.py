"""The example graph the saved-query tests ask questions of, and its ground truth.

Expected answers come from ``examples/ground_truth.yaml``, never from an earlier run
of a query. The entity layer is built from the ground truth's clusters (what a correct
``casegraph resolve`` gives), so a query test fails for a query bug, not a resolver one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from casegraph.core.settings import Settings
from casegraph.resolution import DecisionStore
from casegraph.services.entities import fetch_person_records, write_entity_layer
from casegraph.services.entities.layer import entity_id
from casegraph.services.entities.resolve import resolve_people
from casegraph.services.ingest import load_paths
from casegraph.store import GraphStore
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.falkordb_store import FalkorDBStore

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
NEO4J_URI = os.environ.get("CASEGRAPH_NEO4J_URI")
NEO4J_SKIP = "CASEGRAPH_NEO4J_URI is not set: live Neo4j tests need a running Neo4j 5 server"


@cache
def truth() -> dict[str, Any]:
    """The ground truth of the example dataset."""
    return yaml.safe_load((EXAMPLES / "ground_truth.yaml").read_text(encoding="utf-8"))


def gt_person(pid: str) -> dict[str, Any]:
    """One ground-truth person by its file-local id (P-WEKESA...)."""
    return next(p for p in truth()["persons"] if p["id"] == pid)


def clusters() -> dict[str, str]:
    """Record id -> ground-truth person id, for every record the ground truth places."""
    return {rec: p["id"] for p in truth()["persons"] for rec in p["records"]}


def eid(pid: str) -> str:
    """The entity-layer Person id the ground-truth person gets (derived from its records)."""
    return entity_id(gt_person(pid)["records"])


def shown_as(store: GraphStore, pid: str) -> str:
    """How a query must show a person: victims by their Person's pseudonym, else its id.

    The pseudonym is read from the entity layer: when a victim's records carry several
    pseudonyms, the layer picks one, and every query must show that same one.
    """
    person = gt_person(pid)
    if "victim" not in person["roles"]:
        return person["name"]
    rows = store.read(
        "MATCH (p:Person {id: $id}) RETURN p.pseudonym AS pseudonym", {"id": eid(pid)}
    )
    return rows[0]["pseudonym"] or eid(pid)


def victim_names() -> set[str]:
    """Names and aliases of every victim (victim-offenders too): never in a query answer."""
    return {
        name
        for p in truth()["persons"]
        if "victim" in p["roles"]
        for name in [p["name"], *p.get("aliases", [])]
    }


def load_examples(store: GraphStore, decisions: Path | None = None) -> None:
    """Load the examples into an empty graph and build the entity layer.

    Without ``decisions`` the layer is built from the ground truth's clusters; with a
    decisions folder it is what ``casegraph resolve`` writes after importing the
    analyst's review decisions shipped with the examples (as ``make demo`` does).
    """
    store.clear()
    store.apply_schema()
    load_paths(store, [EXAMPLES], strict=True)
    if decisions is None:
        write_entity_layer(store, fetch_person_records(store), clusters())
        return
    DecisionStore(decisions).import_csv(EXAMPLES / "review" / "decisions.csv")
    resolve_people(store, decisions)


def example_graph(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    resolve: bool = False,
    backend: str | None = None,
) -> Iterator[GraphStore]:
    """Fixture body (params: "falkordb", "neo4j"): the examples and their entity layer.

    The embedded store lives in a CASEGRAPH_HOME of the module's own (the shared ``store``
    fixture empties its graph for each test); on Neo4j the examples replace whatever the
    run's one database held (skipped, saying so, without CASEGRAPH_NEO4J_URI).
    ``resolve`` runs the real resolution instead of the truth's clusters; ``backend``
    names the store when the fixture is not parametrised by it.
    """
    if (backend or getattr(request, "param", "falkordb")) == "neo4j":
        neo4j: GraphStore = request.getfixturevalue("neo4j_session")
        load_examples(neo4j, tmp_path_factory.mktemp("decisions") if resolve else None)
        yield neo4j
        return
    home = tmp_path_factory.mktemp("examples-home")
    store = FalkorDBStore(Settings(home=home))
    load_examples(store, home / "decisions" if resolve else None)
    yield store
    store.close()
    EmbeddedServer(home).stop()


def neo4j_settings() -> Settings:
    """Settings for the live Neo4j named by CASEGRAPH_NEO4J_* (caller checks the URI)."""
    return Settings(
        uri=NEO4J_URI,
        user=os.environ.get("CASEGRAPH_NEO4J_USER", "neo4j"),
        password=os.environ.get("CASEGRAPH_NEO4J_PASSWORD"),
        database=os.environ.get("CASEGRAPH_NEO4J_DATABASE", "neo4j"),
    )


def cli_env(graph: GraphStore, home: Path | None = None) -> dict[str, str]:
    """The CASEGRAPH_* variables that point the command line at the store ``graph`` is.

    The embedded store is found through its CASEGRAPH_HOME; Neo4j through CASEGRAPH_URI,
    user and password, as a deployment sets them (``home`` then keeps the command's own
    files, such as review decisions, out of the working folder).
    """
    if isinstance(graph, FalkorDBStore):
        return {"CASEGRAPH_HOME": str(graph.server.home)}
    settings = neo4j_settings()
    env = {
        "CASEGRAPH_URI": settings.uri or "",
        "CASEGRAPH_USER": settings.user,
        "CASEGRAPH_PASSWORD": settings.password or "",
        "CASEGRAPH_DATABASE": settings.database,
    }
    if home is not None:
        env["CASEGRAPH_HOME"] = str(home)
    return env

"""Shared fixtures: an embedded FalkorDB store in a temporary CASEGRAPH_HOME.

The server is started once per test session (it takes about a second) and each
test that asks for ``store`` gets an empty graph with the schema applied. Tests
marked ``neo4j`` run against CASEGRAPH_NEO4J_URI and are skipped, with the reason,
when it is not set.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from casegraph.core.settings import Settings
from casegraph.store import GraphStore
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.falkordb_store import FalkorDBStore

REPO = Path(__file__).resolve().parents[1]
NEO4J_URI = os.environ.get("CASEGRAPH_NEO4J_URI")
NEO4J_SKIP = "CASEGRAPH_NEO4J_URI is not set: live Neo4j tests need a running Neo4j 5 server"


@pytest.fixture(scope="session")
def cg_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("cghome")
    yield home
    EmbeddedServer(home).stop()


@pytest.fixture(scope="session")
def falkordb_settings(cg_home: Path) -> Settings:
    return Settings(home=cg_home)


@pytest.fixture(scope="session")
def session_store(falkordb_settings: Settings) -> Iterator[GraphStore]:
    store = FalkorDBStore(falkordb_settings)
    yield store
    store.close()


@pytest.fixture
def store(session_store: GraphStore) -> GraphStore:
    """An empty embedded graph with the schema applied."""
    session_store.clear()
    session_store.apply_schema()
    return session_store


@pytest.fixture
def neo4j_store() -> Iterator[GraphStore]:
    if not NEO4J_URI:
        pytest.skip(NEO4J_SKIP)
    from casegraph.store.neo4j_store import Neo4jStore

    settings = Settings(
        uri=NEO4J_URI,
        user=os.environ.get("CASEGRAPH_NEO4J_USER", "neo4j"),
        password=os.environ.get("CASEGRAPH_NEO4J_PASSWORD"),
        database=os.environ.get("CASEGRAPH_NEO4J_DATABASE", "neo4j"),
    )
    db = Neo4jStore(settings)
    db.clear()
    db.apply_schema()
    yield db
    db.close()


@pytest.fixture(params=["falkordb", "neo4j"])
def any_store(request: pytest.FixtureRequest) -> GraphStore:
    """The embedded store always, and Neo4j too when CASEGRAPH_NEO4J_URI is set."""
    if request.param == "falkordb":
        return request.getfixturevalue("store")
    return request.getfixturevalue("neo4j_store")

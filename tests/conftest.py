"""Shared fixtures: an embedded FalkorDB store in a temporary CASEGRAPH_HOME.

The server is started once per test session (it takes about a second) and each
test that asks for ``store`` gets an empty graph with the schema applied. Tests on
Neo4j run against CASEGRAPH_NEO4J_URI: ``make test`` starts a Neo4j 5 for the run
(scripts/with-neo4j.sh) and sets it; a bare ``pytest`` without it skips them, saying
so. Neo4j Community has one database: each fixture that fills it empties it first,
so a module never mixes the function-scoped ``neo4j_store`` with a module-scoped
example graph on Neo4j.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from queries_support import NEO4J_SKIP, NEO4J_URI, neo4j_settings

from casegraph.core.settings import Settings
from casegraph.store import GraphStore
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.falkordb_store import FalkorDBStore

REPO = Path(__file__).resolve().parents[1]


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


@pytest.fixture(scope="session")
def neo4j_session() -> Iterator[GraphStore]:
    """One connection to the test run's Neo4j (skipped, saying why, when none is set)."""
    if not NEO4J_URI:
        pytest.skip(NEO4J_SKIP)
    from casegraph.store.neo4j_store import Neo4jStore

    db = Neo4jStore(neo4j_settings())
    yield db
    db.close()


@pytest.fixture
def neo4j_store(neo4j_session: GraphStore) -> GraphStore:
    """An empty Neo4j graph with the schema applied."""
    neo4j_session.clear()
    neo4j_session.apply_schema()
    return neo4j_session


@pytest.fixture(params=["falkordb", "neo4j"])
def any_store(request: pytest.FixtureRequest) -> GraphStore:
    """The embedded store, and Neo4j (skipped, saying so, without CASEGRAPH_NEO4J_URI)."""
    if request.param == "falkordb":
        return request.getfixturevalue("store")
    return request.getfixturevalue("neo4j_store")

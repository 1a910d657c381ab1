"""Graph stores: one interface, an embedded FalkorDB default and Neo4j for deployments."""

from __future__ import annotations

from casegraph.core.settings import Settings, load_settings
from casegraph.store.base import GraphStore, Row, counts

__all__ = ["GraphStore", "Row", "counts", "open_store"]


def open_store(settings: Settings | None = None) -> GraphStore:
    """Open the configured store: Neo4j when CASEGRAPH_URI is set, else embedded FalkorDB."""
    settings = settings or load_settings()
    if settings.backend == "neo4j":
        from casegraph.store.neo4j_store import Neo4jStore

        return Neo4jStore(settings)
    from casegraph.store.falkordb_store import FalkorDBStore

    return FalkorDBStore(settings)

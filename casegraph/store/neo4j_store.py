"""The production store: Neo4j 5 through the official driver (never py2neo)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import neo4j
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable

from casegraph.core.errors import StoreError
from casegraph.core.settings import Settings
from casegraph.graph_schema import kept_labels, load_schema
from casegraph.store.base import BatchedWrites, Row, as_params, collection_paused, plain
from casegraph.store.readonly import check_read_only

# Everything but the kept bookkeeping (the audit trail), in batches a small heap takes.
# Links first, then nodes, each in transactions of 10,000: a node shared by a million-node
# graph (a country) has 100,000s of links, and DETACH DELETE of 10,000 nodes at once ran
# out of Neo4j's transaction memory.
CLEAR = (
    """
MATCH (a)-[r]->() WHERE NOT any(l IN labels(a) WHERE l IN $kept)
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS
""",
    """
MATCH (n) WHERE NOT any(l IN labels(n) WHERE l IN $kept)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
""",
)


class Neo4jStore(BatchedWrites):
    """GraphStore on a Neo4j 5 server."""

    backend = "neo4j"

    def __init__(self, settings: Settings) -> None:
        self.uri = settings.uri or ""
        self.database = settings.database
        self.location = f"Neo4j at {self.uri} (database {self.database})"
        auth = (settings.user, settings.password) if settings.password else None
        try:
            # Sparse properties are normal here (a phone has no name): Neo4j's "property
            # key does not exist" notices would be logged as warnings on every query. So
            # would its deprecation notices on the openCypher both stores run (``CALL {``
            # without a scope clause, which FalkorDB needs).
            self._driver = neo4j.GraphDatabase.driver(
                self.uri,
                auth=auth,
                notifications_disabled_classifications=["UNRECOGNIZED", "DEPRECATION"],
            )
            self._driver.verify_connectivity()
        except AuthError as exc:
            raise StoreError(f"Neo4j at {self.uri} refused the user or password") from exc
        except (ServiceUnavailable, OSError, ValueError) as exc:
            reason = " ".join(str(exc).split())  # the driver's message spans lines
            raise StoreError(f"cannot reach Neo4j at {self.uri}: {reason}") from exc

    def _run(self, cypher: str, params: Mapping[str, Any] | None, routing: str) -> list[Row]:
        def records(result: neo4j.Result) -> list[Row]:
            with collection_paused():
                return [{k: plain(v) for k, v in rec.items()} for rec in result]

        def work(tx: neo4j.ManagedTransaction) -> list[Row]:
            return records(tx.run(cypher, as_params(params)))

        try:
            with self._driver.session(database=self.database) as session:
                if routing == "auto":  # CALL {} IN TRANSACTIONS runs only in auto-commit
                    return records(session.run(cypher, as_params(params)))
                if routing == "r":
                    return session.execute_read(work)
                return session.execute_write(work)
        except ClientError as exc:
            if "Neo.ClientError.Statement.AccessMode" in (exc.code or ""):
                raise StoreError(
                    f"refused: a read-only query tried to write ({exc.message})"
                ) from exc
            raise StoreError(f"Neo4j refused the query: {exc.message}") from exc
        except ServiceUnavailable as exc:
            raise StoreError(f"lost Neo4j at {self.uri}: {exc}") from exc
        except Neo4jError as exc:
            raise StoreError(f"Neo4j error: {exc}") from exc

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        check_read_only(cypher)
        return self._run(cypher, params, "r")

    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self._run(cypher, params, "w")

    def apply_schema(self) -> list[str]:
        statements = load_schema().neo4j_statements()
        for stmt in statements:
            self.write(stmt)
        # Neo4j fills new indexes in the background; until they are online the planner
        # scans, so a load or query straight after would not use them.
        self.write("CALL db.awaitIndexes(300)")
        return statements

    def clear(self) -> None:
        for statement in CLEAR:
            self._run(statement, {"kept": kept_labels()}, "auto")

    def close(self) -> None:
        self._driver.close()

"""The embedded default store: FalkorDB through its native client."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from contextlib import suppress
from typing import Any

import redis
from falkordb import FalkorDB

from casegraph.core.errors import StoreError
from casegraph.core.settings import Settings
from casegraph.graph_schema import load_schema
from casegraph.store.base import BatchedWrites, Row, as_params, plain
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.readonly import check_read_only

log = logging.getLogger(__name__)

# FalkorDB's index listing (Neo4j 5 has SHOW INDEXES instead).
INDEXES_FALKORDB = "CALL db.indexes() YIELD label, properties RETURN label, properties"


class FalkorDBStore(BatchedWrites):
    """GraphStore on the embedded FalkorDB server of ``settings.home``."""

    backend = "falkordb"

    def __init__(self, settings: Settings, start: bool = True) -> None:
        self.server = EmbeddedServer(settings.home)
        info = self.server.ensure_running() if start else self.server.running()
        if info is None:
            raise StoreError(f"no embedded FalkorDB server is running for {settings.home}")
        self.info = info
        self.location = f"embedded FalkorDB at {info.address} (data in {settings.home / 'data'})"
        if info.socket:
            self._db = FalkorDB(unix_socket_path=info.socket)
        else:
            self._db = FalkorDB(host="127.0.0.1", port=info.port, password=info.password)
        self._graph = self._db.select_graph(settings.graph)

    def _run(self, cypher: str, params: Mapping[str, Any] | None, read_only: bool) -> list[Row]:
        try:
            if read_only:
                result = self._graph.ro_query(cypher, as_params(params))
            else:
                result = self._graph.query(cypher, as_params(params))
        except redis.ConnectionError as exc:
            raise StoreError(
                f"lost the embedded FalkorDB server ({exc}); see {self.info.log}"
            ) from exc
        except redis.ResponseError as exc:
            if read_only and "empty key" in str(exc).lower():
                # Nothing was written yet. Create the empty graph and ask again, so that a
                # read returns no rows and a write is still refused, not silently ignored.
                self._graph.query("RETURN 1")
                return self._run(cypher, params, read_only)
            if "read-only" in str(exc):
                raise StoreError(f"refused: a read-only query tried to write ({exc})") from exc
            raise StoreError(f"FalkorDB refused the query: {exc}") from exc
        header = [h[1] if isinstance(h, list | tuple) else h for h in (result.header or [])]
        return [dict(zip(header, map(plain, row), strict=False)) for row in result.result_set]

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        check_read_only(cypher)
        return self._run(cypher, params, read_only=True)

    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self._run(cypher, params, read_only=False)

    def apply_schema(self) -> list[str]:
        done = []
        existing = {
            (r["label"], p) for r in self.read(INDEXES_FALKORDB) for p in (r["properties"] or [])
        }
        for label, prop, unique in load_schema().index_plan():
            if (label, prop) not in existing:
                self.write(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
                done.append(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
            if unique:
                done.append(self._unique(label, prop))
        for rel, prop in load_schema().rel_index_plan():
            statement = f"CREATE INDEX FOR ()-[r:{rel}]-() ON (r.{prop})"
            try:
                self.write(statement)
            except StoreError as exc:
                if "already indexed" not in str(exc).lower():
                    raise
                continue
            done.append(statement)
        return [d for d in done if d]

    def _unique(self, label: str, prop: str) -> str:
        try:
            self._graph.create_node_unique_constraint(label, prop)
        except redis.ResponseError as exc:
            if "already exists" in str(exc).lower():
                return ""
            raise StoreError(f"cannot create unique constraint on {label}.{prop}: {exc}") from exc
        return f"GRAPH.CONSTRAINT CREATE UNIQUE NODE {label} PROPERTIES 1 {prop}"

    def clear(self) -> None:
        with suppress(redis.ResponseError):  # nothing to delete
            self._graph.delete()

    def close(self) -> None:
        with suppress(AttributeError, redis.RedisError):
            self._db.connection.close()

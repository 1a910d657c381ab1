"""The embedded default store: FalkorDB through its native client."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from contextlib import suppress
from typing import Any

import redis
from falkordb import FalkorDB
from falkordb.query_result import parse_scalar

from casegraph.core.errors import StoreError
from casegraph.core.settings import Settings
from casegraph.graph_schema import load_schema
from casegraph.store.base import BatchedWrites, Row, as_params, collection_paused, plain
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.readonly import check_read_only

log = logging.getLogger(__name__)

# Compact reply value types (FalkorDB's ResultSetScalarTypes) read without the client.
_NULL, _STRING, _INTEGER, _BOOLEAN, _DOUBLE, _ARRAY, _MAP = 1, 2, 3, 4, 5, 6, 10

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
        command = "GRAPH.RO_QUERY" if read_only else "GRAPH.QUERY"
        query = self._graph._build_params_header(as_params(params)) + cypher
        try:
            with collection_paused():
                response = self._graph.execute_command(
                    command, self._graph.name, query, "--compact"
                )
            for part in (response[0], response[-1]):
                if isinstance(part, redis.ResponseError):  # the server's errors come in the reply
                    raise part
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
        if len(response) < 3 or not response[0]:  # statistics only: a write without RETURN
            return []
        header = [h[1] if isinstance(h, list | tuple) else h for h in response[0]]
        decode = self._decode
        with collection_paused():
            return [dict(zip(header, map(decode, row), strict=True)) for row in response[1]]

    def _decode(self, cell: list) -> Any:
        """One value of the compact reply ([type, value]) as a plain Python value.

        The client's own parser builds typed objects that ``plain`` then walks again; a
        whole-graph answer of 100,000s of rows spent most of its time in those two passes
        (at a million nodes seconds per query), so strings, numbers, lists and maps are
        read here in one pass and only nodes, links, paths, points and temporal values go
        through the client's parser."""
        kind, value = cell
        if kind in (_STRING, _INTEGER):
            return value
        if kind == _NULL:
            return None
        if kind == _ARRAY:
            return [self._decode(v) for v in value]
        if kind == _MAP:
            return {value[i]: self._decode(value[i + 1]) for i in range(0, len(value), 2)}
        if kind == _BOOLEAN:
            return value == "true"
        if kind == _DOUBLE:
            return float(value)
        return plain(parse_scalar(cell, self._graph))

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

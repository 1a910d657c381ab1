"""The one store interface everything above the store talks to.

Both backends return rows as lists of plain dicts (str keys; values are None,
bool, int, float, str, lists and dicts of those; nodes and relationships come
back as dicts of their properties plus ``_labels`` / ``_type``), so queries,
reports and tests never see a driver type.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time
from itertools import islice
from typing import Any, Protocol, runtime_checkable

from casegraph.graph_schema import internal_labels, load_schema

Row = dict[str, Any]
DEFAULT_BATCH = 5000
# Bookkeeping nodes take no links (the schema refuses it), so only nodes need the filter.
NODE_COUNTS = """
MATCH (n) WHERE NOT any(l IN labels(n) WHERE l IN $internal)
RETURN labels(n)[0] AS label, count(*) AS n
"""
LINK_TYPES = "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType AS t"
NODE_LABELS = "CALL db.labels() YIELD label RETURN label"
NODE_TOTAL = "MATCH (n) RETURN count(n) AS n"
LINK_TOTAL = "MATCH ()-[r]->() RETURN count(r) AS n"


@runtime_checkable
class GraphStore(Protocol):
    """Read, write, batched writes, schema, close: the whole contract."""

    backend: str
    location: str

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run a query in a read-only transaction; writing is refused by the store."""

    def write(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run one write query in its own transaction."""

    def write_batches(
        self,
        cypher: str,
        rows: Iterable[Mapping[str, Any]],
        batch_size: int = DEFAULT_BATCH,
        extra: Mapping[str, Any] | None = None,
    ) -> int:
        """Run ``cypher`` once per batch with ``$rows`` bound; returns rows written."""

    def apply_schema(self) -> list[str]:
        """Create the schema's constraints and indexes; returns the statements run."""

    def clear(self) -> None:
        """Delete every node and relationship of the graph but the kept bookkeeping (the
        audit trail mirrored into Neo4j; the embedded store keeps its trail in a file)."""

    def close(self) -> None:
        """Release connections (the embedded server keeps running for other processes)."""


class BatchedWrites:
    """The one ``write_batches`` both stores share: one query, so one transaction, per batch.

    Both engines run a single query atomically, so a batch is never half written and an
    interrupted load leaves whole batches, which a rerun of its MERGEs completes.
    """

    write: Callable[..., list[Row]]  # each store's own single write, one transaction

    def write_batches(
        self,
        cypher: str,
        rows: Iterable[Mapping[str, Any]],
        batch_size: int = DEFAULT_BATCH,
        extra: Mapping[str, Any] | None = None,
    ) -> int:
        """Run ``cypher`` once per batch with ``$rows`` bound; returns rows written."""
        written = 0
        for chunk in batched(rows, batch_size):
            self.write(cypher, {**(extra or {}), "rows": chunk})
            written += len(chunk)
        return written


def batched(rows: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """Split rows into lists of at most ``size`` (itertools.batched returns tuples)."""
    it = iter(rows)
    while chunk := [dict(r) for r in islice(it, size)]:
        yield chunk


def counts(store: GraphStore) -> dict[str, dict[str, int]]:
    """Node counts by label and relationship counts by type, for `casegraph status`.

    A node counts once, under its own label (an Agency is also an Organisation but is
    counted as an Agency), so the counts add up to the number of nodes. casegraph's own
    bookkeeping (the schema's internal labels) is not case data and is not counted.
    """
    rels = {
        t: n
        for t in (row["t"] for row in store.read(LINK_TYPES))
        if (n := store.read(f"MATCH ()-[r:{_quoted(t)}]->() RETURN count(r) AS n")[0]["n"])
    }
    return {
        "nodes": dict(sorted(_own_label_counts(store).items())),
        "relationships": dict(sorted(rels.items())),
    }


def _own_label_counts(store: GraphStore) -> dict[str, int]:
    """Nodes by their own label, from each store's own count per label (1 ms a label)
    where the labels tell the whole story: a label the schema carries alongside a
    narrower one (``also``) loses the narrower one's nodes. Reading every node took
    about a second at a million nodes, on every status and twice on every load. When
    the sums do not add up to the store's total (a node without a label, a label
    written outside casegraph beside one of ours), every node is read and counted
    under its first label, as before."""
    by_label = {
        label: store.read(f"MATCH (n:{_quoted(label)}) RETURN count(n) AS n")[0]["n"]
        for label in (row["label"] for row in store.read(NODE_LABELS))
    }
    internal = internal_labels()
    own = {label: n for label, n in by_label.items() if label not in internal}
    for node in load_schema().nodes.values():
        for wider in node.also:
            if node.label in own and wider in own:
                own[wider] -= own[node.label]
    total = store.read(NODE_TOTAL)[0]["n"]
    if (
        sum(own.values()) + sum(by_label.get(x, 0) for x in internal) == total
        and min(own.values(), default=0) >= 0
    ):
        return {label: n for label, n in own.items() if n}
    rows = store.read(NODE_COUNTS, {"internal": internal})
    return {row["label"]: row["n"] for row in rows}


def _quoted(name: str) -> str:
    """A label or link type the store named, quoted for Cypher (it cannot be a parameter).

    Counting one label or type is a lookup in either store's own count: grouping every
    link by type read them all (1.2 s at 1.1 M links on FalkorDB, against 1 ms a type)."""
    return "`" + name.replace("`", "``") + "`"


def totals(store: GraphStore) -> tuple[int, int]:
    """Nodes (counted as :func:`counts` counts them) and links in all, what a load reports
    before and after it. Both are lookups in the store's own counts; read one by one they
    took seconds at a million nodes (over half a minute for the links on FalkorDB)."""
    return sum(_own_label_counts(store).values()), store.read(LINK_TOTAL)[0]["n"]


def as_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Parameters both backends take the same way: dates and times become ISO 8601
    strings (the FalkorDB client cannot send them, and a string compares and sorts
    the same in both stores), tuples and sets become lists."""
    return {str(k): _param(v) for k, v in (params or {}).items()}


def _param(value: Any) -> Any:
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _param(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [_param(v) for v in items]
    return value


_SCALARS = frozenset({type(None), bool, int, float, str})


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large answer is read and shaped.

    An answer is millions of new lists, dicts and strings that hold no cycles, and every
    few hundred new containers the collector walks the young ones and, ever more often as
    they pile up, all the older ones too: at 200,000 nodes a third to a half of reading
    ``cross-border-links`` or ``victim-offender-overlap`` (measured with the collector on
    and off). Reference counting still frees everything; the collector resumes afterwards
    unless it was off already (so pauses nest)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def plain(value: Any) -> Any:
    """Turn driver values into plain Python values, recursively.

    Exact types are tested first: a whole-graph answer holds millions of values, and the
    abstract ``Mapping`` / ``Sequence`` checks cost several times a type lookup."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [plain(v) for v in value]
    if kind is dict:
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "element_id"):  # Neo4j nodes and relationships are Mappings too
        return _graph_object(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return [plain(v) for v in value]
    return _graph_object(value)


def _graph_object(value: Any) -> Any:
    # Nodes, relationships and paths of both drivers: reduce to dicts of properties.
    props = getattr(value, "properties", None)
    if props is None and hasattr(value, "items") and callable(value.items):
        props = dict(value.items())
    if hasattr(value, "nodes") and hasattr(value, "relationships"):
        nodes = value.nodes() if callable(value.nodes) else value.nodes
        rels = value.relationships() if callable(value.relationships) else value.relationships
        return {"nodes": [plain(n) for n in nodes], "relationships": [plain(r) for r in rels]}
    if props is not None:
        out = {str(k): plain(v) for k, v in dict(props).items()}
        labels = getattr(value, "labels", None)
        if labels is not None:
            out["_labels"] = sorted(labels)
        rtype = getattr(value, "relation", None) or getattr(value, "type", None)
        if isinstance(rtype, str):
            out["_type"] = rtype
        return out
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)

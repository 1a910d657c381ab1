"""The graph delta a loader produces: nodes and relationships to MERGE, with provenance.

Loaders never write. They assert nodes (by label and id) and relationships (by type and
ends) into a :class:`GraphBatch`; :mod:`casegraph.store.writer` turns it into MERGE
statements. Rows for the same key inside one load are merged here first, so a batch
never holds two rows that would MERGE the same node or relationship, and how files are
grouped into batches never changes the graph. Labels and relationship types are checked
against ``graph_schema`` as they are asserted, so a bad one fails at the loader's line.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from casegraph.graph_schema import EVENT_KEYS, load_schema
from casegraph.loaders.limits import key_problem

__all__ = ["Batches", "GraphBatch", "MINED", "RECORDED", "Ref"]

Ref = tuple[str, str]  # (label, id)
Row = dict[str, Any]
Merge = Callable[[Row, Row], None]
RECORDED, MINED = "recorded", "mined"


class Batches:
    """Rows per statement key (a node label or a relationship and its ends), in first-use order."""

    def __init__(self) -> None:
        self._groups: dict[Hashable, dict[Hashable, Row]] = {}

    def add(self, statement: Hashable, key: Hashable, row: Row, merge: Merge) -> None:
        """Add ``row`` under ``statement``; a row with the same key is merged into the first."""
        group = self._groups.setdefault(statement, {})
        if key in group:
            merge(group[key], row)
        else:
            group[key] = row

    def absorb(self, other: Batches, merge: Merge) -> None:
        """Add every row of ``other``, as if its statements ran after this one's."""
        for statement, group in other._groups.items():
            for key, row in group.items():
                self.add(statement, key, row, merge)

    def __len__(self) -> int:
        return sum(len(g) for g in self._groups.values())

    def get(self, statement: Hashable, key: Hashable) -> Row | None:
        return self._groups.get(statement, {}).get(key)

    def groups(self) -> dict[Hashable, list[Row]]:
        """Rows per statement key, in first-use order."""
        return {k: list(g.values()) for k, g in self._groups.items()}


def _clean(props: dict[str, Any] | None) -> dict[str, Any]:
    # None would erase a value another source set; empty lists say nothing either.
    return {k: v for k, v in (props or {}).items() if v is not None and v != []}


def _union(into: list, more: list) -> None:
    into.extend(x for x in more if x not in into)


def _merge_in_file(first: dict[str, Any], other: dict[str, Any]) -> None:
    """Two assertions of one file: list properties add up (aliases over several rows)."""
    for k, v in other.get("props", {}).items():
        if isinstance(v, list) and isinstance(first["props"].get(k), list):
            other["props"][k] = first["props"][k] + [x for x in v if x not in first["props"][k]]
    _merge_in_load(first, other)


def _merge_in_load(first: dict[str, Any], other: dict[str, Any]) -> None:
    """Two assertions, as if written one after the other: later properties win (SET +=),
    the first one creates the node (its ``create`` properties stay), provenance lists are
    unions. So how files are grouped into batches never changes the graph."""
    for field in ("sids", "refs", "excerpts"):
        if field in first:
            _union(first[field], other[field])
    first["props"].update(other["props"])
    if "origin" in first and RECORDED in (first["origin"], other["origin"]):
        first["origin"] = RECORDED
    if first.get("excerpt") is None and other.get("excerpt") is not None:
        first["excerpt"] = other["excerpt"]


class GraphBatch:
    """What one file (or several, absorbed) asserts, grouped per node label and relationship.

    A node whose id is over the key limit is not asserted (the embedded store crashes
    on it): it and every link to it are left out and listed in ``refused`` as
    (reason, ref), for the loader to report where it was read.
    """

    def __init__(self) -> None:
        self.batches = Batches()
        self.refused: list[tuple[str, str | None]] = []
        self.versions = 0  # nodes given a new version (--update): written on their own
        self._refused: set[Ref] = set()

    def node(
        self,
        label: str,
        id: str,
        props: dict[str, Any] | None = None,
        sid: str | None = None,
        ref: str | None = None,
        create: dict[str, Any] | None = None,
    ) -> Ref:
        """Assert a node; ``create`` properties (and the schema's defaults for the label,
        such as an Agency's kind) are only set when the node is new."""
        node_type = load_schema().nodes[load_schema().label(label)]
        problem = key_problem(label, id)
        if problem:
            self.refused.append((f"{problem}; that {label} and its links are left out", ref))
            self._refused.add((label, id))
            return (label, id)
        statement = ("node", label)
        keeps = node_type.properties  # provenance only where the schema has it
        row = {
            "id": id,
            "props": _clean(props),
            "create": {**node_type.defaults, **_clean(create)},
            "sids": [sid] if sid and "source_ids" in keeps else [],
            "refs": [ref] if ref and "refs" in keeps else [],
        }
        self.batches.add(statement, id, row, _merge_in_file)
        return (label, id)

    def rel(
        self,
        rel: str,
        start: Ref,
        end: Ref,
        props: dict[str, Any] | None = None,
        sid: str | None = None,
        ref: str | None = None,
        origin: str = RECORDED,
        excerpt: str | None = None,
    ) -> None:
        """Assert a relationship between two nodes asserted (or stored) before."""
        if start in self._refused or end in self._refused:
            return
        statement = ("rel", load_schema().link(rel, start[0], end[0]), start[0], end[0])
        props = _clean(props)
        key_prop = EVENT_KEYS.get(rel)
        key = props.pop(key_prop, "") if key_prop else None
        row = {
            "a": start[1],
            "b": end[1],
            "key": key,
            "props": props,
            "sids": [sid] if sid else [],
            "refs": [ref] if ref else [],
            "origin": origin,
            "excerpt": excerpt,
            "excerpts": [excerpt] if excerpt else [],
        }
        self.batches.add(statement, (start, end, key), row, _merge_in_file)

    def version(self, ref: Ref, earlier: str, by: str) -> None:
        """Make the asserted node ``ref`` a new version, read at ``by``: the writer keeps
        the stored properties (read at ``earlier``) in its ``history``, then sets the new."""
        row = self.batches.get(("node", ref[0]), ref[1])
        if row is not None:
            row["version"] = {"read_from": earlier, "replaced_by": by}
            self.versions += 1

    def __len__(self) -> int:
        return len(self.batches)

    def absorb(self, other: GraphBatch) -> None:
        """Take over another file's assertions, so that many small files share batches."""
        self.batches.absorb(other.batches, _merge_in_load)

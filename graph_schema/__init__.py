"""The graph schema as data: loaded from ``schema.yaml``, validated, and turned into
constraint and index statements per backend.

Labels and relationship types in generated Cypher come only from here, never from
input text (an input value is always a parameter).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from casegraph.core.errors import Problem, SchemaError
from casegraph.core.resources import package_path

__all__ = [
    "NodeType",
    "RelType",
    "Schema",
    "internal_labels",
    "kept_labels",
    "load_schema",
    "SCHEMA_FILE",
]

SCHEMA_FILE = package_path("casegraph.graph_schema", "schema.yaml")
# Relationships that are events, one per victim, rather than one per pair of ends: the
# property that tells two events between the same ends apart.
EVENT_KEYS = {"TRANSFERRED_TO": "person_id", "SOLD_TO": "person"}


@dataclass(frozen=True)
class NodeType:
    label: str
    key: str
    description: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    indexes: tuple[str, ...]
    also: tuple[str, ...] = ()
    defaults: dict[str, str] = field(default_factory=dict)
    internal: bool = False
    kept: bool = False
    #: List properties looked up by one element (``'k' IN n.lookup``), indexed per element.
    list_indexes: tuple[str, ...] = ()

    @property
    def properties(self) -> tuple[str, ...]:
        return self.required + self.optional


@dataclass(frozen=True)
class RelType:
    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    properties: tuple[str, ...]
    description: str = ""
    #: Properties a query finds the relationship by (``[s:SOLD_TO {person: $id}]``).
    indexes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schema:
    nodes: dict[str, NodeType]
    relationships: dict[str, RelType]
    relationship_properties: tuple[str, ...] = field(default=())
    vocabularies: dict[str, Any] = field(default_factory=dict)

    @property
    def internal_labels(self) -> tuple[str, ...]:
        """Labels of casegraph's own bookkeeping nodes (``internal: true``), sorted."""
        return tuple(sorted(n.label for n in self.nodes.values() if n.internal))

    @property
    def kept_labels(self) -> tuple[str, ...]:
        """Internal labels that clearing the store leaves (``kept: true``), sorted."""
        return tuple(sorted(n.label for n in self.nodes.values() if n.kept))

    def vocabulary(self, name: str) -> Any:
        """A controlled vocabulary (organisation kinds, document types, link types)."""
        if name not in self.vocabularies:
            raise SchemaError(f"unknown vocabulary {name!r}; known: {sorted(self.vocabularies)}")
        return self.vocabularies[name]

    def label(self, name: str) -> str:
        """Return ``name`` if it is a defined label; the guard for building Cypher."""
        if name not in self.nodes:
            raise SchemaError(f"unknown node label {name!r}; known: {sorted(self.nodes)}")
        return name

    def rel(self, name: str) -> str:
        """Return ``name`` if it is a defined relationship type."""
        if name not in self.relationships:
            raise SchemaError(
                f"unknown relationship type {name!r}; known: {sorted(self.relationships)}"
            )
        return name

    def link(self, name: str, start: str, end: str) -> str:
        """Return ``name`` if the schema allows ``(start)-[name]->(end)``: loaders check a
        link when they assert it, the writer again before it builds a statement."""
        spec = self.relationships[self.rel(name)]
        if start not in spec.sources or end not in spec.targets:
            raise SchemaError(f"the schema does not allow ({start})-[:{name}]->({end})")
        return name

    def neo4j_statements(self) -> list[str]:
        """Uniqueness constraints on keys, range indexes, and a keyword full-text index per
        list index, idempotent (IF NOT EXISTS).

        A Neo4j range index holds a list as one value, so ``'k' IN n.lookup`` would scan
        every node of the label; its full-text index takes LIST<STRING> properties element
        by element, and the keyword analyzer keeps each element whole (an exact match,
        not words). FalkorDB's range index already indexes list elements."""
        out = []
        for n in self.nodes.values():
            out.append(
                f"CREATE CONSTRAINT {n.label.lower()}_{n.key}_unique IF NOT EXISTS "
                f"FOR (n:{n.label}) REQUIRE n.{n.key} IS UNIQUE"
            )
            for prop in n.indexes:
                out.append(
                    f"CREATE INDEX {n.label.lower()}_{prop} IF NOT EXISTS "
                    f"FOR (n:{n.label}) ON (n.{prop})"
                )
            for prop in n.list_indexes:
                out.append(
                    f"CREATE FULLTEXT INDEX {self.list_index(n.label, prop)} IF NOT EXISTS "
                    f"FOR (n:{n.label}) ON EACH [n.{prop}] "
                    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}}"
                )
        for rel, prop in self.rel_index_plan():
            out.append(
                f"CREATE INDEX {rel.lower()}_{prop} IF NOT EXISTS FOR ()-[r:{rel}]-() ON (r.{prop})"
            )
        return out

    def rel_index_plan(self) -> list[tuple[str, str]]:
        """(relationship type, property) for every relationship index."""
        return [(r.type, p) for r in self.relationships.values() for p in r.indexes]

    def list_index(self, label: str, prop: str) -> str:
        """The name of the index on the elements of ``label``'s list property ``prop``."""
        if prop not in self.nodes[self.label(label)].list_indexes:
            raise SchemaError(f"{label}.{prop} has no list index")
        return f"{label.lower()}_{prop}_elements"

    def index_plan(self) -> list[tuple[str, str, bool]]:
        """(label, property, unique) for every key and index: the backend-neutral plan."""
        plan = []
        for n in self.nodes.values():
            plan.append((n.label, n.key, True))
            plan.extend((n.label, p, False) for p in n.indexes + n.list_indexes)
        return plan


def _tuple(value: object, where: str, problems: list[Problem], source: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(Problem(f"{where} must be a list of names", file=source))
        return ()
    return tuple(value)


def _node_type(label: str, spec: dict, problems: list[Problem], source: str) -> NodeType:
    """One node label: its key must be required, indexes and defaults declared."""
    required = _tuple(spec.get("required"), f"nodes.{label}.required", problems, source)
    optional = _tuple(spec.get("optional"), f"nodes.{label}.optional", problems, source)
    indexes = _tuple(spec.get("indexes"), f"nodes.{label}.indexes", problems, source)
    lists = _tuple(spec.get("list_indexes"), f"nodes.{label}.list_indexes", problems, source)
    if spec["key"] not in required:
        problems.append(Problem(f"node {label}: key {spec['key']!r} must be required", source))
    for prop in indexes + lists:
        if prop not in required + optional:
            problems.append(Problem(f"node {label}: index on undeclared {prop!r}", source))
    also = _tuple(spec.get("also"), f"nodes.{label}.also", problems, source)
    defaults = spec.get("defaults") or {}
    for prop in defaults:
        if prop not in required + optional:
            problems.append(Problem(f"node {label}: default for undeclared {prop!r}", source))
    internal, kept = spec.get("internal", False), spec.get("kept", False)
    for name, value in (("internal", internal), ("kept", kept)):
        if not isinstance(value, bool):
            problems.append(Problem(f"node {label}: {name} must be true or false", source))
    if kept is True and internal is not True:
        problems.append(Problem(f"node {label}: only an internal label can be kept", source))
    return NodeType(
        label, spec["key"], spec.get("description", ""), required, optional, indexes,
        also, dict(defaults), internal is True, kept is True, lists,
    )  # fmt: skip


def _nodes(data: dict, problems: list[Problem], source: str) -> dict[str, NodeType]:
    nodes: dict[str, NodeType] = {}
    for label, spec in (data.get("nodes") or {}).items():
        if not isinstance(spec, dict) or not spec.get("key"):
            problems.append(Problem(f"node {label}: needs a mapping with a 'key'", file=source))
            continue
        nodes[label] = _node_type(label, spec, problems, source)
    for node in nodes.values():
        for label in node.also:
            if label not in data.get("nodes", {}):
                problems.append(
                    Problem(f"node {node.label}: unknown label {label!r} in also", source)
                )
    return nodes


def _relationships(
    data: dict, nodes: dict[str, NodeType], problems: list[Problem], source: str
) -> dict[str, RelType]:
    rels: dict[str, RelType] = {}
    for rtype, spec in (data.get("relationships") or {}).items():
        if not isinstance(spec, dict) or not spec.get("from") or not spec.get("to"):
            problems.append(Problem(f"relationship {rtype}: needs 'from' and 'to' labels", source))
            continue
        sources = _tuple(spec.get("from"), f"relationships.{rtype}.from", problems, source)
        targets = _tuple(spec.get("to"), f"relationships.{rtype}.to", problems, source)
        for label in sources + targets:
            if label not in nodes:
                problems.append(Problem(f"relationship {rtype}: unknown label {label!r}", source))
            elif nodes[label].internal:
                # So a read of every link never meets a bookkeeping node.
                why = f"relationship {rtype}: internal label {label!r} takes no links"
                problems.append(Problem(why, source))
        props = _tuple(
            spec.get("properties"), f"relationships.{rtype}.properties", problems, source
        )
        indexes = _tuple(spec.get("indexes"), f"relationships.{rtype}.indexes", problems, source)
        for prop in indexes:
            if prop not in props:
                problems.append(
                    Problem(f"relationship {rtype}: index on undeclared {prop!r}", source)
                )
        rels[rtype] = RelType(rtype, sources, targets, props, spec.get("description", ""), indexes)
    return rels


def parse_schema(data: dict, source: str = str(SCHEMA_FILE)) -> Schema:
    """Validate schema data, collecting every problem before failing."""
    problems: list[Problem] = []
    nodes = _nodes(data, problems, source)
    rels = _relationships(data, nodes, problems, source)
    common = _tuple(
        data.get("relationship_properties"), "relationship_properties", problems, source
    )
    vocabularies = data.get("vocabularies") or {}
    if not isinstance(vocabularies, dict):
        problems.append(Problem("vocabularies must be a mapping of names to lists", source))
        vocabularies = {}
    for name, target in (vocabularies.get("link_types") or {}).items():
        if target not in rels:
            problems.append(Problem(f"link type {name}: unknown relationship {target!r}", source))
    if problems:
        raise SchemaError(f"invalid graph schema in {source}", problems)
    return Schema(nodes, rels, common, vocabularies)


@cache
def load_schema(path: Path = SCHEMA_FILE) -> Schema:
    """Load and validate the shipped schema (cached: it is read on every command)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"cannot read graph schema {path}: {exc}") from exc
    return parse_schema(data or {}, str(path))


def internal_labels() -> list[str]:
    """The labels every whole-graph read leaves out, as the ``$internal`` parameter.

    casegraph keeps some bookkeeping in the graph (the last resolve's settings, the
    watch-list, the audit trail); they are not case data, so status counts, exports,
    pictures and look-ups skip them. A query that matches nodes without a label says
    ``WHERE NOT any(l IN labels(n) WHERE l IN $internal)`` and passes this list: the
    labels come from the schema's ``internal: true``, never from a copy in the code.
    """
    return list(load_schema().internal_labels)


def kept_labels() -> list[str]:
    """The labels clearing the store leaves in place, as the ``$kept`` parameter: the
    audit trail must outlive the data it describes (``kept: true`` in the schema)."""
    return list(load_schema().kept_labels)

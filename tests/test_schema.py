"""The graph schema as data: it loads, it is consistent, and its Neo4j statements are safe
to run again and again."""

from __future__ import annotations

import re

import pytest

from casegraph.core.errors import SchemaError
from casegraph.graph_schema import load_schema, parse_schema

PROVENANCE = {"source_ids", "refs", "origin"}
CONSTRAINT = re.compile(
    r"^CREATE CONSTRAINT (\w+) IF NOT EXISTS FOR \(n:(\w+)\) REQUIRE n\.(\w+) IS UNIQUE$"
)
INDEX = re.compile(r"^CREATE INDEX (\w+) IF NOT EXISTS FOR \(n:(\w+)\) ON \(n\.(\w+)\)$")
REL_INDEX = re.compile(
    r"^CREATE INDEX (\w+) IF NOT EXISTS FOR \(\)-\[r:(\w+)\]-\(\) ON \(r\.(\w+)\)$"
)
# A list property found by one element: Neo4j's keyword full-text index holds each element.
LIST_INDEX = re.compile(
    r"^CREATE FULLTEXT INDEX (\w+) IF NOT EXISTS FOR \(n:(\w+)\) ON EACH \[n\.(\w+)\] "
    r"OPTIONS \{indexConfig: \{`fulltext\.analyzer`: 'keyword'\}\}$"
)


def test_shipped_schema_has_both_layers_and_provenance():
    schema = load_schema()
    for label in ("Source", "Case", "PersonRecord", "Person", "Phone", "Account", "Wallet"):
        assert label in schema.nodes
    assert {"Agency", "Company", "Compound", "Location", "Country"} <= set(schema.nodes)
    assert schema.relationships["RESOLVES_TO"].sources == ("PersonRecord",)
    assert schema.relationships["RESOLVES_TO"].targets == ("Person",)
    assert set(schema.relationship_properties) >= PROVENANCE
    for node in schema.nodes.values():
        assert node.key in node.required and node.description, node.label


def test_every_relationship_endpoint_is_a_defined_label():
    schema = load_schema()
    for rel in schema.relationships.values():
        assert rel.sources and rel.targets, rel.type
        assert set(rel.sources + rel.targets) <= set(schema.nodes), rel.type


def test_labels_and_types_from_input_text_are_refused():
    schema = load_schema()
    assert schema.label("Phone") == "Phone"
    assert schema.rel("USES_PHONE") == "USES_PHONE"
    with pytest.raises(SchemaError, match="unknown node label 'Phone\\) DETACH DELETE"):
        schema.label("Phone) DETACH DELETE (n")
    with pytest.raises(SchemaError, match="unknown relationship type 'KNOWS'"):
        schema.rel("KNOWS")


def test_a_broken_schema_reports_every_problem_at_once():
    broken = {
        "nodes": {
            "Phone": {"key": "id", "required": ["id"], "indexes": ["country"]},
            "Wallet": {"key": "address", "required": ["id"]},
            "Case": {"required": ["id"]},
            "Alias": {"key": "id", "required": "id"},
        },
        "relationships": {
            "USES_PHONE": {"from": ["Persn"], "to": ["Phone"]},
            "HELD_AT": {"from": ["Phone"]},
        },
    }
    with pytest.raises(SchemaError) as caught:
        parse_schema(broken, "broken.yaml")
    reasons = sorted(p.reason for p in caught.value.problems)
    assert reasons == [
        "node Alias: key 'id' must be required",
        "node Case: needs a mapping with a 'key'",
        "node Phone: index on undeclared 'country'",
        "node Wallet: key 'address' must be required",
        "nodes.Alias.required must be a list of names",
        "relationship HELD_AT: needs 'from' and 'to' labels",
        "relationship USES_PHONE: unknown label 'Persn'",
    ]
    assert {p.file for p in caught.value.problems} == {"broken.yaml"}
    message = str(caught.value)
    assert message.startswith("invalid graph schema in broken.yaml")
    assert message.count("\n  - ") == len(reasons)


def test_unreadable_schema_file_is_a_schema_error(tmp_path):
    bad = tmp_path / "schema.yaml"
    bad.write_text("nodes: [unclosed", encoding="utf-8")
    with pytest.raises(SchemaError, match="cannot read graph schema"):
        load_schema(bad)


def test_neo4j_statements_are_idempotent_and_cover_every_key_and_index():
    schema = load_schema()
    statements = schema.neo4j_statements()
    covered, rels = set(), set()
    names = []
    for stmt in statements:
        if rel := REL_INDEX.match(stmt):
            names.append(rel.group(1))
            rels.add(rel.groups()[1:])
            continue
        match = CONSTRAINT.match(stmt) or INDEX.match(stmt) or LIST_INDEX.match(stmt)
        assert match, f"not an idempotent constraint or index statement: {stmt}"
        name, label, prop = match.groups()
        names.append(name)
        covered.add((label, prop, stmt.startswith("CREATE CONSTRAINT")))
    assert covered == set(schema.index_plan())
    assert {(n.label, n.key, True) for n in schema.nodes.values()} <= covered
    assert ("Person", "lookup", False) in covered, "a person is found by any one of their keys"
    assert rels == set(schema.rel_index_plan()) and ("SOLD_TO", "person") in rels
    assert len(names) == len(set(names)), "Neo4j needs a distinct name per constraint and index"


def test_agencies_and_companies_are_organisations_with_a_kind(store):
    from casegraph.loaders.delta import GraphBatch
    from casegraph.store.base import counts
    from casegraph.store.writer import write_delta

    schema = load_schema()
    assert {"agency", "company", "armed_group", "bank", "ngo"} <= set(
        schema.vocabulary("organisation_kinds")
    )
    batch = GraphBatch()
    batch.node("Agency", "AGY-KE-X", {"name": "X Talent"})
    batch.node("Company", "COM-KH-Y", {"name": "Y Holdings"})
    batch.node("Organisation", "ORG-Z", {"name": "Z Army", "kind": "armed_group"})
    write_delta(store, batch.batches.groups())
    rows = store.read(
        "MATCH (o:Organisation) RETURN o.id AS id, o.kind AS kind, labels(o)[0] AS label "
        "ORDER BY id"
    )
    assert rows == [
        {"id": "AGY-KE-X", "kind": "agency", "label": "Agency"},
        {"id": "COM-KH-Y", "kind": "company", "label": "Company"},
        {"id": "ORG-Z", "kind": "armed_group", "label": "Organisation"},
    ]
    # each node counted once, under its own label
    assert counts(store)["nodes"] == {"Agency": 1, "Company": 1, "Organisation": 1}


def test_an_unknown_link_type_target_is_a_schema_problem():
    data = {
        "nodes": {"Phone": {"key": "id", "required": ["id"], "also": ["Nope"]}},
        "relationships": {},
        "vocabularies": {"link_types": {"owns": "OWNS"}},
    }
    with pytest.raises(SchemaError) as caught:
        parse_schema(data, "s.yaml")
    assert sorted(p.reason for p in caught.value.problems) == [
        "link type owns: unknown relationship 'OWNS'",
        "node Phone: unknown label 'Nope' in also",
    ]

"""casegraph's own bookkeeping nodes (the schema's ``internal: true`` labels: the last
resolve's settings, the watch-list, the audit trail) never show as case data: not in
`casegraph status`, not in a graph export, not found by id or name, not a picture's
centre. One node of every internal label is planted next to real case data, so a new
internal label is covered without touching this file."""

from __future__ import annotations

import re

import pytest
from test_cypher_lint import all_python_statements

from casegraph.core.errors import ParameterError, QueryError, SchemaError
from casegraph.graph_schema import internal_labels, load_schema, parse_schema
from casegraph.services.exports import export
from casegraph.services.exports.graphs import export_subgraph
from casegraph.services.find import find_entity
from casegraph.services.subgraph import neighbourhood, nodes_by_id
from casegraph.store.base import NODE_TOTAL, counts

CASE_DATA = """
CREATE (:Compound {id: 'CMP-KH-GOLDENBAY', name: 'Golden Bay Resort', country: 'KH'})
       -[:LOCATED_IN {source_ids: ['S1']}]->(:Country {id: 'KH', name: 'Cambodia'})
"""


def plant(store) -> list[str]:
    """Case data and one bookkeeping node per internal label; returns the planted ids."""
    store.write(CASE_DATA)
    ids = []
    for label in internal_labels():
        node_id = f"bookkeeping-{label}"
        # Labels come from the schema; every required property gets a value. MERGE: a
        # kept label (the audit trail) outlives the fixture's clearing of the store.
        props = {p: node_id for p in load_schema().nodes[label].required}
        props["name"] = f"Bookkeeping {label}"
        store.write(
            f"MERGE (n:{label} {{id: $id}}) SET n += $props", {"id": node_id, "props": props}
        )
        ids.append(node_id)
    return ids


def test_the_schema_declares_the_bookkeeping_labels_internal():
    assert {"ResolutionRun", "Watch"} <= set(internal_labels())
    assert "Person" not in internal_labels() and "Source" not in internal_labels()


def test_an_internal_label_cannot_take_links_and_internal_must_be_a_boolean():
    data = {
        "nodes": {
            "Person": {"key": "id", "required": ["id"]},
            "Note": {"key": "id", "required": ["id"], "internal": "yes"},
            "Run": {"key": "id", "required": ["id"], "internal": True},
        },
        "relationships": {"WROTE": {"from": ["Person"], "to": ["Run"]}},
    }
    with pytest.raises(SchemaError) as caught:
        parse_schema(data, "test.yaml")
    problems = " | ".join(p.reason for p in caught.value.problems)
    assert "internal label 'Run' takes no links" in problems
    assert "node Note: internal must be true or false" in problems


def test_status_counts_leave_bookkeeping_out(any_store):
    plant(any_store)
    assert counts(any_store) == {
        "nodes": {"Compound": 1, "Country": 1},
        "relationships": {"LOCATED_IN": 1},
    }


@pytest.mark.parametrize("layer", ["entity", "all"])
def test_graph_exports_leave_bookkeeping_out(any_store, tmp_path, layer):
    planted = plant(any_store)
    sub = export_subgraph(any_store, layer)
    assert sorted(n.id for n in sub.nodes) == ["CMP-KH-GOLDENBAY", "KH"]
    manifest, _ = export(any_store, "graphml", tmp_path, layer=layer)
    text = (tmp_path / "casegraph.graphml").read_text(encoding="utf-8")
    assert manifest.counts["nodes"] == 2
    assert not [i for i in planted if i in text]
    assert not [label for label in internal_labels() if label in text]


def test_lookup_and_pictures_never_find_a_bookkeeping_node(any_store):
    planted = plant(any_store)
    assert [r["node"]["id"] for r in nodes_by_id(any_store, [*planted, "KH"])] == ["KH"]
    for node_id in planted:
        with pytest.raises(ParameterError):
            find_entity(any_store, "entity", node_id)
        with pytest.raises(QueryError, match="no node with id"):
            neighbourhood(any_store, node_id)
    assert find_entity(any_store, "entity", "Golden Bay Resort").id == "CMP-KH-GOLDENBAY"


def test_every_label_free_node_read_in_the_code_leaves_bookkeeping_out():
    """A ``MATCH (n)`` that is not a link pattern reads every node: it must take the
    ``$internal`` labels (or, clearing, ``$kept``), or name the labels it wants. The one
    exception is the store's total of nodes, from which status subtracts the internal
    labels' own counts (the filter would make the total a scan)."""
    unlabelled = re.compile(r"MATCH\s*\((\w+)\)(?!\s*<?-)")
    missing = [
        f"{st.where}:{st.line}"
        for st in all_python_statements()
        for found in unlabelled.finditer(st.text)
        if "$internal" not in st.text
        and st.text != NODE_TOTAL
        and "$kept" not in st.text
        and not re.search(rf"WHERE\s+{found.group(1)}:\w+", st.text)
    ]
    assert missing == []

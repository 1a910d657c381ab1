"""The saved query catalog and runner: headers, parameters, read-only, suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from casegraph.core.errors import ParameterError, QueryError
from casegraph.services.catalog import load_catalog, parse_query_file, writes
from casegraph.services.runner import coerce_params, get_query, run_query

GOOD = """\
// name: phones-of
// title: Phones of a person
// audience: [investigator]
// category: identifiers
// description: Every phone a person record uses.
// parameters:
//   name: {type: string, description: Name of the person record}
//   limit: {type: integer, default: 10, description: Most rows}
MATCH (p:PersonRecord {name: $name})-[:USES_PHONE]->(ph:Phone)
RETURN ph.id AS phone ORDER BY phone LIMIT $limit
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.cypher"
    path.write_text(text, encoding="utf-8")
    return path


def test_header_parsed(tmp_path):
    q = parse_query_file(write(tmp_path, "phones-of", GOOD))
    assert q.name == "phones-of" and q.audience == ("investigator",)
    assert q.params["name"].required and not q.params["limit"].required
    assert q.body.startswith("MATCH")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda t: t.replace("// description: Every phone a person record uses.\n", ""),
            "description",
        ),
        (lambda t: t.replace("LIMIT $limit", "LIMIT $max"), "undeclared parameter $max"),
        (
            lambda t: t.replace("{name: $name}", "{name: 'x'}"),
            "never uses declared parameter 'name'",
        ),
        (lambda t: t.replace("RETURN ph.id", "SET ph.seen = true RETURN ph.id"), "read-only"),
        (lambda t: t.replace("[investigator]", "[journalist]"), "unknown audience"),
    ],
)
def test_bad_headers_are_refused(tmp_path, edit, message):
    with pytest.raises(QueryError) as err:
        parse_query_file(write(tmp_path, "phones-of", edit(GOOD)))
    assert message in str(err.value)


def test_write_check_ignores_strings_and_comments():
    assert writes("MATCH (n) WHERE n.note = 'CREATE this' RETURN n // SET nothing") == []
    assert writes("MATCH (n) DETACH DELETE n") == ["DELETE", "DETACH"]


def test_parameters_typed_and_explained(tmp_path):
    q = parse_query_file(write(tmp_path, "phones-of", GOOD))
    assert coerce_params(q, {"name": "Brayo", "limit": "3"}) == {"name": "Brayo", "limit": 3}
    with pytest.raises(ParameterError) as err:
        coerce_params(q, {"limit": "many", "colour": "red"})
    text = str(err.value)
    assert "missing parameter 'name'" in text and "unknown parameter 'colour'" in text
    assert "'limit'='many' should be integer" in text
    assert "phones-of expects: name (string, required), limit (integer, default 10)" in text


def test_shipped_catalog_is_valid():
    catalog = load_catalog()
    for q in catalog.values():
        assert q.description and q.title and q.audience


def test_unknown_name_suggests_nearest():
    catalog = load_catalog()
    name = "recruiter-network"
    assert name in catalog
    with pytest.raises(QueryError, match=f"did you mean {name}"):
        get_query(name[:-1] + "x")


def test_run_reads_from_store(store, tmp_path, monkeypatch):
    import casegraph.services.runner as runner

    q = parse_query_file(write(tmp_path, "phones-of", GOOD))
    monkeypatch.setattr(runner, "load_catalog", lambda: {q.name: q})
    store.write(
        "CREATE (:PersonRecord {id: 's#1', source_id: 's', name: 'Brayo'})"
        "-[:USES_PHONE]->(:Phone {id: '+254712000001'})"
    )
    result = run_query(store, "phones-of", {"name": "Brayo"})
    assert result.rows == [{"phone": "+254712000001"}]


@pytest.mark.parametrize(
    ("name", "backend", "left_out"),
    [
        ("link-evidence", "neo4j", {"PersonRecord"}),
        ("shortest-connection", "neo4j", {"PersonRecord", "Source"}),
        ("shortest-connection", "falkordb", {"PersonRecord", "Source"}),
    ],
)
def test_entity_anchors_cover_every_label(name, backend, left_out):
    # The two ends are found by one indexed id match per label: a label added to the
    # schema and missing here would make its nodes unreachable by these queries
    # (internal bookkeeping labels take no links).
    import re

    from casegraph.graph_schema import internal_labels, load_schema

    schema = load_schema()
    body = get_query(name).body_for(backend)
    anchored = set(re.findall(r"MATCH \(\w+:(\w+) \{id: (?:\$a|key)\}\) RETURN", body))
    as_organisation = {n.label for n in schema.nodes.values() if "Organisation" in n.also}
    assert anchored == set(schema.nodes) - left_out - as_organisation - set(internal_labels())

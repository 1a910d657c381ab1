"""Read-only Cypher refuses files, network, server settings and writes, on both stores."""

from __future__ import annotations

import pytest

from casegraph.core.errors import StoreError
from casegraph.store.base import counts
from casegraph.store.readonly import check_read_only

REFUSED = [
    ("LOAD CSV FROM 'https://evil.example/x.csv' AS row RETURN row", "LOAD CSV"),
    ("load csv with headers from 'file:///etc/passwd' AS r RETURN r", "LOAD CSV"),
    ("CALL apoc.load.json('https://evil.example/') YIELD value RETURN value", "apoc.load.json"),
    ("CALL apoc.export.csv.all('/tmp/all.csv', {})", "apoc.export.csv.all"),
    ("CALL dbms.listConfig() YIELD name RETURN name", "dbms.listConfig"),
    ("CALL  dbms . security.listUsers()", "dbms.security.listUsers"),
    ("CALL apoc.cypher.runWrite('CREATE (n)', {})", "apoc.cypher.runWrite"),
    ("CALL db.idx.fulltext.createNodeIndex('Person', 'name')", "createNodeIndex"),
    ("MATCH (n) /* a comment */ DETACH DELETE n", "DETACH"),
    ("MATCH (p:Phone) SET p.hidden = true RETURN p", "SET"),
    ("CREATE (:Person {id: 'x'})", "CREATE"),
    ("MATCH (n) // harmless?\nMERGE (m:Case {id: 'c'})", "MERGE"),
    ("UNWIND [1] AS x CALL { CREATE (:Case {id: 'y'}) } RETURN x", "CREATE"),
]
ALLOWED = [
    "MATCH (n:Source) WHERE n.title = 'LOAD CSV FROM http://x' RETURN n.id",
    'MATCH (n) WHERE n.note CONTAINS "CALL dbms.listConfig()" RETURN count(n) AS n',
    "MATCH (n:Person) RETURN n.`set` AS s, n.created AS c // CREATE in a comment",
    "CALL db.labels() YIELD label RETURN label",
    "MATCH (a:Person {id: $id}) CALL { WITH a MATCH (a)--(b) RETURN count(b) AS n } RETURN n",
]


@pytest.mark.parametrize(("cypher", "named"), REFUSED)
def test_guard_refuses_naming_what(cypher, named):
    with pytest.raises(StoreError, match="refused") as caught:
        check_read_only(cypher)
    assert named in str(caught.value)


@pytest.mark.parametrize("cypher", ALLOWED)
def test_guard_lets_reads_through(cypher):
    check_read_only(cypher)


@pytest.mark.parametrize(("cypher", "named"), REFUSED[:3] + REFUSED[8:11])
def test_store_read_refuses_before_the_engine_runs_it(any_store, cypher, named):
    with pytest.raises(StoreError, match="refused"):
        any_store.read(cypher)
    assert counts(any_store) == {"nodes": {}, "relationships": {}}


def test_store_read_still_answers_reads_and_catalogue_calls(any_store):
    any_store.write("CREATE (:Case {id: 'CASE-T-1', title: 'LOAD CSV is a title here'})")
    rows = any_store.read(ALLOWED[0].replace("Source", "Case").replace("http://x", ""))
    assert rows == []
    assert any_store.read("MATCH (c:Case) RETURN c.title AS t") == [
        {"t": "LOAD CSV is a title here"}
    ]
    labels = {r["label"] for r in any_store.read("CALL db.labels() YIELD label RETURN label")}
    assert "Case" in labels

"""Fetching pictures from the store: the neighbourhood of a node, any read query, the
row shapes a picture query may return, and the `casegraph viz` command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from casegraph.cli import _register, cli
from casegraph.core.errors import ParameterError, QueryError, StoreError
from casegraph.services.render import neighbourhood, render_html, subgraph_from_rows, subgraph_query
from casegraph.store import GraphStore

GRAPH = """
CREATE (boss:Person {id: 'p-boss', name: 'Boss Lim', roles: ['boss']}),
       (tan:Person {id: 'p-tan', name: 'Mr Tan', roles: ['recruiter']}),
       (v:Person {id: 'p-v1', name: 'Zawadi Okello', pseudonym: 'V-017', roles: ['victim']}),
       (ph:Phone {id: '+254700000001'}),
       (ke:Country {id: 'KE', name: 'Kenya'}),
       (cmp:Compound {id: 'cmp-1', name: 'Golden Star Compound'}),
       (s:Source {id: 'S1', kind: 'debrief', grading: 'B2'}),
       (tan)-[:REPORTS_TO {source_ids: ['S1']}]->(boss),
       (tan)-[:RECRUITED {source_ids: ['S1'], refs: ['debrief-1.md:12']}]->(v),
       (tan)-[:USES_PHONE {source_ids: ['S1']}]->(ph),
       (v)-[:HELD_AT {source_ids: ['S1']}]->(cmp),
       (boss)-[:OPERATES {source_ids: ['S1']}]->(cmp),
       (v)-[:NATIONAL_OF]->(ke),
       (tan)-[:NATIONAL_OF]->(ke)
"""


@pytest.fixture
def graph(any_store: GraphStore) -> GraphStore:
    """The small network on the embedded store, and on Neo4j too when configured."""
    any_store.write(GRAPH)
    return any_store


@pytest.fixture
def embedded(store: GraphStore) -> GraphStore:
    """The small network on the embedded store the CLI opens from CASEGRAPH_HOME."""
    store.write(GRAPH)
    return store


def test_neighbourhood_grows_by_hops_and_keeps_links_between_kept_nodes(graph: GraphStore):
    one = neighbourhood(graph, "p-tan", hops=1)
    assert {n.id for n in one.nodes} == {"p-tan", "p-boss", "p-v1", "+254700000001", "KE"}
    # v -> KE joins two nodes kept at hop 1, so it is drawn too.
    assert {(e.source, e.type, e.target) for e in one.edges} == {
        ("p-tan", "REPORTS_TO", "p-boss"),
        ("p-tan", "RECRUITED", "p-v1"),
        ("p-tan", "USES_PHONE", "+254700000001"),
        ("p-tan", "NATIONAL_OF", "KE"),
        ("p-v1", "NATIONAL_OF", "KE"),
    }
    two = neighbourhood(graph, "p-tan", hops=2)
    assert two.node("cmp-1") is not None and len(two.edges) == 7
    recruited = next(e for e in two.edges if e.type == "RECRUITED")
    assert recruited.properties["refs"] == ["debrief-1.md:12"]
    assert two.gradings == {"S1": "B2"}
    assert two.node("p-tan").label == "Person" and two.node("p-tan").caption == "Mr Tan"


def test_neighbourhood_filters_labels_and_limits_nearest_first(graph: GraphStore):
    people = neighbourhood(graph, "p-tan", hops=2, labels=["Person"])
    assert {n.id for n in people.nodes} == {"p-tan", "p-boss", "p-v1"}
    small = neighbourhood(graph, "p-tan", hops=2, limit=2)
    assert len(small.nodes) == 3 and small.node("cmp-1") is None, "nearest nodes come first"


def test_neighbourhood_refuses_unknown_nodes_and_bad_arguments(graph: GraphStore):
    with pytest.raises(QueryError, match="no node with id 'nobody'"):
        neighbourhood(graph, "nobody")
    with pytest.raises(ParameterError, match="hops"):
        neighbourhood(graph, "p-tan", hops=9)
    with pytest.raises(Exception, match="unknown node label"):
        neighbourhood(graph, "p-tan", labels=["Person) DETACH DELETE (x"])


def test_records_of_a_resolved_victim_are_hidden_like_the_victim(graph: GraphStore, tmp_path):
    # Kevin is named as a recruiter in one debrief and resolved to a person who is a
    # victim elsewhere: the recruiter record must not show his name either.
    graph.write(
        "MATCH (tan:Person {id: 'p-tan'}) "
        "CREATE (r:PersonRecord {id: 'DBR-1#R2', source_id: 'S1', name: 'Kevin Otieno', "
        "roles: ['recruiter']}), "
        "(k:Person {id: 'p-kev', name: 'Kevin Otieno', roles: ['recruiter', 'victim'], "
        "is_victim: true, pseudonym: 'KE-V-0001'}), "
        "(r)-[:RESOLVES_TO]->(k), (r)-[:RECRUITED {source_ids: ['S1']}]->(tan)"
    )
    sub = neighbourhood(graph, "DBR-1#R2", hops=1, labels=["PersonRecord", "Person"])
    record = sub.node("DBR-1#R2")
    assert record.properties["is_victim"] is True
    assert record.properties["pseudonym"] == "KE-V-0001"
    page = render_html(sub, tmp_path / "kevin.html").read_text(encoding="utf-8")
    assert "Kevin" not in page and "KE-V-0001" in page
    assert "Dashed outline: a person as one source records them" in page


def test_subgraph_query_reads_each_documented_row_shape(graph: GraphStore):
    triples = subgraph_query(
        graph, "MATCH (a)-[r]->(b:Compound) RETURN a AS source, r AS rel, b AS target"
    )
    assert {(e.source, e.type, e.target) for e in triples.edges} == {
        ("p-v1", "HELD_AT", "cmp-1"),
        ("p-boss", "OPERATES", "cmp-1"),
    }
    by_id = subgraph_query(
        graph,
        "MATCH (a:Person {id: $id})-[r]->(b) RETURN a.id AS src_id, type(r) AS type, "
        "b.id AS dst_id, properties(r) AS properties",
        {"id": "p-tan"},
    )
    # Endpoints known only by id are filled in from the store.
    assert by_id.node("+254700000001").label == "Phone"
    assert by_id.node("p-boss").caption == "Boss Lim"
    assert by_id.gradings == {"S1": "B2"}
    path = subgraph_query(
        graph,
        "MATCH p = (a:Person {id: 'p-boss'})<-[:REPORTS_TO]-(:Person)-[:RECRUITED]->(:Person) "
        "RETURN nodes(p) AS nodes, "
        "[r IN relationships(p) | [startNode(r).id, type(r), endNode(r).id]] AS links",
    )
    assert {(e.source, e.type, e.target) for e in path.edges} == {
        ("p-tan", "REPORTS_TO", "p-boss"),
        ("p-tan", "RECRUITED", "p-v1"),
    }
    assert len(path.nodes) == 3


def test_subgraph_query_is_read_only(graph: GraphStore):
    with pytest.raises(StoreError):
        subgraph_query(graph, "CREATE (c:Case {id: 'C-X'}) RETURN c AS node")
    assert graph.read("MATCH (c:Case) RETURN count(c) AS n") == [{"n": 0}]


def test_rows_without_endpoints_make_nodes_and_duplicates_merge(caplog):
    tan = {"id": "p-tan", "name": "Mr Tan", "_labels": ["Person"]}
    boss = {"id": "p-boss", "name": "Boss Lim", "_labels": ["Person"]}
    rel = {"_type": "REPORTS_TO", "source_ids": ["S1"]}
    sub = subgraph_from_rows(
        [
            {"source": tan, "rel": rel, "target": boss},
            {"source": tan, "rel": rel, "target": boss},
            {"people": [tan, boss], "r": rel},  # a relationship alone has no endpoints
            {"path": {"nodes": [tan, boss], "relationships": [rel]}},
        ]
    )
    assert [n.id for n in sub.nodes] == ["p-tan", "p-boss"]
    assert len(sub.edges) == 1 and sub.edges[0].properties == {"source_ids": ["S1"]}
    assert "1 returned value(s) could not be drawn" in caplog.text
    caplog.clear()
    subgraph_from_rows([{"p": "<(1)-[0]->(0)>"}])  # a FalkorDB path comes back as text
    assert "could not be drawn" in caplog.text


def run_viz(home: Path, *args: str) -> tuple[int, str]:
    _register()
    result = CliRunner().invoke(cli, ["viz", *args], env={"CASEGRAPH_HOME": str(home)})
    return result.exit_code, result.output + str(result.exception or "")


def page_counts(path: Path) -> tuple[int, int]:
    html = path.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', html, re.S)
    data = json.loads(found.group(1))
    return len(data["nodes"]), len(data["edges"])


def test_viz_command_draws_around_a_node_or_a_query(embedded, cg_home: Path, tmp_path: Path):
    code, out = run_viz(cg_home, "--around", "p-tan", "--hops", "1", "-o", str(tmp_path / "a.html"))
    assert code == 0, out
    assert "5 nodes, 5 links" in out and page_counts(tmp_path / "a.html") == (5, 5)
    assert "Zawadi" not in (tmp_path / "a.html").read_text(encoding="utf-8")
    query = (
        "MATCH (a)-[r:REPORTS_TO]->(b) WHERE a.id = $id RETURN a AS source, r AS rel, b AS target"
    )
    code, out = run_viz(
        cg_home,
        "--cypher",
        query,
        "-p",
        "id=p-tan",
        "--layout",
        "hierarchy",
        "-o",
        str(tmp_path / "q.svg"),
    )
    assert code == 0, out
    assert "2 nodes, 1 links" in out and (tmp_path / "q.svg").stat().st_size > 1000


def test_viz_command_finds_a_person_by_name_or_pseudonym(embedded, cg_home: Path, tmp_path):
    code, out = run_viz(cg_home, "--around", "mr tan", "--hops", "1", "-o", str(tmp_path / "t.htm"))
    assert code == 0, out
    assert page_counts(tmp_path / "t.htm") == (5, 5)
    code, out = run_viz(cg_home, "--around", "V-017", "-o", str(tmp_path / "v.html"))
    assert code == 0, out
    page = (tmp_path / "v.html").read_text(encoding="utf-8")
    assert "Zawadi" not in page and "around p-v1" in page, "the title names the id, not the name"
    code, out = run_viz(cg_home, "--around", "Mr Lim", "-o", str(tmp_path / "n.html"))
    assert code != 0 and "no person, compound, agency or identifier named 'Mr Lim'" in out
    assert not (tmp_path / "n.html").exists()


def test_viz_command_explains_bad_usage(embedded, cg_home: Path, tmp_path: Path):
    code, out = run_viz(cg_home, "-o", str(tmp_path / "a.html"))
    assert code != 0 and "exactly one of --around ID or --cypher QUERY" in out
    code, out = run_viz(cg_home, "--around", "p-tan", "-o", str(tmp_path / "a.pdf"))
    assert code != 0 and ".html" in out and not (tmp_path / "a.pdf").exists()

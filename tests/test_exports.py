"""Exports other tools read: GraphML and GEXF open in networkx with the manifest's counts,
i2 CSVs hold one row per entity and per link, victims stay pseudonymous, every file's
sha256 in the manifest matches the file on disk."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import networkx as nx
import pytest
from queries_support import example_graph, victim_names
from report_support import run_cli

from casegraph.core.errors import ParameterError
from casegraph.services.exports import MANIFEST, export
from casegraph.services.exports.i2 import ENTITY_COLUMNS, LINK_COLUMNS, best_grading
from casegraph.store.base import counts

graph = pytest.fixture(scope="module", name="graph")(example_graph)


def _manifest(folder: Path) -> dict:
    data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    for entry in data["files"]:
        content = (folder / entry["file"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == entry["sha256"], entry["file"]
        assert len(content) == entry["bytes"]
    return data


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _no_victim_name(folder: Path) -> None:
    """In any case: a person's search keys are lower-cased names."""
    text = " ".join(p.read_text(encoding="utf-8") for p in folder.iterdir()).lower()
    assert not [n for n in victim_names() if len(n) > 3 and n.lower() in text]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_open_in_networkx_with_the_manifests_counts(graph, tmp_path, fmt):
    manifest, _ = export(graph, fmt, tmp_path)
    data = _manifest(tmp_path)
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    opened = read(tmp_path / f"casegraph.{fmt}")
    assert opened.number_of_nodes() == data["counts"]["nodes"] == manifest.counts["nodes"]
    assert opened.number_of_edges() == data["counts"]["links"]
    stored = sum(n for label, n in counts(graph)["nodes"].items() if label != "PersonRecord")
    assert data["counts"]["nodes"] == stored
    kk = opened.nodes["CMP-MM-KKPARK"]
    assert kk["label"] == "Compound" and kk["caption"] == "KK Park"
    assert data["victims"] == "pseudonymised"
    _no_victim_name(tmp_path)


def test_i2_csvs_have_one_row_per_entity_and_per_link(graph, tmp_path):
    export(graph, "i2", tmp_path)
    data = _manifest(tmp_path)
    entities = _rows(tmp_path / "i2_entities.csv")
    links = _rows(tmp_path / "i2_links.csv")
    assert list(entities[0]) == list(ENTITY_COLUMNS) and list(links[0]) == list(LINK_COLUMNS)
    ids = [e["Identity"] for e in entities]
    assert len(ids) == len(set(ids)) == data["counts"]["entities"]
    stored = sum(
        n for label, n in counts(graph)["nodes"].items() if label not in {"PersonRecord", "Source"}
    )
    assert len(entities) == stored
    pairs = [(x["From Identity"], x["Link Type"], x["To Identity"]) for x in links]
    assert len(pairs) == len(set(pairs)) == data["counts"]["links"]
    assert all(x["From Identity"] in ids and x["To Identity"] in ids for x in links)
    # the phone table grades the top recruiter's Ugandan number A1 (TEL-UG-2024-04)
    phone = next(e for e in entities if e["Identity"] == "+256772555190")
    assert (phone["Entity Type"], phone["Source Reliability"], phone["Information Grading"]) == (
        "Telephone",
        "A",
        "1",
    )
    assert "TEL-UG-2024-04" in phone["Source Reference"]
    _no_victim_name(tmp_path)


def test_best_grading_takes_the_most_reliable_source():
    gradings = {"a": "C3", "b": "B4", "c": "ungraded"}
    assert best_grading(["a", "b", "c"], gradings) == ("B", "4")
    assert best_grading(["c", "missing"], gradings) == ("", "")


def test_export_command_and_bad_format(graph, tmp_path):
    done = run_cli(graph, "export", "--format", "csv", "-o", str(tmp_path / "csv"))
    assert done.returncode == 0, done.stderr
    data = _manifest(tmp_path / "csv")
    assert len(_rows(tmp_path / "csv" / "nodes.csv")) == data["counts"]["nodes"]
    assert len(_rows(tmp_path / "csv" / "links.csv")) == data["counts"]["links"]
    with pytest.raises(ParameterError, match="export formats"):
        export(graph, "xls", tmp_path / "x")

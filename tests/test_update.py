"""A second record under an existing id with other content: a reject naming both sources,
or with ``--update`` a new version of the node with the earlier one kept in its history
and shown in the reports."""

from __future__ import annotations

import json

import pytest
from load_helpers import DEBRIEF

from casegraph.services.ingest import load_paths
from casegraph.services.reports.compound import compound_report
from casegraph.services.reports.versions import earlier_versions

FIRST = "compound_id,name,country,status\nCMP-UPD-01,Corpus Bay Park,MM,active\n"
SECOND = "compound_id,name,country\nCMP-UPD-01,Corpus Harbour Park,KH\n"
COMPOUND = "MATCH (c:Compound {id: 'CMP-UPD-01'}) RETURN c AS node"
SOURCE = "MATCH (s:Source {id: 'DBR-TST-0001'}) RETURN s AS node"


def _table(folder, name: str, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_without_update_a_second_compound_under_one_id_is_a_reject(any_store, tmp_path):
    load_paths(any_store, [_table(tmp_path / "a", "compounds.csv", FIRST)])
    report = load_paths(any_store, [_table(tmp_path / "b", "compounds.csv", SECOND)])
    [problem] = report.problems
    assert problem.field == "compound_id" and "Corpus Bay Park" in problem.reason
    assert "--update" in problem.reason
    [row] = any_store.read(COMPOUND)
    assert row["node"]["name"] == "Corpus Bay Park" and not row["node"].get("history")


def test_with_update_the_compound_is_a_new_version_and_keeps_the_earlier(any_store, tmp_path):
    load_paths(any_store, [_table(tmp_path / "a", "compounds.csv", FIRST)])
    second = _table(tmp_path / "b", "compounds.csv", SECOND)
    report = load_paths(any_store, [second], update=True)
    assert report.problems == []
    assert any("new version of Compound CMP-UPD-01" in note for note in report.notes)
    [row] = any_store.read(COMPOUND)
    node = row["node"]
    assert (node["name"], node["country"]) == ("Corpus Harbour Park", "KH")
    assert node["status"] == "active"  # not stated by the new version: it stays
    [earlier] = earlier_versions(node)
    assert earlier["properties"]["name"] == "Corpus Bay Park"
    assert earlier["properties"]["country"] == "MM"
    assert earlier["replaced_at"] and "compounds.csv" in earlier["replaced_by"]

    # Loading the new version again changes nothing: it is no longer a conflict.
    assert load_paths(any_store, [second], update=True).problems == []
    assert len(earlier_versions(any_store.read(COMPOUND)[0]["node"])) == 1

    report_ = compound_report(any_store, "CMP-UPD-01", figure=False)
    [section] = [s for s in report_.sections if s.title == "Earlier versions"]
    table = section.blocks[1]
    assert table.rows[0][0] == "CMP-UPD-01" and "name: Corpus Bay Park" in table.rows[0][3]


@pytest.mark.parametrize("update", [False, True])
def test_a_debrief_note_under_a_loaded_id(store, tmp_path, update):
    load_paths(store, [DEBRIEF])
    changed = DEBRIEF.read_text(encoding="utf-8").replace("grading: B2", "grading: A1")
    second = _table(tmp_path / "corrected", "DBR-TST-0001-v2.md", changed)
    report = load_paths(store, [second], update=update)
    node = store.read(SOURCE)[0]["node"]
    if not update:
        [problem] = report.problems
        assert "DBR-TST-0001" in problem.reason and "DBR-TST-0001.md" in problem.reason
        assert "--update" in problem.reason and node["grading"] == "B2"
        return
    assert report.problems == [] and node["grading"] == "A1"
    assert node["file"] == "DBR-TST-0001-v2.md"
    [earlier] = [json.loads(text) for text in node["history"]]
    assert earlier["properties"]["grading"] == "B2"
    assert earlier["properties"]["file"] == "DBR-TST-0001.md"
    assert "already loaded" in earlier["read_from"]

"""HTCDS exchange: the examples exported, imported into a fresh store by `casegraph load`
as another organisation would, and exported again give the same cases, victims,
perpetrators and events; victims are pseudonymous unless revealed."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from queries_support import example_graph, truth, victim_names

from casegraph.core.settings import Settings
from casegraph.services.entities import fetch_person_records, write_entity_layer
from casegraph.services.exports import export
from casegraph.services.exports.htcds import htcds_codes
from casegraph.services.ingest import load_paths
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.falkordb_store import FalkorDBStore

graph = pytest.fixture(scope="module", name="graph")(example_graph)
# Who each row is and what happened: compared across the round trip (person refs of
# perpetrators are the exporting store's ids, so perpetrators are compared by name).
PERSON = ("cas_CaseNumber", "x_PersonType", "x_Pseudonym", "prs_FirstName", "prs_SecondName",
          "prs_Gender", "prs_Nationality", "prs_MobilePhone", "x_Roles", "per_RoleInProcess",
          "vic_LocationOfExploitation")  # fmt: skip
EVENT = ("cas_CaseNumber", "x_PersonRef", "hte_Type", "hte_Date", "hte_City", "hte_Country",
         "hte_Latitude", "hte_Longitude", "hte_Description", "x_From", "x_Order", "x_Mode",
         "x_Irregular", "x_Until", "x_Left", "x_Amount", "x_Currency")  # fmt: skip


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _people(folder: Path) -> Counter:
    return Counter(tuple(r[c] for c in PERSON) for r in _rows(folder, "htcds_cases.csv"))


def _events(folder: Path) -> Counter:
    return Counter(tuple(r[c] for c in EVENT) for r in _rows(folder, "htcds_events.csv"))


@pytest.fixture(scope="module")
def exported(graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("htcds")
    export(graph, "htcds", out)
    return out


def test_one_row_per_case_person_with_the_standards_fields(exported):
    rows = _rows(exported, "htcds_cases.csv")
    codes = htcds_codes()
    assert list(rows[0]) == codes["case_columns"]
    cases = {c["id"] for c in truth()["cases"]}
    assert {r["cas_CaseNumber"] for r in rows} == cases
    victims = [r for r in rows if r["x_PersonType"] == "Victim"]
    assert victims and all(r["x_PersonRef"] == r["x_Pseudonym"] for r in victims)
    assert all(r["prs_FirstName"] == "" and r["prs_MobilePhone"] == "" for r in victims)
    wekesa = [r for r in rows if (r["prs_FirstName"], r["prs_SecondName"]) == ("Samuel", "Wekesa")]
    assert {r["cas_CaseNumber"] for r in wekesa} == set(truth()["top_recruiter"]["cases"])
    assert all(r["per_RoleInProcess"] == "RecruiterOrIntermediary" for r in wekesa)
    allowed = set(codes["control"].values())
    for row in victims:
        assert set(filter(None, row["vic_MethodsOfControl"].split("; "))) <= allowed
        assert row["prs_Gender"] in ("Male", "Female", "Unknown")
    kinds = {r["hte_Type"] for r in _rows(exported, "htcds_events.csv")}
    assert kinds == {"Recruitment", "Transit", "Exploitation"}
    text = (exported / "htcds_cases.csv").read_text(encoding="utf-8")
    text += (exported / "htcds_events.csv").read_text(encoding="utf-8")
    assert not [n for n in victim_names() if len(n) > 3 and n in text]


def test_round_trip_through_a_fresh_store(exported, tmp_path):
    home = tmp_path / "receiving-agency"
    store = FalkorDBStore(Settings(home=home))
    try:
        report = load_paths(store, [exported], strict=True)
        assert not report.problems, report.problems
        assert ("htcds_events.csv", "read with htcds_cases.csv") in report.skipped
        records = fetch_person_records(store)
        # the exchange names each person by one ref: records of one ref are one person
        write_entity_layer(store, records, {r.id: r.id.split("#", 1)[1] for r in records})
        again = tmp_path / "again"
        manifest, _ = export(store, "htcds", again)
    finally:
        store.close()
        EmbeddedServer(home).stop()
    assert _people(again) == _people(exported)
    assert _events(again) == _events(exported)
    assert manifest.counts["events"] == sum(_events(exported).values()) > 50


def test_reveal_writes_victims_names_and_a_bad_file_is_reported(graph, tmp_path, store):
    export(graph, "htcds", tmp_path / "open", reveal=True)
    rows = _rows(tmp_path / "open", "htcds_cases.csv")
    names = {f"{r['prs_FirstName']} {r['prs_SecondName']}" for r in rows}
    assert "Kevin Otieno" in names
    bad = tmp_path / "bad" / "htcds_cases.csv"
    bad.parent.mkdir()
    bad.write_text("cas_CaseNumber,prs_FirstName\nCASE-X,Someone\n", encoding="utf-8")
    report = load_paths(store, [bad.parent])
    assert [str(p) for p in report.problems] == [
        "htcds_cases.csv:1: not an HTCDS cases file: no column x_persontype, x_personref"
    ]

"""Mappings as data: kinds told apart by columns with a confidence, users' own mapping files,
sniffed CSV dialects and the preview that writes nothing."""

from __future__ import annotations

import codecs

import pytest
from click.testing import CliRunner

from casegraph.cli import _register, cli
from casegraph.core.errors import InputError
from casegraph.loaders.mappings import decide_kind, load_user_mapping, mappings
from casegraph.services.ingest import load_paths

USER_CSV = (
    "Name,Phone Number,Nationality,Case\n"
    "Juma Fictitious,+254 712 555 901,Kenyan,CASE-MAP-1\n"
    "Wanjiru Invented,0712555902,KE,CASE-MAP-1\n"
)
USER_MAPPING = (
    "kind: phones\n"
    "columns:\n"
    "  Name: holder_name\n"
    "  Phone Number: phone\n"
    "  Nationality: holder_nationality\n"
    "  Case: case_id\n"
)


def test_every_kind_has_a_checked_mapping():
    found = mappings()
    assert set(found) == {"aliases", "phones", "agencies", "compounds", "routes", "links"}
    # synonyms are data: a field office's headers reach the same field
    assert found["phones"].field_of("Phone Number") == "phone"
    assert found["aliases"].field_of("person_name") == "name"
    assert found["compounds"].field_of("lat") == "latitude"
    # every kind reads the provenance columns
    assert all(m.field_of("source_id") == "source_id" for m in found.values())


def test_a_table_of_no_kind_fails_naming_its_columns(store, cg_home, tmp_path, monkeypatch):
    path = tmp_path / "people.csv"
    path.write_text(USER_CSV, encoding="utf-8")
    match, readings = decide_kind([c.lower() for c in USER_CSV.splitlines()[0].split(",")])
    assert match is None and readings[0].kind == "phones" and readings[0].confidence == 0.5
    monkeypatch.setenv("CASEGRAPH_HOME", str(cg_home))
    _register()
    result = CliRunner().invoke(cli, ["load", str(path), "--quiet"])
    assert result.exit_code == 1
    assert "columns name, phone number, nationality, case match no table kind" in result.output
    assert "phones (50%: would not read name, nationality)" in result.output
    assert "people.csv" in result.output
    assert store.read("MATCH (p:Phone) RETURN p") == []


def test_the_same_table_loads_through_a_mapping_file(store, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(USER_CSV, encoding="utf-8")
    spec = tmp_path / "my-mapping.yaml"
    spec.write_text(USER_MAPPING, encoding="utf-8")
    report = load_paths(store, [path], mapping=load_user_mapping(spec))
    assert report.problems == [] and report.kinds["phones"].loaded == 2
    rows = store.read(
        "MATCH (r:PersonRecord)-[:USES_PHONE]->(p:Phone) "
        "RETURN r.name AS name, r.nationality AS nat, r.case_id AS case, p.id AS phone "
        "ORDER BY name"
    )
    assert rows == [
        {"name": "Juma Fictitious", "nat": "KE", "case": "CASE-MAP-1", "phone": "+254712555901"},
        {"name": "Wanjiru Invented", "nat": "KE", "case": "CASE-MAP-1", "phone": "+254712555902"},
    ]


def test_a_mapping_file_naming_unknown_fields_is_refused(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text("kind: phones\ncolumns: {Name: holder}\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown field.*holder"):
        load_user_mapping(spec)
    spec.write_text("kind: people\ncolumns: {Name: name}\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown kind 'people'"):
        load_user_mapping(spec)


@pytest.mark.parametrize(
    ("encoding", "bom", "newline"),
    [("utf-8", codecs.BOM_UTF8, "\r\n"), ("utf-16", b"", "\n"), ("cp1252", b"", "\r\n")],
)
def test_csv_dialect_and_encoding_are_sniffed_and_reported(store, tmp_path, encoding, bom, newline):
    text = newline.join(
        [
            "Telefon;Holder;First Seen",
            "0812555011;Ngọc Trâm Bùi;23/04/2024",
            "66812555012;Zoë;01/05/2024",
            "",
        ]
    )
    if encoding == "cp1252":
        text = text.replace("Ngọc Trâm Bùi", "Chloé Fictive")
    path = tmp_path / "numbers.csv"
    path.write_bytes(bom + text.encode(encoding))
    spec = tmp_path / "map.yaml"
    spec.write_text("columns: {Telefon: phone}\n", encoding="utf-8")
    report = load_paths(store, [path], mapping=load_user_mapping(spec), dayfirst=None)
    read = report.conventions["numbers.csv"]
    assert "delimiter ;" in read["read"] and "phones by columns" in read["read"]
    assert ("CRLF" if newline == "\r\n" else "LF") in read["read"]
    assert encoding.split("-")[0] in read["read"].lower() or "detected" in read["read"]
    assert read["dates"] == "day first (dd/mm/yyyy): proven by '23/04/2024' in first seen"
    phones = store.read("MATCH (p:Phone) RETURN p.id AS id, p.first_seen AS seen ORDER BY id")
    # the national number needs a region: without one it is reported, the other loads
    assert phones == [{"id": "+66812555012", "seen": "2024-05-01"}]


def test_preview_shows_how_columns_are_read_and_writes_nothing(
    store, cg_home, tmp_path, monkeypatch
):
    path = tmp_path / "compounds.csv"
    path.write_text(
        "name;location;lat;lon;operator\n"
        "Jade Harbour (Cang Yu);Myawaddy;16.69;98.51;Jade Fictional Co\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("CASEGRAPH_HOME", str(cg_home))
    _register()
    result = CliRunner().invoke(cli, ["load", "--preview", str(path)])
    assert result.exit_code == 0, result.output
    assert "compounds.csv: compounds, 1 record(s), 0 would be rejected" in result.output
    assert "'lat' -> latitude (latitude)" in result.output
    assert "compounds by columns (100%); encoding utf-8, delimiter ;" in result.output
    assert store.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_a_note_saved_as_cp1252_is_read_not_rejected(store, tmp_path):
    note = tmp_path / "DBR-CP-1.md"
    note.write_bytes(
        "---\ndebrief_id: DBR-CP-1\ncase_id: C-CP\ncountry: FR\n"
        "interviewee: {ref: V1, pseudonym: CP-V-1}\npeople:\n"
        "  - {ref: R1, name: René Fictif, roles: [recruteur]}\n---\nNarrative.\n".encode("cp1252")
    )
    report = load_paths(store, [note])
    assert report.problems == [] and report.kinds["debriefs"].loaded == 1
    assert store.read(
        "MATCH (p:PersonRecord {id: 'DBR-CP-1#R1'}) RETURN p.name AS n, p.roles AS r"
    ) == [{"n": "René Fictif", "r": ["other:recruteur"]}]

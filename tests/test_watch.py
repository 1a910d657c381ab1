"""Identifier lookup, the watch-list, and the alerts a load ends with.

Two debriefs from two countries (two cases) share a wallet: loading the second raises
the cross-country alert naming both sources, and `casegraph lookup` finds the wallet in
both countries; a watched phone raises its own alert.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from casegraph.cli import main
from casegraph.core.errors import InputError
from casegraph.services.ingest import load_paths
from casegraph.services.watch import alerts_for, watch_add, watch_list
from casegraph.store import GraphStore

WALLET = "TKLRpaCS6gySdB3yKFBnpg4SdwtbZfzPKJ"
DEBRIEF = """---
debrief_id: {id}
case_id: {case}
date: 2024-05-01
country: {country}
grading: {grading}
interviewee: {{ref: V1, pseudonym: {id}-V, role: victim}}
people:
  - ref: R1
    name: {name}
    roles: [recruiter]
    phones: ["{phone}"]
    wallets:
      - {{chain: tron, address: {wallet}}}
---
The recruiter took the ransom through a wallet.
"""


def debrief(folder: Path, **fields: str) -> Path:
    folder.mkdir()
    path = folder / f"{fields['id']}.md"
    path.write_text(DEBRIEF.format(wallet=WALLET, **fields), encoding="utf-8")
    return folder


def cli(capsys, *args: str) -> str:
    main(list(args))
    return capsys.readouterr().out


def test_shared_wallet_across_countries_alerts_on_load_and_lookup_finds_both(
    store: GraphStore, cg_home: Path, tmp_path: Path, monkeypatch, capsys
):
    monkeypatch.setenv("CASEGRAPH_HOME", str(cg_home))
    alerts = tmp_path / "alerts.csv"
    first = debrief(tmp_path / "ke", id="DBR-T-KE1", case="CASE-T-KE", country="KE",
                    grading="B2", name="Daniel Mutua", phone="+254 711 000 111")  # fmt: skip
    cli(capsys, "load", str(first), "--quiet", "--alerts", str(alerts))
    assert list(csv.DictReader(alerts.open(encoding="utf-8"))) == []

    assert "watching phone +66812345678" in cli(capsys, "watch", "add", "+66 81 234 5678")
    assert "watching name name:danny mutua" in cli(capsys, "watch", "add", "MUTUA, Danny")
    second = debrief(tmp_path / "th", id="DBR-T-TH1", case="CASE-T-TH", country="TH",
                     grading="C3", name="Danny Mutua", phone="081 234 5678")  # fmt: skip
    out = cli(capsys, "load", str(second), "--quiet", "--alerts", str(alerts))
    key = f"tron:{WALLET}"
    assert (
        f"ALERT {key} in DBR-T-TH1 (CASE-T-TH, TH) also in another country:"
        " DBR-T-KE1 (CASE-T-KE, KE)" in out
    )
    assert "ALERT watched '+66 81 234 5678': +66812345678 in DBR-T-TH1" in out
    rows = list(csv.DictReader(alerts.open(encoding="utf-8")))
    crossing = [r for r in rows if r["item"] == key]
    assert len(crossing) == 1
    assert (crossing[0]["new_source"], crossing[0]["other_source"]) == ("DBR-T-TH1", "DBR-T-KE1")
    assert (crossing[0]["new_country"], crossing[0]["other_country"]) == ("TH", "KE")
    assert crossing[0]["other_grading"] == "B2"
    assert any(r["reason"] == "watched" and r["item"] == "+66812345678" for r in rows)
    named = [r for r in rows if r["watched"] == "MUTUA, Danny"]
    assert [(r["item"], r["new_source"], r["new_country"]) for r in named] == [
        ("DBR-T-TH1#R1", "DBR-T-TH1", "TH")
    ]

    found = cli(capsys, "lookup", WALLET, "--format", "csv").splitlines()
    table = list(csv.DictReader(found))
    assert {(r["source_id"], r["country"], r["case_id"], r["grading"]) for r in table} == {
        ("DBR-T-KE1", "KE", "CASE-T-KE", "B2"),
        ("DBR-T-TH1", "TH", "CASE-T-TH", "C3"),
    }
    assert {r["holder"] for r in table} == {"Daniel Mutua", "Danny Mutua"}


def test_a_table_of_a_case_told_in_several_countries_is_placed_in_none(
    store: GraphStore, cg_home: Path, tmp_path: Path, monkeypatch, capsys
):
    """A phone list has no country of its own: in a case whose debriefs were taken as
    often in Kenya as in Thailand it is placed in neither (it used to be shown, and
    alerted on, as Thai: the first country with the most debriefs)."""
    monkeypatch.setenv("CASEGRAPH_HOME", str(cg_home))
    case = {"case": "CASE-T-X", "grading": "B2", "name": "Daniel Mutua"}
    folder = tmp_path / "case"
    folder.mkdir()
    for sid, country, phone in (
        ("DBR-T-KE1", "KE", "+254 711 000 111"),
        ("DBR-T-TH1", "TH", "+66 81 000 1111"),
        ("DBR-T-TH2", "TH", "+66 81 000 2222"),
        ("DBR-T-KE2", "KE", "+254 711 000 222"),
    ):
        debrief(folder / sid, id=sid, country=country, phone=phone, **case)
    (folder / "phones.csv").write_text(
        "phone,holder,case_id\n+254 711 000 111,Daniel Mutua,CASE-T-X\n", encoding="utf-8"
    )
    out = cli(capsys, "load", str(folder), "--alerts", str(tmp_path / "alerts.csv"))
    assert "in phones (CASE-T-X, TH)" not in out
    found = cli(capsys, "lookup", "+254 711 000 111", "--format", "csv").splitlines()
    placed = {(r["source_id"], r["country"]) for r in csv.DictReader(found)}
    assert placed == {("DBR-T-KE1", "KE"), ("phones", "")}


def test_lookup_finds_a_passport_number_however_it_is_written(store: GraphStore):
    from casegraph.services.runner import run_query

    store.write(
        """
        CREATE (:Source {id: 'DBR-T-1', kind: 'debrief', country: 'KE', case_id: 'CASE-T',
                         grading: 'B2'}),
               (:Source {id: 'DBR-T-2', kind: 'debrief', country: 'UG', case_id: 'CASE-U',
                         grading: 'C3'}),
               (a:PersonRecord {id: 'DBR-T-1#R1', source_id: 'DBR-T-1', name: 'Peter Ochieng'}),
               (b:PersonRecord {id: 'DBR-T-2#R1', source_id: 'DBR-T-2', name: 'P. Ochieng'}),
               (d:IdentityDocument {id: 'passport:KE:AK1234567', doc_type: 'passport',
                                    number: 'AK1234567', country: 'KE'}),
               (a)-[:HAS_DOCUMENT]->(d), (b)-[:HAS_DOCUMENT]->(d)
        """
    )
    rows = run_query(store, "identifier-lookup", {"value": "ak 123-4567"}).rows
    assert {(r["source_id"], r["country"], r["grading"]) for r in rows} == {
        ("DBR-T-1", "KE", "B2"),
        ("DBR-T-2", "UG", "C3"),
    }
    assert rows[0]["kind"] == "IdentityDocument" and set(rows[0]["countries"]) == {"KE", "UG"}


def test_a_value_too_long_to_key_is_refused_and_the_store_stays_up(store: GraphStore):
    """A watch entry is keyed by its normalised value; one over the key limit (FalkorDB's
    server died on a unique key over 4 KB) is refused with the limit named, nothing added."""
    with pytest.raises(InputError, match="CASEGRAPH_LIMIT_KEY_BYTES"):
        watch_add(store, ["Danny Mutua", "Mutua " * 1_000])
    assert watch_list(store) == []
    assert [e.value for e in watch_add(store, ["Danny Mutua"])] == ["Danny Mutua"]


def test_lookup_of_a_persons_name_says_where_to_look(
    store: GraphStore, cg_home: Path, tmp_path: Path, monkeypatch, capsys
):
    """Field trial: an analyst typed `casegraph lookup "Hung Beo"` (an alias) and got only
    "'Hung Beo' is not a phone, handle, ..."; the error now says it names a person and
    which commands take one. A value naming nobody keeps the plain error."""
    monkeypatch.setenv("CASEGRAPH_HOME", str(cg_home))
    folder = debrief(
        tmp_path / "vn",
        id="DBR-T-VN1",
        case="CASE-T-VN",
        country="VN",
        grading="B2",
        name='Nguyen Van Hung "Hung Beo"',
        phone="+84 912 555 321",
    )
    cli(capsys, "load", str(folder), "--quiet")
    cli(capsys, "resolve")
    with pytest.raises(SystemExit):
        main(["lookup", "Hung Beo"])
    said = capsys.readouterr().err
    assert "'Hung Beo' names a person: casegraph report person 'Hung Beo'" in said
    with pytest.raises(SystemExit):
        main(["lookup", "Nobody Here"])
    said = capsys.readouterr().err
    assert "is not a phone" in said and "names a person" not in said


class _Reversed:
    """A store that returns every answer in the opposite order: each engine has an order
    of its own, and nothing may depend on it."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def read(self, query: str, params: dict | None = None) -> list[dict]:
        return list(reversed(self.store.read(query, params)))


def test_sources_loaded_together_alert_the_same_whatever_order_a_store_returns(
    any_store: GraphStore, tmp_path: Path
):
    """Two debriefs of two countries loaded in one go share a wallet: one alert, naming
    the same debrief first however the store orders its rows (Neo4j named the Thai
    debrief first where FalkorDB named the Kenyan)."""
    folder = tmp_path / "both"
    folder.mkdir()
    for sid, case, country, phone in (
        ("DBR-T-TH1", "CASE-T-TH", "TH", "+66 81 000 1111"),
        ("DBR-T-KE1", "CASE-T-KE", "KE", "+254 711 000 111"),
    ):
        debrief(folder / sid, id=sid, case=case, country=country, grading="B2",
                name="Daniel Mutua", phone=phone)  # fmt: skip
    report = load_paths(any_store, [folder], strict=True)
    for store in (any_store, _Reversed(any_store)):
        alerts = [a for a in alerts_for(store, report.touched) if a.item == f"tron:{WALLET}"]
        assert [(a.reason, a.new_source, a.other_source) for a in alerts] == [
            ("another country", "DBR-T-KE1", "DBR-T-TH1")
        ]

"""The examples with the fictional SDN and FtM lists: `casegraph xref` cross-matches
them, and the FollowTheMoney export of it all validates against the FtM model."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from followthemoney import model
from load_helpers import LISTS
from queries_support import EXAMPLES, clusters, eid, victim_names

from casegraph.core.settings import Settings
from casegraph.resolution import DecisionStore, Judgement
from casegraph.services.entities.layer import write_entity_layer
from casegraph.services.entities.records import fetch_person_records
from casegraph.services.exports import export
from casegraph.services.exports.ftm import FTM_FILE
from casegraph.services.ingest import load_paths
from casegraph.services.runner import run_query
from casegraph.services.xref import xref
from casegraph.store import GraphStore
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.falkordb_store import FalkorDBStore

WALLET = "tron:TKLRpaCS6gySdB3yKFBnpg4SdwtbZfzPKJ"  # Chen Jianguo's ransom wallet in two debriefs


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> Iterator[GraphStore]:
    """The examples and every fixture list, with the ground truth's entity layer."""
    home = tmp_path_factory.mktemp("xref-home")
    store = FalkorDBStore(Settings(home=home))
    store.clear()
    store.apply_schema()
    load_paths(store, [EXAMPLES, LISTS])
    write_entity_layer(store, fetch_person_records(store), clusters())
    yield store
    store.close()
    EmbeddedServer(home).stop()


def by_item(hits, item: str) -> list:
    return [h for h in hits if h.item == item]


def test_a_debrief_wallet_on_the_list_is_a_hard_hit_with_the_listing(cases, tmp_path):
    hits = xref(cases, tmp_path, "OFAC-SDN")
    (wallet,) = by_item(hits, WALLET)
    assert (wallet.status, wallet.hard, wallet.score) == ("hit", True, 1.0)
    assert wallet.designation == "OFAC-SDN-90101" and wallet.listed == "Baosheng Liu"
    assert "DBR-ID-0002, DBR-KE-0001" in wallet.reason
    (chen,) = by_item(hits, eid("P-CHEN"))
    assert (chen.label, chen.name, chen.hard, chen.status) == (
        "Person",
        "Chen Jianguo",
        True,
        "hit",
    )
    assert chen.reason.startswith(f"uses the wallet {WALLET} listed for Baosheng Liu")
    assert hits[0].hard and not hits[-1].hard  # hard hits first


def test_a_near_name_without_a_shared_identifier_goes_to_review_and_is_not_merged(cases, tmp_path):
    hits = xref(cases, tmp_path, "OFAC-SDN")
    (sammy,) = [h for h in by_item(hits, eid("P-WEKESA")) if h.designation == "OFAC-SDN-90102"]
    assert (sammy.status, sammy.hard) == ("review", False)
    assert 0.6 <= sammy.score < 1.0
    assert "no shared wallet or document" in sammy.reason and "'KE' ~ 'KE'" in sammy.reason
    records = cases.read(
        "MATCH (r:PersonRecord {id: 'OFAC-SDN#90102'})-[:RESOLVES_TO]->(p:Person) "
        "RETURN p.record_ids AS ids"
    )
    assert records == [{"ids": ["OFAC-SDN#90102"]}]  # still a person of its own
    # nobody matches the listed people who share nothing and look like no one
    assert not [h for h in hits if h.designation == "OFAC-SDN-90110" and h.label == "Person"]


def test_a_reviewer_decision_confirms_or_drops_a_name_hit(cases, tmp_path):
    sammy_record = next(r for r, p in clusters().items() if p == "P-WEKESA")
    decisions = DecisionStore(tmp_path)
    decisions.record(sammy_record, "OFAC-SDN#90102", Judgement.SAME, reason="passport seen")
    (hit,) = [h for h in xref(cases, tmp_path) if h.item == eid("P-WEKESA")]
    assert hit.status == "confirmed"
    decisions.record(sammy_record, "OFAC-SDN#90102", Judgement.DIFFERENT, reason="other DOB")
    assert not [h for h in xref(cases, tmp_path) if h.item == eid("P-WEKESA")]


def test_a_look_alike_company_of_the_cases_goes_to_review(cases, tmp_path):
    hits = xref(cases, tmp_path)
    (company,) = by_item(hits, "COM-KH-VANTOR-RIDGE-GROUP")
    assert company.status == "review" and company.listed == "VANTOR RIDGE GROUP"
    assert "similar name" in company.reason
    # the FtM stream's designated person: his wallet is in no case, so no hit
    assert not [h for h in hits if h.list == "fictional_watchlist" and h.label == "Person"]


def test_saved_queries_read_the_hits_and_the_network_around_a_listing(cases, tmp_path):
    xref(cases, tmp_path)
    rows = run_query(cases, "sanctions-hits", {"list": "OFAC-SDN"}).rows
    assert (rows[0]["hard"], rows[0]["listed"], rows[0]["source_row"]) == (
        True, "Baosheng Liu", "sdn/sdn.csv:row 1",
    )  # fmt: skip
    assert {r["status"] for r in rows} == {"hit", "review"}
    net = run_query(cases, "designated-network", {"list": "OFAC-SDN", "max_hops": 2}).rows
    around_chen = {r["entity"] for r in net if r["via"] == "xref hit"}
    assert {"KK Park", "Zhao Tianming"} <= around_chen
    companies = {r["entity"] for r in net if r["listed"] == "VANTOR RIDGE GROUP" and r["hops"] == 1}
    assert {"VANTOR RIDGE HOLDINGS CO., LTD.", "VANTOR RIDGE INTERNATIONAL LIMITED"} <= companies
    victims = {p["pseudonym"] for p in cases.read(
        "MATCH (p:Person) WHERE p.is_victim RETURN p.pseudonym AS pseudonym")}  # fmt: skip
    names = {
        p["name"] for p in cases.read("MATCH (p:Person) WHERE p.is_victim RETURN p.name AS name")
    }
    shown = {r["entity"] for r in net}
    assert shown & victims and not shown & names  # victims by pseudonym only


def test_the_person_report_shows_the_sanctions_hits_with_the_listing(cases, tmp_path):
    from casegraph.services.reports.person import person_report

    xref(cases, tmp_path)
    report = person_report(cases, eid("P-CHEN"), figure=False, explain=False)
    (section,) = [s for s in report.sections if s.title == "Sanctions and watch lists"]
    table = section.blocks[1]
    assert table.rows == [
        ["hit (hard) 1.00", "OFAC-SDN", "Baosheng Liu", "TCO, CAMBODIA-EO13818", "not given",
         "sdn/sdn.csv:row 1", table.rows[0][6]],
    ]  # fmt: skip
    assert WALLET in table.rows[0][6]
    # the xref link is not shown as one of his roles
    assert "MATCHES_LISTING" not in str([s for s in report.sections if s.anchor == "links"])
    # the listed person's own report says he is the listed party
    listed = person_report(cases, "Baosheng Liu", figure=False, explain=False)
    (section,) = [s for s in listed.sections if s.anchor == "sanctions"]
    assert section.blocks[1].rows[0][:3] == ["designated 1.00", "OFAC-SDN", "Baosheng Liu"]


def test_the_examples_and_lists_export_as_valid_ftm(cases, tmp_path):
    manifest, _ = export(cases, "ftm", tmp_path / "ftm")
    lines = (tmp_path / "ftm" / FTM_FILE).read_text(encoding="utf-8").splitlines()
    assert manifest.counts == {"entities": len(lines)} and len(lines) > 100
    entities = [json.loads(line) for line in lines]
    by_id = {e["id"]: e for e in entities}
    for entity in entities:
        proxy = model.get_proxy(entity, cleaned=False)
        assert proxy.schema.validate(entity) is None
        for prop, values in entity["properties"].items():  # references point into the file
            if proxy.schema.get(prop).type.name == "entity":
                assert all(v in by_id for v in values), (entity["schema"], prop)
                rng = proxy.schema.get(prop).range
                assert all(model.get(by_id[v]["schema"]).is_a(rng) for v in values)
    text = json.dumps(entities, ensure_ascii=False)
    assert not [n for n in victim_names() if f'"{n}"' in text]

    def named(schema: str, name: str) -> dict:
        (found,) = [
            e for e in entities if e["schema"] == schema and name in e["properties"].get("name", [])
        ]
        return found

    group, holdings = (
        named("Company", "Kestrel Bay Group"),
        named("Company", "Kestrel Bay Holdings"),
    )
    owns = [e for e in entities if e["schema"] == "Ownership"]
    assert any(
        e["properties"]["owner"] == [group["id"]] and e["properties"]["asset"] == [holdings["id"]]
        for e in owns
    )
    listed = named("Person", "Baosheng Liu")
    assert listed["properties"]["topics"] == ["sanction"]
    (sanction,) = [
        e for e in entities
        if e["schema"] == "Sanction" and e["properties"]["entity"] == [listed["id"]]
    ]  # fmt: skip
    assert sanction["properties"]["program"] == ["TCO", "CAMBODIA-EO13818"]
    wallets = [e for e in entities if e["schema"] == "CryptoWallet"]
    assert any(
        w["properties"]["publicKey"] == ["TKLRpaCS6gySdB3yKFBnpg4SdwtbZfzPKJ"]
        and listed["id"] in w["properties"]["holder"]
        for w in wallets
    )
    armed = named("Organization", "Moei Valley Guard Force")
    assert any(
        e["schema"] == "UnknownLink"
        and e["properties"]["subject"] == [armed["id"]]
        and e["properties"]["role"] == ["guards"]
        for e in entities
    )


def test_a_list_is_named_in_any_case_or_by_its_short_name(cases, tmp_path):
    from casegraph.core.errors import ParameterError

    assert {h.list for h in xref(cases, tmp_path, "sdn", write=False)} == {"OFAC-SDN"}
    assert xref(cases, tmp_path, "FICTIONAL_WATCHLIST", write=False) is not None
    with pytest.raises(
        ParameterError, match="loaded lists: OFAC-SDN, fict_sanctions, fictional_watchlist"
    ):
        xref(cases, tmp_path, "un-1267", write=False)


def test_the_xref_command_reports_hits_and_refuses_an_unloaded_list(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEGRAPH_")}
    env["CASEGRAPH_HOME"] = str(tmp_path / "home")

    def casegraph(*args: str) -> subprocess.CompletedProcess:
        entry = "from casegraph.cli import main; main()"
        return subprocess.run(
            [sys.executable, "-c", entry, *args], env=env, capture_output=True, text=True
        )

    try:
        debrief = EXAMPLES / "debriefs" / "DBR-KE-0001.md"
        assert casegraph("load", str(LISTS / "sdn"), str(debrief)).returncode == 0
        done = casegraph("xref", "--list", "sdn", "--format", "json")
        assert done.returncode == 0, done.stderr
        hits = json.loads(done.stdout)
        assert "no resolved people yet" in done.stderr
        assert {"status": "hit", "hard": True, "label": "Wallet", "name": WALLET}.items() <= (
            hits[0].items()
        )
        refused = casegraph("xref", "--list", "un-1267")
        assert refused.returncode == 1
        assert "no list 'un-1267' is loaded; loaded lists: OFAC-SDN" in refused.stderr
    finally:
        EmbeddedServer(tmp_path / "home").stop()

"""Sanctions and watch lists: the SDN CSV layout and FollowTheMoney entity streams."""

from __future__ import annotations

from load_helpers import LISTS, snapshot

from casegraph.services.ingest import load_paths

SDN = LISTS / "sdn"
FTM = LISTS / "fictional_watchlist.ftm.json"


def one(store, query: str, **params) -> dict:
    rows = store.read(query, params)
    assert len(rows) == 1, rows
    return rows[0]


def names(store, query: str, **params) -> list:
    return sorted(r["v"] for r in store.read(query, params))


def test_sdn_person_of_twenty_rows_is_one_record_with_every_alias_and_address(store):
    report = load_paths(store, [SDN])
    assert report.skipped == [("add.csv", "read with sdn.csv"), ("alt.csv", "read with sdn.csv")]
    assert (
        one(
            store,
            "MATCH (p:PersonRecord) WHERE p.name STARTS WITH 'Phetsamone' RETURN count(p) AS n",
        )["n"]
        == 1
    )
    rec = "OFAC-SDN#90110"
    person = one(store, "MATCH (p:PersonRecord {id: $id}) RETURN p", id=rec)["p"]
    assert person["name"] == "Phetsamone Voravong" and person["listed"] == "OFAC-SDN"
    assert (person["birth_date"], person["birth_place"], person["gender"]) == (
        "1971-02-02",
        "Bokeo, Laos",
        "female",
    )
    assert person["nationality"] == "LA" and len(person["aliases"]) == 12
    aliases = names(
        store, "MATCH (:PersonRecord {id: $id})-[:HAS_ALIAS]->(a) RETURN a.value AS v", id=rec
    )
    assert len(aliases) == 12 and "Phet Woravong" in aliases and "Phetsamone Xayavong" in aliases
    addresses = names(
        store,
        "MATCH (:PersonRecord {id: $id})-[:HAS_ADDRESS]->(a) RETURN a.country + ' ' + a.text AS v",
        id=rec,
    )
    assert len(addresses) == 8 and "MM Tachileik, Burma" in addresses
    refs = names(store, "MATCH (:PersonRecord {id: $id})-[r:HAS_ADDRESS]->() RETURN r.refs[0] AS v",
                 id=rec)  # fmt: skip
    assert refs == [f"add.csv:row {n}" for n in range(1, 9)]
    docs = names(
        store, "MATCH (:PersonRecord {id: $id})-[:HAS_DOCUMENT]->(d) RETURN d.id AS v", id=rec
    )
    assert docs == ["national_id:LA:555019710202", "tax_id:LA:555019710"]
    wallets = names(
        store, "MATCH (:PersonRecord {id: $id})-[:CONTROLS_WALLET]->(w) RETURN w.id AS v", id=rec
    )
    assert wallets == ["ethereum:0x7277fa50f6fdbc8e9cb26f41c29310fcc385a9be"]
    designation = one(
        store, "MATCH (d:Designation)-[:DESIGNATES]->(:PersonRecord {id: $id}) RETURN d", id=rec
    )["d"]
    assert designation["programmes"] == ["TCO", "SDGT"] and designation["list"] == "OFAC-SDN"
    assert designation["source_row"] == "sdn.csv:row 3"
    assert "Secondary sanctions risk" in designation["remarks"]
    linked = one(
        store, "MATCH (:PersonRecord {id: $id})-[r:LINKED_TO]->(o) RETURN o.name AS v", id=rec
    )
    assert linked["v"] == "VANTOR RIDGE INTERNATIONAL LIMITED"


def test_three_look_alike_companies_stay_three_linked_organisations(store):
    load_paths(store, [SDN])
    orgs = store.read(
        "MATCH (d:Designation)-[:DESIGNATES]->(o:Organisation) "
        "RETURN o.name AS name, o.kind AS kind, o.country AS country ORDER BY name"
    )
    assert orgs == [
        {"name": "VANTOR RIDGE GROUP", "kind": "casino", "country": "KH"},
        {"name": "VANTOR RIDGE HOLDINGS CO., LTD.", "kind": "company", "country": "HK"},
        {"name": "VANTOR RIDGE INTERNATIONAL LIMITED", "kind": "company", "country": "PH"},
    ]
    links = store.read(
        "MATCH (a:Organisation)-[r:LINKED_TO]->(b:Organisation) "
        "RETURN a.name AS a, b.name AS b, r.refs AS refs ORDER BY a"
    )
    assert [(x["a"], x["b"]) for x in links] == [
        ("VANTOR RIDGE GROUP", "VANTOR RIDGE HOLDINGS CO., LTD."),
        ("VANTOR RIDGE HOLDINGS CO., LTD.", "VANTOR RIDGE GROUP"),
        ("VANTOR RIDGE INTERNATIONAL LIMITED", "VANTOR RIDGE GROUP"),
    ]
    assert links[0]["refs"] == ["sdn.csv:row 4"]
    reg = one(
        store,
        "MATCH (:Organisation {name: 'VANTOR RIDGE GROUP'})-[:HAS_DOCUMENT]->(d) RETURN d.id AS v",
    )
    assert reg["v"] == "registration:KH:55501234"


def test_sdn_rows_that_cannot_be_read_are_reported_and_the_rest_loads(store):
    report = load_paths(store, [SDN])
    problems = sorted((p.file, p.line, p.field or "") for p in report.problems)
    assert problems == [
        ("alt.csv", 14, ""),
        ("sdn.csv", 3, "remarks"),
        ("sdn.csv", 8, ""),
    ]
    reasons = " | ".join(p.reason for p in report.problems)
    assert "XMR addresses are not read" in reasons and "ent_num 99999 is not in sdn.csv" in reasons
    stats = report.kinds["sdn"]
    assert (stats.read, stats.loaded, stats.rejected) == (8, 6, 1)
    assert any("vessel 'SEA PHOENIX 9' not loaded" in n for n in report.notes)
    before = snapshot(store)
    load_paths(store, [SDN])
    assert snapshot(store) == before


def test_ftm_stream_loads_parties_sanctions_documents_wallets_and_links(store):
    report = load_paths(store, [FTM])
    assert sorted(p.line for p in report.problems) == [6, 8, 15]
    rec = "fictional_watchlist#fw-person-thura"
    person = one(store, "MATCH (p:PersonRecord {id: $id}) RETURN p", id=rec)["p"]
    assert person["listed"] == "fictional_watchlist" and person["birth_date"] == "1980-11-05"
    assert sorted(person["aliases"]) == ["Ko Thura", "Thura Aung"]
    held = names(
        store,
        "MATCH (:PersonRecord {id: $id})-[:HAS_DOCUMENT|CONTROLS_WALLET]->(x) RETURN x.id AS v",
        id=rec,
    )
    assert held == [
        "bitcoin:1DNyvrLVNiZmC4KwwCqQ5ERC9k478v2XuU",
        "passport:MM:MD555017",
        "passport:MM:MD555018",
    ]
    designation = one(
        store, "MATCH (d:Designation)-[:DESIGNATES]->(:PersonRecord {id: $id}) RETURN d", id=rec
    )["d"]
    assert designation["listed_on"] == "2025-03-01"
    assert designation["programmes"] == ["Fictional Watch List: forced criminality"]
    owns = store.read("MATCH (a)-[:OWNS]->(b) RETURN a.name AS a, b.name AS b ORDER BY a")
    assert [(x["a"], x["b"]) for x in owns] == [
        ("Golden Delta Group", "Golden Delta Holdings"),
        ("Golden Delta Holdings", "Golden Delta International"),
    ]
    # a party without a sanction is an ordinary organisation, not designated
    guard = one(
        store,
        "MATCH (o:Organisation {name: 'Delta River Guard Unit'}) "
        "OPTIONAL MATCH (d:Designation)-[:DESIGNATES]->(o) RETURN o.listed AS l, d AS d",
    )
    assert guard == {"l": None, "d": None}


def test_a_listed_person_is_never_merged_into_a_case_person_by_resolve(store, tmp_path):
    from casegraph.resolution import DecisionStore, Judgement
    from casegraph.services.entities.resolve import resolve_people

    lists, cases = tmp_path / "list", tmp_path / "cases"
    lists.mkdir(), cases.mkdir()
    (lists / "sdn.csv").write_text(
        '70001,"MAKENA, Brian Otieno","individual","TCO",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
        '"DOB 1990; nationality Kenya; Phone Number +254 712 555 919."\n',
        encoding="utf-8",
    )
    (cases / "aliases.csv").write_text(
        "record_id,name,alias,nationality,phone,source_id\n"
        "AL-1,Brian Otieno Makena,Brayo,KE,+254712555919,INTEL-KE-9\n",
        encoding="utf-8",
    )
    load_paths(store, [lists, cases])
    resolve_people(store, tmp_path / "decisions")
    persons = store.read("MATCH (p:Person) RETURN p.record_ids AS records, p.listed AS listed")
    assert sorted(persons, key=repr) == [
        {"records": ["INTEL-KE-9#AL-1"], "listed": None},
        {"records": ["OFAC-SDN#70001"], "listed": "OFAC-SDN"},
    ]
    # a reviewer's decision, and only that, puts them together
    DecisionStore(tmp_path / "decisions").record(
        "INTEL-KE-9#AL-1", "OFAC-SDN#70001", Judgement.SAME, reason="same passport seen"
    )
    resolve_people(store, tmp_path / "decisions")
    persons = store.read("MATCH (p:Person) RETURN p.record_ids AS records, p.listed AS listed")
    assert persons == [{"records": ["INTEL-KE-9#AL-1", "OFAC-SDN#70001"], "listed": "OFAC-SDN"}]


def test_a_debrief_person_carries_documents_and_a_full_birth_date(store, tmp_path):
    from load_helpers import DEBRIEF

    text = DEBRIEF.read_text(encoding="utf-8").replace(
        "    nationality: KE\n    phones:",
        "    nationality: KE\n    birth_date: 1988-04-17\n    birth_place: Kisumu\n"
        "    documents:\n      - {type: passport, number: AK 555 0931, country: KE}\n"
        "      - {type: visa, number: X1}\n    phones:",
        1,
    )
    (tmp_path / DEBRIEF.name).write_text(text, encoding="utf-8")
    report = load_paths(store, [tmp_path])
    (problem,) = [p for p in report.problems if p.field and "documents" in p.field]
    assert "unknown document type 'visa'" in problem.reason
    person = one(store, "MATCH (p:PersonRecord {name: 'Brian Fictitious'}) RETURN p")["p"]
    assert (person["birth_date"], person["birth_year"], person["birth_place"]) == (
        "1988-04-17", 1988, "Kisumu",
    )  # fmt: skip
    doc = one(store, "MATCH (:PersonRecord {name: 'Brian Fictitious'})-[:HAS_DOCUMENT]->(d) "
              "RETURN d.id AS v")  # fmt: skip
    # the same passport the SDN fixture lists for Samuel Wekessa: one node
    assert doc["v"] == "passport:KE:AK5550931"


SIMPLE = LISTS / "opensanctions_fictional.simple.csv"


def test_opensanctions_simple_csv_loads_listed_people_and_companies(store):
    """OpenSanctions' most downloaded table, told by its header: each row one party, the
    ;-separated cells split, a company's other name kept, a vessel and a nameless row
    reported with their rows."""
    report = load_paths(store, [SIMPLE])
    assert report.kinds["opensanctions"].loaded == 3
    assert sorted((p.line, p.reason) for p in report.problems) == [
        (5, "schema Vessel is not a person or an organisation; left out"),
        (6, "a listed entity needs an id and a name"),
    ]
    khoun = one(store, "MATCH (p:PersonRecord {listed: 'fict_sanctions'}) RETURN p")["p"]
    assert (khoun["name"], khoun["birth_date"], khoun["nationality"]) == (
        "KHOUN Sovann",
        "1979-03-12",
        "KH",
    )
    khoun_has = "MATCH (:PersonRecord {name: 'KHOUN Sovann'})-[:HAS_ALIAS|USES_PHONE]->(n)"
    assert names(store, khoun_has + " RETURN coalesce(n.value, n.id) AS v") == [
        "+85512555018",
        "Boss Sovann",
        "Sovann Khoun",
    ]
    designations = store.read(
        "MATCH (d:Designation)-[:DESIGNATES]->(p) RETURN p.name AS name, d.programmes AS prog"
        " ORDER BY name"
    )
    assert designations == [
        {"name": "Golden Mekong Tech Park Co., Ltd.", "prog": ["FICT-SCAM"]},
        {"name": "KHOUN Sovann", "prog": ["FICT-SCAM"]},
    ]
    company = one(store, "MATCH (c:Company)-[:HAS_ALIAS]->(a:Alias) RETURN a.value AS v")
    assert company == {"v": "Golden Mekong Technology Park"}
    # on a politically-exposed list, not sanctioned: an ordinary record, both nationalities
    zhao = one(store, "MATCH (p:PersonRecord {name: 'ZHAO Wenjun'}) RETURN p")["p"]
    assert zhao.get("listed") is None and zhao["nationalities"] == ["CN", "MM"]

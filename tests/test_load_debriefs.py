"""Debrief notes: the graph a note becomes, provenance with file lines, bad values."""

from __future__ import annotations

import hashlib

from load_helpers import BAD, DEBRIEF, FIXTURES

from casegraph.services.ingest import load_paths


def one(store, query, **params):
    rows = store.read(query, params)
    assert len(rows) == 1, rows
    return rows[0]


def test_debrief_source_case_and_people(store):
    report = load_paths(store, [DEBRIEF])
    assert report.problems == []
    source = one(store, "MATCH (s:Source {id: 'DBR-TST-0001'})-[:PART_OF]->(c:Case) RETURN s, c")
    assert source["s"]["reliability"] == "B" and source["s"]["credibility"] == 2
    assert source["s"]["content_hash"] == hashlib.sha256(DEBRIEF.read_bytes()).hexdigest()
    assert source["s"]["file"] == "DBR-TST-0001.md" and source["c"]["id"] == "CASE-TST-01"
    victim = one(store, "MATCH (p:PersonRecord {id: 'DBR-TST-0001#V1'}) RETURN p")["p"]
    assert victim["pseudonym"] == "DBR-TST-0001-V1" and victim["is_interviewee"] is True
    assert victim["nationality"] == "KE"  # written "Kenyan": demonyms resolve to ISO2
    country = one(
        store, "MATCH (:PersonRecord {id: 'DBR-TST-0001#V1'})-[:NATIONAL_OF]->(c) RETURN c"
    )
    assert country["c"]["id"] == "KE" and country["c"]["name"] == "Kenya"
    involved = store.read("MATCH (:Case {id: 'CASE-TST-01'})-[:INVOLVES]->(p) RETURN p.id AS id")
    assert len(involved) == 5


def test_identifiers_and_relations_carry_source_and_line(store):
    load_paths(store, [DEBRIEF])
    phone = one(
        store,
        "MATCH (:PersonRecord {id: 'DBR-TST-0001#R1'})-[r:USES_PHONE]->(p:Phone) "
        "RETURN p.id AS id, r",
    )
    assert phone["id"] == "+254712345678"
    assert phone["r"]["source_ids"] == ["DBR-TST-0001"]
    assert phone["r"]["refs"] == ["DBR-TST-0001.md:21"] and phone["r"]["origin"] == "recorded"
    account = one(store, "MATCH (:PersonRecord)-[:HAS_ACCOUNT]->(a:Account) RETURN a.id AS id")
    assert account["id"] == "telegram:brayo_jobs_test"
    assert one(store, "MATCH (a)-[:RECRUITED]->(b) RETURN a.id AS a, b.id AS b") == {
        "a": "DBR-TST-0001#R1",
        "b": "DBR-TST-0001#V1",
    }
    sold = one(store, "MATCH (a)-[r:SOLD_TO]->(b) RETURN a.id AS a, b.id AS b, r.person AS p")
    assert sold == {"a": "DBR-TST-0001#R4", "b": "DBR-TST-0001#R5", "p": "DBR-TST-0001#V1"}


def test_agency_journey_compounds_and_payment(store):
    load_paths(store, [DEBRIEF])
    # "Horizon Test Link" (person's agency) and "... Ltd" (agencies block) are one agency.
    works = one(store, "MATCH (:PersonRecord)-[:WORKS_FOR]->(a:Agency) RETURN a.id AS id")
    supplies = one(store, "MATCH (a:Agency)-[:SUPPLIES]->(c:Compound) RETURN a.id AS a, c.id AS c")
    assert works["id"] == supplies["a"] == "AGY-KE-HORIZON-TEST-LINK"
    assert supplies["c"] == "CMP-MM-KKPARK"  # from the gazetteer
    legs = store.read(
        "MATCH (:PersonRecord {id: 'DBR-TST-0001#V1'})-[:MADE]->(:Journey)-[:HAS_LEG]->(l:Leg)"
        "-[:TO]->(t) RETURN l.order AS o, l.irregular AS irregular, t.id AS to ORDER BY o"
    )
    assert [row["to"] for row in legs] == ["LOC-TH-BANGKOK", "LOC-TH-MAESOT", "LOC-MM-MYAWADDY"]
    assert legs[2]["irregular"] is True
    held = one(store, "MATCH (:PersonRecord)-[h:HELD_AT]->(c) RETURN c.id AS c, h.to_date AS t")
    assert held == {"c": "CMP-MM-KKPARK", "t": "2024-03-30"}
    moved = one(
        store, "MATCH (a:Compound)-[t:TRANSFERRED_TO]->(b) RETURN t.person_id AS p, t.price AS x"
    )
    assert moved == {"p": "DBR-TST-0001#V1", "x": 9000}
    pay = one(
        store,
        "MATCH (p:Payment)-[:VIA_WALLET]->(w:Wallet), (p)-[:FOR_PERSON]->(v), (r)-[:RECEIVED]->(p) "
        "RETURN p.paid_by AS by, p.amount AS amount, w.chain AS chain, v.id AS v, r.id AS r",
    )
    assert pay == {
        "by": "family",
        "amount": 4500,
        "chain": "tron",
        "v": "DBR-TST-0001#V1",
        "r": "DBR-TST-0001#R5",
    }


def test_bad_values_are_rejected_with_their_line_and_the_rest_loads(store):
    report = load_paths(store, [BAD / "DBR-TST-0002.md"])
    found = {(p.line, p.field): p.reason for p in report.problems}
    assert set(found) == {
        (4, "date"),
        (6, "grading"),
        (14, "people[0].phones[0]"),
        (16, "relations[0]"),
        (17, "relations[1].from"),
    }
    assert "'12'" in found[(14, "people[0].phones[0]")]
    assert "befriended" in found[(16, "relations[0]")] and "R9" in found[(17, "relations[1].from")]
    # an unknown role is kept as written and noted once, not a problem
    assert report.notes == ["DBR-TST-0002.md: unknown role 'wizard' kept as 'other:wizard'"]
    person = one(store, "MATCH (p:PersonRecord {id: 'DBR-TST-0002#R1'}) RETURN p.roles AS roles")
    assert person["roles"] == ["recruiter", "other:wizard"]
    assert store.read("MATCH (:PersonRecord {id: 'DBR-TST-0002#R1'})-[r]->(:Phone) RETURN r") == []


def test_malformed_front_matter_rejects_the_file_only(store):
    report = load_paths(store, [BAD / "DBR-TST-0003.md", DEBRIEF])
    assert len(report.problems) == 1 and "malformed YAML" in report.problems[0].reason
    assert report.kinds["debriefs"].rejected == 1 and report.kinds["debriefs"].loaded == 1
    assert store.read("MATCH (s:Source {id: 'DBR-TST-0003'}) RETURN s") == []
    assert store.read("MATCH (s:Source {id: 'DBR-TST-0001'}) RETURN s.id AS id") != []


def test_narrative_mentions_are_mined_and_recorded_ones_not_duplicated(store):
    load_paths(store, [DEBRIEF])
    mentions = {
        row["id"]: row
        for row in store.read(
            "MATCH (:Source {id: 'DBR-TST-0001'})-[r:MENTIONS]->(p:Phone) "
            "RETURN p.id AS id, r.origin AS origin, r.refs AS refs, r.excerpts AS excerpts"
        )
    }
    # only in the narrative (file line 56): mined, with the sentence it was found in
    mined = mentions["+254733000111"]
    assert mined["origin"] == "mined" and mined["refs"] == ["DBR-TST-0001.md:56"]
    assert "+254 733 000 111" in mined["excerpts"][0]
    # recorded for R1 (line 21) and repeated in the narrative: one node, one link, recorded
    both = mentions["+254712345678"]
    assert both["origin"] == "recorded" and both["refs"] == [
        "DBR-TST-0001.md:21",
        "DBR-TST-0001.md:56",
    ]
    assert len(store.read("MATCH (p:Phone {id: '+254712345678'}) RETURN p")) == 1
    indicators = store.read(
        "MATCH (:PersonRecord {id: 'DBR-TST-0001#V1'})-[r:SHOWS_INDICATOR]->(i:Indicator) "
        "RETURN i.id AS id, i.element AS element, r.origin AS origin, r.refs AS refs"
    )
    assert {row["id"] for row in indicators} >= {"MEANS-DOCS-CONFISCATED", "MEANS-LONG-HOURS"}
    assert all(row["element"] and row["refs"] == ["DBR-TST-0001.md:57"] for row in indicators)


def test_yaml_and_json_notes_cite_their_own_lines(store, tmp_path):
    note = tmp_path / "DBR-TST-0010.yaml"
    note.write_text(
        "debrief_id: DBR-TST-0010\ncase_id: CASE-TST-10\ncountry: KH\n"
        "interviewee: {ref: V1, nationality: Filipino}\n"
        "narrative: |\n  Intro line.\n  He called from +855 96 123 4567 every night.\n",
        encoding="utf-8",
    )
    (tmp_path / "DBR-TST-0011.json").write_text(  # tab-indented, as many tools write JSON
        '{"debrief_id": "DBR-TST-0011", "case_id": "CASE-TST-10", "country": "KH",\n'
        '\t"people": [{"ref": "R1", "roles": ["recruiter"], "name": "\\u674e \\ud83d\\ude00",\n'
        '\t\t"phones": ["096 123 4567"]}],\n'
        '\t"narrative": "First line.\\nThey use +855 97 765 4321 too."}\n',
        encoding="utf-8",
    )
    report = load_paths(store, [tmp_path])
    assert report.problems == [] and report.kinds["debriefs"].loaded == 2
    rows = store.read(
        "MATCH (s:Source)-[r:MENTIONS]->(:Phone {id: '+855961234567'}) "
        "RETURN s.id AS s, r.origin AS origin, r.refs AS refs ORDER BY s"
    )
    assert rows == [
        {"s": "DBR-TST-0010", "origin": "mined", "refs": ["DBR-TST-0010.yaml:7"]},
        {"s": "DBR-TST-0011", "origin": "recorded", "refs": ["DBR-TST-0011.json:3"]},
    ]
    # a narrative in one JSON string: its mentions cite the line of the key
    mined = store.read(
        "MATCH (:Phone {id: '+855977654321'})<-[r:MENTIONS]-() RETURN r.refs AS refs"
    )
    assert mined == [{"refs": ["DBR-TST-0011.json:4"]}]
    names = store.read("MATCH (p:PersonRecord {id: 'DBR-TST-0011#R1'}) RETURN p.name AS name")
    assert names == [{"name": "\u674e \U0001f600"}]


def test_wrong_shapes_are_problems_not_crashes(store):
    report = load_paths(store, [FIXTURES / "shapes" / "DBR-TST-0004.md"])
    fields = {p.field for p in report.problems}
    expected = {
        "country",
        "people[0]",
        "people[1].wallets[0]",
        "people[1].birth_year",
        "relations[0].to",
        "journey[0].order",
        "journey[0].to",
        "payments[0].amount",
        "payments[1].amount",
        "payments[1].for",
        "payments[1].wallet",
        "transfers[0].to",
    }
    assert expected <= fields, sorted(fields)
    # unknown vocabulary values are kept as written and noted, not problems
    assert {"payments[0].kind", "people[1].works_at[0]", "people[1].accounts[0]"}.isdisjoint(fields)
    assert "DBR-TST-0004.md: unknown platform 'myspace' kept as 'other:myspace'" in report.notes
    assert "DBR-TST-0004.md: unknown payment kind 'bribe' kept as 'other:bribe'" in report.notes
    assert not any("cannot load this file" in p.reason for p in report.problems)
    assert report.kinds["debriefs"].loaded == 1
    # what was right still loads: R1, and the job ad posted by an agency named in the note
    posted = store.read("MATCH (a:Agency)-[:POSTED]->(:JobAd) RETURN a.name AS name")
    assert posted == [{"name": "Some Agency Name"}]
    assert len(report.problems) == len({(p.line, p.field, p.reason) for p in report.problems})


def test_agency_named_without_country_is_the_one_on_file(store, tmp_path):
    (tmp_path / "agencies.csv").write_text(
        "name,country,city,source_id,grading\nFalcon Gate HR Consultancy FZE,AE,Dubai,REG-T-1,B2\n",
        encoding="utf-8",
    )
    (tmp_path / "DBR-T-9.md").write_text(
        "---\ndebrief_id: DBR-T-9\ncase_id: CASE-T\ndate: 2024-05-01\ncountry: UG\n"
        "grading: B2\ninterviewee: {ref: V1, pseudonym: T-V-1, role: victim}\n"
        "people:\n  - {ref: R1, name: Moses Tumusiime, roles: [recruiter],"
        " agency: Falcon Gate HR Consultancy}\n---\nNarrative.\n",
        encoding="utf-8",
    )
    assert load_paths(store, [tmp_path], strict=True).ok
    agencies = store.read("MATCH (a:Agency) RETURN a.id AS id, a.country AS country")
    assert len(agencies) == 1 and agencies[0]["country"] == "AE"
    works = one(
        store, "MATCH (:PersonRecord {id: 'DBR-T-9#R1'})-[:WORKS_FOR]->(a) RETURN a.id AS id"
    )
    assert works["id"] == agencies[0]["id"]

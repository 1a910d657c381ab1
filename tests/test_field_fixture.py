"""A case file the way field offices write it (tests/fixtures/field): it loads with no file
skipped or misread, only its broken rows rejected, and resolution finds who is who.

The file (all fictional): five debriefs from Kenya, Uganda, the Philippines, Thailand and
Viet Nam with upper-case relation types, interviewees repeated in people[], combined
roles, Viber, a bank-account payment and payments without a kind; a `;` CSV of phones
with a UTF-8 BOM, CRLF and dd/mm/yyyy dates, numbers without `+`; compounds in an XLSX
keyed by name with an alias in brackets; routes without ids or leg numbers; an aliases
table whose person column is `person_name`. ``field_truth.yaml`` says who is who.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
import yaml
from load_helpers import loaded_and_resolved

FIELD = Path(__file__).parent / "fixtures" / "field"
TRUTH = yaml.safe_load((Path(__file__).parent / "fixtures" / "field_truth.yaml").read_text())


@pytest.fixture(scope="module")
def field(session_store, tmp_path_factory):
    """The file loaded and resolved once: (store, report, resolution)."""
    yield from loaded_and_resolved(session_store, FIELD, tmp_path_factory.mktemp("decisions"))


def test_nothing_skipped_or_misread_only_broken_rows_rejected(field):
    store, report, _ = field
    assert report.skipped == [] and report.unknown_tables == []
    kinds = {kind: (s.files, s.loaded, s.rejected) for kind, s in report.kinds.items()}
    assert kinds == {
        "agencies": (1, 1, 0),
        "aliases": (1, 2, 1),
        "compounds": (1, 2, 1),
        "debriefs": (5, 5, 0),
        "phones": (1, 6, 1),
        "routes": (1, 5, 1),
    }
    rejected = sorted(
        [p.file, p.line] for p in report.problems if not p.file.startswith("debriefs/")
    )
    assert rejected == sorted(TRUTH["rejected"])
    # the one problem in the notes: a relation type no schema or vocabulary knows
    notes = [p for p in report.problems if p.file.startswith("debriefs/")]
    assert [(p.file, p.field) for p in notes] == [("debriefs/DBR-FLD-PH-01.md", "relations[3]")]
    assert "befriended" in notes[0].reason
    # compounds are compounds (not agencies), their bracketed name an alias
    compounds = store.read("MATCH (c:Compound) RETURN c.name AS name, c.aliases AS aliases")
    assert sorted((c["name"], sorted(c["aliases"] or [])) for c in compounds) == [
        ("Jade Harbour", ["Cang Yu", "JH Park"]),
        ("Silver Lotus Park", []),
    ]
    assert store.read("MATCH (a:Agency) RETURN a.name AS name") == [
        {"name": "Bright Future Jobs Ltd"}
    ]


def test_the_summary_shows_what_was_assumed(field):
    _, report, _ = field
    phones = report.conventions["tables/phones.csv"]
    assert "phones by columns (100%)" in phones["read"]
    assert "utf-8 with BOM" in phones["read"] and "delimiter ;" in phones["read"]
    assert "CRLF" in phones["read"]
    assert phones["dates"].startswith("day first (dd/mm/yyyy): proven by '14/05/2024'")
    assert report.conventions["debriefs/DBR-FLD-PH-01.md"]["dates"] == (
        "month first (mm/dd/yyyy): proven by '04/15/2024' in the note"
    )
    assert report.conventions["debriefs/DBR-FLD-UG-01.md"]["dates"] == (
        "day first (dd/mm/yyyy): the source country UG"
    )
    routes = report.conventions["tables/routes.csv"]
    assert routes["legs"] == "no leg numbers: numbered by row order within each route"
    assert routes["routes"].startswith("no route id: 3 route(s)")
    assert "compounds by columns (100%)" in report.conventions["tables/compounds.xlsx"]["read"]


def test_field_values_are_read_not_rejected(field):
    store, report, _ = field

    def one(query: str) -> list:
        return store.read(query)

    # dates in the notes' own order, at their place
    assert one("MATCH (s:Source {id: 'DBR-FLD-PH-01'}) RETURN s.date AS d") == [{"d": "2024-04-15"}]
    assert one("MATCH (p:Phone {id: '+254722555101'}) RETURN p.first_seen AS f") == [
        {"f": "2024-01-02"}
    ]
    # upper-case and synonym relation types, to refs, compounds and agencies by name
    rels = one(
        "MATCH (a)-[r:WORKS_FOR|OPERATES|HELD_AT|REPORTS_TO|TRANSPORTED]->(b) "
        "RETURN a.id AS a, type(r) AS t, b.id AS b"
    )
    found = {(r["a"], r["t"], r["b"]) for r in rels}
    jade = one("MATCH (c:Compound {name: 'Jade Harbour'}) RETURN c.id AS id")[0]["id"]
    lotus = one("MATCH (c:Compound {name: 'Silver Lotus Park'}) RETURN c.id AS id")[0]["id"]
    assert {
        ("DBR-FLD-KE-01#R1", "WORKS_FOR", "AGY-KE-BRIGHT-FUTURE-JOBS"),
        ("DBR-FLD-TH-01#B1", "OPERATES", jade),
        ("DBR-FLD-KE-01#V1", "HELD_AT", jade),
        ("DBR-FLD-VN-01#V1", "HELD_AT", jade),  # "Cang Yu", the bracketed other name
        ("DBR-FLD-UG-01#V1", "HELD_AT", lotus),  # TRANSFERRED_TO from a person
        ("DBR-FLD-VN-01#C1", "REPORTS_TO", "DBR-FLD-VN-01#B1"),  # "reports to"
    } <= found
    # the interviewee listed again in people[] is one person, with what both entries say
    hassan = one(
        "MATCH (p:PersonRecord {id: 'DBR-FLD-KE-01#V1'})-[:USES_PHONE]->(ph) "
        "RETURN p.gender AS g, p.pseudonym AS ps, ph.id AS phone"
    )
    assert hassan == [{"g": "M", "ps": "FLD-KE-V-01", "phone": "+254722555111"}]
    # combined roles, synonyms of roles, Viber, shared numbers
    roles = {
        r["id"]: sorted(r["roles"])
        for r in one("MATCH (p:PersonRecord) RETURN p.id AS id, p.roles AS roles")
    }
    assert roles["DBR-FLD-PH-01#R1"] == ["recruiter", "victim"]
    assert roles["DBR-FLD-UG-01#R3"] == ["transporter"]  # "driver"
    assert one(
        "MATCH (:PersonRecord {id: 'DBR-FLD-KE-01#R1'})-[:HAS_ACCOUNT]->(a) RETURN a.id AS id"
    ) == [{"id": "viber:+254722555101"}]
    assert one("MATCH (p:Phone {id: '+254205550199'}) RETURN p.shared AS s") == [{"s": "hotline"}]
    platforms = "MATCH (p:Phone) WHERE p.platforms IS NOT NULL RETURN p.id AS id, p.platforms AS p"
    assert {r["id"]: r["p"] for r in one(platforms)} == {
        "+254722555101": ["viber"],
        "+254205550199": ["whatsapp"],
        "+256772555202": ["viber"],
        "+639175553101": ["viber", "zalo"],
        "+66815550402": ["kakaotalk"],  # written "Kakao Talk"
    }
    # a national number in a table without a country: the cited debrief's country (UG)
    kibet = "MATCH (:PersonRecord {id: 'DBR-FLD-UG-01#MOSESKIBETCASEFLD02'})-[:USES_PHONE]->(p)"
    assert one(f"{kibet} RETURN p.id AS id") == [{"id": "+256772555203"}]
    # payments: a bank account, mobile money, crypto by chain; without a kind they load
    payments = one("MATCH (p:Payment) RETURN p.id AS id, p.kind AS kind, p.channel AS channel")
    assert {(p["id"], p["kind"], p["channel"]) for p in payments} == {
        ("DBR-FLD-KE-01#pay1", None, "bank_account"),
        ("DBR-FLD-UG-01#pay1", "recruitment_fee", "mobile_money"),
        ("DBR-FLD-PH-01#pay1", None, "crypto:tron"),
        ("DBR-FLD-VN-01#pay1", "ransom", "hawala"),
    }
    # free-text facilitators stay text on the leg; no agency called "a boatman"
    legs = one("MATCH (l:Leg) WHERE l.facilitator IS NOT NULL RETURN l.facilitator AS f")
    assert {"a boatman", "police at the border"} <= {leg["f"] for leg in legs}
    assert (
        one("MATCH (a:Agency) WHERE a.name IN ['a boatman', 'police at the border'] RETURN a") == []
    )
    # routes without ids: legs numbered by row order within each route
    assert one(
        "MATCH (:Journey {id: 'route:routes-1'})-[:HAS_LEG]->(l) RETURN l.order AS o ORDER BY o"
    ) == [{"o": 1}, {"o": 2}, {"o": 3}]


def _pairs(groups: list[list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in combinations(g, 2)}


def test_resolution_finds_who_is_who(field):
    _, _, run = field
    clusters = run.result.clusters
    truth = TRUTH["persons"]
    assert sorted(clusters) == sorted(r for records in truth.values() for r in records)
    found: dict[str, list[str]] = {}
    for rid, cluster in clusters.items():
        found.setdefault(cluster, []).append(rid)
    expected, got = _pairs(list(truth.values())), _pairs(list(found.values()))
    precision = len(expected & got) / len(got)
    recall = len(expected & got) / len(expected)
    f1 = 2 * precision * recall / (precision + recall)
    print(f"field fixture person pairwise P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")
    # every table row is merged with the person of the debrief it cites
    for records in truth.values():
        assert len({clusters[r] for r in records}) == 1, records
    # look-alikes one letter apart, and two women who share an agency hotline, stay apart
    assert clusters["DBR-FLD-PH-01#R2"] != clusters["DBR-FLD-UG-01#R3"]
    assert clusters["DBR-FLD-KE-01#R2"] != clusters["DBR-FLD-UG-01#R2"]
    assert (precision, recall) == (1.0, 1.0)

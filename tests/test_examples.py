"""The example dataset, and a generated one, parse and agree with their ground truth."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from casegraph.core.identifiers import account_key, normalize_phone, normalize_wallet, wallet_key
from casegraph.examples._identifiers import FICTIONAL_MARK
from casegraph.examples.dataset import generate_dataset
from casegraph.examples.sources import (
    debrief_records,
    fold,
    gazetteer_lookup,
    read_debriefs,
    read_geojson,
    read_person_tables,
    read_table,
    record_context,
    source_assertions,
    table_records,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GAZETTEER = Path(__file__).resolve().parents[1] / "loaders" / "data" / "gazetteer.yaml"
DEBRIEF_FIELDS = ("debrief_id", "case_id", "date", "country", "organisation", "grading")
# Required columns per table kind, from docs/formats.md.
TABLE_COLUMNS = {
    "aliases.csv": {"alias", "name", "record_id"},
    "phones.xlsx": {"phone"},
    "agencies.csv": {"name", "country"},
    "routes.csv": {"route_id", "leg", "from", "to"},
}
GRADING = re.compile(r"^[A-F][1-6]$")


@pytest.fixture(scope="module", params=["examples", "generated"])
def data(request, tmp_path_factory) -> SimpleNamespace:
    """The hand-written examples, and a generated dataset checked by the same tests."""
    root = EXAMPLES
    if request.param == "generated":
        root = tmp_path_factory.mktemp("generated")
        generate_dataset(60, seed=11, out_dir=root)
    truth = yaml.safe_load((root / "ground_truth.yaml").read_text(encoding="utf-8"))
    return SimpleNamespace(root=root, truth=truth)


@pytest.fixture(scope="module")
def debriefs(data) -> dict[str, dict]:
    return read_debriefs(data.root / "debriefs")


@pytest.fixture(scope="module")
def tables(data) -> dict[str, list[dict]]:
    return read_person_tables(data.root)


@pytest.fixture(scope="module")
def records(debriefs, tables) -> dict[str, object]:
    found: dict[str, object] = {}
    for debrief in debriefs.values():
        found.update(debrief_records(debrief))
    found.update(table_records(tables))
    return found


@pytest.fixture(scope="module")
def places() -> dict[str, str]:
    return gazetteer_lookup(GAZETTEER)


@pytest.fixture(scope="module")
def person_of(data) -> dict[str, str]:
    return {r: p["id"] for p in data.truth["persons"] for r in p["records"]}


def _phones_in(debrief: dict) -> list[tuple[str, str]]:
    raws = [
        (raw, debrief["country"])
        for p in debrief_records(debrief).values()
        for raw in p.get("phones") or []
    ]
    return raws + [
        (raw, debrief["country"])
        for a in debrief.get("agencies") or []
        for raw in a.get("phones") or []
    ]


# ------------------------------------------------------------------ example files


def test_debriefs_have_the_documented_fields(data, debriefs):
    files = sorted(p for p in (data.root / "debriefs").iterdir() if p.is_file())
    assert {p.stem for p in files} == set(debriefs), "file name is the debrief id"
    assert {p.suffix for p in files} >= {".md", ".yaml", ".json"}
    for debrief_id, debrief in debriefs.items():
        missing = [f for f in DEBRIEF_FIELDS if not debrief.get(f)]
        assert not missing, (debrief_id, missing)
        assert GRADING.match(debrief["grading"]), debrief_id
        assert debrief["interviewee"].get("pseudonym"), debrief_id
        lines = [line for line in debrief["narrative"].strip().splitlines() if line.strip()]
        assert 8 <= len(lines) <= 25, (debrief_id, len(lines))


def test_refs_used_in_a_debrief_exist_in_it(debriefs):
    for debrief_id, debrief in debriefs.items():
        refs = [p["ref"] for p in [debrief["interviewee"], *(debrief.get("people") or [])]]
        assert len(refs) == len(set(refs)), debrief_id
        used = [
            r[k] for r in debrief.get("relations") or [] for k in ("from", "to", "person") if k in r
        ]
        used += [
            leg["facilitator"] for leg in debrief.get("journey") or [] if leg.get("facilitator")
        ]
        used += [
            t[k]
            for t in debrief.get("transfers") or []
            for k in ("person", "seller", "buyer")
            if t.get(k)
        ]
        used += [
            p[k]
            for p in debrief.get("payments") or []
            for k in ("paid_by", "paid_to", "for")
            if p.get(k) and p[k] != "family"
        ]
        if debrief.get("job_ad"):
            used.append(debrief["job_ad"]["posted_by"])
        assert set(used) <= set(refs), (debrief_id, set(used) - set(refs))


def test_tables_have_the_documented_columns(data):
    for name, required in TABLE_COLUMNS.items():
        rows = read_table(data.root / "tables" / name)
        assert rows, name
        header = set(rows[0])
        assert required - {"name"} <= header or required <= header, name
        assert all(GRADING.match(str(r["grading"])) for r in rows), name


def test_compounds_are_geojson_points_known_to_the_gazetteer(data):
    gazetteer = yaml.safe_load(GAZETTEER.read_text(encoding="utf-8"))
    known = {c["id"] for c in gazetteer["compounds"]}
    features = read_geojson(data.root / "tables" / "compounds.geojson")
    for feature in features:
        props = feature["properties"]
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -90 <= lat <= 90 and -180 <= lon <= 180
        assert props["compound_id"] in known, props["compound_id"]
        assert props["compound_id"].startswith(f"CMP-{props['country']}-")


def test_phones_are_valid_and_marked_fictional(data, debriefs, tables):
    raws = [pair for d in debriefs.values() for pair in _phones_in(d)]
    raws += [
        (r["phone"], r.get("country") or r.get("nationality"))
        for t in tables.values()
        for r in t
        if r.get("phone")
    ]
    raws += [(r["phone"], r["country"]) for r in read_table(data.root / "tables" / "agencies.csv")]
    assert len(raws) > 30
    for raw, region in raws:
        e164 = normalize_phone(str(raw), region)
        assert e164 is not None, raw
        assert FICTIONAL_MARK in e164[4:], f"{raw} does not follow the 555 convention"


def test_emails_use_the_reserved_example_domain(data):
    texts = [p.read_text(encoding="utf-8") for p in data.root.rglob("*")
             if p.suffix in (".md", ".yaml", ".json", ".csv")]  # fmt: skip
    emails = {e for text in texts for e in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)}
    assert emails or data.root != EXAMPLES
    assert all(e.endswith(".example") for e in emails), emails


def test_wallets_pass_their_checksums(data, debriefs):
    addresses = [
        w["address"]
        for d in debriefs.values()
        for p in debrief_records(d).values()
        for w in p.get("wallets") or []
    ]
    addresses += [
        p["wallet"]["address"]
        for d in debriefs.values()
        for p in d.get("payments") or []
        if p.get("wallet")
    ]
    chains = {normalize_wallet(a).chain for a in addresses}
    assert chains == {"tron", "ethereum"} or data.root != EXAMPLES and chains
    assert all(normalize_wallet(a).valid for a in addresses)


# ------------------------------------------------------------------ ground truth


def test_truth_records_exist_and_each_is_one_person(data, records):
    listed = [r for p in data.truth["persons"] for r in p["records"]]
    assert len(listed) == len(set(listed)), Counter(listed).most_common(3)
    assert set(listed) == set(records), set(listed) ^ set(records)


def test_truth_person_cases_are_the_cases_of_their_records(data, debriefs, tables):
    context = record_context(debriefs, tables)
    for person in data.truth["persons"]:
        cases = {c for r in person["records"] for _, c, _ in context[r] if c}
        assert set(person["cases"]) == cases, person["id"]


def test_truth_hierarchy_roles_are_named_at_their_compound(data):
    links = data.truth["links"]
    works = {(w["from"], w["to"], w["role"]) for w in links if w["type"] == "WORKS_AT"}
    for compound, staff in data.truth["hierarchy"].items():
        for role in ("boss", "director"):
            if role in staff:
                assert (staff[role], compound, role) in works, (compound, role)
        for role in ("controller", "agent"):
            for person in staff.get(f"{role}s", []):
                assert (person, compound, role) in works, (compound, person)


def test_truth_top_recruiter_recruited_most(data):
    recruited: dict[str, set[str]] = {}
    for edge in data.truth["recruitment"]:
        recruited.setdefault(edge["recruiter"], set()).add(edge["recruited"])
    top = data.truth["top_recruiter"]
    assert set(top["recruited"]) == recruited[top["person"]]
    assert len(recruited[top["person"]]) == max(len(v) for v in recruited.values())
    nationality = {p["id"]: p.get("nationality") for p in data.truth["persons"]}
    assert set(top["origin_countries"]) == {nationality[p] for p in top["recruited"]}


def test_truth_victims_and_turncoats_point_to_people(data, person_of):
    people = {p["id"]: p for p in data.truth["persons"]}
    for victim in data.truth["victims"]:
        assert person_of[victim["record"]] == victim["person"]
        assert "victim" in people[victim["person"]]["roles"]
        assert victim["presumed_victim"] == (len(victim["elements"]) >= 2)
    for role in ("controller", "recruiter"):
        turned = data.truth[f"victim_turned_{role}"]
        if turned is None:  # small generated datasets may have none
            assert data.root != EXAMPLES, role
            continue
        assert {"victim", role} <= set(people[turned["person"]]["roles"])
        assert all(person_of[r] == turned["person"] for r in turned[f"as_{role}"])
        assert all(person_of[r] == turned["person"] for r in turned["as_victim"])
    assert data.truth["top_recruiter"]["person"] in people


def test_must_not_merge_pairs_are_different_people(data, person_of):
    assert data.truth["must_not_merge"]
    for pair in data.truth["must_not_merge"]:
        left, right = pair["records"]
        assert person_of[left] != person_of[right], pair


def _supported(assertions, person_records, source, kind, target) -> bool:
    targets = person_records.get(target, [target])
    return any((source, r, kind, t) in assertions for r in person_records["_from"] for t in targets)


def test_truth_links_are_asserted_by_exactly_their_sources(data, person_of):
    truth = data.truth
    assertions = source_assertions(data.root)
    by_person: dict[str, list[str]] = {}
    for record, person in person_of.items():
        by_person.setdefault(person, []).append(record)
    edges = [
        *truth["links"],
        *({**e, "type": "REPORTS_TO"} for h in truth["hierarchy"].values() for e in h["edges"]),
        *(
            {
                "from": e["recruiter"],
                "to": e["recruited"],
                "type": "RECRUITED",
                "sources": e["sources"],
            }
            for e in data.truth["recruitment"]
        ),
    ]
    for edge in edges:
        target = f"{edge['to']}:{edge['role']}" if edge["type"] == "WORKS_AT" else edge["to"]
        lookup = {**by_person, "_from": by_person[edge["from"]]}
        asserting = {
            s
            for (s, r, k, t) in assertions
            if k == edge["type"]
            and person_of.get(r) == edge["from"]
            and (t == target or person_of.get(t) == target)
        }
        assert asserting == set(edge["sources"]), (edge, asserting)
        assert all(_supported(assertions, lookup, s, edge["type"], target) for s in edge["sources"])


def test_indicator_phrases_and_negations_are_in_the_narratives(data, debriefs):
    for victim in data.truth["victims"]:
        narrative = " ".join(debriefs[victim["record"].split("#")[0]]["narrative"].split())
        phrases = [p for element in victim["indicators"].values() for p in element]
        phrases += victim.get("negated", [])
        missing = [p for p in phrases if p not in narrative]
        assert not missing, (victim["record"], missing)
        assert sorted(victim["elements"]) == sorted(k for k, v in victim["indicators"].items() if v)


def test_mined_identifiers_are_never_split_across_lines(data, debriefs):
    for debrief_id, mined in data.truth["mined"].items():
        lines = debriefs[debrief_id]["narrative"].splitlines()
        for kind in ("phones", "accounts", "wallets", "amounts"):
            for item in mined[kind]:
                assert any(str(item["raw"]) in line for line in lines), (debrief_id, item)


def test_mined_identifiers_are_verbatim_in_the_narratives(data, debriefs):
    assert set(data.truth["mined"]) == set(debriefs)
    for debrief_id, mined in data.truth["mined"].items():
        debrief = debriefs[debrief_id]
        narrative = " ".join(debrief["narrative"].split())
        for phone in mined["phones"]:
            assert str(phone["raw"]) in narrative, (debrief_id, phone)
            assert normalize_phone(str(phone["raw"]), debrief["country"]) == phone["e164"]
        for account in mined["accounts"]:
            assert account["raw"] in narrative, (debrief_id, account)
            key = account_key(account["platform"], account["raw"], debrief["country"])
            assert key == account["key"], (debrief_id, account)
        for wallet in mined["wallets"]:
            assert wallet["raw"] in narrative
            assert wallet_key(normalize_wallet(wallet["raw"])) == wallet["key"]
        for amount in mined["amounts"]:
            assert amount["raw"] in narrative, (debrief_id, amount)


def test_mined_places_and_compounds_are_named_in_the_narratives(data, debriefs, places):
    names_of: dict[str, set[str]] = {}
    for name, place_id in places.items():
        names_of.setdefault(place_id, set()).add(name)
    for debrief_id, mined in data.truth["mined"].items():
        narrative = fold(debriefs[debrief_id]["narrative"])
        for place_id in [*mined["places"], *mined["compounds"]]:
            assert any(n in narrative for n in names_of[place_id]), (debrief_id, place_id)


def _who(person_of: dict[str, str], debrief_id: str, ref: str | None) -> str | None:
    return person_of[f"{debrief_id}#{ref}"] if ref and ref != "family" else ref


def _wallet(value: dict | None) -> str | None:
    return wallet_key(normalize_wallet(value["address"], value["chain"])) if value else None


def _rows(items: list[dict]) -> list[str]:
    return sorted(repr(sorted((k, str(v)) for k, v in item.items())) for item in items)


def test_truth_payments_and_transfers_are_those_of_the_debriefs(data, debriefs, person_of, places):
    payments, transfers = [], []
    for debrief_id, debrief in debriefs.items():
        who = lambda ref, d=debrief_id: _who(person_of, d, ref)  # noqa: E731
        for p in debrief.get("payments") or []:
            row = {
                "source": debrief_id,
                "kind": p["kind"],
                "amount": p["amount"],
                "currency": p["currency"],
                "paid_by": who(p["paid_by"]),
                "paid_to": who(p["paid_to"]),
                "for": who(p["for"]),
            }
            row |= {"date": p["date"]} if p.get("date") else {}
            payments.append(row | ({"wallet": _wallet(p["wallet"])} if p.get("wallet") else {}))
        for t in debrief.get("transfers") or []:
            transfers.append(
                {
                    "source": debrief_id,
                    "person": who(t["person"]),
                    "from": places[fold(t["from"])],
                    "to": places[fold(t["to"])],
                    "date": t["date"],
                    "price": t["price"],
                    "currency": t["currency"],
                    "seller": who(t["seller"]),
                    "buyer": who(t["buyer"]),
                }
            )
    assert _rows(payments) == _rows(data.truth["payments"])
    assert _rows(transfers) == _rows(data.truth["transfers"])


def test_truth_journeys_are_those_of_the_debriefs(data, debriefs, person_of, places):
    journeys = {}
    for debrief_id, debrief in debriefs.items():
        legs = sorted(debrief.get("journey") or [], key=lambda leg: leg["order"])
        if not legs:
            continue
        stops = [places[fold(legs[0]["from"])], *(places[fold(leg["to"])] for leg in legs)]
        journeys[debrief_id] = {
            "legs": stops,
            "irregular": [
                [stops[i], stops[i + 1]] for i, leg in enumerate(legs) if leg.get("irregular")
            ],
            "facilitators": [_who(person_of, debrief_id, leg.get("facilitator")) for leg in legs],
        }
    assert journeys == data.truth["journeys"]


def test_truth_routes_are_those_of_the_routes_table(data, places):
    rows = read_table(data.root / "tables" / "routes.csv")
    routes = {}
    for row in sorted(rows, key=lambda r: (r["route_id"], int(r["leg"]))):
        route = routes.setdefault(
            row["route_id"],
            {"route_id": row["route_id"], "legs": [], "irregular": [], "facilitators": []},
        )
        start, end = places[fold(row["from"])], places[fold(row["to"])]
        route["legs"] = route["legs"] or [start]
        route["legs"].append(end)
        if row["irregular"] == "true":
            route["irregular"].append([start, end])
        route["facilitators"].append(row["facilitator"] or None)
    assert routes == {route["route_id"]: route for route in data.truth["routes"]}


def test_truth_agencies_match_the_files(data, debriefs, person_of, places):
    supplies: dict[tuple[str, str], set[str]] = {}
    works_for: dict[tuple[str, str], set[str]] = {}
    for debrief_id, debrief in debriefs.items():
        for agency in debrief.get("agencies") or []:
            for compound in agency.get("supplies") or []:
                key = (agency["name"], places[fold(compound)])
                supplies.setdefault(key, set()).add(debrief_id)
        for record, person in debrief_records(debrief).items():
            if person.get("agency"):
                key = (person_of[record], person["agency"])
                works_for.setdefault(key, set()).add(debrief_id)
    for row in read_table(data.root / "tables" / "agencies.csv"):
        for compound in row["supplies"].split(";"):
            supplies.setdefault((row["name"], places[fold(compound)]), set()).add(row["source_id"])
    expected = {
        (a["name"], c): set(s)
        for a in data.truth["agencies"]["list"]
        for c, s in a["supplies"].items()
    }
    assert supplies == expected
    assert works_for == {
        (w["person"], w["agency"]): set(w["sources"]) for w in data.truth["agencies"]["works_for"]
    }
    multi = {name for name, _ in supplies if sum(1 for n, _ in supplies if n == name) > 1}
    assert multi == set(data.truth["agencies"]["multi_compound"])


def _aliases(record: dict | list[dict]) -> list[str]:
    """Aliases a debrief person block or a list of table rows give a record (not names)."""
    if isinstance(record, dict):
        return record.get("aliases") or []
    return [row.get("alias") for row in record]


def test_truth_shared_identifiers_match_the_sources(data, debriefs, tables, records, person_of):
    assertions = source_assertions(data.root)
    context = record_context(debriefs, tables)
    for shared in data.truth["shared_identifiers"]:
        if shared["kind"] == "alias":
            names = {r: _aliases(p) for r, p in records.items()}
            holders = {r for r, n in names.items() if shared["id"] in n}
        else:
            holders = {r for (_, r, _, t) in assertions if t == shared["id"]}
        asserting = {(s, c, k) for r in holders for (s, c, k) in context[r]}
        assert {s for s, _, _ in asserting} == set(shared["sources"]), shared["id"]
        assert {c for _, c, _ in asserting if c} == set(shared["cases"]), shared["id"]
        assert {k for _, _, k in asserting if k} == set(shared["countries"]), shared["id"]
        assert {person_of[r] for r in holders} == set(shared["persons"]), shared["id"]
        assert len(shared["cases"]) > 1 or len(shared["countries"]) > 1, shared["id"]


def test_origin_attribution_agencies_are_the_ones_named_in_that_countrys_journeys():
    truth = yaml.safe_load((EXAMPLES / "ground_truth.yaml").read_text(encoding="utf-8"))
    top = truth["top_recruiter"]
    agencies = {a["name"] for a in top["agencies"]}
    assert set(truth["origin_attribution"]) == set(top["origin_countries"])
    assert len({a["country"] for a in top["agencies"]}) >= 2, "needs a two-country recruiter"
    for country, expected in truth["origin_attribution"].items():
        told = [
            next((EXAMPLES / "debriefs").glob(f"{debrief}.*")).read_text(encoding="utf-8")
            for debrief, journey in truth["journeys"].items()
            if journey["legs"][0].split("-")[1] == country
        ]
        named = {a for a in agencies if any(a in text for text in told)}
        assert told and named == set(expected["agencies"]), country

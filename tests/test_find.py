"""Query parameters that name something are resolved before the query runs.

One test per parameter kind (person, alias, compound, agency, country, identifier):
an unknown value is an error naming the closest known values, never an empty answer;
names match whatever the case, punctuation, diacritics and word order.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from queries_support import cli_env, eid, example_graph, gt_person, truth

from casegraph.cli import main
from casegraph.core.errors import ParameterError
from casegraph.core.names import name_key
from casegraph.services.find import country_code, find_entity
from casegraph.services.runner import run_query
from casegraph.store import GraphStore

TOP = truth()["top_recruiter"]["person"]


@pytest.fixture(scope="module", params=["falkordb", "neo4j"])
def graph(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[GraphStore]:
    yield from example_graph(request, tmp_path_factory)


def refused(store: GraphStore, name: str, **params: str) -> str:
    with pytest.raises(ParameterError) as caught:
        run_query(store, name, params)
    return str(caught.value)


def test_name_key_ignores_case_punctuation_diacritics_and_order():
    assert len({name_key(n) for n in ["Chen Zhi", "CHEN, Zhi", "Zhi Chen", "Chén Zhì"]}) == 1
    assert name_key("Chen Zhi") != name_key("Chen Zhiwei")


@pytest.mark.parametrize("typed", ["Wekesa Samuel", "WEKESA, Samuel", "samuel wékesa"])
def test_person_found_whatever_the_spelling_of_order_and_case(graph, typed):
    rows = run_query(graph, "person-dossier", {"who": typed}).rows
    assert [r["person_id"] for r in rows] == [eid(TOP)]


def test_unknown_person_names_the_closest(graph):
    message = refused(graph, "recruiter-network", who="Samule Wekesa")
    assert "no person named 'Samule Wekesa'; closest:" in message
    assert "Samuel Wekesa" in message.split("closest:")[1]


def test_alias_in_another_order_and_a_typo_in_one(graph):
    assert run_query(graph, "recruiter-network", {"who": "sammy, BOSS"}).found["who"].id == eid(TOP)
    message = refused(graph, "person-dossier", who="Boss Samy")
    assert "closest:" in message and "Boss Sammy" in message


def test_victims_are_suggested_by_pseudonym_only(graph):
    victims = [p for p in truth()["persons"] if "victim" in p["roles"]]
    message = refused(graph, "person-dossier", who=victims[0]["name"] + "x")
    suggested = message.split("closest:")[1]
    assert suggested.strip() and not any(p["name"] in suggested for p in victims)


def test_unknown_compound_names_the_closest(graph):
    compound = sorted(truth()["hierarchy"])[0]
    rows = run_query(graph, "offender-hierarchy", {"compound": compound.lower()}).rows
    assert rows and {r["compound"] for r in rows} == {compound}
    message = refused(graph, "offender-hierarchy", compound="KK Parc")
    assert "no compound named 'KK Parc'; closest:" in message and "KK Park" in message


def test_unknown_agency_names_the_closest(graph):
    agency = truth()["top_recruiter"]["agencies"][0]["name"]
    found = find_entity(graph, "agency", agency.upper().replace(" ", ", "))
    assert found.kind == "agency" and agency in found.label
    with pytest.raises(ParameterError, match="no agency named 'Horizon Talent Lank'; closest:"):
        find_entity(graph, "agency", "Horizon Talent Lank")


def test_country_by_name_or_code_and_unknown_country(graph):
    by_code = run_query(graph, "origin-country-recruitment", {"country": "KE"}).rows
    by_name = run_query(graph, "origin-country-recruitment", {"country": "kenya"}).rows
    assert by_code and by_code == by_name
    assert country_code("Burma") == "MM" and country_code("KEN") == "KE"
    message = refused(graph, "origin-country-recruitment", country="Kenia")
    assert "no country named 'Kenia'; closest: Kenya" in message


def test_identifier_in_any_format_and_unknown_identifier(graph):
    phone = gt_person(TOP)["phones"][0]  # +254712555301
    spaced = f"{phone[:4]} {phone[4:7]} {phone[7:10]} {phone[10:]}"
    assert run_query(graph, "person-dossier", {"who": spaced}).found["who"].id == eid(TOP)
    wallet = gt_person(TOP)["wallets"][0]
    rows = run_query(graph, "payment-flows", {"wallet": wallet.split(":", 1)[1]}).rows
    assert rows
    typo = wallet.split(":", 1)[1][:-1] + "x"
    message = refused(graph, "payment-flows", wallet=typo)
    assert f"no identifier named {typo!r}; closest: {wallet}" in message
    assert "is not a phone, handle" in refused(graph, "payment-flows", wallet="nobody at all")


def test_a_phone_written_as_at_home_finds_the_loaded_number(graph):
    """An investigator retypes '0712 555 301' from a Kenyan note: the graph holds
    +254712555301, and the lookup said "no identifier named '0712 555 301'"."""
    phone = gt_person(TOP)["phones"][0]  # +254712555301
    national = "0" + phone[4:7] + " " + phone[7:10] + " " + phone[10:]
    found = run_query(graph, "identifier-lookup", {"value": national}).found["value"]
    assert found.id == phone
    assert "no identifier named '0999 555 000'" in refused(
        graph, "identifier-lookup", value="0999 555 000"
    )


def test_cli_unknown_name_exits_1_and_empty_answer_says_what_it_looked_for(
    graph, monkeypatch, capsys, tmp_path
):
    for name, value in cli_env(graph, tmp_path).items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exited:
        main(["query", "run", "compound-profile", "-p", "compound=KK Parc"])
    assert exited.value.code == 1
    assert "no compound named 'KK Parc'; closest: KK Park" in capsys.readouterr().err
    main(["query", "run", "origin-country-recruitment", "-p", "country=France"])
    captured = capsys.readouterr()
    assert "(no rows)" in captured.out
    assert "origin-country-recruitment found nothing for country=FR (France)" in captured.err


@pytest.mark.parametrize(
    "shared",
    [s for s in truth()["shared_identifiers"] if s["kind"] in ("phone", "account", "wallet")],
    ids=lambda s: s["id"],
)
def test_identifier_lookup_finds_every_source_case_and_country(graph, shared):
    typed = shared["id"].split(":", 1)[1] if shared["kind"] == "wallet" else shared["id"]
    rows = run_query(graph, "identifier-lookup", {"value": typed}).rows
    assert {r["source_id"] for r in rows} == set(shared["sources"])
    assert set(rows[0]["cases"]) == set(shared["cases"])
    assert set(rows[0]["countries"]) == set(shared["countries"])
    assert all(r["grading"] for r in rows)
    holders = {r["person_id"] for r in rows if r["person_id"]}
    assert {eid(p) for p in shared.get("persons", [])} <= holders


def test_reports_find_a_person_in_any_order_and_name_the_closest_otherwise(graph):
    from casegraph.services.reports import find_person

    assert find_person(graph, "WEKESA, Samuel")["id"] == eid(TOP)
    with pytest.raises(ParameterError, match="closest: .*Samuel Wekesa"):
        find_person(graph, "Samule Wekesa")


def test_a_vocabulary_parameter_refuses_an_unknown_value(graph):
    message = refused(graph, "payment-flows", kind="ransome")
    assert "'ransome' should be string: not one of ransom, debt" in message
    assert "closest: ransom" in message
    assert run_query(graph, "payment-flows", {"kind": "RANSOM"}).rows


def test_two_persons_of_one_name_are_told_apart_in_the_error(graph):
    """Two men named Li Wei: "'Li Wei' names 2 persons: P-.. (Li Wei); P-.. (Li Wei)" left
    the user to guess which id to give (in the field trial, a sanctions list's party and
    the case's boss both named Lin Haoran); each candidate now says its roles and cases."""
    said = refused(graph, "person-dossier", who="Li Wei")
    for person in ("P-LIWEI-KK", "P-LIWEI-KH"):
        truth_of = gt_person(person)
        about = f"{eid(person)} (Li Wei: {'/'.join(truth_of['roles'])}, cases"
        assert about in said, said
        assert ", ".join(truth_of["cases"]) in said

"""Victim screening on the example dataset, checked against its ground truth.

A victim-support officer must see who shows the indicators of trafficking for forced
criminality before anyone treats them as a scammer: the ground truth's victims are
flagged (or not) as it says, the victim-turned-controller carries the non-punishment
note, the rule is configurable and stated, and no victim's name leaks from excerpts.
"""

from __future__ import annotations

import csv
import io
import subprocess

import pytest
import yaml
from queries_support import eid, example_graph, truth, victim_names
from report_support import BACKENDS, run_cli

from casegraph.core.errors import ConfigError
from casegraph.services.reports import render_html, render_markdown
from casegraph.services.reports.screening import (
    DEFAULT_RULE,
    Screening,
    load_rule,
    screen,
    screening_csv,
    screening_report,
)
from casegraph.store import GraphStore

ELEMENTS = {"act": "Act", "means": "Means", "purpose": "Purpose"}


graph = pytest.fixture(scope="module", params=BACKENDS, name="graph")(example_graph)


@pytest.fixture(scope="module")
def everyone(graph: GraphStore) -> dict[str, Screening]:
    found, _ = screen(graph, None, load_rule())
    return {s.person["id"]: s for s in found}


@pytest.mark.parametrize("victim", truth()["victims"], ids=lambda v: v["person"])
def test_ground_truth_victims_are_screened_as_it_says(everyone, victim):
    result = everyone[eid(victim["person"])]
    assert result.presumed_victim is victim["presumed_victim"], result.elements
    expected = {ELEMENTS[e] for e in victim["elements"]}
    assert set(result.elements) <= expected, "an element found that the narrative does not show"
    for finding in result.findings:
        assert finding.excerpt and finding.source_ids, finding


def test_victim_turned_controller_gets_the_non_punishment_note(graph, everyone):
    pid = eid(truth()["victim_turned_controller"]["person"])
    rule = load_rule()
    result = everyone[pid]
    assert result.presumed_victim and result.non_punishment
    assert "controller" in result.offender_roles
    rows = list(csv.DictReader(io.StringIO(screening_csv(list(everyone.values()), rule))))
    row = next(r for r in rows if r["person_id"] == pid)
    assert row["presumed_victim"] == "yes" and "Non-punishment" in row["non_punishment_note"]
    offenders_only = [r for r in rows if r["non_punishment_note"] and "victim" not in r["roles"]]
    assert all(r["presumed_victim"] == "yes" for r in offenders_only)
    found, ctx = screen(graph, pid, rule)
    html = render_html(screening_report(found, ctx, rule, found[0].shown_as))
    assert "Non-punishment" in html and rule.referral in html


def test_the_rule_is_configurable_and_stated(graph, everyone, tmp_path):
    data = yaml.safe_load(DEFAULT_RULE.read_text(encoding="utf-8"))
    data["min_elements"] = 3
    strict_file = tmp_path / "strict.yaml"
    strict_file.write_text(yaml.safe_dump(data), encoding="utf-8")
    strict = load_rule(strict_file)
    found, ctx = screen(graph, None, strict)
    by_id = {s.person["id"]: s for s in found}
    for pid, result in everyone.items():
        assert by_id[pid].presumed_victim is (len(result.elements) == 3)
    text = render_markdown(screening_report(found, ctx, strict, "everyone"))
    assert "at least 3 of the 3 elements" in text
    one_element = [v for v in truth()["victims"] if len(v["elements"]) == 1]
    assert one_element, "the ground truth has no victim with indicators in one element"
    lenient, _ = screen(graph, None, load_rule(min_elements=1))
    flagged = {s.person["id"] for s in lenient if s.presumed_victim}
    for victim in one_element:
        assert not everyone[eid(victim["person"])].presumed_victim
        assert eid(victim["person"]) in flagged
    with pytest.raises(ConfigError):
        load_rule(min_elements=4)


def test_no_victim_name_in_the_screening_unless_revealed(graph):
    rule = load_rule()
    found, ctx = screen(graph, None, rule)
    outputs = [render_html(screening_report(found, ctx, rule, "everyone"))]
    outputs.append(screening_csv(found, rule))
    for text in outputs:
        leaked = sorted(n for n in victim_names() if n.lower() in text.lower())
        assert not leaked
    found, ctx = screen(graph, None, rule, reveal=True)
    revealed = render_html(screening_report(found, ctx, rule, "everyone"))
    assert any(n in revealed for n in victim_names())


def test_screen_command_writes_csv_and_needs_a_person_or_all(graph, tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        return run_cli(graph, *args, home=tmp_path)

    out = tmp_path / "screening.csv"
    done = run("screen", "--all", "--format", "csv", "-o", str(out), "--min-elements", "3")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    flagged = {r["person_id"] for r in rows if r["presumed_victim"] == "yes"}
    assert eid("P-OTIENO") in flagged
    assert all("at least 3 of the 3" in r["rule"] for r in rows)
    missing = run("screen", "--format", "csv")
    assert missing.returncode != 0 and "--all" in missing.stderr

"""Timelines: every dated event of a person, case or compound, in order, with its sources.

Expected events are read from the example debrief files themselves (what each note
dates), never from an earlier run of the timeline.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest
import yaml
from queries_support import (
    EXAMPLES,
    eid,
    example_graph,
    gt_person,
    shown_as,
    truth,
    victim_names,
)
from report_support import run_cli

from casegraph.core.errors import ParameterError
from casegraph.services import audit
from casegraph.services.entities import fetch_person_records, write_entity_layer
from casegraph.services.ingest import load_paths
from casegraph.services.reports import person_report
from casegraph.services.reports.model import Figure
from casegraph.services.reports.timeline import parse_when, timeline
from casegraph.services.reports.timeline_draw import write_timeline

graph = pytest.fixture(scope="module", name="graph")(example_graph)


def _note(debrief_id: str) -> dict:
    path = next((EXAMPLES / "debriefs").glob(f"{debrief_id}.*"))
    if path.suffix == ".md":
        return frontmatter.loads(path.read_text(encoding="utf-8")).metadata
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dated_events_of(pid: str) -> set[tuple[str, str]]:
    """(date, debrief id) of everything the notes date that the person took part in."""
    found = set()
    for record in gt_person(pid)["records"]:
        if not record.startswith("DBR-"):
            continue
        debrief, ref = record.split("#")
        note = _note(debrief)
        found.add((str(note["date"]), debrief))  # the debrief that names the person
        for leg in note.get("journey") or []:
            if leg.get("facilitator") == ref and leg.get("date"):
                found.add((str(leg["date"]), debrief))
        for pay in note.get("payments") or []:
            if ref in (pay.get("paid_to"), pay.get("paid_by")) and pay.get("date"):
                found.add((str(pay["date"]), debrief))
        for rel in note.get("relations") or []:
            if ref in (rel.get("from"), rel.get("to")) and rel.get("date"):
                found.add((str(rel["date"]), debrief))  # month precision: "2023-12"
    return found


def test_top_recruiters_chronology_has_every_dated_event_in_order_with_its_source(graph):
    pid = truth()["top_recruiter"]["person"]
    tl = timeline(graph, "person", eid(pid))
    got = {(e.when.text, s) for e in tl.events for s in e.source_ids}
    expected = _dated_events_of(pid)
    assert len(expected) >= 15
    assert expected <= got, sorted(expected - got)
    starts = [e.when.start for e in tl.events]
    assert starts == sorted(starts)
    for event in tl.events:
        assert event.source_ids and all(g[:1] in "ABCDEF" for g in event.gradings), event
    recruitments = [e for e in tl.events if e.kind == "recruitment"]
    assert len(recruitments) == 4 and all("Samuel Wekesa" in e.text for e in recruitments)
    told = next(e for e in recruitments if e.text.startswith("recruited by"))
    assert told.when.is_span and (told.when.start, told.when.end) == (
        dt.date(2023, 12, 1),
        dt.date(2023, 12, 31),
    )
    shown = " ".join(f"{e.person} {e.text}" for e in tl.events)
    assert not [n for n in victim_names() if len(n) > 3 and n in shown]


def test_compound_timeline_marks_arrivals_escapes_and_holding_periods(graph):
    tl = timeline(graph, "compound", "KK Park")
    held = [
        p
        for p in truth()["persons"]
        for h in p.get("held_at") or []
        if h["compound"] == "CMP-MM-KKPARK"
    ]
    arrivals = {(e.when.start.isoformat(), e.person) for e in tl.events if e.kind == "arrival"}
    for person in held:
        stay = next(h for h in person["held_at"] if h["compound"] == "CMP-MM-KKPARK")
        assert (str(stay["from"]), shown_as(graph, person["id"])) in arrivals, person["id"]
    periods = [e for e in tl.events if e.kind == "held" and e.place == "KK Park"]
    assert periods and all(e.when.is_span for e in periods)
    escapes = [e for e in tl.events if e.kind == "escape"]
    assert {(e.when.start.isoformat(), e.place) for e in escapes} >= {("2024-04-14", "KK Park")}
    assert len(tl.lanes()) == len({e.person for e in tl.events})


def test_case_timeline_keeps_the_cases_sources_and_dates_filter(graph):
    tl = timeline(graph, "case", "CASE-KE-01")
    notes = {d["id"] for d in truth()["debriefs"] if d["case"] == "CASE-KE-01"}
    assert tl.events and all(set(e.source_ids) & notes for e in tl.events)
    assert {e.kind for e in tl.events} >= {"journey leg", "border crossing", "arrival", "debrief"}
    spring = timeline(graph, "case", "CASE-KE-01", since="2024-02", until="2024-03")
    assert spring.events and len(spring.events) < len(tl.events)
    for event in spring.events:
        assert event.when.end >= dt.date(2024, 2, 1) and event.when.start <= dt.date(2024, 3, 31)
    with pytest.raises(ParameterError, match="--since"):
        timeline(graph, "case", "CASE-KE-01", since="March")


def test_month_and_year_dates_are_spans_and_undated_legs_approximate(store, tmp_path: Path):
    note = tmp_path / "DBR-TST-0900.md"
    note.write_text(
        """---
debrief_id: DBR-TST-0900
case_id: CASE-TST-09
date: 2024-08
country: KE
grading: C3
interviewee: {ref: V1, pseudonym: TST-V-0900, name: Test Victim, roles: [victim]}
people:
  - {ref: R1, name: Test Recruiter, roles: [recruiter]}
relations:
  - {from: R1, type: recruited, to: V1, date: 2024-02}
  - {from: R1, type: transported, to: V1, date: soon}
journey:
  - {order: 1, from: Nairobi, to: Bangkok, mode: flight, date: 2024-03-02, facilitator: R1}
  - {order: 2, from: Bangkok, to: Mae Sot, mode: road}
  - {order: 3, from: Mae Sot, to: Myawaddy, mode: boat, date: 2024-03-06, irregular: true}
compounds:
  - {compound: KK Park, from: 2024-03, to: 2024, left: wandered}
---
Fictional test note.
""",
        encoding="utf-8",
    )
    report = load_paths(store, [note])
    found = sorted((p.field, p.reason) for p in report.problems)
    assert [field for field, _ in found] == ["compounds[0].left", "relations[1].date"]
    assert "wandered" in found[0][1] and "soon" in found[1][1]
    records = fetch_person_records(store)
    write_entity_layer(store, records, {r.id: r.id for r in records})
    tl = timeline(store, "person", "TST-V-0900")
    by_kind = {e.kind: e for e in tl.events}
    recruited = by_kind["recruitment"].when
    assert (recruited.start, recruited.end, recruited.text) == (
        dt.date(2024, 2, 1),
        dt.date(2024, 2, 29),
        "2024-02",
    )
    assert by_kind["debrief"].when.start == dt.date(2024, 8, 1)
    assert by_kind["debrief"].when.end == dt.date(2024, 8, 31)
    arrival = by_kind["arrival"].when
    assert (arrival.start, arrival.end) == (dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    road = next(e for e in tl.events if "Mae Sot (leg 2)" in e.text.replace(" by road", ""))
    assert road.when.approximate and road.when.shown() == "about 2024-03-02 to 2024-03-06"
    assert by_kind["border crossing"].text.startswith("irregular border crossing")
    assert parse_when("2024-02") is not None and parse_when("2024-02").end.day == 29


def test_timeline_command_writes_offline_html_and_png(graph, tmp_path: Path):
    page, png = tmp_path / "wekesa.html", tmp_path / "kk.png"
    done = run_cli(graph, "timeline", "--person", "Boss Sammy", "-o", str(page))
    assert done.returncode == 0, done.stderr
    text = page.read_text(encoding="utf-8")
    assert "DBR-KE-0001 (B2)" in text and "data:image/svg+xml;base64," in text
    assert 'src="http' not in text and 'href="http' not in text
    done = run_cli(graph, "timeline", "--compound", "KK Park", "--lanes", "place", "-o", str(png))
    assert done.returncode == 0, done.stderr
    assert png.read_bytes()[:4] == b"\x89PNG"
    both = run_cli(graph, "timeline", "--person", "x", "--case", "y", "-o", str(png))
    assert both.returncode != 0 and "exactly one" in both.stderr
    revealed = tmp_path / "revealed.svg"
    done = run_cli(graph, "timeline", "--case", "CASE-KE-01", "--reveal", "-o", str(revealed))
    assert done.returncode == 0, done.stderr
    last = audit.entries(graph.server.home, action="timeline")[-1]
    assert last["reveal"] is True and last["params"]["case"] == "CASE-KE-01"
    assert last["outputs"][0]["sha256"] == hashlib.sha256(revealed.read_bytes()).hexdigest()


def test_write_timeline_refuses_unknown_formats(graph, tmp_path: Path):
    tl = timeline(graph, "person", eid("P-WEKESA"))
    with pytest.raises(ParameterError, match="html, png, svg"):
        write_timeline(tl, tmp_path / "t.pdf")


def test_person_report_carries_the_chronology_as_a_figure(graph):
    report = person_report(graph, eid("P-WEKESA"))
    section = next(s for s in report.sections if s.title == "Chronology")
    figures = [b for b in section.blocks if isinstance(b, Figure)]
    assert len(figures) == 1 and "dated events" in figures[0].caption
    svg = base64.b64decode(figures[0].data_uri.split(",", 1)[1]).decode("utf-8")
    tl = timeline(graph, "person", eid("P-WEKESA"))
    assert all(lane in svg for lane in tl.lanes())
    assert not [n for n in victim_names() if len(n) > 3 and n in svg]


@pytest.mark.parametrize(
    "module",
    ["casegraph.services.reports.timeline", "casegraph.notebook", "casegraph.services.reports"],
)
def test_each_module_imports_first_in_a_fresh_interpreter(module):
    """The timeline reads through the reports package and reports draw timelines: importing
    either first must work (a module-level cycle broke `import casegraph.notebook`)."""
    command = [sys.executable, "-c", f"import {module}"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr

"""The records -> resolution glue: which judgements casegraph makes on its own, and when."""

from __future__ import annotations

import pytest

import casegraph.services.entities.resolve as glue
from casegraph.services.entities.resolve import resolve_people
from casegraph.services.ingest import load_paths

NOTE = """---
debrief_id: {sid}
case_id: CASE-GLUE-{n}
date: 2024-0{n}-10
country: KE
interviewee: {{ref: V1, pseudonym: GLUE-V-{n}}}
people:
  - {{ref: R1, name: {name}, roles: [transporter], nationality: KE, gender: M, birth_year: 1985,
     phones: ["{phone}"]}}
---
"""


CROWD = """---
debrief_id: DBR-GLUE-9
case_id: CASE-GLUE-9
date: 2024-09-10
country: KE
interviewee: {{ref: V1, pseudonym: GLUE-V-9}}
people:
{people}
---
"""


@pytest.fixture
def look_alikes(store, tmp_path):
    """Two notes, two drivers one letter apart born the same year, each with his own
    phone, among thirty other named people (in a graph of two named people every name
    is a common one)."""
    given = ("Amos", "Brian", "Cyrus", "Dennis", "Elijah", "Festus")
    family = ("Wekesa", "Mutua", "Kiprop", "Barasa", "Odhiambo")
    names = [f"{g} {f}" for g in given for f in family]
    people = [f"  - {{ref: C{i}, name: {n}, roles: [recruiter]}}" for i, n in enumerate(names)]
    (tmp_path / "DBR-GLUE-9.md").write_text(CROWD.format(people="\n".join(people)), "utf-8")
    for n, (name, phone) in enumerate(
        (("Moses Kibet", "0722555301"), ("Moses Kibit", "0722555302")), 1
    ):
        sid = f"DBR-GLUE-{n}"
        (tmp_path / f"{sid}.md").write_text(
            NOTE.format(sid=sid, n=n, name=name, phone=phone), encoding="utf-8"
        )
    load_paths(store, [tmp_path])
    return store


def test_one_letter_apart_with_their_own_phones_stays_apart(look_alikes, tmp_path, monkeypatch):
    run = resolve_people(look_alikes, tmp_path / "decisions", write=False)
    assert run.result.clusters["DBR-GLUE-1#R1"] != run.result.clusters["DBR-GLUE-2#R1"]
    judged = run.result.decisions[("DBR-GLUE-1#R1", "DBR-GLUE-2#R1")]
    assert judged.judgement == "different" and judged.user == "casegraph" and judged.at
    # without the rule, names and birth year would have merged them: the rule keeps them apart
    monkeypatch.setattr(glue, "_one_letter_apart", lambda *args: {})
    merged = resolve_people(look_alikes, tmp_path / "decisions", write=False)
    assert merged.result.clusters["DBR-GLUE-1#R1"] == merged.result.clusters["DBR-GLUE-2#R1"]


def test_automatic_judgements_record_their_time(look_alikes, tmp_path):
    run = resolve_people(look_alikes, tmp_path / "decisions", write=False)
    automatic = [d for d in run.result.decisions.values() if d.user == "casegraph"]
    assert automatic and all(d.at.startswith("20") for d in automatic)

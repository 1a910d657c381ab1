"""The people of a typed note's labelled lines ("Recruiter: Mr. Tesfaye, Telegram
@tesfa_jobs, +251 91 555 0123"), as offices type them: persons with their roles, their
phones, handles and wallets, and the relation to the interviewee."""

from __future__ import annotations

import pytest
from load_helpers import DEBRIEF, FIXTURES, snapshot, word_form

from casegraph.services.entities.resolve import resolve_people
from casegraph.services.exports import export
from casegraph.services.ingest import load_paths
from casegraph.services.reports import render_markdown
from casegraph.services.reports.case import case_report

TYPED = FIXTURES / "typed"
HIWOT = "Hiwot T - debrief.txt"
KAMAU = "Kamau call notes.md"
SID = "NOTE-3597D54286"  # made from the file's folder and name
PEOPLE = (
    "MATCH (s:Source {file: $file})-[:MENTIONS]->(p:PersonRecord)"
    " OPTIONAL MATCH (p)-[:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET]->(x)"
    " WITH p, x ORDER BY x.id"
    " RETURN p.local_ref AS ref, p.name AS name, p.roles AS roles, p.nationality AS nat,"
    " p.pseudonym IS NOT NULL AS pseudonymous, collect(x.id) AS ids ORDER BY ref"
)
LINKS = (
    "MATCH (s:Source {file: $file})-[:MENTIONS]->(a:PersonRecord)-[r]->(b:PersonRecord)"
    " RETURN a.local_ref AS from, type(r) AS type, b.local_ref AS to, r.refs AS refs,"
    " r.origin AS origin ORDER BY from"
)


def test_labelled_lines_become_people_with_their_roles_numbers_and_relations(store):
    report = load_paths(store, [TYPED / HIWOT])
    assert report.problems == []
    people = store.read(PEOPLE, {"file": HIWOT})
    assert people == [
        {"ref": "B1", "name": "Boss Wang", "roles": ["boss"], "nat": None,
         "pseudonymous": False, "ids": ["wechat:wang_kk_2025"]},
        # "Recruiter:" and "Contact person:" name one man: one person, both lines' numbers
        {"ref": "R1", "name": "Mr. Tesfaye", "roles": ["recruiter"], "nat": None,
         "pseudonymous": False,
         "ids": ["+251915550123", "+251915550124", "telegram:tesfa_jobs",
                 "whatsapp:+251915550124"]},
        {"ref": "R2", "name": "Abebe K.", "roles": ["recruiter"], "nat": None,
         "pseudonymous": False, "ids": ["+251922555871"]},
        {"ref": "T1", "name": "Somchai", "roles": ["transporter"], "nat": "TH",
         "pseudonymous": False, "ids": []},
        {"ref": "V1", "name": "Hiwot Tadesse", "roles": ["victim"], "nat": "ET",
         "pseudonymous": True, "ids": ["+251911555204"]},
        {"ref": "V2", "name": "Dawit", "roles": ["victim"], "nat": "ET",
         "pseudonymous": True, "ids": []},
        {"ref": "V3", "name": "Meron", "roles": ["victim"], "nat": None,
         "pseudonymous": True, "ids": []},
        {"ref": "V4", "name": "Selam", "roles": ["victim"], "nat": None,
         "pseudonymous": True, "ids": []},
    ]  # fmt: skip
    # the relations a front-matter note would state, recorded, citing the typed line
    assert store.read(LINKS, {"file": HIWOT}) == [
        {"from": "R1", "type": "RECRUITED", "to": "V1", "refs": [f"{HIWOT}:7"],
         "origin": "recorded"},
        {"from": "R2", "type": "RECRUITED", "to": "V1", "refs": [f"{HIWOT}:8"],
         "origin": "recorded"},
        {"from": "T1", "type": "TRANSPORTED", "to": "V1", "refs": [f"{HIWOT}:9"],
         "origin": "recorded"},
    ]  # fmt: skip
    said = report.conventions[HIWOT]
    assert "R1 line 7 'recruiter' (recruiter, RECRUITED V1)" in said["people"]
    assert "R1 line 13 'contact person' (no role)" in said["people"]
    assert said["people"].endswith("people in the paragraphs are not extracted")
    # "unknown" is nobody; a line of a quoted chat is speech, not a person
    assert said["people lines not read"] == (
        "line 11 'suspect': 'unknown' names nobody; line 18 'boss': 'you will work 16 hours"
        " a day or pay the fine!' reads like a sentence, not a name"
    )


def test_bold_bullets_other_languages_and_a_recruiter_seen_elsewhere(store, tmp_path):
    """ "- **Recruited by:** Brayo, 0712 345 678": the man a structured note names as its
    recruiter, by the same number; after resolution one person, recruiter in both
    cases. "Travelled with:" lists two people, taken as victims."""
    report = load_paths(store, [DEBRIEF, TYPED / KAMAU])
    assert report.problems == []
    assert store.read(PEOPLE, {"file": KAMAU}) == [
        {"ref": "R1", "name": "Brayo", "roles": ["recruiter"], "nat": None,
         "pseudonymous": False, "ids": ["+254712345678"]},
        {"ref": "V1", "name": "Kamau Njoroge", "roles": ["victim"], "nat": None,
         "pseudonymous": True, "ids": []},
        {"ref": "V2", "name": "Otieno", "roles": ["victim"], "nat": None,
         "pseudonymous": True, "ids": []},
        {"ref": "V3", "name": "Wanjiku", "roles": ["victim"], "nat": None,
         "pseudonymous": True, "ids": ["+254733555901"]},
    ]  # fmt: skip
    resolve_people(store, tmp_path)
    same = store.read(
        "MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p:Person)<-[:RESOLVES_TO]-"
        "(:PersonRecord {id: 'DBR-TST-0001#R1'}) RETURN r.id AS id ORDER BY id"
    )
    ids = [row["id"] for row in same]
    assert any(i.endswith("#R1") and i.startswith("NOTE-") for i in ids)


def test_other_victims_are_not_named_in_an_export(store, tmp_path):
    load_paths(store, [TYPED])
    resolve_people(store, tmp_path)
    export(store, "csv", tmp_path / "csv", layer="all")
    text = " ".join(p.read_text(encoding="utf-8") for p in (tmp_path / "csv").iterdir())
    for victim in ("Dawit", "Meron", "Selam", "Otieno", "Wanjiku", "Hiwot", "Kamau"):
        assert victim not in text
    assert "Tesfaye" in text and "Brayo" in text  # the offenders are named


def test_a_word_form_names_the_recruiter_and_driver(store, tmp_path):
    """A header block as a two-column table, and a form row of two labels each followed
    by its value ("Recruiter | ... | Transported by | ..."), in Bahasa Indonesia."""
    header = [
        ("Tanggal", "5 Maret 2025"),
        ("No. Kasus", "ID/JKT/2025/044"),
        ("Negara", "Indonesia"),
        ("Nama", "Siti Rahmawati (F), 27 tahun"),
    ]
    people = [("Perekrut", "Pak Joko, 0812 5550 7781", "Sopir", "Ahmad")]
    said = ["Ia direkrut lewat Facebook untuk kerja di Bangkok."]
    path = word_form(tmp_path / "Siti R form.docx", header, people, paragraphs=said)
    report = load_paths(store, [path])
    assert report.problems == []
    assert store.read(PEOPLE, {"file": path.name}) == [
        {"ref": "R1", "name": "Pak Joko", "roles": ["recruiter"], "nat": None,
         "pseudonymous": False, "ids": ["+6281255507781"]},
        {"ref": "T1", "name": "Ahmad", "roles": ["transporter"], "nat": None,
         "pseudonymous": False, "ids": []},
        {"ref": "V1", "name": "Siti Rahmawati", "roles": ["victim"], "nat": None,
         "pseudonymous": True, "ids": []},
    ]  # fmt: skip
    links = store.read(LINKS, {"file": path.name})
    assert [(r["from"], r["type"], r["to"]) for r in links] == [
        ("R1", "RECRUITED", "V1"),
        ("T1", "TRANSPORTED", "V1"),
    ]
    born = store.read("MATCH (p:PersonRecord {local_ref: 'V1'}) RETURN p.birth_year AS born")
    assert born == [{"born": 1997}]


def test_a_case_report_names_the_recruiter_and_no_victim(store, tmp_path):
    """The recruiter's citations point at the note named after her: the report cites it
    under her pseudonym, as it does her own."""
    load_paths(store, [TYPED / HIWOT])
    resolve_people(store, tmp_path)
    shown = render_markdown(case_report(store, "ET/ADD/2025/031", figure=False))
    for victim in ("Hiwot", "Dawit", "Meron", "Selam"):
        assert victim not in shown
    assert "| Mr. Tesfaye | recruiter |" in shown and "| Somchai | transporter | TH |" in shown
    assert f"{SID}-V1 T - debrief.txt" in shown  # the file, cited with her name withheld


def test_people_listed_under_a_label_and_in_a_word_cell_of_several_lines(store, tmp_path):
    """ "Other victims:" alone on its line with one person an item below it (they were
    not read at all), and a form cell typed on two lines ("Mr. Tesfaye" above his
    number: the number was left on a line of its own, nobody's)."""
    note = tmp_path / "Chebet notes.md"
    note.write_text(
        "**Date:** 21/05/2025\n**Case no.:** KE/ELD/2025/090\n**Country:** Kenya\n"
        "**Victim:** Chebet Rono (F)\n\n**Other victims:**\n\n- Kiprop (M)\n"
        "- Jeptoo, +254 733 555 402\n\nThey were driven to the border at night.\n",
        encoding="utf-8",
    )
    rows = [
        ("Date of interview", "22/05/2025"),
        ("Case no.", "KE/ELD/2025/091"),
        ("Country", "Kenya"),
        ("Interviewee", "Chebet Rono (F)"),
        ("Recruiter", "Mr. Tesfaye\n+251 91 555 0123"),
    ]
    form = word_form(tmp_path / "Chebet form.docx", rows)
    report = load_paths(store, [note, form])
    assert report.problems == []
    people = store.read(PEOPLE, {"file": note.name})
    assert [(p["ref"], p["name"], p["ids"]) for p in people] == [
        ("V1", "Chebet Rono", []),
        ("V2", "Kiprop", []),
        ("V3", "Jeptoo", ["+254733555402"]),
    ]
    refs = store.read(
        "MATCH (p:PersonRecord {name: 'Jeptoo'}) RETURN p.refs AS refs, p.gender AS gender"
    )
    assert refs == [{"refs": [f"{note.name}:9"], "gender": None}]  # her own line
    recruiter = store.read(PEOPLE, {"file": form.name})[0]
    assert (recruiter["ref"], recruiter["name"], recruiter["ids"]) == (
        "R1",
        "Mr. Tesfaye",
        ["+251915550123"],
    )


def test_a_form_giving_the_recruiter_name_and_contacts_on_lines_of_their_own(store, tmp_path):
    """ "Name of recruiter:" then "Recruiter's phone:" and "Recruiter's Telegram:": one
    man with that number and that account (the platform named by the label), not three
    records of one source, which resolution would keep apart for ever."""
    note = tmp_path / "intake form 0412.txt"
    note.write_text(
        "INTAKE FORM\nName: Mercy Wanjiru (F)\nDate: 12/04/2025\nCase no.: KE/NBO/2025/140\n"
        "Country: Kenya\nName of recruiter: Peter Kamau\nRecruiter's phone: 0711 555 140\n"
        "Recruiter's Telegram: pk_jobs_dubai\n\nShe met him at a church in Kayole.\n",
        encoding="utf-8",
    )
    report = load_paths(store, [note])
    assert report.problems == []
    people = store.read(PEOPLE, {"file": note.name})
    assert [(p["ref"], p["name"], p["roles"], p["ids"]) for p in people] == [
        ("R1", "Peter Kamau", ["recruiter"], ["+254711555140", "telegram:pk_jobs_dubai"]),
        ("V1", "Mercy Wanjiru", ["victim"], []),
    ]
    links = store.read(LINKS, {"file": note.name})
    lines = [f"{note.name}:{n}" for n in (6, 7, 8)]
    assert links == [
        {"from": "R1", "type": "RECRUITED", "to": "V1", "refs": lines, "origin": "recorded"}
    ]


@pytest.mark.parametrize(
    ("ages", "persons", "born"),
    [(("46 yrs", "23 yrs"), 2, [1978, 2001]), (("46 yrs", "aged 45"), 1, [1978, 1979])],
    ids=["a father and a son", "one man, ages a year apart"],
)
def test_ages_on_recruiter_lines_tell_namesakes_apart_in_resolution(
    store, tmp_path, ages, persons, born
):
    """Two notes of March 2025 name a recruiter "John Mwangi Kariuki" (with no ages, one
    person). Aged 46 and 23, their birth years are a contradiction resolution keeps
    apart; aged 46 and 45, one man (an age is a year off either way)."""
    for number, (victim, age) in enumerate(zip(("Achieng O", "Wanjiru K"), ages, strict=True)):
        (tmp_path / f"{victim}.txt").write_text(
            f"Date: 1{number}/03/2025\nCase no.: KE/NBO/2025/15{number}\nCountry: Kenya\n"
            f"Interviewee: {victim} (F)\nRecruiter: John Mwangi Kariuki, {age}\n",
            encoding="utf-8",
        )
    report = load_paths(store, [tmp_path])
    assert report.problems == []
    resolve_people(store, tmp_path / "resolution")
    found = store.read(
        "MATCH (r:PersonRecord {local_ref: 'R1'})-[:RESOLVES_TO]->(p:Person)"
        " RETURN count(DISTINCT p) AS persons, collect(r.birth_year) AS born"
    )
    assert (found[0]["persons"], sorted(found[0]["born"])) == (persons, born)


def test_loading_the_typed_notes_again_changes_nothing(store):
    load_paths(store, [TYPED, FIXTURES / "languages"])
    before = snapshot(store)
    load_paths(store, [TYPED, FIXTURES / "languages"])
    assert snapshot(store) == before


def test_a_table_of_the_people_involved_in_word_and_in_markdown(store, tmp_path):
    """Forms list the people involved as a table ("Name | Role | Phone | Nationality"),
    the role written as a label ("Recruiter") or a role word ("driver", "victim"): each
    row a person, as its labelled line would be (the rows were joined into one line of
    text, nobody's). A row of a role no one knows ("cook") stays text."""
    people = [
        ("Name", "Role", "Phone", "Nationality"),
        ("Brayo", "Recruiter", "0712 345 678", "Kenyan"),
        ("Somchai", "driver", "", "Thai"),
        ("Dawit", "victim", "", "Ethiopian"),
        ("Mr. Lim", "cook", "0722 555 610", ""),
    ]
    header = [("Date", "02/06/2025"), ("Case no.", "KE/NBO/2025/160"), ("Country", "Kenya"),
              ("Interviewee", "Auma Achieng (F)")]  # fmt: skip
    form = word_form(tmp_path / "Auma form.docx", header, people)
    note = tmp_path / "Auma notes.md"
    note.write_text(
        "**Date:** 03/06/2025\n**Case no.:** KE/NBO/2025/161\n**Country:** Kenya\n"
        "**Interviewee:** Auma Achieng (F)\n\n## People involved\n\n"
        + "\n".join(f"| {' | '.join(row)} |" for row in people[:1])
        + "\n|---|---|---|---|\n"
        + "\n".join(f"| {' | '.join(row)} |" for row in people[1:])
        + "\n\nShe was driven from Mae Sot at night.\n",
        encoding="utf-8",
    )
    report = load_paths(store, [form, note])
    assert report.problems == []
    for file in (form.name, note.name):
        found = store.read(PEOPLE, {"file": file})
        assert [(p["ref"], p["name"], p["roles"], p["nat"], p["ids"]) for p in found] == [
            ("R1", "Brayo", ["recruiter"], "KE", ["+254712345678"]),
            ("T1", "Somchai", ["transporter"], "TH", []),
            ("V1", "Auma Achieng", ["victim"], None, []),
            ("V2", "Dawit", ["victim"], "ET", []),
        ]
        links = store.read(LINKS, {"file": file})
        assert [(r["from"], r["type"], r["to"]) for r in links] == [
            ("R1", "RECRUITED", "V1"),
            ("T1", "TRANSPORTED", "V1"),
        ]
    # the Markdown rows keep their lines: Brayo's row is line 10 of the note
    cited = store.read(
        "MATCH (s:Source {file: $file})-[:MENTIONS]->(p:PersonRecord {name: 'Brayo'})"
        " RETURN p.refs AS refs",
        {"file": note.name},
    )
    assert cited == [{"refs": [f"{note.name}:10"]}]

"""Notes typed without front matter: header lines and a narrative, as field offices write them."""

from __future__ import annotations

from pathlib import Path

from load_helpers import DEBRIEF, FIXTURES, word_form

from casegraph.services.entities.resolve import resolve_people
from casegraph.services.exports import export
from casegraph.services.ingest import load_paths
from casegraph.services.reports import render_markdown
from casegraph.services.reports.case import case_report

PLAIN = FIXTURES / "plain"
NOTE = "Achieng O - debrief 14.02.2025.txt"
# made from the file's folder and name, never the name itself ("Achieng", her name)
SID = "NOTE-1999F6543B"


def test_a_typed_note_loads_with_its_headers_and_says_how(store):
    report = load_paths(store, [PLAIN / NOTE])
    assert report.problems == []
    source = store.read(
        "MATCH (s:Source {id: $sid})-[:PART_OF]->(c:Case) RETURN s.date AS date,"
        " s.country AS country, c.id AS case",
        {"sid": SID},
    )
    # 14/02/2025 read day first; the country is the office's
    assert source == [{"date": "2025-02-14", "country": "KE", "case": "KE/KSM/2025/003"}]
    victim = store.read(
        "MATCH (p:PersonRecord {id: $id}) RETURN p.name AS name, p.nationality AS nat,"
        " p.birth_year AS born, p.gender AS gender, p.is_interviewee AS ivw",
        {"id": f"{SID}#V1"},
    )
    assert victim == [
        {"name": "Achieng Odhiambo", "nat": "KE", "born": 1999, "gender": "F", "ivw": True}
    ]
    # the number on the interviewee's line is hers; read as Kenyan, like the note's dates
    own = "MATCH (:PersonRecord {id: $id})-[:USES_PHONE]->(f:Phone) RETURN f.id AS id"
    assert store.read(own, {"id": f"{SID}#V1"}) == [{"id": "+254722555019"}]
    said = report.conventions[NOTE]
    assert said["debrief id"] == f"{SID} (made from the file's name)"
    assert said["country"].startswith("KE, where the office is")
    assert "not extracted" in said["people"]


def test_the_narrative_links_to_the_rest_of_the_graph(store):
    """The national number in the typed note is the recruiter's number in a structured
    note; the handle in a call log is his Telegram account."""
    load_paths(store, [DEBRIEF, PLAIN])
    phone = store.read(
        "MATCH (s:Source {id: $sid})-[:MENTIONS]->(p:Phone {id: '+254712345678'})"
        "<-[:USES_PHONE]-(r) RETURN r.id AS holder",
        {"sid": SID},
    )
    assert phone == [{"holder": "DBR-TST-0001#R1"}]
    handle = store.read(
        "MATCH (:Source {file: 'call log.md'})-[:MENTIONS]->"
        "(a:Account {id: 'telegram:brayo_jobs_test'})<-[:HAS_ACCOUNT]-(r) RETURN r.id AS holder"
    )
    assert handle == [{"holder": "DBR-TST-0001#R1"}]


def test_a_readme_beside_the_notes_is_not_taken_for_one(store):
    report = load_paths(store, [PLAIN])
    skipped = dict(report.skipped)
    assert "README.md" in skipped and "not a debrief note" in skipped["README.md"]
    call = report.conventions["call log.md"]
    assert call["debrief id"].endswith("(made from the file's name)")
    # it names no country: its local number is not read, and the summary says so
    assert "numbers written without a country code are not read" in call["phones"]
    # "Date: 2 March 2025": a month written as a word is a date like any other
    assert report.problems == []
    dates = "MATCH (s:Source) RETURN s.file AS file, s.date AS date ORDER BY file"
    assert store.read(dates) == [
        {"file": NOTE, "date": "2025-02-14"},
        {"file": "call log.md", "date": "2025-03-02"},
    ]


def test_kind_debriefs_reads_any_text_as_a_note(store):
    report = load_paths(store, [PLAIN / "README.md"], kind="debriefs")
    assert report.conventions["README.md"]["note"] == "no front matter: headers read as nothing"
    # its case is missing and says so, as for any note without one
    assert any("case_id is missing" in p.reason for p in report.problems)


def _word_note(path: Path) -> Path:
    """A note as an office keeps it in Word: a title, a form table, paragraphs."""
    form = [
        ("Date of interview", "03/01/2025"),
        ("Case no.", "UG/KLA/2025/011"),
        ("Interviewing office", "Kampala returnee desk (fictional)"),
        ("Interviewee", "Okello Denis (M), Ugandan, born 1997"),
    ]
    summary = (
        "Denis was recruited on Telegram by @brayo_jobs_test for data-entry work in Bangkok."
        " His own phone was 0772 555 310. His passport was taken at the compound."
    )
    return word_form(path, form, paragraphs=["Summary", summary], title="Returnee debrief")


def test_a_word_note_is_read_with_its_form_table(store, tmp_path):
    note = _word_note(tmp_path / "Okello D debrief.docx")
    report = load_paths(store, [DEBRIEF, note])
    assert report.problems == []
    said = report.conventions["Okello D debrief.docx"]
    assert (
        said["note"] == "no front matter: headers read as date, case_id, organisation, interviewee"
    )
    source = store.read(
        "MATCH (s:Source {file: 'Okello D debrief.docx'})-[:PART_OF]->(c:Case)"
        " RETURN s.date AS date, s.country AS country, c.id AS case"
    )
    assert source == [{"date": "2025-01-03", "country": "UG", "case": "UG/KLA/2025/011"}]
    mentioned = store.read(
        "MATCH (:Source {file: 'Okello D debrief.docx'})-[:MENTIONS]->(n)"
        " WHERE n:Phone OR n:Account"
        " RETURN n.id AS id ORDER BY id"
    )
    assert mentioned == [{"id": "+256772555310"}, {"id": "telegram:brayo_jobs_test"}]


def test_a_broken_word_file_is_reported_and_the_rest_loads(store, tmp_path):
    broken = tmp_path / "scan.docx"
    broken.write_bytes(b"PK\x03\x04 this is not really a Word document")
    report = load_paths(store, [DEBRIEF, broken])
    [problem] = [p for p in report.problems if p.file == "scan.docx"]
    assert "not a readable Word (.docx) document" in problem.reason
    assert store.read("MATCH (s:Source) RETURN s.id AS id") == [{"id": "DBR-TST-0001"}]


def test_a_file_named_after_the_victim_does_not_name_her_in_a_report(store, tmp_path):
    """The office named the note "Achieng O - debrief ...": the report cites the file,
    and her name is withheld there as everywhere else, unless revealed."""
    load_paths(store, [PLAIN])
    resolve_people(store, tmp_path)
    shown = render_markdown(case_report(store, "KE/KSM/2025/003", figure=False))
    assert "Achieng" not in shown and "Odhiambo" not in shown
    assert f"{SID}-V1" in shown  # her pseudonym, and the note cited by a redacted name
    revealed = render_markdown(case_report(store, "KE/KSM/2025/003", reveal=True, figure=False))
    assert NOTE in revealed and "Achieng Odhiambo" in revealed


def test_an_export_of_all_layers_does_not_name_her(store, tmp_path):
    """The record layer too: her record's refs cite the file named after her, and the
    link resolving it holds her name as compared and as written (both were exported)."""
    load_paths(store, [PLAIN])
    resolve_people(store, tmp_path)
    for fmt in ("csv", "graphml"):
        folder = tmp_path / fmt
        export(store, fmt, folder, layer="all")
        text = " ".join(p.read_text(encoding="utf-8") for p in folder.iterdir()).lower()
        assert "achieng" not in text and "odhiambo" not in text
        assert f"{SID}-V1".lower() in text


def test_an_office_form_with_its_own_labels_is_read(store, tmp_path):
    """The labels "Ref:", "Place of interview:", "Name of victim:" and the victim's details on lines
    of their own, as an office's form has them, with the month named in Indonesian."""
    note = tmp_path / "Wekesa Baraka notes.txt"
    note.write_text(
        "DEBRIEF NOTE - CONFIDENTIAL\n\n"
        "Ref: MSA/DBR/2025/917\n"
        "Case Ref. No.: CASE-TST-917\n"
        "Unit: Coast Region Anti-Trafficking Unit (fictional)\n"
        "Date: 5 Maret 2025\n"
        "Place of interview: Mombasa, Kenya\n"
        "Name of victim: Wekesa Baraka\n"
        "Nationality: Kenyan\n"
        "Sex: Male\n"
        "Date of birth: 03/04/2001\n\n"
        "He called the recruiter on 0711 555 917 and was sent a ticket to Bangkok.\n",
        encoding="utf-8",
    )
    report = load_paths(store, [note])
    assert report.problems == []
    source = store.read(
        "MATCH (s:Source)-[:PART_OF]->(c:Case) RETURN s.id AS id, s.date AS date,"
        " s.country AS country, c.id AS case"
    )
    assert source == [
        {"id": "MSA/DBR/2025/917", "date": "2025-03-05", "country": "KE", "case": "CASE-TST-917"}
    ]
    victim = store.read(
        "MATCH (p:PersonRecord {is_interviewee: true}) RETURN p.name AS name,"
        " p.nationality AS nat, p.gender AS gender, p.birth_year AS born"
    )
    assert victim == [{"name": "Wekesa Baraka", "nat": "KE", "gender": "M", "born": 2001}]
    # the national number in the text is read as Kenyan, the place's country
    mentioned = store.read("MATCH (:Source)-[:MENTIONS]->(f:Phone) RETURN f.id AS id")
    assert mentioned == [{"id": "+254711555917"}]
    said = report.conventions[note.name]
    assert said["country"] == "KE, where the interview took place ('Mombasa, Kenya')"
    office = store.read("MATCH (s:Source) RETURN s.organisation AS office")
    assert office == [{"office": "Coast Region Anti-Trafficking Unit (fictional)"}]


def test_headers_in_markdown_bold_and_bullets_are_read(store, tmp_path):
    """ "**Date:** 12/03/2025" and "- **Name of victim:** ..." as a note typed in Markdown
    has them: the date used to be rejected as '** 12/03/2025' and the victim named
    '** Wekesa Juma'."""
    note = tmp_path / "note.md"
    note.write_text(
        "# Debrief note\n\n**Case no.:** CASE-TST-918\n**Date:** 12/03/2025\n"
        "**Country:** Kenya\n- **Name of victim:** Wekesa Juma (M), Kenyan, @juma__w\n"
        "* Ref: MD/2025/918\n\nHe was called on 0711 555 918.\n",
        encoding="utf-8",
    )
    report = load_paths(store, [note])
    assert report.problems == []
    found = store.read(
        "MATCH (s:Source)-[:PART_OF]->(c:Case), (s)-[:MENTIONS]->(p:PersonRecord)"
        " RETURN s.id AS id, s.date AS date, c.id AS case, p.name AS name"
    )
    assert found == [
        {"id": "MD/2025/918", "date": "2025-03-12", "case": "CASE-TST-918", "name": "Wekesa Juma"}
    ]


def test_a_word_form_with_two_labels_a_row_is_read(store, tmp_path):
    """Forms lay out "Ref | value | Date | value" on one row (their cells used to be
    joined into one line no header was read from), a label ending in ':' counts too,
    and an empty value cell leaves its label out."""
    form = [
        ("Ref", "KSM/DBR/2025/919", "Date of interview", "5 Maret 2025"),
        ("Case no.", "CASE-TST-919", "Grading:", ""),
        ("Name of victim", "Wekesa Juma (M)", "Nationality", "Kenyan"),
        ("Name", "Role", "Phone", "Seen"),
    ]
    called = ["He was called on +254 711 555 919."]
    path = word_form(tmp_path / "Juma W form.docx", form, paragraphs=called)
    report = load_paths(store, [path])
    assert report.problems == []
    found = store.read(
        "MATCH (s:Source)-[:PART_OF]->(c:Case), (s)-[:MENTIONS]->(p:PersonRecord)"
        " RETURN s.id AS id, s.date AS date, c.id AS case, p.name AS name,"
        " p.nationality AS nat"
    )
    assert found == [
        {"id": "KSM/DBR/2025/919", "date": "2025-03-05", "case": "CASE-TST-919",
         "name": "Wekesa Juma", "nat": "KE"}
    ]  # fmt: skip


def test_an_age_becomes_an_approximate_birth_year_and_the_summary_says_so(store, tmp_path):
    """ "24 yrs" on the interviewee line, "Age: 31" on a line of its own: a birth year
    worked out from the interview date (the year holding most of the span she could have
    been born in), at year precision, noted on her record; the summary says what was
    assumed. Without a date nothing is worked out, and the summary says that too."""
    (tmp_path / "Akinyi A.txt").write_text(
        "Field office: Lakeside Returnee Desk, Kisumu, Kenya (fictional)\n"
        "Date of interview: 14/02/2025\nCase No.: KE/KSM/2025/071\n"
        "Interviewee: Akinyi Atieno (F), 24 yrs, Kenyan\n\nShe was taken to Myawaddy.\n",
        encoding="utf-8",
    )
    (tmp_path / "Otieno B.txt").write_text(
        "Case No.: KE/KSM/2025/072\nDate: 20 November 2024\nCountry: Kenya\n"
        "Name of victim: Otieno Baraka (M)\nAge: 31\n",
        encoding="utf-8",
    )
    (tmp_path / "undated.txt").write_text(
        "Case No.: KE/KSM/2025/073\nCountry: Kenya\nInterviewee: Wanjiru K (F), aged 19\n",
        encoding="utf-8",
    )
    report = load_paths(store, [tmp_path])
    born = store.read(
        "MATCH (s:Source)-[:MENTIONS]->(p:PersonRecord) RETURN s.file AS file,"
        " p.birth_year AS born, p.notes AS notes ORDER BY file"
    )
    about = "birth year about {}: aged {} on {}"
    assert born == [
        {"file": "Akinyi A.txt", "born": 2000, "notes": about.format(2000, 24, "2025-02-14")},
        {"file": "Otieno B.txt", "born": 1993, "notes": about.format(1993, 31, "2024-11-20")},
        {"file": "undated.txt", "born": None, "notes": None},
    ]
    said = report.conventions
    assert said["Akinyi A.txt"]["age of V1"] == (
        "24 on 2025-02-14: born between 2000-02-15 and 2001-02-14, birth year taken as 2000"
    )
    assert said["Otieno B.txt"]["age of V1"].endswith("birth year taken as 1993")
    undated = said["undated.txt"]["age of V1"]
    assert undated == "19 not turned into a birth year: the note has no date"


def test_notes_typed_in_french_vietnamese_swahili_and_indonesian(store):
    """Labels in the offices' languages ("Date de l'entretien :", "Ngày phỏng vấn:",
    "Tarehe ya mahojiano:", "Tanggal wawancara:"), nationalities as adjectives or words of
    those languages ("sénégalaise", "Mkenya", "WNI", "ghanéen"), countries outside the
    gazetteer ("Sénégal"), genders in words ("Femme", "Nữ", "Mwanaume", "Perempuan"),
    dates of birth with the month named, and the ages in "31 ans", "miaka 25"."""
    report = load_paths(store, [FIXTURES / "languages"])
    assert report.problems == []
    sources = store.read(
        "MATCH (s:Source)-[:PART_OF]->(c:Case) RETURN s.file AS file, s.date AS date,"
        " s.country AS country, c.id AS case ORDER BY file"
    )
    assert sources == [
        {"file": "entretien Awa D.txt", "date": "2024-08-12", "country": "SN",
         "case": "SN/DKR/2024/007"},
        {"file": "mahojiano Baraka.txt", "date": "2025-05-04", "country": "KE",
         "case": "KE/MSA/2025/055"},
        {"file": "phong van Lan.txt", "date": "2025-03-15", "country": "VN",
         "case": "VN/HN/2025/019"},
        {"file": "wawancara Siti.txt", "date": "2025-03-05", "country": "ID",
         "case": "ID/JKT/2025/044"},
    ]  # fmt: skip
    people = store.read(
        "MATCH (s:Source)-[:MENTIONS]->(p:PersonRecord) RETURN s.file AS file,"
        " p.local_ref AS ref, p.name AS name, p.roles AS roles, p.nationality AS nat,"
        " p.gender AS gender, p.birth_year AS born, p.birth_date AS birth_date"
        " ORDER BY file, ref"
    )
    shown = [tuple(row.values())[1:] for row in people]
    assert shown == [
        ("R1", "Moussa Fall", ["recruiter"], None, None, None, None),
        ("T1", "Ibrahima", ["transporter"], None, None, None, None),
        ("V1", "Awa Diop", ["victim"], "SN", "F", 1993, None),  # 31 ans on 12 August 2024
        ("V2", "Fatou", ["victim"], None, "F", None, None),
        ("V3", "Aminata", ["victim"], None, None, None, None),
        ("V4", "Kwame", ["victim"], "GH", None, None, None),
        ("R1", "Bw. Juma", ["recruiter"], None, None, None, None),
        ("V1", "Baraka Mwangi", ["victim"], "KE", "M", 1999, None),
        ("V2", "Neema", ["victim"], None, None, None, None),
        ("V3", "Halima", ["victim"], None, None, None, None),
        ("R1", "Anh Tuấn", ["recruiter"], None, None, None, None),
        ("V1", "Nguyễn Thị Lan", ["victim"], "VN", "F", 2002, "2002-09-02"),
        ("V2", "Nam", ["victim"], None, "M", None, None),  # "Nam (nam)": Nam, a man
        ("V3", "Hùng", ["victim"], None, None, None, None),
        ("R1", "Pak Joko", ["recruiter"], None, None, None, None),
        ("V1", "Siti Rahmawati", ["victim"], "ID", "F", 1998, "1998-01-12"),
        ("V2", "Dewi", ["victim"], None, None, None, None),
        ("V3", "Rina", ["victim"], None, "F", None, None),
    ]
    recruited = store.read(
        "MATCH (r:PersonRecord)-[:RECRUITED]->(v:PersonRecord) RETURN r.name AS name ORDER BY name"
    )
    assert [row["name"] for row in recruited] == ["Anh Tuấn", "Bw. Juma", "Moussa Fall", "Pak Joko"]
    countries = store.read(
        "MATCH (c:Country) WHERE c.id IN ['SN', 'GH'] RETURN c.id AS id, c.name AS name"
    )
    assert sorted((row["id"], row["name"]) for row in countries) == [
        ("GH", "Ghana"),
        ("SN", "Senegal"),
    ]

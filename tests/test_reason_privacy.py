"""A reviewer's free-text reason naming a victim is pseudonymised like any excerpt."""

from __future__ import annotations

from types import SimpleNamespace

from casegraph.services.reports.identity import _decisions_table
from casegraph.services.reports.privacy import Privacy

VICTIM = "Amina Fictitia Wanjiru"


def _table(store, reveal: bool):
    store.write(
        "CREATE (:Person {id: 'P-victim', name: $name, roles: ['victim'], is_victim: true,"
        " pseudonym: 'KE-V-0099'}), (:Person {id: 'P-rec', name: 'Corpus Recruiter',"
        " roles: ['recruiter']})",
        {"name": VICTIM},
    )
    decision = SimpleNamespace(
        left="DBR-A#R1", right="DBR-B#R2", judgement=SimpleNamespace(value="same"),
        user="analyst", at="2026-12-06", key=("DBR-A#R1", "DBR-B#R2"),
        reason=f"same man: {VICTIM} named him twice; Wanjiru said so again",
    )  # fmt: skip
    return _decisions_table([SimpleNamespace(decision=decision)], Privacy(store, reveal).redact)


def test_reason_naming_a_victim_is_pseudonymised(store):
    [row] = _table(store, reveal=False).rows
    reason = row[-1]
    assert VICTIM not in reason and "Wanjiru" not in reason and "Amina" not in reason
    assert reason.count("KE-V-0099") == 2


def test_reveal_keeps_the_reason_as_written(store):
    [row] = _table(store, reveal=True).rows
    assert VICTIM in row[-1]


def test_a_reason_naming_a_victim_leaks_into_no_report_or_export(store, tmp_path):
    """End to end: a reviewer writes a victim's name into a decision's reason; the person
    report (HTML, Markdown, PDF) and every export format are then scanned for it."""
    import shutil
    import subprocess

    from queries_support import eid, gt_person, load_examples, truth

    from casegraph.resolution import DecisionStore, Judgement
    from casegraph.services.entities.resolve import resolve_people
    from casegraph.services.exports import EXPORT_FORMATS, export
    from casegraph.services.reports import person_report
    from casegraph.services.reports.render import write_report

    victim = next(p["name"] for p in truth()["persons"] if p["roles"] == ["victim"])
    records = gt_person("P-WEKESA")["records"]
    decisions = tmp_path / "decisions"
    load_examples(store, decisions)
    reason = f"{victim} picked him out of the photo line-up"
    DecisionStore(decisions).record(records[0], records[1], Judgement.SAME, "analyst", reason)
    resolve_people(store, decisions)

    out = tmp_path / "out"
    out.mkdir()
    report = person_report(store, eid("P-WEKESA"))
    for fmt in ("html", "md", "pdf"):
        write_report(report, fmt, out / f"report.{fmt}")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (Debian poppler-utils, `make test-tools`) reads the PDF's text"
    subprocess.run([pdftotext, out / "report.pdf", out / "report-pdf.txt"], check=True)
    for fmt in EXPORT_FORMATS:
        export(store, fmt, out / fmt)

    html = (out / "report.html").read_text(encoding="utf-8")
    assert "picked him out of the photo line-up" in html, "the reason is shown, pseudonymised"
    scanned = [p for p in out.rglob("*") if p.is_file() and p.suffix != ".pdf"]
    assert len(scanned) > len(EXPORT_FORMATS) + 3
    leaks = [
        str(p.relative_to(out))
        for p in scanned
        if victim in p.read_bytes().decode("utf-8", errors="replace")
    ]
    assert not leaks, f"{victim!r} (planted in a review reason) is written in {leaks}"


def test_a_victims_short_given_name_and_unaccented_name_are_redacted(store, tmp_path):
    """Field trial: a Hanoi note's victim is "Trần Thị Mai"; the narrative calls her "Mai"
    and, typed on another keyboard, "Tran Thi Mai". The screening report quoted "Mai was
    promised a receptionist job" (words under four letters were never redacted, and names
    matched only with their accents); place names holding such a word stay as written."""
    from casegraph.services.entities.resolve import resolve_people
    from casegraph.services.ingest import load_paths
    from casegraph.services.reports import render_html
    from casegraph.services.reports.screening import load_rule, screen, screening_report

    (tmp_path / "HN-44.md").write_text(
        "---\ndebrief_id: HN-44\ncase_id: VN-44\ndate: 2024-04-02\ncountry: VN\n"
        "interviewee: {ref: V1, pseudonym: VN-V-44, name: Trần Thị Mai, role: victim}\n"
        "people:\n  - {ref: R1, name: Nguyễn Văn Hùng, roles: [recruiter]}\n---\n"
        "Mai was promised a receptionist job in Cambodia by Nguyen Van Hung.\n"
        "In Chiang Mai, Tran Thi Mai's passport was taken away. She is from Viet Nam.\n",
        encoding="utf-8",
    )
    load_paths(store, [tmp_path])
    resolve_people(store, tmp_path / "decisions")
    rule = load_rule()
    found, ctx = screen(store, None, rule)
    report = render_html(screening_report(found, ctx, rule, "everyone"))
    assert "VN-V-44 was promised a receptionist job in Cambodia by Nguyen Van Hung" in report
    assert "In Chiang Mai, VN-V-44&#39;s passport was taken away" in report
    assert "Tran Thi" not in report and "Trần" not in report
    assert report.count("Mai") == report.count("Chiang Mai")

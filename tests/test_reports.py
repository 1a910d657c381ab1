"""Evidence reports on the example dataset, checked against its ground truth.

What a prosecutor relies on: every citation points to the right source, corroboration
counts are right, weak links are marked, victims stay pseudonymous (in text, excerpts
and the figure) unless revealed, the HTML is one offline file and the PDF prints.
The examples get a store of this module's own, with the ground-truth entity layer.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess

import pytest
from PIL import Image
from queries_support import eid, example_graph, gt_person, load_examples, truth, victim_names
from report_support import BACKENDS, run_cli

from casegraph.core.errors import ParameterError
from casegraph.resolution import DecisionStore, Judgement
from casegraph.services.entities.resolve import resolve_people
from casegraph.services.reports import (
    Report,
    find_person,
    person_report,
    render_html,
    render_markdown,
)
from casegraph.services.reports.case import case_report
from casegraph.services.reports.citations import LOW_CREDIBILITY, LOW_RELIABILITY, SINGLE_LOW
from casegraph.services.reports.compound import compound_report
from casegraph.services.reports.model import Evidence, EvidenceItem, Figure, Table
from casegraph.services.reports.privacy import Privacy
from casegraph.services.reports.render import render_pdf
from casegraph.store import GraphStore

CITE = re.compile(r"\[S(\d+)\]")
INSTALL_HINT = "pdftoppm is missing: run make test-tools (Debian poppler-utils)"


graph = pytest.fixture(scope="module", params=BACKENDS, name="graph")(example_graph)


@pytest.fixture(scope="module")
def wekesa(graph: GraphStore) -> Report:
    """The top recruiter's report, as `casegraph report person` builds it."""
    return person_report(graph, eid(truth()["top_recruiter"]["person"]))


def items(report: Report, section: str) -> list[EvidenceItem]:
    found = [s for s in report.sections if s.title == section]
    assert found, f"no section {section!r} in {[s.title for s in report.sections]}"
    return [i for b in found[0].blocks if isinstance(b, Evidence) for i in b.items]


def exhibit(report: Report, cite: str) -> str:
    """The source id the source list gives for a citation such as [S3]."""
    return next(s.id for s in report.sources if f"[{s.label}]" == cite)


def shown(graph: GraphStore, pid: str) -> str:
    node = graph.read("MATCH (p:Person {id: $id}) RETURN p AS p", {"id": eid(pid)})[0]["p"]
    return Privacy(graph).name(node)


def split_sources(markdown: str) -> tuple[str, str]:
    body, _, sources = markdown.partition("\n## Sources\n")
    assert sources, "the report has no source list"
    return body, sources


# ------------------------------------------------------------------ citations


@pytest.mark.parametrize("kind", ["person", "case", "compound"])
def test_every_citation_is_in_the_source_list_and_every_source_is_cited(graph, wekesa, kind):
    report = {
        "person": lambda: wekesa,
        "case": lambda: case_report(graph, "CASE-KE-01", figure=False),
        "compound": lambda: compound_report(graph, "KK Park", figure=False),
    }[kind]()
    body, sources = split_sources(render_markdown(report))
    cited = {int(n) for n in CITE.findall(body)}
    listed = [int(n) for n in re.findall(r"^\| \[S(\d+)\] \|", sources, re.M)]
    assert cited, "the report cites nothing"
    assert sorted(listed) == list(range(1, len(listed) + 1)), "exhibits are not numbered 1..n"
    assert cited == set(listed)
    html = render_html(report)
    for number in cited:
        assert f'id="S{number}"' in html and f'href="#S{number}"' in html


@pytest.mark.parametrize(
    "link",
    [r for r in truth()["recruitment"] if r["recruiter"] == truth()["top_recruiter"]["person"]],
    ids=lambda r: r["recruited"],
)
def test_recruitment_links_cite_exactly_the_ground_truth_sources(graph, wekesa, link):
    statement = f"recruited {shown(graph, link['recruited'])}"
    matches = [i for i in items(wekesa, "Roles and links") if i.statement == statement]
    assert len(matches) == 1, [i.statement for i in items(wekesa, "Roles and links")]
    item = matches[0]
    assert {s.source_id for s in item.support} == set(link["sources"])
    assert item.sources == len(link["sources"])
    for support in item.support:  # the exhibit number leads to that same source
        assert exhibit(wekesa, support.cite) == support.source_id


@pytest.mark.parametrize(
    "edge", truth()["hierarchy"]["CMP-MM-KKPARK"]["edges"], ids=lambda e: f"{e['from']}>{e['to']}"
)
def test_reporting_lines_count_independent_sources_and_organisations(graph, edge):
    report = person_report(graph, eid(edge["from"]), figure=False)
    statement = f"reports to {shown(graph, edge['to'])}"
    item = next(i for i in items(report, "Roles and links") if i.statement == statement)
    assert item.sources == len(edge["sources"])
    assert {s.source_id for s in item.support} == set(edge["sources"])
    orgs = graph.read(
        "MATCH (s:Source) WHERE s.id IN $ids RETURN collect(DISTINCT s.organisation) AS o",
        {"ids": edge["sources"]},
    )[0]["o"]
    assert item.organisations == len(orgs)


def test_links_on_a_single_low_graded_source_are_marked(graph):
    low = [
        r["id"]
        for r in graph.read(
            "MATCH (s:Source) RETURN s.id AS id, s.reliability AS r, s.credibility AS c"
        )
        if r["r"] in LOW_RELIABILITY or r["c"] in LOW_CREDIBILITY
    ]
    assert low, "the examples have no low-graded source to test with"
    rows = graph.read(
        "MATCH (p:Person)-[r]->(o) WHERE size(r.source_ids) = 1 AND r.source_ids[0] IN $low "
        "AND type(r) IN ['RECRUITED', 'WORKS_AT', 'WORKS_FOR', 'REPORTS_TO', 'TRANSPORTED'] "
        "RETURN p.id AS id LIMIT 1",
        {"low": low},
    )
    assert rows, "no person link rests on a single low-graded source in the examples"
    report = person_report(graph, rows[0]["id"], figure=False)
    checked = 0
    for item in items(report, "Roles and links"):
        weak = item.sources == 1 and item.support[0].source_id in low
        assert (SINGLE_LOW in item.flags) == weak, (item.statement, item.flags)
        checked += weak
    assert checked
    assert "single low-graded source" in render_html(report)


def test_chronology_lists_dated_journey_legs_and_payments(graph, wekesa):
    section = next(s for s in wekesa.sections if s.title == "Chronology")
    table = next(b for b in section.blocks if isinstance(b, Table))
    dates = [row[0] for row in table.rows]
    assert dates == sorted(dates), "the chronology is not in date order"
    paid = [p for p in truth()["payments"] if p["paid_to"] == "P-WEKESA" and p.get("date")]
    text = "\n".join(row[1] for row in table.rows)
    for payment in paid:
        assert any(row[0] == str(payment["date"]) for row in table.rows), payment
        assert f"{payment['amount']:,} {payment['currency']}" in text


# ------------------------------------------------------------------ identity


def test_identity_lists_every_merged_record_with_decisions_and_explanations(store, tmp_path):
    """On a resolved graph (not the ground-truth layer): what the resolve stored is shown."""
    records = gt_person("P-WEKESA")["records"]
    load_examples(store, tmp_path)
    DecisionStore(tmp_path).record(records[0], records[1], Judgement.SAME, "analyst", "same SIM")
    resolve_people(store, tmp_path)
    report = person_report(store, eid("P-WEKESA"), figure=False)
    identity = next(s for s in report.sections if s.title == "Identity")
    tables = [b for b in identity.blocks if isinstance(b, Table)]
    merged = next(t for t in tables if t.columns[0] == "Record")
    assert {row[0] for row in merged.rows} == set(records)
    decisions = next(t for t in tables if t.columns[0] == "Pair")
    assert [row[1:3] for row in decisions.rows] == [["same", "analyst"]]
    features = [t for t in tables if t.columns[0] == "Field"]
    assert len(features) == len(records) - 1, "one explanation per pair of the spanning tree"
    assert any(row[0] == "phones" for t in features for row in t.rows)
    plain = person_report(store, eid("P-WEKESA"), figure=False, explain=False)
    identity = next(s for s in plain.sections if s.title == "Identity")
    assert not [b for b in identity.blocks if isinstance(b, Table) and b.columns[0] == "Field"]
    assert_no_table_wider_than_the_page(report)


def assert_no_table_wider_than_the_page(report: Report) -> None:
    """Lay the PDF out (WeasyPrint) and check every table ends inside the text column."""
    from weasyprint import HTML

    def boxes(box):
        yield box
        for child in getattr(box, "children", None) or []:
            yield from boxes(child)

    for number, page in enumerate(HTML(string=render_html(report)).render().pages, 1):
        every = list(boxes(page._page_box))
        body = next(b for b in every if getattr(b, "element_tag", None) == "body")
        column = body.position_x + body.margin_width()
        for table in (b for b in every if type(b).__name__ == "TableBox"):
            right = table.position_x + table.margin_width()
            too_wide = f"page {number}: a table is {right - column:.0f}px wider than the page"
            assert right <= column + 0.5, too_wide


def test_network_figure_labels_print_at_8_pt_or_more(wekesa):
    """The figure is shrunk to the A4 text column (180 mm) when wider: every text of its
    SVG (user units are points) must still be at least 8 pt once shrunk."""
    figure = next(
        b
        for s in wekesa.sections
        for b in s.blocks
        if isinstance(b, Figure) and b.caption.startswith("Network within")
    )
    svg = base64.b64decode(figure.data_uri.split(",", 1)[1]).decode("utf-8")
    width = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', svg).group(1))
    sizes = [float(x) for x in re.findall(r"font-size: ?([\d.]+)px", svg)]
    assert sizes, "the figure has no text"
    printed = min(sizes) * min(1.0, (180 / 25.4 * 72) / width)
    assert printed >= 8.0, f"smallest label prints at {printed:.1f} pt"


def test_a_plain_sentence_says_why_the_records_are_one_person(wekesa):
    identity = next(s for s in wekesa.sections if s.title == "Identity")
    sentence = next(
        b.text for b in identity.blocks if "are treated as one" in str(getattr(b, "text", ""))
    )
    person = gt_person("P-WEKESA")
    telegram = next(s for s in truth()["shared_identifiers"] if s["id"] == person["accounts"][0])
    debriefs = [s for s in telegram["sources"] if s.startswith("DBR-")]
    countries = {d["country"] for d in truth()["debriefs"] if d["id"] in debriefs}
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    assert (
        f"{words[len(debriefs)]} debriefs and {words[len(telegram['sources']) - len(debriefs)]}"
        f" analyst tables from {words[len(countries)]} countries give the same Telegram account"
        f" ({telegram['id']})" in sentence
    )
    assert sentence.startswith("These ") and person["name"] in sentence.split(" because ")[0]


def test_a_layer_written_without_resolving_says_it_has_no_explanation(wekesa):
    identity = next(s for s in wekesa.sections if s.title == "Identity")
    assert "No resolution is stored for these records" in render_markdown(wekesa)
    assert not [b for b in identity.blocks if isinstance(b, Table) and b.columns[0] == "Field"]


def test_ambiguous_name_lists_every_candidate_and_a_unique_alias_finds_one(graph):
    with pytest.raises(ParameterError) as err:
        find_person(graph, "Sammy")
    for pid in ("P-WEKESA", "P-KIPRONO"):
        assert eid(pid) in str(err.value)
    people = [r["p"] for r in graph.read("MATCH (p:Person) RETURN p AS p")]

    def names(p: dict) -> set[str]:
        return {n.lower() for n in [p.get("name"), *p.get("names", []), *p.get("aliases", [])] if n}

    mine = next(p for p in people if p["id"] == eid("P-WEKESA"))
    others = set().union(*(names(p) for p in people if p is not mine))
    unique = sorted(n for n in names(mine) if n not in others)
    assert unique, "the top recruiter has no alias of his own in the examples"
    assert find_person(graph, unique[0].upper())["id"] == mine["id"]


# ------------------------------------------------------------------ privacy and offline


def _figure_text(html: str) -> str:
    uri = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert uri, "the HTML report has no embedded figure"
    return base64.b64decode(uri.group(1)).decode("utf-8")


def _leaks(text: str) -> list[str]:
    lowered = text.lower()
    return sorted(n for n in victim_names() if n.lower() in lowered)


def test_victims_are_pseudonymous_in_text_excerpts_and_figure(graph):
    kamau = truth()["victim_turned_controller"]["person"]
    for report in (
        person_report(graph, eid(kamau)),
        person_report(graph, eid("P-CHEN")),
        case_report(graph, "CASE-KE-01"),
        compound_report(graph, "KK Park"),
    ):
        html = render_html(report)
        assert not _leaks(html), report.title
        assert not _leaks(_figure_text(html)), f"figure of {report.title}"
        assert not _leaks(render_markdown(report)), report.title
    revealed = render_html(person_report(graph, eid(kamau), reveal=True, figure=False))
    assert gt_person(kamau)["name"] in revealed
    assert "VICTIM IDENTITIES REVEALED" in revealed


def test_html_is_one_offline_file(wekesa):
    html = render_html(wekesa)
    assert not re.search(r"<(script|link|iframe)\b", html)
    refs = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert refs and all(r.startswith(("#", "data:")) for r in refs), refs
    assert "url(" not in html


def test_same_data_gives_the_same_report_apart_from_the_time(graph, wekesa):
    again = person_report(graph, eid("P-WEKESA"))

    def stable(report: Report) -> str:
        return re.sub(r"Generated:\*\* .*", "", render_markdown(report)) + _figure_text(
            render_html(report)
        )

    assert stable(again) == stable(wekesa)
    assert re.fullmatch(r"[0-9a-f]{64}", wekesa.header.snapshot)
    # the store as `casegraph store` names it (it read "neo4j at Neo4j at bolt://...")
    assert wekesa.header.store == graph.location
    assert re.match(r"(Neo4j|embedded FalkorDB) at ", wekesa.header.store)


def test_pdf_has_pages_and_the_first_page_is_not_blank(wekesa, tmp_path):
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip(INSTALL_HINT)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(wekesa))
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", pages).group(1)) >= 2
    subprocess.run(
        [pdftoppm, "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    dark = sum(image.histogram()[:200]) / (image.width * image.height)
    assert dark > 0.01, f"first page is nearly blank ({dark:.2%} dark pixels)"


# ------------------------------------------------------------------ command line


def test_report_command_writes_pdf_and_refuses_pdf_on_stdout(graph, tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        return run_cli(graph, *args, home=tmp_path)

    out = tmp_path / "case.pdf"
    done = run("report", "case", "CASE-KE-01", "--format", "pdf", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    refused = run("report", "person", eid("P-WEKESA"), "--format", "pdf", "--no-explain")
    assert refused.returncode == 1 and "-o" in refused.stderr
    ambiguous = run("report", "person", "Sammy", "--format", "md", "--no-explain")
    assert ambiguous.returncode == 1 and eid("P-KIPRONO") in ambiguous.stderr


def test_report_format_follows_the_output_files_extension(graph, tmp_path):
    """`-o case.md` is Markdown (it used to be HTML under an .md name); a --format the
    extension contradicts is refused, and nothing is written."""
    md = tmp_path / "case.md"
    done = run_cli(graph, "report", "case", "CASE-KE-01", "-o", str(md), home=tmp_path)
    assert done.returncode == 0, done.stderr
    written = md.read_text(encoding="utf-8")
    assert "\n# Case report: CASE-KE-01\n" in written and "<html" not in written
    html = tmp_path / "case.html"
    args = ("report", "case", "CASE-KE-01", "--format", "md", "-o", str(html))
    refused = run_cli(graph, *args, home=tmp_path)
    assert refused.returncode == 2 and "is .html" in refused.stderr
    assert not html.exists()

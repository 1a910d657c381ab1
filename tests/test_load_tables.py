"""Tabular kinds: aliases, phones, agencies, compounds (CSV, XLSX, GeoJSON) and routes."""

from __future__ import annotations

import csv
import json

from load_helpers import BAD, GOOD
from openpyxl import Workbook

from casegraph.loaders.mappings import decide_kind
from casegraph.loaders.tables import read_tables
from casegraph.services.ingest import load_paths

TABLES = GOOD / "tables"


def ids(store, query, **params) -> list:
    return sorted(row["id"] for row in store.read(query, params))


def test_alias_rows_of_one_record_add_up(store):
    report = load_paths(store, [TABLES / "aliases.csv"])
    assert report.problems == [] and report.kinds["aliases"].loaded == 3
    record = store.read("MATCH (p:PersonRecord {id: 'INTEL-KE-7#AL-1'}) RETURN p")[0]["p"]
    assert sorted(record["aliases"]) == ["Boss B", "Brayo"] and record["roles"] == ["recruiter"]
    aliases = store.read(
        "MATCH (:PersonRecord {id: 'INTEL-KE-7#AL-1'})-[r:HAS_ALIAS]->(a:Alias) "
        "RETURN a.value AS value, r.refs AS refs ORDER BY value"
    )
    assert aliases == [
        {"value": "Boss B", "refs": ["aliases.csv:row 3"]},
        {"value": "Brayo", "refs": ["aliases.csv:row 2"]},
    ]
    source = store.read("MATCH (s:Source {id: 'INTEL-KE-7'}) RETURN s")[0]["s"]
    assert (source["reliability"], source["credibility"], source["kind"]) == ("C", 3, "aliases")
    # A row without record_id or source_id: the file is the source, name + case the ref.
    assert ids(store, "MATCH (p:PersonRecord {source_id: 'aliases'}) RETURN p.id AS id") == [
        "aliases#LENGMADEUPCASETST02"
    ]


def test_bad_phone_rows_are_rejected_with_row_numbers(store):
    report = load_paths(store, [BAD / "phones.csv"])
    assert [(p.line, p.field) for p in report.problems] == [(3, "phone")]
    assert "not a phone" in report.problems[0].reason
    stats = report.kinds["phones"]
    assert (stats.read, stats.loaded, stats.rejected) == (4, 3, 1)
    # an unknown role is kept as written, reported once as a note, not a rejected row
    assert report.notes == ["phones.csv: unknown role 'wizard' kept as 'other:wizard'"]
    roles = store.read("MATCH (p:PersonRecord {name: 'Bad Role'}) RETURN p.roles AS roles")
    assert roles == [{"roles": ["other:wizard"]}]


def test_strict_makes_an_unknown_role_a_problem(store):
    report = load_paths(store, [BAD / "phones.csv"], strict=True)
    assert [(p.line, p.field) for p in report.problems] == [(3, "phone"), (4, "holder_role")]
    assert "wizard" in report.problems[1].reason and report.not_written == ["phones.csv"]


def test_agencies_supply_compounds_and_registration_is_a_reference(store, tmp_path):
    load_paths(store, [TABLES / "agencies.csv"])
    agency = store.read("MATCH (a:Agency) RETURN a")[0]["a"]
    assert agency["id"] == "AGY-KE-HORIZON-TEST-LINK" and agency["registration"] == "REG-KE-0099"
    assert '"website"' in agency["extra"]
    supplied = ids(store, "MATCH (:Agency)-[:SUPPLIES]->(c:Compound) RETURN c.id AS id")
    assert supplied == ["CMP-KH-BLUEHARBOUR", "CMP-MM-KKPARK"]
    assert ids(store, "MATCH (:Agency)-[:HAS_ACCOUNT]->(a) RETURN a.id AS id") == [
        "email:jobs@horizon-test.example.org"
    ]
    note = tmp_path / "DBR-TST-0009.md"
    note.write_text(
        "---\ndebrief_id: DBR-TST-0009\ncase_id: C9\ncountry: KE\n"
        "people:\n  - {ref: R1, name: Someone, roles: [recruiter], agency: REG-KE-0099}\n---\n",
        encoding="utf-8",
    )
    load_paths(store, [note])  # a later load: the registration is read back from the store
    assert ids(store, "MATCH (:PersonRecord)-[:WORKS_FOR]->(a:Agency) RETURN a.id AS id") == [
        "AGY-KE-HORIZON-TEST-LINK"
    ]


def test_a_compound_sheet_placing_a_gazetteer_compound_elsewhere_says_so(store, tmp_path):
    """The gazetteer has a Golden Lotus Park in Cambodia; a sheet placing one in Myanmar
    is told on its row (it used to be merged into the Cambodian one without a word), and
    with its own compound_id it is a compound of its own."""
    path = tmp_path / "compounds.csv"
    path.write_text(
        "name,compound_id,country,location\n"
        "Golden Lotus Park,,MM,Myawaddy\n"
        "Golden Lotus Park,CMP-TST-GLP,MM,Myawaddy\n",
        encoding="utf-8",
    )
    report = load_paths(store, [path])
    said = [(p.line, p.field, p.reason) for p in report.problems]
    assert said == [
        (2, "country", "'Golden Lotus Park' is the gazetteer's 'Golden Lotus Compound' in KH,"
         " but the row says MM: loaded as that compound (maps place it in KH) with both"
         " countries; if another compound is meant, give the row its own compound_id"),
        (3, "country", "'Golden Lotus Park' is the gazetteer's 'Golden Lotus Compound' in KH,"
         " but the row says MM: loaded as a compound of its own, CMP-TST-GLP"),
    ]  # fmt: skip
    assert ids(store, "MATCH (c:Compound) RETURN c.id AS id ORDER BY id") == [
        "CMP-KH-GOLDENLOTUS",
        "CMP-TST-GLP",
    ]


def test_geojson_compounds_extend_the_name_lookup(store, tmp_path):
    note = tmp_path / "DBR-TST-0008.md"
    note.write_text(
        "---\ndebrief_id: DBR-TST-0008\ncase_id: C8\ncountry: MM\n"
        "interviewee: {ref: V1}\ncompounds:\n  - {compound: Golden Garden}\n"
        "people:\n  - {ref: R1, company: {name: 'Lucky Fictional Co., Ltd.', country: Myanmar}}\n"
        "---\n",
        encoding="utf-8",
    )
    report = load_paths(store, [note, TABLES / "compounds.geojson"])  # compounds load first
    assert report.problems == []
    garden = store.read("MATCH (c:Compound {id: 'CMP-TST-1'}) RETURN c")[0]["c"]
    assert (garden["latitude"], garden["longitude"], garden["capacity"]) == (16.7, 98.55, 800)
    assert ids(store, "MATCH (:PersonRecord)-[:HELD_AT]->(c) RETURN c.id AS id") == ["CMP-TST-1"]
    kk = store.read("MATCH (c:Compound {compound_id: 'CMP-TST-KK'}) RETURN c.id AS id")
    assert kk == [{"id": "CMP-MM-KKPARK"}]  # the gazetteer's id wins over the file's
    assert ids(store, "MATCH (:Company)-[:OPERATES]->(c) RETURN c.id AS id") == ["CMP-TST-1"]
    # the operator named in the file and the employer named in the note are one company
    employer = store.read(
        "MATCH (:PersonRecord)-[:WORKS_FOR]->(c:Company)-[:OPERATES]->(:Compound) RETURN c.id AS id"
    )
    assert employer == [{"id": "COM-MM-LUCKY-FICTIONAL"}]


def test_xlsx_sheets_are_told_apart_and_cite_their_sheet(store, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Numbers"
    sheet.append(["Phone", "Country", "Holder_Name"])
    sheet.append(["+855 96 123 4567", "KH", "Xlsx Person"])
    sheet.append(["nope", "KH", "Broken"])
    agencies = book.create_sheet("Agencies")
    agencies.append(["name", "country"])
    agencies.append(["Fictional Sheet Agency", "ID"])
    book.create_sheet("Notes").append(["remarks"])
    path = tmp_path / "intel.xlsx"
    book.save(path)
    report = load_paths(store, [path])
    # a sheet of no kind is an error naming its columns, never skipped quietly
    assert report.unknown_tables == ["intel.xlsx[Notes]"] and report.skipped == []
    assert [(p.file, p.line) for p in report.problems] == [
        ("intel.xlsx[Notes]", 1),
        ("intel.xlsx[Numbers]", 3),
    ]
    assert "columns remarks match no table kind" in report.problems[0].reason
    assert report.kinds["phones"].loaded == 1 and report.kinds["agencies"].loaded == 1
    refs = store.read("MATCH (:PersonRecord)-[r:USES_PHONE]->() RETURN r.refs AS refs")
    assert refs == [{"refs": ["intel.xlsx[Numbers]:row 2"]}]


def test_routes_become_ordered_legs(store):
    load_paths(store, [TABLES / "routes.csv"])
    legs = store.read(
        "MATCH (:Journey {id: 'route:RT-1'})-[:HAS_LEG]->(l:Leg)-[:FROM]->(f) "
        "RETURN l.id AS id, l.irregular AS irregular, f.id AS f ORDER BY l.order"
    )
    assert [leg["id"] for leg in legs] == ["route:RT-1#1", "route:RT-1#2", "route:RT-1#3"]
    assert [leg["irregular"] for leg in legs] == [False, False, True]
    assert legs[2]["f"] == "LOC-TH-MAESOT"


def test_kind_detection_and_forced_kind(store, tmp_path):
    def detect_kind(header: list[str]) -> str | None:
        match, _ = decide_kind(header)
        return match.kind if match else None

    assert detect_kind(["compound_id", "name", "country"]) == "compounds"
    assert detect_kind(["route_id", "leg", "from", "to"]) == "routes"
    assert detect_kind(["alias", "name", "phone"]) == "aliases"
    assert detect_kind(["name", "country", "phone"]) == "agencies"
    assert detect_kind(["phone", "country"]) == "phones"
    assert detect_kind(["foo", "bar"]) is None
    assert detect_kind(["name", "country"]) is None  # agencies or compounds: never a guess
    odd = tmp_path / "numbers.csv"
    odd.write_text("foo,phone\nx,+855 96 123 4567\n", encoding="utf-8")
    report = load_paths(store, [odd, GOOD / "README.md"])
    assert report.kinds["phones"].loaded == 1  # told apart by its `phone` column
    assert [file for file, _ in report.skipped] == ["README.md"]
    forced = load_paths(store, [odd], kind="aliases")
    assert "missing required column(s): alias" in forced.problems[0].reason


def test_csv_with_bom_and_windows_encoding(store, tmp_path):
    path = tmp_path / "phones.csv"
    path.write_bytes("\ufeffphone,holder_name\n+855 96 123 4567,Jos\u00e9\n".encode("utf-8"))
    assert load_paths(store, [path]).problems == []
    path.write_bytes("phone,holder_name\n+855 96 123 4567,Jos\u00e9\n".encode("cp1252"))
    assert load_paths(store, [path]).problems == []
    names = store.read("MATCH (p:PersonRecord) RETURN p.name AS name")
    assert names == [{"name": "Jos\u00e9"}]


def test_debrief_links_to_same_nodes_as_tables(store):
    load_paths(store, [GOOD])
    phone = store.read(
        "MATCH (p:Phone {id: '+254712345678'})<-[r:USES_PHONE]-(x) RETURN x.id AS who ORDER BY who"
    )
    assert [row["who"] for row in phone] == ["DBR-TST-0001#R1", "INTEL-KE-7#AL-1"]


def test_geojson_polygons_are_placed_at_their_centre(store, tmp_path):
    path = tmp_path / "sites.geojson"
    ring = [[102.0, 10.0], [102.2, 10.0], [102.2, 10.2], [102.0, 10.2]]
    feature = {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {"compound_id": "CMP-TST-POLY", "name": "Polygon Test Site", "country": "KH"},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), "utf-8")
    report = load_paths(store, [path])
    assert report.problems == []
    site = store.read(
        "MATCH (c:Compound {id: 'CMP-TST-POLY'}) RETURN c.latitude AS lat, c.longitude AS lon"
    )
    assert site == [{"lat": 10.1, "lon": 102.1}]
    assert load_paths(store, [path], kind="debriefs").skipped == [
        ("sites.geojson", "--kind debriefs does not read .geojson files")
    ]


def test_a_bad_optional_date_or_grading_is_left_out_and_the_row_loads(store, tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text(
        "alias,name,source_id,date,grading,reliability,credibility\n"
        "Tiger,Row Two,SRC-A,2024-02-01,B2,,\n"
        "Lion,Row Three,SRC-B,2024-02-30,,,\n"
        "Bear,Row Four,SRC-C,,Q7,,\n"
        "Wolf,Row Five,SRC-D,,,e,5\n",
        encoding="utf-8",
    )
    report = load_paths(store, [path])
    assert [(p.line, p.field) for p in report.problems] == [(3, "date"), (4, "grading")]
    assert all("value left out, the row loads" in p.reason for p in report.problems)
    assert report.kinds["aliases"].loaded == 4 and report.kinds["aliases"].rejected == 0
    sources = store.read(
        "MATCH (s:Source) RETURN s.id AS id, s.date AS date, s.grading AS grading ORDER BY id"
    )
    assert sources == [
        {"id": "SRC-A", "date": "2024-02-01", "grading": "B2"},
        {"id": "SRC-B", "date": None, "grading": None},
        {"id": "SRC-C", "date": None, "grading": None},
        {"id": "SRC-D", "date": None, "grading": "E5"},
    ]


def test_an_app_named_beside_a_mobile_is_that_number_on_the_app(store, tmp_path):
    """ "App: WhatsApp" and a mobile with no username is the mobile's WhatsApp account
    (it used to be refused as "None is not a valid whatsapp handle"); an app that needs
    a username says the username is missing."""
    path = tmp_path / "aliases.csv"
    path.write_text(
        "Record;Alias;Full name;Nationality;Mobile;App;Username\n"
        "A2;Pak Rudi;Rudi Hartanto;Indonesian;0812 5550 9917;WhatsApp;\n"
        "A3;Manager Jen;Jenny Villareal;Filipino;;Telegram;\n",
        encoding="utf-8",
    )
    report = load_paths(store, [path])
    assert [(p.line, p.reason) for p in report.problems] == [
        (3, "telegram is given without a handle; value left out, the row loads")
    ]
    accounts = store.read(
        "MATCH (r:PersonRecord)-[:HAS_ACCOUNT]->(a:Account) RETURN r.name AS name, a.id AS id"
    )
    assert accounts == [{"name": "Rudi Hartanto", "id": "whatsapp:+6281255509917"}]


def test_a_totals_line_below_the_rows_is_passed_over_and_said(store, tmp_path):
    """ "Total | 4" ends a sheet kept by hand: it used to be a rejected row (an unknown
    country '4' and a phone 'Total'); a last row with a name is still a row."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Phone Number", "Used by", "Country"])
    sheet.append(["0712 345 678", "Brayo", "KE"])
    sheet.append([])
    sheet.append(["Total", None, 1])
    book.save(tmp_path / "phones.xlsx")
    (tmp_path / "aliases.csv").write_text(
        "alias;name;case_id\r\nBrayo;Brian Otieno;KE-KSM-3\r\nSum;Summer Akinyi;KE-KSM-3\r\n",
        encoding="utf-8",
    )
    report = load_paths(store, [tmp_path])
    assert report.problems == []
    assert report.kinds["phones"].loaded == 1 and report.kinds["phones"].rejected == 0
    assert report.kinds["aliases"].loaded == 2
    said = report.conventions["phones.xlsx"]["read"]
    assert said.endswith("footer row 4 ('Total | 1') passed over as a totals line")


def test_a_title_above_the_header_is_passed_over_and_said(store, tmp_path):
    """Sheets kept by hand open with a title and a blank row; the header is row 3, and a
    reject still cites the row number the spreadsheet shows."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Phone numbers collected by the Kisumu desk - CONFIDENTIAL"])
    sheet.append([])
    sheet.append(["No.", "Phone Number", "Who", "Role", "Country"])
    sheet.append([1, "0712 345 678", "Brayo", "recruiter", "Kenya"])
    sheet.append([2, "0712 34", "Madam G", "recruiter", "Kenya"])
    sheet.append(["Total: 2"])
    book.save(tmp_path / "phones.xlsx")
    title = "Recruiter aliases, Kisumu desk (updated 03/2025)"
    (tmp_path / "aliases.csv").write_text(
        f"{title}\r\n\r\nalias;name;case_id\r\nBrayo;Brian Otieno;KE-KSM-3\r\n", encoding="utf-8"
    )
    report = load_paths(store, [tmp_path])
    assert report.kinds["phones"].loaded == 1 and report.kinds["aliases"].loaded == 1
    holder = "MATCH (p:PersonRecord)-[:USES_PHONE]->(f:Phone) RETURN p.name AS name, f.id AS id"
    assert store.read(holder) == [{"name": "Brayo", "id": "+254712345678"}]
    rejects = sorted((p.line, p.reason) for p in report.problems if p.file == "phones.xlsx")
    assert len(rejects) == 1  # the totals line below the rows is no reject
    assert rejects[0][0] == 5 and "'0712 34' is not a phone number" in rejects[0][1]
    said = report.conventions
    assert said["phones.xlsx"]["read"].endswith(
        "header row 3 (above it: 'Phone numbers collected by the Kisumu desk - CONFIDENTIAL'),"
        " footer row 6 ('Total: 2') passed over as a totals line"
    )
    assert f"header row 3 (above it: {title!r})" in said["aliases.csv"]["read"]


def test_a_tab_separated_export_is_read_like_a_csv(store, tmp_path):
    """A hotline's tool exports ``.tsv``: it used to be skipped as "not a loadable
    format", its three legs read nowhere."""
    (tmp_path / "routes_et.tsv").write_text(
        "Route\tLeg\tFrom\tTo\tMode\tDate\n"
        "ET-KH-1\t1\tAddis Ababa\tBangkok\tflight\t2024/02/02\n"
        "ET-KH-1\t2\tBangkok\tPhnom Penh\troad\t2024/02/04\n",
        encoding="utf-8",
    )
    report = load_paths(store, [tmp_path])
    assert report.skipped == [] and report.problems == []
    assert report.kinds["routes"].loaded == 2
    assert "delimiter tab" in report.conventions["routes_et.tsv"]["read"]
    legs = "MATCH (l:Leg) RETURN l.id AS id"
    assert ids(store, legs) == ["route:ET-KH-1#1", "route:ET-KH-1#2"]


def test_a_two_row_header_under_merged_cells_names_the_columns(store, tmp_path):
    """A police list heads "Full name | Alias" with a merged "Suspect" and "Phone |
    Telegram" with a merged "Contact": read by the first row alone, the sheet had no
    alias column and was an error; the record below the header is not a header row."""
    book = Workbook()
    sheet = book.active
    sheet.append(["SUSPECT LIST - RESTRICTED"])
    sheet.merge_cells("A1:F1")
    sheet.append(["No.", "Suspect", None, "Nationality", "Contact", None])
    sheet.merge_cells("B2:C2")
    sheet.merge_cells("E2:F2")
    sheet.append([None, "Full name", "Alias", None, "Phone", "Telegram"])
    sheet.append([1, "DAWIT ALEMU", "DAVE", "Ethiopian", "+251913555456", "@dave_jobs"])
    book.save(tmp_path / "suspects.xlsx")
    (tmp_path / "aliases.csv").write_text(  # one-row header, a record with a blank "No."
        "No.,Name,Alias,Phone,\n,Ram Thapa,Ramu,+977 980-1555777,\n", encoding="utf-8"
    )
    report = load_paths(store, [tmp_path])
    assert report.problems == []
    assert report.kinds["aliases"].loaded == 2
    said = report.conventions["suspects.xlsx"]["read"]
    assert "header rows 2-3, the second naming the columns of merged cells" in said
    rows = store.read(
        "MATCH (p:PersonRecord)-[:USES_PHONE]->(f:Phone) RETURN p.name AS name, p.aliases"
        " AS aliases, p.nationality AS nationality, f.id AS phone ORDER BY name"
    )
    assert rows == [
        {"name": "DAWIT ALEMU", "aliases": ["DAVE"], "nationality": "ET", "phone": "+251913555456"},
        {"name": "Ram Thapa", "aliases": ["Ramu"], "nationality": None, "phone": "+9779801555777"},
    ]


def test_a_hotline_log_of_suspects_reads_every_number_and_alias(store, tmp_path):
    """An NGO hotline log (Windows-1252, dd.mm.yyyy): "Suspect name" and "Phone numbers"
    were no columns of any kind (the file was an error); now a cell of two numbers is
    two phones, "Dawit @ Dave" two names and "JOHN (a.k.a. JOHNNY)" the alias JOHNNY,
    not "a.k.a. JOHNNY"."""
    log = (
        "No.,Date of call,Suspect name,Alias,Phone numbers,Nationality,Remarks\r\n"
        "1,15.03.2024,DAWIT ALEMU,Dawit @ Dave,0912 555 123 / +251 913 555 456,Ethiopian,"
        "Caller\u2019s sister recruited\r\n"
        ",,,,,,\r\n"
        "2,02.04.2024,JOHN (a.k.a. JOHNNY),JOHNNY,+66 81 555 0734,Filipino,caf\u00e9 in Mae Sot\r\n"
    )
    (tmp_path / "hotline_log.csv").write_bytes(log.encode("cp1252"))
    report = load_paths(store, [tmp_path])
    assert report.problems == []
    assert report.kinds["aliases"].loaded == 2
    rows = store.read(
        "MATCH (p:PersonRecord)-[:USES_PHONE]->(f:Phone) WITH p, f ORDER BY f.id"
        " RETURN p.name AS name, p.aliases AS aliases, p.notes AS notes, collect(f.id) AS"
        " phones ORDER BY name"
    )
    assert rows == [
        {
            "name": "DAWIT ALEMU",
            "aliases": ["Dawit", "Dave"],
            "notes": "Caller\u2019s sister recruited",
            "phones": ["+251912555123", "+251913555456"],
        },
        {"name": "JOHN", "aliases": ["JOHNNY"], "notes": "caf\u00e9 in Mae Sot",
         "phones": ["+66815550734"]},
    ]  # fmt: skip


def test_compound_coordinates_in_one_gps_cell_place_it(store, tmp_path):
    """A compounds sheet writes "10.6093° N, 103.5296° E" in one GPS column and the
    province beside it: both were kept as `extra`, the compound off the map and of no
    country; a cell that is no position is reported and the row loads."""
    (tmp_path / "compounds.csv").write_text(
        "Compound,Province,GPS\n"
        'Royal Orchid Compound,Preah Sihanouk,"10.6093° N, 103.5296° E"\n'
        'Golden Lotus Garden,Phnom Penh,"11°33\'23""N 104°55\'42""E"\n'
        "Jade Lantern Park,Phnom Penh,near the river\n",
        encoding="utf-8",
    )
    report = load_paths(store, [tmp_path])
    assert report.kinds["compounds"].loaded == 3
    placed = store.read(
        "MATCH (c:Compound) RETURN c.name AS name, c.country AS country, c.latitude AS lat,"
        " c.longitude AS lon ORDER BY name"
    )
    assert placed == [
        {"name": "Golden Lotus Garden", "country": "KH", "lat": 11.556389, "lon": 104.928333},
        {"name": "Jade Lantern Park", "country": "KH", "lat": None, "lon": None},
        {"name": "Royal Orchid Compound", "country": "KH", "lat": 10.6093, "lon": 103.5296},
    ]
    [problem] = report.problems
    assert (problem.line, problem.field) == (4, "gps")
    assert "'near the river' are not a latitude and a longitude" in problem.reason


def test_numbers_read_by_the_holders_nationality_are_said(store, tmp_path):
    """A Thai hotline logs a Myanmar driver's Thai SIM "081 555 0199" without a country:
    it was read as a Myanmar number (+95...) without a word, and never met the same SIM
    written "+66 81 555 0199" in a note. The summary now says which numbers were read by
    nationality; a Country column reads them as written."""
    (tmp_path / "hotline.csv").write_text(
        "Suspect name,Alias,Phone,Nationality\nU KYAW MIN,Kyaw Min,081 555 0199,Myanmar\n"
        "Dawit Alemu,Dave,+251 913 555 456,Ethiopian\n",
        encoding="utf-8",
    )
    (tmp_path / "police.csv").write_text(
        "Name,Alias,Phone,Nationality,Country\nKo Kyaw Min,Kyaw Min,081 555 0199,Myanmar,TH\n",
        encoding="utf-8",
    )
    report = load_paths(store, [tmp_path])
    assert report.problems == []
    said = report.conventions
    assert said["hotline.csv"]["phones"] == (
        "national numbers read as their holder's nationality's (MM for '081 555 0199'):"
        " a `country` column says where the numbers are from"
    )
    assert "phones" not in said["police.csv"]
    phones = "MATCH (:PersonRecord)-[:USES_PHONE]->(f:Phone) RETURN DISTINCT f.id AS id"
    assert ids(store, phones) == ["+251913555456", "+66815550199", "+95815550199"]


def test_a_windows_1252_file_is_not_read_as_central_european(store, tmp_path):
    """charset-normalizer rates cp1250 as likely as cp1252 on a short file and listed it
    first: "João" was read as "Joăo" and "Núñez" as "Núńez" without a word. Of encodings
    rated alike, the one reading the most letters wins, then cp1252; a Polish file saved
    in cp1250 is still read as one."""
    (tmp_path / "aliases.csv").write_bytes(
        "name,alias,remarks\r\nJoão Pereira,Jo,caller’s “friend”\r\nMaría Núñez,Mari,–\r\n".encode(
            "cp1252"
        )
    )
    (tmp_path / "phones.csv").write_bytes(
        "phone,holder_name\r\n+48 601 555 123,Łukasz Wąsowski\r\n".encode("cp1250")
    )
    report = load_paths(store, [tmp_path])
    assert report.problems == []
    assert report.conventions["aliases.csv"]["read"].endswith("encoding cp1252 (detected)"
        ", delimiter ,, quote \", line endings CRLF")  # fmt: skip
    names = "MATCH (p:PersonRecord) RETURN p.name AS id"
    assert ids(store, names) == ["João Pereira", "María Núñez", "Łukasz Wąsowski"]


def test_a_log_of_calls_dated_apart_keeps_each_calls_date(store, tmp_path):
    """A hotline log dates each call and names no source: the file was one Source and
    took the last row's date, so a lookup dated the call of 15 March "2024-04-11". Each
    date's rows are now one source; a file of one date stays one source."""
    (tmp_path / "hotline.csv").write_text(
        "Date of call,Suspect name,Alias,Phone\n"
        "15.03.2024,Dawit Alemu,Dave,+251 913 555 456\n"
        "11.04.2024,Ram Thapa,Ramu,+977 980-1555777\n"
        "11.04.2024,Kyaw Min,Ko Kyaw,+66 81 555 0199\n",
        encoding="utf-8",
    )
    (tmp_path / "police.csv").write_text(
        "Date,Name,Alias\n22.05.2024,Lin Haoran,Boss Lin\n", encoding="utf-8"
    )
    report = load_paths(store, [tmp_path])
    assert report.problems == [] and report.kinds["aliases"].loaded == 4
    dated = store.read(
        "MATCH (s:Source)-[:MENTIONS]->(:Phone {id: '+251913555456'}) RETURN s.id AS id,"
        " s.date AS date"
    )
    assert dated == [{"id": "hotline@2024-03-15", "date": "2024-03-15"}]
    sources = "MATCH (s:Source) RETURN s.id AS id"
    assert ids(store, sources) == ["hotline@2024-03-15", "hotline@2024-04-11", "police"]
    assert report.conventions["hotline.csv"]["sources"] == (
        "rows of 2 dates: each date's rows are one source, hotline@<date>"
    )


def test_a_column_named_after_a_platform_holds_handles_on_it(store, tmp_path):
    """A police list writes each suspect's handles under "Telegram", "WeChat ID" and
    "WhatsApp": the columns were kept as `extra`, the handles linked to nobody."""
    (tmp_path / "suspects.csv").write_text(
        "Name,Alias,Phone,Telegram,WeChat ID,WhatsApp,Country\n"
        "Lin Haoran,Boss Lin,+855 12 555 678,@boss_lin_rk,linhr_888,,KH\n"
        "Dawit Alemu,Dave,0913 555 456,t.me/dave_overseas_jobs,,0913 555 456,ET\n",
        encoding="utf-8",
    )
    report = load_paths(store, [tmp_path])
    assert report.problems == [] and report.notes == []
    accounts = store.read(
        "MATCH (p:PersonRecord)-[:HAS_ACCOUNT]->(a:Account) RETURN p.name AS name, a.id AS id"
        " ORDER BY name, id"
    )
    assert accounts == [
        {"name": "Dawit Alemu", "id": "telegram:dave_overseas_jobs"},
        {"name": "Dawit Alemu", "id": "whatsapp:+251913555456"},
        {"name": "Lin Haoran", "id": "telegram:boss_lin_rk"},
        {"name": "Lin Haoran", "id": "wechat:linhr_888"},
    ]
    extra = "MATCH (p:PersonRecord) WHERE p.extra IS NOT NULL RETURN p.extra AS id"
    assert ids(store, extra) == []


def test_identifiers_in_a_remarks_cell_are_mined(store, tmp_path):
    """A police list writes "ransom wallet T..." in Remarks: the wallet was text on the
    record and the list never met the notes paying into it. It is now mentioned by the
    list (origin mined, the cell as excerpt), not attributed to the suspect."""
    wallet = "TPhPQMs6SrDxb4eiJYraJ2b655GCaoKicU"
    (tmp_path / "suspects.csv").write_text(
        "Name,Alias,Nationality,Remarks\n"
        f"Lin Haoran,Boss Lin,Chinese,Runs Royal Orchid Compound; ransom wallet {wallet}\n",
        encoding="utf-8",
    )
    report = load_paths(store, [tmp_path])
    assert report.problems == []
    mined = store.read(
        "MATCH (s:Source)-[m:MENTIONS]->(w:Wallet) RETURN s.id AS source, w.id AS wallet,"
        " m.origin AS origin, m.excerpts AS excerpts"
    )
    assert mined == [
        {
            "source": "suspects",
            "wallet": f"tron:{wallet}",
            "origin": "mined",
            "excerpts": [f"Runs Royal Orchid Compound; ransom wallet {wallet}"],
        }
    ]
    assert store.read("MATCH (:PersonRecord)-[r:CONTROLS_WALLET]->() RETURN r") == []


def test_a_logged_time_and_words_beside_a_number_do_not_reject_the_value(store, tmp_path):
    """A hotline's export writes the call's time after its date ("15.03.2024 14:30") and
    an app beside a number ("0912 555 123 (WhatsApp)"): both were rejected as no date and
    no phone. The date is read without its time, the number without its words; a cell
    with digits that are not the number's ("0912 555 123/9") is still reported."""
    (tmp_path / "hotline.csv").write_text(
        "Date of call,Suspect name,Alias,Phone,Nationality\n"
        "15.03.2024 14:30,Dawit Alemu,Dave,0912 555 123 (WhatsApp),Ethiopian\n"
        "15.03.2024 16:05,Ram Thapa,Ramu,+977 980-1555777 / Viber,Nepali\n"
        "18.03.2024 09:12,Kyaw Min,Ko Kyaw,0912 555 123/9,Ethiopian\n",
        encoding="utf-8",
    )
    report = load_paths(store, [tmp_path])
    [problem] = report.problems
    assert (problem.line, problem.field) == (4, "phone")
    assert "'0912 555 123/9' is not a phone number" in problem.reason
    assert report.conventions["hotline.csv"]["dates"] == (
        "day first (dd/mm/yyyy): proven by '15.03.2024 14:30' in date of call"
    )
    phones = "MATCH (:PersonRecord)-[:USES_PHONE]->(f:Phone) RETURN f.id AS id"
    assert ids(store, phones) == ["+251912555123", "+9779801555777"]
    dates = "MATCH (s:Source) RETURN s.date AS id"
    assert ids(store, dates) == ["2024-03-15", "2024-03-18"]


def test_a_form_export_of_recruiters_loads_and_a_handle_without_app_is_explained(store, tmp_path):
    """A hotline's web form exports "Timestamp | Recruiter name | Recruiter alias |
    Recruiter phone number(s) | Recruiter username": no kind read it (an error). A
    username that is a link names its app; a bare one was "unknown platform None"."""
    (tmp_path / "form_responses.tsv").write_text(
        "Timestamp\tRecruiter name\tRecruiter alias\tRecruiter phone number(s)\t"
        "Recruiter username\tCountry\n"
        "3/15/2024 14:30:12\tDawit Alemu\tDave\t0913 555 456\tt.me/dave_overseas_jobs\tET\n"
        "3/18/2024 9:02:44\tKyaw Min\tKo Kyaw\t+66 81 555 0199\tkyawmin_driver\tTH\n",
        encoding="utf-8",
    )
    report = load_paths(store, [tmp_path])
    assert report.kinds["aliases"].loaded == 2
    [problem] = report.problems
    assert (problem.line, problem.field) == (3, "recruiter username")
    assert problem.reason.startswith("handle 'kyawmin_driver' names no platform")
    accounts = "MATCH (:PersonRecord)-[:HAS_ACCOUNT]->(a:Account) RETURN a.id AS id"
    assert ids(store, accounts) == ["telegram:dave_overseas_jobs"]
    dates = "MATCH (s:Source) RETURN s.date AS id"
    assert ids(store, dates) == ["2024-03-15", "2024-03-18"]  # month first, proven by 3/15


def test_a_phones_sheet_reads_numbers_by_what_the_suspects_sheet_says(store, tmp_path):
    """A police workbook lists its suspects (with nationality) on one sheet and their
    numbers on another: "0912 555 123" of DAWIT ALEMU was rejected (no country), though
    the Suspects sheet says he is Ethiopian; it is read as Ethiopian, and said so."""
    book = Workbook()
    suspects = book.active
    suspects.title = "Suspects"
    suspects.append(["Full name", "Alias", "Nationality"])
    suspects.append(["DAWIT ALEMU", "DAVE", "Ethiopian"])
    numbers = book.create_sheet("Phones")
    numbers.append(["Phone number", "Subscriber"])
    numbers.append(["0912 555 123", "DAWIT ALEMU"])
    numbers.append(["0913 555 456", "SOMEONE ELSE"])
    book.save(tmp_path / "police.xlsx")
    report = load_paths(store, [tmp_path])
    assert [(p.file, p.line) for p in report.problems] == [("police.xlsx[Phones]", 3)]
    held = "MATCH (p:PersonRecord)-[:USES_PHONE]->(f:Phone) RETURN p.name + ' ' + f.id AS id"
    assert ids(store, held) == ["DAWIT ALEMU +251912555123"]
    assert "ET for '0912 555 123'" in report.conventions["police.xlsx"]["phones"]


def test_tables_headed_in_vietnamese_or_indonesian_load(store, tmp_path):
    """A Hanoi office heads its list "Họ và tên | Biệt danh | Số điện thoại | Quốc tịch";
    it was skipped ("no column of a known kind"), and a Jakarta one ("Nama | Nomor HP |
    Kewarganegaraan") was an error: both are aliases tables."""
    (tmp_path / "danh_sach_doi_tuong.csv").write_text(
        "STT,Họ và tên,Biệt danh,Số điện thoại,Quốc tịch,Ghi chú\n"
        "1,Nguyễn Văn Hùng,Hùng Béo,0912 555 321,Việt Nam,tuyển người đi Campuchia\n",
        encoding="utf-8",
    )
    (tmp_path / "daftar_tersangka.csv").write_text(
        "No,Nama,Alias,Nomor HP,Kewarganegaraan,Keterangan\n"
        "1,Budi Santoso,Pak Budi,0812 5550 1234,Indonesia,perekrut\n",
        encoding="utf-8",
    )
    report = load_paths(store, [tmp_path])
    assert report.skipped == [] and report.problems == []
    assert report.kinds["aliases"].loaded == 2
    rows = store.read(
        "MATCH (p:PersonRecord)-[:USES_PHONE]->(f:Phone) RETURN p.name AS name,"
        " p.aliases AS aliases, p.nationality AS nationality, f.id AS phone ORDER BY name"
    )
    assert rows == [
        {"name": "Budi Santoso", "aliases": ["Pak Budi"], "nationality": "ID",
         "phone": "+6281255501234"},
        {"name": "Nguyễn Văn Hùng", "aliases": ["Hùng Béo"], "nationality": "VN",
         "phone": "+84912555321"},
    ]  # fmt: skip


def test_a_cell_past_pythons_csv_limit_is_read_whatever_was_imported_before():
    """Python's csv refuses a cell over 128 KiB unless something raised its limit (the
    followthemoney import did, so a load that read no FtM file failed on such a cell with
    an error naming no row); the reader sets the limit it needs itself."""
    before = csv.field_size_limit(131072)
    try:
        tables = read_tables(".csv", ("name,alias\n" + "x" * 200_000 + ",Dee\n").encode())
    finally:
        csv.field_size_limit(before)
    assert [row["alias"] for _, row in tables[0].rows] == ["Dee"]

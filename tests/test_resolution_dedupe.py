"""`casegraph dedupe` end to end on small invented tables (CSV and XLSX)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from casegraph.cli import main

HEADER = ["Record_ID", "Name", "DOB", "Phone", "Telegram", "Passport", "Agency"]
ROWS = [
    ["R1", "Mr Daniel Otieno", "1990-04-05", "0712 345 678", "@danny_jobs", "", "Horizon Co."],
    ["R2", "Otieno Danny", "05/04/1990", "+254 712 345 678", "", "", "Horizon Ltd"],
    ["R3", "Boss Wang Wei", "", "+86 138 0013 8000", "@wangwei_hr", "E12345678", ""],
    ["R4", "王伟", "", "13800138000", "wangwei_hr", "E12345678", ""],
    ["R5", "Amina Wanjiru", "1994-03-12", "0733 111 222", "", "", "Golden Sand Recruitment"],
    ["R6", "Somchai Jaidee", "1982-07-07", "", "", "", ""],
]  # fmt: skip
FIELDS = [
    "--field", "name:full_name", "--field", "dob:date", "--field", "phone:phone",
    "--field", "telegram:account", "--field", "passport:identifier", "--region", "KE",
]  # fmt: skip
EXPECTED = [{"R1", "R2"}, {"R3", "R4"}, {"R5"}, {"R6"}]


def write_csv(path: Path, rows: list[list[str]] = ROWS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([HEADER, *rows])
    return path


def write_xlsx(path: Path) -> Path:
    book = Workbook()
    for row in [HEADER, *ROWS]:
        book.active.append(row)
    book.save(path)
    return path


def clusters(out: Path) -> list[set[str]]:
    groups: dict[str, set[str]] = {}
    with (out / "clusters.csv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            groups.setdefault(row["cluster_id"], set()).add(row["record_id"])
    return sorted(groups.values(), key=min)


def dedupe(*args: str) -> None:
    main(["dedupe", *args])


@pytest.mark.parametrize("write", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_dedupe_finds_the_same_people_in_csv_and_xlsx(tmp_path, capsys, write):
    source = write(tmp_path / f"people.{'csv' if write is write_csv else 'xlsx'}")
    dedupe(str(source), "--id-column", "record_id", *FIELDS, "--out", str(tmp_path / "out"))
    assert clusters(tmp_path / "out") == EXPECTED
    summary = capsys.readouterr().out
    assert "6 records" in summary and "4 clusters" in summary and "reduction ratio" in summary
    with (tmp_path / "out" / "pairs.csv").open(encoding="utf-8") as rows:
        pairs = {(r["record_id_a"], r["record_id_b"]): r for r in csv.DictReader(rows)}
    assert pairs[("R1", "R2")]["decision"] == "merge"
    assert pairs[("R1", "R2")]["phone:left"] == "+254712345678"
    assert float(pairs[("R3", "R4")]["passport:weight"]) > 0


def test_decisions_folder_changes_the_next_run(tmp_path, capsys):
    source = write_csv(tmp_path / "people.csv")
    review = tmp_path / "review"
    (review).mkdir()
    (review / "decisions.csv").write_text("left,right,judgement,reason\nR1,R2,different,twins\n")
    from casegraph.resolution import DecisionStore

    DecisionStore(review).import_csv(review / "decisions.csv", user="analyst1")
    args = [str(source), "--id-column", "Record_ID", *FIELDS, "--decisions", str(review)]
    dedupe(*args, "--out", str(tmp_path / "out"), "--quiet")
    assert {"R1"} in clusters(tmp_path / "out") and {"R2"} in clusters(tmp_path / "out")
    assert capsys.readouterr().out == ""


def test_a_spec_file_gives_the_fields(tmp_path):
    source = write_csv(tmp_path / "people.csv")
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "fields:\n  - {name: name, kind: full_name}\n  - {name: phone, kind: phone}\n"
        "  - {name: passport, kind: identifier}\n  - {name: agency, kind: organisation}\n"
        "default_region: KE\n"
    )
    out = str(tmp_path / "o")
    dedupe(str(source), "--id-column", "record_id", "--spec", str(spec), "--out", out)
    assert {"R1", "R2"} in clusters(tmp_path / "o") and {"R3", "R4"} in clusters(tmp_path / "o")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--field", "nickname:full_name"], ["people.csv", "nickname", "no such column"]),
        (["--field", "name:shoe_size"], ["shoe_size", "unknown kind", "full_name"]),
        (["--field", "name"], ["COLUMN:KIND"]),
    ],
)
def test_bad_options_get_a_clear_error(tmp_path, capsys, args, expected):
    source = write_csv(tmp_path / "people.csv")
    with pytest.raises(SystemExit) as exit_:
        dedupe(str(source), "--id-column", "record_id", *args, "--out", str(tmp_path / "o"))
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert all(word in err for word in expected), err


def test_duplicate_ids_and_unreadable_files_are_reported(tmp_path, capsys):
    twice = write_csv(tmp_path / "twice.csv", ROWS + [ROWS[0]])
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    for source, expected in ((twice, "duplicate id"), (broken, "cannot read")):
        with pytest.raises(SystemExit):
            dedupe(str(source), "--id-column", "record_id", "--field", "name:full_name",
                   "--out", str(tmp_path / "o"))  # fmt: skip
        err = capsys.readouterr().err
        assert source.name in err and expected in err, err


def test_a_table_that_blocks_into_no_pairs_stops_with_advice(tmp_path, capsys):
    rows = [[f"R{i}", f"{given} Kariuki", "", "", "", "", ""] for i, given in
            enumerate(["Amani", "Baraka", "Chege", "Dalmas", "Eshe"])]  # fmt: skip
    source = write_csv(tmp_path / "people.csv", rows)
    with pytest.raises(SystemExit) as exit_:
        dedupe(str(source), "--id-column", "record_id", "--field", "phone:phone",
               "--out", str(tmp_path / "o"))  # fmt: skip
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "0 pairs" in err and "phone.value" in err and "--spec" in err, err
    assert not (tmp_path / "o" / "clusters.csv").exists()


def test_an_alias_column_alone_still_compares_spelling_variants(tmp_path, capsys):
    source = write_csv(tmp_path / "people.csv")
    out = tmp_path / "o"
    dedupe(str(source), "--id-column", "record_id", "--field", "name:alias", "--out", str(out))
    err = capsys.readouterr().err
    assert "name.phonetic_pairs" in err
    with (out / "pairs.csv").open(encoding="utf-8") as rows:
        found = {(r["record_id_a"], r["record_id_b"]): r for r in csv.DictReader(rows)}
    assert float(found[("R1", "R2")]["name:similarity"]) == 1.0  # compared, and alike


def test_the_model_is_saved_shown_and_reused(tmp_path, capsys):
    source = write_csv(tmp_path / "people.csv")
    first = tmp_path / "first"
    args = [str(source), "--id-column", "record_id", *FIELDS]
    dedupe(*args, "--out", str(first), "--show-weights")
    shown = capsys.readouterr().out
    assert "name" in shown and "weight" in shown and "similarity" in shown
    model = first / "model.yaml"
    assert "levels" in model.read_text()
    second = tmp_path / "second"
    dedupe(str(source), "--id-column", "record_id", "--spec", str(model), "--out", str(second))
    assert clusters(second) == clusters(first) == EXPECTED


FIELD_OFFICE = """Record ID,Full Name,DOB,Phone,Telegram,Nationality
1,"WANYAMA, Peter ",15 Dec 1969,0712 345 678,@pwany,Kenyan
2,Peter Wanyama,Dec 1969,+254-712-345678,pwany,KE
3,Mr. Peter Wanyamah,circa 1969,,t.me/pwany,Kenya
4,Siti Rahayu,1990-04-02,0812-3456-7890,,Indonesian
5,RAHAYU Siti,02/04/1990,+62 812 3456 7890,@sitir,Indonesia
6,Ko Aung Min,1985,09 420 123 456,,Burmese
7,Aung Min,,+95 9 420 123456,,Burma
8,Aung Myint,1972,09 420 999 111,,Myanmar
"""


def test_a_field_office_table_reads_countries_numbers_and_profile_links(tmp_path, capsys):
    """Countries written as names or nationalities ("Kenyan", "Burma") give national
    numbers their region, and a column named after a platform reads "@pwany", "pwany"
    and a t.me link as one Telegram account: no --region, no spec, no cleaning first."""
    source = tmp_path / "office.csv"
    source.write_text(FIELD_OFFICE, encoding="utf-8")
    dedupe(str(source), "--id-column", "Record ID", "--out", str(tmp_path / "out"))
    assert clusters(tmp_path / "out") == [{"1", "2", "3"}, {"4", "5"}, {"6", "7"}, {"8"}]
    said = capsys.readouterr().err
    assert "fields guessed from the column names: full name:full_name, dob:date," in said
    assert "telegram:account, nationality:country" in said
    with (tmp_path / "out" / "pairs.csv").open(encoding="utf-8") as rows:
        pairs = {(r["record_id_a"], r["record_id_b"]): r for r in csv.DictReader(rows)}
    assert pairs[("6", "7")]["phone:left"] == pairs[("6", "7")]["phone:right"] == "+959420123456"
    assert pairs[("1", "3")]["telegram:right"] == "telegram:pwany"
    assert pairs[("1", "2")]["phone:left"] == "+254712345678"


def test_columns_that_say_nothing_are_an_error_not_a_guess(tmp_path, capsys):
    source = tmp_path / "odd.csv"
    source.write_text("ref,col1,col2\n1,Peter Wanyama,0712 345 678\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        dedupe(str(source), "--id-column", "ref", "--out", str(tmp_path / "out"))
    said = capsys.readouterr().err
    assert "no column name says what it holds (header: col1, col2)" in said
    assert "--field COLUMN:KIND" in said

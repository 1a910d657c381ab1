"""Write the bad-input corpus: one file (or pair of files) per way an input can be broken.

Run at test time into a temporary folder (``build(folder)``), because some cases are
large by design (a 10 MB narrative, an XLSX that unzips past the limit, a row of 100,000
cells) and a repository should not hold them. ``python -m tests.corpus.make_corpus DIR``
writes the same files for a person to look at.

Every case says what a correct load does with it: the rejects it must report (file,
field and a reason a person understands, with the line or row where there is one), and
the ids that must still load from the same file when only a row or a field is bad.
Everything in it is fictional.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CASES", "Case", "Expect", "build"]

DEBRIEF = """---
debrief_id: {id}
case_id: CASE-CORPUS-01
date: 2024-05-14
country: KE
organisation: Fictional Corpus Unit, Nairobi
grading: B2
interviewee:
  ref: V1
  name: {victim}
  nationality: Kenyan
  role: victim
people:
  - ref: R1
    name: {recruiter}
    roles: [recruiter]
    phones: ["{phone}"]
relations:
  - {{from: R1, type: recruited, to: V1}}
{extra}---
{narrative}
"""


def debrief(
    id: str,
    recruiter: str = "Corpus Recruiter",
    victim: str = "Corpus Victim",
    phone: str = "+254 712 555 901",
    extra: str = "",
    narrative: str = "They took my passport.",
) -> str:
    return DEBRIEF.format(
        id=id, recruiter=recruiter, victim=victim, phone=phone, extra=extra, narrative=narrative
    )


PHONES = (
    "phone,country,holder_name\n+254 733 555 101,KE,Good Holder One\n{bad}\n"
    "+254 733 555 103,KE,Good Holder Three\n"
)


@dataclass
class Expect:
    """One reject the load must report: in ``file``, about ``field`` (None: any), with a
    reason matching ``reason`` (a regular expression), at a line or row when ``located``."""

    file: str
    reason: str
    field: str | None = None
    located: bool = True


@dataclass
class Case:
    name: str
    category: str
    files: dict[str, bytes | str]
    expect: list[Expect] = field(default_factory=list)
    present: list[tuple[str, str]] = field(default_factory=list)  # (label, id) still loaded
    rows: int = 1  # records (rows, notes) this case puts in front of the loader


def _laughs() -> str:
    lol = '["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
    lines = [f"a: &a {lol}"]
    for i in range(8):
        prev, name = chr(97 + i), chr(98 + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def _xlsx(rows: list[list], dimension: str | None = None, formula: str | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if formula:
        sheet["C3"] = formula
    buf = io.BytesIO()
    book.save(buf)
    if dimension is None:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index("<dimension ref=")
                end = text.index("/>", start) + 2
                data = (text[:start] + f'<dimension ref="{dimension}"/>' + text[end:]).encode()
            dst.writestr(item, data)
    return out.getvalue()


def _zip_bomb() -> bytes:
    """A valid-looking workbook whose sheet unzips to 520 MB of spaces (about 0.5 MB)."""
    good = _xlsx([["phone", "country"], ["+254 733 555 401", "KE"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item, data)
                continue
            info = zipfile.ZipInfo(item.filename)
            info.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(info, "w", force_zip64=True) as handle:
                handle.write(data[: -len(b"</worksheet>")])
                block = b" " * (1 << 20)
                for _ in range(520):
                    handle.write(block)
                handle.write(b"</worksheet>")
    return out.getvalue()


def _geojson(features: object) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features})


def _feature(cid: str, name: str, geometry: object = "point") -> dict:
    geo = {"type": "Point", "coordinates": [98.55, 16.7]} if geometry == "point" else geometry
    props = {"compound_id": cid, "name": name, "country": "MM"}
    return {"type": "Feature", "geometry": geo, "properties": props}


def _cases() -> list[Case]:
    cases = [
        # ---- YAML and JSON structure (each stopped the whole load, hung or blew memory)
        Case(
            "yaml nested 1,000 deep",
            "structure",
            {"deep.md": debrief("DBR-CORPUS-D1", extra="x: " + "[" * 1000 + "]" * 1000 + "\n")},
            [Expect("deep.md", "nesting.*over the limit", located=False)],
        ),
        Case(
            "yaml complex key ? [a, b]",
            "structure",
            {"complex.md": debrief("DBR-CORPUS-D2", extra="? [a, b]\n: c\n")},
            [Expect("complex.md", "a key must be plain text")],
        ),
        Case(
            "yaml billion laughs",
            "structure",
            {"laughs.md": debrief("DBR-CORPUS-D3", extra=_laughs())},
            [Expect("laughs.md", "expanding aliases.*over the limit")],
        ),
        Case(
            "json debrief nested 5,000 deep",
            "structure",
            {"deep.json": '{"debrief_id": "DBR-CORPUS-D4", "x": ' + "[" * 5000 + "]" * 5000 + "}"},
            [Expect("deep.json", "nest", located=False)],
        ),
        Case(
            "truncated front matter",
            "structure",
            {"truncated.md": debrief("DBR-CORPUS-D5")[:200]},
            [Expect("truncated.md", "never closed|malformed", located=False)],
        ),
        Case(
            "truncated JSON debrief",
            "structure",
            {"truncated.json": '{"debrief_id": "DBR-CORPUS-D6", "people": [{"ref": "R1", '},
            [Expect("truncated.json", "malformed", located=False)],
        ),
        Case(
            "geojson features not a list",
            "structure",
            {"features-object.geojson": '{"type": "FeatureCollection", "features": {"a": 1}}'},
            [Expect("features-object.geojson", "features. must be a list", located=False)],
        ),
        Case(
            "geojson feature without geometry",
            "structure",
            {
                "no-geometry.geojson": _geojson(
                    [
                        _feature("CMP-CORPUS-G1", "Corpus Garden One"),
                        _feature("CMP-CORPUS-G2", "Corpus Garden Two", geometry=None),
                        "not a feature",
                        _feature("CMP-CORPUS-G3", "Corpus Garden Three"),
                    ]
                )
            },
            [
                Expect("no-geometry.geojson", "no geometry", "geometry"),
                Expect("no-geometry.geojson", "must be an object"),
            ],
            present=[("Compound", "CMP-CORPUS-G1"), ("Compound", "CMP-CORPUS-G3")],
            rows=4,
        ),
        Case(
            "truncated geojson",
            "structure",
            {"truncated.geojson": _geojson([_feature("CMP-CORPUS-G9", "Cut Garden")])[:70]},
            [Expect("truncated.geojson", "cannot read", located=False)],
        ),
        # ---- values the store could not take or would change
        Case(
            ".inf in a value",
            "values",
            {"inf.md": debrief("DBR-CORPUS-V1", extra="job_ad: {title: Typist, salary: .inf}\n")},
            [Expect("inf.md", "NaN or infinity", "job_ad.salary")],
            present=[("Source", "DBR-CORPUS-V1")],
        ),
        Case(
            ".nan in a value",
            "values",
            {"nan.md": debrief("DBR-CORPUS-V2", extra="job_ad: {title: Typist, salary: .nan}\n")},
            [Expect("nan.md", "NaN or infinity", "job_ad.salary")],
            present=[("Source", "DBR-CORPUS-V2")],
        ),
        Case(
            "NUL character in a name",
            "values",
            {
                "nul.md": debrief("DBR-CORPUS-V3", recruiter="Corpus\\0Recruiter").replace(
                    "name: Corpus\\0Recruiter", 'name: "Corpus\\0Recruiter"'
                )
            },
            [Expect("nul.md", "U\\+0000", "people[0].name")],
            present=[("Source", "DBR-CORPUS-V3")],
        ),
        Case(
            "integer above 2^63",
            "values",
            {
                "bigint.md": debrief(
                    "DBR-CORPUS-V4",
                    extra=(
                        "payments:\n  - {kind: ransom, amount: 99999999999999999999, currency: USD,"
                        " paid_to: R1, for: V1}\n"
                    ),
                )
            },
            [Expect("bigint.md", "out of range", "payments[0].amount")],
            present=[("Source", "DBR-CORPUS-V4")],
        ),
        Case(
            "negative payment amount",
            "values",
            {
                "negative.md": debrief(
                    "DBR-CORPUS-V5",
                    extra=(
                        "payments:\n  - {kind: ransom, amount: -4500, currency: USD,"
                        " paid_to: R1, for: V1}\n"
                    ),
                )
            },
            [Expect("negative.md", "negative", "payments[0].amount")],
            present=[("Source", "DBR-CORPUS-V5")],
        ),
        Case(
            "control character (bell) in an alias",
            "values",
            {
                "bell.md": debrief("DBR-CORPUS-V6", extra="").replace(
                    "roles: [recruiter]", 'roles: [recruiter]\n    aliases: ["Boss\\a B"]'
                )
            },
            [Expect("bell.md", "U\\+0007", "people[0].aliases[0]")],
            present=[("Source", "DBR-CORPUS-V6")],
        ),
        Case(
            "right-to-left override in a name",
            "values",
            {"rtl.md": debrief("DBR-CORPUS-V7", recruiter="Corpus \u202eretiurceR")},
            [Expect("rtl.md", "U\\+202E", "people[0].name")],
            present=[("Source", "DBR-CORPUS-V7")],
        ),
        Case(
            "10 MB narrative",
            "limits",
            {
                "huge-narrative.md": debrief(
                    "DBR-CORPUS-L1", narrative="They took my passport. " * 450_000
                )
            },
            [Expect("huge-narrative.md", "narrative length.*not mined", "narrative")],
            present=[("Source", "DBR-CORPUS-L1"), ("Phone", "+254712555901")],
        ),
        Case(
            "NUL bytes in a narrative",
            "values",
            {"nul-narrative.md": debrief("DBR-CORPUS-V8", narrative="They took\0 my passport.")},
            [Expect("nul-narrative.md", "read as spaces", "narrative")],
            present=[("Source", "DBR-CORPUS-V8")],
        ),
        Case(
            "NaN, infinity, control character and RTL override in CSV cells",
            "values",
            {
                "phones-values.csv": "phone,country,holder_name,first_seen\n"
                "+254 733 555 201,KE,Good Holder,2024-01-02\n"
                "+254 733 555 202,KE,Bell\x07Holder,2024-01-02\n"
                "+254 733 555 203,KE,\u202eredloH,2024-01-02\n"
                "+254 733 555 204,KE,Good Holder Four,2024-01-02\n"
            },
            [
                Expect("phones-values.csv", "U\\+0007", "holder_name"),
                Expect("phones-values.csv", "U\\+202E", "holder_name"),
            ],
            present=[("Phone", "+254733555201"), ("Phone", "+254733555204")],
            rows=4,
        ),
        Case(
            "capacity out of range in a compound table",
            "values",
            {
                "compounds-range.csv": "compound_id,name,country,capacity\n"
                "CMP-CORPUS-C1,Corpus Park One,MM,800\n"
                "CMP-CORPUS-C2,Corpus Park Two,MM,1e400\n"
            },
            [Expect("compounds-range.csv", "NaN or infinity|not a number", "capacity")],
            present=[("Compound", "CMP-CORPUS-C1")],
            rows=2,
        ),
        # ---- duplicates and silent changes
        Case(
            "two columns of the same name",
            "duplicates",
            {
                "dup-columns.csv": "phone,country,holder_name,holder_name\n"
                "+254 733 555 301,KE,One Holder,Another Holder\n"
            },
            [Expect("dup-columns.csv", "appear more than once")],
        ),
        Case(
            "second debrief with an existing id and other content",
            "duplicates",
            {
                "dup-a/DBR-CORPUS-DUP.md": debrief("DBR-CORPUS-DUP", recruiter="First Recruiter"),
                "dup-b/DBR-CORPUS-DUP.md": debrief("DBR-CORPUS-DUP", recruiter="Second Recruiter"),
            },
            [
                Expect(
                    "dup-b/DBR-CORPUS-DUP.md",
                    "also the id of .*dup-a/DBR-CORPUS-DUP.md",
                    located=False,
                )
            ],
            present=[("Source", "DBR-CORPUS-DUP")],
            rows=2,
        ),
        Case(
            "xlsx formula cell with no saved value",
            "duplicates",
            {
                "formula.xlsx": _xlsx(
                    [
                        ["phone", "country", "holder_name"],
                        ["+254 733 555 501", "KE", "Plain Holder"],
                        ["+254 733 555 502", "KE", None],
                    ],
                    formula='=HYPERLINK("https://evil.example/","x")',
                )
            },
            [Expect("formula.xlsx", "formula =HYPERLINK", "holder_name")],
            present=[("Phone", "+254733555501")],
            rows=2,
        ),
        Case(
            "second compound with an existing compound_id and another name",
            "duplicates",
            {
                "dup-compounds/a.csv": "compound_id,name,country\nCMP-CORPUS-DC,Corpus Park A,MM\n",
                "dup-compounds/b.csv": "compound_id,name,country\n"
                "CMP-CORPUS-DC,Other Park B,KH\nCMP-CORPUS-DC2,Corpus Park C,MM\n",
            },
            [
                Expect(
                    "dup-compounds/b.csv",
                    "compound_id CMP-CORPUS-DC is also 'Corpus Park A'",
                    "compound_id",
                )
            ],
            present=[("Compound", "CMP-CORPUS-DC"), ("Compound", "CMP-CORPUS-DC2")],
            rows=3,
        ),
        # ---- sizes and shapes that hung or exhausted memory
        Case(
            "xlsx used range to XFD1048576",
            "limits",
            {
                "used-range.xlsx": _xlsx(
                    [["phone", "country"], ["+254 733 555 601", "KE"], ["+254 733 555 602", "KE"]],
                    dimension="A1:XFD1048576",
                )
            },
            [],
            present=[("Phone", "+254733555601"), ("Phone", "+254733555602")],
            rows=2,
        ),
        Case(
            "xlsx zip bomb",
            "limits",
            {"bomb.xlsx": _zip_bomb()},
            [Expect("bomb.xlsx", "once unzipped.*over the limit", located=False)],
        ),
        Case(
            "truncated xlsx",
            "structure",
            {"truncated.xlsx": _xlsx([["phone", "country"], ["+254 733 555 701", "KE"]])[:900]},
            [Expect("truncated.xlsx", "cannot read", located=False)],
        ),
        Case(
            "100,000-cell row",
            "limits",
            {
                "wide-row.csv": "phone,country,holder_name\n+254 733 555 801,KE,Good\n"
                "+254 733 555 802,KE," + ",".join(["x"] * 100_000) + "\n"
            },
            [Expect("wide-row.csv", "more cells than header")],
            present=[("Phone", "+254733555801")],
            rows=2,
        ),
        Case(
            "100,000-column header",
            "limits",
            {
                "wide-header.csv": "phone," + ",".join(f"c{i}" for i in range(100_000)) + "\n"
                "+254 733 555 811," + ",".join(["x"] * 100_000) + "\n"
            },
            [Expect("wide-header.csv", "columns.*over the limit", located=False)],
        ),
        # ---- ids too long to index (FalkorDB's server died on a unique key over 4 KB)
        Case(
            "agency name of 64,000 characters (its id too long to index)",
            "limits",
            {
                # named for its kind: name, country, city read as agencies and as
                # compounds alike (city is a compound's location too), a tie
                "agencies-long-key.csv": "name,country,city\nCorpus Key Agency One,KE,Nairobi\n"
                + " ".join(f"Longword{i}" for i in range(5_000))
                + ",KE,Nairobi\nCorpus Key Agency Three,KE,Mombasa\n"
            },
            [Expect("agencies-long-key.csv", "Agency id made from it.*over the limit", "name")],
            present=[
                ("Agency", "AGY-KE-CORPUS-KEY-AGENCY-ONE"),
                ("Agency", "AGY-KE-CORPUS-KEY-AGENCY-THREE"),
            ],
            rows=3,
        ),
        Case(
            "alias of 20,000 characters in a debrief",
            "limits",
            {
                "long-alias.md": debrief("DBR-CORPUS-K1").replace(
                    "roles: [recruiter]", f"roles: [recruiter]\n    aliases: [{'Sammy' * 4_000}]"
                )
            },
            [Expect("long-alias.md", "Alias id made from it.*over the limit")],
            present=[("Source", "DBR-CORPUS-K1"), ("PersonRecord", "DBR-CORPUS-K1#R1")],
        ),
        # ---- encodings and disguises
        Case(
            "binary disguised as CSV",
            "encoding",
            {"photo.csv": bytes(range(256)) * 64},
            [Expect("photo.csv", "binary data", located=False)],
        ),
        Case(
            "binary disguised as a debrief",
            "encoding",
            {"photo.md": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64},
            [Expect("photo.md", "binary data", located=False)],
        ),
        Case(
            "UTF-16 CSV with BOM",
            "encoding",
            {
                "utf16.csv": PHONES.format(bad="+254 733 555 102,KE,Good Holder Two").encode(
                    "utf-16"
                )
            },
            [],
            present=[("Phone", "+254733555101"), ("Phone", "+254733555102")],
            rows=3,
        ),
        Case(
            "Latin-1 debrief",
            "encoding",
            {"latin1.md": debrief("DBR-CORPUS-E1", recruiter="José Núñez").encode("latin-1")},
            [],
            present=[("Source", "DBR-CORPUS-E1")],
        ),
        Case(
            "mixed line endings",
            "encoding",
            {
                "mixed.csv": "phone,country,holder_name\r\n+254 733 555 901,KE,Crlf Holder\n"
                "+254 733 555 902,KE,Lf Holder\r+254 733 555 903,KE,Cr Holder\r\n"
            },
            [],
            present=[
                ("Phone", "+254733555901"),
                ("Phone", "+254733555902"),
                ("Phone", "+254733555903"),
            ],
            rows=3,
        ),
        Case(
            "mixed line endings in a debrief",
            "encoding",
            {"mixed.md": debrief("DBR-CORPUS-E2").replace("\n", "\r\n", 10)},
            [],
            present=[("Source", "DBR-CORPUS-E2")],
        ),
    ]
    return cases


CASES = _cases()


def build(folder: Path) -> list[Case]:
    """Write every case's files under ``folder`` (each case in its own subfolder)."""
    for number, case in enumerate(CASES, start=1):
        for name, content in case.files.items():
            path = folder / f"c{number:02d}" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                path.write_text(content, encoding="utf-8", newline="")
            else:
                path.write_bytes(content)
    return CASES


def case_folder(case: Case) -> str:
    return f"c{CASES.index(case) + 1:02d}"


if __name__ == "__main__":
    build(Path(sys.argv[1]))

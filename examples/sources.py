"""Read the example files back and list what each source asserts about each person record.

The ground truth says which records are one person and which sources assert each link;
this module reads the debriefs and tables independently of the loaders, so tests can
check the truth against the files (and the generator's output against its truth).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from anyascii import anyascii
from openpyxl import load_workbook

from casegraph.core.identifiers import account_key, normalize_phone, normalize_wallet, wallet_key

__all__ = [
    "Assertion",
    "fold",
    "gazetteer_lookup",
    "compound_lookup",
    "debrief_records",
    "read_debrief",
    "read_debriefs",
    "read_geojson",
    "read_person_tables",
    "record_context",
    "read_table",
    "source_assertions",
    "table_records",
]

DEBRIEF_SUFFIXES = (".md", ".yaml", ".yml", ".json")
# libyaml's parser when PyYAML was built with it: generated datasets hold thousands of notes.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# (source_id, record_id, relationship type, target key: E.164, account/wallet key,
# compound id, or another record id)
Assertion = tuple[str, str, str, str]


def read_debrief(path: Path) -> dict[str, Any]:
    """A debrief's structured fields with its free text under ``narrative``."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        post = frontmatter.loads(text, Loader=_LOADER)
        return {**post.metadata, "narrative": post.content}
    data = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_LOADER)
    return {**data, "narrative": data.get("narrative", "")}


def read_debriefs(folder: Path) -> dict[str, dict[str, Any]]:
    """Every debrief under ``folder`` by its ``debrief_id``."""
    paths = sorted(p for p in folder.rglob("*") if p.suffix in DEBRIEF_SUFFIXES)
    debriefs = [read_debrief(p) for p in paths]
    return {d["debrief_id"]: d for d in debriefs}


def read_table(path: Path) -> list[dict[str, Any]]:
    """Rows of a CSV or of the first XLSX sheet, keyed by lowercased header."""
    if path.suffix == ".xlsx":
        sheet = load_workbook(path, read_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        header = [str(h).strip().lower() for h in rows[0]]
        return [dict(zip(header, row, strict=False)) for row in rows[1:]]
    with path.open(newline="", encoding="utf-8") as handle:
        return [{k.strip().lower(): v for k, v in row.items()} for row in csv.DictReader(handle)]


def read_geojson(path: Path) -> list[dict[str, Any]]:
    """Features of a GeoJSON FeatureCollection."""
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def compound_lookup(features: list[dict[str, Any]]) -> dict[str, str]:
    """Lowercased compound name or alias -> compound_id."""
    lookup: dict[str, str] = {}
    for feature in features:
        props = feature["properties"]
        names = [props["name"], *str(props.get("aliases") or "").split(";")]
        lookup.update({n.strip().lower(): props["compound_id"] for n in names if n.strip()})
    return lookup


def _people(debrief: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield debrief["interviewee"]
    yield from debrief.get("people") or []


def debrief_records(debrief: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Record id -> person block, for the interviewee and everyone in ``people``."""
    return {f"{debrief['debrief_id']}#{p['ref']}": p for p in _people(debrief)}


def table_records(tables: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Record id -> rows, for aliases rows and phones rows that name a holder."""
    records: dict[str, list[dict[str, Any]]] = {}
    for kind, key in (("aliases", "record_id"), ("phones", "holder_ref")):
        for row in tables.get(kind, []):
            if row.get(key):
                records.setdefault(f"{row['source_id']}#{row[key]}", []).append(row)
    return records


def _identifier_assertions(source: str, record: str, person: dict, region: str) -> set:
    out: set[Assertion] = set()
    for raw in person.get("phones") or []:
        out.add((source, record, "USES_PHONE", normalize_phone(str(raw), region)))
    for account in person.get("accounts") or []:
        key = account_key(account["platform"], str(account["handle"]), region)
        out.add((source, record, "HAS_ACCOUNT", key))
    for wallet in person.get("wallets") or []:
        parsed = normalize_wallet(wallet["address"], wallet.get("chain"))
        out.add((source, record, "CONTROLS_WALLET", wallet_key(parsed) if parsed else None))
    return out


def _debrief_assertions(debrief: dict[str, Any], compounds: dict[str, str]) -> set[Assertion]:
    sid, region = debrief["debrief_id"], debrief["country"]
    out: set[Assertion] = set()
    for record, person in debrief_records(debrief).items():
        out |= _identifier_assertions(sid, record, person, region)
        for place in person.get("works_at") or []:
            compound = compounds.get(place["compound"].lower(), place["compound"])
            out.add((sid, record, "WORKS_AT", f"{compound}:{place.get('role')}"))
    for payment in debrief.get("payments") or []:
        if payment.get("wallet") and payment.get("paid_to"):
            parsed = normalize_wallet(payment["wallet"]["address"], payment["wallet"].get("chain"))
            target = wallet_key(parsed) if parsed else None
            out.add((sid, f"{sid}#{payment['paid_to']}", "PAID_VIA_WALLET", target))
    for relation in debrief.get("relations") or []:
        kind = relation["type"].upper()
        out.add((sid, f"{sid}#{relation['from']}", kind, f"{sid}#{relation['to']}"))
    return out


def _row_assertions(record: str, row: dict[str, Any]) -> set[Assertion]:
    region = row.get("country") or row.get("nationality")
    person = {"phones": [row["phone"]] if row.get("phone") else []}
    if row.get("handle"):
        person["accounts"] = [{"platform": row["platform"], "handle": row["handle"]}]
    return _identifier_assertions(row["source_id"], record, person, region)


def source_assertions(example_dir: Path) -> set[Assertion]:
    """Everything the debriefs and person tables under ``example_dir`` assert about people."""
    tables_dir = example_dir / "tables"
    compounds = compound_lookup(read_geojson(tables_dir / "compounds.geojson"))
    out: set[Assertion] = set()
    for debrief in read_debriefs(example_dir / "debriefs").values():
        out |= _debrief_assertions(debrief, compounds)
    for record, rows in table_records(read_person_tables(example_dir)).items():
        for row in rows:
            out |= _row_assertions(record, row)
    return out


def fold(text: str) -> str:
    """Lowercase ASCII letters and digits only: how place names are compared here."""
    return "".join(ch for ch in anyascii(str(text)).lower() if ch.isalnum())


def gazetteer_lookup(path: Path) -> dict[str, str]:
    """Folded place or compound name / alias -> gazetteer id."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lookup: dict[str, str] = {}
    for entry in [*data["places"], *data["compounds"]]:
        for name in [entry["name"], *(entry.get("aliases") or [])]:
            lookup.setdefault(fold(name), entry["id"])
    return lookup


def read_person_tables(example_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """The aliases and phones tables of a dataset: the tables that hold person records."""
    tables_dir = example_dir / "tables"
    return {
        "aliases": read_table(tables_dir / "aliases.csv"),
        "phones": read_table(tables_dir / "phones.xlsx"),
    }


def record_context(
    debriefs: dict[str, dict[str, Any]], tables: dict[str, list[dict[str, Any]]]
) -> dict[str, list[tuple[str, str, str]]]:
    """Record id -> (source, case, country) of each source row or debrief that holds it.

    The country is where it was reported: the debrief's, and for a table row the
    country of its case (where most of the case's debriefs were taken); a table row's
    ``country`` column is the region of its phone, not a country it was reported in.
    """
    out: dict[str, list[tuple[str, str, str | None]]] = {}
    told: dict[str, Counter] = {}
    for debrief_id, debrief in debriefs.items():
        told.setdefault(debrief["case_id"], Counter())[debrief["country"]] += 1
        for record in debrief_records(debrief):
            out[record] = [(debrief_id, debrief["case_id"], debrief["country"])]
    case_country = {case: counts.most_common(1)[0][0] for case, counts in told.items()}
    for record, rows in table_records(tables).items():
        out[record] = [(r["source_id"], r["case_id"], case_country.get(r["case_id"])) for r in rows]
    return out

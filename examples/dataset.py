"""Write a whole synthetic dataset: debriefs, tables and a ground truth like the examples'.

``generate_dataset(n_debriefs, seed, out_dir)`` writes ``debriefs/``, ``tables/`` and
``ground_truth.yaml`` in the formats of docs/formats.md, for load, resolution and query
benchmarks at any size. The same seed writes the same files.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path

import yaml
from openpyxl import Workbook

from casegraph.core.identifiers import phone_country
from casegraph.examples._identifiers import format_phone
from casegraph.examples.compose import Composer
from casegraph.examples.ledger import Ledger
from casegraph.examples.truth import assemble_truth
from casegraph.examples.world import COMPOUNDS_FILE, ORIGIN_CITIES, ROUTES, World, build_world

__all__ = ["generate_dataset"]

ALIAS_COLUMNS = ("record_id", "alias", "name", "role", "nationality", "phone", "platform",
                 "handle", "case_id", "country", "source_id", "date", "grading")  # fmt: skip
PHONE_COLUMNS = ("phone", "country", "holder_name", "holder_ref", "holder_role", "platforms",
                 "case_id", "source_id", "date", "grading")  # fmt: skip
AGENCY_COLUMNS = ("agency_id", "name", "country", "city", "phone", "status", "supplies",
                  "source_id", "date", "grading")  # fmt: skip
ROUTE_COLUMNS = ("route_id", "leg", "from", "to", "mode", "irregular", "facilitator",
                 "origin_country", "source_id", "date", "grading")  # fmt: skip
TABLE_DATE = "2024-10-01"


def _literal(dumper: yaml.BaseDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """YAML with multi-line strings (narratives) as literal blocks; libyaml's emitter if built."""


_Dumper.add_representer(str, _literal)


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _write_debrief(folder: Path, doc: dict, narrative: str, number: int) -> str:
    kind = "yaml" if number % 10 == 3 else "json" if number % 10 == 7 else "md"
    path = folder / f"{doc['debrief_id']}.{kind}"
    if kind == "md":
        path.write_text(f"---\n{_dump(doc)}---\n{narrative}", encoding="utf-8")
    elif kind == "yaml":
        path.write_text(_dump({**doc, "narrative": narrative}), encoding="utf-8")
    else:
        text = json.dumps({**doc, "narrative": narrative}, indent=2, ensure_ascii=False)
        path.write_text(text + "\n", encoding="utf-8")
    return kind


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _alias_rows(world: World, ledger: Ledger, rng: random.Random) -> list[dict]:
    """Analysts' alias sheets: each recruiter, and look-alikes who share an alias."""
    rows, case_of = [], {}
    for network in world.networks:
        for recruiter in network.recruiters:
            case_of[recruiter.entity_id] = network

    def row(number, entity, alias, network, **extra):  # noqa: E306
        record = f"ALS-{number:04d}"
        ledger.record(f"ANL-{network.case_id}#{record}", entity, "recruiter")
        return {"record_id": record, "alias": alias, "name": f"{entity.given} {entity.surname}",
                "role": "recruiter", "nationality": entity.nationality,
                "phone": format_phone(entity.phones[0], "international"),
                "case_id": network.case_id, "country": network.country,
                "source_id": f"ANL-{network.case_id}", "date": TABLE_DATE, "grading": "B2",
                **extra}  # fmt: skip

    aliases: dict[str, str] = {}
    for number, (entity_id, network) in enumerate(case_of.items()):
        entity = next(r for r in network.recruiters if r.entity_id == entity_id)
        aliases[entity_id] = f"{rng.choice(entity.region.honorifics)} {entity.given}"
        rows.append(row(number, entity, aliases[entity_id], network,
                        platform="telegram", handle=entity.telegram))  # fmt: skip
    for offset, (person, lookalike) in enumerate(world.negatives):
        number, network = len(case_of) + offset, case_of[person.entity_id]
        rows.append(row(number, lookalike, aliases[person.entity_id], network))
        source = f"ANL-{network.case_id}"
        record = f"{source}#ALS-{list(case_of).index(person.entity_id):04d}"
        ledger.negatives.append((record, f"{source}#ALS-{number:04d}"))
    return rows


def _phone_rows(world: World, ledger: Ledger) -> list[dict]:
    rows = []
    for site in world.sites:
        for entity in (site.director, *site.controllers):
            ref = f"H{len(rows) + 1:03d}"
            ledger.record(f"PHN-SYN#{ref}", entity, entity.role)
            case = next((n.case_id for n in world.networks if site in n.sites), "")
            rows.append({"phone": format_phone(entity.phones[0], "international"),
                         "country": phone_country(entity.phones[0]),
                         "holder_name": f"{entity.given} {entity.surname}", "holder_ref": ref,
                         "holder_role": entity.role, "platforms": "telegram", "case_id": case,
                         "source_id": "PHN-SYN", "date": TABLE_DATE, "grading": "B2"})  # fmt: skip
    return rows


def _agency_rows(world: World, ledger: Ledger) -> list[dict]:
    rows = []
    for network in world.networks:
        for agency in filter(None, (network.agency, network.lookalike)):
            sites = network.sites if agency is network.agency else network.sites[:1]
            source = f"REG-{agency['country']}-SYN"
            for site in sites:
                ledger.supplies(source, agency["name"], site.compound_id)
            rows.append({"agency_id": f"AG-{len(rows) + 1:03d}", "name": agency["name"],
                         "country": agency["country"], "city": ORIGIN_CITIES[agency["country"]],
                         "phone": format_phone(agency["phone"], "international"),
                         "status": "active" if agency is network.agency else "unregistered",
                         "supplies": ";".join(s.name for s in sites), "source_id": source,
                         "date": TABLE_DATE, "grading": "C3"})  # fmt: skip
    return rows


def _route_rows(world: World) -> list[dict]:
    rows = []
    for network in world.networks:
        for site in network.sites:
            route = f"RT-{network.case_id[5:]}-{site.compound_id[4:]}"
            start = ORIGIN_CITIES[network.country]
            for leg, (place, mode, irregular) in enumerate(ROUTES[site.country], start=1):
                helper = site.transporters[leg - 2] if leg > 1 else network.recruiters[0]
                rows.append({"route_id": route, "leg": leg, "from": start, "to": place,
                             "mode": mode, "irregular": str(irregular).lower(),
                             "facilitator": f"{helper.given} {helper.surname}",
                             "origin_country": network.country, "source_id": "RTE-SYN",
                             "date": TABLE_DATE, "grading": "B3"})  # fmt: skip
                start = place
    return rows


def _write_phones(path: Path, rows: list[dict]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "phones"
    sheet.append(list(PHONE_COLUMNS))
    for row in rows:
        sheet.append([row[c] for c in PHONE_COLUMNS])
    book.save(path)


def generate_dataset(
    n_debriefs: int, seed: int, out_dir: Path | str, noise_level: float = 0.3
) -> dict:
    """Write ``n_debriefs`` debriefs, five tables and ``ground_truth.yaml``; return the truth."""
    out = Path(out_dir)
    debrief_dir, tables_dir = out / "debriefs", out / "tables"
    debrief_dir.mkdir(parents=True, exist_ok=True)
    tables_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    world = build_world(max(2, n_debriefs // 8), rng)
    ledger = Ledger()
    composer = Composer(world, rng, ledger, noise_level)
    formats: dict[str, str] = {}
    for number in range(n_debriefs):
        doc, story = composer.compose(world.networks[number % len(world.networks)])
        formats[doc["debrief_id"]] = _write_debrief(debrief_dir, doc, story.text(rng), number)
    _write_csv(tables_dir / "aliases.csv", ALIAS_COLUMNS, _alias_rows(world, ledger, rng))
    _write_phones(tables_dir / "phones.xlsx", _phone_rows(world, ledger))
    _write_csv(tables_dir / "agencies.csv", AGENCY_COLUMNS, _agency_rows(world, ledger))
    routes = _route_rows(world)
    _write_csv(tables_dir / "routes.csv", ROUTE_COLUMNS, routes)
    shutil.copyfile(COMPOUNDS_FILE, tables_dir / "compounds.geojson")
    truth = assemble_truth(world, ledger, formats, routes, out)
    (out / "ground_truth.yaml").write_text(_dump(truth), encoding="utf-8")
    return truth

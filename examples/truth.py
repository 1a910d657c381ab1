"""Assemble a generated dataset's ground truth in the shape of ``examples/ground_truth.yaml``.

Identities, roles, recruitment, hierarchy, payments and indicator phrases come from the
ledger kept while writing; corroboration (which sources assert each identifier link)
and shared identifiers are read back from the written files, so they count exactly the
sources a loader will see.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from casegraph.examples.ledger import Ledger
from casegraph.examples.sources import (
    read_debriefs,
    read_person_tables,
    record_context,
    source_assertions,
)
from casegraph.examples.world import World

__all__ = ["assemble_truth"]

LINK_TYPES = ("USES_PHONE", "HAS_ACCOUNT", "CONTROLS_WALLET", "WORKS_AT")


def _persons(world: World, ledger: Ledger, links: list[dict], context: dict) -> list[dict]:
    """Every person written about, with the identifiers and cases the files give them."""
    records: dict[str, list[str]] = defaultdict(list)
    for record, entity in ledger.entity.items():
        records[entity.entity_id].append(record)
    held: dict[tuple[str, str], set[str]] = defaultdict(set)
    for link in links:
        held[(link["from"], link["type"])].add(link["to"])
    persons = []
    for entity in world.people.all:
        pid = entity.entity_id
        if pid not in records:
            continue
        cases = {c for r in records[pid] for _, c, _ in context[r] if c}
        persons.append({
            "id": pid, "name": f"{entity.given} {entity.surname}".strip(),
            "roles": sorted(ledger.roles[pid]), "nationality": entity.nationality,
            "phones": sorted(held[(pid, "USES_PHONE")]),
            "accounts": sorted(held[(pid, "HAS_ACCOUNT")]),
            "wallets": sorted(held[(pid, "CONTROLS_WALLET")]),
            "cases": sorted(cases), "records": sorted(records[pid]),
        })  # fmt: skip
    return persons


def _staff(compound_id: str, ledger: Ledger) -> dict:
    """Who a compound's debriefs name in each role, and who reports to whom there."""
    named: dict[str, list[str]] = defaultdict(list)
    for entity_id, compound, role in ledger.works:
        if compound == compound_id and entity_id not in named[role]:
            named[role].append(entity_id)
    staff: dict = {role: named[role][0] for role in ("boss", "director") if named[role]}
    staff |= {f"{role}s": named[role] for role in ("controller", "agent") if named[role]}
    staff["edges"] = [{"from": a, "to": b, "sources": s}
                      for (a, b), s in ledger.hierarchy[compound_id].items()]  # fmt: skip
    return staff


def _turned(ledger: Ledger, role: str) -> dict | None:
    """The first victim also recorded in ``role``, with the records of each side."""
    for entity_id, roles in sorted(ledger.roles.items()):
        if {"victim", role} <= roles:
            return {"person": entity_id,
                    "as_victim": ledger.records_by_role[(entity_id, "victim")],
                    f"as_{role}": ledger.records_by_role[(entity_id, role)]}  # fmt: skip
    return None


def _top_recruiter(world: World, ledger: Ledger) -> dict:
    recruited: dict[str, list[str]] = defaultdict(list)
    for recruiter, victim in ledger.recruitment:
        recruited[recruiter].append(victim)
    top = max(sorted(recruited), key=lambda r: len(recruited[r]))
    nationality = {e.entity_id: e.nationality for e in world.people.all}
    cases = {d["case"] for d in ledger.debriefs for (r, v), s in ledger.recruitment.items()
             if r == top and d["id"] in s}  # fmt: skip
    return {"person": top, "origin_countries": sorted({nationality[v] for v in recruited[top]}),
            "cases": sorted(cases), "recruited": recruited[top]}  # fmt: skip


def _agencies(world: World, ledger: Ledger) -> dict:
    supplies: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for (agency, compound), sources in ledger.supplied.items():
        supplies[agency][compound] = sorted(set(sources))
    listed = [(n.agency, n.lookalike) for n in world.networks]
    return {
        "list": [{"name": a["name"], "country": a["country"], "supplies": supplies[a["name"]]}
                 for pair in listed for a in pair if a],
        "multi_compound": sorted(a for a, s in supplies.items() if len(s) > 1),
        "lookalike_pairs": [{"a": {"name": a["name"], "country": a["country"]},
                             "b": {"name": b["name"], "country": b["country"]}, "same": False}
                            for a, b in listed if b],
        "shares_phone_with_recruiter": [
            {"agency": n.lookalike["name"], "country": n.lookalike["country"],
             "person": n.recruiters[0].entity_id, "phone": n.lookalike["phone"]}
            for n in world.networks if n.lookalike],
        "works_for": [{"person": p, "agency": a, "sources": sorted(set(s))}
                      for (p, a), s in ledger.employers.items()],
    }  # fmt: skip


def _routes(rows: list[dict], ledger: Ledger) -> list[dict]:
    routes: dict[str, dict] = {}
    for row in rows:
        route = routes.setdefault(
            row["route_id"],
            {"route_id": row["route_id"], "legs": [], "irregular": [], "facilitators": []},
        )
        start, end = ledger.place(row["from"]), ledger.place(row["to"])
        route["legs"] = route["legs"] or [start]
        route["legs"].append(end)
        if row["irregular"] == "true":
            route["irregular"].append([start, end])
        route["facilitators"].append(row["facilitator"])
    return list(routes.values())


def _read_back(out: Path, person_of: dict[str, str], context: dict) -> tuple[list, list]:
    """Links with their asserting sources, and identifiers shared across cases or countries."""
    assertions = source_assertions(out)
    links: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for source, record, kind, target in assertions:
        if kind in LINK_TYPES:
            links[(person_of[record], kind, target)].add(source)
        if kind != "WORKS_AT" and not target.startswith("DBR-"):
            holders[(kind.split("_")[-1].lower(), target)].add(record)
    shared = []
    for (kind, target), records in sorted(holders.items()):
        seen = {c for r in records for c in context[r]}
        cases, countries = {c for _, c, _ in seen if c}, {k for _, _, k in seen if k}
        if len(cases) > 1 or len(countries) > 1:
            shared.append({"kind": kind, "id": target,
                           "persons": sorted({person_of[r] for r in records}),
                           "sources": sorted({s for s, _, _ in seen}), "cases": sorted(cases),
                           "countries": sorted(countries)})  # fmt: skip
    link_rows = []
    for (person, kind, target), sources in sorted(links.items()):
        row = {"from": person, "type": kind, "to": target, "sources": sorted(sources)}
        if kind == "WORKS_AT":
            row["to"], row["role"] = target.rsplit(":", 1)
        link_rows.append(row)
    return link_rows, shared


def assemble_truth(
    world: World, ledger: Ledger, formats: dict[str, str], routes: list[dict], out: Path
) -> dict:
    """The ground truth of the dataset written to ``out``."""
    person_of = {record: entity.entity_id for record, entity in ledger.entity.items()}
    context = record_context(read_debriefs(out / "debriefs"), read_person_tables(out))
    links, shared = _read_back(out, person_of, context)
    hierarchy = {site.compound_id: _staff(site.compound_id, ledger) for site in world.sites}
    hierarchy = {compound: staff for compound, staff in hierarchy.items() if staff["edges"]}
    return {
        "version": 1,
        "cases": [{"id": n.case_id, "country": n.country} for n in world.networks],
        "debriefs": [{**d, "format": formats[d["id"]]} for d in ledger.debriefs],
        "persons": _persons(world, ledger, links, context),
        "must_not_merge": [
            {"records": list(pair), "why": "look-alike recruiter sharing an alias"}
            for pair in ledger.negatives
        ],
        "top_recruiter": _top_recruiter(world, ledger),
        "victim_turned_controller": _turned(ledger, "controller"),
        "victim_turned_recruiter": _turned(ledger, "recruiter"),
        "victims": ledger.victims,
        "hierarchy": hierarchy,
        "recruitment": [
            {"recruiter": r, "recruited": v, "sources": s}
            for (r, v), s in ledger.recruitment.items()
        ],  # fmt: skip
        "shared_identifiers": shared,
        "transfers": ledger.transfers,
        "payments": ledger.payments,
        "agencies": _agencies(world, ledger),
        "routes": _routes(routes, ledger),
        "journeys": ledger.journeys,
        "links": links,
        "low_grade_claims": [],
        "mined": ledger.mined,
    }

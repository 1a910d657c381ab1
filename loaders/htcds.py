"""HTCDS case files (``htcds_cases.csv`` and ``htcds_events.csv``) read as debriefs.

Another organisation's export in the Human Trafficking Case Data Standard, as
``casegraph export --format htcds`` writes it, becomes one debrief note per victim of
each case: the victim as interviewee, the case's perpetrators as the people of the
note (recruiters, roles, phones, organisations), who recruited the victim, the
journey legs (transit events), the compounds held at (exploitation events) and the
recruitment fees (recruitment events). The notes then go through the debrief loader
itself, so every value is checked as in any note and a bad one is reported at its
file and row. The source of each note is ``HTCDS-<case>-<victim>``; its grading is
the row's ``x_Grading`` and its organisation ``cas_ReferringOrganisation``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from casegraph.core.cells import unescaped_cell
from casegraph.loaders.context import FileContext
from casegraph.loaders.frontmatter import Document, LineDict, LineList
from casegraph.loaders.tables import read_tables

__all__ = ["CASES_FILE", "EVENTS_FILE", "documents"]

CASES_FILE = "htcds_cases.csv"
EVENTS_FILE = "htcds_events.csv"
_GENDER = {"male": "M", "female": "F"}
_REQUIRED = ("cas_casenumber", "x_persontype", "x_personref")


def _lined(value: Any, line: int) -> Any:
    """A plain dict/list as the loader's LineDict/LineList, every part at ``line``."""
    if isinstance(value, dict):
        out = LineDict({k: _lined(v, line) for k, v in value.items() if v not in (None, "", [])})
        out.line, out.lines = line, dict.fromkeys(out, line)
        return out
    if isinstance(value, list):
        items = LineList(_lined(v, line) for v in value)
        items.line, items.lines = line, [line] * len(items)
        return items
    return value


def _split(cell: Any) -> list[str]:
    return [part.strip() for part in str(cell or "").split(";") if part.strip()]


def _rows(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    tables = read_tables(".csv", data)
    rows = tables[0].rows if tables else []
    return [(line, {k: unescaped_cell(v) for k, v in row.items()}) for line, row in rows]


def documents(ctx: FileContext) -> list[Document]:
    """One debrief Document per victim of each case in the cases file and its events."""
    rows = _rows(ctx.data)
    header = set(rows[0][1]) if rows else set()
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        ctx.problems.add(f"not an HTCDS cases file: no column {', '.join(missing)}", line=1)
        return []
    events_path = ctx.path.with_name(ctx.path.name.replace("cases", "events"))
    events: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    if events_path != ctx.path and events_path.exists():
        for number, row in _rows(events_path.read_bytes()):
            events[(str(row.get("cas_casenumber")), str(row.get("x_personref")))].append(
                (number, row)
            )
    else:
        ctx.notes.append(f"{ctx.rel}: no {events_path.name} beside it: cases loaded without events")
    by_case: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for number, row in rows:
        if not row.get("cas_casenumber") or not row.get("x_personref"):
            ctx.problems.add("a row needs cas_CaseNumber and x_PersonRef", line=number)
            continue
        by_case[str(row["cas_casenumber"])].append((number, row))
    out = []
    for case, people in by_case.items():
        victims = [(n, r) for n, r in people if str(r.get("x_persontype")).lower() == "victim"]
        for number, victim in victims:
            key = (case, str(victim["x_personref"]))
            out.append(_note(case, number, victim, people, events.get(key, [])))
    return out


def _person(row: dict[str, Any], ref: str) -> dict[str, Any]:
    name = " ".join(p for p in (row.get("prs_firstname"), row.get("prs_secondname")) if p)
    return {
        "ref": ref,
        "name": name or None,
        "pseudonym": row.get("x_pseudonym"),
        "aliases": _split(row.get("x_aliases")),
        "roles": _split(row.get("x_roles")) or None,
        "nationality": (_split(row.get("prs_nationality")) or [None])[0],
        "gender": _GENDER.get(str(row.get("prs_gender") or "").lower()),
        "birth_year": row.get("x_birthyear"),
        "phones": _split(row.get("prs_mobilephone")),
        "accounts": [f"email:{e}" for e in _split(row.get("prs_email"))],
        "agency": (_split(row.get("per_organisation")) or [None])[0],
    }


def _note(
    case: str,
    line: int,
    victim: dict[str, Any],
    people: list[tuple[int, dict[str, Any]]],
    events: list[tuple[int, dict[str, Any]]],
) -> Document:
    """The debrief note one victim's rows make (refs are the exchange's person refs): the
    case's perpetrators, and its victims who recruited this one or helped on a leg."""
    me = str(victim["x_personref"])
    recruiters = _split(victim.get("x_recruitedby"))
    named = set(recruiters) | {f for _, e in events for f in _split(e.get("x_facilitator"))}
    members = {str(r["x_personref"]): r for _, r in people}
    cast = [
        _person(row, ref)
        for ref, row in sorted(members.items())
        if ref != me and (str(row.get("x_persontype")).lower() != "victim" or ref in named)
    ]
    known = {p["ref"] for p in cast} | {me}
    recruiters = [r for r in recruiters if r in known]
    note: dict[str, Any] = {
        "debrief_id": f"HTCDS-{case}-{me}",
        "case_id": case,
        "country": (_split(victim.get("prs_nationality")) or [None])[0],
        "organisation": victim.get("cas_referringorganisation"),
        "grading": victim.get("x_grading"),
        "interviewee": _person(victim, me),
        "people": cast,
        "relations": [{"from": r, "type": "recruited", "to": me} for r in recruiters],
        "journey": [],
        "compounds": [],
        "payments": [],
    }
    for _, event in sorted(events, key=lambda e: e[0]):
        _add_event(note, event, [f for f in _split(event.get("x_facilitator")) if f in known])
    return Document(_lined(note, line), "", line)


def _add_event(note: dict[str, Any], event: dict[str, Any], helpers: list[str]) -> None:
    """One event row as the note's journey leg, compound stay or recruitment fee; the
    other event types and fee-less recruitment events add nothing to a note."""
    kind = str(event.get("hte_type") or "").lower()
    helper = helpers[0] if helpers else None
    if kind == "transit":
        note["journey"].append(
            {
                "order": event.get("x_order"),
                "from": event.get("x_from"),
                "to": event.get("hte_city"),
                "mode": event.get("x_mode"),
                "date": event.get("hte_date"),
                "irregular": event.get("x_irregular") or None,
                "facilitator": helper,
            }
        )
    elif kind == "exploitation":
        note["compounds"].append(
            {
                "compound": event.get("hte_city"),
                "from": event.get("hte_date"),
                "to": event.get("x_until"),
                "left": event.get("x_left"),
            }
        )
    elif kind == "recruitment" and event.get("x_amount"):
        me = note["interviewee"]["ref"]
        note["payments"].append(
            {
                "kind": "recruitment_fee",
                "amount": event.get("x_amount"),
                "currency": event.get("x_currency"),
                "date": event.get("hte_date"),
                "paid_by": me,
                "paid_to": helper,
                "for": me,
            }
        )

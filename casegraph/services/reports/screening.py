"""Victim screening: does a person show the indicators of trafficking for forced criminality?

Indicators (``SHOWS_INDICATOR`` links, mined from debriefs or recorded by officers)
are grouped by UNODC element: Act, Means, Purpose. A person with indicators in at
least ``min_elements`` elements (default 2, from ``screening.yaml``) is a presumed
victim to refer for formal identification, before anyone treats them as a scammer.
A presumed or recorded victim who also holds an offender role gets the
non-punishment note.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from casegraph.core.cells import SafeDictWriter
from casegraph.core.errors import ConfigError
from casegraph.core.resources import package_path
from casegraph.services.reports.context import ReportContext, find_person
from casegraph.services.reports.cypher import INDICATORS
from casegraph.services.reports.method import method_notes
from casegraph.services.reports.model import Facts, Paragraph, Report, Section, Table
from casegraph.services.reports.privacy import is_victim
from casegraph.store import GraphStore

DEFAULT_RULE = package_path("casegraph.services.reports", "screening.yaml")


@dataclass(frozen=True)
class ScreeningRule:
    """When to refer, and which roles call for the non-punishment note."""

    min_elements: int
    elements: tuple[str, ...]
    referral: str
    offender_roles: tuple[str, ...]
    non_punishment: str

    def describe(self) -> str:
        return (
            f"Rule: indicators in at least {self.min_elements} of the "
            f"{len(self.elements)} elements ({', '.join(self.elements)}) mean "
            f'"{self.referral}".'
        )


def load_rule(path: str | Path | None = None, min_elements: int | None = None) -> ScreeningRule:
    """The screening rule from YAML (the shipped one by default), ``min_elements`` overriding."""
    path = Path(path or DEFAULT_RULE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        rule = ScreeningRule(
            min_elements=int(min_elements or data["min_elements"]),
            elements=tuple(data["elements"]),
            referral=str(data["referral"]),
            offender_roles=tuple(data["offender_roles"]),
            non_punishment=str(data["non_punishment"]),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"screening rule {path}: {exc}") from exc
    if not 1 <= rule.min_elements <= len(rule.elements):
        raise ConfigError(
            f"min_elements must be 1 to {len(rule.elements)}, not {rule.min_elements}"
        )
    return rule


@dataclass
class Finding:
    element: str
    label: str
    excerpt: str
    source_ids: list[str]


@dataclass
class Screening:
    """The screening outcome for one person."""

    person: dict[str, Any]
    shown_as: str
    findings: list[Finding] = field(default_factory=list)
    presumed_victim: bool = False
    offender_roles: list[str] = field(default_factory=list)
    non_punishment: bool = False

    @property
    def elements(self) -> list[str]:
        return sorted({f.element for f in self.findings})


def screen(
    store: GraphStore,
    ident: str | None,
    rule: ScreeningRule,
    reveal: bool = False,
    ctx: ReportContext | None = None,
) -> tuple[list[Screening], ReportContext]:
    """Screen one person (id, name or alias) or, with ``ident=None``, everyone who shows an
    indicator or is recorded as a victim. ``ctx`` lets a report cite into its own list."""
    ctx = ctx or ReportContext(store, reveal=reveal, figure=False)
    only = [find_person(store, ident)["id"]] if ident else None
    people: dict[str, Screening] = {}
    for row in store.read(INDICATORS, {"ids": only}):
        person, indicator, props = row["person"], row["indicator"], row["props"] or {}
        entry = people.setdefault(person["id"], Screening(person, ctx.privacy.name(person)))
        entry.findings.append(
            Finding(
                element=str(indicator.get("element") or "?"),
                label=str(indicator.get("label") or indicator.get("id")),
                excerpt=ctx.privacy.redact(str(props.get("excerpt") or "")),
                source_ids=sorted({str(s) for s in props.get("source_ids") or []}),
            )
        )
    if only and only[0] not in people:
        person = find_person(store, only[0])
        people[only[0]] = Screening(person, ctx.privacy.name(person))
    for person in ctx.privacy.victims() if ident is None else []:
        people.setdefault(person["id"], Screening(person, ctx.privacy.name(person)))
    for entry in people.values():
        entry.presumed_victim = len(set(entry.elements) & set(rule.elements)) >= rule.min_elements
        entry.offender_roles = [
            r for r in rule.offender_roles if r in (entry.person.get("roles") or [])
        ]
        entry.non_punishment = bool(entry.offender_roles) and (
            entry.presumed_victim or is_victim(entry.person)
        )
    ordered = sorted(
        people.values(), key=lambda s: (not s.presumed_victim, s.shown_as, s.person["id"])
    )
    return ordered, ctx


def _outcome(entry: Screening, rule: ScreeningRule) -> str:
    if entry.presumed_victim:
        return rule.referral
    found = len(entry.elements)
    if not found:
        return "no indicator recorded"
    return f"indicators in {found} element{'' if found == 1 else 's'}: below the referral rule"


def screening_blocks(s: Screening, ctx: ReportContext, rule: ScreeningRule) -> list[Any]:
    """One person's outcome, the non-punishment note if due, and indicators by element."""
    blocks: list[Any] = [
        Facts(
            [
                ("Outcome", _outcome(s, rule)),
                ("Roles recorded", ", ".join(s.person.get("roles") or []) or "none"),
                ("Elements found", ", ".join(s.elements) or "none"),
            ]
        )
    ]
    if s.non_punishment:
        blocks.append(Paragraph(f"Non-punishment: {rule.non_punishment}"))
    for element in rule.elements:
        rows = [
            [f.label, f.excerpt, ctx.registry.cite_all(f.source_ids)]
            for f in s.findings
            if f.element == element
        ]
        blocks.append(Paragraph(f"{element}:"))
        blocks.append(Table(["Indicator", "Excerpt", "Sources"], rows, empty="No indicator found."))
    return blocks


def screening_report(
    screenings: list[Screening], ctx: ReportContext, rule: ScreeningRule, subject: str
) -> Report:
    """The screening as a report: one section per person, indicators by element with sources."""
    summary = Table(
        ["Person", "Roles", "Elements", "Outcome", "Non-punishment"],
        [
            [
                s.shown_as,
                ", ".join(s.person.get("roles") or []),
                ", ".join(s.elements) or "none",
                _outcome(s, rule),
                "yes: " + ", ".join(s.offender_roles) if s.non_punishment else "",
            ]
            for s in screenings
        ],
        empty="Nobody in the store shows an indicator or is recorded as a victim.",
    )
    sections = [Section("Summary", [Paragraph(rule.describe()), summary], "summary")]
    for number, s in enumerate(screenings, 1):
        sections.append(Section(s.shown_as, screening_blocks(s, ctx, rule), f"person-{number}"))
    return ctx.finish(
        "screening",
        f"Victim screening: {subject}",
        subject,
        sections,
        [rule.describe(), *method_notes(ctx.reveal)],
    )


CSV_COLUMNS = (
    "person_id",
    "shown_as",
    "roles",
    "elements",
    "act",
    "means",
    "purpose",
    "indicators",
    "source_ids",
    "outcome",
    "presumed_victim",
    "offender_roles",
    "non_punishment_note",
    "rule",
)


def screening_csv(screenings: list[Screening], rule: ScreeningRule) -> str:
    """One row per person, for a case-management system or a spreadsheet."""
    buf = io.StringIO()
    writer = SafeDictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for s in screenings:
        by = {e: "; ".join(f.label for f in s.findings if f.element == e) for e in rule.elements}
        writer.writerow(
            {
                "person_id": s.person["id"],
                "shown_as": s.shown_as,
                "roles": "; ".join(s.person.get("roles") or []),
                "elements": "; ".join(s.elements),
                "act": by.get("Act", ""),
                "means": by.get("Means", ""),
                "purpose": by.get("Purpose", ""),
                "indicators": len(s.findings),
                "source_ids": "; ".join(sorted({i for f in s.findings for i in f.source_ids})),
                "outcome": _outcome(s, rule),
                "presumed_victim": "yes" if s.presumed_victim else "no",
                "offender_roles": "; ".join(s.offender_roles),
                "non_punishment_note": rule.non_punishment if s.non_punishment else "",
                "rule": rule.describe(),
            }
        )
    return buf.getvalue()

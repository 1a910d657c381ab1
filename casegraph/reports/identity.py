"""Why several records are one person: names, identifiers and the resolution behind them.

For each record merged into the person the report shows the source that holds it,
the name as recorded, its resolution score, the hard identifiers it shares with the
other records, and every reviewer decision on its pairs. When the resolution run
can be replayed (``explain`` given), each pair's per-field features are shown too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import combinations
from pathlib import Path
from typing import Any

from casegraph.reports.context import ReportContext
from casegraph.reports.cypher import PERSON_RECORDS
from casegraph.reports.links import IDENTIFIER_TYPES, Link, evidence
from casegraph.reports.model import Evidence, Facts, Paragraph, Section, Table
from resolution import DecisionStore

Explainer = Callable[[str, str], Any]


def _join(values: Any) -> str:
    return ", ".join(str(v) for v in values or []) or "none recorded"


def identity_section(
    ctx: ReportContext,
    person: Mapping[str, Any],
    links: list[Link],
    decisions_dir: Path | None = None,
    explain: Explainer | None = None,
) -> Section:
    """The identity section: who this is, by which names and identifiers, and why merged."""
    hidden = ctx.privacy.hides(person)
    withheld = "withheld: victim (pass --reveal to show)"
    facts = Facts(
        [
            ("Shown as", ctx.privacy.name(person)),
            ("Person id", str(person.get("id"))),
            ("Names", withheld if hidden else _join(person.get("names"))),
            ("Aliases", withheld if hidden else _join(person.get("aliases"))),
            ("Roles", _join(person.get("roles"))),
            ("Nationalities", _join(person.get("nationalities"))),
            ("Cases", _join(person.get("case_ids"))),
        ]
    )
    ids = [
        x for x in links if x.type in IDENTIFIER_TYPES and not (hidden and x.type == "HAS_ALIAS")
    ]
    blocks: list[Any] = [
        facts,
        Paragraph("Identifiers and aliases, with the sources that attribute them:"),
        Evidence(evidence(ids, ctx.registry, ctx.privacy)),
    ]
    blocks.extend(_resolution_blocks(ctx, person, decisions_dir, explain))
    return Section("Identity", blocks, "identity")


def _resolution_blocks(
    ctx: ReportContext,
    person: Mapping[str, Any],
    decisions_dir: Path | None,
    explain: Explainer | None,
) -> list[Any]:
    rows = ctx.store.read(PERSON_RECORDS, {"id": person["id"]})
    if len(rows) < 2:
        return [Paragraph("This person rests on a single record: no merge to explain.")]
    hidden = ctx.privacy.hides(person)
    idents = {r["record"]["id"]: set(r["identifiers"] or []) for r in rows}
    table = []
    for r in rows:
        rec = r["record"]
        shared = sorted(
            idents[rec["id"]] & set().union(*(v for k, v in idents.items() if k != rec["id"]))
        )
        score = r.get("score")
        table.append(
            [
                str(rec["id"]),
                ctx.registry.cite(str(rec.get("source_id"))) if rec.get("source_id") else "",
                ctx.privacy.name(person) if hidden else str(rec.get("name") or ""),
                "withheld" if hidden else _join(rec.get("aliases")),
                _join(rec.get("roles")),
                f"{score:.2f}" if isinstance(score, int | float) else "",
                _join(shared) if shared else "none",
            ]
        )
    blocks: list[Any] = [
        Paragraph(
            f"{len(rows)} records from the sources were resolved into this person. "
            "Score is the resolution score the record joined with; shared identifiers are "
            "hard identifiers (phones, accounts, wallets) it has in common with the others."
        ),
        Table(
            ["Record", "Source", "Name as recorded", "Aliases", "Roles", "Score", "Shared"], table
        ),
    ]
    record_ids = sorted(idents)
    pairs = list(combinations(record_ids, 2))
    blocks.append(_decisions_table(decisions_dir, set(pairs)))
    if explain is not None:
        texts = [explain(a, b) for a, b in pairs]
        blocks.extend(Paragraph(ctx.privacy.redact(t.to_text())) for t in texts if t is not None)
    return blocks


def _decisions_table(decisions_dir: Path | None, pairs: set[tuple[str, str]]) -> Table:
    rows = []
    if decisions_dir is not None:
        for key, d in sorted(DecisionStore(decisions_dir).latest().items()):
            if key in pairs:
                rows.append([f"{d.left} / {d.right}", d.judgement.value, d.user, d.at, d.reason])
    return Table(
        ["Pair", "Decision", "Reviewer", "When", "Reason"],
        rows,
        empty="No reviewer decision on these records: the merge rests on the scores.",
    )

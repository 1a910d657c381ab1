"""Why several records are one person: names, identifiers and the resolution behind them.

For each record merged into the person the report shows the source that holds it,
the name as recorded, its resolution score, the hard identifiers it shares with the
other records, and every reviewer decision on its pairs; with ``explain``, the
per-field features of the pairs that join them. All of it is read from what the last
resolve stored in the graph: nothing is re-run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from casegraph.resolution import Explanation, Judgement
from casegraph.services.entities.explanations import pairs_among, strongest_joins
from casegraph.services.reports.context import ReportContext
from casegraph.services.reports.cypher import PERSON_RECORDS
from casegraph.services.reports.juror import merge_sentence
from casegraph.services.reports.links import IDENTIFIER_TYPES, Link, evidence
from casegraph.services.reports.model import Evidence, Facts, Paragraph, Section, Table


def _join(values: Any) -> str:
    return ", ".join(str(v) for v in values or []) or "none recorded"


def identity_section(
    ctx: ReportContext,
    person: Mapping[str, Any],
    links: list[Link],
    explain: bool = True,
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
    blocks.extend(_resolution_blocks(ctx, person, explain))
    return Section("Identity", blocks, "identity")


def _resolution_blocks(
    ctx: ReportContext,
    person: Mapping[str, Any],
    explain: bool,
) -> list[Any]:
    """Why the records are one person: a plain sentence, the merged records, the
    decisions in force and, with ``explain``, the per-field comparison that joins them."""
    rows = ctx.store.read(PERSON_RECORDS, {"id": person["id"]})
    if len(rows) < 2:
        return [Paragraph("This person rests on a single record: no merge to explain.")]
    hidden = ctx.privacy.hides(person)
    idents = {r["record"]["id"]: set(r["identifiers"] or []) for r in rows}
    explained = pairs_among(ctx.store, sorted(idents))
    sources = {str(r["record"]["source_id"]) for r in rows if r["record"].get("source_id")}
    confirmed = sum(1 for e in explained if e.decision and e.decision.judgement == Judgement.SAME)
    sentence = merge_sentence(
        [r["record"] for r in rows],
        idents,
        {sid: ctx.registry.source(sid) for sid in sources},
        hidden=hidden,
        decisions=confirmed,
    )
    blocks: list[Any] = [
        Paragraph(sentence),
        Paragraph(
            f"{len(rows)} records from the sources were resolved into this person. "
            "Score is the resolution score the record joined with; shared identifiers are "
            "hard identifiers (phones, accounts, wallets) it has in common with the others."
        ),
        _records_table(ctx, person, rows, idents),
        _decisions_table(explained, ctx.privacy.redact),
    ]
    if explain and explained:
        blocks.extend(_explanations(ctx, strongest_joins(explained)))
    elif explain:
        blocks.append(
            Paragraph(
                "No resolution is stored for these records (the entity layer was written "
                "without `casegraph resolve`), so no per-pair explanation can be shown."
            )
        )
    return blocks


def _records_table(
    ctx: ReportContext,
    person: Mapping[str, Any],
    rows: list[dict[str, Any]],
    idents: Mapping[str, set[str]],
) -> Table:
    """One row per merged record: source, name as recorded, score, identifiers shared."""
    hidden = ctx.privacy.hides(person)
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
    return Table(
        ["Record", "Source", "Name as recorded", "Aliases", "Roles", "Score", "Shared"], table
    )


def _explanations(ctx: ReportContext, joins: Sequence[Explanation]) -> list[Any]:
    """Per-field features of the pairs that join the records most strongly."""
    blocks: list[Any] = [
        Paragraph(
            "Why these records are one person: the strongest pairs that join them, with the "
            "resolution engine's per-field comparison (similarity 0-1; weight is the evidence "
            "each field adds, negative when it speaks against a match)."
        )
    ]
    for e in joins:
        a, b, t = e.left, e.right, e.thresholds
        outcome = e.outcome.value if e.outcome else "not proposed by blocking"
        decision = f"; reviewer decision: {e.decision.judgement.value}" if e.decision else ""
        keys = ", ".join(e.blocking_keys) or "none"
        blocks.append(
            Paragraph(
                ctx.privacy.redact(
                    f"{a} and {b}: score {e.score:.3f} (merge at {t.merge}, review at "
                    f"{t.review}); outcome {outcome}{decision}; shared blocking keys: {keys}."
                )
            )
        )
        rows = [
            [
                f.field,
                ctx.privacy.redact(f.left),
                ctx.privacy.redact(f.right),
                f"{f.similarity:.2f}",
                f"{f.weight:+.2f}",
            ]
            for f in e.features
            if f.similarity is not None
        ]
        blocks.append(Table(["Field", "Left", "Right", "Similarity", "Weight"], rows))
    return blocks


def _decisions_table(explained: Sequence[Explanation], redact: Callable[[str], str]) -> Table:
    # A reviewer's reason is free text and may name a victim: it is redacted like excerpts.
    rows = [
        [f"{d.left} / {d.right}", d.judgement.value, d.user, d.at, redact(d.reason or "")]
        for d in sorted((e.decision for e in explained if e.decision), key=lambda d: d.key)
    ]
    return Table(
        ["Pair", "Decision", "Reviewer", "When", "Reason"],
        rows,
        empty="No reviewer decision on these records: the merge rests on the scores.",
    )

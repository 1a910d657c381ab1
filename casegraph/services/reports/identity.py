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

import networkx as nx

from casegraph.resolution import DecisionStore
from casegraph.services.reports.context import ReportContext
from casegraph.services.reports.cypher import PERSON_RECORDS
from casegraph.services.reports.links import IDENTIFIER_TYPES, Link, evidence
from casegraph.services.reports.model import Evidence, Facts, Paragraph, Section, Table

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
    pairs = list(combinations(sorted(idents), 2))
    blocks.append(_decisions_table(decisions_dir, set(pairs)))
    if explain is not None:
        blocks.extend(_explanations(ctx, [explain(a, b) for a, b in pairs]))
    return blocks


def _explanations(ctx: ReportContext, explained: list[Any]) -> list[Any]:
    """Per-field features of the pairs that join the records most strongly.

    All pairs of n records would be n(n-1)/2 tables; the maximum spanning tree of
    the pair scores is the n-1 strongest pairs that still join every record.
    """
    graph = nx.Graph()
    for e in explained:
        graph.add_edge(e.left, e.right, weight=e.score, explanation=e)
    tree = nx.maximum_spanning_tree(graph)
    blocks: list[Any] = [
        Paragraph(
            "Why these records are one person: the strongest pairs that join them, with the "
            "resolution engine's per-field comparison (similarity 0-1; weight is the evidence "
            "each field adds, negative when it speaks against a match)."
        )
    ]
    for a, b in sorted(tuple(sorted(edge)) for edge in tree.edges()):
        e = graph.edges[a, b]["explanation"]
        t = e.thresholds
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

"""The main job on the embedded store (`make demo`), end to end on the examples.

Load the fictional example cases, import the analyst's review decisions, resolve
people, run the headline queries and print their answers, then write the network
pictures, the evidence report on the top recruiter and the screening list, and say
where they are. Every step calls the same library function as the CLI command of
the same name, so the demo is also a walk-through of the product.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casegraph.core.resources import package_path
from casegraph.core.settings import load_settings
from casegraph.loaders.report import LoadReport
from casegraph.resolution import DecisionStore
from casegraph.services.entities.resolve import PersonResolution, resolve_people
from casegraph.services.ingest import load_paths
from casegraph.services.query_pictures import write_query_picture
from casegraph.services.rows import render_rows
from casegraph.services.runner import get_query, run_query
from casegraph.store import GraphStore, counts, open_store


def examples_path() -> Path:
    """The fictional examples, shipped inside the package (casegraph.examples) so the demo
    runs from an installed casegraph too. Looked up when used, not at import: every
    command imports this module, and none but the demo should depend on the examples."""
    return package_path("casegraph.examples")


HEADLINE = ("recruiter-network", "offender-hierarchy", "cross-border-links")


def import_review_decisions(decisions_dir: Path, csv_path: Path) -> int:
    """Import a team's decisions once: rows already in force are not appended again."""
    store = DecisionStore(decisions_dir)
    in_force = {(d.left, d.right, d.judgement.value) for d in store.latest().values()}
    with csv_path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if all((r["left"], r["right"], r["judgement"]) in in_force for r in rows):
        return 0
    return store.import_csv(csv_path)


def _example_params(name: str) -> dict[str, str]:
    params = get_query(name).example.get("params") or {}
    return {k: str(v) for k, v in params.items()}


@dataclass(frozen=True)
class PreparedExamples:
    load: LoadReport
    imported: int
    resolution: PersonResolution


def prepare_examples(
    store: GraphStore, home: Path, examples: Path | None = None
) -> PreparedExamples:
    """Load the examples, import the analyst's review decisions once and resolve people:
    what the demo, the notebooks and the benchmarks start from. Idempotent."""
    examples = examples or examples_path()
    report = load_paths(store, [examples])
    imported = import_review_decisions(home / "decisions", examples / "review" / "decisions.csv")
    return PreparedExamples(report, imported, resolve_people(store, home / "decisions"))


def run_demo(out: Path, examples: Path | None = None, say: Callable[[str], None] = print) -> dict:
    """Run every step; returns the paths written (the tests and notebooks reuse them)."""
    settings = load_settings()
    out.mkdir(parents=True, exist_ok=True)
    store = open_store(settings)
    written: dict[str, Path] = {}
    try:
        say(f"store: {store.location}")
        examples = examples or examples_path()
        prepared = prepare_examples(store, settings.home, examples)
        say(f"loaded {examples}: {prepared.load.summary()}")
        run, imported = prepared.resolution, prepared.imported
        s = run.result.stats
        say(
            f"resolved {s.records} person records into {s.clusters} persons "
            f"({s.pairs_compared} pairs compared, reduction ratio {s.reduction_ratio:.3f}; "
            f"{run.reviewer_decisions} review decisions in force, {imported} newly imported)"
        )
        c = counts(store)
        say(f"graph: {sum(c['nodes'].values())} nodes, {sum(c['relationships'].values())} links")
        for name in HEADLINE:
            written.update(_headline(store, name, out, say))
        written.update(_reports(store, out, say))
    finally:
        store.close()
    say("\nwritten:")
    for label, path in written.items():
        say(f"  {label:<28} {path}")
    return written


def _headline(
    store: GraphStore, name: str, out: Path, say: Callable[[str], None]
) -> dict[str, Path]:
    params = _example_params(name)
    result = run_query(store, name, params)
    shown = ", ".join(f"{k}={v}" for k, v in params.items())
    say(f"\n== {result.query.title} ({name}{': ' + shown if shown else ''})")
    say(render_rows(result.rows, "table"))
    html = write_query_picture(store, result, out / f"{name}.html")
    return {f"{name} picture": html}


def _reports(store: GraphStore, out: Path, say: Callable[[str], None]) -> dict[str, Path]:
    from casegraph.services.reports import person_report, write_report
    from casegraph.services.reports.screening import load_rule, screen, screening_csv

    top = _example_params("recruiter-network").get("who", "")
    report = person_report(store, top)
    paths = {}
    for fmt in ("html", "pdf"):
        path = out / f"evidence-report-top-recruiter.{fmt}"
        write_report(report, fmt, path)
        paths[f"evidence report ({fmt})"] = path
    rule = load_rule()
    screenings, _ = screen(store, None, rule)
    csv_path = out / "screening.csv"
    csv_path.write_text(screening_csv(screenings, rule), encoding="utf-8")
    presumed = [x for x in screenings if x.presumed_victim]
    say(f"\nscreening: {len(presumed)} of {len(screenings)} people screened are presumed victims")
    say(f"  rule: {rule.describe()}")
    paths["screening (csv)"] = csv_path
    return paths

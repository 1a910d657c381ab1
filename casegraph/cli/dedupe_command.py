"""`casegraph dedupe`: resolve duplicate records in one CSV or XLSX table."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from casegraph.cli import cli
from casegraph.resolution.engine import BlockingReport
from casegraph.resolution.kinds import KINDS
from casegraph.resolution.learn import weights_table
from casegraph.resolution.spec import FieldSpec, load_spec
from casegraph.resolution.splink_engine import BACKENDS
from casegraph.services import audit
from casegraph.services.dedupe import dedupe, dedupe_with_splink, parse_field

KIND_HELP = "A column to compare and its kind (repeat). Kinds: " + ", ".join(KINDS) + "."


@cli.command("dedupe")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--id-column", required=True, help="Column holding each record's unique id.")
@click.option("--field", "fields", multiple=True, metavar="COL:KIND", help=KIND_HELP)
@click.option(
    "--spec", "spec_path", type=click.Path(path_type=Path), help="Resolution spec (YAML/JSON)."
)
@click.option(
    "--decisions",
    type=click.Path(path_type=Path),
    help="Folder of review decisions (decisions.jsonl); they win over scores.",
)
@click.option("--region", help="Default phone region (ISO alpha-2) for local numbers.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Output folder.")
@click.option("--all-pairs", is_flag=True, help="Write rejected pairs to pairs.csv too.")
@click.option(
    "--show-weights",
    is_flag=True,
    help="Print the weights used (learned m, u and bits per comparison level).",
)
@click.option(
    "--engine",
    type=click.Choice(["casegraph", "splink"]),
    default="casegraph",
    show_default=True,
    help="casegraph's own engine, or Splink for tables beyond one machine.",
)
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default="duckdb",
    show_default=True,
    help="Splink's SQL back end (with --engine splink; spark needs pyspark and Java).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
def dedupe_command(
    file: Path,
    id_column: str,
    fields: tuple[str, ...],
    spec_path: Path | None,
    decisions: Path | None,
    region: str | None,
    out: Path,
    all_pairs: bool,
    show_weights: bool,
    engine: str,
    backend: str,
    quiet: bool,
) -> None:
    """Find records of one person (or organisation) in FILE and cluster them.

    Writes OUT/clusters.csv (record id, cluster id), OUT/pairs.csv (scored pairs with
    per-field features and the decision), OUT/summary.json and OUT/model.yaml. The
    weights are learned from FILE unless the spec gives them (expectation-maximisation,
    as Splink does); OUT/model.yaml holds them: pass it as --spec to reuse them.
    Blocking's pair counts are printed before comparing; a run that would compare no
    pair, or more than 50 million, stops with advice.

    \b
    Examples:
      casegraph dedupe people.csv --id-column record_id --field full_name:full_name \\
          --field birth_date:date --field phone:phone --field country:country --out out/
      casegraph dedupe people.xlsx --id-column id --spec people.yaml --decisions review/ --out out/
    """
    spec = load_spec(spec_path) if spec_path else None
    progress = not quiet and sys.stderr.isatty()

    def guessed(found: Sequence[FieldSpec]) -> None:
        if not quiet:
            named = ", ".join(f"{f.name}:{f.kind}" for f in found)
            click.echo(f"fields guessed from the column names: {named}", err=True)
            click.echo("  (give --field COLUMN:KIND to choose them yourself)", err=True)

    if engine == "splink":
        if decisions is not None or show_weights:
            raise click.UsageError("--decisions and --show-weights work with --engine casegraph")
        found = dedupe_with_splink(
            file,
            id_column,
            [parse_field(f) for f in fields],
            spec,
            out,
            region,
            backend,
            on_guessed=guessed,
        )
        if not quiet:
            click.echo(
                f"splink ({backend}): {len(found.clusters)} records, {len(found.pairs)} pairs "
                f"scored, {len(set(found.clusters.values()))} clusters, prior {found.prior:.3g} "
                f"-> {out}"
            )
        return

    def blocked(report: BlockingReport) -> None:
        if not quiet:
            click.echo("blocking:\n" + report.to_text(), err=True)

    result = dedupe(
        file,
        id_column,
        [parse_field(f) for f in fields],
        spec,
        decisions=decisions,
        out=out,
        region=region,
        all_pairs=all_pairs,
        progress=progress,
        on_blocked=blocked,
        on_guessed=guessed,
    )
    audit.record(
        "dedupe",
        params={"file": str(file), "fields": list(fields), "id_column": id_column},
        rows={"records": result.stats.records, "clusters": result.stats.clusters},
        output=[p for p in Path(out).iterdir() if p.is_file()],
    )
    if show_weights:
        learned = result.training.learned if result.training else ()
        click.echo(weights_table(result.spec, learned))
    if quiet:
        return
    s = result.stats
    click.echo(
        f"{s.records} records, {s.pairs_compared} pairs compared of {s.all_pairs} "
        f"(reduction ratio {s.reduction_ratio:.4f}), {s.clusters} clusters, "
        f"{s.review} pairs to review, {s.conflicts} conflicts ({s.blocked_joins} joins "
        f"blocked), {s.seconds:.2f} s -> {out}"
    )

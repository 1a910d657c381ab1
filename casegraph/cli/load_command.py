"""`casegraph load`: a thin wrapper over ``casegraph.services.ingest``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import click

from casegraph.cli import cli
from casegraph.cli.common import store_from_context
from casegraph.core.settings import load_settings
from casegraph.loaders import KINDS, write_rejects
from casegraph.loaders.mappings import UserMapping, load_user_mapping
from casegraph.loaders.report import LoadReport
from casegraph.services import audit
from casegraph.services.ingest import load_paths, preview_paths
from casegraph.services.rows import render_rows
from casegraph.services.watch import Alert, alerts_for, write_alerts
from casegraph.store import GraphStore


@cli.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--kind", type=click.Choice(KINDS), help="Force one kind for every file.")
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML naming which of your columns is which field (see docs/formats.md).",
)
@click.option(
    "--dayfirst/--monthfirst",
    default=None,
    help="Date order of dates like 03/04/2024 [default: inferred per file].",
)
@click.option("--preview", is_flag=True, help="Show how each file would be read; write nothing.")
@click.option("--strict", is_flag=True, help="Write nothing of a file with problems; exit 1.")
@click.option(
    "--rejects",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV of rejected rows and lines [default: $CASEGRAPH_HOME/rejects/last-load.csv].",
)
@click.option(
    "--alerts",
    "alerts_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV of this load's alerts [default: $CASEGRAPH_HOME/alerts.csv].",
)
@click.option(
    "--update",
    is_flag=True,
    help="A note or compound under an id already loaded from another file, with other"
    " content, is a new version (the earlier kept in the node's history), not a reject.",
)
@click.option("--quiet", is_flag=True, help="No progress bar and no report table.")
def load(
    paths: tuple[Path, ...],
    kind: str | None,
    mapping: Path | None,
    dayfirst: bool | None,
    preview: bool,
    strict: bool,
    rejects: Path | None,
    alerts_path: Path | None,
    update: bool,
    quiet: bool,
) -> None:
    """Load debrief notes and CSV/XLSX/GeoJSON tables (files or folders, recursive).

    Every bad row or line is reported with its location and reason and written to the
    rejects CSV; the rest loads. Loading the same files again changes nothing. A table
    whose columns match no kind is an error naming the candidates (exit 1). The load
    ends with alerts: loaded identifiers or names on the watch-list (`casegraph watch`),
    and identifiers also recorded in another case or country, both sources named.

    \b
    Examples:
      casegraph load examples/
      casegraph load --preview field/phones.csv
      casegraph load my.csv --mapping my-mapping.yaml
      casegraph load debriefs/DBR-KE-0001.md --strict
      casegraph load agencies.xlsx --kind agencies --rejects rejects.csv
      casegraph load corrected/DBR-KE-0001-v2.md --update
    """
    user = load_user_mapping(mapping) if mapping else None
    if preview:
        _preview(paths, kind, dayfirst, user)
    rejects = rejects or load_settings().home / "rejects" / "last-load.csv"
    alerts_path = alerts_path or load_settings().home / "alerts.csv"
    store = store_from_context()
    try:
        report = load_paths(
            store,
            paths,
            kind=kind,
            strict=strict,
            progress=not quiet,
            dayfirst=dayfirst,
            mapping=user,
            update=update,
        )
        alerts = alerts_for(store, report.touched)
    finally:
        store.close()
    write_rejects(report.problems, rejects)
    write_alerts(alerts, alerts_path)
    params = {"paths": [str(p) for p in paths], "kind": kind, "strict": strict, "update": update}
    _audit(report, {**params, "mapping": str(mapping) if mapping else None}, rejects, store)
    if not quiet:
        click.echo(render_rows(report.table(), "table"))
        click.echo(report.summary())
        click.echo("\n".join(report.file_lines()))
    _tell(report, quiet)
    _say_alerts(alerts, alerts_path)
    _exit(report, rejects, strict, quiet)


def _preview(
    paths: tuple[Path, ...], kind: str | None, dayfirst: bool | None, user: UserMapping | None
) -> NoReturn:
    """How each file would be read, writing nothing; exit 1 for a table of no kind."""
    lines, report = preview_paths(paths, kind=kind, dayfirst=dayfirst, mapping=user)
    click.echo("\n".join(lines))
    _tell(report, quiet=False)
    for problem in report.problems:
        click.echo(f"  - {problem}", err=True)
    raise SystemExit(1 if report.unknown_tables else 0)


def _audit(report: LoadReport, params: dict[str, Any], rejects: Path, store: GraphStore) -> None:
    """The load's audit entry: what was asked, what was read, loaded and rejected."""
    totals = report.table()[-1]
    audit.record(
        "load",
        params=params,
        rows={k: totals[k] for k in ("files", "read", "loaded", "rejected", "problems")},
        output=rejects,
        store=store,
        nodes_created=report.nodes_created,
        relationships_created=report.relationships_created,
    )


def _exit(report: LoadReport, rejects: Path, strict: bool, quiet: bool) -> None:
    """Show the problems (all are in the rejects CSV); exit 1 with --strict and problems,
    or for a table of no known kind (README: exit codes)."""
    if report.problems:
        click.echo(f"{len(report.problems)} problem(s) written to {rejects}", err=True)
        shown = 50 if strict or report.unknown_tables else 0 if quiet else 10
        for problem in report.problems[:shown]:
            click.echo(f"  - {problem}", err=True)
        if len(report.problems) > shown > 0:
            click.echo(f"  ... and {len(report.problems) - shown} more", err=True)
        if strict:
            click.echo("--strict: files with problems were not written", err=True)
            raise SystemExit(1)
    if report.unknown_tables:
        click.echo(f"tables of no known kind: {', '.join(report.unknown_tables)}", err=True)
        raise SystemExit(1)


def _tell(report: LoadReport, quiet: bool) -> None:
    """Skipped files (said even with --quiet, on stderr then: a note that was not read is
    lost evidence, and it is in no rejects file) and notes (unknown columns, unknown
    vocabulary values)."""
    for file, reason in report.skipped:
        click.echo(f"skipped {file}: {reason}", err=quiet)
    if quiet:
        return
    for note in report.notes:
        click.echo(f"note: {note}")


def _say_alerts(alerts: list[Alert], path: Path, shown: int = 10) -> None:
    """Print the alerts (the first ``shown``); all of them are in the CSV."""
    if not alerts:
        return
    click.echo(f"{len(alerts)} alert(s) written to {path}:")
    for a in alerts[:shown]:
        new = f"{a.new_source} ({a.new_case or '-'}, {a.new_country or '-'})"
        if a.reason == "watched":
            click.echo(f"  ALERT watched {a.watched!r}: {a.item} in {new}")
        else:
            other = f"{a.other_source} ({a.other_case or '-'}, {a.other_country or '-'})"
            click.echo(f"  ALERT {a.item} in {new} also in {a.reason}: {other}")
    if len(alerts) > shown:
        click.echo(f"  ... and {len(alerts) - shown} more")

"""`casegraph report person|case|compound` and `casegraph screen`: evidence and screening."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from casegraph.cli import cli
from casegraph.cli.common import REVEAL, output_file, store_from_context
from casegraph.services import audit
from casegraph.services.reports import (
    FORMATS,
    Report,
    case_report,
    compound_report,
    load_rule,
    person_report,
    screen,
    screening_csv,
    screening_report,
    write_report,
)
from casegraph.store import GraphStore

_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="html, md or pdf  [default: the output file's extension, else html]",
)
_SUFFIXES = {"htm": "html", "markdown": "md"}


def _chosen(fmt: str | None, output: str | None, formats: tuple[str, ...]) -> str:
    """The format asked for, else the output file's (``-o case.md`` is Markdown, not
    HTML under an .md name), else HTML; a --format the file's extension contradicts is
    refused rather than written under the wrong name."""
    suffix = Path(output).suffix.lower().lstrip(".") if output and output != "-" else ""
    suffix = _SUFFIXES.get(suffix, suffix)
    if fmt and suffix in formats and suffix != fmt:
        raise click.UsageError(f"--format {fmt}, but the output file {output} is .{suffix}")
    return fmt or (suffix if suffix in formats else "html")


_OUTPUT = output_file("Output file (default: stdout; PDF needs a file).", required=False)
_NO_FIGURE = click.option("--no-figure", is_flag=True, help="Leave out the network figure.")


def _emit(report: Report, fmt: str | None, output: str | None, reveal: bool, **params: Any) -> None:
    fmt = _chosen(fmt, output, FORMATS)
    text = write_report(report, fmt, output)
    if text is not None:
        click.echo(text, nl=False)
    else:
        click.echo(
            f"wrote {output}: {report.title} ({len(report.sources)} source(s) cited)", err=True
        )
    _audit(fmt, output if text is None else None, reveal, sources=len(report.sources), **params)


def _audit(fmt: str, output: str | None, reveal: bool, **params: Any) -> None:
    """Every report and screening leaves an audit entry (with the file's hash when written)."""
    rows = params.pop("sources", None)
    audit.record(
        "report", params={**params, "format": fmt}, rows=rows, output=output, reveal=reveal
    )


def _build(builder: Callable[[GraphStore], Report]) -> Report:
    store = store_from_context()
    try:
        return builder(store)
    finally:
        store.close()


@cli.group()
def report() -> None:
    """Evidence reports with cited, graded sources: person, case, compound.

    \b
    Examples:
      casegraph report person "Boss Sammy" --format pdf -o wekesa.pdf
      casegraph report case CASE-KE-01 --format md -o case.md
      casegraph report compound "KK Park" -o kkpark.html
    """


@report.command("person")
@click.argument("ident", metavar="ID")
@_FORMAT
@_OUTPUT
@REVEAL
@_NO_FIGURE
@click.option("--no-explain", is_flag=True, help="Leave out the per-field explanation of merges.")
def report_person(
    ident: str, fmt: str | None, output: str | None, reveal: bool, no_figure: bool, no_explain: bool
) -> None:
    """Everything on one person: identity, roles and links with sources, chronology.

    ID is a Person id, or a name, alias or pseudonym naming exactly one person
    (several matches are listed). Victims linked to the person are pseudonymous
    unless --reveal is given.

    \b
    Examples:
      casegraph report person "Boss Sammy" --format pdf -o wekesa.pdf
      casegraph report person P-cafca9c3fb --format md
    """
    built = _build(lambda s: person_report(s, ident, reveal, not no_figure, not no_explain))
    _emit(built, fmt, output, reveal, kind="person", id=ident)


@report.command("case")
@click.argument("ident", metavar="ID")
@_FORMAT
@_OUTPUT
@REVEAL
@_NO_FIGURE
def report_case(
    ident: str, fmt: str | None, output: str | None, reveal: bool, no_figure: bool
) -> None:
    """One case: people and roles, identifiers shared with other cases, journeys.

    \b
    Example:
      casegraph report case CASE-KE-01 --format pdf -o case-ke-01.pdf
    """
    built = _build(lambda s: case_report(s, ident, reveal, not no_figure))
    _emit(built, fmt, output, reveal, kind="case", id=ident)


@report.command("compound")
@click.argument("ident", metavar="ID")
@_FORMAT
@_OUTPUT
@REVEAL
@_NO_FIGURE
def report_compound(
    ident: str, fmt: str | None, output: str | None, reveal: bool, no_figure: bool
) -> None:
    """One compound: location, operators and hierarchy, victims held, transfers, routes in.

    \b
    Example:
      casegraph report compound "KK Park" -o kkpark.html
    """
    built = _build(lambda s: compound_report(s, ident, reveal, not no_figure))
    _emit(built, fmt, output, reveal, kind="compound", id=ident)


@cli.command("screen")
@click.argument("person", required=False)
@click.option(
    "--all", "everyone", is_flag=True, help="Screen everyone with an indicator or a victim role."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice((*FORMATS, "csv")),
    help="html, md, pdf or csv  [default: the output file's extension, else html]",
)
@_OUTPUT
@click.option(
    "--min-elements",
    type=click.IntRange(1, 3),
    help="Elements needed to refer (default 2, from the rule).",
)
@click.option(
    "--rule",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Screening rule YAML.",
)
@REVEAL
def screen_command(
    person: str | None,
    everyone: bool,
    fmt: str | None,
    output: str | None,
    min_elements: int | None,
    rule: Path | None,
    reveal: bool,
) -> None:
    """Screen for indicators of trafficking for forced criminality (Act, Means, Purpose).

    A person with indicators in at least --min-elements elements is a presumed
    victim to refer for formal identification; one also recorded in an offender
    role gets the non-punishment note.

    \b
    Examples:
      casegraph screen --all --format csv -o screening.csv
      casegraph screen "Joe Kamau" --format pdf -o kamau-screening.pdf
      casegraph screen --all --min-elements 3
    """
    if bool(person) == everyone:
        raise click.UsageError("give a PERSON or --all")
    fmt = _chosen(fmt, output, (*FORMATS, "csv"))
    chosen = load_rule(rule, min_elements)
    store = store_from_context()
    try:
        found, ctx = screen(store, person, chosen, reveal)
        subject = "everyone screened" if everyone else found[0].shown_as
        built = screening_report(found, ctx, chosen, subject) if fmt != "csv" else None
    finally:
        store.close()
    what = {"kind": "screening", "id": person or "--all", "people": len(found)}
    if built is not None:
        _emit(built, fmt, output, reveal, **what)
        return
    text = screening_csv(found, chosen)
    if output in (None, "-"):
        click.echo(text, nl=False)
    else:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}: {len(found)} people screened", err=True)
    _audit(fmt, None if output in (None, "-") else output, reveal, **what)

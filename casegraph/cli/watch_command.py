"""`casegraph lookup` and `casegraph watch`: one identifier everywhere, and a watch-list."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from casegraph.cli import cli
from casegraph.cli.common import FORMATS, full_option, store_from_context
from casegraph.core.errors import ParameterError
from casegraph.services import audit
from casegraph.services.find import find_entity
from casegraph.services.rows import render_rows
from casegraph.services.runner import run_query
from casegraph.services.watch import watch_add, watch_file, watch_list
from casegraph.store import GraphStore


@cli.command("lookup")
@click.argument("value")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@full_option
def lookup(value: str, fmt: str, full: bool) -> None:
    """Every case, debrief, person and country a phone, handle, wallet or email appears in,
    with sources and grading (the saved query identifier-lookup).

    \b
    Examples:
      casegraph lookup "+254 712 555 301"
      casegraph lookup t.me/sammy_asiajobs --format csv
    """
    store = store_from_context()
    try:
        result = run_query(store, "identifier-lookup", {"value": value})
    except ParameterError as exc:
        raise _named_person(store, value, exc) from None
    finally:
        store.close()
    audit.record("lookup", params={"value": value, "format": fmt}, rows=len(result.rows))
    click.echo(render_rows(result.rows, fmt, full))
    if result.rows and fmt == "table":
        first = result.rows[0]
        click.echo(
            f"{first['identifier']}: {len({r['source_id'] for r in result.rows})} source(s),"
            f" cases {', '.join(first['cases']) or '-'},"
            f" countries {', '.join(first['countries']) or '-'}"
        )


def _named_person(store: GraphStore, value: str, error: ParameterError) -> ParameterError:
    """The lookup's error, with where to look when the value is a person's name or alias
    ("Hung Beo"): lookup takes identifiers, a person is a dossier or a report."""
    try:
        find_entity(store, "person", value)
    except ParameterError as named:
        if str(named).startswith("no person"):  # no person of that name either
            return error
    return ParameterError(
        f"{error}; {value!r} names a person: casegraph report person {shlex.quote(value)},"
        f" or casegraph query run person-dossier -p who={shlex.quote(value)}"
    )


@cli.group()
def watch() -> None:
    """The watch-list: every load alerts when a watched value appears.

    \b
    Examples:
      casegraph watch add "+254 712 555 301"
      casegraph watch add --from watch.txt
      casegraph watch list
    """


@watch.command("add")
@click.argument("values", nargs=-1)
@click.option(
    "--from",
    "from_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file of values, one a line (or the first column of a CSV).",
)
def watch_add_command(values: tuple[str, ...], from_file: Path | None) -> None:
    """Watch phones, handles, wallets, emails or names (normalised as loads store them).

    \b
    Examples:
      casegraph watch add "+254 712 555 301" telegram:sammy_asiajobs "Samuel Wekesa"
      casegraph watch add --from watch.txt
    """
    wanted = [*values, *(watch_file(from_file) if from_file else [])]
    if not wanted:
        raise click.UsageError("give VALUES or --from FILE")
    store = store_from_context()
    try:
        entries = watch_add(store, wanted)
    finally:
        store.close()
    audit.record("watch add", params={"values": wanted}, rows=len(entries))
    for e in entries:
        click.echo(f"watching {e.kind} {e.id} ({e.value})")


@watch.command("list")
def watch_list_command() -> None:
    """The watched values.

    \b
    Example:
      casegraph watch list
    """
    store = store_from_context()
    try:
        entries = watch_list(store)
    finally:
        store.close()
    click.echo(render_rows([e.__dict__ for e in entries], "table"))

"""`casegraph query list|show|run`: the saved query catalog from the command line."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from casegraph.cli import cli
from casegraph.cli.common import (
    FORMATS,
    full_option,
    parse_params,
    store_from_context,
)
from casegraph.services import audit
from casegraph.services.catalog import AUDIENCES, load_catalog
from casegraph.services.rows import render_rows
from casegraph.services.runner import get_query, run_query
from casegraph.store import GraphStore


@cli.group()
def query() -> None:
    """List, show and run saved queries (always read-only).

    \b
    Examples:
      casegraph query list
      casegraph query show recruiter-network
      casegraph query run cross-border-links --format csv -o links.csv
    """


@query.command("list")
def query_list() -> None:
    """Saved queries grouped by audience.

    \b
    Example:
      casegraph query list
    """
    catalog = load_catalog()
    for audience in AUDIENCES:
        names = [q for q in catalog.values() if audience in q.audience]
        if not names:
            continue
        click.echo(f"{audience}:")
        for q in sorted(names, key=lambda q: q.name):
            click.echo(f"  {q.name:<28} {q.title}")


@query.command("show")
@click.argument("name")
def query_show(name: str) -> None:
    """Header, parameters and Cypher of one saved query.

    \b
    Example:
      casegraph query show cross-border-links
    """
    q = get_query(name)
    click.echo(f"{q.name}: {q.title}")
    click.echo(
        f"audience: {', '.join(q.audience)}   category: {q.category}   revision {q.revision}"
    )
    click.echo(f"\n{q.description}\n")
    if q.params:
        click.echo("parameters:")
        for p in q.params.values():
            default = "required" if p.required else f"default {p.default!r}"
            click.echo(f"  {p.name} ({p.type}, {default}): {p.description}")
    if q.example:
        click.echo(f"\nexample: {_example_command(q.name, q.example.get('params') or {})}")
        if q.example.get("expect"):
            click.echo(f"  finds: {q.example['expect']}")
    click.echo(f"\n{q.body}")
    for backend, body in q.variants.items():
        click.echo(f"\n-- variant for {backend}:\n{body}")


def _example_command(name: str, params: dict[str, object]) -> str:
    """The header's example as a command line to paste (the header holds it as YAML)."""
    words = ["casegraph", "query", "run", name]
    for key, value in params.items():
        text = str(value).lower() if isinstance(value, bool) else str(value)
        words += ["-p", shlex.quote(f"{key}={text}")]
    return " ".join(words)


# Saved queries read the resolved entity layer: before `casegraph resolve` they answer
# without people, which looks like a complete answer unless the user is told.
ANY_RECORD = "MATCH (r:PersonRecord) RETURN r.id AS id LIMIT 1"
ANY_PERSON = "MATCH (p:Person) RETURN p.id AS id LIMIT 1"


def _warn_if_unresolved(store: GraphStore) -> bool:
    """Say on stderr (and return True) when no person records are loaded (often: another
    folder's store) or they are loaded but not resolved into persons."""
    if not store.read(ANY_RECORD):
        click.echo(
            f"warning: {store.location} holds no person records; load data with"
            " `casegraph load` (the store is CASEGRAPH_HOME, default ./.casegraph)",
            err=True,
        )
        return True
    if not store.read(ANY_PERSON):
        click.echo(
            "warning: person records are loaded but not resolved; the answer leaves out"
            " people until you run `casegraph resolve`",
            err=True,
        )
        return True
    return False


@query.command("run")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="K=V", help="Query parameter.")
@click.option(
    "--format", "fmt", type=click.Choice([*FORMATS, "html"]), default="table", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@click.option(
    "--reveal", is_flag=True, help="Show victims' names in pictures (default: pseudonyms)."
)
@full_option
def query_run(
    name: str, params: tuple[str, ...], fmt: str, output: Path | None, reveal: bool, full: bool
) -> None:
    """Run saved query NAME with --param values; print or write the answer.

    \b
    Examples:
      casegraph query run recruiter-network --param who="Boss Sammy"
      casegraph query run offender-hierarchy --param compound=CMP-MM-KKPARK --format html -o h.html
    """
    store = store_from_context()
    try:
        result = run_query(store, name, parse_params(params))
        warned = _warn_if_unresolved(store)
        if fmt == "html":
            from casegraph.services.query_pictures import write_query_picture

            output = write_query_picture(store, result, output or Path(f"{name}.html"), reveal)
            click.echo(f"wrote {output} ({len(result.rows)} rows pictured)")
    finally:
        store.close()
    if fmt != "html":
        text = render_rows(result.rows, fmt, full)
        if output:
            output.write_text(text + "\n", encoding="utf-8")
            click.echo(f"wrote {output} ({len(result.rows)} rows)")
        else:
            click.echo(text)
        if not result.rows and not warned:
            # An empty answer must read as "looked for this, found nothing", never as a typo.
            click.echo(f"{result.looked_for()} (names resolved; no answer in the graph)", err=True)
    audit.record(
        "export" if output else "query",
        params={"query": name, "params": dict(parse_params(params)), "format": fmt},
        rows=len(result.rows),
        output=output,
        reveal=reveal and fmt == "html",
        store=store,
    )

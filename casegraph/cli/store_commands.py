"""`casegraph status`, `store start|stop|reset`, `schema apply|show`, `cypher`."""

from __future__ import annotations

import json

import click

from casegraph.cli import cli
from casegraph.cli.common import (
    FORMATS,
    full_option,
    store_from_context,
    typed_params,
)
from casegraph.core.errors import StoreError
from casegraph.core.settings import load_settings
from casegraph.graph_schema import SCHEMA_FILE, load_schema
from casegraph.services import audit
from casegraph.services.aggregates import refresh_aggregates
from casegraph.services.rows import render_rows
from casegraph.store import counts
from casegraph.store.embedded_server import EmbeddedServer


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def status(as_json: bool) -> None:
    """Which store is in use, where, and counts by label and relationship type.

    \b
    Example:
      casegraph status
    """
    store = store_from_context()
    try:
        data = {"backend": store.backend, "location": store.location, **counts(store)}
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"store: {data['location']}")
    for title, key in (("nodes", "nodes"), ("relationships", "relationships")):
        total = sum(data[key].values())
        click.echo(f"{title}: {total}")
        for name, n in data[key].items():
            click.echo(f"  {name:<18} {n:>8}")


@cli.group(invoke_without_command=True)
@click.pass_context
def store(ctx: click.Context) -> None:
    """Which store casegraph is on; start, stop or reset the embedded FalkorDB store.

    Without a subcommand it connects to the configured store and names it (the
    embedded FalkorDB and its folder, or Neo4j's URI and database).

    \b
    Examples:
      casegraph store
      casegraph --store neo4j store
      casegraph store start
      casegraph store stop
      casegraph store reset --yes
    """
    if ctx.invoked_subcommand is None:
        db = store_from_context()
        try:
            click.echo(f"store: {db.location} [{db.backend}]")
        finally:
            db.close()


@store.command("start")
def store_start() -> None:
    """Start the embedded server (or report the one already running).

    A big store takes a while to replay its data; progress is shown until it is ready.

    \b
    Example:
      casegraph store start
    """
    settings = load_settings()
    if settings.backend != "falkordb":
        raise click.UsageError(f"CASEGRAPH_URI is set ({settings.uri}): Neo4j is not started here")
    info = EmbeddedServer(settings.home).ensure_running(lambda line: click.echo(line, err=True))
    click.echo(f"embedded FalkorDB running (pid {info.pid}) at {info.address}; log {info.log}")


@store.command("stop")
def store_stop() -> None:
    """Stop the embedded server cleanly; the data stays on disk.

    \b
    Example:
      casegraph store stop
    """
    settings = load_settings()
    if settings.backend != "falkordb":  # "no embedded FalkorDB was running" misled there
        raise click.UsageError(f"CASEGRAPH_URI is set ({settings.uri}): Neo4j is not stopped here")
    stopped = EmbeddedServer(settings.home).stop()
    click.echo("embedded FalkorDB stopped" if stopped else "no embedded FalkorDB was running")


@store.command("reset")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def store_reset(yes: bool) -> None:
    """Delete every node and relationship in the active store (asks first).

    The audit trail stays: $CASEGRAPH_HOME/audit.jsonl, and its copy in Neo4j.

    \b
    Examples:
      casegraph store reset
      casegraph store reset --yes
    """
    db = store_from_context()
    try:
        if not yes:
            click.confirm(f"Delete the whole graph in {db.location}?", abort=True)
        db.clear()
        db.apply_schema()
    finally:
        db.close()
    click.echo("graph cleared; schema re-applied")


@cli.group()
def schema() -> None:
    """Show the graph schema or apply its constraints and indexes.

    \b
    Examples:
      casegraph schema show
      casegraph schema apply
    """


@schema.command("apply")
def schema_apply() -> None:
    """Create the schema's constraints and indexes (applying twice is harmless), and
    write the whole-graph summaries (a graph loaded by an earlier casegraph, or changed
    by `casegraph cypher --write`, gets them without a new load).

    \b
    Example:
      casegraph schema apply
    """
    db = store_from_context()
    try:
        done = db.apply_schema()
        summaries = refresh_aggregates(db)
    finally:
        db.close()
    click.echo(f"schema applied on {db.location}: {len(done)} new statement(s)")
    for stmt in done:
        click.echo(f"  {stmt}")
    click.echo(
        f"whole-graph summaries: {summaries.written} written, {summaries.cleared} removed"
        f" ({summaries.seconds:.1f} s)"
    )


@schema.command("show")
@click.option("--yaml", "as_yaml", is_flag=True, help="Print the schema file itself.")
def schema_show(as_yaml: bool) -> None:
    """Print labels, keys, properties and relationship types.

    \b
    Examples:
      casegraph schema show
      casegraph schema show --yaml
    """
    if as_yaml:
        click.echo(SCHEMA_FILE.read_text(encoding="utf-8"))
        return
    sch = load_schema()
    click.echo("Nodes:")
    for n in sch.nodes.values():
        click.echo(f"  {n.label} (key {n.key}): {n.description}")
        click.echo(f"      required: {', '.join(n.required)}")
        if n.optional:
            click.echo(f"      optional: {', '.join(n.optional)}")
    click.echo("Relationships:")
    for r in sch.relationships.values():
        click.echo(f"  ({'|'.join(r.sources)})-[:{r.type}]->({'|'.join(r.targets)})")


@cli.command()
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, metavar="K=V", help="Query parameter.")
@click.option("--write", is_flag=True, help="Allow the query to write (default: read-only).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@full_option
def cypher(query: str, params: tuple[str, ...], write: bool, fmt: str, full: bool) -> None:
    """Run one Cypher QUERY, read-only unless --write. Values given with --param
    are parsed as YAML scalars (numbers, booleans, lists) and passed as parameters.

    \b
    Examples:
      casegraph cypher "MATCH (n) RETURN count(n) AS n"
      casegraph cypher 'MATCH (p:Phone {id: $id}) RETURN p' --param id=+254712555301
    """
    values = typed_params(params)
    db = store_from_context()
    try:
        rows = db.write(query, values) if write else db.read(query, values)
    except StoreError as exc:
        if write or "read-only" not in str(exc):
            raise
        raise StoreError(f"{exc}; add --write to let it change the graph") from exc
    finally:
        db.close()
    audit.record(
        "cypher",
        params={"query": query, "params": values, "write": write},
        rows=len(rows),
        store=db,
    )
    click.echo(render_rows(rows, fmt, full))

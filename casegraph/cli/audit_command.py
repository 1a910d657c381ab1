"""`casegraph audit`: show and filter the audit trail (``$CASEGRAPH_HOME/audit.jsonl``,
or with ``--from-store`` its copy in Neo4j)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from casegraph.cli import cli
from casegraph.cli.common import store_from_context
from casegraph.services import audit
from casegraph.services.rows import render_rows


def _summary(entry: dict) -> dict:
    # The table keeps each column short (file names, hash prefixes); --json has it all.
    outputs = entry.get("outputs") or []
    rows = entry.get("rows")
    return {
        "time": entry.get("time"),
        "user": entry.get("user"),
        "action": entry.get("action"),
        "reveal": "REVEALED" if entry.get("reveal") else "",
        "output": "; ".join(
            f"{Path(o['path']).name} {(o.get('sha256') or '-')[:12]}" for o in outputs
        ),
        "rows": json.dumps(rows) if isinstance(rows, dict) else rows,
        "params": json.dumps(entry.get("params") or {}, ensure_ascii=False),
    }


@cli.command("audit")
@click.option(
    "--action", help="Only this action (load, resolve, review, query, cypher, export, report...)."
)
@click.option("--user", help="Only this OS user.")
@click.option(
    "--since", metavar="TIME", help="From this UTC date or time on (2026-12-06, 2026-12-06T14)."
)
@click.option(
    "--reveal", "reveal_only", is_flag=True, help="Only actions that revealed victims' names."
)
@click.option("--grep", "contains", metavar="TEXT", help="Only entries holding TEXT anywhere.")
@click.option("--json", "as_json", is_flag=True, help="Print the entries as JSON lines, whole.")
@click.option(
    "--from-store", is_flag=True, help="Read the copy kept in the Neo4j store, not the file."
)
def audit_show(
    action: str | None,
    user: str | None,
    since: str | None,
    reveal_only: bool,
    contains: str | None,
    as_json: bool,
    from_store: bool,
) -> None:
    """Show who loaded, resolved, decided, queried, exported or revealed what, and when.

    \b
    Examples:
      casegraph audit
      casegraph audit --reveal
      casegraph audit --action export --since 2026-12-01 --json
      casegraph audit --from-store --reveal
    """
    store = store_from_context() if from_store else None
    try:
        if store is not None and store.backend != "neo4j":
            raise click.UsageError(
                f"only a Neo4j store keeps a copy of the audit trail; {store.location}"
                f" keeps it in {audit.audit_path()} (drop --from-store)"
            )
        found = audit.entries(None, action, user, since, reveal_only, contains, store=store)
    finally:
        if store is not None:
            store.close()
    if as_json:
        for entry in found:
            click.echo(json.dumps(entry, ensure_ascii=False))
        return
    click.echo(render_rows([_summary(e) for e in found], "table"))
    click.echo(f"log: {store.location if store is not None else audit.audit_path()}")

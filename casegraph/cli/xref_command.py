"""`casegraph xref`: the case graph cross-matched against loaded sanctions and watch lists."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from casegraph.cli import cli
from casegraph.cli.common import FORMATS, store_from_context
from casegraph.core.settings import load_settings
from casegraph.services import audit
from casegraph.services.rows import render_rows
from casegraph.services.xref import xref

COLUMNS = ("status", "hard", "score", "label", "name", "listed", "list", "designation", "reason")


@cli.command("xref")
@click.option("--list", "list_name", help="Only this list (e.g. OFAC-SDN); all lists by default.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE.")
@click.option("--dry-run", is_flag=True, help="Report only; keep the stored hits as they are.")
def xref_command(list_name: str | None, fmt: str, output: Path | None, dry_run: bool) -> None:
    """Find case people, organisations, wallets, documents, phones and addresses that
    match a party on a loaded sanctions or watch list.

    A shared wallet or document number is a hard hit; a name match without one goes to
    review (decide with `casegraph review --decide CASE-RECORD LISTED-RECORD same|different`
    and run xref again); nothing is ever merged. Hits are stored as MATCHES_LISTING
    links for reports and the `sanctions-hits` query: run xref after `casegraph resolve`.

    \b
    Examples:
      casegraph load lists/sdn/           # sdn.csv with alt.csv and add.csv beside it
      casegraph xref --list sdn           # or the list's full name, OFAC-SDN
      casegraph xref --format csv -o hits.csv
    """
    store = store_from_context()
    try:
        hits = xref(store, load_settings().home / "decisions", list_name, write=not dry_run)
        resolved = store.read("MATCH (p:Person) RETURN count(p) AS n")[0]["n"]
    finally:
        store.close()
    if not resolved:
        click.echo("note: no resolved people yet, so no person hits: run casegraph resolve, "
                   "then xref again", err=True)  # fmt: skip
    rows = [{k: asdict(h)[k] for k in COLUMNS} for h in hits]
    text = render_rows(rows, fmt)
    if output:
        output.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
        click.echo(f"{len(rows)} hit(s) -> {output}")
    else:
        click.echo(text)
    audit.record(
        "xref",
        params={"list": list_name, "format": fmt, "dry_run": dry_run},
        rows=len(rows),
        output=output,
    )

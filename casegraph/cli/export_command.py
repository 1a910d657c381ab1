"""`casegraph export`: the graph in formats other agencies' tools read, with a manifest."""

from __future__ import annotations

from pathlib import Path

import click

from casegraph.cli import cli
from casegraph.cli.common import store_from_context
from casegraph.services import audit
from casegraph.services.exports import EXPORT_FORMATS, LAYERS, export


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write the files and manifest.json into (created if missing).",
)
@click.option(
    "--layer",
    type=click.Choice(LAYERS),
    default="entity",
    show_default=True,
    help="entity: resolved people and everything around them; all: also per-source records.",
)
@click.option("--reveal", is_flag=True, help="Write victims' real names (default: pseudonyms).")
def export_command(fmt: str, output: str, layer: str, reveal: bool) -> None:
    """Export the graph: HTCDS case exchange files (another casegraph reads them back with
    `casegraph load`), i2 Analyst's Notebook entity and link CSVs, FollowTheMoney entities
    (Aleph, OpenSanctions tools), GraphML (yEd, Gephi),
    GEXF (Gephi) or node/link CSV. Every export writes manifest.json: the files, their
    row counts and sha256, and the snapshot of the data they came from.

    \b
    Examples:
      casegraph export --format htcds -o out/htcds  # see docs/htcds.md
      casegraph export --format i2 -o out/i2        # then docs/i2-import.md
      casegraph export --format ftm -o out/ftm      # FollowTheMoney JSON lines for Aleph
      casegraph export --format graphml -o out/graph
      casegraph export --format csv --layer all -o out/csv
    """
    store = store_from_context()
    try:
        manifest, path = export(store, fmt, output, reveal=reveal, layer=layer)
    finally:
        store.close()
    counts = ", ".join(f"{v} {k}" for k, v in manifest.counts.items())
    files = ", ".join(f["file"] for f in manifest.files)
    click.echo(f"wrote {files} and {path.name} to {output}: {counts}", err=True)
    audit.record(
        "export",
        params={"format": fmt, "layer": layer, "folder": output},
        rows=dict(manifest.counts),
        output=[path, *(Path(output) / f["file"] for f in manifest.files)],
        reveal=reveal,
        store=store,
    )

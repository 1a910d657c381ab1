"""`casegraph demo`: the examples end to end, as `make demo` runs it."""

from __future__ import annotations

from pathlib import Path

import click

from casegraph.cli import cli
from casegraph.demo import run_demo


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for the pictures, the evidence report and the screening list.",
)
@click.option(
    "--examples",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Example folder to load (default: the examples shipped with casegraph).",
)
def demo(out: Path, examples: Path | None) -> None:
    """Load the fictional examples, import the analyst's review decisions, resolve
    people, print the headline answers and write pictures, an evidence report and the
    screening list.

    Uses the store of CASEGRAPH_HOME (default ./.casegraph) like every command.

    \b
    Examples:
      casegraph demo --out /tmp/casegraph-demo
      CASEGRAPH_HOME=/tmp/demo-home casegraph demo
    """
    run_demo(out.resolve(), examples, say=click.echo)

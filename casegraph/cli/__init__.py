"""The `casegraph` command: a thin click group over library calls.

Each command module registers its commands on ``cli``; ``main`` turns casegraph
errors into one-line messages (a traceback only with ``--debug``).
"""

from __future__ import annotations

import logging
import os
import sys

import click

from casegraph import __version__
from casegraph.core.errors import CasegraphError
from casegraph.core.settings import STORES


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="""\b
Examples:
  casegraph demo --out out/
  casegraph status
  casegraph load examples/
  casegraph resolve
  casegraph query run recruiter-network --param who="Boss Sammy"
""",
)
@click.option(
    "--debug", is_flag=True, envvar="CASEGRAPH_DEBUG", help="Show tracebacks and debug logs."
)
@click.option(
    "--store",
    type=click.Choice(STORES),
    envvar="CASEGRAPH_STORE",
    help="Which store: embedded falkordb, or neo4j at CASEGRAPH_URI (default: neo4j when"
    " CASEGRAPH_URI is set). Credentials come from the environment, never from here.",
)
@click.version_option(__version__, prog_name="casegraph")
@click.pass_context
def cli(ctx: click.Context, debug: bool, store: str | None) -> None:
    """casegraph: a knowledge-graph workbench for trafficking-for-forced-criminality cases.

    The store is the embedded FalkorDB server under CASEGRAPH_HOME (default ./.casegraph)
    unless CASEGRAPH_URI points at a Neo4j server; --store names it outright.
    """
    if store:  # every load_settings() of this run, in any command, sees the choice
        os.environ["CASEGRAPH_STORE"] = store
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def _register() -> None:
    # Imported for their side effect of adding commands to `cli`.
    from casegraph.cli import (  # noqa: F401
        audit_command,  # noqa: F401
        dedupe_command,  # noqa: F401
        demo_command,  # noqa: F401
        export_command,  # noqa: F401
        load_command,  # noqa: F401
        map_command,  # noqa: F401
        query_command,
        report_command,  # noqa: F401
        resolve_command,  # noqa: F401
        store_commands,
        timeline_command,  # noqa: F401
        viz_command,  # noqa: F401
        watch_command,  # noqa: F401
        xref_command,  # noqa: F401
    )


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and turn casegraph errors into a one-line message."""
    _register()
    debug = "--debug" in (argv if argv is not None else sys.argv) or bool(
        os.environ.get("CASEGRAPH_DEBUG")
    )
    try:
        cli.main(args=argv, prog_name="casegraph", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except CasegraphError as exc:
        if debug:
            raise
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        raise
    except OSError as exc:  # an output folder that is not writable, a file that vanished
        if debug:
            raise
        where = f": {exc.filename}" if exc.filename else ""
        click.echo(f"error: {exc.strerror or exc}{where} (check the path)", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)


__all__ = ["cli", "main"]

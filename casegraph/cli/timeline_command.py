"""`casegraph timeline`: every dated event of a person, case or compound on one time axis."""

from __future__ import annotations

import click

from casegraph.cli import cli
from casegraph.cli.common import REVEAL, output_file, store_from_context
from casegraph.services import audit
from casegraph.services.reports.timeline import LANES, timeline
from casegraph.services.reports.timeline_draw import write_timeline


@cli.command("timeline")
@click.option("--person", metavar="ID", help="A person: id, name, alias or pseudonym.")
@click.option("--case", "case", metavar="ID", help="A case id (CASE-KE-01).")
@click.option("--compound", metavar="ID", help="A compound: id or name (KK Park).")
@click.option(
    "--since", metavar="DATE", help="Only events on or after: 2024, 2024-03 or 2024-03-15."
)
@click.option("--until", metavar="DATE", help="Only events on or before.")
@click.option(
    "--lanes",
    type=click.Choice(LANES),
    default="person",
    show_default=True,
    help="One row per person an event happened to, or per place it happened.",
)
@REVEAL
@output_file("Output file: .html (picture and sourced table), .png or .svg.")
def timeline_command(
    person: str | None,
    case: str | None,
    compound: str | None,
    since: str | None,
    until: str | None,
    lanes: str,
    reveal: bool,
    output: str,
) -> None:
    """Draw a chronology: recruitment, payments, journey legs, border crossings, arrivals
    at and departures from compounds, transfers and debriefs, each citing its sources and
    their grading. Dates known to the month or year are drawn as spans.

    \b
    Examples:
      casegraph timeline --person "Samuel Wekesa" -o wekesa-timeline.html
      casegraph timeline --case CASE-KE-01 --since 2024-01 --until 2024-06 -o ke.png
      casegraph timeline --compound "KK Park" --lanes place -o kk-park.svg
    """
    chosen = [(s, v) for s, v in (("person", person), ("case", case), ("compound", compound)) if v]
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of --person, --case or --compound")
    scope, ident = chosen[0]
    store = store_from_context()
    try:
        tl = timeline(store, scope, ident, reveal=reveal, since=since, until=until, lanes=lanes)
    finally:
        store.close()
    written = write_timeline(tl, output)
    click.echo(
        f"wrote {written}: {tl.title}, {len(tl.events)} dated events in {len(tl.lanes())} lanes",
        err=True,
    )
    params = {scope: ident, "since": since, "until": until, "lanes": lanes}
    audit.record(
        "timeline", params=params, rows=len(tl.events), output=written, reveal=reveal, store=store
    )

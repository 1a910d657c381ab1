"""`casegraph map`: routes, transit hubs, crossings and compounds over country borders."""

from __future__ import annotations

import click

from casegraph.cli import cli
from casegraph.cli.common import output_file, parse_params, store_from_context
from casegraph.services import audit
from casegraph.services.geo_map import query_map, route_map
from casegraph.services.geo_map_draw import write_map


@cli.command("map")
@click.option("--case", "case", metavar="ID", help="Journeys and compounds of one case.")
@click.option(
    "--country",
    metavar="CODE",
    help="Journeys starting in, passing through or ending in a country (ISO code: KE).",
)
@click.option("--compound", metavar="ID", help="Journeys into one compound (id or name).")
@click.option(
    "--query",
    "query",
    metavar="NAME",
    help="Draw a saved query's answer (transit-routes, origin-country-recruitment).",
)
@click.option(
    "--param", "-p", "params", multiple=True, metavar="K=V", help="Parameter for --query."
)
@output_file("Output file: .html (interactive, offline), .png or .svg.")
def map_command(
    case: str | None,
    country: str | None,
    compound: str | None,
    query: str | None,
    params: tuple[str, ...],
    output: str,
) -> None:
    """Draw journeys as arrows (with the number of victims per leg; irregular crossings
    red and dashed), transit hubs, border crossings and compounds over country borders
    shipped with casegraph: nothing is fetched. Without a choice, everything is drawn.
    The HTML pans and zooms; click a compound for its profile, an arrow for its sources.

    \b
    Examples:
      casegraph map -o routes.html
      casegraph map --country KE -o kenya.png
      casegraph map --compound "KK Park" -o kk-park.html
      casegraph map --query transit-routes -p origin=ID -o indonesia-routes.html
      casegraph map --query origin-country-recruitment -p country=KE -o ke-hubs.png
    """
    scopes = (("case", case), ("country", country), ("compound", compound))
    chosen = [(scope, value) for scope, value in scopes if value]
    if len(chosen) + bool(query) > 1:
        raise click.UsageError("give at most one of --case, --country, --compound or --query")
    if params and not query:
        raise click.UsageError("--param is for --query")
    store = store_from_context()
    try:
        if query:
            rm = query_map(store, query, parse_params(params))
        else:
            rm = route_map(store, *(chosen[0] if chosen else ("all", None)))
    finally:
        store.close()
    written = write_map(rm, output)
    unplaced = rm.unplaced()
    note = f"; {len(unplaced)} place(s) without coordinates not drawn" if unplaced else ""
    click.echo(
        f"wrote {written}: {rm.title}, {len(rm.places)} places, {len(rm.legs)} legs{note}",
        err=True,
    )
    chosen_params = {"query": query, "params": list(params), **dict(chosen)}
    counts = {"places": len(rm.places), "legs": len(rm.legs)}
    audit.record("map", params=chosen_params, rows=counts, output=written, store=store)

"""`casegraph viz`: draw the network around a node, or what a read-only query returns."""

from __future__ import annotations

import click

from casegraph.cli import cli
from casegraph.cli.common import REVEAL, output_file, store_from_context, typed_params
from casegraph.services import audit
from casegraph.services.find import find_entity
from casegraph.services.render import LAYOUTS, SUFFIXES, neighbourhood, render, subgraph_query
from casegraph.services.subgraph import MAX_HOPS, nodes_by_id
from casegraph.store import GraphStore


def _centre(store: GraphStore, around: str) -> str:
    """The node id --around means: an id as given, else the one person, compound, agency
    or identifier it names, as `casegraph report` and the saved queries take them (case,
    punctuation and word order do not matter; none or several: an error listing the
    closest names or the candidates). The id, not the name typed, goes in the title."""
    if nodes_by_id(store, [around]):
        return around
    return find_entity(store, "entity", around).id


@cli.command()
@click.option(
    "--around",
    "around",
    metavar="ID",
    help="Node id to centre on, or the name, alias or pseudonym of one person or compound.",
)
@click.option("--cypher", "cypher", metavar="QUERY", help="A read-only query to draw instead.")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="K=V",
    help="Query parameter for --cypher (numbers, booleans and lists typed as in cypher).",
)
@click.option(
    "--records",
    is_flag=True,
    help="Also draw the record layer (each source's mention of a person; by default"
    " only the resolved people, once each, unless nothing is resolved yet).",
)
@click.option(
    "--hops",
    type=click.IntRange(1, MAX_HOPS),
    default=1,
    show_default=True,
    help="How far from ID to draw.",
)
@click.option("--label", "labels", multiple=True, help="Only paths through these labels.")
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=150,
    show_default=True,
    help="Most nodes to draw around ID (nearest first); the picture says how many more.",
)
@click.option("--layout", type=click.Choice(LAYOUTS), default="force", show_default=True)
@click.option(
    "--size-by",
    default="degree",
    show_default=True,
    help="degree, betweenness or a numeric property name.",
)
@click.option("--title", help="Picture title (default: what was drawn).")
@REVEAL
@output_file("Output file: .html (interactive), .png or .svg.")
def viz(
    around: str | None,
    cypher: str | None,
    params: tuple[str, ...],
    records: bool,
    hops: int,
    labels: tuple[str, ...],
    limit: int,
    layout: str,
    size_by: str,
    title: str | None,
    reveal: bool,
    output: str,
) -> None:
    """Draw a network picture: interactive offline HTML, or PNG/SVG for reports.

    Victims appear by pseudonym unless --reveal is given. A --cypher query runs
    read-only and should return nodes and links (see casegraph/subgraph.py):
    `RETURN a AS source, r AS rel, b AS target`, or `a.id AS src_id, type(r) AS
    type, b.id AS dst_id`, or triples `[a.id, type(r), b.id]`.

    \b
    Examples:
      casegraph viz --around P-cafca9c3fb --hops 2 -o wekesa.html
      casegraph viz --around P-cafca9c3fb --layout hierarchy --reveal -o wekesa.png
      casegraph viz --around CMP-MM-KKPARK --label Person --label Compound -o kk.svg
      casegraph viz --around "Boss Sammy" -o sammy.html
      casegraph viz --cypher "MATCH (a)-[r:REPORTS_TO]->(b) RETURN a AS source,
          r AS rel, b AS target" -o hierarchy.html --layout hierarchy
      casegraph viz --cypher 'MATCH (p:Phone {id: $id})<-[r]-(x) RETURN x AS source,
          r AS rel, p AS target' --param id=+254712555301 -o phone.html
    """
    if bool(around) == bool(cypher):
        raise click.UsageError("give exactly one of --around ID or --cypher QUERY")
    if not output.lower().endswith(SUFFIXES):
        raise click.BadParameter(f"must end in {', '.join(SUFFIXES)}", param_hint="-o")
    store = store_from_context()
    try:
        if around:
            around = _centre(store, around)
            sub = neighbourhood(
                store, around, hops, labels or None, limit, records=True if records else None
            )
        else:
            sub = subgraph_query(store, cypher or "", typed_params(params))
    finally:
        store.close()
    name = title or (f"{hops} hop{'s' * (hops != 1)} around {around}" if around else "query result")
    path = render(sub, output, title=name, layout=layout, size_by=size_by, reveal=reveal)
    click.echo(f"wrote {path}: {len(sub.nodes)} nodes, {len(sub.edges)} links")
    audit.record(
        "export",
        params={"picture": around or cypher, "params": typed_params(params), "hops": hops},
        rows={"nodes": len(sub.nodes), "links": len(sub.edges)},
        output=path,
        reveal=reveal,
        store=store,
    )

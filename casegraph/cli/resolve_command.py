"""`casegraph resolve`, `review` and `explain`: entity resolution on the graph."""

from __future__ import annotations

from pathlib import Path

import click

from casegraph.cli import cli
from casegraph.cli.common import store_from_context
from casegraph.core.errors import InputError
from casegraph.core.names import name_key
from casegraph.core.settings import load_settings
from casegraph.resolution import DecisionStore, Judgement, load_spec, pair_key
from casegraph.services import audit
from casegraph.services.entities.explanations import (
    explain_pair,
    record_descriptions,
    review_queue,
)
from casegraph.services.entities.layer import entity_id
from casegraph.services.entities.resolve import PersonResolution, resolve_people
from casegraph.store import GraphStore

_SPEC = click.option(
    "--spec",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Resolution spec (YAML/JSON); default: casegraph/entities/person_spec.yaml.",
)


# The ids a --decide names must be records in the graph: a typo would otherwise be
# stored as a decision about nobody and silently never apply.
KNOWN_RECORDS = "MATCH (r:PersonRecord) WHERE r.id IN $ids RETURN r.id AS id"
ALL_RECORDS = (
    "MATCH (r:PersonRecord) RETURN r.id AS id, r.name AS name, coalesce(r.aliases, []) AS aliases"
)


def _decisions_dir() -> Path:
    return load_settings().home / "decisions"


def _unknown_record(rid: str, records: list[dict]) -> InputError:
    """The error for a record id not in the graph, with ids to pick from: the records of
    the same source, or those a name given for an id names ("U KYAW MIN")."""
    source = rid.split("#")[0]
    near = sorted(r["id"] for r in records if r["id"].split("#")[0] == source)[:5]
    named = sorted(
        r["id"]
        for r in records
        if name_key(rid) in {name_key(n) for n in [r["name"], *r["aliases"]] if n}
    )[:10]
    if near:
        hint = f"; records of that source: {', '.join(near)}"
    elif named:
        hint = f"; it is the name of record(s) {', '.join(named)}: give two record ids"
    else:
        hint = " (ids are SOURCE#REF, e.g. DBR-KE-0001#R1; `casegraph review --list` shows some)"
    return InputError(f"no person record {rid!r}{hint}")


def _run(spec: Path | None, write: bool, progress: bool = False) -> PersonResolution:
    store = store_from_context()
    try:
        return resolve_people(
            store, _decisions_dir(), load_spec(spec) if spec else None, write, progress
        )
    finally:
        store.close()


@cli.command()
@_SPEC
@click.option("--dry-run", is_flag=True, help="Score and cluster, but do not touch the graph.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def resolve(spec: Path | None, dry_run: bool, quiet: bool) -> None:
    """Resolve person records into persons and rebuild the entity layer.

    Source records are never changed; the Person layer is rebuilt from them on
    every run, following the stored review decisions.

    \b
    Examples:
      casegraph resolve
      casegraph resolve --dry-run
      casegraph resolve --spec my_person_spec.yaml
    """
    run = _run(spec, write=not dry_run, progress=not quiet)
    s = run.result.stats
    click.echo(
        f"{s.records} person records, {s.pairs_compared} pairs compared "
        f"(reduction ratio {s.reduction_ratio:.3f} against {s.all_pairs} possible pairs)"
    )
    click.echo(
        f"{s.clusters} persons; {s.merged} pairs merged, {s.review} for review, "
        f"{s.conflicts} refused as conflicting ({s.blocked_joins} joins of persons blocked); "
        f"{run.reviewer_decisions} review decisions applied"
    )
    if run.layer:
        links = sum(run.layer.links.values())
        # listed parties are kept out of resolution, yet each is a person of the layer
        listed = run.layer.persons - s.clusters
        parties = "a listed party" if listed == 1 else "listed parties"
        aside = f" ({listed} of them {parties}, kept out of resolution)" if listed > 0 else ""
        click.echo(
            f"entity layer written: {run.layer.persons} persons{aside}, {links} links projected"
        )
    audit.record(
        "resolve",
        params={"spec": str(spec) if spec else None, "dry_run": dry_run},
        rows={"records": s.records, "persons": s.clusters, "merged": s.merged},
    )
    if s.review or s.conflicts:
        click.echo("see the review queue: casegraph review")


@cli.command()
@_SPEC
@click.option(
    "--export",
    "export_to",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every decision to this CSV (to share or edit in a spreadsheet).",
)
@click.option(
    "--import",
    "import_from",
    type=click.Path(exists=True, path_type=Path),
    help="Add the decisions of a CSV written by --export.",
)
@click.option("--decide", nargs=3, metavar="A B same|different|unsure", help="Record one decision.")
@click.option("--reason", default="", help="Why (kept with the decision).")
@click.option(
    "--later",
    is_flag=True,
    help="With --decide: only record it (for many decisions, then one casegraph resolve).",
)
@click.option("--list", "list_only", is_flag=True, help="Print the queue; ask nothing.")
def review(
    spec: Path | None,
    export_to: Path | None,
    import_from: Path | None,
    decide: tuple[str, str, str] | None,
    reason: str,
    later: bool,
    list_only: bool,
) -> None:
    """Walk the review queue, or export / import / record decisions.

    The queue is read from the graph, as the last `casegraph resolve` stored it
    (pairs between the thresholds, or refused as conflicting, that nobody decided).
    Decisions are appended to $CASEGRAPH_HOME/decisions/ and win over scores on
    every later `casegraph resolve`; un-merging two records is a "different". A
    decision re-clusters at once: the entity layer is rebuilt before the command ends
    (--later only records it).

    \b
    Examples:
      casegraph review                       # interactive
      casegraph review --list
      casegraph review --decide "DBR-KE-0002#V1" "DBR-UG-0001#C1" same --reason "same compound"
      casegraph review --export decisions.csv
      casegraph review --import decisions.csv
    """
    store = DecisionStore(_decisions_dir())
    if export_to:
        n = store.export_csv(export_to)
        audit.record("export", params={"decisions": True}, rows=n, output=export_to)
        click.echo(f"exported {n} decisions to {export_to}")
    elif import_from:
        n = store.import_csv(import_from)
        audit.record("review", params={"import": str(import_from)}, rows=n)
        click.echo(f"imported {n} decisions; run casegraph resolve")
    elif decide:
        _decide(store, *decide, reason)
        if later:
            click.echo("run casegraph resolve to apply")
        else:
            _applied(_run(spec, write=True), *decide[:2])
    elif _walk_queue(store, list_only):
        _run(spec, write=True)
        click.echo("entity layer rebuilt with the new decisions")


def _decide(store: DecisionStore, a: str, b: str, verdict: str, reason: str) -> None:
    """Record one decision on two records that must both be in the graph."""
    db = store_from_context()
    try:
        _check_records(db, a, b)
    finally:
        db.close()
    try:
        store.record(a, b, Judgement(verdict.lower()), reason=reason)
    except ValueError as exc:
        raise InputError(f"{verdict!r} is not same, different or unsure") from exc
    audit.record("review", params={"a": a, "b": b, "decision": verdict, "reason": reason})
    click.echo(f"recorded: {a} {verdict} {b}")


def _applied(run: PersonResolution, a: str, b: str) -> None:
    """Say what the rebuilt layer made of the two records a reviewer just decided on."""
    clusters = run.result.clusters
    if a not in clusters or b not in clusters:
        click.echo("entity layer rebuilt")
        return
    members: dict[str, list[str]] = {}
    for record, cluster in clusters.items():
        members.setdefault(cluster, []).append(record)
    if clusters[a] == clusters[b]:
        together = members[clusters[a]]
        click.echo(
            f"entity layer rebuilt: {a} and {b} are one person, {entity_id(together)} "
            f"({len(together)} records)"
        )
    else:
        click.echo(
            f"entity layer rebuilt: {a} is {entity_id(members[clusters[a]])}, "
            f"{b} is {entity_id(members[clusters[b]])}"
        )


def _check_records(db: GraphStore, *ids: str) -> None:
    """An InputError for the first id that is no person record of the graph."""
    found = {r["id"] for r in db.read(KNOWN_RECORDS, {"ids": list(ids)})}
    for rid in ids:
        if rid not in found:
            raise _unknown_record(rid, db.read(ALL_RECORDS))


def _walk_queue(store: DecisionStore, list_only: bool) -> int:
    """Show the stored queue (without pairs decided since the last resolve) and, unless
    ``list_only``, ask for a decision on each; returns how many were recorded."""
    db = store_from_context()
    try:
        queue = review_queue(db, decided=set(store.latest()))
        described = record_descriptions(db, [i for e in queue for i in (e.left, e.right)])
    finally:
        db.close()
    click.echo(f"{len(queue)} pair(s) to review")
    decided = 0
    for n, pair in enumerate(queue, 1):
        click.echo(f"\n[{n}/{len(queue)}] {pair.outcome.value}, score {pair.score:.3f}")
        click.echo(f"  {described[pair.left]}\n  {described[pair.right]}")
        click.echo(pair.to_text())
        if list_only:
            continue
        answer = click.prompt(
            "same / different / unsure / skip / quit",
            type=click.Choice(["s", "d", "u", "k", "q"]),
            default="k",
        )
        if answer == "q":
            break
        if answer != "k":
            verdict = {"s": Judgement.SAME, "d": Judgement.DIFFERENT, "u": Judgement.UNSURE}
            why = click.prompt("reason", default="", show_default=False)
            store.record(pair.left, pair.right, verdict[answer], reason=why, score=pair.score)
            audit.record(
                "review",
                params={
                    "a": pair.left,
                    "b": pair.right,
                    "decision": verdict[answer].value,
                    "reason": why,
                },
            )
            decided += 1
    if decided:
        click.echo(f"\n{decided} decision(s) recorded")
    return decided


@cli.command()
@click.argument("record_a")
@click.argument("record_b")
def explain(record_a: str, record_b: str) -> None:
    """Why two person records are (or are not) one person: features, score,
    thresholds, review decisions and shared blocking keys.

    Read from the graph as the last `casegraph resolve` stored it: nothing is
    re-run. Two records the engine never compared (no blocking key in common)
    are said to be so, with the values it would have compared.

    \b
    Example:
      casegraph explain "DBR-KE-0001#R1" "DBR-UG-0001#R1"
    """
    db = store_from_context()
    try:
        _check_records(db, record_a, record_b)
        account = explain_pair(db, record_a, record_b)
    finally:
        db.close()
    click.echo(account.to_text())
    pending = DecisionStore(_decisions_dir()).latest().get(pair_key(record_a, record_b))
    stored = account.explanation.decision if account.explanation else None
    if pending and (not stored or (pending.judgement, pending.at) != (stored.judgement, stored.at)):
        click.echo(
            f"decision recorded since that resolve: {pending.judgement.value} by {pending.user} "
            f"at {pending.at}; run casegraph resolve to apply it"
        )

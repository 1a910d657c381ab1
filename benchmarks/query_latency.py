"""Saved-query latency on a graph of about 1,000,000 nodes, on both stores side by side.

The graph is the examples' resolved graph copied K times (ids, names, aliases and
pseudonyms suffixed ``~k``; countries, places and indicators shared, as in real
data), written with batched CREATE, in each store in turn (the embedded FalkorDB, then
the Neo4j at CASEGRAPH_NEO4J_URI). Queries around one entity run with 100 random
parameter values (the header example, pointed at a random copy) and print p50/p95;
whole-graph queries run once and print their time. Not part of the test run.

    scripts/with-neo4j.sh .venv/bin/python -m benchmarks.query_latency \
        [--nodes 1000000] [--runs 100] [--stores falkordb,neo4j] [--queries a,b|around]
        [--one-debrief]

``--one-debrief`` then loads one more debrief of an existing case (an example's, under a
new id) and prints how long the load took, of which the summaries it refreshed, against
a refresh of the whole graph's summaries (what every load took before it knew what it
wrote).
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import casegraph.services.ingest as ingest
from benchmarks.stores import bench_store, stores_option
from casegraph.demo import examples_path, prepare_examples
from casegraph.graph_schema import internal_labels, load_schema
from casegraph.services.aggregates import Refresh, refresh_aggregates
from casegraph.services.catalog import load_catalog
from casegraph.services.ingest import load_paths
from casegraph.services.runner import run_query
from casegraph.store import GraphStore

SHARED = {"Country", "Location", "Indicator"}
# Answers about one entity; the rest scan the whole graph by design.
AROUND_ONE = {
    "compound-profile",
    "identifier-lookup",
    "indicator-screening",
    "link-evidence",
    "offender-hierarchy",
    "person-dossier",
    "recruiter-network",
    "shortest-connection",
    "victim-transfers",
}
# Header examples that mean "everyone": pointed at one entity for the latency runs.
AROUND = {
    "indicator-screening": {"who": "KE-V-0001"},
    "victim-transfers": {"compound": "CMP-MM-KKPARK"},
}
BUILD_BATCH = 20000  # rows per statement while building the copies
BUDGET_S = 60.0  # per query: stop repeating once this much time is spent
GOAL_S = {"around": 0.25, "whole": 5.0}  # p95 goals: around one entity, whole graph
NOT_AT_SCALE: dict[str, str] = {}  # query -> why it is not timed at this size
# Values that tell one copy's people and organisations from another's: names, and what
# identifies an organisation, account, alias, address or wallet (copies sharing one
# registration number would pair every copy's agencies in organisations-sharing).
IDENTIFYING = ("name", "pseudonym", "names", "aliases", "lookup", "registration", "handle")
IDENTIFYING += ("value", "text", "address")

READ_NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
READ_LINKS = """
MATCH (a)-[r]->(b)
RETURN labels(a) AS al, a.id AS a, type(r) AS type, labels(b) AS bl, b.id AS b,
       properties(r) AS props
"""
SUFFIX = "'~' + toString(k)"
# Each copy's agencies get a word of their own before the name: agency-fronts flags
# agencies whose names look alike, and with only a ~k suffix every agency looked like
# itself in every other copy (2,379 look-alikes each at a million nodes, an answer of
# 33 million pairs that no real graph has and that no memory holds).
OWN_NAMES = {"Agency"}


def _main_label(labels: list[str]) -> str:
    # An Agency is an Organisation too: its own label is the one the schema adds others to.
    schema = load_schema()
    return next((x for x in labels if schema.nodes[x].also), labels[0])


def _copied_value(var: str, key: str, values: list[Any], ids: set[str]) -> str:
    """Cypher for the copy's ``key``: names and aliases get the copy's ``~k``, and so does
    any value naming a copied node (an id, a source id, a person id); the rest is shared."""
    names = key in IDENTIFYING
    flat = [x for v in values for x in (v if isinstance(v, list) else [v])]
    if not names and not any(isinstance(x, str) and x in ids for x in flat):
        return f"{var}.{key}"

    def one(x: str) -> str:
        return (
            f"{x} + {SUFFIX}"
            if names
            else f"CASE WHEN {x} IN $ids THEN {x} + {SUFFIX} ELSE {x} END"
        )

    if any(isinstance(v, list) for v in values):
        return f"[x IN {var}.{key} | {one('x')}]"
    return one(f"{var}.{key}")


def _sets(var: str, new: str, props: list[dict], ids: set[str]) -> str:
    keys = sorted({key for p in props for key in p})
    values = {key: [p[key] for p in props if p.get(key) is not None] for key in keys}
    return ", ".join(f"{new}.{key} = {_copied_value(var, key, values[key], ids)}" for key in keys)


def build(store: GraphStore, home: Path, nodes_wanted: int) -> tuple[int, set[str]]:
    """Returns the number of copies and the values that name a copied node (ids, names,
    aliases, pseudonyms): the parameter values that must point at a copy.

    The store copies the examples' resolved graph itself, a few thousand nodes or links
    per statement (the copy ``k`` of each node and link of one label or type); Python
    only writes the statements: building every row in Python and sending it took most
    of the build."""
    prepare_examples(store, home)
    schema = load_schema()
    nodes, links = store.read(READ_NODES), store.read(READ_LINKS)
    by_label: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    originals: dict[str, list[str]] = defaultdict(list)  # main label -> ids of copy 0
    for n in nodes:
        labels = tuple(schema.label(x) for x in sorted(n["labels"]))
        originals[_main_label(list(labels))].append(n["props"]["id"])
        if SHARED.isdisjoint(labels) and not set(labels) & set(internal_labels()):
            by_label[labels].append(n["props"])
    ids = {p["id"] for props in by_label.values() for p in props}
    copies = max(1, nodes_wanted // max(1, len(ids)))
    letters = random.Random(0)
    words = ["".join(letters.choices(string.ascii_lowercase, k=8)) for _ in range(copies)]
    for labels, props in sorted(by_label.items()):
        main = _main_label(list(labels))
        sets = _sets("n", "m", props, ids)
        if main in OWN_NAMES:
            sets = sets.replace("m.name = n.name + ", "m.name = $words[k] + ' ' + n.name + ")
        step = max(1, BUILD_BATCH // len(props))
        for first in range(1, copies, step):
            store.write(
                f"UNWIND range($first, $last) AS k MATCH (n:{main}) WHERE n.id IN $originals "
                f"CREATE (m:{':'.join(labels)}) SET {sets}",
                {"first": first, "last": min(copies - 1, first + step - 1),
                 "originals": [p["id"] for p in props], "ids": sorted(ids), "words": words},
            )  # fmt: skip
    by_type: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for r in links:
        by_type[(_main_label(r["al"]), schema.rel(r["type"]), _main_label(r["bl"]))].append(r)
    for (al, rel, bl), same in sorted(by_type.items()):
        if al in SHARED and bl in SHARED:
            continue  # between shared places and countries: there once
        step = max(1, BUILD_BATCH // len(same))
        for first in range(1, copies, step):
            store.write(
                f"UNWIND range($first, $last) AS k "
                f"MATCH (a:{al})-[r:{rel}]->(b:{bl}) WHERE a.id IN $a_ids AND b.id IN $b_ids "
                # The copies' ids as variables: FalkorDB looks a variable up in the
                # index, but joins an expression against a scan of the whole label.
                f"WITH k, r, {'a.id' if al in SHARED else 'a.id + ' + SUFFIX} AS aid, "
                f"{'b.id' if bl in SHARED else 'b.id + ' + SUFFIX} AS bid "
                f"MATCH (a2:{al} {{id: aid}}) MATCH (b2:{bl} {{id: bid}}) "
                f"CREATE (a2)-[r2:{rel}]->(b2) "
                + (f"SET {_sets('r', 'r2', [x['props'] or {} for x in same], ids)}"
                   if any(x["props"] for x in same) else ""),
                {"first": first, "last": min(copies - 1, first + step - 1),
                 "a_ids": originals[al], "b_ids": originals[bl], "ids": sorted(ids)},
            )  # fmt: skip
    names = {
        str(v)
        for props in by_label.values()
        for p in props
        for key in IDENTIFYING
        for v in _as_list(p.get(key))
    }
    return copies, ids | names


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


Timing = tuple[int, float, float, int]  # runs, p50 s, p95 s, runs that answered


def measure(store: GraphStore, home: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Build the graph in ``store`` and time every saved query on it."""
    rng = random.Random(args.seed)  # the same parameters on every store
    started = time.perf_counter()
    copies, copied = build(store, home, args.nodes)
    built = time.perf_counter() - started
    # The copies are written around the loader, so refresh the whole-graph summaries as a
    # load does; its time is what every load and resolve costs on a graph this size.
    refresh = refresh_aggregates(store).seconds
    total = store.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
    links = store.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    print(
        f"{store.backend}: {total} nodes, {links} links ({copies} copies of the examples),"
        f" built in {built:.0f} s, whole-graph summaries refreshed in {refresh:.1f} s",
        flush=True,
    )
    if args.one_debrief:
        one_debrief(store, home)
    timings: dict[str, Timing | str] = {}
    for name, query in sorted(load_catalog().items()):
        if args.queries and name not in args.queries:
            continue
        if name in NOT_AT_SCALE:
            timings[name] = f"not run: {NOT_AT_SCALE[name]}"
            continue
        example = {**(query.example.get("params") or {}), **AROUND.get(name, {})}
        runs = args.runs if name in AROUND_ONE else 1
        times: list[float] = []
        answered = 0
        while len(times) < runs and sum(times) < BUDGET_S:
            k = rng.randrange(copies)
            params = {
                key: (f"{v}~{k}" if k and v in copied else v)
                for key, v in example.items()
                if v != ""
            }
            t0 = time.perf_counter()
            answered += bool(run_query(store, name, params).rows)
            times.append(time.perf_counter() - t0)
        p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        timings[name] = (len(times), statistics.median(times), p95, answered)
        print(f"  {name:<28} p50 {_ms(statistics.median(times)):>8} p95 {_ms(p95):>8}", flush=True)
    return {"nodes": total, "links": links, "built": built, "timings": timings}


def one_debrief(store: GraphStore, home: Path) -> None:
    """Load one more debrief of the first copy's case and time it against a refresh of
    the whole graph's summaries."""
    text = (examples_path() / "debriefs" / "DBR-KE-0001.md").read_text("utf-8")
    path = home / "DBR-KE-9001.md"
    path.write_text(text.replace("DBR-KE-0001", "DBR-KE-9001"), encoding="utf-8")
    refreshes: list[Refresh] = []

    def timed(store: GraphStore, touched=None) -> Refresh:
        refreshes.append(refresh_aggregates(store, touched))
        return refreshes[-1]

    ingest.refresh_aggregates, kept = timed, ingest.refresh_aggregates
    try:
        started = time.perf_counter()
        report = load_paths(store, [path], strict=True)
        took = time.perf_counter() - started
    finally:
        ingest.refresh_aggregates = kept
    (done,) = refreshes
    whole = refresh_aggregates(store)
    print(
        f"  one debrief ({report.rows_written} rows) loaded in {took:.2f} s, of which its"
        f" summaries {done.seconds:.2f} s ({done.reworked} reworked, {done.written} written);"
        f" a refresh of the whole graph's summaries: {whole.seconds:.1f} s"
        f" (so the load took {took - done.seconds + whole.seconds:.1f} s before)",
        flush=True,
    )


def report(results: dict[str, dict[str, Any]]) -> None:
    """Per query: runs, p50 and p95 on each store, and whether p95 meets its goal."""
    names = sorted({q for r in results.values() for q in r["timings"]})
    head = "".join(f" | {s:^33}" for s in results)
    sub = "".join(f" | {'runs':>5} {'p50':>8} {'p95':>8} {'answered':>8}" for _ in results)
    print(f"\n{'':<28}{head}\n{'query':<28}{sub}   goal (p95)")
    for name in names:
        kind = "around" if name in AROUND_ONE else "whole"
        cells, over, ran = [], [], False
        for store, result in results.items():
            timing = result["timings"][name]
            if isinstance(timing, str):
                cells.append(f" | {timing[:33]:<33}")
                continue
            ran = True
            runs, p50, p95, answered = timing
            cells.append(f" | {runs:>5} {_ms(p50):>8} {_ms(p95):>8} {answered:>8}")
            if p95 > GOAL_S[kind]:
                over.append(store)
        verdict = f"over on {', '.join(over)}" if over else "met" if ran else "not run"
        print(f"{name:<28}{''.join(cells)}   {_ms(GOAL_S[kind])}: {verdict}")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}ms" if seconds < 10 else f"{seconds:.1f}s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--queries",
        type=lambda text: {q for q in text.split(",") if q},
        help="comma-separated saved queries to time (all by default; 'around' for those"
        " around one entity)",
    )
    parser.add_argument(
        "--one-debrief",
        action="store_true",
        help="time loading one more debrief onto the graph (and its summaries' refresh)",
    )
    stores_option(parser)
    args = parser.parse_args()
    if args.queries and "around" in args.queries:
        args.queries = (args.queries - {"around"}) | AROUND_ONE
    if unknown := (args.queries or set()) - set(load_catalog()):
        parser.error(f"unknown queries: {', '.join(sorted(unknown))}")
    results = {}
    for name in args.stores:
        with tempfile.TemporaryDirectory() as tmp, bench_store(name, Path(tmp)) as store:
            results[name] = measure(store, Path(tmp), args)
    report(results)


if __name__ == "__main__":
    main()

"""Saved-query latency on a graph of about 1,000,000 nodes, on both stores side by side.

The graph is the examples' resolved graph copied K times (ids, names, aliases and
pseudonyms suffixed ``~k``; countries, places and indicators shared, as in real
data), written with batched CREATE, in each store in turn (the embedded FalkorDB, then
the Neo4j at CASEGRAPH_NEO4J_URI). Queries around one entity run with 100 random
parameter values (the header example, pointed at a random copy) and print p50/p95;
whole-graph queries run once and print their time. Not part of the test run.

    scripts/with-neo4j.sh .venv/bin/python -m benchmarks.query_latency \
        [--nodes 1000000] [--runs 100] [--stores falkordb,neo4j] [--queries a,b|around]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.stores import bench_store, stores_option
from casegraph.demo import prepare_examples
from casegraph.graph_schema import load_schema
from casegraph.services.catalog import load_catalog
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
NOT_AT_SCALE = {"key-brokers": "betweenness over the whole fetched graph needs a scope"}
NAMEISH = ("name", "pseudonym", "names", "aliases", "lookup")

READ_NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
READ_LINKS = """
MATCH (a)-[r]->(b)
RETURN labels(a)[0] AS al, a.id AS a, type(r) AS type, labels(b)[0] AS bl, b.id AS b,
       properties(r) AS props
"""


def _suffix(value: Any, ids: set[str], k: int, names: bool = False) -> Any:
    if isinstance(value, str):
        return f"{value}~{k}" if names or value in ids else value
    if isinstance(value, list):
        return [_suffix(v, ids, k, names) for v in value]
    return value


def _copy(props: dict, ids: set[str], k: int) -> dict:
    return {key: _suffix(v, ids, k, key in NAMEISH) for key, v in props.items()}


def build(store: GraphStore, home: Path, nodes_wanted: int) -> tuple[int, set[str]]:
    """Returns the number of copies and the values that name a copied node (ids, names,
    aliases, pseudonyms): the parameter values that must point at a copy.

    One statement per label (nodes) and per (label, type, label) (links), its rows
    running across all copies in big batches: per-copy statements of a few rows each
    made the build a hundred thousand round trips."""
    # Load and resolve the examples, then copy them until ``nodes_wanted``.
    prepare_examples(store, home)
    schema = load_schema()
    nodes, links = store.read(READ_NODES), store.read(READ_LINKS)
    for n in nodes:  # an Agency is an Organisation too: a copy keeps every label
        n["labels"] = tuple(sorted(n["labels"]))
        n["label"] = ":".join(schema.label(label) for label in n["labels"])
    ids = {n["props"]["id"] for n in nodes if SHARED.isdisjoint(n["labels"])}
    copies = max(1, nodes_wanted // max(1, len(ids)))
    by_label: dict[str, list[dict]] = defaultdict(list)
    for n in nodes:
        if SHARED.isdisjoint(n["labels"]):
            by_label[n["label"]].append(n["props"])
    for label, props in sorted(by_label.items()):
        rows = ({"props": _copy(p, ids, k)} for k in range(1, copies) for p in props)
        store.write_batches(
            f"UNWIND $rows AS row CREATE (n:{label}) SET n = row.props",
            rows,
            batch_size=BUILD_BATCH,
        )
    by_type: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for r in links:
        by_type[(r["al"], r["type"], r["bl"])].append(r)
    for (al, rel, bl), same in sorted(by_type.items()):
        rows = (
            {
                "a": r["a"] if al in SHARED else f"{r['a']}~{k}",
                "b": r["b"] if bl in SHARED else f"{r['b']}~{k}",
                "props": _copy(r["props"] or {}, ids, k),
            }
            for k in range(1, copies)
            for r in same
        )
        store.write_batches(
            f"UNWIND $rows AS row MATCH (a:{schema.label(al)} {{id: row.a}}) "
            f"MATCH (b:{schema.label(bl)} {{id: row.b}}) "
            f"CREATE (a)-[r:{schema.rel(rel)}]->(b) SET r = row.props",
            rows,
            batch_size=BUILD_BATCH,
        )
    names = {
        str(v)
        for n in nodes
        if SHARED.isdisjoint(n["labels"])
        for key in NAMEISH
        for v in _as_list(n["props"].get(key))
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
    total = store.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
    links = store.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    print(
        f"{store.backend}: {total} nodes, {links} links ({copies} copies of the examples),"
        f" built in {built:.0f} s",
        flush=True,
    )
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

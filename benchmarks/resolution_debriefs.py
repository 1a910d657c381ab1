"""Benchmark: generated debriefs end to end through load and resolve, against their truth.

``examples.generator`` writes a whole dataset (debriefs, tables, ``ground_truth.yaml``
naming every person's records); it is loaded into a throw-away embedded store and the
person records are resolved with the default spec, as ``casegraph resolve`` does. Prints
per seed and size: persons found against the true count, record pairwise precision /
recall / F1 (and B-cubed, which small people absorbed into big clusters do not hide
behind), the review queue as a share of the compared pairs and the joins the cluster
guard blocked. Seeds other than
7 (the shipped examples) by default.

    .venv/bin/python -m benchmarks.resolution_debriefs [--sizes 500 2000] [--seeds 11 23 31]
        [--mistakes 20]   # the strongest false merges and false splits, with their features
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.resolution_metrics import bcubed, pairwise, show
from casegraph.core.settings import Settings
from casegraph.examples.generator import generate_dataset
from casegraph.resolution import Outcome, Resolution
from casegraph.services.entities.resolve import resolve_people
from casegraph.services.ingest import load_paths
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.falkordb_store import FalkorDBStore


def truth_of(truth: dict, record_ids: set[str]) -> dict[str, str]:
    """Record id -> true person id, for the records that were loaded."""
    out = {}
    for person in truth["persons"]:
        for rid in person.get("records", []):
            if rid in record_ids:
                out[rid] = person["id"]
    return out


def _features(pair) -> str:
    return " ".join(
        f"{f.field}={'-' if f.similarity is None else format(f.similarity, '.2f')}:{f.weight:+.1f}"
        for f in pair.features
    )


def show_mistakes(result: Resolution, labels: dict[str, str], count: int) -> None:
    """The ``count`` best-scoring links that joined two people (false merges) and pairs
    of one person left in two clusters (false splits), each with its outcome and the
    similarity:weight of every field: what to look at when tuning."""
    joined = (Outcome.MERGE, Outcome.SAME)
    merges, splits = [], []
    for pair in result.pairs():
        a, b = labels.get(pair.left), labels.get(pair.right)
        if a is None or b is None:
            continue
        apart = result.clusters[pair.left] != result.clusters[pair.right]
        if a != b and pair.outcome in joined and len(merges) < count:
            merges.append(pair)
        elif a == b and apart and len(splits) < count:
            splits.append(pair)
    for title, pairs in (("false merge", merges), ("false split", splits)):
        for p in pairs:
            print(f"  {title} {p.score:.3f} {p.outcome} {p.left} {p.right} {_features(p)}")


def run(size: int, seed: int, noise: float, mistakes: int = 0) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data, home = Path(tmp) / "data", Path(tmp) / "home"
        truth = generate_dataset(size, seed, data, noise)
        store = FalkorDBStore(Settings(home=home))
        try:
            store.apply_schema()
            started = time.perf_counter()
            load_paths(store, [data], strict=False)
            loaded = time.perf_counter() - started
            started = time.perf_counter()
            result = resolve_people(store, Path(tmp) / "decisions", write=False).result
            resolved = time.perf_counter() - started
        finally:
            store.close()
            EmbeddedServer(home).stop()
    labels = truth_of(truth, set(result.clusters))
    found = {rid: result.clusters[rid] for rid in labels}
    people = len(set(labels.values()))
    persons = len(set(found.values()))
    s = result.stats
    queue = len(result.review_queue())
    print(
        f"{size} debriefs, seed {seed}: {len(labels)} person records of {people} people; "
        f"load {loaded:.1f} s, resolve {resolved:.1f} s"
    )
    print(
        f"  persons {persons} vs {people} true ({(persons - people) / people:+.1%}); "
        f"{s.pairs_compared} pairs compared, review queue {queue} "
        f"({queue / max(s.pairs_compared, 1):.2%}), {s.blocked_joins} joins blocked"
    )
    print("  " + show("record pairwise", pairwise(found, labels)))
    print("  " + show("record B-cubed", bcubed(found, labels)))
    if mistakes:
        show_mistakes(result, labels, mistakes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--seeds", type=int, nargs="+", default=[11, 23, 31])
    parser.add_argument("--noise", type=float, default=0.3)
    parser.add_argument("--mistakes", type=int, default=0, help="print this many of each")
    args = parser.parse_args()
    for size in args.sizes:
        for seed in args.seeds:
            run(size, seed, args.noise, args.mistakes)


if __name__ == "__main__":
    main()

"""Benchmark 3: a million generated person records resolved end to end, beside Splink.

One run prints, for ``--records`` generated records (default 1,000,000; the generator's
noisy people, the synthetic benchmark's spec, no case id):

* casegraph's ``resolve`` (default: weights learned from the data) - wall time, CPU
  time, peak resident memory, pairs compared, oversized blocks compared sparsely, persons found
  against the true number, pairwise and B-cubed precision / recall / F1;
* Splink 5 on DuckDB on the same records, as ``casegraph dedupe --engine splink`` runs
  it (the same spec; its documentation's training for a large table: the prior from
  deterministic rules, ``u`` from 1e8 random pairs, ``m`` by EM) - the same figures; it
  is given the records as casegraph normalises them (transliterated names, E.164 phones,
  ISO dates) and casegraph's blocking keys, that preparation timed with it;
* all pairs with casegraph's comparators, measured on a ``--sample`` and extrapolated.

Each engine runs in a fresh child process that loads the records from a file, so its
peak memory (``getrusage``) is its own: the records themselves included, the
generator's not. The load average of the machine is printed with each figure: times on
a shared machine are only as good as the idle cores behind them.

    .venv/bin/python -m benchmarks.resolution_scale [--records 1000000] [--sample 2000]
        [--seed 5] [--cache FILE] [--no-splink] [--hand-set]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pickle
import resource
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from benchmarks.resolution_metrics import bcubed, pairwise, show
from benchmarks.resolution_synthetic import SPEC, people_records
from casegraph.examples.generator import generate_person_records
from casegraph.resolution import resolve
from casegraph.resolution.engine import prepare
from casegraph.resolution.scoring import compare
from casegraph.resolution.spec import ResolutionSpec
from casegraph.resolution.splink_engine import resolve_with_splink
from casegraph.resolution.types import CandidatePairs

MEAN_RECORDS_PER_PERSON = 2.15  # RECORD_COUNTS of examples.people
GIB = 1024**3


def load() -> str:
    """The machine's load averages over 1, 5 and 15 minutes, as ``uptime`` shows them."""
    return "load {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def all_pairs_seconds(records: list, spec: ResolutionSpec = SPEC) -> tuple[float, int]:
    """Seconds to compare every pair of ``records`` with the same comparators."""
    n = len(records)
    left, right = np.triu_indices(n, k=1)
    started = time.perf_counter()
    columns = prepare(records, spec)
    compare(columns, spec, CandidatePairs(left, right, len(left), 0), n)
    return time.perf_counter() - started, len(left)


def _casegraph(records: list, spec: ResolutionSpec) -> dict:
    result = resolve(records, spec)
    s = result.stats
    return {
        "clusters": result.clusters,
        "pairs": s.pairs_compared,
        "all_pairs": s.all_pairs,
        "oversized": s.oversized_blocks,
        "review": s.review,
        "stages": s.stages,
    }


def _splink(records: list, spec: ResolutionSpec) -> dict:
    """Splink 5 on DuckDB as ``casegraph dedupe --engine splink`` runs it (one place to
    keep its set-up: :mod:`casegraph.resolution.splink_engine`): the records as casegraph
    normalises them, casegraph's blocking keys, Splink's comparisons, trained the way its
    documentation trains a model on a large table (the prior from deterministic rules,
    ``u`` from 1e8 random pairs, ``m`` by EM in sessions that hold a fair share of matches
    at any size). Predictions at the spec's review threshold, clusters at its merge one."""
    found = resolve_with_splink(records, spec)
    return {"clusters": found.clusters, "pairs": len(found.pairs)}


def _child(engine: Callable, path: str, spec: ResolutionSpec, out: multiprocessing.Queue) -> None:
    """Run one engine on the records in ``path`` and report its figures to ``out``."""
    with open(path, "rb") as handle:
        records = pickle.load(handle)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    started, cpu = time.perf_counter(), time.process_time()
    found = engine(records, spec)
    found["seconds"] = time.perf_counter() - started
    found["cpu"] = time.process_time() - cpu
    found["records_rss"] = before
    found["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    found["load"] = load()
    out.put(found)


def run_apart(engine: Callable, path: str, spec: ResolutionSpec) -> dict:
    """``engine`` on the records in ``path`` in a fresh process (its memory its own)."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    child = context.Process(target=_child, args=(engine, path, spec, out))
    child.start()
    found = out.get()
    child.join()
    return found


def report(title: str, found: dict, truth: dict[str, str]) -> None:
    people = len(set(truth.values()))
    persons = len(set(found["clusters"].values()))
    print(
        f"{title}: {found['seconds']:.1f} s end to end ({found['cpu']:.1f} s of CPU), peak "
        f"memory {found['peak_rss'] / GIB:.2f} GB ({found['records_rss'] / GIB:.2f} GB of it "
        f"the records), {found['load']} at the end"
    )
    print(f"  {persons:,} persons found of {people:,} true ({(persons - people) / people:+.1%})")
    print("  " + show("pairwise", pairwise(found["clusters"], truth)))
    print("  " + show("B-cubed", bcubed(found["clusters"], truth)))


def records_for(count: int, seed: int, cache: Path | None) -> tuple[list, dict[str, str]]:
    """Generated records (from ``cache`` when it holds them already; written to it otherwise)."""
    if cache and cache.exists():
        with cache.open("rb") as handle:
            return pickle.load(handle)
    rows, truth = generate_person_records(int(count / MEAN_RECORDS_PER_PERSON), seed, 0.3)
    records = people_records(rows)
    if cache:
        with cache.open("wb") as handle:
            pickle.dump((records, truth), handle, protocol=pickle.HIGHEST_PROTOCOL)
    return records, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument(
        "--sample", type=int, default=2000, help="records for the all-pairs baseline (0: none)"
    )
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--cache", type=Path, help="keep the generated records in this file")
    parser.add_argument("--no-splink", action="store_true", help="casegraph only")
    parser.add_argument(
        "--hand-set", action="store_true", help="also casegraph with the kinds' hand-set weights"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    records, truth = records_for(args.records, args.seed, args.cache)
    print(f"{len(records):,} records of {len(set(truth.values())):,} people (seed {args.seed}, "
          f"noise 0.3), generated in {time.perf_counter() - started:.0f} s; {os.cpu_count()} "
          f"cores, {load()}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="casegraph-scale-") as folder:
        path = str(Path(folder) / "records.pickle")
        with open(path, "wb") as handle:
            pickle.dump(records, handle, protocol=pickle.HIGHEST_PROTOCOL)
        ours = run_apart(_casegraph, path, SPEC)
        report("casegraph (learned weights)", ours, truth)
        print(f"  {ours['pairs']:,} pairs compared of {ours['all_pairs']:,} (reduction ratio "
              f"{1 - ours['pairs'] / ours['all_pairs']:.6f}), {ours['oversized']:,} oversized "
              f"blocks compared sparsely, {ours['review']:,} pairs to review")  # fmt: skip
        print("  CPU by stage: " + ", ".join(f"{k} {v:.1f} s" for k, v in ours["stages"]))
        if args.hand_set:
            hand = run_apart(_casegraph, path, replace(SPEC, learn=False))
            report("casegraph (hand-set weights)", hand, truth)
        if not args.no_splink:
            theirs = run_apart(_splink, path, SPEC)
            report("splink 5 (duckdb)", theirs, truth)
            print(f"  {theirs['pairs']:,} pairs scored at or above {SPEC.thresholds.review}")
    if args.sample < 2:
        return
    sample = records[: args.sample]
    base, pairs = all_pairs_seconds(sample)
    per_pair = base / pairs
    extrapolated = per_pair * ours["all_pairs"]
    print(f"all-pairs baseline: {pairs:,} pairs of a {len(sample):,}-record sample in {base:.1f} s "
          f"({per_pair * 1e6:.2f} us a pair) -> {extrapolated / 3600:.1f} h for {len(records):,} "
          f"records, {extrapolated / ours['seconds']:.0f}x the blocked run ({load()})")  # fmt: skip


if __name__ == "__main__":
    main()

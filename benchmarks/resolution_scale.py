"""Benchmark 3: 100,000 person records resolved end to end (prepare, block, compare,
cluster) on this machine, against an all-pairs baseline measured on a subsample and
extrapolated (all pairs grow with the square of the records).

    .venv/bin/python -m benchmarks.resolution_scale [--records 100000] [--sample 2000]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

import numpy as np

from benchmarks.resolution_metrics import bcubed, pairwise, show
from benchmarks.resolution_synthetic import SPEC, people_records
from casegraph.examples.generator import generate_person_records
from casegraph.resolution import resolve
from casegraph.resolution.engine import prepare
from casegraph.resolution.scoring import compare
from casegraph.resolution.types import CandidatePairs

MEAN_RECORDS_PER_PERSON = 2.15  # RECORD_COUNTS of examples.people


def all_pairs_seconds(records: list, spec=SPEC) -> tuple[float, int]:
    """Seconds to compare every pair of ``records`` with the same comparators."""
    n = len(records)
    left, right = np.triu_indices(n, k=1)
    started = time.perf_counter()
    columns = prepare(records, spec)
    compare(columns, spec, CandidatePairs(left, right, len(left), 0), n)
    return time.perf_counter() - started, len(left)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    people = int(args.records / MEAN_RECORDS_PER_PERSON)
    rows, truth = generate_person_records(people, seed=args.seed, noise_level=0.3)
    records = people_records(rows)
    print(f"{len(records)} records of {people} people")

    started, cpu = time.perf_counter(), time.process_time()
    result = resolve(records, SPEC, progress=True)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    s = result.stats
    print(f"casegraph: {seconds:.1f} s end to end ({cpu:.1f} s of CPU, all threads), "
          f"{s.pairs_compared} pairs compared of "
          f"{s.all_pairs} (reduction ratio {s.reduction_ratio:.6f}), "
          f"{s.oversized_blocks} oversized blocks skipped, {s.clusters} clusters")  # fmt: skip
    print("  " + show("pairwise", pairwise(result.clusters, truth)))
    print("  " + show("B-cubed", bcubed(result.clusters, truth)))

    sample = records[: args.sample]
    base, pairs = all_pairs_seconds(sample, replace(SPEC))
    per_pair = base / pairs
    extrapolated = per_pair * s.all_pairs
    print(f"all-pairs baseline: {pairs} pairs of a {len(sample)}-record sample in {base:.1f} s "
          f"({per_pair * 1e6:.2f} us a pair) -> {extrapolated / 3600:.1f} h for {len(records)} "
          f"records, {extrapolated / seconds:.0f}x the blocked run")  # fmt: skip


if __name__ == "__main__":
    main()

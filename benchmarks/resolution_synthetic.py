"""Benchmark 1: resolution quality on synthetic labelled person records.

Records come from ``casegraph.examples.generator`` (typos, transliteration and native scripts,
nicknames, honorifics, swapped name order, phone formats, missing fields, hard
negatives). Prints pairwise and B-cubed precision / recall / F1 at the default
thresholds. ``--ceiling`` also prints what any scorer of the same comparisons could reach
(an oracle that knows the truth), which bounds the figure the goal asks of these fields.

    .venv/bin/python -m benchmarks.resolution_synthetic [--people 2000] [--seed 11] [--ceiling]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import replace

from benchmarks.resolution_metrics import bcubed, pairwise, show
from casegraph.examples.generator import generate_person_records
from casegraph.resolution import FieldSpec, Record, Resolution, ResolutionSpec, resolve
from casegraph.resolution.learn import level_matrix

SPEC = ResolutionSpec(
    fields=(
        # The full name and the alias as one comparison (the best-matching pair): two
        # name fields would count one piece of evidence twice.
        FieldSpec("names", "full_name"),
        FieldSpec("birth", "date"),
        FieldSpec("phone", "phone"),
        FieldSpec("telegram", "account", options={"platform": "telegram"}),
        FieldSpec("nationality", "country"),
    )
)
# The generator files each person under one or two of ~300 case ids and unrelated
# people share one only by chance, so a shared case is strong evidence here; in real
# files one case names many different people. Reported separately for that reason.
WITH_CASE = replace(SPEC, fields=(*SPEC.fields, FieldSpec("case_id", "category")))


def people_records(rows: list[dict]) -> list[Record]:
    """Generator rows as records: the full name with the alias, the birth date or,
    failing that, the year; the debrief country is the default phone region."""
    records = []
    for row in rows:
        values = {k: None if v is None else str(v) for k, v in row.items()}
        values["birth"] = values["birth_date"] or values["birth_year"]
        values["names"] = [n for n in (row["full_name"], row["alias"]) if n]
        records.append(Record(id=row["record_id"], values=values, country=row.get("country")))
    return records


def oracle_f1(cells: Sequence[Hashable], match: Sequence[bool], true_pairs: int) -> float:
    """The best pairwise F1 of merging whole cells of compared pairs, best true share
    first: no scorer that sees only what tells the cells apart does better pair by pair
    (in-sample, so if anything optimistic; clustering adds only what transitivity gives)."""
    tally: dict[Hashable, list[int]] = defaultdict(lambda: [0, 0])
    for cell, same in zip(cells, match, strict=True):
        tally[cell][0] += 1
        tally[cell][1] += same
    tp = fp = 0
    best = 0.0
    for pairs, true in sorted(tally.values(), key=lambda t: -t[1] / t[0]):
        tp, fp = tp + true, fp + pairs - true
        best = max(best, 2 * tp / (2 * tp + fp + (true_pairs - tp)))
    return best


def ceiling(result: Resolution, rows: list[dict], truth: dict[str, str]) -> None:
    """Oracle F1 for the spec's comparison levels, then with the two columns it leaves
    out (role, debrief country) as well: how far any resolver of these records can go."""
    cmp, ids = result.comparison, result.record_ids
    left, right = cmp.pairs.left.tolist(), cmp.pairs.right.tolist()
    match = [truth[ids[a]] == truth[ids[b]] for a, b in zip(left, right, strict=True)]
    true_pairs = sum(n * (n - 1) // 2 for n in Counter(truth.values()).values())
    levels = level_matrix(cmp.similarity, [f.effective_levels() for f in result.spec.fields])
    cells = [tuple(g) for g in levels.tolist()]
    f1 = oracle_f1(cells, match, true_pairs)
    print(f"ceiling, the spec's comparison levels: pairwise F1 {f1:.4f}")

    def agree(column: str, a: int, b: int) -> int:
        x, y = rows[a][column], rows[b][column]
        return -1 if not x or not y else int(x == y)

    more = [
        (*cell, agree("role", a, b), agree("country", a, b))
        for cell, a, b in zip(cells, left, right, strict=True)
    ]
    f1 = oracle_f1(more, match, true_pairs)
    print(f"ceiling, with role and debrief country: pairwise F1 {f1:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--noise", type=float, default=0.3)
    parser.add_argument("--ceiling", action="store_true", help="print the oracle ceiling too")
    args = parser.parse_args()
    rows, truth = generate_person_records(args.people, seed=args.seed, noise_level=args.noise)
    records = people_records(rows)
    print(f"synthetic people: {len(records)} records of {len(set(truth.values()))} people, "
          f"noise {args.noise}, seed {args.seed}")  # fmt: skip
    for title, spec in (("names, dates, phones, handles", SPEC), ("... and case id", WITH_CASE)):
        started = time.perf_counter()
        result = resolve(records, spec)
        seconds = time.perf_counter() - started
        s = result.stats
        print(f"{title}: pairs compared {s.pairs_compared} of {s.all_pairs} (reduction ratio "
              f"{s.reduction_ratio:.5f}), clusters {s.clusters}, review {s.review}, "
              f"conflicts {s.conflicts}, {seconds:.2f} s")  # fmt: skip
        print("  " + show("pairwise", pairwise(result.clusters, truth)))
        print("  " + show("B-cubed", bcubed(result.clusters, truth)))
        if args.ceiling and spec is SPEC:
            ceiling(result, rows, truth)


if __name__ == "__main__":
    main()

"""Synthetic data with known ground truth: person records, or whole datasets on disk.

Library::

    records, truth = generate_person_records(1000, seed=7, noise_level=0.3)

Command line (from the repository root)::

    python -m casegraph.examples.generator --people 1000 --seed 7 --out /tmp/people
    python -m casegraph.examples.generator --debriefs 500 --seed 7 --out /tmp/dataset
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from casegraph.examples.dataset import generate_dataset
from casegraph.examples.people import RECORD_FIELDS, generate_person_records

__all__ = ["generate_dataset", "generate_person_records", "main", "write_person_records"]


def write_person_records(records: list[dict], truth: dict[str, str], out_dir: Path) -> None:
    """Write ``people.csv`` (one record a row) and ``people_truth.json`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "people.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=RECORD_FIELDS)
        writer.writeheader()
        writer.writerows(records)
    (out_dir / "people_truth.json").write_text(json.dumps(truth, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and write the requested synthetic data."""
    parser = argparse.ArgumentParser(
        prog="python -m casegraph.examples.generator",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--people", type=int, help="entities for person records")
    parser.add_argument("--debriefs", type=int, help="debriefs for a whole dataset")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--noise", type=float, default=0.3, help="noise level, 0 to 1")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    args = parser.parse_args(argv)
    if (args.people is None) == (args.debriefs is None):
        parser.error("give --people N or --debriefs N")
    if args.debriefs is not None:
        truth = generate_dataset(args.debriefs, args.seed, args.out, args.noise)
        persons = len(truth["persons"])
        print(f"{args.debriefs} debriefs about {persons} people written to {args.out}")
        return
    records, truth = generate_person_records(args.people, args.seed, args.noise)
    write_person_records(records, truth, args.out)
    print(f"{len(records)} records of {len(set(truth.values()))} people written to {args.out}")


if __name__ == "__main__":
    main()

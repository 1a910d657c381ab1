"""Reading debrief notes typed without front matter: headers, the people's lines, ages.

Writes ``--notes`` typed notes (the test fixtures' offices, in five languages, each copy
given its own case number, names and phones), times how long reading them takes (the
text to a note's fields and people, no store), then loads them all into a throw-away
embedded FalkorDB and times that too. Not part of the test run (speed is not asserted
in tests).

    .venv/bin/python -m benchmarks.typed_notes [--notes 2000]
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from benchmarks.stores import bench_store
from casegraph.loaders.gazetteer import load_gazetteer
from casegraph.loaders.mining import mine_text
from casegraph.loaders.plain_notes import read_plain_note
from casegraph.services.ingest import load_paths

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "load"
TEMPLATES = sorted([*(FIXTURES / "typed").iterdir(), *(FIXTURES / "languages").iterdir()])
_CASE = re.compile(r"(/20\d\d/)(\d{3})")
_PHONE = re.compile(r"555([ ]?)(\d)(\d\d)")


def write_notes(folder: Path, count: int) -> list[Path]:
    """``count`` notes from the templates, the n-th with case numbers and phone
    endings of its own (so each is a note of its own, not a re-load)."""
    paths = []
    for n in range(count):
        template = TEMPLATES[n % len(TEMPLATES)]
        text = template.read_text(encoding="utf-8")
        text = _CASE.sub(lambda m, n=n: f"{m.group(1)}{n:05d}", text)
        text = _PHONE.sub(lambda m, n=n: f"555{m.group(1)}{n % 10}{n // 10 % 100:02d}", text)
        path = folder / f"{n:05d} {template.name}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=2000, help="typed notes written and read")
    args = parser.parse_args()
    gazetteer = load_gazetteer()
    mine_text("warm up 0712 345 678", "KE", gazetteer)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "notes"
        folder.mkdir()
        paths = write_notes(folder, args.notes)
        texts = [(p, p.read_text(encoding="utf-8")) for p in paths]
        started = time.perf_counter()
        people = sum(
            len(read_plain_note(p, t, gazetteer, False).data.get("people") or []) for p, t in texts
        )
        read = time.perf_counter() - started
        with bench_store("falkordb", Path(tmp) / "store") as store:
            started = time.perf_counter()
            report = load_paths(store, [folder])
            loaded = time.perf_counter() - started
    print(f"{args.notes} typed notes, {people} people read from their labelled lines")
    print(
        f"read (text to fields and people): {read:.2f} s, {read / args.notes * 1000:.2f} ms a note"
    )
    print(f"load into embedded FalkorDB:      {loaded:.2f} s, {args.notes / loaded:.0f} notes/s")
    print(f"problems: {len(report.problems)}")


if __name__ == "__main__":
    main()

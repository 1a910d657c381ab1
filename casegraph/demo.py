"""The main job on the embedded store (`make demo`): start, apply the schema, report.

It grows with the product: load the examples, resolve, run the headline queries,
write the network picture and the evidence report, and say where they are.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from casegraph.settings import load_settings
from casegraph.store import counts, open_store


def run_demo(out: Path) -> list[str]:
    """Run every step; returns the lines it printed (the notebooks reuse them)."""
    settings = load_settings()
    store = open_store(settings)
    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    try:
        say(f"store: {store.location}")
        store.apply_schema()
        say("schema applied")
        c = counts(store)
        say(f"nodes: {sum(c['nodes'].values())}, relationships: {sum(c['relationships'].values())}")
    finally:
        store.close()
    out.mkdir(parents=True, exist_ok=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("out"))
    args = parser.parse_args()
    run_demo(args.out)


if __name__ == "__main__":
    main()

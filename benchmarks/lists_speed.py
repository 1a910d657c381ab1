"""Sanctions-list speed: loading a synthetic SDN CSV list and cross-matching it with xref.

Writes a fictional list of ``--parties`` parties (a third organisations; each person
with three aliases, an address, a passport and a wallet in the remarks) in the SDN CSV
layout, loads it with the examples into a throw-away embedded FalkorDB store, resolves
the examples with the ground truth's clusters and runs ``xref``. Prints parties/s for
the load and the xref time and hit counts. Not part of the test run.

    .venv/bin/python benchmarks/lists_speed.py [--parties 5000]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path

import base58

from casegraph.core.settings import Settings
from casegraph.services.entities.layer import write_entity_layer
from casegraph.services.entities.records import fetch_person_records
from casegraph.services.ingest import load_paths
from casegraph.services.xref import xref
from casegraph.store.embedded_server import EmbeddedServer
from casegraph.store.falkordb_store import FalkorDBStore

REPO = Path(__file__).resolve().parents[1]
SURNAMES = ["NGUYEN", "TRAN", "LIU", "ZHANG", "WEKESA", "OTIENO", "SHARMA", "PRATAMA", "SANTOS"]
BRANDS = ["RIDGE", "DELTA", "LOTUS"]
GIVEN = ["Anh", "Bao", "Wei", "Samuel", "Kevin", "Arjun", "Rizky", "Maria", "Joseph", "Lan"]


def _tron(seed: str) -> str:
    payload = bytes([0x41]) + hashlib.sha256(seed.encode()).digest()[:20]
    check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return base58.b58encode(payload + check).decode()


def write_list(folder: Path, parties: int, rng: random.Random) -> None:
    """sdn.csv, alt.csv and add.csv of ``parties`` invented parties."""
    folder.mkdir(parents=True)
    with (
        (folder / "sdn.csv").open("w", newline="") as sdn,
        (folder / "alt.csv").open("w", newline="") as alt,
        (folder / "add.csv").open("w", newline="") as add,
    ):
        s, a, d = csv.writer(sdn), csv.writer(alt), csv.writer(add)
        previous = ""
        for n in range(parties):
            ent = str(100000 + n)
            if n % 3 == 0:
                name = f"{rng.choice(SURNAMES)} {rng.choice(BRANDS)} {n} CO., LTD."
                linked = f"Linked To: {previous}." if previous else "-0- "
                s.writerow([ent, name, "-0- ", "TCO", *["-0- "] * 7, linked])
                previous = name
            else:
                name = f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)} {n}"
                remarks = (f"DOB {1960 + n % 40}; nationality Kenya; Passport P{n:07d} (Kenya); "
                           f"Digital Currency Address - TRX {_tron(ent)}")  # fmt: skip
                s.writerow([ent, name, "individual", "TCO", *["-0- "] * 7, remarks])
                for k in range(3):
                    a.writerow([ent, f"{n}{k}", "aka", f"{name} {k}", "-0- "])
            d.writerow([ent, f"{n}", f"{n} Fictional Road", "Sihanoukville", "Cambodia", "-0- "])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parties", type=int, default=5000)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "tests"))
    from queries_support import clusters

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        write_list(home / "list", args.parties, random.Random(7))
        store = FalkorDBStore(Settings(home=home))
        try:
            store.apply_schema()
            load_paths(store, [REPO / "examples"])
            write_entity_layer(store, fetch_person_records(store), clusters())
            started = time.perf_counter()
            report = load_paths(store, [home / "list"])
            load_s = time.perf_counter() - started
            write_entity_layer(store, fetch_person_records(store), clusters())
            started = time.perf_counter()
            hits = xref(store, home / "decisions")
            xref_s = time.perf_counter() - started
        finally:
            store.close()
            EmbeddedServer(home).stop()
    loaded = report.kinds["sdn"].loaded
    print(f"SDN load: {loaded} parties in {load_s:.1f} s ({loaded / load_s:,.0f} parties/s)")
    by_status = {s: sum(1 for h in hits if h.status == s) for s in ("hit", "review")}
    print(f"xref against the examples: {xref_s:.1f} s, {len(hits)} hits {by_status}")


if __name__ == "__main__":
    main()

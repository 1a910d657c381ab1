"""The Splink engine: the same field spec through Splink on DuckDB finds the same
clusters as casegraph's engine on a small table, from the CLI too. People invented."""

from __future__ import annotations

import csv

from test_resolution_learn import SPEC, people

from casegraph.cli import main
from casegraph.resolution import resolve
from casegraph.resolution.splink_engine import resolve_with_splink, table


def groups(clusters: dict[str, str]) -> list[frozenset[str]]:
    found: dict[str, set[str]] = {}
    for record_id, cluster_id in clusters.items():
        found.setdefault(cluster_id, set()).add(record_id)
    return sorted(map(frozenset, found.values()), key=min)


def test_splink_on_duckdb_finds_the_clusters_casegraph_finds():
    records, truth = people(300, typos=False)
    ours = resolve(records, SPEC)
    theirs = resolve_with_splink(records, SPEC, "duckdb")
    assert groups(theirs.clusters) == groups(ours.clusters) == groups(truth)
    assert set(theirs.clusters) == {r.id for r in records}


def test_splink_gets_casegraph_normalised_values_and_blocking_keys():
    records, _ = people(3, typos=False)
    frame = table(records, SPEC)
    first = frame.set_index("unique_id").loc["p0"]
    copy = frame.set_index("unique_id").loc["p0d"]
    assert first["name"] == copy["name"]  # "GIVEN surname" and "SURNAME, Given" agree
    assert list(first["phone"]) == [records[0].values["phone"]]
    assert set(first["block_0"]) & set(copy["block_0"])


def test_dedupe_engine_splink_writes_clusters(tmp_path):
    records, truth = people(120, typos=False)
    source = tmp_path / "people.csv"
    with source.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "name", "dob", "phone"])
        writer.writerows([r.id, *(r.values[c] for c in ("name", "dob", "phone"))] for r in records)
    fields = ["--field", "name:full_name", "--field", "dob:date", "--field", "phone:phone"]
    main(["dedupe", str(source), "--id-column", "id", *fields, "--engine", "splink",
          "--out", str(tmp_path / "o"), "--quiet"])  # fmt: skip
    with (tmp_path / "o" / "clusters.csv").open(encoding="utf-8") as rows:
        found = {r["record_id"]: r["cluster_id"] for r in csv.DictReader(rows)}
    assert groups(found) == groups(truth)

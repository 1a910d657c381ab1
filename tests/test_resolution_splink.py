"""The Splink engine: the same field spec through Splink on DuckDB finds the same
clusters as casegraph's engine on a small table, from the CLI too. People invented."""

from __future__ import annotations

import csv
import json
import logging
from collections import Counter
from dataclasses import replace
from pathlib import Path

from test_resolution_learn import SPEC, people

from casegraph.cli import main
from casegraph.resolution import resolve
from casegraph.resolution.spec import FieldSpec, ResolutionSpec
from casegraph.resolution.splink_engine import _api, em_sessions, resolve_with_splink, table


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


def test_splink_estimates_the_share_of_matching_pairs_and_keeps_a_given_one():
    """Few people written twice: 1 / (records - 1), the old prior, is eight times the
    true share of matching pairs; Splink's estimate from deterministic rules (a shared
    phone; name and birth date) is near it, and the clusters are still casegraph's."""
    records, truth = people(600, typos=False)
    kept = [r for r in records if not r.id.endswith("d") or int(r.id[1:-1]) % 15 == 0]
    truth = {r.id: truth[r.id] for r in kept}
    matching = sum(n * (n - 1) // 2 for n in Counter(truth.values()).values())
    share = matching / (len(kept) * (len(kept) - 1) / 2)
    assert 1 / (len(kept) - 1) > 6 * share
    theirs = resolve_with_splink(kept, SPEC)
    assert share / 2 < theirs.prior < share * 2
    assert groups(theirs.clusters) == groups(resolve(kept, SPEC).clusters) == groups(truth)
    assert resolve_with_splink(kept[:60], replace(SPEC, prior=0.01)).prior == 0.01
    alone = [r for r in kept if not r.id.endswith("d")][:60]  # the rules pick no pair here
    found = resolve_with_splink(alone, SPEC)
    assert found.prior == 1 / 59 and len(set(found.clusters.values())) == 60


def test_splink_says_once_what_it_left_untrained_not_for_every_level(caplog):
    """An EM session never sees the fields it blocks on disagree, and Splink warns of each
    such level of each session: a page of warnings on every run, by design. What a user
    needs stays: predict()'s one list of the comparisons scored with default values."""
    em = logging.getLogger("splink.internals.expectation_maximisation")
    level = em.level
    records, truth = people(60, typos=False)
    with caplog.at_level(logging.WARNING):
        assert groups(resolve_with_splink(records, SPEC).clusters) == groups(truth)
    said = [r.getMessage() for r in caplog.records if r.name.startswith("splink")]
    assert not [m for m in said if "not observed in dataset" in m]
    assert [m for m in said if "untrained parameters will use default values" in m]
    assert em.level == level


def test_splink_compares_a_name_field_with_several_names_by_its_closest_pair():
    """A record giving a name and an alias ("name; alias") is one list of names to Splink,
    not the text of a tuple; copies carrying an alias (every third) still join their person."""
    records, truth = people(300, typos=False)
    aliased = [
        replace(r, values={**r.values, "name": f"{r.values['name']}; Boss {r.id}"})
        if r.id.endswith("d") and int(r.id[1:-1]) % 9 == 0
        else r
        for r in records
    ]
    frame = table(aliased, SPEC).set_index("unique_id")
    assert len(frame.loc["p0d", "name"]) == 2
    assert list(frame.loc["p1", "name"]) == [frame.loc["p1", "name"][0]]
    assert frame.loc["p0", "name"][0] in frame.loc["p0d", "name"]
    assert groups(resolve_with_splink(aliased, SPEC).clusters) == groups(truth)


def test_splink_em_sessions_come_from_the_field_kinds_and_skip_fields_of_few_values():
    """EM blocks on what holds a fair share of matches at any size, whatever the columns
    are called: the first number, the names with the birth year. Never a country alone
    (1.8 billion pairs at 200,000 records), nor a full date alone when numbers exist."""
    kinds = {"nombre": "full_name", "nacido": "date", "pais": "country", "movil": "phone"}
    spec = ResolutionSpec(fields=tuple(FieldSpec(n, k) for n, k in kinds.items()))
    assert em_sessions(spec) == [("movil__first",), ("nombre", "nacido__year")]
    no_numbers = ResolutionSpec(fields=spec.fields[:3])
    assert em_sessions(no_numbers) == [("nombre", "nacido__year"), ("nacido",)]


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
    summary = json.loads((tmp_path / "o" / "summary.json").read_text())
    assert 0 < summary["prior"] < 1 / (len(records) - 1)  # estimated, not the old guess


def test_duckdb_spills_to_the_system_temp_folder_not_the_users(tmp_path, monkeypatch):
    """A large run spills to disk; killed, it once left 1.3 GB in the folder it was run
    from (DuckDB's default is ``.tmp/`` there)."""
    monkeypatch.chdir(tmp_path)
    connection = _api("duckdb")._con
    spill = connection.execute("SELECT current_setting('temp_directory')").fetchone()[0]
    assert not Path(spill).resolve().is_relative_to(tmp_path.resolve())

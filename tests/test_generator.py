"""The synthetic data generator: deterministic, honest about its truth, realistic noise."""

from __future__ import annotations

import csv
import dataclasses
import random
from collections import Counter

import pytest

from casegraph.core.identifiers import normalize_phone
from casegraph.examples._identifiers import FICTIONAL_MARK, MOBILE_PREFIXES
from casegraph.examples.dataset import generate_dataset
from casegraph.examples.generator import main as generator_main
from casegraph.examples.people import (
    RECORD_FIELDS,
    _own_phones,
    generate_person_records,
    new_entity,
)
from casegraph.examples.sources import read_table


def test_person_records_are_deterministic_for_a_seed():
    assert generate_person_records(60, seed=5) == generate_person_records(60, seed=5)
    assert generate_person_records(60, seed=5) != generate_person_records(60, seed=6)


def test_person_truth_covers_every_record_and_entity():
    records, truth = generate_person_records(200, seed=1, noise_level=0.4)
    assert [r["record_id"] for r in records] == list(truth)
    assert len(set(truth.values())) == 200
    assert all(set(r) == set(RECORD_FIELDS) for r in records)
    # Most people are written down more than once: there is something to resolve.
    per_entity = Counter(truth.values())
    assert sum(1 for n in per_entity.values() if n > 1) > 100


def test_person_records_carry_realistic_noise():
    records, truth = generate_person_records(300, seed=2, noise_level=0.5)
    names_per_entity: dict[str, set[str]] = {}
    for record in records:
        names_per_entity.setdefault(truth[record["record_id"]], set()).add(record["full_name"])
    assert sum(1 for names in names_per_entity.values() if len(names) > 1) > 80
    assert any(
        r["full_name"] and any("\u4e00" <= ch <= "\u9fff" for ch in r["full_name"]) for r in records
    ), "some names in Hanzi"
    assert any((r["alias"] or "").split(" ")[0] in ("Boss", "Ah", "Pak", "Mr") for r in records)
    assert any(r["phone"] is None for r in records)


def test_hard_negatives_share_a_surname_but_not_an_identity():
    records, truth = generate_person_records(400, seed=3, noise_level=0.0)
    by_name: dict[str, set[str]] = {}
    for record in records:
        if record["given_name"] and record["surname"]:
            key = f"{record['given_name']} {record['surname']}"
            by_name.setdefault(key, set()).add(truth[record["record_id"]])
    assert any(len(entities) > 1 for entities in by_name.values())


def test_generated_phones_normalize_and_are_marked_fictional():
    records, _ = generate_person_records(200, seed=4, noise_level=0.5)
    phones = [(r["phone"], r["country"]) for r in records if r["phone"]]
    assert phones
    for raw, country in phones:
        e164 = normalize_phone(raw, country)
        assert e164 is not None, raw
        assert FICTIONAL_MARK in e164[4:], raw


def test_people_keep_their_own_numbers_once_a_countrys_listed_range_is_used_up():
    # Every Ethiopian number of the listed fictional range (3,000) taken: a million
    # generated people get there. The next Ethiopian still gets a number nobody has, in
    # another Ethiopian mobile range, still valid and still marked fictional.
    prefixes, length = MOBILE_PREFIXES["ET"]
    rest = length - len(prefixes[0]) - len(FICTIONAL_MARK)
    taken = {
        f"+251{prefix}{FICTIONAL_MARK}{n:0{rest}d}" for prefix in prefixes for n in range(10**rest)
    }
    entity = new_entity(random.Random(3), 1)
    entity = dataclasses.replace(entity, nationality="ET", phones=[min(taken), max(taken)])
    phones = _own_phones(entity, set(taken)).phones
    assert len(set(phones)) == 2 and not taken.intersection(phones)
    for number in phones:
        assert normalize_phone(number) == number and number.startswith("+2519")
        assert number[7:10] == FICTIONAL_MARK and number[4:7] not in prefixes


def test_generator_cli_writes_people_and_truth(tmp_path):
    generator_main(["--people", "25", "--seed", "9", "--out", str(tmp_path)])
    with (tmp_path / "people.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 25
    assert (tmp_path / "people_truth.json").exists()


def test_generator_rejects_a_bad_noise_level():
    with pytest.raises(ValueError):
        generate_person_records(5, noise_level=2.0)


def _files(root):
    """Every file of a generated dataset as comparable content (XLSX by its cells)."""
    return {
        str(p.relative_to(root)): read_table(p) if p.suffix == ".xlsx" else p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_datasets_are_deterministic_for_a_seed(tmp_path):
    first = generate_dataset(20, seed=4, out_dir=tmp_path / "a")
    again = generate_dataset(20, seed=4, out_dir=tmp_path / "b")
    other = generate_dataset(20, seed=5, out_dir=tmp_path / "c")
    assert first == again
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert first != other


def test_dataset_truth_counts_what_was_written(tmp_path):
    truth = generate_dataset(30, seed=8, out_dir=tmp_path)
    assert len(list((tmp_path / "debriefs").iterdir())) == 30 == len(truth["debriefs"])
    assert len(truth["victims"]) == 30
    assert truth["must_not_merge"] and truth["top_recruiter"]["recruited"]
    assert any(len(p["records"]) > 2 for p in truth["persons"]), "people recur across sources"

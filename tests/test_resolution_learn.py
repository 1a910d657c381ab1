"""Learned weights: EM recovers the m and u that generated a labelled table, the trained
spec is an ordinary spec that a second run reuses, and user-given levels stand.
All people and numbers are invented."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from casegraph.resolution import FieldSpec, LevelSpec, Record, ResolutionSpec, resolve
from casegraph.resolution.engine import prepare
from casegraph.resolution.learn import (
    chance_of_same_value,
    expectation_maximisation,
    identifiers_over_people,
    weights_table,
)
from casegraph.resolution.scoring import level_index, term_frequency
from casegraph.resolution.spec import load_spec, save_spec

TRUE_M = [np.array([0.7, 0.2, 0.1]), np.array([0.9, 0.1]), np.array([0.6, 0.3, 0.1])]
TRUE_U = [np.array([0.01, 0.09, 0.9]), np.array([0.05, 0.95]), np.array([0.02, 0.08, 0.9])]


def labelled_table(pairs: int, match_share: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Comparison levels of ``pairs`` pairs drawn from known m (matches) and u (others),
    with 5% of the values missing; and the truth."""
    rng = np.random.default_rng(seed)
    truth = rng.random(pairs) < match_share
    gamma = np.empty((pairs, len(TRUE_M)), dtype=np.int8)
    for j, (m, u) in enumerate(zip(TRUE_M, TRUE_U, strict=True)):
        gamma[truth, j] = rng.choice(len(m), size=truth.sum(), p=m)
        gamma[~truth, j] = rng.choice(len(u), size=(~truth).sum(), p=u)
    gamma[rng.random(gamma.shape) < 0.05] = -1
    return gamma, truth


def test_em_recovers_the_true_weights_from_a_rough_start():
    gamma, truth = labelled_table(20_000, 0.2, seed=3)
    start_m = [np.full(len(m), 1 / len(m)) + np.eye(len(m))[0] for m in TRUE_M]
    start_u = [np.full(len(u), 1 / len(u)) + np.eye(len(u))[-1] for u in TRUE_U]
    estimate = expectation_maximisation(gamma, start_m, start_u, 0.5, prior_pairs=0.0)
    assert estimate.converged
    for found, true in zip(estimate.m, TRUE_M, strict=True):
        assert found == pytest.approx(true, abs=0.03)
    for found, true in zip(estimate.u, TRUE_U, strict=True):
        assert found == pytest.approx(true, abs=0.02)
    assert estimate.match_share == pytest.approx(truth.mean(), abs=0.02)
    guessed = estimate.posterior > 0.5
    assert (guessed == truth).mean() > 0.95


def test_decided_pairs_are_fixed_labels():
    gamma, truth = labelled_table(2_000, 0.2, seed=5)
    labels = np.where(truth, 1.0, 0.0)
    labels[1000:] = np.nan
    estimate = expectation_maximisation(gamma, TRUE_M, TRUE_U, 0.2, labels)
    assert (estimate.posterior[:1000] == labels[:1000]).all()


def people(n: int, seed: int = 1, typos: bool = True) -> tuple[list[Record], dict[str, str]]:
    """``n`` invented people, a third written twice (surname order swapped, and with
    ``typos`` a letter dropped; every other one with a second phone)."""
    rng = np.random.default_rng(seed)
    letters = "abdeghiklmnoprstuvyz"
    records, truth = [], {}
    for i in range(n):
        given = "".join(rng.choice(list(letters), size=6))
        surname = "".join(rng.choice(list(letters), size=7))
        dob = f"19{rng.integers(50, 99)}-{rng.integers(1, 12):02d}-{rng.integers(1, 28):02d}"
        phone = f"+2547{rng.integers(10_000_000, 99_999_999)}"
        base = {"name": f"{given} {surname}", "dob": dob, "phone": phone}
        records.append(Record(f"p{i}", base))
        truth[f"p{i}"] = f"P{i}"
        if i % 3 == 0:
            typo = surname[:3] + surname[4:] if typos else surname
            copy = {**base, "name": f"{typo.upper()}, {given.title()}"}
            if i % 2:
                copy["phone"] = f"+2547{rng.integers(10_000_000, 99_999_999)}"
            records.append(Record(f"p{i}d", copy))
            truth[f"p{i}d"] = f"P{i}"
    return records, truth


SPEC = ResolutionSpec(
    fields=(FieldSpec("name", "full_name"), FieldSpec("dob", "date"), FieldSpec("phone", "phone"))
)


def test_resolve_learns_weights_and_the_saved_model_gives_the_same_clusters(tmp_path):
    records, truth = people(400)
    result = resolve(records, SPEC)
    assert result.training is not None
    assert set(result.training.learned) == {"name", "dob", "phone"}
    assert all(f.levels is not None for f in result.spec.fields)
    found = {rid for rid in result.clusters if rid.endswith("d")}
    assert all(result.clusters[rid] == result.clusters[rid[:-1]] for rid in found)
    assert len(set(result.clusters.values())) == len(set(truth.values()))
    save_spec(result.spec, tmp_path / "model.yaml")
    again = resolve(records, load_spec(tmp_path / "model.yaml"))
    assert again.training is not None and again.training.learned == ()
    assert again.clusters == result.clusters
    table = weights_table(result.spec, result.training.learned)
    assert "name (learned)" in table and "prior" in table


def test_levels_a_user_gives_are_not_learned():
    records, _ = people(300)
    given = (LevelSpec(1.0, 0.8, 1e-5), LevelSpec(0.0, 0.2, 1.0))
    spec = ResolutionSpec(fields=(*SPEC.fields[:2], FieldSpec("phone", "phone", levels=given)))
    result = resolve(records, spec)
    assert result.spec.field("phone").levels == given
    assert "phone" not in result.training.learned


def test_a_small_table_keeps_the_hand_set_weights():
    records, _ = people(30)
    result = resolve(records, SPEC)
    assert result.training.learned == ()
    assert all(f.levels is None for f in result.spec.fields)


def test_shared_birth_years_are_not_counted_as_shared_birth_dates():
    # Exact agreement on a date is a full date shared; 300 records giving only a birth
    # year share one all the time, which must not make a shared full date look common.
    years = [str(1980 + i % 20) for i in range(300)]
    dates = [f"19{60 + i % 30}-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(30)]
    column = np.empty(330, dtype=object)
    column[:] = years + dates
    date = FieldSpec("birth", "date")
    chance = chance_of_same_value(column, date)
    assert chance < 1e-3  # the 30 full dates are all different; years don't count
    column[:] = [dates[0]] * 330
    assert chance_of_same_value(column, date) > 0.9


def test_term_frequency_counts_whole_names_when_some_records_give_several():
    column = np.empty(4, dtype=object)
    column[:] = [("ah lin", "lin zhiwei"), "lin zhiwei", "li na", "lin zhiwei"]
    share = term_frequency(column, np.array([0, 1]), np.array([1, 2]))
    assert share[0] == pytest.approx(3 / 4)  # three of the four records are named so
    assert share[1] == 1.0  # nothing shared


@pytest.mark.parametrize(
    "mins",
    [(1.0, 0.88, 0.75, 0.6, 0.0), (0.9, 0.6, 0.3), (0.5, 0.9, 0.0)],  # the last out of order
)
def test_a_similarity_falls_in_the_first_level_it_reaches(mins):
    levels = [LevelSpec(low, 0.5, 0.5) for low in mins]
    similarity = np.array([np.nan, 1.0, 0.95, 0.88, 0.7, 0.6, 0.3, 0.1, 0.0, -0.5])
    expected = [
        next((i for i, low in enumerate(mins) if s >= low), -1) if not np.isnan(s) else -1
        for s in similarity
    ]
    assert level_index(levels, similarity).tolist() == expected


def much_named_boss(seed: int = 4) -> list[Record]:
    """A boss written down 150 times with his phone, two records of him by a nickname
    alone with the same phone, and 400 other invented people."""
    phone = "+8613955528792"
    boss = {"name": "Zhou Zhiwei", "phone": phone, "nationality": "CN"}
    records = [Record(f"boss{i}", boss) for i in range(150)]
    nickname = {**boss, "name": "Lao Zhou"}
    records += [Record(f"lao{i}", nickname) for i in range(2)]
    others, _ = people(400, seed)
    return records + [
        Record(r.id, {"name": r.values["name"], "phone": r.values["phone"], "nationality": "KE"})
        for r in others
    ]


BOSS_SPEC = ResolutionSpec(
    fields=(
        FieldSpec("name", "full_name"),
        FieldSpec("phone", "phone"),
        FieldSpec("nationality", "country"),
    )
)


def test_a_wholly_different_name_weighs_against_but_never_vetoes():
    # Nearly every pair of one person here is the boss's and agrees on his name, so a
    # wholly different name is learned as strong evidence against: it must not become
    # a veto (kept apart whatever else is shared), as a birth date's can.
    result = resolve(much_named_boss(), BOSS_SPEC)
    name = result.spec.field("name").levels[-1]
    assert BOSS_SPEC.veto_weight < np.log2(name.m / name.u) < -3


def test_a_value_of_one_much_named_person_is_not_counted_as_common():
    # One boss in 200 records (20,000 pairs agreeing on his phone) among 800 people with
    # numbers of their own, two of whom share one: pairs inside a first-pass cluster are
    # one person's, so only the two strangers sharing a number count towards u.
    column = np.empty(1000, dtype=object)
    column[:] = ["+8613955528792"] * 200 + [f"+25471200{i:04d}" for i in range(800)]
    column[201] = column[200]
    groups = np.array([0] * 200 + list(range(1, 801)))
    phone = FieldSpec("phone", "phone")
    counted_by_record = chance_of_same_value(column, phone, prior_pairs=0.0)
    counted_by_person = chance_of_same_value(column, phone, prior_pairs=0.0, groups=groups)
    assert counted_by_record > 0.03  # the boss's own pairs: about 4 % of all pairs
    pairs_of_two_people = (1000**2 - 200**2 - 800) / 2
    assert counted_by_person == pytest.approx(1 / pairs_of_two_people)


def test_shared_identifiers_are_weighed_over_people_once_records_are_clustered():
    # Learned over records, the boss's 150 records sharing his phone make it look common;
    # once his records are one cluster, only people sharing a number count towards u.
    records = much_named_boss()
    columns = prepare(records, BOSS_SPEC)
    learned = resolve(records, BOSS_SPEC).spec
    assert learned.field("phone").levels[0].u > 0.01
    # the boss and his nicknames one person, the others' second records with their first
    person = ["boss" if r.id.startswith(("boss", "lao")) else r.id.rstrip("d") for r in records]
    groups = np.unique(np.array(person), return_inverse=True)[1]
    again = identifiers_over_people(learned, BOSS_SPEC, columns, groups, ("name", "phone"))
    phone = again.field("phone").levels
    assert phone[0].u < 1e-4 and phone[0].m == learned.field("phone").levels[0].m
    assert np.log2(phone[0].m / phone[0].u) > 13  # as strong as a number shared by two
    assert again.field("name") == learned.field("name")  # names keep their u


def test_a_field_that_disagrees_within_people_never_counts_for_a_merge():
    """A careless office swapped the gender on every second copy of a person: EM alone
    would learn that disagreeing on gender is evidence of one person. Agreeing never
    counts against and disagreeing never for; such a field weighs nothing."""
    records, _ = people(1500)
    swapped = []
    for r in records:
        gender = "m" if int(r.id[1:].rstrip("d")) % 2 else "f"
        if r.id.endswith("d"):
            gender = {"m": "f", "f": "m"}[gender]
        swapped.append(Record(r.id, {**r.values, "gender": gender}))
    spec = replace(SPEC, fields=(*SPEC.fields, FieldSpec("gender", "category")))
    result = resolve(swapped, spec)
    assert "gender" in result.training.learned
    agree, disagree = {f.name: f for f in result.spec.fields}["gender"].levels
    assert agree.m >= agree.u and disagree.m <= disagree.u
    found = {rid for rid in result.clusters if rid.endswith("d")}
    assert all(result.clusters[rid] == result.clusters[rid[:-1]] for rid in found)

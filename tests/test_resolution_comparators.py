"""Comparators measure what their docstrings promise, level by level."""

from __future__ import annotations

import math

import numpy as np
import pytest

from casegraph.resolution import FieldSpec, ResolutionSpec
from casegraph.resolution.comparators import COMPARATORS
from casegraph.resolution.kinds import KINDS
from casegraph.resolution.scoring import compare
from casegraph.resolution.types import CandidatePairs


def similarity(name: str, a: object, b: object) -> float:
    column = np.empty(2, dtype=object)
    column[:] = [a, b]
    return float(COMPARATORS[name](column, np.array([0]), np.array([1]))[0])


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("1990-04-05", "1990-04-05", 1.0),
        ("1990-04-05", "1990-05-04", 0.8),  # day and month swapped
        ("1990-04-05", "1990-04-06", 0.8),  # one digit wrong
        ("1990-04-05", "1990", 0.7),  # partial, agrees
        ("1990", "1990", 0.7),  # only years known: weaker than a full date
        ("1990-04-05", "1980-04-05", 0.6),  # one digit of the year
        ("1990", "1991", 0.5),  # an estimate one year off
        ("1990", "1992", 0.5),  # two estimates (from stated ages), each one off
        ("1990-04-05", "1992", 0.5),
        ("1990-04-05", "1992-07-01", 0.0),  # two full dates years apart: different
        ("1990-04-05", "1990-11-23", 0.3),
        ("1990-04-05", "1971-11-30", 0.0),
        ("1990-04-05", "1990-04", 0.7),  # month precision, agrees
        ("1990-04-05", "1990-11", 0.3),  # month precision, another month of that year
        ("1990-04", "1990-04", 0.7),
    ],
)
def test_date_levels(a, b, expected):
    assert similarity("date_similarity", a, b) == expected


def test_missing_values_give_no_similarity():
    for name, value in (("date_similarity", "1990"), ("exact", "KE"), ("name_similarity", "x")):
        assert math.isnan(similarity(name, value, ""))
    assert math.isnan(similarity("shared_value", ("+254712345678",), ()))


def test_shared_value_finds_one_common_key_among_several():
    assert similarity("shared_value", ("+254711000001", "+66811000002"), ("+66811000002",)) == 1
    assert similarity("shared_value", ("+254711000001",), ("+254711000009",)) == 0


def test_identifier_typo_sits_between_same_and_different():
    same = similarity("identifier_similarity", ("AK1234567",), ("AK1234567",))
    swapped = similarity("identifier_similarity", ("AK1234567",), ("AK1243567",))
    other = similarity("identifier_similarity", ("AK1234567",), ("BX7654321",))
    assert same == 1.0 and 0.85 <= swapped < 1.0 and other < 0.5


def test_name_contained_in_a_longer_name_is_similar_but_not_the_same():
    contained = similarity("name_similarity", "daniel", "daniel otieno")
    assert 0.75 <= contained < 0.88


def test_a_typo_inside_the_contained_part_is_still_containment_not_disagreement():
    for short, long in (
        ("siiti", "siti susanto"),
        ("minh vn", "minh ngo van"),
    ):
        assert 0.75 <= similarity("name_similarity", short, long) < 0.85
    assert similarity("name_similarity", "samuel", "samson wekesa") < 0.6


def test_every_kind_names_a_registered_comparator_with_documented_levels():
    for kind in KINDS.values():
        func = COMPARATORS[kind.comparator]
        assert "Levels" in (func.__doc__ or "") or "1 if" in (func.__doc__ or "")
        assert kind.levels[-1][0] == 0.0


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Golden Sand Co., Ltd", "PT Golden Sand", 1.0),  # legal forms set aside
        ("Golden Sand Group", "Golden Sand Group Ltd", 1.0),
        ("Golden Sand Group", "Golden Sand Holdings", 0.0),  # two companies of one owner
        ("Golden Sand International", "Golden Sand Trading Sdn Bhd", 0.0),
        ("Golden Sand Real Estate", "Golden Sand Holding", 0.0),
        ("Golden Sand", "Golden Sand Group", 0.9),  # maybe the group: weaker, not against
    ],
)
def test_organisation_family_members_do_not_look_alike(a, b, expected):
    prepare = KINDS["organisation"].prepare
    assert similarity("organisation_similarity", prepare(a, None, {}), prepare(b, None, {})) == (
        pytest.approx(expected)
    )


def prepared(kind: str, *raw: object) -> np.ndarray:
    column = np.empty(len(raw), dtype=object)
    column[:] = [KINDS[kind].prepare(value, None, {}) for value in raw]
    return column


def test_a_name_and_its_aliases_are_one_comparison_by_the_best_pair():
    # One record gives a name and an alias, the other only the alias: the names agree
    # as well as their best pair does, once (not once per name).
    column = prepared(
        "full_name", ["Wanjiru Kamau", "Mama Wanjiru"], "Wanjiru", ["Brian Otieno", "Bri"], ""
    )
    left, right = np.array([0, 0, 0, 1]), np.array([1, 2, 3, 2])
    sims = COMPARATORS["name_similarity"](column, left, right)
    assert sims[0] == pytest.approx(1.0)  # "Mama Wanjiru" -> "wanjiru", as written there
    assert sims[1] < 0.6  # nothing alike in either name
    assert math.isnan(sims[2])  # a record without a name says nothing
    assert sims[3] < 0.6


def test_a_single_name_column_is_compared_as_before():
    column = prepared("full_name", "Daniel Otieno", "Otieno, Daniel", "Danyel Otieno")
    sims = COMPARATORS["name_similarity"](column, np.array([0, 0]), np.array([1, 2]))
    assert sims[0] == 1.0 and 0.88 <= sims[1] < 1.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Goh Tianming", "Wu Tianming"),  # Hokkien and pinyin of one surname
        ("Tan Hua", "Chen Hua"),
        ("Rhea DelaCruz", "Rhea Dela Cruz"),  # two words written as one
        ("Phạm ThịLan", "Phạm Thị Lan"),
        ("Weilong", "Wei Long"),  # a given name alone, one word or two
        ("Abdulrahman", "Abdul Rahman"),
    ],
)
def test_a_name_written_another_way_weighs_as_a_typo_not_as_a_different_name(a, b):
    # What a reviewer sees: "names differ only in spelling" and the weight of a typo,
    # where these pairs scored 0.67-0.73 (a loose likeness) before.
    column = prepared("full_name", a, b)
    sim = float(COMPARATORS["name_similarity"](column, np.array([0]), np.array([1]))[0])
    assert 0.88 <= sim < 1.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Goh Tianming", "Wang Tianming"),  # Goh is Wu, never Wang
        ("Sanjay Karki", "Sanjay Magar"),
        ("Rhea Cruz", "Rhea Dela Santos"),
    ],
)
def test_different_surnames_are_no_spelling_variant(a, b):
    column = prepared("full_name", a, b)
    assert COMPARATORS["name_similarity"](column, np.array([0]), np.array([1]))[0] < 0.88


@pytest.mark.parametrize(
    ("a", "b", "typo"),
    [
        ("Aung Min", "Aung Myint", False),  # two Burmese names (89 as whole names)
        ("Nguyen Van Tuan", "Nguyen Van Tuyen", False),  # Tuấn and Tuyến
        ("Tesfaye Gebremedhin", "Tesfay Gebremedhin", True),  # a letter dropped
        ("Zhang Wei", "Zhang Wie", True),  # two letters swapped
        ("Daniel Otieno", "Danyel Otieno", True),
    ],
)
def test_a_typo_changes_a_letter_of_a_word_not_a_short_word_for_another(a, b, typo):
    sim = similarity("name_similarity", *(KINDS["full_name"].prepare(n, None, {}) for n in (a, b)))
    assert (0.88 <= sim < 1.0) if typo else (0.75 <= sim < 0.88)


def test_initials_are_a_name_contained_in_the_written_out_one():
    column = prepared(
        "full_name", "S. K. Wekesa", "Samuel Kiprop Wekesa", "S. T. Wekesa", "S Wekesa"
    )
    sims = COMPARATORS["name_similarity"](column, np.array([0, 2, 3]), np.array([1, 1, 1]))
    assert 0.75 <= sims[0] < 0.88  # each initial stands for a word: like a contained name
    assert sims[1] < 0.75  # T is not Kiprop
    assert 0.75 <= sims[2] < 0.88


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("tianming wu", "goh tianming"),
        ("delacruz rhea", "cruz dela rhea"),
        ("k s wekesa", "kiprop samuel wekesa"),
        ("siiti", "siti susanto"),  # a typo inside the contained part
        ("daniel", "daniel otieno"),
        ("wei li", "li wei zhang"),
        ("aba kofi", "aab kofi"),  # as long as each other: partial matches both ways
        ("amina hassan", "hassan amina yusuf"),
        ("nguyen van hung", "nguyen hung"),
    ],
)
def test_name_similarity_is_the_same_whichever_record_comes_first(a, b):
    # A name pair is compared once whichever record comes first: that is only right
    # while every measure in the name similarity is symmetric.
    assert similarity("name_similarity", a, b) == similarity("name_similarity", b, a)


def test_roles_agree_on_one_role_in_common_and_disagree_otherwise():
    column = prepared("categories", ["Recruiter", "agent"], "recruiter", ["victim"], None)
    sims = COMPARATORS["shared_value"](column, np.array([0, 0, 0]), np.array([1, 2, 3]))
    assert sims[0] == 1.0 and sims[1] == 0.0 and math.isnan(sims[2])


def test_a_common_role_agrees_for_less_than_a_rare_one():
    spec = ResolutionSpec(fields=(FieldSpec("roles", "categories"),), learn=False)
    roles = prepared("categories", *(["victim"] * 8), "boss", "boss", "recruiter", "driver")
    pairs = CandidatePairs(np.array([0, 8, 0]), np.array([1, 9, 10]), 66, 0)
    weight = compare({"roles": roles}, spec, pairs, len(roles)).weight[:, 0]
    assert weight[1] > weight[0] > 0  # two bosses say more than two victims
    assert weight[2] < 0  # a victim and a recruiter: different roles count against


def test_a_column_given_as_a_list_compares_like_an_array():
    """Comparators keep what they derive from a column while it lives (an array); a
    plain list cannot be watched that way and is simply read again."""
    left, right = np.array([0, 0, 1]), np.array([1, 3, 2])
    for name, values in (
        ("exact", ["KE", "UG", "", "KE"]),
        ("date_similarity", ["1990-04-05", "1990-05-04", "", "1990"]),
    ):
        as_list = COMPARATORS[name](values, left, right)
        as_array = COMPARATORS[name](np.array(values, dtype=object), left, right)
        np.testing.assert_array_equal(as_list, as_array)


def test_aliases_with_a_word_break_moved_weigh_as_a_typo_and_look_alikes_do_not():
    # A boss "Chen Weilong" in one debrief and "Chen Wei Long" in another (aliases, as
    # the field trial met him) were 0.72 apart as aliases, "none alike": split, not even
    # reviewed. One name with its words broken elsewhere is a variant, as close as a
    # typo; names of the same letters in other words are not ("Amin Khan", "Mina Khan").
    column = prepared(
        "alias",
        ["Chen Weilong", "Boss Chen"],
        "Chen Wei Long",
        "Tesfaye Gebre Medhin",
        "Tesfaye Gebremedhin",
        "Amin Khan",
        "Mina Khan",
        "Chen Wei",
        ["Siti Nurhaliza", "Kak Siti"],
        "Siti Nur Haliza",
    )
    left, right = np.array([0, 2, 4, 0, 1, 0, 7]), np.array([1, 3, 5, 6, 6, 7, 8])
    sims = COMPARATORS["alias_similarity"](column, left, right)
    assert 0.9 <= sims[0] < 1.0 and 0.9 <= sims[1] < 1.0
    assert sims[2] < 0.9  # one letter set, two other names
    assert sims[3] < 0.9 and sims[4] < 0.9  # "Chen Wei" is part of the name, no variant
    assert sims[5] < 0.9  # nothing alike
    assert 0.9 <= sims[6] < 1.0  # among several aliases of a record

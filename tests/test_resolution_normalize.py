"""Normalizers: names in any script compare in Latin, honorifics and nicknames do not
count, legal suffixes and look-alike spellings do not hide a copied company name."""

from __future__ import annotations

import pytest

from casegraph.resolution.normalize import canonical_name, normalize_date, org_skeleton, to_latin


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("王伟", "wang wei"),  # Chinese: surname, then given name joined
        ("陈志明", "chen zhiming"),
        ("Дмитрий Иванов", "dmitriy ivanov"),  # Cyrillic
        ("Nguyễn Văn Hùng", "nguyen van hung"),  # Vietnamese diacritics
    ],
)
def test_other_scripts_transliterate_to_latin(raw, expected):
    assert to_latin(raw) == expected


@pytest.mark.parametrize("raw", ["ស៊ុន ចាន់", "မောင်မောင်", "สมชาย ใจดี"])
def test_khmer_burmese_and_thai_give_latin_letters(raw):
    latin = to_latin(raw)
    assert latin and latin.isascii() and any(c.isalpha() for c in latin)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Mr Daniel Otieno", "Daniel Otieno"),
        ("Boss Wang Wei", "王伟"),
        ("Ko Aung Min", "Aung Min"),
        ("Anh Tran Minh", "Tran Minh"),
        ("Pak Budi Santoso", "Budi Santoso"),
        ("Khun Somchai", "Somchai"),
        ("Madam Rose", "Rose"),
        ("คุณสมชาย", "นายสมชาย"),  # Thai title prefixes in the original script
    ],
)
def test_honorifics_and_role_words_do_not_count(left, right):
    assert canonical_name(left) == canonical_name(right)


def test_a_name_made_only_of_honorifics_is_kept():
    assert canonical_name("Boss") == "boss"


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Danny Otieno", "Daniel Otieno"),
        ("Joe Mwangi", "Joseph Mwangi"),
        ("Mohamed Ali", "Muhammad Ali"),
        ("Otieno, Daniel", "Daniel OTIENO"),  # name order and case
    ],
)
def test_nicknames_and_name_order_do_not_count(left, right):
    assert canonical_name(left) == canonical_name(right)


def test_different_people_stay_different():
    assert canonical_name("Daniel Otieno") != canonical_name("David Otieno")


@pytest.mark.parametrize(
    "variant",
    [
        "Golden Sand Co., Ltd",
        "GOLDEN SAND COMPANY LIMITED",
        "Golden Sand Group Pte Ltd",
        "PT Golden Sand",
        "Golden Sand Sdn Bhd",
        "G0lden Sand LLC",  # zero for o
        "Go1den Sand Inc",  # one for l
        "Golden Sand Corp",
    ],
)
def test_legal_suffixes_and_look_alikes_fold_to_one_skeleton(variant):
    assert org_skeleton(variant) == org_skeleton("Golden Sand")


def test_rn_for_m_and_cyrillic_homoglyphs_fold():
    assert org_skeleton("Horizon Talent Link") == org_skeleton("Hоrizоn Talent Link")  # Cyrillic о
    assert org_skeleton("Summit Manpower") == org_skeleton("Surnmit Manpower")


def test_different_companies_keep_different_skeletons():
    assert org_skeleton("Golden Sand Co., Ltd") != org_skeleton("Silver Sand Co., Ltd")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1990-4-5", "1990-04-05"), ("05/04/1990", "1990-04-05"), ("1990", "1990"), ("1990-13", "")],
)
def test_dates_become_iso_or_partial(raw, expected):
    assert normalize_date(raw) == expected

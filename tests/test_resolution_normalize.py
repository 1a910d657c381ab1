"""Normalizers: names in any script compare in Latin, honorifics and nicknames do not
count, legal suffixes and look-alike spellings do not hide a copied company name."""

from __future__ import annotations

import pytest

from casegraph.resolution.normalize import (
    canonical_name,
    name_key,
    normalize_country,
    normalize_date,
    org_skeleton,
    to_latin,
)


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
    ("raw", "expected"),
    [
        ("Xiao", "xiao"),  # alone, these are the person's name
        ("Ko", "ko"),
        ("Lao", "lao"),
        ("Mr Lao", "lao"),
        ("Chen Xiao", "chen xiao"),  # after the name: a given name, not a title
        ("Lao Chen", "chen"),  # in front of a name: a title
        ("Anh Chi", "chi"),
        # Myanmar: a title that changes with age in front of a name without a surname...
        ("U Aung Min", "aung min"),
        ("Daw Khin Myint", "khin myint"),
        ("Mg Aye", "aye"),
        # ... but a word said twice is the name ("Ko Ko", "Maung Maung", "Ma Ma").
        ("Ko Ko Aung", "ko ko aung"),  # (a Burmese name keeps its order)
        ("Maung Maung", "maung maung"),
        ("Daw Ma Ma", "ma ma"),
        ("Ma Jun", "jun ma"),  # Ma is a Chinese surname, never taken for a title
        # Tuấn is a Vietnamese given name, wherever it stands (and a Malay title).
        ("Nguyen Van Tuan", "nguyen tuan van"),
        ("Tuan Nguyen", "nguyen tuan"),
        ("Ayesha Sheikh", "ayesha sheikh"),  # a family name after the name
        ("Sheikh Karim", "karim"),
    ],
)
def test_honorifics_are_removed_only_while_the_rest_is_still_a_name(raw, expected):
    assert canonical_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ahmad bin Ismail", "ahmed bin ismail"),
        ("Ismail bin Ahmad", "ismail bin ahmed"),  # father and son: never one sorted form
        ("Muhammad Ali bin Ismail", "ali mohammed bin ismail"),  # each side sorted
        ("Siti bte Abdullah", "siti binti abdullah"),  # one spelling of "daughter of"
        ("Wang Bin", "bin wang"),  # the Chinese given name, not between two words
        ("Bin Wang", "bin wang"),
        ("Ravi a/l Muthu", "ravi bin muthu"),  # anak lelaki: son of, written with a slash
        ("Muthu s/o Ravi", "muthu bin ravi"),
        ("Devi A/P Muthu", "devi binti muthu"),
        ("Tesfaye G/Medhin", "gebremedhin tesfaye"),  # Ethiopian: G/ is Gebre
        ("Min Aung", "min aung"),  # a Burmese name keeps its order: not "Aung Min"
        ("U Aung Min", "aung min"),
        ("Lin Zaw", "lin zaw"),  # Lin is as often Chinese: sorted, like any name
        ("Zaw Lin", "lin zaw"),
        ("Abebe W/Mariam", "abebe woldemariam"),
    ],
)
def test_names_are_not_sorted_across_a_patronymic_particle(raw, expected):
    assert canonical_name(raw) == expected


@pytest.mark.parametrize(
    ("hanzi", "pinyin"),
    [
        ("王小明", "Wang Xiaoming"),
        ("王 小明", "Wang Xiaoming"),  # 小 after the surname is his name, not "little"
        ("陈 伟龙", "Chen Weilong"),  # a word says where the surname ends
        ("欧阳娜娜", "Ouyang Nana"),  # a compound surname
        ("欧阳 娜娜", "Ouyang Nana"),
        ("老陈", "Chen"),  # "old Chen": a title in front of the name
    ],
)
def test_chinese_names_in_hanzi_compare_as_their_pinyin(hanzi, pinyin):
    assert canonical_name(hanzi) == canonical_name(pinyin)


@pytest.mark.parametrize(
    ("thai", "latin"),
    [
        ("ชัยวัฒน์", "chaiwat"),  # letter by letter it was "chaywathn"
        ("นายสมชาย แซ่ตั้ง", "saetang somchai"),  # Mr Somchai Saetang
        ("กิตติศักดิ์", "kittisak"),  # was "kittisakdi"
    ],
)
def test_thai_names_are_romanized_as_thai_names_are_written(thai, latin):
    assert canonical_name(thai) == latin


@pytest.mark.parametrize("variant", ["Chen Zhi", "CHEN, Zhi", "Zhi Chen", "chén  zhi.", "陈 志"])
def test_name_key_ignores_case_punctuation_diacritics_script_and_order(variant):
    assert name_key(variant) == "chen zhi"


def test_name_key_keeps_titles_and_other_names_apart():
    assert name_key("Chen Zhi") != name_key("Chen Zhiming")
    assert name_key("Mr Chen") == "chen mr"


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
        "Golden Sand Pte Ltd",
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


@pytest.mark.parametrize("other", ["Golden Sand Holdings", "Golden Sand International Ltd"])
def test_companies_of_one_family_keep_different_skeletons(other):
    assert org_skeleton("Golden Sand Group") != org_skeleton(other)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1990-4-5", "1990-04-05"),
        ("05/04/1990", "1990-04-05"),
        ("1990", "1990"),
        ("1990-13", ""),
        ("15 Dec 1969", "1969-12-15"),
        ("15th December 1969", "1969-12-15"),
        ("December 15, 1969", "1969-12-15"),
        ("Dec 1969", "1969-12"),
        ("circa 1969", "1969"),
        ("c. 1969", "1969"),
        ("about 1969?", "1969"),
        ("1969-12-15T00:00:00", "1969-12-15"),
        ("31 Feb 1969", ""),
        ("next spring", ""),
    ],
)
def test_dates_are_kept_at_their_precision(raw, expected):
    assert normalize_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("12/03/1969", "KE", "1969-03-12"),  # day first
        ("12/03/1969", "US", "1969-12-03"),  # month first
        ("12/03/1969", "PH", "1969-12-03"),
        ("25/12/1969", "US", "1969-12-25"),  # only one order is a date
        ("12/25/1969", "KE", "1969-12-25"),
    ],
)
def test_numeric_dates_follow_the_country_order(raw, country, expected):
    assert normalize_date(raw, country) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("KE", "KE"),
        ("KEN", "KE"),
        ("Kenya", "KE"),
        ("United Kingdom", "GB"),
        ("UK", "GB"),
        ("Burma", "MM"),
        ("Myanmar", "MM"),
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("Burmese", "MM"),
        ("Lao People's Democratic Republic", "LA"),
    ],
)
def test_countries_by_code_name_historic_name_or_nationality(raw, expected):
    assert normalize_country(raw) == expected


def test_an_unknown_country_is_kept_as_written_not_dropped():
    assert normalize_country("Atlantis") == "ATLANTIS"


def test_month_names_of_the_offices_languages_are_read():
    """Indonesian, Swahili, French and Spanish notes name months in their language."""
    assert normalize_date("5 Maret 2025") == "2025-03-05"
    assert normalize_date("1 Desemba 2024") == "2024-12-01"
    assert normalize_date("12 août 2024") == "2024-08-12"
    assert normalize_date("12 aout 2024") == "2024-08-12"
    assert normalize_date("enero 2025") == "2025-01"
    assert normalize_date("17 February 2025") == "2025-02-17"

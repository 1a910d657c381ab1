"""Narrative mining: gazetteer, indicator rules and the text miner over a debrief paragraph.

The narrative below is fictional (invented people, numbers, handles; wallets generated
from random bytes); the places and compound names are real or invented gazetteer entries.
"""

from __future__ import annotations

import random

import base58
import pytest

from casegraph.core.errors import InputError
from casegraph.loaders.gazetteer import load_gazetteer
from casegraph.loaders.indicators import find_indicators, load_indicators
from casegraph.loaders.mining import mine_text


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


# ---------------------------------------------------------------- gazetteer


@pytest.mark.parametrize(
    "name, place_id",
    [
        ("Myawadi", "LOC-MM-MYAWADDY"),
        ("Mae Sod", "LOC-TH-MAESOT"),
        ("MAE-SOT", "LOC-TH-MAESOT"),
        ("Sihanouk Ville", "LOC-KH-SIHANOUKVILLE"),
        ("Kompong Som", "LOC-KH-SIHANOUKVILLE"),
        ("KKPark", "CMP-MM-KKPARK"),
        ("k.k. park", "CMP-MM-KKPARK"),
        ("Ou Smach", "LOC-KH-OSMACH"),
        ("o'smach", "LOC-KH-OSMACH"),
        ("Las Pinas", "LOC-PH-LASPINAS"),
        ("Three Pagoda Pass", "LOC-TH-THREEPAGODAS"),
        ("Payathonzu", "LOC-MM-PAYATHONZU"),
        ("Kings Roman", "CMP-LA-KINGSROMANS"),
        ("Saigon", "LOC-VN-HOCHIMINHCITY"),
        ("loc-th-maesot", "LOC-TH-MAESOT"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_lookup_by_any_spelling(gazetteer, name, place_id):
    place = gazetteer.lookup(name)
    assert (place.id if place else None) == place_id


def test_places_carry_kind_country_and_parent(gazetteer):
    kk_park = gazetteer.lookup("KK Park")
    assert (kk_park.kind, kk_park.country, kk_park.located_in) == (
        "compound",
        "MM",
        "LOC-MM-MYAWADDY",
    )
    moei = gazetteer.lookup("Moei")
    assert moei.kind == "river_crossing"
    bkk = gazetteer.lookup("BKK")
    assert bkk.kind == "airport" and bkk.located_in == "LOC-TH-BANGKOK"
    assert gazetteer.lookup("Golden Triangle SEZ").kind == "sez"
    assert gazetteer.lookup("Mae Sot").lat == pytest.approx(16.71, abs=0.05)


@pytest.mark.parametrize(
    "text, code",
    [
        ("Kenyan", "KE"),
        ("Filipina", "PH"),
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("Turkey", "TR"),
        ("burma", "MM"),
        ("ke", "KE"),
        ("FR", "FR"),  # any ISO code, even one the gazetteer does not list
        ("Nairobi", None),  # a city is not a country
        ("Atlantean", None),
    ],
)
def test_country_code(gazetteer, text, code):
    assert gazetteer.country_code(text) == code


def test_every_origin_country_of_the_brief_is_known(gazetteer):
    origins = (
        "China Taiwan Hong Kong Malaysia Indonesia Philippines Singapore Thailand Viet Nam Laos "
        "Myanmar India Nepal Pakistan Bangladesh Sri Lanka Kenya Ethiopia Uganda South Africa "
        "Zimbabwe Brazil Russia Uzbekistan Mongolia Japan United States Türkiye"
    )
    found = {place.id for place, _, _ in gazetteer.find_all(origins)}
    assert len(found) == 28


def test_find_all_longest_match_on_word_boundaries(gazetteer):
    text = (
        "Flown from Nairobi to BKK, driven to Mae-Sot, then across the Moei river to Myawadi "
        "and KK Park. Two Ugandans were sold on to Kings Romans casino in the Golden "
        "Triangle SEZ. Nobody told us the address; what they add is a fee. Bangkoker "
        "food and a bkk sticker are not places; the KL-based office is."
    )
    found = [(place.id, text[start:end]) for place, start, end in gazetteer.find_all(text)]
    assert found == [
        ("LOC-KE-NAIROBI", "Nairobi"),
        ("LOC-TH-BKK", "BKK"),
        ("LOC-TH-MAESOT", "Mae-Sot"),
        ("LOC-TH-MOEI", "Moei river"),
        ("LOC-MM-MYAWADDY", "Myawadi"),
        ("CMP-MM-KKPARK", "KK Park"),
        ("UG", "Ugandans"),
        ("CMP-LA-KINGSROMANS", "Kings Romans casino"),
        ("LOC-LA-GTSEZ", "Golden Triangle SEZ"),
        ("LOC-MY-KUALALUMPUR", "KL"),
    ]


def test_find_all_maps_offsets_back_through_diacritics(gazetteer):
    text = "Später: Las Piñas, dann Türkiye."
    found = [(place.id, text[start:end]) for place, start, end in gazetteer.find_all(text)]
    assert found == [("LOC-PH-LASPINAS", "Las Piñas"), ("TR", "Türkiye")]


def test_broken_gazetteer_names_every_problem(tmp_path):
    path = tmp_path / "gaz.yaml"
    path.write_text(
        "countries:\n  - {code: TH, name: Thailand}\n"
        "places:\n"
        "  - {id: LOC-TH-A, name: Alpha, kind: city, country: TH}\n"
        "  - {id: LOC-TH-B, name: alpha, kind: town, country: XX, located_in: LOC-TH-Z}\n"
        "  - {id: bad id, name: Gamma, kind: city, country: TH}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_gazetteer(path)
    reasons = " | ".join(p.reason for p in caught.value.problems)
    assert "'alpha' also names LOC-TH-A" in reasons
    assert "unknown kind 'town'" in reasons
    assert "unknown country 'XX'" in reasons
    assert "unknown parent 'LOC-TH-Z'" in reasons
    assert "id must look like" in reasons
    assert all(p.file == str(path) for p in caught.value.problems)


# ---------------------------------------------------------------- indicators


def _hits(text: str) -> list[tuple[str, str]]:
    return [(hit.rule_id, text[hit.start : hit.end]) for hit in find_indicators(text)]


def test_every_screening_bullet_of_the_brief_has_a_rule():
    rules = load_indicators()
    ids = {rule.id for rule in rules}
    assert len(ids) == len(rules)
    assert {rule.element for rule in rules} == {"Act", "Means", "Purpose"}
    groups = {(rule.element, rule.group) for rule in rules}
    for expected in [("Act", "recruitment"), ("Act", "transport"), ("Act", "harbour")]:
        assert expected in groups
    assert {
        "MEANS-DOCS-CONFISCATED",
        "MEANS-DEBT-BONDAGE",
        "MEANS-RANSOM",
        "MEANS-SOLD",
        "MEANS-RECRUIT-OTHERS",
        "PURPOSE-FRAUD-INVESTMENT",
        "PURPOSE-SEXUAL-EXPLOITATION",
        "PURPOSE-ORGAN-REMOVAL",
    } <= ids
    assert all(rule.patterns and rule.label for rule in rules)


@pytest.mark.parametrize("rule", load_indicators(), ids=lambda rule: rule.id)
def test_every_rule_finds_its_documented_example(rule):
    hits = find_indicators(rule.example)
    assert rule.id in {hit.rule_id for hit in hits}, rule.example


@pytest.mark.parametrize(
    "sentence, rule_id",
    [
        ("The manager confiscated all of our passports on day one.", "MEANS-DOCS-CONFISCATED"),
        ("Our passports were collected by the guards.", "MEANS-DOCS-CONFISCATED"),
        (
            "They needed my passport for the visa processing.",
            "ACT-HARBOUR-PASSPORT-PROCESSING",
        ),
        ("We worked twelve-hour shifts.", "MEANS-LONG-HOURS"),
        ("We worked 15 to 16 hours a day.", "MEANS-LONG-HOURS"),
        ("If you miss the target you get shocked with a baton.", "MEANS-QUOTA-PUNISHMENT"),
        ("He was sold to another compound for USD 9,000.", "MEANS-SOLD"),
        ("To be released I had to recruit two friends to replace me.", "MEANS-RECRUIT-OTHERS"),
        ("My parents paid a ransom through a wallet.", "MEANS-RANSOM"),
        ("I was told what to say at the immigration desk.", "ACT-TRANSPORT-COACHED"),
        ("I did not know we had crossed into Myanmar.", "ACT-TRANSPORT-UNAWARE-BORDER"),
        ("They promised a visa on arrival.", "ACT-TRANSPORT-VISA-ON-ARRIVAL"),
        ("We were trained in pig-butchering scripts.", "PURPOSE-FRAUD-INVESTMENT"),
        ("Some girls were forced into karaoke bars.", "PURPOSE-SEXUAL-EXPLOITATION"),
        ("They threatened to harvest his kidneys.", "MEANS-THREAT-ORGANS"),
    ],
)
def test_indicator_phrases_are_recognised_in_their_inflections(sentence, rule_id):
    assert rule_id in {rule for rule, _ in _hits(sentence)}


@pytest.mark.parametrize(
    "sentence, rule_id",
    [
        ("They did not take my passport.", "MEANS-DOCS-CONFISCATED"),
        ("Nobody took my passport.", "MEANS-DOCS-CONFISCATED"),
        ("They took no passports from us.", "MEANS-DOCS-CONFISCATED"),
        ("They never beat me.", "MEANS-PHYSICAL-VIOLENCE"),
        ("I wasn't sold to anyone.", "MEANS-SOLD"),
        ("He stated he was not\ngiven any drugs.", "MEANS-DRUGS"),  # wrapped line
        ("He was threatened with being sold to another compound.", "MEANS-SOLD"),  # a threat
        ("They threatened to beat us.", "MEANS-PHYSICAL-VIOLENCE"),
    ],
)
def test_simple_negations_do_not_hit(sentence, rule_id):
    assert rule_id not in {rule for rule, _ in _hits(sentence)}


def test_habitual_past_is_not_a_threat():
    assert ("MEANS-PHYSICAL-VIOLENCE", "beat us") in _hits("They would beat us every night.")


def test_negation_stays_in_its_clause():
    text = "They did not beat me, but the guards took my phone and my passport."
    assert _hits(text) == [
        ("MEANS-DOCS-CONFISCATED", "took my phone and my passport"),
        ("MEANS-PHONE-CONFISCATED", "took my phone"),
    ]


def test_hits_carry_their_sentence_and_line():
    text = "We arrived at night.\nIn the morning Mr. Tan\ncollected our passports. Then we ate."
    (hit,) = find_indicators(text)
    assert (hit.rule_id, hit.element, hit.group) == (
        "MEANS-DOCS-CONFISCATED",
        "Means",
        "confinement",
    )
    assert hit.excerpt == "In the morning Mr. Tan collected our passports."
    assert hit.line == 3


def test_blank_lines_and_list_items_end_a_sentence_even_without_a_full_stop():
    text = "Notes from the call\r\n\r\nThey took my passport\n- guards at the gate\n"
    (hit,) = [h for h in find_indicators(text) if h.rule_id == "MEANS-DOCS-CONFISCATED"]
    assert (hit.excerpt, hit.line) == ("They took my passport", 3)


def test_broken_rule_file_names_the_rule(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules:\n"
        "  - {id: X-1, element: Act, group: g, label: l, example: e, patterns: ['(unclosed']}\n"
        "  - {id: X-2, element: Motive, group: g, label: l, example: e, patterns: [ok]}\n"
        "  - {id: X-3, element: Act, group: g}\n"
        "  - {id: X-4, element: Act, group: g, label: l, example: e,"
        " patterns: ['took (?:my )?~ passport']}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_indicators(path)
    problems = {(p.field, p.reason.split(":")[0]) for p in caught.value.problems}
    assert problems == {
        ("X-1", "bad pattern '(unclosed'"),
        ("X-2", "element must be one of Act, Means, Purpose"),
        ("X-3", "missing label, example, patterns"),
        ("X-4", "bad pattern 'took (?"),  # a gap glued to a group never matches: reported
    }


# ---------------------------------------------------------------- the miner

RNG = random.Random(7)


def _tron_address() -> str:
    return base58.b58encode_check(b"\x41" + bytes(RNG.randrange(256) for _ in range(20))).decode()


PAID_TO = _tron_address()
_first = _tron_address()
MISTYPED = _first[:12] + ("X" if _first[12] != "X" else "Y") + _first[13:]

NARRATIVE = f"""In March a former classmate sent me a Facebook post about customer service jobs
in Bangkok: USD 1,200 a month, free flights and housing. The recruiter, who called
himself Brayo, used Telegram @brayo_jobs and the number 0712 345 678; later he also
wrote from WhatsApp +66 81 234 5678.

After three interviews on video the recruiter paid for my ticket. A driver met us at
the airport and drove us to Mae Sot. At night we crossed the Moei river by boat and
were taken to KK Park. They did not take my passport at first. A week later the
guards took our phones and we worked 16 hours a day.

When I missed the target I was fined $300. My family sent 4,500 USDT to
{PAID_TO} for my release, but I was sold to Shwe Kokko instead. The first address
they gave, {MISTYPED}, was wrong. The boss wrote from boss.lee@goldenlotus-hr.com.
"""


@pytest.fixture(scope="module")
def mentions(gazetteer):
    return mine_text(NARRATIVE, "KE", gazetteer=gazetteer)


def _keys(mentions, kind):
    return {m.key for m in mentions if m.kind == kind}


def test_mined_keys_are_exactly_what_the_narrative_names(mentions):
    assert _keys(mentions, "phone") == {"+254712345678", "+66812345678"}
    assert _keys(mentions, "account") == {
        "telegram:brayo_jobs",
        "whatsapp:+66812345678",
        "email:boss.lee@goldenlotus-hr.com",
    }
    assert _keys(mentions, "wallet") == {f"tron:{PAID_TO}", f"tron:{MISTYPED}"}
    assert _keys(mentions, "amount") == {"USD:1200", "USD:300", "USDT:4500"}
    assert _keys(mentions, "location") == {"LOC-TH-BANGKOK", "LOC-TH-MAESOT", "LOC-TH-MOEI"}
    # "goldenlotus" inside the e-mail address is not the Golden Lotus compound
    assert _keys(mentions, "compound") == {"CMP-MM-KKPARK", "CMP-MM-SHWEKOKKO"}
    assert _keys(mentions, "indicator") == {
        "ACT-RECRUIT-JOB-ABROAD",
        "ACT-RECRUIT-ONLINE-OFFER",
        "ACT-RECRUIT-HIGH-SALARY",
        "ACT-RECRUIT-MULTIPLE-INTERVIEWS",
        "ACT-RECRUIT-COSTS-PAID",
        "ACT-HARBOUR-MET-BY-STRANGERS",
        "ACT-TRANSPORT-IRREGULAR-CROSSING",
        "MEANS-PHONE-CONFISCATED",
        "MEANS-LONG-HOURS",
        "MEANS-QUOTA-PUNISHMENT",
        "MEANS-FINES",
        "MEANS-RANSOM",
        "MEANS-SOLD",
    }
    # "They did not take my passport" is negated
    assert "MEANS-DOCS-CONFISCATED" not in _keys(mentions, "indicator")


def test_local_phone_resolved_with_the_debrief_country(mentions, gazetteer):
    (local,) = [m for m in mentions if m.text == "0712 345 678"]
    assert (local.kind, local.key, local.line) == ("phone", "+254712345678", 3)
    assert local.extra["country"] == "KE"
    # the same text mined for a Thai debrief is a Thai number, or nothing
    thai = _keys(mine_text(NARRATIVE, "TH", gazetteer=gazetteer), "phone")
    assert "+254712345678" not in thai


def test_mentions_carry_line_and_sentence(mentions):
    by_key = {(m.kind, m.key): m for m in mentions}
    kk_park = by_key[("compound", "CMP-MM-KKPARK")]
    assert (kk_park.text, kk_park.line) == ("KK Park", 8)
    assert kk_park.excerpt == (
        "At night we crossed the Moei river by boat and were taken to KK Park."
    )
    ransom = by_key[("indicator", "MEANS-RANSOM")]
    assert ransom.line == 11
    assert ransom.excerpt.startswith("My family sent 4,500 USDT to ")
    assert ransom.extra == {"element": "Means", "group": "debt", "label": "Ransom demanded"}
    whatsapp = by_key[("account", "whatsapp:+66812345678")]
    assert (whatsapp.text, whatsapp.line) == ("WhatsApp +66 81 234 5678", 4)


def test_wallets_and_amounts_carry_their_values(mentions):
    wallets = {m.key: m.extra["valid"] for m in mentions if m.kind == "wallet"}
    assert wallets == {f"tron:{PAID_TO}": True, f"tron:{MISTYPED}": False}
    amounts = {m.key: m.extra for m in mentions if m.kind == "amount"}
    assert amounts["USDT:4500"] == {"amount": 4500.0, "currency": "USDT"}
    assert amounts["USD:1200"] == {"amount": 1200.0, "currency": "USD"}


def test_mining_is_deterministic_and_deduplicated(mentions, gazetteer):
    again = mine_text(NARRATIVE, "KE", gazetteer=gazetteer)
    assert again == mentions
    assert len({(m.kind, m.key, m.start) for m in mentions}) == len(mentions)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert all(NARRATIVE[m.start : m.end] == m.text for m in mentions)


@pytest.mark.parametrize(
    "text, region, kind, key",
    [
        ("Add me on WeChat ID: laowang_888 please", "CN", "account", "wechat:laowang_888"),
        ("his Line ID is thai.jobs-2024", "TH", "account", "line:thai.jobs-2024"),
        ("see https://t.me/Horizon_Jobs_KE today", None, "account", "telegram:horizon_jobs_ke"),
        ("TikTok @easy.jobs_asia", None, "account", "tiktok:easy.jobs_asia"),
        (
            "page: https://www.facebook.com/golden.sand.careers/.",
            None,
            "account",
            "facebook:goldensandcareers",
        ),
        ("a fee of 25,000 baht", "TH", "amount", "THB:25000"),
        ("THB 500 for water", "TH", "amount", "THB:500"),
        ("they asked ₱12,000", "PH", "amount", "PHP:12000"),
        ("Rs 20,000 to the agent", "NP", "amount", "NPR:20000"),
        ("a 5k USD ransom", None, "amount", "USD:5000"),
        ("ransoms of USD 3,000 to 30,000", None, "amount", "USD:30000"),
        ("fines of 14-1,000 USD", None, "amount", "USD:14"),
        ("Ksh 150,000 to the agency", "KE", "amount", "KES:150000"),
        ("a fee of Rs 1,50,000 in cash", "IN", "amount", "INR:150000"),  # lakh grouping
        ("reachable on WeChat zhoubin_gt daily", None, "account", "wechat:zhoubin_gt"),
        ("the driver (+66 81 234 5678) waited", None, "phone", "+66812345678"),
    ],
)
def test_identifier_and_amount_spellings(gazetteer, text, region, kind, key):
    assert key in _keys(mine_text(text, region, gazetteer=gazetteer), kind)


def test_bare_platform_words_and_brackets_are_not_mined(gazetteer):
    mentions = mine_text("a WeChat group, the driver (+66 81 234 5678)", None, gazetteer)
    assert _keys(mentions, "account") == set()
    (phone,) = [m for m in mentions if m.kind == "phone"]
    assert phone.text == "+66 81 234 5678"


def test_empty_text_mines_nothing():
    assert mine_text("", "KE") == []


def test_ambiguous_spellings_are_for_lookup_only(gazetteer):
    assert gazetteer.country_code("Lao") == "LA"
    text = "Boss Zhao, also Lao Zhao, flew Emirates; a Laotian driver met him in Laos."
    found = [(place.id, text[start:end]) for place, start, end in gazetteer.find_all(text)]
    assert found == [("LA", "Laotian"), ("LA", "Laos")]


@pytest.mark.parametrize("loader", [load_gazetteer, load_indicators])
def test_unreadable_reference_files_name_the_file(tmp_path, loader):
    listed = tmp_path / "list.yaml"
    listed.write_text("- just\n- a list\n", encoding="utf-8")
    for path, reason in [(listed, "not a YAML mapping"), (tmp_path / "missing.yaml", "No such")]:
        with pytest.raises(InputError) as caught:
            loader(path)
        (problem,) = caught.value.problems
        assert problem.file == str(path) and reason in problem.reason


def test_chinese_place_names_are_found_without_spaces(gazetteer):
    text = "他先到曼谷，再从美索过河到妙瓦底的KK园区，后来被卖到西港。"
    found = [(place.id, text[start:end]) for place, start, end in gazetteer.find_all(text)]
    assert found == [
        ("LOC-TH-BANGKOK", "曼谷"),
        ("LOC-TH-MAESOT", "美索"),
        ("LOC-MM-MYAWADDY", "妙瓦底"),
        ("CMP-MM-KKPARK", "KK园区"),
        ("LOC-KH-SIHANOUKVILLE", "西港"),
    ]
    assert gazetteer.country_code("缅甸") == "MM"


def test_every_account_the_example_ground_truth_expects_is_mined():
    """Bare handles after "Telegram" and "WhatsApp from <number>" included, nothing extra."""
    import json
    from pathlib import Path

    import yaml

    examples = Path(__file__).resolve().parents[1] / "examples"
    truth = yaml.safe_load((examples / "ground_truth.yaml").read_text(encoding="utf-8"))
    for debrief, expected in truth["mined"].items():
        path = next((examples / "debriefs").glob(f"{debrief}.*"))
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            data, body = yaml.safe_load(text.split("---", 2)[1]), text.split("---", 2)[2]
        else:
            data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
            body = data.get("narrative", "")
        found = {m.key for m in mine_text(body, data["country"]) if m.kind == "account"}
        assert found == {a["key"] for a in expected.get("accounts", [])}, debrief

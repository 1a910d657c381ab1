"""The resolution pipeline as its users meet it: blocking, scoring, clustering without
chaining strangers, decisions that win and persist, explanations, specs as data.
All people, phones and numbers are invented."""

from __future__ import annotations

import json
from dataclasses import replace

import networkx as nx
import numpy as np
import pytest

from casegraph.core.errors import ConfigError, InputError
from casegraph.resolution import (
    DecisionStore,
    FieldSpec,
    Judgement,
    LevelSpec,
    Outcome,
    Record,
    ResolutionSpec,
    Thresholds,
    load_spec,
    resolve,
    save_spec,
)
from casegraph.resolution.arrays import distinct
from casegraph.resolution.blocking import block
from casegraph.resolution.engine import prepare

SPEC = ResolutionSpec(
    fields=(
        FieldSpec("name", "full_name"),
        FieldSpec("dob", "date"),
        FieldSpec("phone", "phone"),
        FieldSpec("passport", "identifier"),
    )
)


def person(rid: str, name: str, country: str = "KE", **values: str) -> Record:
    return Record(id=rid, values={"name": name, **values}, country=country)


def crowd(n: int) -> list[Record]:
    """n distinct invented people with unique names and phones."""
    syllables = ["ka", "mo", "ri", "tu", "ne", "zo", "la", "pi", "sa", "ve", "do", "hu"]
    out = []
    for i in range(n):
        given = syllables[i % 12] + syllables[(i // 12) % 12] + "ro"
        surname = syllables[(i // 144) % 12] + syllables[(i * 7) % 12] + "ndi"
        out.append(person(f"c{i:04d}", f"{given} {surname}", phone=f"0712 {i:06d}"))
    return out


def test_blocking_compares_a_small_share_of_all_pairs_and_still_finds_duplicates():
    records = crowd(600) + [
        person("d1", "Mr Daniel Otieno", phone="0712 999 001"),
        person("d2", "Otieno, Danny", phone="+254 712 999 001"),
    ]
    result = resolve(records, SPEC)
    assert result.stats.all_pairs == 602 * 601 // 2
    assert result.stats.pairs_compared < result.stats.all_pairs / 20
    assert result.stats.reduction_ratio > 0.95
    assert result.clusters["d1"] == result.clusters["d2"]


def test_each_pair_knows_which_blocking_rules_proposed_it():
    """Learning runs a session per rule over the pairs marked with it: the marks must be
    exactly the pairs each rule proposes when blocked alone."""
    records = crowd(300) + [
        person("d1", "Mr Daniel Otieno", phone="0712 999 001", dob="1990-04-05"),
        person("d2", "Otieno, Danny", phone="+254 712 999 001", dob="1990-04-05"),
        person("d3", "Danny Otieno", dob="1990-04-05"),
    ]
    columns = prepare(records, SPEC)
    rules, caps = SPEC.blocking_rules(), SPEC.block_caps()
    pairs, _ = block(columns, rules, caps, extra=[(0, 299)])
    n = len(records)
    codes = pairs.left * n + pairs.right
    for r, (rule, cap) in enumerate(zip(rules, caps, strict=True)):
        alone, _ = block(columns, [rule], [cap])
        marked = set(codes[(pairs.rules & (1 << r)) > 0].tolist())
        assert marked == set((alone.left * n + alone.right).tolist()), rule
    unmarked = codes[pairs.rules == 0].tolist()
    assert unmarked == [299]  # brought in by a reviewer's decision only


def test_a_run_reports_the_cpu_time_of_each_stage():
    result = resolve(crowd(300), SPEC)
    stages = dict(result.stats.stages)
    assert list(stages) == ["prepare", "block", "compare", "learn", "score", "cluster"]
    assert all(seconds >= 0 for seconds in stages.values())
    assert sum(stages.values()) > 0


def test_huge_blocks_are_compared_sparsely_and_counted():
    records = [person(f"n{i}", f"Nguyen {chr(65 + i % 26)}{i}") for i in range(150)]
    spec = ResolutionSpec(fields=(FieldSpec("name", "full_name"),), max_block_size=50)
    result = resolve(records, spec)
    assert result.stats.oversized_blocks >= 1
    assert result.stats.pairs_compared < result.stats.all_pairs / 10
    keys = result.explain("n0", "n1").blocking_keys
    assert "name.token=nguyen (block too large, compared sparsely)" in keys


def test_the_run_hands_out_what_explains_its_pairs_and_who_was_never_compared():
    records = crowd(40) + [
        person("d1", "Mr Daniel Otieno", phone="0712 999 001"),
        person("d2", "Otieno, Danny", phone="+254 712 999 001"),
    ]
    result = resolve(records, SPEC)
    ids, cmp, outcomes = result.record_ids, result.comparison, result.outcomes()
    assert len(outcomes) == len(cmp.score) == result.stats.pairs_compared
    assert outcomes.count(Outcome.MERGE) == result.stats.merged == 1
    pairs = zip(cmp.pairs.left.tolist(), cmp.pairs.right.tolist(), strict=True)
    for k, (a, b) in enumerate(pairs):
        again = result.explain(ids[a], ids[b])
        assert (cmp.score[k], outcomes[k]) == (pytest.approx(again.score), again.outcome)
        assert set(result.blocking_keys(ids[a])) & set(result.blocking_keys(ids[b]))
    name = {f.field: f for f in result.explain("d1", "d2").features}["name"]
    values = dict(zip([f.name for f in SPEC.fields], result.compared_values("d1"), strict=True))
    assert values["name"] == (name.left, name.left_original) == (name.left, "Mr Daniel Otieno")
    never = result.explain("c0000", "d1")
    assert never.outcome is None
    assert not set(result.blocking_keys("c0000")) & set(result.blocking_keys("d1"))


def test_contradicting_passports_are_never_chained_through_a_third_record():
    records = [
        person("a", "Kamau Njoroge", dob="1988-02-03", phone="0722 100 200", passport="AK1234567"),
        person("b", "Kamau Njoroge", dob="1988-02-03", phone="0722 100 200; 0733 300 400"),
        person("c", "Kamau Njoroge", phone="0733 300 400", passport="BX7654321"),
    ]
    result = resolve(records, replace(SPEC, veto_weight=None))  # the cluster check alone
    assert result.clusters["a"] == result.clusters["b"] != result.clusters["c"]
    assert [(p.left, p.right) for p in result.review_queue()] == [("b", "c")]
    assert result.review_queue()[0].outcome is Outcome.CONFLICT


def test_a_record_matching_two_people_kept_apart_equally_well_joins_neither():
    records = [
        person("a", "Kamau Njoroge", phone="0722 100 200", passport="AK1234567"),
        person("b", "Kamau Njoroge", phone="0722 100 200; 0733 300 400"),
        person("c", "Kamau Njoroge", phone="0733 300 400", passport="BX7654321"),
    ]
    result = resolve(records, SPEC)
    assert len(set(result.clusters.values())) == 3
    assert {(p.left, p.right) for p in result.review_queue()} >= {("a", "b"), ("b", "c")}


def test_a_shared_phone_outweighs_a_typo_but_a_different_birth_date_keeps_apart():
    records = [
        person("a", "Amina Wanjiru", dob="1994-03-12", phone="0711 222 333"),
        person("b", "Amina Wanjiro", dob="1994-03-12", phone="+254711222333"),
        person("c", "Amina Wanjiru", dob="1971-11-30"),
    ] + crowd(50)
    result = resolve(records, SPEC)
    assert result.clusters["a"] == result.clusters["b"]
    assert result.clusters["c"] != result.clusters["a"]
    scores = {(p.left, p.right): p.score for p in result.pairs()}
    assert 0.0 <= scores[("a", "c")] < SPEC.thresholds.review < SPEC.thresholds.merge
    assert scores[("a", "b")] >= SPEC.thresholds.merge


def twins() -> list[Record]:
    return [
        person("p1", "Grace Achieng", dob="1990-01-02", phone="0700 111 222"),
        person("p2", "Grace Achieng", dob="1990-01-02", phone="0700 111 222"),
        person("p3", "Peter Odhiambo", dob="1985-05-05"),
        person("p4", "Paul Mutua", dob="1979-09-09"),
    ]


def test_decisions_win_over_scores_and_persist_across_runs(tmp_path):
    before = resolve(twins(), SPEC)
    assert before.clusters["p1"] == before.clusters["p2"]
    assert before.clusters["p3"] != before.clusters["p4"]

    store = DecisionStore(tmp_path / "review")
    store.record("p1", "p2", Judgement.DIFFERENT, user="analyst1", reason="different mothers")
    store.record("p4", "p3", "same", user="analyst2", reason="same passport photo")

    after = resolve(twins(), SPEC, DecisionStore(tmp_path / "review"))  # a later run
    assert after.clusters["p1"] != after.clusters["p2"]
    assert after.clusters["p3"] == after.clusters["p4"]
    outcomes = {(p.left, p.right): p.outcome for p in after.pairs()}
    assert outcomes[("p1", "p2")] is Outcome.DIFFERENT
    assert outcomes[("p3", "p4")] is Outcome.SAME
    lines = (tmp_path / "review" / "decisions.jsonl").read_text().splitlines()
    assert [json.loads(line)["user"] for line in lines] == ["analyst1", "analyst2"]


def test_the_latest_decision_wins_and_unsure_only_stops_automatic_merging(tmp_path):
    store = DecisionStore(tmp_path)
    store.record("p1", "p2", Judgement.DIFFERENT, user="a")
    store.record("p2", "p1", Judgement.UNSURE, user="b", reason="checking with the field office")
    assert store.latest()[("p1", "p2")].judgement is Judgement.UNSURE
    result = resolve(twins(), SPEC, store)
    assert result.clusters["p1"] != result.clusters["p2"]
    assert len(list(store.history())) == 2  # append-only: nothing rewritten


def test_unsure_pairs_can_still_meet_through_others(tmp_path):
    records = twins() + [person("p5", "Grace Achieng", dob="1990-01-02", phone="0700 111 222")]
    store = DecisionStore(tmp_path)
    store.record("p1", "p2", Judgement.UNSURE, user="a")
    result = resolve(records, SPEC, store)
    assert result.clusters["p1"] == result.clusters["p2"] == result.clusters["p5"]


def test_decisions_export_and_import_as_csv(tmp_path):
    source = DecisionStore(tmp_path / "one")
    source.record("p1", "p2", Judgement.DIFFERENT, user="a", reason="twins")
    source.record("p3", "p4", Judgement.SAME, user="b")
    assert source.export_csv(tmp_path / "decisions.csv") == 2
    target = DecisionStore(tmp_path / "two")
    assert target.import_csv(tmp_path / "decisions.csv") == 2
    assert target.latest() == source.latest()


def test_explanation_names_features_values_weights_keys_and_decision(tmp_path):
    store = DecisionStore(tmp_path)
    store.record("p1", "p2", Judgement.SAME, user="analyst1", reason="confirmed by phone")
    result = resolve(twins(), SPEC, store)
    why = result.explain("p2", "p1")
    by_field = {f.field: f for f in why.features}
    assert set(by_field) == {"name", "dob", "phone", "passport"}
    assert by_field["phone"].left == by_field["phone"].right == "+254700111222"
    assert {by_field["phone"].left_original, by_field["phone"].right_original} == {"0700 111 222"}
    assert by_field["phone"].comparator == "shared_value" and by_field["phone"].weight > 0
    assert by_field["passport"].similarity is None and by_field["passport"].weight == 0
    assert any(key.startswith("phone.value=+254700111222") for key in why.blocking_keys)
    assert why.decision.user == "analyst1" and why.outcome is Outcome.SAME and why.same_cluster
    assert why.score >= why.thresholds.merge
    text = why.to_text()
    assert "achieng grace" in text and "confirmed by phone" in text and "merge >=" in text
    assert "(written 'Grace Achieng')" in text


def test_explaining_a_pair_blocking_never_proposed():
    result = resolve(twins(), SPEC)
    why = result.explain("p1", "p4")
    assert why.outcome is None and not why.blocking_keys and not why.same_cluster
    assert why.score < why.thresholds.review


def test_a_number_copied_with_two_digits_swapped_or_a_shared_postcode_still_meets():
    # Names and birth dates garbled beyond any name key (as in FEBRL's duplicates): the
    # passport with two digits swapped, or the postcode, still brings the pair together.
    spec = ResolutionSpec(
        fields=(
            FieldSpec("name", "full_name"),
            FieldSpec("passport", "identifier", hard=False),
            FieldSpec("postcode", "postcode"),
        )
    )
    records = crowd(30) + [
        person("s1", "April Harrington", passport="K6794611"),
        person("s2", "Herbert Aprill", passport="K6794161"),
        person("q1", "Kyra Wilde", postcode="3859"),
        person("q2", "Kiri Everett", postcode="3859"),
    ]
    result = resolve(records, spec)
    assert result.explain("s1", "s2").blocking_keys == ("passport.sorted=1146679K",)
    assert result.explain("q1", "q2").blocking_keys == ("postcode.value=3859",)
    assert not result.explain("s1", "q1").blocking_keys


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_spec_round_trips_without_loss(tmp_path, suffix):
    spec = ResolutionSpec(
        fields=(
            FieldSpec("name", "full_name", column="Full Name"),
            FieldSpec(
                "passport",
                "identifier",
                levels=(LevelSpec(1.0, 0.95, 1e-7), LevelSpec(0.0, 0.05, 1.0)),
                hard=True,
            ),
            FieldSpec("tg", "account", options={"platform": "telegram"}),
        ),
        blocking=(("tg.value",), ("name.phonetic_pairs",)),
        thresholds=Thresholds(merge=0.95, review=0.5),
        prior=0.001,
        max_block_size=40,
        veto_weight=None,
        default_region="KH",
    )
    save_spec(spec, tmp_path / f"spec{suffix}")
    assert load_spec(tmp_path / f"spec{suffix}") == spec
    assert ResolutionSpec.from_dict(spec.to_dict()) == spec


def test_a_bad_spec_names_the_file_and_every_problem(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "fields:\n  - {name: a, kind: shoe_size}\n  - {kind: phone}\nblocking: [[a.smell]]\n"
    )
    with pytest.raises(ConfigError) as error:
        load_spec(path)
    message = str(error.value)
    assert str(path) in message and "shoe_size" in message and "fields[1]" in message
    assert "'a.smell' is not FIELD.METHOD" in message


def test_agencies_with_copied_names_cluster_and_distinct_ones_do_not():
    spec = ResolutionSpec(
        fields=(FieldSpec("name", "organisation"), FieldSpec("country", "country"))
    )
    records = [
        Record("g1", {"name": "Golden Sand Recruitment Co., Ltd", "country": "KH"}),
        Record("g2", {"name": "G0lden Sand Recruitment Company Limited", "country": "KH"}),
        Record("g3", {"name": "PT Golden Sand Recruitment", "country": "KH"}),
        Record("s1", {"name": "Silver Lotus Manpower Sdn Bhd", "country": "MY"}),
    ]
    result = resolve(records, spec)
    assert result.clusters["g1"] == result.clusters["g2"] == result.clusters["g3"]
    assert result.clusters["s1"] == "s1"


def test_agreeing_on_a_rare_category_weighs_more_than_on_a_common_one():
    spec = ResolutionSpec(
        fields=(
            FieldSpec("name", "full_name"),
            FieldSpec("case", "category"),
            FieldSpec("gender", "category"),
        )
    )
    records = [
        Record(f"r{i}", {"name": f"Person {i}", "case": f"CASE-{i:03d}", "gender": "F"})
        for i in range(40)
    ] + [Record("x", {"name": "Person 7", "case": "CASE-007", "gender": "F"})]
    by_field = {f.field: f for f in resolve(records, spec).explain("r7", "x").features}
    assert by_field["case"].weight > 5 > by_field["gender"].weight >= 0


def test_without_a_spec_kinds_are_guessed_from_column_names():
    records = [
        Record("a", {"full_name": "Mr Danny Otieno", "phone_number": "0712 345 678"}, "KE"),
        Record("b", {"full_name": "Otieno, Daniel", "phone_number": "+254712345678"}, "KE"),
        Record("c", {"full_name": "Somchai Jaidee", "notes": "met in Mae Sot"}, "TH"),
    ]
    result = resolve(records)
    assert {f.name: f.kind for f in result.spec.fields} == {
        "full_name": "full_name",
        "phone_number": "phone",
    }
    assert result.clusters["a"] == result.clusters["b"] != result.clusters["c"]


def test_explaining_an_unknown_record_names_it():
    with pytest.raises(InputError, match="'nobody'"):
        resolve(twins(), SPEC).explain("p1", "nobody")


def test_a_common_name_weighs_less_and_a_name_alone_never_merges():
    namesakes = [person(f"l{i}", "Li Wei", "CN", phone=f"+86 138 0000 00{i:02d}") for i in range(6)]
    records = [
        *namesakes,
        person("u1", "Zhang Xiuying Qiu", "CN"),
        person("u2", "Qiu Zhang Xiuying", "CN"),
        *crowd(40),
    ]
    result = resolve(records, SPEC)
    common = {f.field: f for f in result.explain("l0", "l1").features}["name"]
    rare = {f.field: f for f in result.explain("u1", "u2").features}["name"]
    assert common.similarity == rare.similarity == 1.0 and common.weight < rare.weight
    assert len({result.clusters[r.id] for r in namesakes}) == 6
    assert result.clusters["u1"] != result.clusters["u2"]
    assert ("u1", "u2") in {(p.left, p.right) for p in result.pairs([Outcome.REJECT])}


def test_two_names_one_letter_apart_never_weigh_more_than_one_name_agreeing():
    """ "Li Wei" and "Li Wen" are two common names; agreeing nearly on them must not
    count for more than agreeing exactly on "Li Wei", which its frequency weakens."""
    records = [
        *(person(f"l{i}", "Li Wei", "CN") for i in range(4)),
        *(person(f"n{i}", "Li Wen", "CN") for i in range(4)),
        *crowd(40),
    ]
    result = resolve(records, SPEC)
    exact = {f.field: f for f in result.explain("l0", "l1").features}["name"]
    near = {f.field: f for f in result.explain("l0", "n0").features}["name"]
    assert exact.similarity == 1.0 > near.similarity
    assert 0 <= near.weight <= exact.weight
    assert result.clusters["l0"] != result.clusters["n0"]


def kamau_family() -> list:
    """Three records of one Kamau Njoroge and a "Kamau" born in 1988 who may be him."""
    return [
        *crowd(40),
        person("a1", "Kamau Njoroge", dob="1988-02-03", phone="0722 100 200"),
        person("a2", "Kamau Njoroge", dob="1988-02-03", phone="0722 100 200"),
        person("a4", "Kamau Njoroge", dob="1988-02-03"),
        person("a3", "Kamau", dob="1988"),
    ]


def test_the_review_queue_holds_one_pair_per_decision_that_changes_a_cluster():
    result = resolve(kamau_family(), SPEC)
    between = [
        p for p in result.pairs([Outcome.REVIEW, Outcome.COVERED]) if "a3" in (p.left, p.right)
    ]
    assert len(between) == 3  # a3 is alike to each of the three records of one cluster
    queue = result.review_queue()
    assert [(p.left, p.right) for p in queue] == [("a1", "a3")]  # one decision covers all three
    assert result.stats.review == 1
    assert queue[0].reason == "birth year agrees and one name contains or resembles the other"
    assert queue[0].impact > 0


def test_accepting_or_rejecting_a_queued_pair_reclusters_at_once():
    result = resolve(kamau_family(), SPEC)
    joined = result.decide("a1", "a3", Judgement.SAME, reason="same scar")
    assert joined.clusters["a3"] == joined.clusters["a1"] == joined.clusters["a4"]
    assert joined.review_queue() == [] and joined.stats.clusters == result.stats.clusters - 1
    apart = result.decide("a3", "a1", Judgement.DIFFERENT)
    assert apart.clusters["a3"] != apart.clusters["a1"]
    assert apart.review_queue() == []  # the other two pairs were covered by this one
    assert result.clusters["a3"] != result.clusters["a1"]  # the first run is unchanged


def test_the_review_queue_puts_the_decision_that_moves_most_records_first():
    records = kamau_family() + [
        person("w1", "Wafula Simiyu", dob="1975-06-01", phone="0711 555 001"),
        person("w2", "Wafula Simiyu", dob="1975-06-01", phone="0711 555 001"),
        person("w3", "Wafula Simiyu", dob="1975-06-01"),
        person("w4", "Wafula Simiyu", dob="1975-06-01"),
        person("w5", "Wafula", dob="1975"),
    ]
    queue = resolve(records, SPEC).review_queue()
    assert [p.right for p in queue] == ["w5", "a3"]  # four records joined beats three
    assert queue[0].impact > queue[1].impact


def test_a_busy_persons_shared_phone_is_compared_beyond_the_word_block_cap():
    # 120 mentions of one recruiter (one phone, name spelled many ways) among strangers:
    # a block of one whole value is one person's records, not everyone called Nguyen.
    spellings = ["Wang Wei", "Wong Wai", "Wang Way", "Ah Wang", "Boss Wang"]
    busy = [
        person(f"w{i:03d}", spellings[i % 5], "CN", phone="+86 138 0013 8000") for i in range(120)
    ]
    spec = replace(SPEC, max_block_size=50)
    result = resolve(busy + crowd(40), spec)
    assert result.stats.pairs_compared >= 120 * 119 // 2
    assert "name.token=wang" in result.skipped_blocks  # words are still capped
    assert not any(key.startswith("phone.") for key in result.skipped_blocks)
    words = resolve(busy + crowd(40), replace(spec, exact_block_factor=1))
    assert words.stats.pairs_compared < 120 * 119 // 2  # the same block, capped like words


def test_a_boss_in_more_records_than_the_cap_is_still_compared_into_one_chain():
    # 150 debriefs name one boss and his one phone: every block he is in exceeds the cap
    # of 50, yet each record meets its neighbours there, and the pairs chain all 150.
    names = ["zhiwei zhou" if i % 3 else "zhiwei zhou xiansheng" for i in range(150)]
    others = [f"wei {chr(97 + i % 26)}{i}" for i in range(60)]  # 60 more in the "wei" block
    columns = {
        "name": names + others,
        "phone": ["+8613800138000"] * 150 + [f"+25471200{i:04d}" for i in range(60)],
    }
    rules = [("name.token",), ("phone.value",)]
    pairs, sparse = block(columns, rules, 50, window=4)
    assert _joins_all(pairs, 150)
    assert len(pairs) < 150 * 149 // 2 / 5  # sparse, not every pair
    assert {"0:zhou", "0:zhiwei", "0:wei", "1:+8613800138000"} <= sparse
    skipped, _ = block(columns, rules, 50)  # without a window such blocks are skipped
    assert not _joins_all(skipped, 150)


def test_a_large_block_is_sorted_only_by_fields_whose_neighbours_are_alike():
    # 150 people called Wang of one nationality, each with their own phone: sorted by
    # nationality or by phone number, neighbours are strangers; sorted by name, they are
    # the nearest spellings. Only the name brings pairs.
    spec = ResolutionSpec(
        fields=(
            FieldSpec("name", "full_name"),
            FieldSpec("phone", "phone"),
            FieldSpec("nationality", "country"),
        ),
        max_block_size=50,
    )
    assert spec.neighbourhood_fields() == ("name",)
    columns = {
        "name": [f"wang {chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(150)],
        "phone": [(f"+8613800{i:06d}",) for i in range(150)],
        "nationality": ["CN"] * 150,
    }
    rules = [("name.token", "nationality.value")]  # sorted by the rule's own fields
    by_name, _ = block(columns, rules, 50, window=4, sort_by=spec.neighbourhood_fields())
    by_all, _ = block(columns, rules, 50, window=4)
    assert 0 < len(by_name) <= 150 * 3
    n = 150
    name_pairs = set((by_name.left * n + by_name.right).tolist())
    all_pairs = set((by_all.left * n + by_all.right).tolist())
    assert name_pairs < all_pairs  # the other sortings only add strangers
    assert len(all_pairs) >= 2 * len(name_pairs)


def _joins_all(pairs, n: int) -> bool:
    """Whether the pairs link records 0..n-1 into one connected whole."""
    graph = nx.Graph(zip(pairs.left.tolist(), pairs.right.tolist(), strict=True))
    graph.add_nodes_from(range(n))
    return nx.is_connected(graph.subgraph(range(n)))


def test_an_alias_many_people_share_is_capped_like_words():
    # 120 different people all called "Ah Wang" by someone: a whole value, but a name.
    strangers = [
        person(f"a{i:03d}", f"Wang {chr(65 + i % 26)}{i}", "CN", alias="Ah Wang")
        for i in range(120)
    ]
    spec = replace(SPEC, fields=(*SPEC.fields, FieldSpec("alias", "alias")), max_block_size=50)
    result = resolve(strangers, spec)
    assert any(key.startswith("alias.value=") for key in result.skipped_blocks)
    assert result.stats.pairs_compared < 120 * 119 // 2


def test_distinct_is_numpy_unique():
    """The sort-based replacement for np.unique gives the same values, edge cases too."""
    rng = np.random.default_rng(3)
    for values in (
        np.array([], dtype=np.int64),
        np.array([7], dtype=np.int64),
        np.array([5, 5, 5], dtype=np.int64),
        rng.integers(0, 50, size=1000),
        rng.integers(0, 10**12, size=100_000),
    ):
        assert np.array_equal(distinct(values), np.unique(values))

"""Namesake victims: two people debriefed as victims who share a common full name, a
nationality and a birth year, and nothing else, are not merged on that alone (a victim is
debriefed once); the same victim debriefed twice whose records share a phone is one
person. The ``flag`` kind behind it: three levels, and never a veto. All people and
numbers are invented."""

from __future__ import annotations

import numpy as np

from casegraph.resolution import FieldSpec, LevelSpec, Record, ResolutionSpec, load_spec, resolve
from casegraph.resolution.comparators import COMPARATORS, object_array
from casegraph.resolution.kinds import KINDS
from casegraph.resolution.spec import Thresholds
from casegraph.resolution.types import Outcome
from casegraph.services.entities.records import PersonRow
from casegraph.services.entities.resolve import PERSON_SPEC, to_record

GIVEN = ["Amani", "Baraka", "Chausiku", "Dalila", "Eshe", "Faraji", "Gasira", "Hamisi"]
FAMILY = ["Otieno", "Wekesa", "Mwangi", "Kamau", "Ochieng", "Njoroge", "Chebet", "Wafula"]


def victim(rid: str, name: str, year: int, phone: str = "") -> PersonRow:
    """The interviewee of debrief ``rid``: a Kenyan victim."""
    return PersonRow(
        id=rid,
        source_id=f"debrief-{rid}",
        name=name,
        roles=("victim",),
        nationality="KE",
        birth_year=year,
        gender="M",
        is_interviewee=True,
        phones=(phone,) if phone else (),
    )


def population() -> list[PersonRow]:
    """Sixty-four victims of other debriefs, so that the prior is a real one; among them
    every name is common ("Baraka Otieno" is borne by another, born in another year)."""
    return [
        victim(f"v{i:03d}", f"{GIVEN[i % 8]} {FAMILY[(i // 8) % 8]}", 1990 + (i * 7) % 15)
        for i in range(64)
    ]


def test_two_victims_of_one_common_name_nationality_and_birth_year_are_not_merged():
    rows = population() + [
        victim("a1", "Baraka Otieno", 1996),
        victim("b1", "Baraka Otieno", 1996),
    ]
    result = resolve([to_record(r) for r in rows], load_spec(PERSON_SPEC))
    assert result.clusters["a1"] != result.clusters["b1"]
    explanation = result.explain("a1", "b1")
    assert explanation.outcome in (Outcome.REVIEW, Outcome.REJECT)
    assert "neither staff" in explanation.reason


def test_one_victim_debriefed_twice_whose_records_share_a_phone_is_one_person():
    rows = population() + [
        victim("a1", "Baraka Otieno", 1996, phone="+254722000333"),
        victim("b1", "Baraka Otieno", 1996, phone="+254722000333"),
    ]
    result = resolve([to_record(r) for r in rows], load_spec(PERSON_SPEC))
    assert result.clusters["a1"] == result.clusters["b1"]


def test_a_flag_has_three_levels_and_never_vetoes():
    column = object_array(
        [KINDS["flag"].prepare(v, None, {}) for v in ("yes", "No", "yes", "n", "?")]
    )
    left, right = np.array([0, 1, 0, 0]), np.array([2, 3, 1, 4])
    similarity = COMPARATORS["flag"](column, left, right)
    assert similarity[:3].tolist() == [1.0, 0.5, 0.0] and np.isnan(similarity[3])

    # Both "no" weighs -10 bits, below the veto (-5): it lowers the score, keeps nothing apart.
    spec = ResolutionSpec(
        fields=(
            FieldSpec("phone", "phone"),
            FieldSpec("flag", "flag", levels=(
                LevelSpec(1.0, 0.99, 0.99), LevelSpec(0.5, 3e-5, 0.03), LevelSpec(0.0, 0.1, 0.7),
            )),
        ),
        thresholds=Thresholds(merge=0.9, review=0.6),
        prior=0.1,
    )  # fmt: skip
    records = [
        Record("x", {"phone": "+254722000444", "flag": "no"}),
        Record("y", {"phone": "+254722000444", "flag": "no"}),
    ]
    result = resolve(records, spec)
    assert result.clusters["x"] == result.clusters["y"]


def test_a_victim_named_by_a_friend_and_then_debriefed_waits_in_review():
    """One debrief names the interviewee's friend "Dalila Kamau" (no birth year); another
    is Dalila Kamau's own. Nothing but the name and nationality joins them: an analyst
    must see the pair, it is not dropped as two strangers."""
    named = PersonRow(
        id="n1", source_id="debrief-n1", name="Dalila Kamau", roles=("victim",), nationality="KE"
    )
    rows = [*population(), victim("d1", "Dalila Kamau", 2001), named]
    result = resolve([to_record(r) for r in rows], load_spec(PERSON_SPEC))
    assert result.explain("d1", "n1").outcome == Outcome.REVIEW

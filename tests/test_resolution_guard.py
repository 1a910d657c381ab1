"""The cluster guard: records named apart by their full names never end in one cluster,
whatever chain of shared aliases, first names or roles links them, and every join it
refuses is counted and waits in the review queue. All people and numbers are invented."""

from __future__ import annotations

from dataclasses import replace

from casegraph.resolution import (
    Judgement,
    Outcome,
    ResolutionSpec,
    Thresholds,
    load_spec,
    resolve,
)
from casegraph.resolution.names import could_be_one, named_apart
from casegraph.resolution.normalize import canonical_name
from casegraph.services.entities.records import PersonRow
from casegraph.services.entities.resolve import PERSON_SPEC, to_record


def staff(rid: str, name: str, *aliases: str, phone: str = "", source: str = "") -> PersonRow:
    return PersonRow(
        id=rid,
        source_id=source or rid,
        name=name,
        aliases=aliases,
        roles=("controller",),
        nationality="CN",
        phones=(phone,) if phone else (),
    )


def bystanders(n: int) -> list[PersonRow]:
    """n distinct invented people (victims of other networks), so the prior is a real one."""
    given = ["Amani", "Baraka", "Chausiku", "Dalila", "Eshe", "Faraji", "Gasira", "Hamisi"]
    family = ["Otieno", "Wekesa", "Mwangi", "Kamau", "Ochieng", "Njoroge", "Chebet", "Wafula"]
    return [
        PersonRow(
            id=f"v{i:03d}",
            source_id=f"s{i:03d}",
            name=f"{given[i % 8]} {family[(i // 8) % 8]}",
            roles=("victim",),
            nationality="KE",
            birth_year=1990 + i % 15,
        )
        for i in range(n)
    ]


def boss_chens() -> list[PersonRow]:
    """Two controllers of one compound, Chen Wei and Chen Jun, each called "Boss Chen" by
    the workers, and workers' records that give only that alias and the number he called
    from: one of each man's, alike as two records can be."""
    return [
        staff("w1", "Chen Wei", "Boss Chen", phone="+8613800000101"),
        staff("w2", "Chen Wei", phone="+8613800000101"),
        staff("w3", "Chen Wei", "Boss Chen"),
        staff("j1", "Chen Jun", "Boss Chen", phone="+8613900000202"),
        staff("j2", "Chen Jun", "Boss Chen"),
        staff("b1", "Boss Chen"),
        staff("b2", "Boss Chen"),
    ] + bystanders(60)


def test_full_names_that_differ_name_people_apart_and_spellings_of_one_do_not():
    def one(a: str, b: str) -> bool:
        return could_be_one(canonical_name(a), canonical_name(b))

    assert not one("Sanjay Karki", "Sanjay Magar")
    assert not one("Somsak Saetang", "Somchai Saetang")  # given names one sound apart
    assert not one("Jianguo Wang", "Jianguo Ng")  # Ng is Huang or Wu, never Wang
    assert one("Kiran Gurung", "Kirran Gurung")  # one slip
    assert one("Zhou Lei", "Chow Lei")  # Cantonese romanization of one surname
    assert one("Huang Jianguo", "Jianguo Wong") and one("Wang Jianguo", "Jianguo Wong")
    assert one("Chen Wei", "Boss Chen")  # one word names nobody apart
    assert named_apart({"chen wei", "chen"}, {"chen jun"})
    assert not named_apart({"chen"}, {"chen jun"})


def eager_spec() -> ResolutionSpec:
    """The person spec with a merge threshold low enough that "Boss Chen" alone joins a
    record to either man (too few records here to learn weights from)."""
    spec = load_spec(PERSON_SPEC)
    return replace(spec, thresholds=Thresholds(merge=0.8, review=0.5))


def test_look_alikes_joined_only_by_a_shared_boss_alias_stay_two_and_wait_in_review():
    spec = eager_spec()
    records = [to_record(row) for row in boss_chens()]
    result = resolve(records, spec)
    clusters = result.clusters
    assert clusters["w1"] == clusters["w2"] == clusters["w3"]
    assert clusters["j1"] == clusters["j2"]
    assert clusters["w1"] != clusters["j1"]
    assert result.stats.blocked_joins >= 1
    queued = {(p.left, p.right) for p in result.review_queue()}
    chens = {"w1", "w2", "w3", "j1", "j2", "b1", "b2"}
    assert any({a, b} <= chens for a, b in queued), "the refused join waits for a person"
    refused = [p for p in result.pairs([Outcome.CONFLICT]) if {p.left, p.right} <= chens]
    assert refused, "the join the guard refused is marked, not dropped"

    # Without the guard, the alias chains the two men into one person.
    unguarded = replace(
        spec, fields=tuple(replace(f, hard=False) if f.name == "names" else f for f in spec.fields)
    )
    chained = resolve(records, unguarded).clusters
    assert chained["w1"] == chained["j1"]


def test_a_reviewer_may_still_join_what_the_guard_kept_apart():
    records = [to_record(row) for row in boss_chens()]
    result = resolve(records, eager_spec())
    joined = result.decide("w1", "j1", Judgement.SAME)
    assert joined.clusters["w2"] == joined.clusters["j2"]

"""Names as investigators meet them in these cases, resolved end to end with the person
spec: each naming custom has pairs that must be one person (merged, or at least waiting
in review) and look-alikes that must stay two. All people and numbers are invented."""

from __future__ import annotations

from casegraph.resolution import load_spec, resolve
from casegraph.services.entities.records import PersonRow
from casegraph.services.entities.resolve import PERSON_SPEC, to_record

# Bystanders from the same places, so that the prior and the names around are real ones.
_GIVEN = ["Aung Kyaw", "Thi Hoa", "Dawit", "Priya", "Nurul", "Jianhua", "Meseret", "Hlaing"]
_FAMILY = ["Tran", "Bekele", "Sharma", "Hassan", "Liu", "Moe", "Tadesse", "Pham"]


def bystanders(n: int) -> list[PersonRow]:
    return [
        PersonRow(
            id=f"v{i:03d}",
            source_id=f"s{i:03d}",
            name=f"{_GIVEN[i % 8]} {_FAMILY[(i // 8) % 8]}",
            roles=("victim",),
            nationality="TH",
            birth_year=1985 + i % 17,
        )
        for i in range(n)
    ]


def controller(rid: str, name: str, *aliases: str, nationality: str = "CN") -> PersonRow:
    """A controller named in a debrief of its own: a name, perhaps aliases, a nationality."""
    return PersonRow(
        id=rid,
        source_id=f"src-{rid}",
        name=name,
        aliases=aliases,
        roles=("controller",),
        nationality=nationality,
    )


def outcome(a: PersonRow, b: PersonRow) -> str:
    """ "merged", "review" or "apart": what an analyst sees of the two records."""
    result = resolve([to_record(row) for row in (a, b, *bystanders(60))], load_spec(PERSON_SPEC))
    if result.clusters[a.id] == result.clusters[b.id]:
        return "merged"
    queued = {frozenset((p.left, p.right)) for p in result.review_queue()}
    return "review" if frozenset((a.id, b.id)) in queued else "apart"


def test_a_boss_whose_name_is_written_with_a_word_break_moved_is_not_split_unseen():
    # The field trial's boss: "Chen Weilong" in one debrief, "Chen Wei Long" in another,
    # nothing else alike but his role. His name as an alias weighed "none alike" and the
    # guard took the two for two men: split, never shown to anyone.
    boss = controller("a", "Chen Weilong")
    assert outcome(boss, controller("b", "Chen Wei Long")) in ("merged", "review")
    assert outcome(boss, controller("b", "Chen Weiming")) == "apart"
    assert outcome(controller("a", "Chen Wei Long"), controller("b", "Chen Wei")) == "apart"

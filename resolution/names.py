"""Full names that name two people apart: the test the cluster guard applies to names.

Two full names (two words or more, honorifics set aside, nicknames folded: see
:func:`~casegraph.resolution.normalize.canonical_name`) may be one person's when every
word of the shorter has a counterpart in the longer: the same word, its initial ("S
Wekesa" and "Samuel Wekesa"), one slip away
(Indel ratio of at least :data:`SLIP`: "Kiran" and "Kirran", "Tesfaye" and "Tesfay"), or
another romanization of the same Chinese surname (``data/surnames.yaml``: "Chow Lei" may
be "Zhou Lei"). Otherwise they name two people: "Sanjay Karki" and "Sanjay Magar" are two
whatever chain of shared first names, aliases or roles links them, and so are "Jianguo
Wang" and "Jianguo Ng" (Ng is Huang or Wu, never Wang). A single word ("Sanjay", or "Chen"
left of "Boss Chen") names nobody apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache

import yaml
from rapidfuzz import fuzz

from casegraph.core.resources import package_path

SLIP = 75.0  # Indel ratio of two words one typo apart ("zhou"/"zhao" 75, "karki"/"magar" 40)


@cache
def _surname_table() -> list[list[str]]:
    """The groups of ``data/surnames.yaml``, each spelling as text, pinyin first."""
    path = package_path("casegraph.resolution", "data") / "surnames.yaml"
    return [[str(s) for s in group] for group in yaml.safe_load(path.read_text("utf-8"))["groups"]]


@cache
def _surname_groups() -> dict[str, frozenset[int]]:
    """Each spelling -> the groups (one per surname) it belongs to."""
    groups: dict[str, set[int]] = {}
    for i, group in enumerate(_surname_table()):
        for spelling in group:
            groups.setdefault(spelling, set()).add(i)
    return {spelling: frozenset(ids) for spelling, ids in groups.items()}


@cache
def _surname_spellings() -> dict[str, str]:
    """Each spelling of exactly one Chinese surname -> that surname's pinyin; spellings
    of several (Wong: Huang or Wang) are left out."""
    table = _surname_table()
    return {s: table[next(iter(ids))][0] for s, ids in _surname_groups().items() if len(ids) == 1}


@lru_cache(maxsize=1 << 18)
def fold_surnames(name: str) -> str:
    """A name in canonical form with every word that spells one Chinese surname in the
    pinyin of that surname, words sorted again: "goh tianming" -> "tianming wu". Names
    without such a word come back unchanged."""
    spellings = _surname_spellings()
    words = name.split()
    folded = [spellings.get(w, w) for w in words]
    return " ".join(sorted(folded)) if folded != words else name


def _counterpart(word: str, others: tuple[str, ...]) -> bool:
    groups = _surname_groups()
    mine = groups.get(word, frozenset())
    return any(
        word == other
        or (min(len(word), len(other)) == 1 and word[0] == other[0])  # an initial
        or fuzz.ratio(word, other) >= SLIP
        or not mine.isdisjoint(groups.get(other, frozenset()))
        for other in others
    )


@lru_cache(maxsize=1 << 16)
def could_be_one(left: str, right: str) -> bool:
    """Whether two full names in canonical form may be one person's (see the module)."""
    a, b = sorted((tuple(left.split()), tuple(right.split())), key=len)
    if len(a) < 2:
        return True
    return all(_counterpart(word, b) for word in a)


def full_names(names: Iterable[str]) -> tuple[str, ...]:
    """The names (canonical form) of two words or more: those that can name people apart."""
    return _full_names(names if isinstance(names, frozenset) else frozenset(names))


@lru_cache(maxsize=1 << 14)
def _full_names(names: frozenset[str]) -> tuple[str, ...]:
    """:func:`full_names` of one set, kept: the cluster guard asks it of the same cluster's
    names again and again (a frozenset keeps its hash, so asking again is a lookup)."""
    return tuple(sorted({n for n in names if len(n.split()) > 1}))


def named_apart(left: Iterable[str], right: Iterable[str]) -> bool:
    """Whether two groups of records name two people: each gives a full name, and none of
    one group's full names may be any of the other's."""
    a, b = full_names(left), full_names(right)
    return bool(a and b) and not any(could_be_one(x, y) for x in a for y in b)


__all__ = ["SLIP", "could_be_one", "fold_surnames", "full_names", "named_apart"]

"""Full names that name two people apart: the test the cluster guard applies to names.

Two full names (two words or more, honorifics set aside, nicknames folded: see
:func:`~casegraph.resolution.normalize.canonical_name`) may be one person's when every
word of the shorter has a counterpart in the longer: the same word, its initial ("S
Wekesa" and "Samuel Wekesa"), one slip away (Indel ratio of at least :data:`SLIP`:
"Kiran" and "Kirran", "Tesfaye" and "Tesfay"), or another romanization of the same
Chinese surname (``data/surnames.yaml``: "Chow Lei" may be "Zhou Lei"); or when they are
one name with a word break moved ("Chen Weilong" and "Chen Wei Long": :func:`joined_forms`).
Otherwise they name two people: "Sanjay Karki" and "Sanjay Magar" are two whatever chain
of shared first names, aliases or roles links them, and so are "Jianguo Wang" and
"Jianguo Ng" (Ng is Huang or Wu, never Wang). A single word ("Sanjay", or "Chen" left of
"Boss Chen") names nobody apart. Two clusters are judged by how many of their records
write each name: a spelling one record of many writes vouches for its cluster only
against another written once, so a lone typo cannot open the guard
(:func:`named_apart`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from itertools import permutations

from rapidfuzz import fuzz

from casegraph.core.resources import package_yaml

SLIP = 75.0  # Indel ratio of two words one typo apart ("zhou"/"zhao" 75, "karki"/"magar" 40)
# The share of a group's full-name records a name written by one record alone must have to
# vouch for the group: one of four does, one of 57 (a lone typo) does not.
VOUCH = 0.25


@cache
def _surname_table() -> list[list[str]]:
    """The groups of ``data/surnames.yaml``, each spelling as text, pinyin first."""
    groups = package_yaml("casegraph.resolution", "data", "surnames.yaml")["groups"]
    return [[str(s) for s in group] for group in groups]


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


@lru_cache(maxsize=1 << 18)
def joined_forms(name: str) -> frozenset[str]:
    """A name in canonical form with two of its words written as one, in either order,
    words sorted again: "chen long wei" -> {"chen longwei", "chen weilong", ...}. A name
    that is one of another's joined forms is that name with a word break moved ("Chen
    Weilong" and "Chen Wei Long", "Tesfaye Gebremedhin" and "Tesfaye Gebre Medhin"): the
    same letters in the same words, which no typo gives."""
    words = name.split()
    forms = set()
    for i, j in permutations(range(len(words)), 2):
        rest = [w for k, w in enumerate(words) if k not in (i, j)]
        forms.add(" ".join(sorted([*rest, words[i] + words[j]])))
    return frozenset(forms)


def _counterpart(word: str, others: tuple[str, ...]) -> bool:
    groups = _surname_groups()
    mine = groups.get(word, frozenset())
    return any(
        word == other
        or (min(len(word), len(other)) == 1 and word[0] == other[0])  # an initial
        or fuzz.ratio(word, other) >= SLIP
        or not mine.isdisjoint(groups.get(other, frozenset()))
        or fuzz.ratio(_folded(word), _folded(other)) >= SLIP
        for other in others
    )


@cache
def _spelling_folds() -> tuple[tuple[str, str], ...]:
    folds = package_yaml("casegraph.resolution", "data", "spellings.yaml")["folds"]
    return tuple(tuple(pair) for pair in folds)


@lru_cache(maxsize=1 << 16)
def _folded(word: str) -> str:
    """A word with the letters romanizations write differently for one sound folded
    (``data/spellings.yaml``): "kaewmanee" and the RTGS "kaeomani" are both "kaeomani"."""
    for written, folded in _spelling_folds():
        word = word.replace(written, folded)
    return word


@lru_cache(maxsize=1 << 16)
def could_be_one(left: str, right: str) -> bool:
    """Whether two full names in canonical form may be one person's (see the module)."""
    a, b = sorted((tuple(left.split()), tuple(right.split())), key=len)
    if len(a) < 2:
        return True
    return all(_counterpart(word, b) for word in a) or " ".join(a) in joined_forms(" ".join(b))


def named_apart(
    left: Iterable[str] | Mapping[str, int], right: Iterable[str] | Mapping[str, int]
) -> bool:
    """Whether two groups of records name two people: each gives a full name, and no full
    name of one that vouches for its group (:func:`_firm`) may be any of the other's that
    does. A name one record of 57 writes ("Saetang Somcsai", Somchai mistyped, one slip
    from "Somsak") cannot open the guard between Somchai's records and Somsak Saetang's;
    it still can for a record of its own that writes a spelling once (a lone record with
    another slip of his name), and the Thai-script romanization eight of Anan Phromma's
    records write can for his other records. ``left`` and ``right`` are names in
    canonical form, or names -> how many records write each (a cluster's)."""
    a, b = _written(left), _written(right)
    if not a or not b:
        return False
    firm_a, firm_b = _firm(a), _firm(b)
    return not any(
        (x in firm_a and y in firm_b or a[x] == b[y] == 1 and (x in firm_a or y in firm_b))
        and could_be_one(x, y)
        for x in a
        for y in b
    )


def _written(names: Iterable[str] | Mapping[str, int]) -> dict[str, int]:
    """The full names (canonical form: words joined by one space) of a group, each with
    how many of its records write it."""
    counts = names if isinstance(names, Mapping) else dict.fromkeys(names, 1)
    return {name: n for name, n in counts.items() if " " in name}


def _firm(full: Mapping[str, int]) -> set[str]:
    """The full names that vouch for their group: those two of its records or more
    write, or at least :data:`VOUCH` of its full-name records do (every name of a group
    of a few), or, when no name is either, all."""
    least = min(2.0, VOUCH * sum(full.values()))
    return {name for name, n in full.items() if n >= least} or set(full)


__all__ = ["SLIP", "VOUCH", "could_be_one", "fold_surnames", "joined_forms", "named_apart"]

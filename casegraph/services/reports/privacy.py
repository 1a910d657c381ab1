"""Victims stay pseudonymous in every report unless the user passes ``--reveal``.

Pictures are pseudonymised by ``casegraph.services.render.privacy``; this module applies the
same pseudonyms to the report text. Names are not only in name fields: debrief
narratives quote people, so every excerpt goes through :meth:`Privacy.redact`,
which replaces each victim's names and aliases (and the words of their full names
that no offender's name shares) with the victim's pseudonym.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from casegraph.services.render.privacy import pseudonym
from casegraph.services.reports.cypher import ALL_PERSONS
from casegraph.services.subgraph import GNode, caption_of
from casegraph.store import GraphStore

# Name words shorter than this are left alone (initials, particles such as "Ah" or "Bin").
MIN_WORD = 4


def is_victim(person: Mapping[str, Any]) -> bool:
    roles = person.get("roles") or []
    return bool(person.get("is_victim")) or "victim" in roles


def _names_of(person: Mapping[str, Any]) -> list[str]:
    names = [person.get("name"), *(person.get("names") or []), *(person.get("aliases") or [])]
    return [str(n) for n in names if n]


class Privacy:
    """Decides how a person is named in a report and scrubs victims' names from text."""

    def __init__(self, store: GraphStore, reveal: bool = False) -> None:
        self.reveal = reveal
        self._names: dict[str, str] = {}
        people = [row["node"] for row in store.read(ALL_PERSONS)]
        self._victims = [p for p in people if is_victim(p)]
        self._shared = {
            alias for alias, n in Counter(map(self.pseudonym, self._victims)).items() if n > 1
        }
        # Words of offenders' names are never redacted on their own: a victim who shares
        # a surname with a recruiter must not turn the recruiter into a pseudonym.
        self._keep = {w.lower() for p in people if not is_victim(p) for w in _names_of(p)}
        self._keep = {w for n in self._keep for w in n.split()}
        if not reveal:
            for person in self._victims:
                alias = self.pseudonym(person)
                for name in _names_of(person):
                    self._add(name, alias)
        ordered = sorted(self._names, key=len, reverse=True)
        self._pattern = (
            re.compile(r"\b(" + "|".join(re.escape(n) for n in ordered) + r")\b", re.IGNORECASE)
            if ordered
            else None
        )

    def _add(self, name: str, alias: str) -> None:
        name = name.strip()
        if len(name) < 2:
            return
        self._names.setdefault(name.lower(), alias)
        for word in name.split():
            if len(word) >= MIN_WORD and word.lower() not in self._keep:
                self._names.setdefault(word.lower(), alias)

    def victims(self) -> list[dict[str, Any]]:
        """Every person recorded as a victim (screened even without an indicator)."""
        return list(self._victims)

    @staticmethod
    def pseudonym(person: Mapping[str, Any]) -> str:
        """The pseudonym pictures show for this person (stored or derived from the id)."""
        return pseudonym(GNode(str(person.get("id")), "Person", "", dict(person)))

    def hides(self, person: Mapping[str, Any]) -> bool:
        return not self.reveal and is_victim(person)

    def name(self, node: Mapping[str, Any]) -> str:
        """How a node is named in text: a victim by pseudonym, anyone else by name."""
        labels = node.get("_labels") or ["Person"]
        if labels[0] in ("Person", "PersonRecord") and self.hides(node):
            alias = self.pseudonym(node)
            # Two victims given the same pseudonym by their sources must stay two people.
            return f"{alias} ({node.get('id')})" if alias in self._shared else alias
        return caption_of(node)

    def redact(self, text: str) -> str:
        """``text`` with every victim name replaced by the victim's pseudonym."""
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(lambda m: self._names[m.group(0).lower()], text)

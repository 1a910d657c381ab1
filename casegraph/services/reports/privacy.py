"""Victims stay pseudonymous in every report unless the user passes ``--reveal``.

Pictures are pseudonymised by ``casegraph.services.render.privacy``; this module applies the
same pseudonyms to the report text. Names are not only in name fields: debrief
narratives quote people, so every excerpt goes through :meth:`Privacy.redact`,
which replaces each victim's names and aliases (and the words of their full names
that no offender's name shares) with the victim's pseudonym.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from casegraph.services.render.privacy import NameRedactor, names_of, pseudonym
from casegraph.services.reports.cypher import ALL_PERSONS
from casegraph.services.subgraph import GNode, caption_of
from casegraph.store import GraphStore


def is_victim(person: Mapping[str, Any]) -> bool:
    roles = person.get("roles") or []
    return bool(person.get("is_victim")) or "victim" in roles


class Privacy:
    """Decides how a person is named in a report and scrubs victims' names from text."""

    def __init__(self, store: GraphStore, reveal: bool = False) -> None:
        self.reveal = reveal
        people = [row["node"] for row in store.read(ALL_PERSONS)]
        self._victims = [p for p in people if is_victim(p)]
        self._shared = {
            alias for alias, n in Counter(map(self.pseudonym, self._victims)).items() if n > 1
        }
        hidden = [] if reveal else [(names_of(p), self.pseudonym(p)) for p in self._victims]
        others = [name for p in people if not is_victim(p) for name in names_of(p)]
        self._redactor = NameRedactor(hidden, others)

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
        return self._redactor(text)

"""Victims are pseudonymous in every picture unless the user explicitly reveals them.

This is the one place that decides what a victim looks like; every renderer draws
the Subgraph returned by ``pseudonymise`` and nothing else.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import replace
from functools import cache
from typing import Any

from casegraph.core.resources import package_yaml
from casegraph.services.render.style import PERSON_LABELS
from casegraph.services.subgraph import GEdge, GNode, Subgraph

# Properties that name a person (``lookup``: the search keys, lower-cased names); dropped
# from a victim's node unless revealed.
IDENTIFYING = ("name", "names", "aliases", "lookup", "local_ref", "birth_year", "notes")
# What resolution keeps on a record's links (the values compared, as normalised and as
# written, and the blocking keys made of them); dropped from a victim's links.
RESOLUTION_EVIDENCE = ("blocking_keys", "compared", "written")


def is_victim(node: GNode) -> bool:
    """A person (record or resolved) with the role victim or the is_victim flag."""
    return node.label in PERSON_LABELS and (
        "victim" in node.roles or bool(node.properties.get("is_victim"))
    )


def pseudonym(node: GNode) -> str:
    """The victim's stored pseudonym, or a stable one derived from the node id."""
    given = node.properties.get("pseudonym")
    if given:
        return str(given)
    return "Victim " + hashlib.sha256(node.id.encode("utf-8")).hexdigest()[:6].upper()


def names_of(properties: Mapping[str, Any]) -> list[str]:
    """Every name a person's properties give: name, names and aliases."""
    given = (
        properties.get("name"),
        *(properties.get("names") or []),
        *(properties.get("aliases") or []),
    )
    return [str(n) for n in given if n]


# Name words shorter than this are never replaced alone (initials, "Le", "Ma", "U").
MIN_WORD = 3
_NO_MARK = {"đ": "d", "Đ": "D", "ð": "d", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O"}


@cache
def _name_words() -> tuple[frozenset[str], frozenset[str]]:
    """(the particles of ``name_words.yaml``, the gazetteer's names of several words), folded."""
    from casegraph.loaders.gazetteer import load_gazetteer

    data = package_yaml("casegraph.services.render", "name_words.yaml")
    places = {s for p in load_gazetteer().places.values() for s in p.spellings if " " in s}
    return frozenset(map(fold_text, data["particles"])), frozenset(map(fold_text, places))


def fold_text(text: str) -> str:
    """``text`` lower-cased without accents, one character for one ("Trần Thị" ->
    "tran thi"), so a match in the folded text is a match in the text at the same place."""
    return "".join(
        _NO_MARK.get(c) or (unicodedata.normalize("NFD", c)[:1] or c) for c in text
    ).lower()


class NameRedactor:
    """Replaces victims' names, and the words of them no offender's name shares, by the
    victim's pseudonym in free text: narrative excerpts, reasons, file names.

    ``victims`` is (names, pseudonym) per victim; ``others`` the names of everyone else:
    a victim who shares a surname with a recruiter must not turn the recruiter into a
    pseudonym. Names match whatever their case and accents (a Hanoi note writes "Trần
    Thị Mai", another office "Tran Thi Mai"), and a short given name ("Mai", "Nam") is
    a name word too; the particles of ``name_words.yaml`` and the place names of several
    words ("Viet Nam") are kept.
    """

    def __init__(self, victims: Iterable[tuple[list[str], str]], others: Iterable[str]) -> None:
        particles, places = _name_words()
        keep = {w for name in others for w in fold_text(name).split()} | particles
        self._names: dict[str, str | None] = {}
        for names, alias in victims:
            for name in (fold_text(n.strip()) for n in names):
                if len(name) < 2:
                    continue
                self._names.setdefault(name, alias)
                for word in name.split():
                    if len(word) >= MIN_WORD and word not in keep:
                        self._names.setdefault(word, alias)
        words = {w for name in self._names for w in name.split()}
        for place in places:  # only those a victim's name word sits in: a small pattern
            if place not in self._names and words.intersection(place.split()):
                self._names[place] = None
        ordered = sorted(self._names, key=len, reverse=True)
        self._pattern = (
            re.compile(r"\b(" + "|".join(re.escape(n) for n in ordered) + r")\b")
            if any(self._names.values())
            else None
        )

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        out, last = [], 0
        for match in self._pattern.finditer(fold_text(text)):
            alias = self._names[match.group(0)]
            if alias is not None:  # a place name is kept as written
                out += [text[last : match.start()], alias]
                last = match.end()
        return "".join(out) + text[last:]


def pseudonymise(sub: Subgraph, reveal: bool = False) -> Subgraph:
    """A copy of ``sub`` in which victims show only their pseudonym.

    A victim's caption becomes the pseudonym, the identifying properties are removed,
    Alias nodes that belong to victims only are captioned "alias of <pseudonym>" under
    a hashed id (an alias names its owner), and narrative excerpts are dropped from
    links (they may quote a victim's name anywhere); refs and a source's file name, which
    offices often name after the person interviewed, have victims' names redacted. With
    ``reveal=True`` the graph is returned as is.
    """
    if reveal:
        return sub
    victims = {n.id: pseudonym(n) for n in sub.nodes if is_victim(n)}
    redact = NameRedactor(
        [(names_of(n.properties), victims[n.id]) for n in sub.nodes if n.id in victims],
        [
            name
            for n in sub.nodes
            if n.id not in victims and n.label in PERSON_LABELS
            for name in names_of(n.properties)
        ],
    )
    alias_owners: dict[str, set[str]] = {}
    for edge in sub.edges:
        if edge.type == "HAS_ALIAS":
            alias_owners.setdefault(edge.target, set()).add(edge.source)
    renamed: dict[str, str] = {}
    nodes = []
    for node in sub.nodes:
        if node.properties.get("refs"):
            # a record's refs cite the file, named after her: the recruiter's record in
            # her note too
            refs = [redact(str(r)) for r in node.properties["refs"]]
            node = replace(node, properties={**node.properties, "refs": refs})
        if node.id in victims:
            props = {k: v for k, v in node.properties.items() if k not in IDENTIFYING}
            props["pseudonym"] = victims[node.id]
            node = replace(node, caption=victims[node.id], properties=props)
        elif node.label == "Source" and node.properties.get("file"):
            props = {**node.properties, "file": redact(str(node.properties["file"]))}
            node = replace(node, properties=props)
        elif node.label == "Alias" and alias_owners.get(node.id, set()) <= victims.keys():
            owners = sorted(victims[o] for o in alias_owners.get(node.id, ()))
            if owners:
                hidden = "alias:" + hashlib.sha256(node.id.encode("utf-8")).hexdigest()[:8]
                renamed[node.id] = hidden
                node = GNode(hidden, node.label, "alias of " + ", ".join(owners), {"id": hidden})
        nodes.append(node)
    edges = [_private_edge(e, renamed, redact, victims.keys()) for e in sub.edges]
    return Subgraph(nodes, edges, dict(sub.gradings), sub.seed, sub.hidden)


def _private_edge(
    edge: GEdge, renamed: dict[str, str], redact: NameRedactor, victims: AbstractSet[str]
) -> GEdge:
    # Excerpts quote the narrative, which names victims anywhere (a MENTIONS link from a
    # source to a phone may quote "Kevin told him..."): pictures carry none unless revealed.
    # The resolution evidence on a victim's RESOLVES_TO or COMPARED link holds her name as
    # compared and as written.
    hidden = {"excerpt", "excerpts"}
    if edge.source in victims or edge.target in victims:
        hidden |= set(RESOLUTION_EVIDENCE)
    props = {k: v for k, v in edge.properties.items() if k not in hidden}
    if props.get("refs"):
        props["refs"] = [redact(str(r)) for r in props["refs"]]
    source, target = renamed.get(edge.source, edge.source), renamed.get(edge.target, edge.target)
    return GEdge(source, target, edge.type, props)

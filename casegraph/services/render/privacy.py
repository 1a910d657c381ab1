"""Victims are pseudonymous in every picture unless the user explicitly reveals them.

This is the one place that decides what a victim looks like; every renderer draws
the Subgraph returned by ``pseudonymise`` and nothing else.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from casegraph.services.render.style import PERSON_LABELS
from casegraph.services.subgraph import GEdge, GNode, Subgraph

# Properties that name a person; dropped from a victim's node unless revealed.
IDENTIFYING = ("name", "names", "aliases", "local_ref", "birth_year", "notes")


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


def pseudonymise(sub: Subgraph, reveal: bool = False) -> Subgraph:
    """A copy of ``sub`` in which victims show only their pseudonym.

    A victim's caption becomes the pseudonym, the identifying properties are removed,
    Alias nodes that belong to victims only are captioned "alias of <pseudonym>" under
    a hashed id (an alias names its owner), and narrative excerpts are dropped from
    links (they may quote a victim's name anywhere). With ``reveal=True`` the graph is
    returned as is.
    """
    if reveal:
        return sub
    victims = {n.id: pseudonym(n) for n in sub.nodes if is_victim(n)}
    alias_owners: dict[str, set[str]] = {}
    for edge in sub.edges:
        if edge.type == "HAS_ALIAS":
            alias_owners.setdefault(edge.target, set()).add(edge.source)
    renamed: dict[str, str] = {}
    nodes = []
    for node in sub.nodes:
        if node.id in victims:
            props = {k: v for k, v in node.properties.items() if k not in IDENTIFYING}
            props["pseudonym"] = victims[node.id]
            node = replace(node, caption=victims[node.id], properties=props)
        elif node.label == "Alias" and alias_owners.get(node.id, set()) <= victims.keys():
            owners = sorted(victims[o] for o in alias_owners.get(node.id, ()))
            if owners:
                hidden = "alias:" + hashlib.sha256(node.id.encode("utf-8")).hexdigest()[:8]
                renamed[node.id] = hidden
                node = GNode(hidden, node.label, "alias of " + ", ".join(owners), {"id": hidden})
        nodes.append(node)
    edges = [_private_edge(e, renamed) for e in sub.edges]
    return Subgraph(nodes, edges, dict(sub.gradings), sub.seed, sub.hidden)


def _private_edge(edge: GEdge, renamed: dict[str, str]) -> GEdge:
    # Excerpts quote the narrative, which names victims anywhere (a MENTIONS link from a
    # source to a phone may quote "Kevin told him..."): pictures carry none unless revealed.
    props = {k: v for k, v in edge.properties.items() if k not in ("excerpt", "excerpts")}
    source, target = renamed.get(edge.source, edge.source), renamed.get(edge.target, edge.target)
    return GEdge(source, target, edge.type, props)

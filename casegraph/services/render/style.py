"""How a node looks: one category per node, with colour, shape, legend text and level.

Shared by the HTML and static renderers so a recruiter is the same orange diamond in
the browser, in the PNG of a report and in the SVG of a court bundle. Shapes are
vis-network names; ``MARKERS`` gives the matplotlib marker of each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from casegraph.services.subgraph import GEdge, GNode, Subgraph

PERSON_LABELS = ("Person", "PersonRecord")
IDENTIFIER_LABELS = ("Phone", "Account", "Wallet", "Alias")


@dataclass(frozen=True)
class Style:
    """Look of one category: fill colour, vis-network shape, legend text, and a size
    factor (senior people and places are drawn bigger than their degree alone says)."""

    color: str
    shape: str
    legend: str
    scale: float = 1.0


# Person roles, most senior first: a person with several roles is drawn as the first.
ROLE_ORDER = (
    "boss",
    "director",
    "controller",
    "financier",
    "official",
    "agent",
    "recruiter",
    "transporter",
    "victim",
    "model",
)
# Rank in the hierarchy layout (0 on top); REPORTS_TO can push a person further down.
ROLE_RANK = {
    "boss": 0,
    "director": 1,
    "controller": 2,
    "financier": 2,
    "official": 2,
    "agent": 3,
    "recruiter": 4,
    "transporter": 5,
    "model": 6,
    "victim": 6,
}
UNKNOWN_PERSON_RANK = 3

STYLES: dict[str, Style] = {
    "boss": Style("#7f0000", "star", "Boss", 2.5),
    "director": Style("#c62828", "diamond", "Director", 2.0),
    "controller": Style("#e65100", "diamond", "Controller", 1.5),
    "financier": Style("#6a1b9a", "diamond", "Financier", 1.5),
    "official": Style("#4a148c", "triangleDown", "Official", 1.5),
    "agent": Style("#f9a825", "diamond", "Agent", 1.2),
    "recruiter": Style("#ef6c00", "triangle", "Recruiter"),
    "transporter": Style("#8d6e63", "triangle", "Transporter"),
    "victim": Style("#1e88e5", "dot", "Victim (pseudonymous)"),
    "model": Style("#64b5f6", "dot", "Forced 'model'"),
    "person": Style("#757575", "dot", "Person, role unknown"),
    "Agency": Style("#2e7d32", "hexagon", "Recruitment agency", 1.4),
    "Company": Style("#558b2f", "hexagon", "Company", 1.3),
    "Organisation": Style("#33691e", "hexagon", "Organisation (armed group, bank, ...)", 1.3),
    "Designation": Style("#b71c1c", "star", "Sanctions / watch-list listing", 1.0),
    "IdentityDocument": Style("#6d4c41", "square", "Identity or registration document", 0.5),
    "Address": Style("#78909c", "square", "Address", 0.5),
    "Compound": Style("#212121", "square", "Compound", 1.5),
    "Location": Style("#00897b", "square", "Location", 0.8),
    "Country": Style("#00695c", "square", "Country", 0.8),
    "Phone": Style("#546e7a", "dot", "Phone", 0.5),
    "Account": Style("#5c6bc0", "dot", "Account / handle", 0.5),
    "Wallet": Style("#f57f17", "square", "Wallet", 0.5),
    "Alias": Style("#9e9e9e", "dot", "Alias", 0.45),
    "JobAd": Style("#ad1457", "square", "Job ad", 0.7),
    "Case": Style("#37474f", "hexagon", "Case", 0.9),
    "Source": Style("#90a4ae", "square", "Source document", 0.6),
    "Indicator": Style("#d81b60", "triangleDown", "Forced-criminality indicator", 0.6),
    "Payment": Style("#ffb300", "triangle", "Payment", 0.6),
    "Journey": Style("#80cbc4", "dot", "Journey", 0.5),
    "Leg": Style("#4db6ac", "dot", "Journey leg", 0.5),
    "other": Style("#bdbdbd", "dot", "Other", 0.6),
}

MARKERS = {
    "dot": "o",
    "star": "*",
    "diamond": "D",
    "triangle": "^",
    "triangleDown": "v",
    "hexagon": "h",
    "square": "s",
}

EDGE_COLORS = {
    "REPORTS_TO": "#c62828",
    "RECRUITED": "#ef6c00",
    "TRANSPORTED": "#8d6e63",
    "SOLD_TO": "#6a1b9a",
    "TRANSFERRED_TO": "#6a1b9a",
    "HELD_AT": "#1e88e5",
    "WORKS_AT": "#424242",
    "WORKS_FOR": "#2e7d32",
    "SUPPLIES": "#2e7d32",
    "OPERATES": "#212121",
}
EDGE_DEFAULT = "#9e9e9e"


def category(node: GNode) -> str:
    """The styling category of a node: a role for people, else its label."""
    if node.label in PERSON_LABELS:
        roles = set(node.roles)
        if node.properties.get("is_victim"):
            roles.add("victim")
        return next((r for r in ROLE_ORDER if r in roles), "person")
    return node.label if node.label in STYLES else "other"


def style_of(node: GNode) -> Style:
    """The Style of a node's category."""
    return STYLES[category(node)]


def edge_color(edge: GEdge) -> str:
    """Colour of a relationship: strong colours for hierarchy and exploitation links."""
    return EDGE_COLORS.get(edge.type, EDGE_DEFAULT)


def legend_entries(sub: Subgraph) -> list[tuple[str, Style, int]]:
    """(category, style, count) for categories present, in the order of STYLES."""
    counts: dict[str, int] = {}
    for node in sub.nodes:
        cat = category(node)
        counts[cat] = counts.get(cat, 0) + 1
    return [(cat, STYLES[cat], counts[cat]) for cat in STYLES if cat in counts]


RECORD_NOTE = "Dashed outline: a person as one source records them (not yet resolved)"


def is_record(node: GNode) -> bool:
    """A record-layer person (one source's mention), drawn with a dashed outline."""
    return node.label == "PersonRecord"


# ---------------------------------------------------------------- links as i2 charts draw them

#: Line style per link strength, as analysts know them from i2 charts: (legend text,
#: vis-network dashes, matplotlib linestyle).
LINK_STYLES: dict[str, tuple[str, Any, str]] = {
    "confirmed": ("Confirmed (best source credibility 1-2)", False, "solid"),
    "unconfirmed": ("Unconfirmed (credibility 3)", [8, 5], "dashed"),
    "tentative": ("Tentative (credibility 4-6 or ungraded)", [2, 4], "dotted"),
}


def link_words(rel_type: str) -> str:
    """A relationship type as words: WORKS_AT -> "works at"."""
    return rel_type.replace("_", " ").lower()


def best_grading(edge: GEdge, gradings: dict[str, str]) -> str | None:
    """The best Admiralty grading among the sources of a link (A1 best, F6 worst)."""
    found = [gradings[s] for s in edge.properties.get("source_ids") or [] if s in gradings]
    return min(found, key=lambda g: (g[1:2] or "9", g[:1]), default=None)


def link_strength(edge: GEdge, gradings: dict[str, str]) -> str:
    """confirmed, unconfirmed or tentative, from the best credibility of the link's sources."""
    grading = best_grading(edge, gradings)
    credibility = grading[1:2] if grading else ""
    if credibility in ("1", "2"):
        return "confirmed"
    return "unconfirmed" if credibility == "3" else "tentative"


def link_label(edge: GEdge, gradings: dict[str, str]) -> str:
    """What a line says: its type in words and its best grading ("works at · B2")."""
    grading = best_grading(edge, gradings)
    return f"{link_words(edge.type)} · {grading}" if grading else link_words(edge.type)


def link_legend(sub: Subgraph) -> list[tuple[str, str, int]]:
    """(strength, legend text, count) for the link strengths present, strongest first."""
    counts: dict[str, int] = {}
    for edge in sub.edges:
        strength = link_strength(edge, sub.gradings)
        counts[strength] = counts.get(strength, 0) + 1
    return [(k, LINK_STYLES[k][0], counts[k]) for k in LINK_STYLES if k in counts]


def picture_notes(sub: Subgraph) -> list[str]:
    """What a reader must know about what is drawn: the seed, and nodes left out."""
    notes = []
    seed = sub.node(sub.seed) if sub.seed else None
    if seed:
        notes.append(f"Large, thick outline: {seed.caption}, the picture is drawn around it")
    if sub.hidden:
        notes.append(f"{sub.hidden} more not shown (raise --limit or lower --hops)")
    return notes

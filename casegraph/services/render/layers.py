"""Rows of the hierarchy layout, shared by the HTML and static renderers.

Bosses on top, then directors, controllers, agents, recruiters and victims; REPORTS_TO
pushes a person below whoever they report to. A crowded level wraps onto several
lines so 300 victims do not make one unreadable strip.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from casegraph.core.errors import ParameterError
from casegraph.services.render.style import PERSON_LABELS, ROLE_RANK, UNKNOWN_PERSON_RANK, category
from casegraph.services.subgraph import Subgraph

LINE_WIDTH = 30  # nodes on one line before a level wraps
LAYOUTS = ("force", "hierarchy")


def check_layout(layout: str) -> str:
    """``layout`` if it is one of LAYOUTS (a typo must not silently draw a force layout)."""
    if layout not in LAYOUTS:
        raise ParameterError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    return layout


@dataclass(frozen=True)
class Slot:
    """Where a node sits: its level, its line (counted over all levels) and x position."""

    level: int
    line: int
    x: float


def levels(sub: Subgraph) -> dict[str, int]:
    """Hierarchy rows, 0 on top: bosses, directors, controllers, agents, recruiters, victims.

    A person's rank is that of their most senior role, pushed below whoever they
    REPORTS_TO. People take the even rows; every other node sits on the odd row just
    below the most senior person it is linked to (a boss's phone under the boss), and
    nodes linked to no person go to the bottom. Rows left empty are closed up.
    """
    people = {n.id: n for n in sub.nodes if n.label in PERSON_LABELS}
    rank = {pid: ROLE_RANK.get(category(n), UNKNOWN_PERSON_RANK) for pid, n in people.items()}
    reports = [(e.source, e.target) for e in sub.edges if e.type == "REPORTS_TO"]
    for _ in range(len(people)):  # bounded: a REPORTS_TO cycle cannot loop forever
        changed = False
        for low, high in reports:
            if low in rank and high in rank and rank[low] <= rank[high]:
                rank[low], changed = rank[high] + 1, True
        if not changed:
            break
    row = {pid: 2 * r for pid, r in rank.items()}
    bottom = max(row.values(), default=0) + 2
    for node in sub.nodes:
        if node.id in row:
            continue
        linked = [row[e.target] for e in sub.edges if e.source == node.id and e.target in people]
        linked += [row[e.source] for e in sub.edges if e.target == node.id and e.source in people]
        row[node.id] = min(linked) + 1 if linked else bottom
    used = sorted(set(row.values()))
    return {nid: used.index(r) for nid, r in row.items()}


def layers(sub: Subgraph, width: int = LINE_WIDTH) -> dict[str, Slot]:
    """Every node's Slot: levels top-down, each level in lines of at most ``width``
    nodes ordered by the mean position of their neighbours above (fewer crossings)."""
    level = levels(sub)
    rows: dict[int, list[str]] = defaultdict(list)
    for node in sub.nodes:
        rows[level[node.id]].append(node.id)
    near: dict[str, list[str]] = defaultdict(list)
    for edge in sub.edges:
        near[edge.source].append(edge.target)
        near[edge.target].append(edge.source)
    slots: dict[str, Slot] = {}
    line_no = 0
    for depth in sorted(rows):
        row = rows[depth]
        first = {nid: i for i, nid in enumerate(row)}

        def key(nid: str, first: dict[str, int] = first) -> tuple[int, float]:
            placed = [slots[m].x for m in near[nid] if m in slots]
            return (0, sum(placed) / len(placed)) if placed else (1, first[nid])

        row.sort(key=key)
        for start in range(0, len(row), width):
            line = row[start : start + width]
            shift = 0.5 if depth % 2 else 0.0  # odd levels sit between the columns above
            for i, nid in enumerate(line):
                slots[nid] = Slot(depth, line_no, i - (len(line) - 1) / 2 + shift)
            line_no += 1
    return slots

"""Python steps that saved queries name in their header (``postprocess: NAME``).

Some answers are not written the same way in both stores' Cypher, or not at all:
whole-word name redaction in free text, centrality on a fetched subgraph, fuzzy
look-alike names. The query fetches what it needs read-only; the step finishes the
answer in Python, identically for FalkorDB and Neo4j.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache, partial
from typing import Any

from casegraph.store import Row

__all__ = [
    "EXACT_BETWEENNESS",
    "LOOKALIKE_SCORE",
    "SAMPLED_PIVOTS",
    "agency_flags",
    "betweenness",
    "hierarchy_levels",
    "redact_victims",
]

#: The column a query returns for ``redact_victims``: [[name or alias, pseudonym], ...].
MASKS = "victim_masks"


def _excerpt_slots(value: Any, inside: bool, slots: list[tuple[Any, Any]]) -> None:
    """Note (list or dict, index or key) of every string under a key naming an excerpt."""
    if isinstance(value, list):
        pairs: Any = enumerate(value)
    elif isinstance(value, dict):
        pairs = value.items()
    else:
        return
    for key, v in pairs:
        within = inside or (isinstance(key, str) and "excerpt" in key)
        if isinstance(v, str):
            if within:
                slots.append((value, key))
        elif isinstance(v, list | dict):
            _excerpt_slots(v, within, slots)


def redact_victims(rows: list[Row], params: dict[str, Any]) -> list[Row]:
    """Replace victims' recorded names and aliases, as whole words, by their pseudonym.

    Excerpts are verbatim narrative, so a victim's name can sit inside one; the query
    returns the victims' names and pseudonyms in ``victim_masks`` and this step rewrites
    the strings under every key naming an excerpt (longest names first, case-insensitive),
    then drops the column. Other columns are left alone: a query shows victims by
    pseudonym already, and an offender sharing a victim's first name keeps his own name.

    The rows are the store's fresh answer and are rewritten in place, in one walk that
    notes where the excerpts are; only the names found somewhere in a row's excerpts go
    into its pattern (a name absent from the text cannot match, so the answer is the
    same), and each distinct excerpt of a row is rewritten once (one sentence often shows
    several indicators). Compiling a pattern of every name for every row, and rebuilding
    every row around every copy of an excerpt, took most of this step's time (seconds at
    a million nodes).
    """
    out = []
    for row in rows:
        masks = {
            str(name).casefold(): str(alias)
            for name, alias in row.pop(MASKS, None) or []
            if name and alias
        }
        out.append(row)
        if not masks:
            continue
        slots: list[tuple[Any, Any]] = []
        _excerpt_slots(row, False, slots)
        texts = {place[key] for place, key in slots}
        # A match's case-folded text is a mask's key (see _mask), and folding goes one
        # character at a time, so a name that can match is a substring of the folded text.
        folded = [text.casefold() for text in texts]
        present = [name for name in masks if any(name in text for text in folded)]
        if present:
            pattern = _pattern(tuple(sorted(present, key=len, reverse=True)))
            swap = partial(_mask, masks)
            done = {text: pattern.sub(swap, text) for text in texts}
            for place, key in slots:
                place[key] = done[place[key]]
    return out


def _mask(masks: dict[str, str], match: re.Match[str]) -> str:
    return masks[match.group(0).casefold()]


@lru_cache(maxsize=256)
def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for the names, longest first, as whole words (rows often share names)."""
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", re.IGNORECASE)


#: Connected groups up to this many nodes get exact betweenness (in Rust, by rustworkx);
#: a larger group gets an estimate from SAMPLED_PIVOTS fixed-seed pivots (networkx).
EXACT_BETWEENNESS = 5000
SAMPLED_PIVOTS = 400
#: Small groups are scored together, up to this many nodes a call (see ``_batches``).
BATCH_NODES = 1000

#: Normalized agency names scoring this much (rapidfuzz ratio, 0-100) look alike.
LOOKALIKE_SCORE = 85.0


def _lookalikes(rows: list[Row], chunk: int = 1000) -> list[list[tuple[int, float]]]:
    """For each agency, (index, similarity) of the others whose name skeletons score at
    least LOOKALIKE_SCORE, in index order: rapidfuzz's all-against-all in C++, a block of
    rows at a time against the rows from the block on (all agencies of a large graph
    pairwise in Python took minutes). The score is symmetric, so each pair is scored once
    and given to both agencies: half the work of the full matrix, which at 14,280
    agencies took seconds."""
    import numpy as np
    from rapidfuzz import fuzz, process

    from casegraph.resolution.normalize import org_skeleton

    names = [org_skeleton(r["agency"]) for r in rows]
    found: list[list[tuple[int, float]]] = [[] for _ in rows]
    for start in range(0, len(names), chunk):
        scores = process.cdist(
            names[start : start + chunk],
            names[start:],
            scorer=fuzz.ratio,
            score_cutoff=LOOKALIKE_SCORE,
            workers=-1,
        )
        for i, j in zip(*np.nonzero(scores), strict=True):
            a, b = start + int(i), start + int(j)
            if a < b:  # the block against itself: each pair twice, each name with itself
                found[a].append((b, float(scores[i, j])))
                found[b].append((a, float(scores[i, j])))
    return found


def agency_flags(rows: list[Row], params: dict[str, Any]) -> list[Row]:
    """Flag front-like agencies: several compounds, look-alike names, identifiers shared.

    Look-alikes are compared on ``org_skeleton`` (legal suffixes dropped, look-alike letters
    folded) across all agencies; rows outside the asked country are dropped afterwards.
    """
    out = []
    for row, similar in zip(rows, _lookalikes(rows), strict=True):
        lookalikes = [
            {"agency_id": o["agency_id"], "agency": o["agency"], "country": o["country"],
             "similarity": round(score, 1)}
            for o, score in ((rows[j], score) for j, score in similar)
            if o["agency_id"] != row["agency_id"]
        ]  # fmt: skip
        flags = []
        if len(row["compounds"]) >= 2:
            flags.append(f"supplies {len(row['compounds'])} compounds")
        if lookalikes:
            flags.append("look-alike name")
        if row["shared_with_people"]:
            flags.append("identifier shared with a person")
        if flags and row.pop("in_scope"):
            out.append({**row, "flags": flags, "lookalikes": lookalikes})
    return sorted(out, key=lambda r: (-len(r["flags"]), r["agency"]))


def betweenness(rows: list[Row], params: dict[str, Any]) -> list[Row]:
    """Rank the nodes of the fetched edge list by betweenness centrality.

    A shortest path never leaves its connected group, so a group's scores depend on that
    group alone and the whole-network figure costs the sum of its groups, not nodes times
    nodes: every group of up to EXACT_BETWEENNESS nodes is scored exactly in one call
    (rustworkx, whose searches from each node stay inside its group, in parallel), a
    larger one is estimated on its own, and the scores are normalized over the whole
    network. The graph is built in id order, so both stores, whatever order they fetch
    in, score the same graph. ``bridges`` counts the extra separate groups the node's
    group falls into when the node is removed (a cut vertex in k biconnected components
    leaves k groups), which says in plain terms what the score means.
    """
    import rustworkx as rx

    about: dict[str, tuple[str, str]] = {}
    for row in rows:
        about.setdefault(row["source"], (row["source_kind"], row["source_name"]))
        about.setdefault(row["target"], (row["target_kind"], row["target_name"]))
    ids = sorted(about)
    index = {node: i for i, node in enumerate(ids)}
    graph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from(ids)
    graph.extend_from_edge_list([(index[r["source"]], index[r["target"]]) for r in rows])
    size = len(graph)
    scale = 2 / ((size - 1) * (size - 2)) if size > 2 else 1.0  # networkx's normalization
    scores: dict[str, float] = {}
    for nodes in _batches(rx.connected_components(graph)):
        if len(nodes) > EXACT_BETWEENNESS:
            found = _sampled(graph, nodes)
        else:
            sub = graph.subgraph(nodes)
            raw = rx.betweenness_centrality(sub, normalized=False)
            found = [(sub[i], value) for i, value in raw.items()]
        scores.update({node: value * scale for node, value in found if value > 0})
    blocks: dict[int, set[int]] = {}
    for (a, b), block in rx.biconnected_components(graph).items():
        blocks.setdefault(a, set()).add(block)
        blocks.setdefault(b, set()).add(block)
    out = [
        {"id": node, "kind": about[node][0], "name": about[node][1],
         "betweenness": round(score, 4), "links": graph.degree(index[node]),
         "bridges": max(len(blocks.get(index[node], ())), 1) - 1}
        for node, score in scores.items()
    ]  # fmt: skip
    return sorted(out, key=lambda r: (-r["betweenness"], r["name"]))


def _batches(groups: list[set[int]]) -> Iterator[list[int]]:
    """The connected groups in id order, packed into batches of up to BATCH_NODES nodes;
    a group larger than that is a batch of its own.

    Scoring a batch costs its nodes times its size (each search from a node sets up
    arrays over the batch), so scoring everything at once is quadratic, while one call
    per group spent most of its time on the calls: a million-node graph has tens of
    thousands of groups of a few dozen people."""
    batch: list[int] = []
    for group in sorted(groups, key=min):
        if batch and len(batch) + len(group) > BATCH_NODES:
            yield sorted(batch)
            batch = []
        batch.extend(group)
    if batch:
        yield sorted(batch)


def _sampled(graph: Any, group: list[int]) -> list[tuple[str, float]]:
    """Unnormalized betweenness of one group of more than EXACT_BETWEENNESS nodes,
    estimated from SAMPLED_PIVOTS pivots drawn with a fixed seed from its nodes in id
    order (so reruns and both stores agree)."""
    import networkx as nx

    sub = graph.subgraph(group)
    estimate = nx.Graph()
    estimate.add_nodes_from(sub[i] for i in sub.node_indices())
    estimate.add_edges_from(sorted((sub[a], sub[b]) for a, b in sub.edge_list()))
    found = nx.betweenness_centrality(estimate, k=SAMPLED_PIVOTS, normalized=False, seed=0)
    return list(found.items())


# The Python steps saved queries name in their headers (`postprocess:`).


def hierarchy_levels(rows: list[Row], params: dict[str, Any]) -> list[Row]:
    """Give each person of a hierarchy its level (1: no superior in the answer) and
    order the rows top down, keeping the query's order within a level.

    A level is one more than the highest superior's; a reporting loop (two sources
    disagreeing on who reports to whom) does not recurse forever: a person met again
    while their own level is being worked out counts as a top.
    """
    bosses: dict[str, set[str]] = {}
    for row in rows:
        bosses.setdefault(row["person_id"], set())
        if row.get("reports_to_id"):
            bosses[row["person_id"]].add(row["reports_to_id"])
    levels: dict[str, int] = {}

    def level(pid: str, seen: frozenset[str]) -> int:
        if pid not in levels:
            above = [level(b, seen | {pid}) for b in bosses.get(pid, ()) if b not in seen]
            levels[pid] = 1 + max(above, default=0)
        return levels[pid]

    for pid in bosses:
        level(pid, frozenset())
    ranked = [{**row, "level": levels[row["person_id"]]} for row in rows]
    return sorted(ranked, key=lambda r: r["level"])  # stable: the query's order within


POSTPROCESSORS: dict[str, Callable[[list[Row], dict[str, Any]], list[Row]]] = {}
POSTPROCESSORS["agency_flags"] = agency_flags
POSTPROCESSORS["betweenness"] = betweenness
POSTPROCESSORS["hierarchy_levels"] = hierarchy_levels
POSTPROCESSORS["redact_victims"] = redact_victims

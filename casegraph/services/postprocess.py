"""Python steps that saved queries name in their header (``postprocess: NAME``).

Some answers are not written the same way in both stores' Cypher, or not at all:
whole-word name redaction in free text, centrality on a fetched subgraph, fuzzy
look-alike names. The query fetches what it needs read-only; the step finishes the
answer in Python, identically for FalkorDB and Neo4j. Each step gets the rows, the
parameters and the store the query ran on (``betweenness`` reads the names of the few
nodes it ranks that the query did not name; the others need only the rows).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import lru_cache
from itertools import chain
from typing import Any

from casegraph.core.errors import QueryError
from casegraph.graph_schema import load_schema
from casegraph.services.render.privacy import NameRedactor, fold_text
from casegraph.store import GraphStore, Row
from casegraph.store.by_id import of_label

__all__ = [
    "EXACT_BETWEENNESS",
    "LOOKALIKE_SCORE",
    "SAMPLED_PIVOTS",
    "agency_flags",
    "betweenness",
    "hierarchy_levels",
    "redact_victims",
    "unpack_rows",
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


def redact_victims(
    rows: list[Row], params: dict[str, Any], store: GraphStore | None = None
) -> list[Row]:
    """Replace victims' names in excerpts by their pseudonym, as reports do
    (``NameRedactor``): whole names and aliases, and the words of them, whatever their
    case and accents ("Mai" of "Trần Thị Mai", "Tran Thi Mai" typed without accents).

    Excerpts are verbatim narrative, so a victim's name can sit inside one; the query
    returns the victims' names and pseudonyms in ``victim_masks`` and this step rewrites
    the strings under every key naming an excerpt, then drops the column. Other columns
    are left alone: a query shows victims by pseudonym already.

    The rows are the store's fresh answer and are rewritten in place, in one walk that
    notes where the excerpts are; only the victims one of whose name words is in a row's
    excerpts go into its redactor (cached: rows often share victims), and each distinct
    excerpt of a row is rewritten once (one sentence often shows several indicators).
    """
    out = []
    for row in rows:
        masks = [
            (str(name), str(alias)) for name, alias in row.pop(MASKS, None) or [] if name and alias
        ]
        out.append(row)
        if not masks:
            continue
        slots: list[tuple[Any, Any]] = []
        _excerpt_slots(row, False, slots)
        texts = {place[key] for place, key in slots}
        folded = " ".join(fold_text(text) for text in texts)
        present = {(n, a) for n, a in masks if any(w in folded for w in fold_text(n).split())}
        if present:
            redact = _redactor(tuple(sorted(present)))
            done = {text: redact(text) for text in texts}
            for place, key in slots:
                place[key] = done[place[key]]
    return out


@lru_cache(maxsize=256)
def _redactor(masks: tuple[tuple[str, str], ...]) -> NameRedactor:
    """One redactor for the (name, pseudonym) pairs of a row's victims."""
    names: dict[str, list[str]] = {}
    for name, alias in masks:
        names.setdefault(alias, []).append(name)
    return NameRedactor([(found, alias) for alias, found in names.items()], [])


#: Connected groups up to this many nodes get exact betweenness (igraph, in C); a larger
#: group gets an estimate from SAMPLED_PIVOTS pivots drawn with a fixed seed.
EXACT_BETWEENNESS = 5000
SAMPLED_PIVOTS = 400

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


def agency_flags(
    rows: list[Row], params: dict[str, Any], store: GraphStore | None = None
) -> list[Row]:
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


# How key-brokers shows the nodes found by id (victims by pseudonym), as it shows those it
# returns a row for: for the few that score without a row of their own (only ever the far
# end of others' links).
_NAMING_PART = (
    "RETURN n.id AS id, CASE WHEN 'victim' IN coalesce(n.roles, []) "
    "THEN coalesce(n.pseudonym, n.id) ELSE coalesce(n.name, n.id) END AS name"
)


def betweenness(
    rows: list[Row], params: dict[str, Any], store: GraphStore | None = None
) -> list[Row]:
    """Rank the nodes of the fetched network by betweenness centrality.

    The query returns a row for each node with links of its own to others (``id``,
    ``kind``, ``name``, ``targets`` and ``target_kinds``): one row per node, not per
    link, and names only for those nodes, since naming the far end of every link was
    most of the transfer. A node that scores without a row of its own is named
    afterwards through ``store`` (a few thousand at a million nodes).

    A shortest path never leaves its connected group, so a group's scores depend on that
    group alone: igraph scores every group of up to EXACT_BETWEENNESS nodes exactly in
    one call (its search from a node touches only that node's group, so the whole network
    costs the sum of its groups), a larger group is estimated on its own
    (:func:`_sampled`), and the scores are normalized over the whole network as networkx
    does. The graph is built in id order, so both stores, whatever order they fetch in,
    score the same graph. ``bridges`` counts the extra separate groups the node's group
    falls into when the node is removed (a cut vertex in k biconnected components leaves
    k groups), which says in plain terms what the score means.
    """
    import igraph
    import rustworkx as rx

    kinds: dict[str, str] = {}
    names: dict[str, str] = {}
    for row in rows:
        kinds.update(zip(row["targets"], row["target_kinds"], strict=True))
        kinds[row["id"]], names[row["id"]] = row["kind"], row["name"]
    ids = sorted(kinds)
    index = {node: i for i, node in enumerate(ids)}
    starts = [index[row["id"]] for row in rows for _ in row["targets"]]
    ends = map(index.__getitem__, chain.from_iterable(row["targets"] for row in rows))
    links = list(zip(starts, ends, strict=True))
    graph = rx.PyGraph(multigraph=False)  # components, degrees and blocks (bridges)
    graph.add_nodes_from(range(len(ids)))
    graph.extend_from_edge_list(links)  # a link fetched twice (two types) is one
    # Without repeated links or loops, its neighbours in id order whatever the fetch order.
    whole = igraph.Graph(n=len(ids), edges=links).simplify()
    big = [sorted(g) for g in rx.connected_components(graph) if len(g) > EXACT_BETWEENNESS]
    if big:
        small = sorted(set(range(len(ids))).difference(*big))
        exact = whole.induced_subgraph(small).betweenness(directed=False)
        raw = dict(zip(small, exact, strict=True))
        for group in big:
            raw.update(_sampled(whole.induced_subgraph(group), group))
    else:
        raw = dict(enumerate(whole.betweenness(directed=False)))
    size = len(ids)
    scale = 2 / ((size - 1) * (size - 2)) if size > 2 else 1.0  # networkx's normalization
    scores = {i: value * scale for i, value in sorted(raw.items()) if value > 0}
    names.update(_names(store, [ids[i] for i in scores if ids[i] not in names], kinds))
    blocks: dict[int, set[int]] = {}
    for (a, b), block in rx.biconnected_components(graph).items():
        blocks.setdefault(a, set()).add(block)
        blocks.setdefault(b, set()).add(block)
    out = [
        {"id": ids[i], "kind": kinds[ids[i]], "name": names[ids[i]],
         "betweenness": round(score, 4), "links": graph.degree(i),
         "bridges": max(len(blocks.get(i, ())), 1) - 1}
        for i, score in scores.items()
    ]  # fmt: skip
    return sorted(out, key=lambda r: (-r["betweenness"], r["name"]))


def _names(store: GraphStore | None, wanted: list[str], kinds: dict[str, str]) -> dict[str, str]:
    """How each of ``wanted`` is shown, read from the store one label at a time."""
    if not wanted:
        return {}
    if store is None:
        raise QueryError(f"betweenness: no row names {wanted[:3]}, and no store to look in")
    by_kind: dict[str, list[str]] = {}
    for node in wanted:
        by_kind.setdefault(kinds[node], []).append(node)
    schema = load_schema()
    return {
        row["id"]: row["name"]
        for kind, nodes in sorted(by_kind.items())
        for row in store.read(of_label(schema.label(kind), _NAMING_PART), {"ids": nodes})
    }


def _sampled(sub: Any, group: list[int]) -> list[tuple[int, float]]:
    """Unnormalized betweenness of one group of more than EXACT_BETWEENNESS nodes (more
    than SAMPLED_PIVOTS), estimated as networkx estimates it from SAMPLED_PIVOTS pivots
    (``k``, ``seed=0``): the same pivots, drawn from the group's nodes in id order (so
    reruns and both stores agree), and the same scaling (networkx 3.5 on: a pivot's
    dependencies by (n - 1) / (k - 1), any other node's by (n - 1) / k), but each search
    in C: networkx's, in Python, took seconds a group. igraph counts each path from a
    pivot once on an undirected graph, networkx twice and then halves."""
    k, chosen = SAMPLED_PIVOTS, random.Random(0).sample(range(len(group)), SAMPLED_PIVOTS)
    raw = sub.betweenness(directed=False, sources=chosen)
    pivots = set(chosen)
    return [
        (node, value * (len(group) - 1) / (k - 1 if i in pivots else k))
        for i, (node, value) in enumerate(zip(group, raw, strict=True))
    ]


# The Python steps saved queries name in their headers (`postprocess:`).


def hierarchy_levels(
    rows: list[Row], params: dict[str, Any], store: GraphStore | None = None
) -> list[Row]:
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


def unpack_rows(
    rows: list[Row], params: dict[str, Any], store: GraphStore | None = None
) -> list[Row]:
    """The rows of a query that sends them many to a record, in order: each record holds
    ``columns`` (the names) and ``rows`` (each row a list of values in that order).

    Neo4j's Python driver reads each record on its own (two socket reads and a message
    to decode): reading ``cross-border-links``' 27,000 rows at 200,000 nodes one to a
    record took 0.5 s of CPU, a thousand to a record 0.2 s (the server needs about 0.2 s
    to find them). Both stores run the same query, so their answers stay equal."""
    return [dict(zip(r["columns"], values, strict=True)) for r in rows for values in r["rows"]]


Step = Callable[[list[Row], dict[str, Any], GraphStore | None], list[Row]]
POSTPROCESSORS: dict[str, Step] = {}
POSTPROCESSORS["agency_flags"] = agency_flags
POSTPROCESSORS["betweenness"] = betweenness
POSTPROCESSORS["hierarchy_levels"] = hierarchy_levels
POSTPROCESSORS["redact_victims"] = redact_victims
POSTPROCESSORS["unpack_rows"] = unpack_rows

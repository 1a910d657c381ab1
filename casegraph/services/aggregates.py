"""Whole-graph summaries written when the graph changes, read by whole-graph saved queries.

``cross-case-links`` and ``cross-border-links`` rank every phone, account, wallet, alias
and person by the cases, countries and sources that report it. Worked out on every run,
that walked every identifier's links and looked up every case's debriefs: about a minute
on a million-node graph. The answer only changes when the graph does, so it is written
onto the nodes themselves after every load (:func:`casegraph.services.ingest.load_paths`,
link tables included) and every rebuild of the entity layer
(:func:`casegraph.services.entities.layer.write_entity_layer`, which resolve and review
decisions end in), the two paths every write of case data ends in, and the queries read
it:

* on each Phone, Account, Wallet and Alias: ``case_ids`` (cases whose person records use
  it, whose debriefs mention it, or whose records go by the alias as a name),
  ``case_source_ids`` (the sources telling those links), ``holders`` (who holds it on the
  entity layer, victims by pseudonym);
* on those and on each Person (whose ``case_ids`` and ``source_ids`` resolve writes):
  ``told_countries`` (the countries of its cases, a case's own country or else that of
  most of its debriefs, then of its sources, in that order, each once) and
  ``best_grading`` (the strongest Admiralty grading among its sources).

A refresh recomputes everything from the graph (nothing is patched incrementally, so a
summary is never stale after a load or a resolve); a node that lost every link loses its
summary. Writes made outside casegraph (`casegraph cypher --write`), and a graph loaded
by a casegraph without summaries, are caught up by the next load or resolve, or by
`casegraph schema apply`.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

from casegraph.core.resources import package_path
from casegraph.graph_schema import load_schema
from casegraph.store import GraphStore

__all__ = ["IDENTIFIERS", "Refresh", "refresh_aggregates"]

#: The labels whose nodes get identifier summaries.
IDENTIFIERS = ("Phone", "Account", "Wallet", "Alias")
_IDENTIFIER_FIELDS = ("case_ids", "case_source_ids", "holders", "told_countries", "best_grading")
_PERSON_FIELDS = ("told_countries", "best_grading")
_NAME = re.compile(r"^// aggregate: (\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Refresh:
    """What a refresh wrote (summaries that changed, summaries removed) and how long it took."""

    written: int
    cleared: int
    seconds: float


@cache
def statements() -> dict[str, str]:
    """The named read statements of ``graph_schema/aggregates.cypher``."""
    text = package_path("casegraph.graph_schema", "aggregates.cypher").read_text("utf-8")
    parts = _NAME.split(text)
    return {
        name: body.strip().rstrip(";") for name, body in zip(parts[1::2], parts[2::2], strict=True)
    }


@dataclass
class _Summary:
    cases: dict[str, None] = field(default_factory=dict)  # ordered sets
    sources: dict[str, None] = field(default_factory=dict)
    holders: dict[str, None] = field(default_factory=dict)


def _case_countries(store: GraphStore) -> tuple[dict[str, str | None], dict[str, tuple]]:
    """Each case's country (its own, else that of most of its debriefs; ties: the first
    code in order) and each source's (country, grading)."""
    sources, told = {}, defaultdict(Counter)
    for row in store.read(statements()["sources"]):
        sources[row["id"]] = (row["country"], row["grading"])
        if row["case_id"] is not None and row["country"] is not None:
            told[row["case_id"]][row["country"]] += 1
    countries: dict[str, str | None] = {
        cid: min(counts, key=lambda c: (-counts[c], c)) for cid, counts in told.items()
    }
    for row in store.read(statements()["cases"]):
        if row["country"] is not None:
            countries[row["id"]] = row["country"]
    return countries, sources


def _told(
    cases: list[str], source_ids: list[str], countries: dict, sources: dict
) -> tuple[list[str], str | None]:
    """The countries reporting an item (cases first, then sources, each once) and the
    best grading of its sources."""
    seen: dict[str, None] = {}
    for country in [countries.get(c) for c in cases] + [
        sources.get(s, (None, None))[0] for s in source_ids
    ]:
        if country is not None:
            seen.setdefault(country)
    gradings = [g for s in source_ids if (g := sources.get(s, (None, None))[1]) is not None]
    return list(seen), min(gradings, default=None)


def _write(label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (n:{load_schema().label(label)} {{id: row.id}}) "
        "SET n += row.summary"
    )


def _summarised(label: str) -> str:
    return (
        f"MATCH (n:{load_schema().label(label)}) WHERE n.told_countries IS NOT NULL "
        "RETURN n.id AS id, n.case_ids AS case_ids, n.case_source_ids AS case_source_ids, "
        "n.holders AS holders, n.told_countries AS told_countries, n.best_grading AS best_grading"
    )


def _differs(old: dict | None, new: dict, fields: tuple[str, ...]) -> bool:
    """Whether a summary must be written (a reload that changes nothing writes nothing)."""
    return old is None or any(
        sorted(old[f] or []) != sorted(new[f]) if isinstance(new[f], list) else old[f] != new[f]
        for f in fields
    )


def refresh_aggregates(store: GraphStore) -> Refresh:
    """Recompute and write every summary the whole-graph queries read; see the module."""
    started = time.perf_counter()
    countries, sources = _case_countries(store)
    items: dict[str, dict[str, _Summary]] = {label: defaultdict(_Summary) for label in IDENTIFIERS}
    for row in store.read(statements()["identifier_links"]):
        summary = items[row["label"]][row["id"]]
        if row["holder"] is not None:
            summary.holders.setdefault(row["holder"])
        elif row["case_id"] is not None:
            summary.cases.setdefault(row["case_id"])
            if row["source_id"] is not None:
                summary.sources.setdefault(row["source_id"])
    rows: dict[str, list[dict]] = {}
    for label, summaries in items.items():
        rows[label] = []
        for item, s in summaries.items():
            told, best = _told(list(s.cases), list(s.sources), countries, sources)
            rows[label].append(
                {"id": item, "case_ids": sorted(s.cases), "case_source_ids": sorted(s.sources),
                 "holders": list(s.holders), "told_countries": told, "best_grading": best}
            )  # fmt: skip
    rows["Person"] = []
    for row in store.read(statements()["person_links"]):
        told, best = _told(row["case_ids"], row["source_ids"], countries, sources)
        rows["Person"].append({"id": row["id"], "told_countries": told, "best_grading": best})
    written = cleared = 0
    for label, summaries in rows.items():
        fields = _PERSON_FIELDS if label == "Person" else _IDENTIFIER_FIELDS
        before = {r["id"]: r for r in store.read(_summarised(label))}
        changed = [r for r in summaries if _differs(before.pop(r["id"], None), r, fields)]
        written += store.write_batches(
            _write(label), [{"id": r["id"], "summary": {f: r[f] for f in fields}} for r in changed]
        )
        cleared += store.write_batches(
            _write(label), [{"id": gone, "summary": dict.fromkeys(fields)} for gone in before]
        )
    return Refresh(written, cleared, time.perf_counter() - started)

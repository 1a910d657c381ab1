"""Sources as exhibits: numbering, grading, corroboration and the data snapshot.

A report cites a source as ``[S3]``; the number is given on first citation, so the
source list reads in the order the body cites it and the same data always gives
the same numbers. Corroboration counts *independent* sources: distinct Source
nodes (separate debriefs or documents), with the distinct organisations behind them
counted too, since two debriefs taken by the same unit are less independent than
two taken by different ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from casegraph.services.reports.cypher import ALL_SOURCE_HASHES, SOURCES_BY_ID
from casegraph.services.reports.model import SourceEntry, Support
from casegraph.store import GraphStore

LOW_RELIABILITY = frozenset("DEF")
LOW_CREDIBILITY = frozenset({4, 5, 6})
SINGLE_LOW = "single low-graded source"
SINGLE = "single source"
NO_ORGANISATION = "organisation not recorded"


def snapshot(store: GraphStore) -> tuple[str, int]:
    """sha256 over the sorted content hashes of every Source in the store, and their count.

    Two reports with the same snapshot were generated from the same documents.
    """
    hashes = sorted(str(r["h"]) for r in store.read(ALL_SOURCE_HASHES) if r.get("h"))
    digest = hashlib.sha256("\n".join(hashes).encode("utf-8")).hexdigest()
    return digest, len(hashes)


def grading_of(source: Mapping[str, Any]) -> str:
    """``B2`` from ``grading`` or from reliability and credibility; ``ungraded`` if none."""
    if source.get("grading"):
        return str(source["grading"])
    code = f"{source.get('reliability') or ''}{source.get('credibility') or ''}"
    return code or "ungraded"


def is_low_grade(source: Mapping[str, Any]) -> bool:
    """Reliability D-F or credibility 4-6 (Admiralty): not to be relied on alone."""
    grading = grading_of(source)
    reliability = str(source.get("reliability") or grading[:1]).upper()
    credibility = source.get("credibility") or (grading[1:2] if grading[1:2].isdigit() else None)
    return reliability in LOW_RELIABILITY or (
        credibility is not None and int(credibility) in LOW_CREDIBILITY
    )


def _file_name(path: Any) -> str:
    return str(path or "").rsplit("/", 1)[-1]


def _compact(refs: Iterable[str]) -> list[str]:
    """``a.csv:row 2``, ``a.csv:row 6`` -> ``a.csv:row 2, row 6`` (one entry per file)."""
    by_file: dict[str, list[str]] = {}
    for ref in refs:
        file, _, where = str(ref).partition(":")
        by_file.setdefault(file, []).append(where)
    return [f"{f}:{', '.join(w for w in ws if w)}" for f, ws in by_file.items()]


class SourceRegistry:
    """Numbers the sources a report cites and describes them for the source list."""

    def __init__(self, store: GraphStore, redact: Callable[[str], str] = str) -> None:
        self._store = store
        # File names are shown as exhibits, and offices name files after the people in
        # them: they go through the report's redaction like excerpts.
        self._redact = redact
        self._known: dict[str, dict[str, Any]] = {}
        self._missing: set[str] = set()
        self._numbers: dict[str, int] = {}

    def fetch(self, ids: Iterable[str]) -> None:
        """Load the Source nodes for ``ids`` (once each) before citing them."""
        wanted = sorted({str(i) for i in ids} - set(self._known) - self._missing)
        if wanted:
            for row in self._store.read(SOURCES_BY_ID, {"ids": wanted}):
                self._known[str(row["source"]["id"])] = row["source"]
            self._missing.update(set(wanted) - set(self._known))

    def source(self, source_id: str) -> dict[str, Any]:
        self.fetch([source_id])
        return self._known.get(source_id, {"id": source_id})

    def cite(self, source_id: str) -> str:
        """``[S n]`` for a source, numbering it on first use."""
        number = self._numbers.setdefault(source_id, len(self._numbers) + 1)
        return f"[S{number}]"

    def cite_all(self, ids: Iterable[str]) -> str:
        return " ".join(self.cite(i) for i in sorted(set(ids), key=self.order_key))

    def order_key(self, source_id: str) -> tuple[str, str]:
        """Sources in date order, then by id: how a chronology of evidence reads."""
        return (str(self.source(source_id).get("date") or "9999"), source_id)

    def support(
        self,
        source_ids: Iterable[str],
        refs: Iterable[str] = (),
        excerpts: Iterable[str] = (),
        origin: str = "",
    ) -> list[Support]:
        """One Support per distinct source, in date order, with its refs and excerpts.

        Excerpts are attached to every source of the link, since a mined link's
        excerpts are not stored per source; with one source (the usual case for a
        mined link) that is exact.
        """
        ids = sorted({str(s) for s in source_ids}, key=self.order_key)
        self.fetch(ids)
        by_file: dict[str, list[str]] = {}
        for sid in ids:
            by_file.setdefault(_file_name(self.source(sid).get("file")), []).append(sid)
        out = []
        for sid in ids:
            src = self.source(sid)
            name = _file_name(src.get("file"))
            mine = [r for r in refs if _file_name(r.split(":", 1)[0]) == name] if name else []
            mine = _compact(mine)
            if len(by_file.get(name, [])) > 1 and mine:
                # Several sources of this link live in one file (rows of a spreadsheet):
                # the union of refs cannot say which row is whose, so say so.
                shared = ", ".join(self.cite(s) for s in by_file[name])
                mine = [f"{'; '.join(mine)} (shared by {shared})"]
            out.append(
                Support(
                    cite=self.cite(sid),
                    source_id=sid,
                    date=str(src.get("date") or ""),
                    organisation=str(src.get("organisation") or NO_ORGANISATION),
                    grading=grading_of(src),
                    refs=[
                        self._redact(r) for r in mine or ([] if len(ids) > 1 else _compact(refs))
                    ],
                    excerpts=list(excerpts),
                    origin=origin,
                )
            )
        return out

    def corroboration(self, source_ids: Iterable[str]) -> tuple[int, int, list[str]]:
        """(independent sources, distinct organisations, flags) for one link."""
        ids = sorted({str(s) for s in source_ids})
        self.fetch(ids)
        orgs = {self.source(i).get("organisation") or f"unknown ({i})" for i in ids}
        flags = []
        if len(ids) == 1:
            flags.append(SINGLE_LOW if is_low_grade(self.source(ids[0])) else SINGLE)
        return len(ids), len(orgs), flags

    def entries(self) -> list[SourceEntry]:
        """The numbered source list: every cited source, in citation order."""
        out = []
        for sid, number in sorted(self._numbers.items(), key=lambda kv: kv[1]):
            src = self.source(sid)
            out.append(
                SourceEntry(
                    number=number,
                    id=sid,
                    kind=str(src.get("kind") or ""),
                    date=str(src.get("date") or ""),
                    organisation=str(src.get("organisation") or ""),
                    country=str(src.get("country") or ""),
                    grading=grading_of(src),
                    file=self._redact(str(src.get("file") or "")),
                    content_hash=str(src.get("content_hash") or ""),
                    low_grade=is_low_grade(src),
                    missing=sid not in self._known,
                )
            )
        return out

"""The watch-list and the alerts every load ends with.

An investigator's first cross-border question is "where else does this phone, handle or
wallet appear?"; the second is "tell me when it turns up again". A load therefore ends
by looking at the identifiers and person records it just wrote: an alert is raised when
one matches a watched value, or when an identifier is also recorded in a source of
*another case or country*. Each alert names both sources (id, case, country, grading),
so an investigator can read them side by side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from casegraph.core.cells import SafeDictWriter
from casegraph.core.errors import InputError
from casegraph.core.identifiers import identifier_keys
from casegraph.core.names import name_key
from casegraph.core.private import private_dir, private_open
from casegraph.loaders.limits import key_problem
from casegraph.store import GraphStore

__all__ = ["Alert", "WatchEntry", "alerts_for", "watch_add", "watch_list", "write_alerts"]

IDENTIFIER_LABELS = ("Phone", "Account", "Wallet", "IdentityDocument")

ADD_WATCH = """
UNWIND $rows AS row
MERGE (w:Watch {id: row.id})
SET w.value = row.value, w.kind = row.kind, w.added = row.added
"""
WATCHES = "MATCH (w:Watch) RETURN w.id AS id, w.value AS value, w.kind AS kind ORDER BY w.id"
APPEARANCES = """
UNWIND $ids AS iid
CALL {
  WITH iid
  MATCH (i:Phone {id: iid}) RETURN i
  UNION
  WITH iid
  MATCH (i:Account {id: iid}) RETURN i
  UNION
  WITH iid
  MATCH (i:Wallet {id: iid}) RETURN i
  UNION
  WITH iid
  MATCH (i:IdentityDocument {id: iid}) RETURN i
}
CALL {
  WITH i
  MATCH (rec:PersonRecord)-[:USES_PHONE|HAS_ACCOUNT|CONTROLS_WALLET|HAS_DOCUMENT]->(i)
  RETURN rec.source_id AS sid, rec.case_id AS rec_case
  UNION
  WITH i
  MATCH (teller:Source)-[:MENTIONS]->(i)
  RETURN teller.id AS sid, null AS rec_case
  UNION
  WITH i
  MATCH (o)-[link:HAS_ACCOUNT|CONTROLS_WALLET|USES_PHONE|HAS_DOCUMENT]->(i)
  WHERE NOT o:PersonRecord AND NOT o:Person
  UNWIND coalesce(link.source_ids, []) AS sid
  RETURN sid, null AS rec_case
}
WITH i, sid, rec_case
OPTIONAL MATCH (src:Source {id: sid})
WITH i, sid, src, coalesce(rec_case, src.case_id) AS case_id
OPTIONAL MATCH (k:Case {id: case_id})
OPTIONAL MATCH (told:Source {case_id: case_id}) WHERE told.country IS NOT NULL
WITH i, sid, src, case_id, k, told.country AS told_country, count(told) AS debriefs
ORDER BY debriefs DESC
WITH i, sid, src, case_id, k, collect(told_country) AS told_in, collect(debriefs) AS counts
WITH i, sid, src, case_id, coalesce(src.country, k.country,
     CASE WHEN size(counts) = 1 OR head(counts) > counts[1] THEN head(told_in) END) AS country
RETURN DISTINCT i.id AS identifier, labels(i)[0] AS label, i.handle AS handle,
       sid AS source_id, case_id, country, src.grading AS grading
"""
RECORD_NAMES = """
MATCH (r:PersonRecord)
WHERE r.source_id IN $sources
OPTIONAL MATCH (s:Source {id: r.source_id})
RETURN r.id AS id, r.name AS name, coalesce(r.aliases, []) AS aliases,
       r.source_id AS source_id, coalesce(r.case_id, s.case_id) AS case_id, s.country AS country
"""


@dataclass(frozen=True)
class WatchEntry:
    """One watched value: its normalised key, as typed, and what kind of value it is."""

    id: str
    value: str
    kind: str


@dataclass(frozen=True)
class Alert:
    """A newly loaded identifier or person that needs an investigator's eyes."""

    reason: str
    item: str
    new_source: str
    new_case: str | None
    new_country: str | None
    other_source: str | None
    other_case: str | None
    other_country: str | None
    other_grading: str | None
    watched: str | None = None


def _entry(value: str) -> WatchEntry:
    text = str(value).strip()
    keys = identifier_keys(text)
    if keys:
        return WatchEntry(keys[0].key, text, keys[0].label.lower())
    key = name_key(text)
    if not key:
        raise InputError(f"nothing to watch in {value!r}: no phone, handle, wallet or name")
    return WatchEntry(f"name:{key}", text, "name")


def watch_add(store: GraphStore, values: Iterable[str]) -> list[WatchEntry]:
    """Put values on the watch-list (idempotent), normalised as the loaders store them.
    A value whose key is over the key limit is an InputError (the embedded store's
    server dies on such a key); nothing is added then."""
    entries = [_entry(v) for v in values if str(v).strip()]
    for entry in entries:
        problem = key_problem("Watch", entry.id)
        if problem:
            raise InputError(f"cannot watch this value: {problem}")
    added = datetime.now(UTC).isoformat(timespec="seconds")
    store.write_batches(ADD_WATCH, [{**asdict(e), "added": added} for e in entries])
    return entries


def watch_file(path: Path) -> list[str]:
    """The values of a watch file: one a line (or the first column of a CSV); # comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    values = [line.split(",")[0].strip() for line in lines]
    return [v for v in values if v and not v.startswith("#")]


def watch_list(store: GraphStore) -> list[WatchEntry]:
    """Every watched value."""
    return [WatchEntry(**row) for row in store.read(WATCHES)]


def _pairs(rows: list[Mapping[str, Any]], new: set[str]) -> Iterable[Alert]:
    """For one identifier: each newly loaded source against each source of another case
    or another country."""
    seen = set()
    for mine in (r for r in rows if r["source_id"] in new):
        for other in rows:
            if other["source_id"] == mine["source_id"]:
                continue
            cases = {mine["case_id"], other["case_id"]} - {None}
            countries = {mine["country"], other["country"]} - {None}
            if len(cases) < 2 and len(countries) < 2:
                continue
            key = frozenset((mine["source_id"], other["source_id"]))
            if key in seen:
                continue
            seen.add(key)
            yield Alert(
                "another country" if len(countries) > 1 else "another case",
                mine["identifier"],
                mine["source_id"],
                mine["case_id"],
                mine["country"],
                other["source_id"],
                other["case_id"],
                other["country"],
                other["grading"],
            )


def alerts_for(store: GraphStore, touched: Mapping[str, set[str]]) -> list[Alert]:
    """Alerts for what a load wrote (``touched``: label -> node ids it asserted)."""
    new = set(touched.get("Source", ()))
    ids = sorted({i for label in IDENTIFIER_LABELS for i in touched.get(label, ())})
    rows = store.read(APPEARANCES, {"ids": ids}) if ids else []
    by_identifier: dict[str, list[Mapping[str, Any]]] = {}
    # In order of source: each store returns the appearances in an order of its own, and
    # of two sources loaded together the alert names the first as the new one.
    for row in sorted(rows, key=lambda r: (str(r["source_id"]), str(r["case_id"]))):
        by_identifier.setdefault(row["identifier"], []).append(row)
    watched = {w.id: w for w in watch_list(store)}
    handles = {w.id: w for w in watched.values() if ":" not in w.id}
    alerts: list[Alert] = []
    for identifier, found in sorted(by_identifier.items()):
        hit = watched.get(identifier) or handles.get(found[0].get("handle") or "")
        if hit:
            alerts.extend(
                Alert(
                    "watched",
                    identifier,
                    r["source_id"],
                    r["case_id"],
                    r["country"],
                    None,
                    None,
                    None,
                    None,
                    hit.value,
                )  # fmt: skip
                for r in found
                if r["source_id"] in new
            )
        alerts.extend(_pairs(found, new))
    names = {w.id: w for w in watched.values() if w.kind == "name"}
    if names and new:
        for rec in store.read(RECORD_NAMES, {"sources": sorted(new)}):
            for name in [rec["name"], *rec["aliases"]]:
                hit = names.get(f"name:{name_key(name)}") if name else None
                if hit:
                    alerts.append(
                        Alert(
                            "watched",
                            rec["id"],
                            rec["source_id"],
                            rec["case_id"],
                            rec["country"],
                            None,
                            None,
                            None,
                            None,
                            hit.value,
                        )  # fmt: skip
                    )
                    break
    return alerts


def write_alerts(alerts: list[Alert], path: Path) -> None:
    """Write the alerts as CSV (a header only when there are none: no stale alerts)."""
    private_dir(path.parent, tighten=False)  # alerts name suspects and victims' cases
    with private_open(path, "w", newline="") as handle:
        writer = SafeDictWriter(handle, fieldnames=[f.name for f in fields(Alert)])
        writer.writeheader()
        writer.writerows(asdict(a) for a in alerts)

"""Earlier versions of a record (``casegraph load --update``), as a report section.

A note or compound loaded again under the same id from another file, with ``--update``,
replaces the stored properties it states; the writer keeps each earlier version in the
node's ``history``. Every report lists them for the sources it cites (and the compound
report for its compound), so a reader sees that a record changed, from what, and when.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from casegraph.services.reports.model import Paragraph, Section, Table
from casegraph.services.reports.privacy import Privacy

__all__ = ["earlier_versions", "versions_section"]


def earlier_versions(node: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The node's earlier versions, oldest first; an entry that cannot be read says so."""
    found = []
    for text in node.get("history") or []:
        try:
            found.append(json.loads(text))
        except (TypeError, ValueError):
            found.append({"properties": {}, "read_from": "an unreadable history entry"})
    return found


def versions_section(nodes: Iterable[Mapping[str, Any]], privacy: Privacy) -> Section | None:
    """One row per earlier version of these nodes: where it was read, when it was
    replaced, and its values where they differ from the current ones (free text goes
    through the report's redaction, like every narrative excerpt). None when no node has
    an earlier version."""
    rows = []
    for node in nodes:
        for version in earlier_versions(node):
            props = version.get("properties") or {}
            changed = [
                privacy.redact(f"{key}: {props[key]}")
                for key in sorted(props)
                if props[key] != node.get(key)
            ]
            rows.append(
                [
                    str(node.get("id")),
                    str(version.get("replaced_at") or ""),
                    str(version.get("read_from") or ""),
                    "; ".join(changed) or "no value differs",
                ]
            )
    if not rows:
        return None
    note = Paragraph(
        "Records loaded again under the same id with `casegraph load --update`: each"
        " earlier version, where it was read, and what it said where it differs from now."
    )
    columns = ["record", "replaced at", "earlier version read from", "earlier values"]
    return Section("Earlier versions", [note, Table(columns, rows)], "versions")

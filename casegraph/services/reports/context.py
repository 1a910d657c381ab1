"""What every report builder shares: the store, the source registry, privacy, the header."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from casegraph import __version__
from casegraph.core.errors import InputError, ParameterError
from casegraph.services.catalog import ENTITY_KINDS
from casegraph.services.find import find_entity
from casegraph.services.reports.citations import SourceRegistry, snapshot
from casegraph.services.reports.cypher import PERSON_BY_ID
from casegraph.services.reports.model import Header, Report, Section
from casegraph.services.reports.privacy import Privacy, is_victim
from casegraph.services.reports.versions import versions_section
from casegraph.services.subgraph import nodes_by_id
from casegraph.store import GraphStore


@dataclass
class ReportContext:
    """One report's working state; build a fresh one per report."""

    store: GraphStore
    reveal: bool = False
    figure: bool = True
    registry: SourceRegistry = field(init=False)
    privacy: Privacy = field(init=False)

    def __post_init__(self) -> None:
        self.privacy = Privacy(self.store, self.reveal)
        self.registry = SourceRegistry(self.store, self.privacy.redact)

    def header(self) -> Header:
        digest, count = snapshot(self.store)
        return Header(
            snapshot=digest,
            sources_loaded=count,
            store=self.store.location,  # names the store itself: "Neo4j at bolt://..."
            version=__version__,
            generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
            revealed=self.reveal,
        )

    def finish(
        self,
        kind: str,
        title: str,
        subject: str,
        sections: list[Section],
        method: list[str],
        versioned: Iterable[Mapping[str, Any]] = (),
    ) -> Report:
        """The finished report; its source list is every source cited while building it,
        and the earlier versions of those sources and of ``versioned`` nodes follow."""
        cited = [self.registry.source(entry.id) for entry in self.registry.entries()]
        versions = versions_section([*versioned, *cited], self.privacy)
        if versions is not None:
            sections = [*sections, versions]
        return Report(
            kind=kind,
            title=title,
            subject=subject,
            header=self.header(),
            sections=sections,
            sources=self.registry.entries(),
            method=method,
        )

    def nodes(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Nodes by id (for people named only by id in a link's properties)."""
        wanted = sorted({str(i) for i in ids if i})
        if not wanted:
            return {}
        return {str(r["node"]["id"]): r["node"] for r in nodes_by_id(self.store, wanted)}


def find_one(store: GraphStore, what: str, ident: str, by_id: str, describe: Any) -> dict[str, Any]:
    """The node ``ident`` names: its id, else (persons and compounds) the one whose name,
    alias or pseudonym matches whatever the case, punctuation or word order.

    No match is an error naming the closest known names; several matches a ParameterError
    listing the candidates (``describe(node)`` says who each one is) so the user can pick.
    """
    rows = store.read(by_id, {"id": ident})
    if not rows and what in ENTITY_KINDS:
        rows = store.read(by_id, {"id": find_entity(store, what, ident).id})
    if not rows:
        raise InputError(
            f"no {what} with id {ident!r} in {store.location}"
            " (check the spelling; `casegraph status` shows what is loaded)"
        )
    if len(rows) > 1:
        listed = "; ".join(f"{r['node']['id']} ({describe(r['node'])})" for r in rows)
        raise ParameterError(f"{ident!r} names {len(rows)} {what}s: {listed}. Give an id.")
    return rows[0]["node"]


def describe_person(person: Mapping[str, Any]) -> str:
    """A one-line description for candidate lists (victims by pseudonym only)."""
    name = person.get("pseudonym") if is_victim(person) else person.get("name")
    roles = ", ".join(person.get("roles") or []) or "no role"
    cases = ", ".join(person.get("case_ids") or []) or "no case"
    return f"{name or '?'}; {roles}; {cases}"


def find_person(store: GraphStore, ident: str) -> dict[str, Any]:
    """The Person with this id, or the one Person this name, alias or pseudonym names."""
    return find_one(store, "person", ident, PERSON_BY_ID, describe_person)

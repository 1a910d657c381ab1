"""Links of an anchor node (a person, a compound) as statements with their evidence.

Each relationship becomes one sentence ("recruited KE-V-0001") with every source
that asserts it (date, organisation, grading, refs, excerpts), its corroboration
(distinct sources and organisations) and flags such as "single low-graded source".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from casegraph.services.reports.citations import SourceRegistry
from casegraph.services.reports.model import EvidenceItem
from casegraph.services.reports.privacy import Privacy
from casegraph.store import GraphStore

# (type, direction) -> sentence about the anchor; {o} is the other end.
PHRASES: dict[tuple[str, str], str] = {
    ("RECRUITED", "out"): "recruited {o}",
    ("RECRUITED", "in"): "was recruited by {o}",
    ("TRANSPORTED", "out"): "transported {o}",
    ("TRANSPORTED", "in"): "was transported by {o}",
    ("SOLD_TO", "out"): "sold {person}to {o}",
    ("SOLD_TO", "in"): "bought {person}from {o}",
    ("REPORTS_TO", "out"): "reports to {o}",
    ("REPORTS_TO", "in"): "supervises {o}",
    ("WORKS_FOR", "out"): "works for {o}",
    ("WORKS_AT", "out"): "works at {o}{role}",
    ("WORKS_AT", "in"): "{o} works here{role}",
    ("OPERATES", "out"): "operates {o}",
    ("OPERATES", "in"): "operated by {o}",
    ("HELD_AT", "out"): "was held at {o}{period}",
    ("HELD_AT", "in"): "{o} was held here{period}",
    ("SUPPLIES", "in"): "supplied with people by {o}",
    ("POSTED", "out"): "posted the job ad {o}",
    ("FACILITATED", "out"): "facilitated {o}",
    ("PAID", "out"): "paid {o}",
    ("RECEIVED", "out"): "received {o}",
    ("FOR_PERSON", "in"): "payment made for this person: {o}",
    ("HAS_ALIAS", "out"): "uses the alias {o}",
    ("USES_PHONE", "out"): "uses the phone {o}",
    ("HAS_ACCOUNT", "out"): "uses the account {o}",
    ("CONTROLS_WALLET", "out"): "controls the wallet {o}",
    ("NATIONAL_OF", "out"): "national of {o}",
    ("LOCATED_IN", "out"): "located in {o}",
    ("TRANSFERRED_TO", "out"): "a victim was transferred from here to {o}",
    ("TRANSFERRED_TO", "in"): "a victim was transferred here from {o}",
    ("SHOWS_INDICATOR", "out"): "shows the indicator {o}",
    ("INVOLVES", "in"): "named in case {o}",
    ("MENTIONS", "in"): "mentioned in {o}",
}
# Reading order of a person's roles and links: hierarchy and workplace first, then what
# they did to victims, then money and paperwork.
TYPE_ORDER = (
    "REPORTS_TO",
    "OPERATES",
    "WORKS_AT",
    "WORKS_FOR",
    "SUPPLIES",
    "RECRUITED",
    "TRANSPORTED",
    "SOLD_TO",
    "HELD_AT",
    "TRANSFERRED_TO",
    "FACILITATED",
    "POSTED",
    "PAID",
    "RECEIVED",
    "FOR_PERSON",
)
IDENTIFIER_TYPES = ("HAS_ALIAS", "USES_PHONE", "HAS_ACCOUNT", "CONTROLS_WALLET", "NATIONAL_OF")
NON_LINK_TYPES = ("MADE", "MENTIONS", "INVOLVES", "SHOWS_INDICATOR", "PART_OF", "MATCHES_LISTING")


@dataclass
class Link:
    """One relationship of the anchor as read from the graph."""

    type: str
    direction: str
    other: dict[str, Any]
    props: dict[str, Any]

    @property
    def other_label(self) -> str:
        return str((self.other.get("_labels") or ["Node"])[0])

    @property
    def source_ids(self) -> list[str]:
        ids = list(self.props.get("source_ids") or [])
        if self.type == "MENTIONS" and self.other_label == "Source":
            ids.append(str(self.other["id"]))
        if self.props.get("source_id"):
            ids.append(str(self.props["source_id"]))
        return sorted({str(i) for i in ids})

    @property
    def excerpts(self) -> list[str]:
        found = list(self.props.get("excerpts") or [])
        if self.props.get("excerpt") and self.props["excerpt"] not in found:
            found.append(self.props["excerpt"])
        return [str(e) for e in found]


def read_links(store: GraphStore, cypher: str, node_id: str) -> list[Link]:
    """The anchor's links (both directions), in a stable order."""
    rows = store.read(cypher, {"id": node_id})
    links = [Link(r["type"], r["direction"], r["other"] or {}, r["props"] or {}) for r in rows]

    def order(link: Link) -> tuple[int, str, str, str]:
        rank = TYPE_ORDER.index(link.type) if link.type in TYPE_ORDER else len(TYPE_ORDER)
        return (rank, link.type, link.direction, str(link.other.get("id")))

    return sorted(links, key=order)


def without_repeated_payments(links: list[Link]) -> list[Link]:
    """Drop "payment made for this person" where the person also paid or received it."""
    own = {str(x.other.get("id")) for x in links if x.type in ("PAID", "RECEIVED")}
    return [x for x in links if x.type != "FOR_PERSON" or str(x.other.get("id")) not in own]


def caption(
    node: Mapping[str, Any], privacy: Privacy, overrides: Mapping[str, str] | None = None
) -> str:
    """A node as a reader names it: people via Privacy, payments and legs spelled out.

    ``overrides`` (node id -> text) carries what the node alone cannot say, such as
    whose journey a leg belongs to.
    """
    if overrides and str(node.get("id")) in overrides:
        return overrides[str(node.get("id"))]
    label = (node.get("_labels") or ["Node"])[0]
    if label == "Payment":
        amount = node.get("amount")
        money = f" of {amount:,} {node.get('currency') or ''}".rstrip() if amount else ""
        when = f" on {node['date']}" if node.get("date") else ""
        kind = str(node.get("kind") or "payment").replace("_", " ")
        return f"a {kind}{money}{when}"
    if label == "Indicator":
        return f"{node.get('element', '')}: {node.get('label') or node.get('id')}"
    if label == "Leg":
        when = f" on {node['date']}" if node.get("date") else ""
        return f"leg {node.get('order', '?')} ({node.get('mode') or 'mode unknown'}{when})"
    return privacy.name(node)


def statement(
    link: Link,
    privacy: Privacy,
    persons: Mapping[str, Mapping[str, Any]],
    overrides: Mapping[str, str] | None = None,
) -> str:
    """The sentence for one link, e.g. "works at KK Park (as agent)"."""
    phrase = PHRASES.get((link.type, link.direction))
    other = caption(link.other, privacy, overrides)
    if phrase is None:
        verb = link.type.lower().replace("_", " ")
        return f"{verb} {other}" if link.direction == "out" else f"{other} {verb} this"
    person = link.props.get("person") or link.props.get("person_id")
    person_text = ""
    if person and str(person) in persons:
        person_text = privacy.name(persons[str(person)]) + " "
    role = f" (as {link.props['role']})" if link.props.get("role") else ""
    start, end = link.props.get("from_date"), link.props.get("to_date")
    period = f" from {start or '?'} to {end or '?'}" if start or end else ""
    return phrase.format(o=other, person=person_text, role=role, period=period)


def evidence(
    links: Iterable[Link],
    registry: SourceRegistry,
    privacy: Privacy,
    persons: Mapping[str, Mapping[str, Any]] | None = None,
    overrides: Mapping[str, str] | None = None,
) -> list[EvidenceItem]:
    """One EvidenceItem per link, citing each supporting source."""
    items = []
    for link in links:
        count, orgs, flags = registry.corroboration(link.source_ids)
        if not link.source_ids:
            flags = ["no source recorded"]
        details = []
        for key in ("date", "price", "currency", "mode"):
            if link.props.get(key) not in (None, ""):
                details.append(f"{key}: {link.props[key]}")
        if link.props.get("origin") == "mined":
            details.append("mined from narrative text")
        items.append(
            EvidenceItem(
                statement=statement(link, privacy, persons or {}, overrides),
                sources=count,
                organisations=orgs,
                support=[
                    _private(s, privacy)
                    for s in registry.support(
                        link.source_ids,
                        link.props.get("refs") or [],
                        link.excerpts,
                        str(link.props.get("origin") or ""),
                    )
                ],
                flags=flags,
                details="; ".join(details),
            )
        )
    return items


def _private(support: Any, privacy: Privacy) -> Any:
    support.excerpts = [privacy.redact(e) for e in support.excerpts]
    return support

"""Read person records and their hard identifiers out of the graph.

A phone marked ``shared`` (a hotline, an agency's switchboard) is left out of a
record's identifiers: many people call from it, so it says nothing about who is who.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from casegraph.store import GraphStore

FETCH_PERSON_RECORDS = """
MATCH (r:PersonRecord)
OPTIONAL MATCH (r)-[:USES_PHONE]->(ph:Phone)
WITH r, collect(DISTINCT CASE WHEN ph.shared IS NULL THEN ph.id END) AS phones
OPTIONAL MATCH (r)-[:HAS_ACCOUNT]->(a:Account)
WITH r, phones, collect(DISTINCT a.id) AS accounts
OPTIONAL MATCH (r)-[:CONTROLS_WALLET]->(w:Wallet)
WITH r, phones, accounts, collect(DISTINCT w.id) AS wallets
OPTIONAL MATCH (s:Source {id: r.source_id})
RETURN r.id AS id, r.name AS name, r.aliases AS aliases, r.roles AS roles,
       r.nationality AS nationality, r.birth_year AS birth_year, r.gender AS gender,
       r.case_id AS case_id, r.pseudonym AS pseudonym, r.source_id AS source_id,
       r.is_interviewee AS is_interviewee, r.listed AS listed,
       s.country AS source_country, s.kind AS source_kind, s.file AS source_file,
       r.refs AS refs, phones, accounts, wallets
ORDER BY id
"""


@dataclass(frozen=True)
class PersonRow:
    """A PersonRecord as the entity layer needs it (identifiers already normalized)."""

    id: str
    source_id: str
    name: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    nationality: str | None = None
    birth_year: int | None = None
    gender: str | None = None
    case_id: str | None = None
    pseudonym: str | None = None
    is_interviewee: bool = False
    source_country: str | None = None
    phones: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    wallets: tuple[str, ...] = ()
    listed: str | None = None  # the list a designated party's record was read from
    # Named in its source's own list of people (a debrief's interviewee or people[]),
    # not a table row that cites the source.
    in_source_list: bool = False
    source_kind: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_victim(self) -> bool:
        return "victim" in self.roles


def _tuple(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value if v)


def _in_source_list(r: dict[str, Any]) -> bool:
    """Whether the record comes from its debrief's own file (not a table citing it)."""
    file = r.get("source_file")
    return r.get("source_kind") == "debrief" and any(
        str(ref).startswith(f"{file}:") or str(ref) == file for ref in _tuple(r.get("refs"))
    )


def fetch_person_records(store: GraphStore) -> list[PersonRow]:
    """Every PersonRecord in the store, ordered by id (so runs are reproducible)."""
    rows = []
    for r in store.read(FETCH_PERSON_RECORDS):
        birth = r.get("birth_year")
        rows.append(
            PersonRow(
                id=r["id"],
                source_id=r.get("source_id") or "",
                name=r.get("name"),
                aliases=_tuple(r.get("aliases")),
                roles=_tuple(r.get("roles")),
                nationality=r.get("nationality"),
                birth_year=int(birth) if birth not in (None, "") else None,
                gender=r.get("gender"),
                case_id=r.get("case_id"),
                pseudonym=r.get("pseudonym"),
                is_interviewee=bool(r.get("is_interviewee")),
                source_country=r.get("source_country"),
                phones=_tuple(r.get("phones")),
                accounts=_tuple(r.get("accounts")),
                wallets=_tuple(r.get("wallets")),
                listed=r.get("listed"),
                in_source_list=_in_source_list(r),
                source_kind=r.get("source_kind"),
            )
        )
    return rows

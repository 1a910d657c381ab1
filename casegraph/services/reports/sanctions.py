"""The sanctions section of a person report: listings the person matches or is on.

Reads what ``casegraph xref`` stored (MATCHES_LISTING, with status, score and reason)
and, for a designated person read from a list, the designation itself; each row names
the list, programmes, listing date and the row of the list file it was read from.
"""

from __future__ import annotations

from casegraph.services.reports.model import Paragraph, Section, Table
from casegraph.store import GraphStore

__all__ = ["sanctions_section"]

PERSON_LISTINGS = """
MATCH (p:Person {id: $id})-[h:MATCHES_LISTING]->(d:Designation)
RETURN d.list AS list, d.name AS listed, d.programmes AS programmes,
       d.listed_on AS listed_on, d.source_row AS source_row, h.status AS status,
       h.hard AS hard, h.score AS score, h.reason AS reason
UNION ALL
MATCH (p:Person {id: $id})<-[:RESOLVES_TO]-(:PersonRecord)<-[:DESIGNATES]-(d:Designation)
RETURN d.list AS list, d.name AS listed, d.programmes AS programmes,
       d.listed_on AS listed_on, d.source_row AS source_row, 'designated' AS status,
       true AS hard, 1.0 AS score, 'this person is the listed party' AS reason
"""
COLUMNS = ["Status", "List", "Listed party", "Programmes", "Listed on", "Source row", "Why"]


def sanctions_section(store: GraphStore, person_id: str) -> Section | None:
    """The person's listings, hard hits first; None when there are none."""
    rows = store.read(PERSON_LISTINGS, {"id": person_id})
    if not rows:
        return None
    rows.sort(key=lambda r: (not r["hard"], -(r["score"] or 0), r["list"] or ""))
    table = Table(
        COLUMNS,
        [
            [
                f"{r['status']}{' (hard)' if r['hard'] and r['status'] != 'designated' else ''}"
                f" {r['score']:.2f}",
                r["list"] or "",
                r["listed"] or "",
                ", ".join(r["programmes"] or []),
                r["listed_on"] or "not given",
                r["source_row"] or "",
                r["reason"] or "",
            ]
            for r in rows
        ],
    )
    note = Paragraph(
        "Matches found by casegraph xref against the loaded sanctions and watch lists. A hard "
        "hit shares a wallet or document number with the listing; a review hit is a name "
        "match that an analyst has not yet confirmed and must not be read as identity."
    )
    return Section("Sanctions and watch lists", [note, table], "sanctions")

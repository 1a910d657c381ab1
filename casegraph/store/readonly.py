"""The read-only guard both stores run before every read: no writes, no files, no network.

A read transaction stops writes on both engines, but not ``LOAD CSV FROM 'https://...'``
(network egress from a tool meant for air-gapped offices, and a way to read local files)
nor procedures that reach the network, the file system or the server's settings
(``apoc.load.*``, ``apoc.export.*``, ``dbms.*``...). This module refuses them before the
query is sent, in one place for both stores, looking only at the query's code: text
inside string literals, backtick names and comments cannot trigger it or hide from it.

Procedures are allowed by name (catalogue reads and graph algorithms that only read);
anything else is refused with its name, so a new procedure is a deliberate decision.
"""

from __future__ import annotations

import re

from casegraph.core.errors import StoreError

__all__ = ["ALLOWED_PROCEDURES", "check_read_only", "code_only"]

# Exact names or prefixes ending in "." of procedures a read may call.
ALLOWED_PROCEDURES = (
    "db.labels",
    "db.relationshiptypes",
    "db.propertykeys",
    "db.indexes",
    "db.constraints",
    "db.schema.",
    "db.idx.fulltext.querynodes",
    "db.idx.fulltext.queryrelationships",
    "db.idx.vector.querynodes",
    "db.index.fulltext.querynodes",
    "db.index.fulltext.queryrelationships",
    "algo.",  # FalkorDB's graph algorithms (SPpaths, pageRank, betweenness, WCC...): reads
)
_WRITES = ("CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "FOREACH")

_TOKENS = re.compile(
    r"""
      (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
    | (?P<name>`(?:[^`]|``)*`)
    | (?P<comment>//[^\n]*|/\*.*?\*/)
    """,
    re.VERBOSE | re.DOTALL,
)
_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)
_CALL = re.compile(r"\bCALL\s+([A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_][\w]*)*)", re.IGNORECASE)
_KEYWORD = re.compile(r"(?<![.\w$:])([A-Za-z_]\w*)\b")


def code_only(cypher: str) -> str:
    """The query with string literals, backtick names and comments blanked out."""

    def blank(match: re.Match[str]) -> str:
        kind = match.lastgroup
        return " " if kind == "comment" else "''" if kind == "string" else "`x`"

    return _TOKENS.sub(blank, cypher)


def _allowed(procedure: str) -> bool:
    name = procedure.lower()
    return any(name == p or (p.endswith(".") and name.startswith(p)) for p in ALLOWED_PROCEDURES)


def check_read_only(cypher: str) -> None:
    """Raise StoreError naming what a read-only query may not do; return when it is a read."""
    code = code_only(cypher)
    if _LOAD_CSV.search(code):
        raise StoreError(
            "refused: LOAD CSV reads files or URLs, which a read-only query may not do;"
            " load tables with `casegraph load`"
        )
    for match in _CALL.finditer(code):
        name = re.sub(r"\s+", "", match.group(1))
        if not _allowed(name):
            raise StoreError(
                f"refused: procedure {name} is not allowed in a read-only"
                " query (it may reach the network, the file system or the server's settings,"
                " or write)"
            )
    for match in _KEYWORD.finditer(code):
        if match.group(1).upper() in _WRITES:
            raise StoreError(
                f"refused: a read-only query tried to write ({match.group(1).upper()})"
            )

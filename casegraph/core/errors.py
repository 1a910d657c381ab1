"""The error hierarchy of casegraph.

The library raises these; only the CLI turns them into messages and exit codes.
Each error may carry several problems at once so that a user sees every bad row
or header in one run instead of fixing them one at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    reason: str
    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        if self.field:
            where = f"{where} [{self.field}]" if where else f"[{self.field}]"
        return f"{where}: {self.reason}" if where else self.reason


class CasegraphError(Exception):
    """Base class: everything casegraph raises on purpose."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        self.problems = list(problems)
        details = "".join(f"\n  - {p}" for p in self.problems)
        super().__init__(message + details)
        self.message = message


class ConfigError(CasegraphError):
    """A setting is missing, malformed or contradicts another."""


class StoreError(CasegraphError):
    """The graph store could not be started, reached or used."""


class SchemaError(CasegraphError):
    """The schema files are invalid or a statement uses a label they do not define."""


class InputError(CasegraphError):
    """A source file or row cannot be read or is invalid."""


class QueryError(CasegraphError):
    """A saved query is unknown, malformed or not allowed (for example: it writes)."""


class ParameterError(QueryError):
    """Parameters given to a query are missing, unknown or of the wrong type."""

"""Validation: collect every problem of a file with its location, and parse field values.

A loader never stops at the first bad value: each problem is recorded with the file,
the line or row, the field and the reason, the item it concerns is left out, and the
rest of the file loads. Parsers raise ``ValueError`` with a reason a user can act on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from casegraph.core.errors import Problem
from casegraph.core.identifiers import (
    CHAINS,
    PLATFORMS,
    Wallet,
    normalize_handle,
    normalize_phone,
    normalize_platform,
    normalize_wallet,
)

__all__ = [
    "EXITS",
    "PAYMENT_KINDS",
    "ROLES",
    "Problems",
    "parse_account",
    "parse_bool",
    "parse_date",
    "parse_list",
    "parse_number",
    "parse_phone",
    "parse_roles",
    "parse_wallet",
    "text",
]

ROLES = (
    "victim",
    "recruiter",
    "boss",
    "director",
    "controller",
    "agent",
    "transporter",
    "model",
    "official",
    "financier",
)
PAYMENT_KINDS = ("ransom", "debt", "fine", "recruitment_fee", "transfer_price", "salary")
# How a held person left a compound (`compounds: - {..., left: escaped}` in a debrief).
EXITS = ("escaped", "released", "rescued", "ransomed", "transferred", "deported")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
_TRUE = {"true", "yes", "y", "1", "x"}
_FALSE = {"false", "no", "n", "0", ""}


class Problems:
    """The problems found in one file, each with its location (line or row)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []

    def add(
        self,
        reason: str,
        line: int | None = None,
        field: str | None = None,
        file: str | None = None,
    ) -> None:
        self.items.append(Problem(reason, file or self.file, line, field))

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)


def text(value: Any) -> str | None:
    """A cell or YAML value as stripped text; empty becomes None."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    out = str(value).strip()
    return out or None


def parse_date(value: Any) -> str | None:
    """ISO date (``2024-05-14``), or a partial one (``2024``, ``2024-05``); None if empty."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raw = str(value).strip()
    if _PARTIAL_DATE.match(raw):
        month = _PARTIAL_DATE.match(raw).group(2)
        if month is None or 1 <= int(month) <= 12:
            return raw
    try:
        return dt.date.fromisoformat(raw[:10] if "T" in raw else raw).isoformat()
    except ValueError:
        raise ValueError(f"date {raw!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)") from None


def parse_number(value: Any, what: str = "number") -> int | float | None:
    """An int or float from a cell (``9,000`` allowed); None if empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{what} {value!r} is not a number")
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() else value
    raw = str(value).strip().replace(",", "").replace("_", "")
    try:
        number = float(raw)
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a number") from None
    return int(number) if number.is_integer() else number


def parse_bool(value: Any) -> bool | None:
    """true/false, yes/no, 1/0 (empty is None)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    raw = str(value).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return None if raw == "" else False
    raise ValueError(f"{value!r} is not true/false")


def parse_list(value: Any) -> list[str]:
    """A YAML list, or a cell with items separated by ``;``."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(";")
    return [t for t in (text(v) for v in items) if t]


def parse_roles(value: Any) -> tuple[list[str], list[str]]:
    """(known roles, unknown ones): an unknown role is reported, the known ones kept."""
    roles = [r.lower().replace(" ", "_") for r in parse_list(value)]
    known = [r for r in dict.fromkeys(roles) if r in ROLES]
    return known, [r for r in roles if r not in ROLES]


def parse_phone(raw: Any, region: str | None) -> str:
    """E.164 of a phone number written in ``region``'s local format or internationally."""
    e164 = normalize_phone(str(raw), region) if text(raw) else None
    if e164 is None:
        where = f" (default region {region})" if region else " (no default region)"
        raise ValueError(f"phone {raw!r} is not a phone number{where}")
    return e164


def parse_account(platform: Any, handle: Any, region: str | None = None) -> tuple[str, str, str]:
    """(``platform:handle`` key, platform, handle) of an account; ValueError says why not."""
    canonical = normalize_platform(str(platform or ""))
    if canonical is None:
        raise ValueError(f"unknown platform {platform!r}; known: {', '.join(PLATFORMS)}")
    value = normalize_handle(canonical, str(handle or ""), region)
    if value is None:
        raise ValueError(f"{handle!r} is not a valid {canonical} handle")
    return f"{canonical}:{value}", canonical, value


def parse_wallet(address: Any, chain: Any = None) -> Wallet:
    """A wallet on its chain (``valid`` False when only the checksum fails)."""
    wallet = normalize_wallet(str(address or ""), text(chain))
    if wallet is None:
        on = f" on chain {chain!r}" if chain else ""
        raise ValueError(f"{address!r} is not a wallet address{on} (chains: {', '.join(CHAINS)})")
    return wallet

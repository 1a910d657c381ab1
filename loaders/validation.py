"""Validation: collect every problem of a file with its location, and parse field values.

A loader never stops at the first bad value: each problem is recorded with the file,
the line or row, the field and the reason, the item it concerns is left out, and the
rest of the file loads. Parsers raise ``ValueError`` with a reason a user can act on.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator
from typing import Any

from casegraph.core.errors import Problem
from casegraph.core.identifiers import (
    CHAINS,
    PHONE_PLATFORMS,
    PLATFORMS,
    Wallet,
    identifier_keys,
    normalize_handle,
    normalize_phone,
    normalize_wallet,
)
from casegraph.loaders import limits
from casegraph.loaders.vocabulary import OTHER, flag, lookup, split_roles, term, vocabulary
from casegraph.loaders.vocabulary import platform as known_platform
from casegraph.resolution.normalize import normalize_date

__all__ = [
    "EXITS",
    "PAYMENT_KINDS",
    "ROLES",
    "Problems",
    "parse_account",
    "parse_bool",
    "date_order",
    "slashed_date",
    "split_phones",
    "parse_date",
    "parse_list",
    "parse_number",
    "parse_phone",
    "parse_roles",
    "parse_wallet",
    "text",
]

ROLES = tuple(dict.fromkeys(vocabulary("roles").values()))
PAYMENT_KINDS = tuple(dict.fromkeys(vocabulary("payment_kinds").values()))
# How a held person left a compound (`compounds: - {..., left: escaped}` in a debrief).
EXITS = ("escaped", "released", "rescued", "ransomed", "transferred", "deported")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2}))?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$")
_MY = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
# The time a logged date carries ("15.03.2024 14:30", "2024/03/15 2:05 PM"): not kept.
_TIME = re.compile(
    r"(?:[ T]|,\s*)\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT))?$"
)


def _day_of(value: str) -> str:
    """``value`` without the time of day a log writes after the date."""
    raw = value.strip()
    day = _TIME.sub("", raw)
    return day if day and any(c.isdigit() for c in day) else raw


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


def date_order(value: Any) -> str | None:
    """What one written date proves about the order: "day" (``23/04/2024``), "month"
    (``04/23/2024``), or None (ISO, a cell that is a date, or ``03/04/2024``)."""
    match = _DMY.match(_day_of(value)) if isinstance(value, str) else None
    if match is None:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    return "day" if first > 12 >= second else "month" if second > 12 >= first else None


def slashed_date(value: Any) -> bool:
    """True for a date written ``dd/mm/yyyy`` or ``mm/dd/yyyy`` (with / . or -)."""
    return isinstance(value, str) and _DMY.match(_day_of(value)) is not None


def parse_date(value: Any, dayfirst: bool | None = None) -> str | None:
    """ISO date (``2024-05-14``), partial (``2024``, ``2024-05``, ``05/2024``), or
    ``dd/mm/yyyy`` / ``mm/dd/yyyy`` as the file's convention says (``dayfirst``; None:
    only a date whose order shows, ``23/04/2024``, is read). None if empty."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raw = _day_of(str(value))
    partial = _PARTIAL_DATE.match(raw) or _MY.match(raw)
    if partial:
        year, month = (
            (partial.group(1), partial.group(2))
            if _PARTIAL_DATE.match(raw)
            else (partial.group(2), partial.group(1))
        )
        if month is None:
            return year
        if 1 <= int(month) <= 12:
            return f"{year}-{int(month):02d}"
    written = _DMY.match(raw) or _YMD.match(raw)
    if written:
        return _calendar(raw, written, dayfirst)
    # "2 March 2025", "Dec 1969", "circa 1969": a month's name leaves no order to infer
    named = normalize_date(raw) if any(c.isalpha() for c in raw) else ""
    if named:
        return named
    try:
        return dt.date.fromisoformat(raw[:10] if "T" in raw else raw).isoformat()
    except ValueError:
        raise ValueError(
            f"date {raw!r} is not a date (YYYY-MM-DD, DD/MM/YYYY, 2 March 2025, Dec 1969,"
            " YYYY-MM or YYYY)"
        ) from None


def _calendar(raw: str, match: re.Match, dayfirst: bool | None) -> str:
    """The ISO date of a ``d/m/y``, ``m/d/y`` or ``y/m/d`` match; ValueError if none."""
    if match.re is _YMD:
        year, month, day = (int(g) for g in match.groups())
    else:
        first, second, year = (int(g) for g in match.groups())
        year += 2000 if year < 100 else 0
        order = date_order(raw)
        if order is None and dayfirst is None and first != second:
            raise ValueError(
                f"date {raw!r} could be day/month or month/day; nothing in the file "
                "proves which (give --dayfirst or --monthfirst)"
            )
        day_first = order == "day" if order else dayfirst is not False
        day, month = (first, second) if day_first else (second, first)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"date {raw!r} is not a calendar date") from None


def parse_number(value: Any, what: str = "number") -> int | float | None:
    """An int or float from a cell (``9,000`` allowed); None if empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{what} {value!r} is not a number")
    if isinstance(value, int | float):
        problem = value_problem(value)
        if problem:
            raise ValueError(f"{what} {problem}")
        return int(value) if float(value).is_integer() else value
    raw = str(value).strip().replace(",", "").replace("_", "")
    try:
        number = int(raw) if raw.lstrip("+-").isdigit() else float(raw)
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a number") from None
    problem = value_problem(number)
    if problem:
        raise ValueError(f"{what} {problem}")
    return int(number) if float(number).is_integer() else number


def parse_bool(value: Any) -> bool | None:
    """yes / no / unknown in the ways field offices write them (unknown and empty: None)."""
    return flag(value)


def parse_list(value: Any) -> list[str]:
    """A YAML list, or a cell with items separated by ``;``."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(";")
    return [t for t in (text(v) for v in items) if t]


_PHONE_BREAK = re.compile(r"\s*(?:[;,/|\n]|\s(?:or|and|&)\s)\s*", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


def split_phones(value: Any) -> list[str]:
    """The numbers of a cell that holds several ("0912 555 123 / +251 913 555 456",
    "081 555 0199; 089 555 0200", "... or ..."): split where every part is still a
    whole number (seven digits or more). "0912 555 123/9" stays as written, so the
    parser reports it rather than a stray "9" being read."""
    found = []
    for item in parse_list(value):
        parts = [p for p in _PHONE_BREAK.split(item) if p.strip()]
        whole = len(parts) > 1 and all(len(_DIGIT.findall(p)) >= 7 for p in parts)
        found += parts if whole else [item]
    return found


def parse_roles(value: Any) -> tuple[list[str], list[str]]:
    """(roles, the ones not known): ``"victim / recruiter"`` is two roles, ``Broker`` is a
    recruiter, and an unknown role is kept as ``other:<role>`` for the caller to report."""
    roles, unknown = [], []
    for written in split_roles(value):
        known = lookup("roles", written)
        if known is None:
            unknown.append(written)
        roles.append(known or f"{OTHER}{term(written)}")
    return list(dict.fromkeys(roles)), unknown


def _one_number_in(written: str, region: str | None) -> str | None:
    """The one number of a cell that has words around it ("0912 555 123 (WhatsApp)",
    "+251913555456 / Viber", "Tel: ..."), when every digit of the cell is the number's:
    "0712 345 678/9" is no number, not 0712 345 678."""
    import phonenumbers

    leniency = phonenumbers.Leniency.POSSIBLE
    found = list(phonenumbers.PhoneNumberMatcher(written, region or "ZZ", leniency=leniency))
    if len(found) != 1:
        return None
    rest = written[: found[0].start] + written[found[0].end :]
    return None if any(c.isdigit() for c in rest) else normalize_phone(found[0].raw_string, region)


def parse_phone(raw: Any, region: str | None) -> str:
    """E.164 of a phone number written in ``region``'s local format or internationally."""
    if not text(raw):
        raise ValueError("no phone number given")
    e164 = normalize_phone(str(raw), region) or _one_number_in(str(raw), region)
    if e164 is None:
        where = (
            f" (read as {region}'s)"
            if region
            else " (no country says whose national number it is: give the row's or note's"
            " country, or write it with its country code)"
        )
        raise ValueError(f"phone {raw!r} is not a phone number{where}")
    return e164


def _self_named_account(handle: str, region: str | None) -> tuple[str, str, str]:
    """The account a handle written without its platform names by itself (a t.me or
    facebook.com link, an email address, ``telegram:name``); a bare ``@name`` does not."""
    keys = [k for k in identifier_keys(handle, region) if k.label == "Account"]
    if len(keys) == 1 and not keys[0].handle_only:
        platform, value = keys[0].key.split(":", 1)
        return keys[0].key, platform, value
    raise ValueError(
        f"handle {handle!r} names no platform: give a platform column, or name the column"
        " after the app (Telegram, Line ID)"
    )


def parse_account(
    platform: Any,
    handle: Any,
    region: str | None = None,
    open_platform: bool = False,
    phone: Any = None,
) -> tuple[str, str, str]:
    """(``platform:handle`` key, platform, handle) of an account; ValueError says why not.

    With ``open_platform``, a platform casegraph does not know is kept as
    ``other:<platform>`` (the handle case-folded, ``@`` stripped) for the caller to note.
    ``phone`` is the row's number: on a platform whose accounts are phone numbers
    (WhatsApp, Signal...) a row that gives the platform and no handle means that number.
    """
    canonical = known_platform(platform)
    if not text(handle) and canonical in PHONE_PLATFORMS and text(phone):
        handle = phone
    if canonical and not text(handle):
        raise ValueError(f"{canonical} is given without a handle")
    if canonical is None and open_platform and text(platform) and text(handle):
        other, value = f"{OTHER}{term(platform)}", str(handle).strip().lstrip("@").lower()
        return f"{other}:{value}", other, value
    if canonical is None and not text(platform) and text(handle):
        return _self_named_account(str(handle), region)
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


# Characters refused in any structured value: C0 controls but tab, newline and carriage
# return, DEL, C1 controls, and the bidirectional overrides and isolates that make a
# name or number display as something else. NUL also broke the store's parameters.
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_INT = 2**63 - 1  # both stores keep integers as signed 64 bits


def value_problem(value: Any) -> str | None:
    """Why one input value cannot be stored as it is, or None when it can.

    NaN and infinity, integers beyond 64 bits (a store clamps or refuses them), control
    characters and direction overrides are refused where the value is read, so the row
    or field is reported with its location instead of failing in, or being changed by,
    the store.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} is not a number (NaN or infinity)"
    if isinstance(value, int) and not -MAX_INT - 1 <= value <= MAX_INT:
        return f"{value} is out of range (whole numbers are kept to 64 bits: {MAX_INT:,})"
    if isinstance(value, str):
        bad = BAD_CHARS.search(value)
        if bad:
            return (
                f"holds the control or direction-override character U+{ord(bad.group()):04X}"
                f" at character {bad.start() + 1}, which can hide or disguise text"
            )
        if len(value) > limits.current().cell_chars:
            return limits.over("cell_chars", len(value), "characters in one value")
    return None


def scrub(data: Any, path: str = "", line: int = 0) -> Iterator[tuple[int, str, str]]:
    """Every bad value of parsed YAML/JSON as (line, field path, reason), each replaced by
    None in place: the field is reported and left out, the rest of the document loads.
    A top-level ``narrative`` is checked by the narrative's own rules, not here."""
    items: Iterable[tuple[Any, Any]]
    if isinstance(data, dict):
        items = [(k, k) for k in data if not (path == "" and k == "narrative")]
    elif isinstance(data, list):
        items = [(i, i) for i in range(len(data))]
    else:
        return
    for key, shown in items:
        where = (
            f"{path}[{shown}]"
            if isinstance(data, list)
            else f"{path}.{shown}"
            if path
            else str(shown)
        )
        at = data.line_of(key) if hasattr(data, "line_of") else line
        value = data[key]
        if isinstance(value, dict | list):
            yield from scrub(value, where, at)
            continue
        reason = value_problem(value)
        if reason:
            data[key] = None
            yield at, where, reason


def parse_amount(value: Any, what: str = "amount") -> int | float | None:
    """A money amount: a number that is not negative (a debt is written as a payment
    from the debtor, not as a negative amount); None if empty."""
    number = parse_number(value, what)
    if number is not None and number < 0:
        raise ValueError(f"{what} {value!r} is negative; write who paid whom instead")
    return number

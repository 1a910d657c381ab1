"""Invented phones, handles and wallets that look real and pass format checks.

Convention that marks every phone number as fictional: its national significant number
is a real mobile prefix of the country followed by ``555`` (Kenya ``0712 555 014``,
Thailand ``081 555 0123``). libphonenumber accepts them as valid mobile numbers, so
loaders normalize them like real ones. Wallets are derived from seeded random bytes:
well-formed TRON base58check and EIP-55 Ethereum addresses that nobody holds a key to.
"""

from __future__ import annotations

import hashlib
import random
from functools import cache

import base58
import phonenumbers

# The checksum spelling rule lives with the normalizer that checks it.
from casegraph.core.identifiers import eip55_checksum

__all__ = [
    "FICTIONAL_MARK",
    "GLOBAL_STYLES",
    "MOBILE_PREFIXES",
    "PHONE_STYLES",
    "eth_address",
    "format_phone",
    "handle_from_name",
    "make_phone",
    "tron_address",
    "wide_prefixes",
]

FICTIONAL_MARK = "555"

# Mobile prefixes of the national significant number, and its length, per region.
MOBILE_PREFIXES: dict[str, tuple[tuple[str, ...], int]] = {
    "KE": (("710", "712", "722", "733", "740"), 9),
    "UG": (("772", "701", "752", "782"), 9),
    "ET": (("911", "912", "913"), 9),
    "ID": (("812", "813", "821", "852"), 11),
    "IN": (("98", "97", "87", "70"), 10),
    "NP": (("984", "985", "980"), 10),
    "PH": (("917", "918", "927", "945"), 10),
    "VN": (("90", "91", "98", "70"), 9),
    "CN": (("138", "139", "186", "150"), 11),
    "TH": (("81", "86", "92", "95"), 9),
    "MM": (("94", "97", "96"), 10),
    "KH": (("96", "97", "88", "15"), 9),
    "LA": (("20",), 10),
    "AE": (("50", "52", "55"), 9),
}

# Formats a phone may be written in: as the officer heard it, not as a database keeps it.
PHONE_STYLES = ("e164", "international", "national", "digits", "dashed")
# Styles readable without knowing the country the number belongs to.
GLOBAL_STYLES = ("e164", "international")


def make_phone(rng: random.Random, region: str, wide: bool = False) -> str:
    """A valid fictional mobile number of ``region`` in E.164; ``wide`` draws it from
    every mobile prefix of the country (:func:`wide_prefixes`), not only the few listed."""
    prefixes, length = MOBILE_PREFIXES[region]
    if wide:
        prefixes = wide_prefixes(region)
    code = phonenumbers.country_code_for_region(region)
    while True:
        prefix = rng.choice(prefixes)
        rest = length - len(prefix) - len(FICTIONAL_MARK)
        nsn = prefix + FICTIONAL_MARK + "".join(rng.choice("0123456789") for _ in range(rest))
        e164 = _valid_e164(f"+{code}{nsn}")
        if e164:
            return e164


@cache
def wide_prefixes(region: str) -> tuple[str, ...]:
    """Every prefix as long as the listed ones of ``region``, starting with the same digit
    as one of them, that libphonenumber takes for a mobile range once followed by the
    fictional mark: a hundred times the room of the listed few (Kenya's 5,000 numbers
    become 100,000), for when a million generated people have used those up."""
    listed, length = MOBILE_PREFIXES[region]
    code = phonenumbers.country_code_for_region(region)
    found = []
    for width in sorted({len(p) for p in listed}):
        for lead in sorted({p[0] for p in listed if len(p) == width}):
            for rest in range(10 ** (width - 1)):
                prefix = lead + str(rest).zfill(width - 1)
                tail = length - width - len(FICTIONAL_MARK)
                if all(_mobile(f"+{code}{prefix}{FICTIONAL_MARK}{digit * tail}") for digit in "09"):
                    found.append(prefix)
    return tuple(found)


def _mobile(text: str) -> bool:
    number = phonenumbers.parse(text)
    return phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


@cache
def _valid_e164(text: str) -> str | None:
    """``text`` in E.164 if libphonenumber calls it valid (cached: a country's fictional
    range holds a few thousand numbers, drawn again and again for a million records)."""
    number = phonenumbers.parse(text)
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@cache
def format_phone(e164: str, style: str) -> str:
    """Write ``e164`` in one of :data:`PHONE_STYLES` (cached: numbers recur)."""
    number = phonenumbers.parse(e164)
    if style == "e164":
        return e164
    if style == "international":
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if style == "national":
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if style == "digits":
        return e164.lstrip("+")
    if style == "dashed":
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        return "-".join(national.replace("-", " ").split())
    raise ValueError(f"unknown phone style {style!r}")


def tron_address(rng: random.Random) -> str:
    """A well-formed TRON address (base58check of 0x41 + 20 random bytes)."""
    payload = bytes([0x41]) + rng.randbytes(20)
    checksum = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return base58.b58encode(payload + checksum).decode("ascii")


def eth_address(rng: random.Random) -> str:
    """A well-formed Ethereum address from 20 random bytes, spelled with its EIP-55 checksum."""
    return eip55_checksum(rng.randbytes(20).hex())


def handle_from_name(rng: random.Random, *parts: str) -> str:
    """A Telegram-style handle (letters, digits, underscores; 5 to 32 characters)."""
    words = ["".join(ch for ch in p.lower() if ch.isascii() and ch.isalnum()) for p in parts]
    words = [w for w in words if w] or ["user"]
    stem = rng.choice(["_".join(words), "".join(words), words[0] + "_" + rng.choice(JOB_WORDS)])
    handle = f"{stem}{rng.randint(1, 999)}" if rng.random() < 0.6 else stem
    if not handle[0].isalpha():
        handle = "x" + handle
    return (handle + "_jobs")[:32] if len(handle) < 5 else handle[:32]


JOB_WORDS = ("jobs", "hr", "career", "recruit", "asia", "visa", "work", "agent")

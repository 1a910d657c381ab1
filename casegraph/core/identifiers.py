"""Normalizers for hard identifiers: phone numbers, platform handles and crypto wallets.

These values are the natural keys of Phone, Account and Wallet nodes and the strongest
evidence entity resolution has, so the loaders, the text miner and the resolver must all
turn "0712 345 678", "+254712345678" and "254-712-345-678" into the same string. One
module owns those rules so that the keys agree everywhere.

Limits: Bitcoin support is mainnet only (legacy, P2SH, bech32 and bech32m); EVM chains
other than Ethereum are not told apart (an address is the same key on all of them).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import base58
import bech32
import phonenumbers
from Crypto.Hash import keccak
from email_validator import EmailNotValidError, validate_email

__all__ = [
    "CHAINS",
    "PLATFORMS",
    "IdentifierKey",
    "Wallet",
    "account_key",
    "document_number",
    "eip55_checksum",
    "identifier_keys",
    "normalize_chain",
    "normalize_handle",
    "normalize_phone",
    "normalize_platform",
    "normalize_wallet",
    "phone_country",
    "wallet_key",
]

# ---------------------------------------------------------------- phones


def _region(default_region: str | None) -> str | None:
    return default_region.strip().upper() if default_region and default_region.strip() else None


def normalize_phone(raw: str, default_region: str | None = None) -> str | None:
    """Return ``raw`` in E.164 form, or None when it is not a possible phone number.

    ``default_region`` (ISO 3166 alpha-2, usually the debrief's country) resolves numbers
    written in local format. Numbers that are possible but not valid (unassigned ranges,
    typical of invented or burner numbers) are kept: an investigator still wants to link
    them. A bare digit string that is a valid number once prefixed with ``+`` is
    accepted, with or without a region, because spreadsheets routinely drop the plus
    sign; ``00`` in front is the international prefix.
    """
    if not raw or not str(raw).strip():
        return None
    text = str(raw).strip()
    fast = _valid_e164_as_written(text)
    if fast:
        return fast
    region = _region(default_region)
    fast = _valid_national_as_written(text, region) if region else None
    if fast:
        return fast
    # As written (national numbers need the region), then "00" read as the international
    # prefix most of the world dials, then with a "+" in front: field spreadsheets drop
    # it from international numbers ("66812345678").
    candidates = [text]
    if text.startswith("00"):
        candidates.append("+" + text[2:])
    if not text.startswith("+"):
        candidates.append("+" + text)
    parsed = []
    for candidate in candidates:
        try:
            parsed.append((candidate, phonenumbers.parse(candidate, region)))
        except phonenumbers.NumberParseException:
            continue
    # A valid number first; a guessed "+" must give a valid one, as written a possible one
    # is enough (invented and burner numbers are often in unassigned ranges).
    for _, number in parsed:
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    for candidate, number in parsed:
        as_written = candidate is text and (region is not None or text.startswith("+"))
        if as_written and _whole_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def _whole_number(number: phonenumbers.PhoneNumber) -> bool:
    """A number not valid but of a length a mobile or landline of its country has: an
    invented or burner number. The country's lengths in general are not enough: they
    took a fragment ("0912 555", a local-only length) or a number with a digit glued on
    ("0712 345 678/9") for a number, and wrote it as one nobody gave."""
    possible = phonenumbers.is_possible_number_with_reason(number)
    return possible == phonenumbers.ValidationResult.IS_POSSIBLE and any(
        phonenumbers.is_possible_number_for_type(number, kind)
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
    )


def _valid_e164_as_written(text: str) -> str | None:
    """``text`` itself when it is already a valid number in E.164 ("+" and digits), else
    None. What ``phonenumbers.parse`` would do, without its general machinery (most of
    the cost of a million records' phones): split off the country calling code, and
    leave to ``parse`` any number whose national part starts with a zero or with a
    prefix ``parse`` might strip (a trunk prefix, a carrier code)."""
    digits = text[1:]
    if not (text.startswith("+") and digits.isascii() and digits.isdigit()) or digits[0] == "0":
        return None
    for size in range(1, 4):
        country = int(digits[:size])
        if country in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            break
    else:
        return None
    national = digits[size:]
    if not 2 <= len(national) <= 17 or national[0] == "0":
        return None
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
        country, phonenumbers.region_code_for_country_code(country)
    )
    strip = metadata.national_prefix_for_parsing if metadata else None
    if strip and _prefix_pattern(strip).match(national):
        return None
    number = phonenumbers.PhoneNumber(country_code=country, national_number=int(national))
    return text if phonenumbers.is_valid_number(number) else None


def _valid_national_as_written(text: str, region: str) -> str | None:
    """A valid number written in ``region``'s national format ("0712555014" in Kenya) in
    E.164, else None: what ``phonenumbers.parse`` would give, without its general
    machinery, where it would only strip the trunk prefix. Anything else (a prefix that
    might be an international one, the country code written out, a prefix rewritten by
    a rule, a region sharing its code with a larger one) is left to ``parse``."""
    if not (text.isascii() and text.isdigit()):
        return None
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.national_prefix_transform_rule:
        return None
    country = metadata.country_code
    if phonenumbers.region_code_for_country_code(country) != region:
        return None
    idd, trunk = metadata.international_prefix, metadata.national_prefix_for_parsing
    if not trunk or text.startswith(str(country)):
        return None
    if idd and _prefix_pattern(idd).match(text):
        return None
    found = _prefix_pattern(trunk).match(text)
    national = text[found.end() :] if found and found.end() else ""
    if not national or national[0] == "0":
        return None
    number = phonenumbers.PhoneNumber(country_code=country, national_number=int(national))
    if not phonenumbers.is_valid_number(number):
        return None
    possible = phonenumbers.is_possible_number_with_reason(number)
    return (
        f"+{country}{national}" if possible == phonenumbers.ValidationResult.IS_POSSIBLE else None
    )


@lru_cache(maxsize=512)
def _prefix_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def phone_country(e164: str) -> str | None:
    """ISO 3166 alpha-2 country of an E.164 number, or None for non-geographic ones."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    region = phonenumbers.region_code_for_number(number)
    return region if region and region.isalpha() and region != "ZZ" else None


# ---------------------------------------------------------------- platform handles

PLATFORMS: tuple[str, ...] = (
    "telegram",
    "wechat",
    "whatsapp",
    "line",
    "facebook",
    "tiktok",
    "instagram",
    "linkedin",
    "email",
    "signal",
    "messenger",
    "viber",
    "zalo",
    "kakaotalk",
    "snapchat",
    "imo",
    "skype",
)

_PLATFORM_ALIASES = {
    "tg": "telegram",
    "weixin": "wechat",
    "wa": "whatsapp",
    "fb": "facebook",
    "ig": "instagram",
    "insta": "instagram",
    "e-mail": "email",
    "mail": "email",
    "fb messenger": "messenger",
    "facebook messenger": "messenger",
}

# Profile URL prefixes per platform; the handle is the first path segment after them.
_URL_PREFIX = {
    "telegram": r"(?:t\.me|telegram\.me|telegram\.dog)/(?:s/)?",
    "whatsapp": r"(?:wa\.me|api\.whatsapp\.com/send\?phone=)/?",
    "line": r"line\.me/(?:ti/p/|R/ti/p/)?~?",
    "facebook": r"(?:[a-z]+\.)?(?:facebook\.com|fb\.com)/(?:people/[^/]+/)?",
    "messenger": r"(?:m\.me|(?:www\.)?messenger\.com/t)/",
    "tiktok": r"(?:[a-z]+\.)?tiktok\.com/",
    "instagram": r"(?:[a-z]+\.)?instagram\.com/",
    "linkedin": r"(?:[a-z]+\.)?linkedin\.com/in/",
}

_HANDLE_RULES = {
    "telegram": re.compile(r"[a-z][a-z0-9_]{4,31}"),
    "wechat": re.compile(r"[a-z][a-z0-9_-]{5,19}"),
    "line": re.compile(r"[a-z0-9._-]{4,20}"),
    "facebook": re.compile(r"[a-z0-9]{5,50}|\d{5,20}"),
    "messenger": re.compile(r"[a-z0-9]{5,50}|\d{5,20}"),
    "tiktok": re.compile(r"[a-z0-9_.]{2,24}"),
    "instagram": re.compile(r"[a-z0-9_.]{1,30}"),
    "linkedin": re.compile(r"[a-z0-9][a-z0-9-]{2,99}"),
    "signal": re.compile(r"[a-z_][a-z0-9_]{2,31}\.\d{2,9}"),
    "viber": re.compile(r"[a-z0-9._-]{3,30}"),
    "zalo": re.compile(r"[a-z0-9._-]{3,30}"),
    "kakaotalk": re.compile(r"[a-z0-9._-]{4,20}"),
    "snapchat": re.compile(r"[a-z][a-z0-9._-]{2,14}"),
    "imo": re.compile(r"[a-z0-9._-]{3,30}"),
    "skype": re.compile(r"(?:live:)?[a-z][a-z0-9._,-]{5,31}"),
}

# First path segments that are site sections, not profiles ("facebook.com/groups/...").
_RESERVED_PATHS = {
    "facebook": {"groups", "pages", "events", "watch", "marketplace", "share", "sharer", "photo"},
    "instagram": {"p", "reel", "reels", "stories", "explore", "tv"},
}

# Platforms whose handle may be (WhatsApp: always is) a phone number. Line IDs may be
# all digits, so Line is not among them.
PHONE_PLATFORMS = frozenset({"whatsapp", "signal", "wechat", "viber", "zalo", "imo"})


def normalize_platform(name: str) -> str | None:
    """Canonical platform name for ``name`` ("TG", "Weixin", "E-mail"...), else None."""
    key = " ".join(str(name or "").strip().lower().split())
    key = _PLATFORM_ALIASES.get(key, key)
    return key if key in PLATFORMS else None


def _strip_url(platform: str, handle: str) -> str:
    """Reduce a profile URL to its handle segment; plain handles pass through."""
    prefix = _URL_PREFIX.get(platform)
    if prefix is None:
        return handle
    match = re.match(rf"(?:https?://)?(?:www\.)?{prefix}(?P<rest>.*)$", handle, re.IGNORECASE)
    if match is None:
        return handle
    rest = match.group("rest")
    facebook_id = re.match(r"profile\.php\?id=(\d+)", rest)
    if facebook_id:
        return facebook_id.group(1)
    return re.split(r"[/?#&]", rest, maxsplit=1)[0]


def normalize_handle(platform: str, handle: str, default_region: str | None = None) -> str | None:
    """Canonical handle on ``platform``, or None if it breaks that platform's rules.

    Case is folded (all these platforms treat handles case-insensitively), leading ``@``
    and profile URLs are stripped, Facebook's ignored periods are dropped, emails are
    validated and lowercased, and phone-number handles (always for WhatsApp, sometimes
    for Signal and WeChat) become E.164 using ``default_region``.
    """
    canonical = normalize_platform(platform)
    if canonical is None or not handle or not str(handle).strip():
        return None
    text = _strip_url(canonical, str(handle).strip())
    if canonical == "email":
        try:
            return validate_email(text, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            return None
    if canonical in PHONE_PLATFORMS and re.fullmatch(r"\+?[\d\s().-]{6,}", text):
        return normalize_phone(text, default_region)
    if canonical == "whatsapp":
        return None
    text = text.lstrip("@").lower()
    if text in _RESERVED_PATHS.get(canonical, ()):
        return None
    if canonical in ("facebook", "messenger"):
        text = text.replace(".", "")
    rule = _HANDLE_RULES[canonical]
    return text if rule.fullmatch(text) else None


def account_key(platform: str, handle: str, default_region: str | None = None) -> str | None:
    """The Account natural key ``"platform:handle"``, or None if either part is invalid."""
    canonical = normalize_platform(platform)
    value = normalize_handle(platform, handle, default_region) if canonical else None
    return f"{canonical}:{value}" if value else None


# ---------------------------------------------------------------- wallets

CHAINS: tuple[str, ...] = ("tron", "ethereum", "bitcoin")

_CHAIN_ALIASES = {
    "trx": "tron",
    "trc20": "tron",
    "trc-20": "tron",
    "usdt trc20": "tron",
    "usdt-trc20": "tron",
    "eth": "ethereum",
    "erc20": "ethereum",
    "erc-20": "ethereum",
    "usdt erc20": "ethereum",
    "usdt-erc20": "ethereum",
    "btc": "bitcoin",
    "xbt": "bitcoin",
}

_B58 = "1-9A-HJ-NP-Za-km-z"
_SHAPES = {
    "tron": re.compile(rf"T[{_B58}]{{32,34}}"),
    "ethereum": re.compile(r"0x[0-9a-fA-F]{40}"),
    "bitcoin": re.compile(rf"[13][{_B58}]{{24,33}}|(?i:bc1[02-9ac-hj-np-z]{{8,87}})"),
}
_BASE58_VERSIONS = {"tron": {0x41}, "bitcoin": {0x00, 0x05}}
_BECH32M_CONST = 0x2BC830A3


@dataclass(frozen=True)
class Wallet:
    """A crypto address on a chain; ``valid`` is False when its checksum fails."""

    chain: str
    address: str
    valid: bool


def normalize_chain(name: str) -> str | None:
    """Canonical chain name for ``name`` ("TRC20", "ETH", "btc"...), else None."""
    key = " ".join(str(name or "").strip().lower().split())
    key = _CHAIN_ALIASES.get(key, key)
    return key if key in CHAINS else None


def _base58check_ok(address: str, versions: set[int]) -> bool:
    try:
        raw = base58.b58decode(address)
    except ValueError:
        return False
    payload, checksum = raw[:-4], raw[-4:]
    digest = hashlib.sha256(hashlib.sha256(payload).digest()).digest()
    return len(raw) == 25 and raw[0] in versions and digest[:4] == checksum


def eip55_checksum(hex40: str) -> str:
    """The EIP-55 mixed-case checksum spelling of a lowercase 40-hex-digit address."""
    digest = keccak.new(digest_bits=256, data=hex40.encode("ascii")).hexdigest()[:40]
    pairs = zip(hex40, digest, strict=True)
    return "0x" + "".join(c.upper() if int(h, 16) >= 8 else c for c, h in pairs)


def _bech32_ok(address: str) -> bool:
    """Segwit address check: bech32 for version 0, bech32m (BIP 350) for later versions."""
    if address != address.lower() and address != address.upper():
        return False
    address = address.lower()
    hrp, _, data_part = address.rpartition("1")
    data = [bech32.CHARSET.find(c) for c in data_part]
    if hrp != "bc" or len(data) < 7 or -1 in data:
        return False
    const = bech32.bech32_polymod(bech32.bech32_hrp_expand(hrp) + data)
    version, program = data[0], bech32.convertbits(data[1:-6], 5, 8, False)
    if program is None or version > 16 or not 2 <= len(program) <= 40:
        return False
    if version == 0:
        return const == 1 and len(program) in (20, 32)
    return const == _BECH32M_CONST


def _detect_chain(address: str) -> str | None:
    for chain, shape in _SHAPES.items():
        if shape.fullmatch(address):
            return chain
    return None


def normalize_wallet(address: str, chain: str | None = None) -> Wallet | None:
    """Parse a wallet address, detecting its chain when ``chain`` is not given.

    A string with the shape of an address whose checksum fails is kept with
    ``valid=False`` (a mistyped wallet is still a lead, flagged); a string that is no
    address of the chain at all, or an unknown chain, gives None. Ethereum addresses are
    stored lowercase; bech32 addresses lowercase; base58 addresses as written.
    """
    text = str(address or "").strip()
    wanted = normalize_chain(chain) if chain else None
    if chain and wanted is None:
        return None
    detected = _detect_chain(text)
    if detected is None or (wanted and wanted != detected):
        return None
    if detected == "ethereum":
        hex40 = text[2:].lower()
        mixed = text[2:] != hex40 and text[2:] != text[2:].upper()
        return Wallet("ethereum", "0x" + hex40, not mixed or eip55_checksum(hex40) == text)
    if detected == "bitcoin" and text.lower().startswith("bc1"):
        return Wallet("bitcoin", text.lower(), _bech32_ok(text))
    return Wallet(detected, text, _base58check_ok(text, _BASE58_VERSIONS[detected]))


def wallet_key(wallet: Wallet) -> str:
    """The Wallet natural key ``"chain:address"``."""
    return f"{wallet.chain}:{wallet.address}"


# ---------------------------------------------------------------- any identifier


@dataclass(frozen=True)
class IdentifierKey:
    """One reading of a value a user typed: a node label and its natural key.

    ``label`` is "Phone", "Account" or "Wallet"; for an Account typed without its
    platform ("@brayo_jobs") ``key`` is the bare handle and ``handle_only`` is True.
    """

    label: str
    key: str
    handle_only: bool = False


_PLATFORM_PREFIX = re.compile(r"^\s*([A-Za-z][A-Za-z -]{0,20})\s*:\s*(\S.*)$")


def identifier_keys(value: str, default_region: str | None = None) -> list[IdentifierKey]:
    """Every natural key ``value`` may stand for: phone, account, email, wallet, handle.

    One function so that `casegraph lookup`, the query parameters and the watch-list read
    "+254 712 555 301", "telegram:Brayo_Jobs", "t.me/brayo_jobs", "@brayo_jobs",
    "Agent@Mail.com" and a wallet address the same way the loaders wrote them.
    """
    text = str(value or "").strip()
    if not text:
        return []
    keys: list[IdentifierKey] = []
    prefixed = _PLATFORM_PREFIX.match(text)
    if prefixed and normalize_platform(prefixed.group(1)):
        key = account_key(prefixed.group(1), prefixed.group(2), default_region)
        return [IdentifierKey("Account", key)] if key else []
    if prefixed and normalize_chain(prefixed.group(1)):
        wallet = normalize_wallet(prefixed.group(2), prefixed.group(1))
        return [IdentifierKey("Wallet", wallet_key(wallet))] if wallet else []
    for platform, prefix in _URL_PREFIX.items():
        if re.match(rf"(?:https?://)?(?:www\.)?{prefix}", text, re.IGNORECASE):
            key = account_key(platform, text, default_region)
            return [IdentifierKey("Account", key)] if key else []
    if "@" in text.strip("@"):
        key = account_key("email", text)
        return [IdentifierKey("Account", key)] if key else []
    wallet = normalize_wallet(text)
    if wallet:
        return [IdentifierKey("Wallet", wallet_key(wallet))]
    if re.fullmatch(r"\+?[\d\s().-]{6,}", text):
        phone = normalize_phone(text, default_region)
        if phone:
            keys.append(IdentifierKey("Phone", phone))
    handle = text.lstrip("@").lower()
    if re.fullmatch(r"[a-z0-9_.-]{2,100}", handle):
        keys.append(IdentifierKey("Account", handle, handle_only=True))
    return keys


def document_number(raw: object) -> str:
    """A passport, ID card, tax or registration number as stored: spaces, dots, dashes
    and slashes removed, upper case ("ab 123-4567" -> "AB1234567")."""
    return re.sub(r"[\s.\-/]", "", str(raw or "")).upper()

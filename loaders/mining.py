"""Mine a debrief narrative for identifiers, amounts, places and indicator phrases.

Officers record the people and numbers they notice; the narrative holds the rest: the
second phone, the Telegram channel, the wallet the family paid into. Mining it turns
those into the same keys the structured data uses (E.164 phones, ``platform:handle``,
``chain:address``, gazetteer ids), so a number mined in one debrief links to the same
number recorded in another.

Mention kinds and keys:
  phone      E.164 (``extra.country``)              account   ``platform:handle``
  wallet     ``chain:address`` (``extra.valid``)    amount    ``CUR:value`` (``extra``)
  compound / location / country   gazetteer id (ISO2 for countries)
  indicator  rule id (``extra.element``, ``group``, ``label``)
Results are deterministic, sorted by position, one per (kind, key, start). Places,
amounts and indicators inside an identifier (an e-mail, a URL, a wallet) are dropped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import phonenumbers

from casegraph.core.identifiers import (
    account_key,
    normalize_platform,
    normalize_wallet,
    phone_country,
    wallet_key,
)
from casegraph.loaders.gazetteer import Gazetteer, load_gazetteer
from casegraph.loaders.indicators import IndicatorRule, TextIndex, find_indicators

__all__ = ["Mention", "mine_text"]

_IDENTIFIER_KINDS = ("phone", "account", "wallet")


@dataclass(frozen=True)
class Mention:
    """One thing found in a text; ``line`` is 1-based within that text."""

    kind: str
    key: str
    text: str
    start: int
    end: int
    line: int
    excerpt: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


# (start, end, kind, key, extra) before line and excerpt are added
_Found = tuple[int, int, str, str, dict[str, Any]]

# ---------------------------------------------------------------- accounts

_URL = r"(?:https?://)?(?:[\w-]+\.)?"  # optional scheme and www. / m. / vm. subdomain
_URL_TAIL = r"[^\s,;<>()\[\]\"']+"
# "WeChat ID: x", "Line: x", "WhatsApp number is x"
_LABEL = r"(?:\s+(?:ID|number|username)(?:\s*[:：]|\s+is)?|\s*[:：]|\s+is)\s*"
_PHONE_TEXT = r"\(?\+?\d[\d().\- \t]{5,18}\d"
_OPTIONAL_LABEL = rf"(?:{_LABEL}|\s+)"
# an ID after a bare "WeChat" must hold a digit or "_", so "WeChat group" is no ID
_WECHAT_ID = r"[A-Za-z][\w-]{5,19}"
_BARE_WECHAT_ID = r"(?=[A-Za-z-]*[\d_])[A-Za-z][\w-]{5,19}"
_SIGNAL_NAME = r"[A-Za-z_]\w{2,31}\.\d{2,9}"
_TG_LABEL = r"(?:\s+(?:handle|account|username|ID|name))?(?:\s*[:：]|\s+(?:is|was))\s*"
_BARE_TG = r"(?=[A-Za-z]*[\d_])[A-Za-z]\w{4,31}"
# (platform, pattern with a "handle" group); the handle goes through account_key.
_ACCOUNT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (platform, re.compile(pattern, flags))
    for platform, pattern, flags in (
        ("telegram", _URL + r"(?:t|telegram)\.me/(?P<handle>\w{5,32})", re.I),
        # "Telegram handle: x", "whose Telegram was x", "Telegram (x_1)"
        ("telegram", rf"\bTelegram{_TG_LABEL}@?(?P<handle>[A-Za-z]\w{{4,31}})", re.I),
        ("telegram", rf"\bTelegram\s*\(\s*@?(?P<handle>{_BARE_TG})\s*\)", re.I),
        ("whatsapp", _URL + r"wa\.me/(?P<handle>\d{6,15})", re.I),
        ("facebook", _URL + rf"(?:facebook|fb)\.com/(?P<handle>{_URL_TAIL})", re.I),
        ("messenger", _URL + rf"m\.me/(?P<handle>{_URL_TAIL})", re.I),
        ("tiktok", _URL + r"tiktok\.com/@(?P<handle>[\w.]{2,24})", re.I),
        ("instagram", _URL + r"instagram\.com/(?P<handle>[\w.]{1,30})", re.I),
        ("linkedin", _URL + r"linkedin\.com/in/(?P<handle>[\w-]{3,100})", re.I),
        ("wechat", rf"\b(?:WeChat|Weixin){_LABEL}(?P<handle>{_WECHAT_ID}|{_PHONE_TEXT})", re.I),
        ("wechat", rf"\b(?:WeChat|Weixin)\s+(?P<handle>{_BARE_WECHAT_ID})", re.I),
        ("line", rf"\b(?:Line|LINE){_LABEL}@?(?P<handle>[\w.-]{{4,20}})", 0),
        (
            "whatsapp",
            rf"\b(?:[Ww]hats[Aa]pp|WA)(?:\s+(?:number|from|on))?\s*[:：]?\s*(?P<handle>{_PHONE_TEXT})",
            0,
        ),
        ("signal", rf"\bSignal{_LABEL}?(?P<handle>{_PHONE_TEXT}|{_SIGNAL_NAME})", 0),
        ("email", r"(?<![\w.+-])(?P<handle>[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})", 0),
    )
)
_AT_HANDLE = re.compile(r"(?<![\w.@/])@(?P<handle>[A-Za-z][\w.]{1,31}[A-Za-z0-9_])")
_HANDLE_PLATFORM = re.compile(
    r"\b(telegram|tg|tiktok|tik tok|instagram|insta|ig|line|signal|twitter|x\.com|threads)\b",
    re.I,
)


def _at_platform(text: str, start: int, end: int) -> str | None:
    """Platform of an @handle from a nearby platform word; Telegram when none is named."""
    before = list(_HANDLE_PLATFORM.finditer(text, max(0, start - 40), start))
    after = _HANDLE_PLATFORM.search(text, end, min(len(text), end + 15))
    word = before[-1].group(1) if before else after.group(1) if after else "telegram"
    return normalize_platform(word.lower().replace("tik tok", "tiktok"))


def _accounts(text: str, region: str | None) -> Iterator[_Found]:
    for platform, pattern in _ACCOUNT_PATTERNS:
        for match in pattern.finditer(text):
            written = match.group().rstrip(".")
            # profile URLs go whole to the normalizer, which knows each site's paths
            handle = written if "/" in written else match.group("handle").rstrip(".")
            key = account_key(platform, handle, region)
            if key:
                end = match.start() + len(written)
                yield match.start(), end, "account", key, {"platform": platform}
    for match in _AT_HANDLE.finditer(text):
        platform = _at_platform(text, match.start(), match.end())
        key = account_key(platform, match.group("handle"), region) if platform else None
        if key:
            yield match.start(), match.end(), "account", key, {"platform": platform}


# ---------------------------------------------------------------- phones and wallets


def _phones(text: str, region: str | None) -> Iterator[_Found]:
    for match in phonenumbers.PhoneNumberMatcher(text, region):
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        # the matcher keeps an opening bracket whose closing one it left out: "(+66 81..."
        start = match.start + (match.raw_string.startswith("(") and ")" not in match.raw_string)
        yield start, match.end, "phone", e164, {"country": phone_country(e164)}


_B58 = "1-9A-HJ-NP-Za-km-z"
_WALLET = re.compile(
    rf"(?<!\w)(?:0x[0-9a-fA-F]{{40}}|T[{_B58}]{{32,34}}|[13](?=[{_B58}]*[A-Za-z])[{_B58}]{{25,33}}"
    r"|(?i:bc1)[02-9ac-hj-np-zAC-HJ-NP-Z]{8,87})(?!\w)"
)


def _wallets(text: str) -> Iterator[_Found]:
    for match in _WALLET.finditer(text):
        wallet = normalize_wallet(match.group())
        if wallet is not None:
            extra = {"chain": wallet.chain, "valid": wallet.valid}
            yield match.start(), match.end(), "wallet", wallet_key(wallet), extra


# ---------------------------------------------------------------- amounts

# Written currency -> ISO 4217 code (USDT, BTC and ETH by their usual tickers). A few
# spellings depend on the debrief's country: "Rs" and "shillings" mean different money.
_CURRENCIES = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "us dollars": "USD",
    "usdt": "USDT", "tether": "USDT", "btc": "BTC", "bitcoin": "BTC", "eth": "ETH",
    "thb": "THB", "baht": "THB", "฿": "THB", "php": "PHP", "₱": "PHP", "pesos": "PHP",
    "kes": "KES", "ksh": "KES", "shillings": "KES", "myr": "MYR", "rm": "MYR",
    "ringgit": "MYR", "idr": "IDR", "rp": "IDR", "rupiah": "IDR", "inr": "INR", "₹": "INR",
    "rs": "INR", "rupees": "INR", "cny": "CNY", "rmb": "CNY", "yuan": "CNY", "vnd": "VND",
    "dong": "VND", "₫": "VND", "khr": "KHR", "riel": "KHR", "mmk": "MMK", "kyat": "MMK",
    "lak": "LAK", "kip": "LAK", "eur": "EUR", "€": "EUR", "euros": "EUR", "aed": "AED",
    "dirhams": "AED", "bdt": "BDT", "taka": "BDT", "npr": "NPR", "lkr": "LKR",
    "pkr": "PKR", "ugx": "UGX", "etb": "ETB", "birr": "ETB", "uzs": "UZS", "sum": "UZS",
}  # fmt: skip
_REGIONAL = {
    "rs": {"PK": "PKR", "LK": "LKR", "NP": "NPR"},
    "rupees": {"PK": "PKR", "LK": "LKR", "NP": "NPR"},
    "shillings": {"UG": "UGX"},
}
# 25,000 / 1,50,000 (Indian lakh grouping) / 2500 / 2.5
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d+(?:\.\d+)?"
_MULTIPLIER = r"(?:\s?(?:k|K)\b|\s(?:thousand|million|m)\b)"
_PREFIX = (
    r"US\$|\$|฿|₱|₹|€|₫|USDT|USD|THB|PHP|KES|K[Ss]h|MYR|RM|IDR|Rp|INR|Rs\.?|RMB|CNY|VND|EUR|AED"
)
_SUFFIX = (
    r"USDT|USD|US dollars|dollars|[Tt]ether|BTC|ETH|baht|THB|pesos|PHP|shillings|KES|ringgit"
    r"|MYR|rupiah|IDR|rupees|INR|yuan|RMB|CNY|dong|VND|riel|KHR|kyat|MMK|kip|LAK|euros|EUR"
    r"|dirhams|AED|taka|BDT|NPR|LKR|PKR|UGX|birr|ETB|UZS"
)
_RANGE = r"\s?(?:-|–|to)\s?"  # "USD 3,000 to 30,000", "14-1,000 USD": both ends are amounts
_AMOUNT = re.compile(
    rf"(?<![\w$])(?:(?P<pre>{_PREFIX})\s?(?P<a>{_NUMBER})(?P<am>{_MULTIPLIER})?"
    rf"(?:{_RANGE}(?P<b>{_NUMBER})(?P<bm>{_MULTIPLIER})?)?"
    rf"|(?P<c>{_NUMBER})(?P<cm>{_MULTIPLIER})?(?:{_RANGE}(?P<d>{_NUMBER})(?P<dm>{_MULTIPLIER})?)?"
    rf"\s?(?P<suf>{_SUFFIX}))(?!\w)"
)
_MULTIPLIERS = {"k": 1_000, "thousand": 1_000, "million": 1_000_000, "m": 1_000_000}


def _currency(written: str, region: str | None) -> str:
    word = written.lower().rstrip(".")
    return _REGIONAL.get(word, {}).get(region or "", _CURRENCIES[word])


def _amounts(text: str, region: str | None) -> Iterator[_Found]:
    for match in _AMOUNT.finditer(text):
        currency = _currency(match.group("pre") or match.group("suf"), region)
        ends = [g for g in ("a", "b", "c", "d") if match.group(g)]
        for position, group in enumerate(ends):
            multiplier = match.group(group + "m") or ""
            value = float(match.group(group).replace(",", "")) * _MULTIPLIERS.get(
                multiplier.strip().lower(), 1
            )
            # the first end starts with a prefix currency, the last ends with a suffix one
            start = match.start() if position == 0 else match.start(group)
            end = match.end() if position == len(ends) - 1 else match.end(group) + len(multiplier)
            shown = f"{value:f}".rstrip("0").rstrip(".")
            extra = {"amount": value, "currency": currency}
            yield start, end, "amount", f"{currency}:{shown}", extra


# ---------------------------------------------------------------- places and indicators


def _places(text: str, gazetteer: Gazetteer) -> Iterator[_Found]:
    for place, start, end in gazetteer.find_all(text):
        kind = place.kind if place.kind in ("compound", "country") else "location"
        extra = {"name": place.name, "place_kind": place.kind, "country": place.country}
        yield start, end, kind, place.id, extra


def _indicators(text: str, rules: list[IndicatorRule] | None, index: TextIndex) -> Iterator[_Found]:
    for hit in find_indicators(text, rules, index):
        extra = {"element": hit.element, "group": hit.group, "label": hit.label}
        yield hit.start, hit.end, "indicator", hit.rule_id, extra


def _shadowed(kind: str, start: int, end: int, containers: list[tuple[int, int, str]]) -> bool:
    """Whether a mention lies inside an identifier of another kind ("mae.sot@..." is no
    place, digits in a wallet are no phone); a phone inside a WhatsApp account stays."""
    return any(
        s <= start and end <= e and other != kind and (kind, other) != ("phone", "account")
        for s, e, other in containers
    )


@functools.cache
def _shipped_gazetteer() -> Gazetteer:
    return load_gazetteer()


def mine_text(
    text: str,
    default_region: str | None,
    gazetteer: Gazetteer | None = None,
    rules: list[IndicatorRule] | None = None,
) -> list[Mention]:
    """Every mention in ``text``; ``default_region`` (ISO2) resolves local phone numbers.

    ``gazetteer`` and ``rules`` default to the shipped gazetteer and indicator rules.
    """
    if not text:
        return []
    region = default_region.strip().upper() if default_region else None
    index = TextIndex(text)
    found = [
        *_phones(text, region),
        *_accounts(text, region),
        *_wallets(text),
        *_amounts(text, region),
        *_places(text, gazetteer or _shipped_gazetteer()),
        *_indicators(text, rules, index),
    ]
    containers = [(s, e, kind) for s, e, kind, _, _ in found if kind in _IDENTIFIER_KINDS]
    mentions: dict[tuple[str, str, int], Mention] = {}
    kept: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for start, end, kind, key, extra in sorted(found, key=lambda f: (f[0], f[2], f[3], -f[1])):
        # two finders on one piece of text ("Telegram handle: @x") make one mention
        same = kept.setdefault((kind, key), [])
        if _shadowed(kind, start, end, containers) or any(s < end and start < e for s, e in same):
            continue
        same.append((start, end))
        excerpt = index.excerpt(start, end)
        mention = Mention(kind, key, text[start:end], start, end, index.line(start), excerpt, extra)
        mentions[(kind, key, start)] = mention
    return list(mentions.values())

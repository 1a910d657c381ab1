"""Field kinds: how a kind of value is prepared, compared, weighted and blocked on.

Weights are Fellegi-Sunter log-likelihood ratios, ``log2(m / u)`` per similarity
level, where ``m`` is the share of true matches and ``u`` the share of random pairs
of records whose similarity falls in that level. The defaults below are expert
guesses for person and organisation records in a population of tens of thousands
(``u`` of an exact full name ~ 1 in 5,000 random pairs, of a shared phone ~ 1 in a
million). They are where learning starts and its prior (``resolution.learn``), and the
weights used when a table is too small to learn from; a spec may override them per field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from casegraph.core.identifiers import (
    account_key,
    identifier_keys,
    normalize_phone,
    normalize_platform,
    normalize_wallet,
    wallet_key,
)
from casegraph.resolution.normalize import (
    canonical_name,
    normalize_country,
    normalize_date,
    normalize_identifier,
    normalize_postcode,
    normalize_text,
    org_parts,
    written_names,
)
from casegraph.resolution.types import Value

_SPLIT = re.compile(r"\s*;\s*")

# One level: records whose similarity is >= min fall in it (the first that fits, from the top).
Level = tuple[float, float, float]  # (min similarity, m, u)


@dataclass(frozen=True)
class Kind:
    """What the engine does with a field of this kind unless the spec says otherwise."""

    prepare: Callable[[Value, str | None, dict], object]
    comparator: str
    levels: tuple[Level, ...]
    blocking: tuple[str, ...] = ()  # block methods (see resolution.blocking) on this field alone
    hard: bool = False  # contradicting values forbid a cluster (identifier numbers)
    # Whether a weight at or below the spec's veto keeps two records apart: not for a
    # kind that tells how often people of a sort recur (a flag), which is no contradiction.
    vetoes: bool = True


def _values(raw: Value) -> list[str]:
    if raw is None:
        return []
    items = list(raw) if isinstance(raw, list | tuple | set | frozenset) else [raw]
    return [v for item in items for v in _SPLIT.split(str(item).strip()) if v]


def _single(normalize: Callable[[str], str]) -> Callable[[Value, str | None, dict], str]:
    def prepare(raw: Value, country: str | None, options: dict) -> str:
        values = _values(raw)
        return normalize(values[0]) if values else ""

    return prepare


_YES, _NO = frozenset({"yes", "y", "true", "1"}), frozenset({"no", "n", "false", "0"})


def _yes_no(raw: str) -> str:
    """Yes or no, as "yes" and "no", from the ways tables write them (y, true, 1...);
    anything else is no value."""
    text = normalize_text(raw)
    return "yes" if text in _YES else "no" if text in _NO else ""


def _date(raw: Value, country: str | None, options: dict) -> str:
    """The first date at its precision; numeric dates in the order of ``options["order"]``
    (a country code) or else of the record's country."""
    values = _values(raw)
    return normalize_date(values[0], options.get("order") or country) if values else ""


def _canonical_names(raw: Value) -> list[str]:
    """The distinct names a cell gives in canonical form, sorted: its values, each with
    the aliases written into it ("JOHN @ JOHNNY", "Samuel Wekesa (Boss Sammy)")."""
    written = (n for v in _values(raw) for n in written_names(v))
    return sorted({n for n in map(canonical_name, written) if n})


def _names(raw: Value, country: str | None, options: dict) -> str | tuple[str, ...]:
    """A person's names in canonical form: one string, or a tuple when the record gives
    several different ones (its name and its aliases: compared by the best of them)."""
    names = _canonical_names(raw)
    if len(names) > 1:
        return tuple(names)
    return names[0] if names else ""


def _aliases(raw: Value, country: str | None, options: dict) -> tuple[str, ...]:
    return tuple(_canonical_names(raw))


def _multi(key: Callable[[str, str | None, dict], str | None]):
    def prepare(raw: Value, country: str | None, options: dict) -> tuple[str, ...]:
        keys = (key(v, country, options) for v in _values(raw))
        return tuple(sorted({k for k in keys if k}))

    return prepare


_SEPARATORS = re.compile(r"[\s\-.()/]")
_DIALLED = re.compile(r"\+?[0-9]+")


def _phone(raw: str, country: str | None, options: dict) -> str | None:
    # One cache entry per number as dialled, not per way of writing it ("0712 555 014",
    # "0712-555014"); a number written with its "+" country code needs no region.
    compact = _SEPARATORS.sub("", raw)
    if not _DIALLED.fullmatch(compact):
        return _cached_phone(raw, country or options.get("region"))
    region = None if compact.startswith("+") else country or options.get("region")
    return _cached_phone(compact, region)


@lru_cache(maxsize=1 << 20)
def _cached_phone(raw: str, region: str | None) -> str | None:
    return normalize_phone(raw, region)


def column_platform(column: str) -> str | None:
    """The platform a column is named after ("Telegram", "WeChat ID", "whatsapp_no"): its
    handles are that platform's, so "@pwany", "pwany" and "t.me/pwany" in it agree."""
    first = re.split(r"[\s_./-]+", column.strip(), maxsplit=1)[0]
    return normalize_platform(first) if first else None


def _account(raw: str, country: str | None, options: dict) -> str | None:
    platform = options.get("platform")
    if not platform and ":" in raw and not raw.lower().startswith("http"):
        platform, raw = raw.split(":", 1)
    if platform:
        return account_key(platform.strip(), raw.strip(), country)
    # A profile link names its platform: "t.me/pwany" is the Telegram account pwany.
    linked = [k for k in identifier_keys(raw, country) if k.label == "Account"]
    if linked and not linked[0].handle_only:
        return linked[0].key
    return normalize_text(raw.lstrip("@")).replace(" ", "") or None


def _wallet(raw: str, country: str | None, options: dict) -> str | None:
    chain = options.get("chain")
    if not chain and ":" in raw:
        chain, raw = raw.split(":", 1)
    wallet = normalize_wallet(raw.strip(), chain)
    return wallet_key(wallet) if wallet else None


_NAME = (
    (1.0, 0.55, 2e-4),
    (0.88, 0.25, 1e-3),
    (0.75, 0.1, 0.01),
    (0.6, 0.04, 0.05),
    (0.0, 0.08, 0.94),
)
_PART = ((1.0, 0.7, 5e-3), (0.92, 0.18, 0.01), (0.8, 0.07, 0.06), (0.0, 0.05, 0.925))
_KEY = ((1.0, 0.5, 1e-6), (0.0, 0.5, 1.0))

KINDS: dict[str, Kind] = {
    "full_name": Kind(_names, "name_similarity", _NAME, ("phonetic_pairs", "token")),
    "given_name": Kind(_single(canonical_name), "jaro_winkler", _PART, ("phonetic",)),
    "surname": Kind(_single(canonical_name), "jaro_winkler", _PART, ("phonetic",)),
    "alias": Kind(
        _aliases,
        "alias_similarity",
        ((1.0, 0.35, 0.01), (0.9, 0.1, 0.02), (0.75, 0.05, 0.05), (0.0, 0.5, 0.92)),
        ("value", "phonetic_pairs"),
    ),
    # A year alone can only agree on the year: as likely as a full date for the same
    # person (m), about one in thirty for two strangers (u: birth years spread over
    # decades). Years one apart are an estimate's error, hardly evidence either way.
    "date": Kind(
        _date,
        "date_similarity",
        (
            (1.0, 0.85, 7e-5),
            (0.8, 0.04, 5e-4),
            (0.7, 0.85, 0.03),
            (0.6, 0.01, 2e-4),
            (0.5, 0.05, 0.06),
            (0.3, 0.01, 0.015),
            (0.0, 0.02, 0.94),
        ),
        ("full",),
    ),
    "phone": Kind(_multi(_phone), "shared_value", _KEY, ("value",)),
    "account": Kind(_multi(_account), "shared_value", _KEY, ("value",)),
    "wallet": Kind(_multi(_wallet), "shared_value", _KEY, ("value",)),
    "identifier": Kind(
        _multi(lambda v, c, o: normalize_identifier(v)),
        "identifier_similarity",
        ((1.0, 0.93, 1e-7), (0.85, 0.05, 1e-4), (0.0, 0.02, 1.0)),
        ("value", "sorted"),
        hard=True,
    ),
    "address": Kind(
        _single(normalize_text),
        "token_set",
        ((1.0, 0.5, 1e-3), (0.85, 0.2, 5e-3), (0.6, 0.15, 0.05), (0.0, 0.15, 0.944)),
    ),
    "place": Kind(
        _single(normalize_text), "ratio", ((1.0, 0.7, 0.05), (0.85, 0.1, 0.01), (0.0, 0.2, 0.94))
    ),
    "postcode": Kind(
        _single(normalize_postcode), "exact", ((1.0, 0.8, 0.01), (0.0, 0.2, 0.99)), ("value",)
    ),
    "country": Kind(_single(normalize_country), "exact", ((1.0, 0.9, 0.2), (0.0, 0.1, 0.8))),
    "category": Kind(_single(normalize_text), "exact", ((1.0, 0.9, 0.3), (0.0, 0.1, 0.7))),
    # Yes or no ("is an offender"): both yes, both no and differing are three levels, as
    # agreeing on no can mean something else than agreeing on yes (two victims, each
    # debriefed once, are far less often one person than two offenders named again and
    # again). It weighs how often people of each sort recur, not a contradiction: it
    # never vetoes, so records that share a phone still join whatever it says.
    "flag": Kind(
        _single(_yes_no),
        "flag",
        ((1.0, 0.9, 0.5), (0.5, 0.05, 0.2), (0.0, 0.05, 0.3)),
        vetoes=False,
    ),
    # Several categories per record (the roles a source gives a person): one in common
    # agrees. A person keeps a role across sources far more often than two people share one.
    "categories": Kind(
        _multi(lambda v, c, o: normalize_text(v) or None),
        "shared_value",
        ((1.0, 0.9, 0.3), (0.0, 0.1, 0.7)),
    ),
    "text": Kind(
        _single(normalize_text), "token_set", ((0.9, 0.4, 0.01), (0.6, 0.3, 0.1), (0.0, 0.3, 0.89))
    ),
    "organisation": Kind(
        _single(org_parts),
        "organisation_similarity",
        ((1.0, 0.7, 1e-4), (0.9, 0.2, 1e-3), (0.8, 0.05, 0.01), (0.0, 0.05, 0.989)),
        ("value", "prefix"),
    ),
}

__all__ = ["KINDS", "Kind", "Level", "column_platform"]

"""One plain sentence saying why several records are treated as one person.

A prosecutor must be able to read it to a jury: "These five names are treated as one
man because three debriefs from two countries give the same Telegram account and two
give the same phone; ...". It is built only from what the graph holds: the records
resolved into the person, the hard identifiers they share, and the sources (kind and
country) that record each of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["merge_sentence"]

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_PLATFORMS = {
    "telegram": "Telegram account",
    "whatsapp": "WhatsApp number",
    "wechat": "WeChat account",
    "line": "Line account",
    "facebook": "Facebook account",
    "messenger": "Messenger account",
    "tiktok": "TikTok account",
    "instagram": "Instagram account",
    "linkedin": "LinkedIn profile",
    "signal": "Signal account",
    "email": "email address",
}


def _n(count: int) -> str:
    return _WORDS[count] if count < len(_WORDS) else str(count)


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{_n(count)} {word if count == 1 else many or word + 's'}"


def _what(identifier: str) -> str:
    """ "the same phone", "the same Telegram account", "the same tron wallet"."""
    if identifier.startswith("+"):
        return "the same phone"
    kind, _, _rest = identifier.partition(":")
    if kind in ("tron", "ethereum", "bitcoin"):
        return f"the same {kind.capitalize()} wallet"
    return f"the same {_PLATFORMS.get(kind, 'account')}"


def _who(records: Sequence[Mapping[str, Any]], hidden: bool) -> str:
    names = sorted({str(r.get("name")) for r in records if r.get("name")})
    genders = {str(r.get("gender") or "").upper()[:1] for r in records} - {""}
    one = {"M": "one man", "F": "one woman"}.get(min(genders), "") if len(genders) == 1 else ""
    one = one or "one person"
    if hidden or not names:
        return f"These {_n(len(records))} records are treated as {one}"
    if len(names) == 1:
        return f"These {_n(len(records))} records, all naming {names[0]}, are treated as {one}"
    return f"These {_n(len(names))} names ({', '.join(names)}) are treated as {one}"


def _told(sources: Sequence[Mapping[str, Any]]) -> str:
    """ "three debriefs from two countries", "two debriefs and one table"."""
    debriefs = [s for s in sources if s.get("kind") == "debrief"]
    others = len(sources) - len(debriefs)
    parts = [_plural(len(debriefs), "debrief")] if debriefs else []
    if others:
        parts.append(_plural(others, "analyst table"))
    countries = {s.get("country") for s in sources} - {None}
    where = f" from {_plural(len(countries), 'country', 'countries')}" if len(countries) > 1 else ""
    return " and ".join(parts) + where


def merge_sentence(
    records: Sequence[Mapping[str, Any]],
    identifiers: Mapping[str, set[str]],
    sources: Mapping[str, Mapping[str, Any]],
    hidden: bool = False,
    decisions: int = 0,
) -> str:
    """The sentence for a person resolved from ``records``.

    ``identifiers``: record id -> the hard identifiers it carries; ``sources``: source id
    -> the source (kind, country); ``hidden``: a victim, so names are not spelt out;
    ``decisions``: how many pairs a reviewer confirmed.
    """
    shared: dict[str, set[str]] = {}
    for rec in records:
        for ident in identifiers.get(str(rec["id"]), ()):
            shared.setdefault(ident, set()).add(str(rec.get("source_id")))
    reasons = []
    joined: set[str] = set()
    for ident, sids in sorted(shared.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        holders = [r for r in records if ident in identifiers.get(str(r["id"]), ())]
        if len(holders) < 2:
            continue
        joined.update(str(r["id"]) for r in holders)
        told = _told([sources.get(s, {"id": s}) for s in sorted(sids)])
        verb = "gives" if len(sids) == 1 else "give"
        reasons.append(f"{told} {verb} {_what(ident)} ({ident})")
    rest = len(records) - len(joined)
    if decisions:
        reasons.append(f"a reviewer confirmed {_plural(decisions, 'pair')} of records")
    if rest and reasons:
        others = "the remaining record" if rest == 1 else f"the other {_n(rest)} records"
        reasons.append(f"{others} matched on name, nationality and role")
    elif not reasons:
        reasons.append("their names, nationality and roles match closely (no shared phone,"
                       " account or wallet)")  # fmt: skip
    return f"{_who(records, hidden)} because {'; '.join(reasons)}."

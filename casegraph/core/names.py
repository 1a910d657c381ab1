"""One comparison key for names a user types: case, punctuation, diacritics, word order.

"Chen Zhi", "CHEN, Zhi", "Zhi Chen" and "Chén Zhì" are the same lookup to an
investigator; the entity layer stores this key beside every name and alias, and every
place that takes a name (query parameters, reports, `viz --around`) computes the same
key from what the user typed, so all of them find the same person.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

__all__ = ["name_key"]

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def name_key(text: str | None) -> str:
    """``text`` transliterated to Latin, case-folded, punctuation removed, words sorted.

    Empty for text with no letters or digits. The original spelling is kept elsewhere;
    this key is only for finding.
    """
    latin = anyascii(unicodedata.normalize("NFKC", str(text or ""))).casefold()
    return " ".join(sorted(w for w in _NOT_WORD.split(latin) if w))

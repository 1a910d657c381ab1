"""Python steps that saved queries name in their header (``postprocess: NAME``).

Some answers are not written the same way in both stores' Cypher, or not at all:
whole-word name redaction in free text, centrality on a fetched subgraph, fuzzy
look-alike names. The query fetches what it needs read-only; the step finishes the
answer in Python, identically for FalkorDB and Neo4j.
"""

from __future__ import annotations

import re
from typing import Any

from casegraph.runner import POSTPROCESSORS
from casegraph.store import Row

__all__ = ["redact_victims"]

#: The column a query returns for ``redact_victims``: [[name or alias, pseudonym], ...].
MASKS = "victim_masks"


def _redact(value: Any, pattern: re.Pattern[str], masks: dict[str, str], inside: bool) -> Any:
    """Rewrite the strings under any key naming an excerpt; leave other values alone."""
    if isinstance(value, str):
        return pattern.sub(lambda m: masks[m.group(0).casefold()], value) if inside else value
    if isinstance(value, list):
        return [_redact(v, pattern, masks, inside) for v in value]
    if isinstance(value, dict):
        return {k: _redact(v, pattern, masks, inside or "excerpt" in k) for k, v in value.items()}
    return value


def redact_victims(rows: list[Row], params: dict[str, Any]) -> list[Row]:
    """Replace victims' recorded names and aliases, as whole words, by their pseudonym.

    Excerpts are verbatim narrative, so a victim's name can sit inside one; the query
    returns the victims' names and pseudonyms in ``victim_masks`` and this step rewrites
    the strings under every key naming an excerpt (longest names first, case-insensitive),
    then drops the column. Other columns are left alone: a query shows victims by
    pseudonym already, and an offender sharing a victim's first name keeps his own name.
    """
    out = []
    for row in rows:
        pairs = row.get(MASKS) or []
        masks = {str(name).casefold(): str(alias) for name, alias in pairs if name and alias}
        names = sorted(masks, key=len, reverse=True)
        kept = {k: v for k, v in row.items() if k != MASKS}
        if names:
            pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", re.I)
            kept = _redact(kept, pattern, masks, inside=False)
        out.append(kept)
    return out


POSTPROCESSORS["redact_victims"] = redact_victims

"""UNODC forced-criminality indicators found in narrative text, as phrase rules.

Screening a debrief against the indicators is what supports the non-punishment
principle: a person who shows several Act, Means and Purpose indicators may be a victim
even if they ran scams or controlled others. The rules live in
``loaders/data/indicators.yaml`` (see its header for the pattern syntax) so that a
specialist can refine them without touching code.

Every hit carries the sentence around it, so a reader can judge it in context; the
matcher only points. Known limits, by design of a phrase matcher:
* negation is recognised only when a negation word (not, no, never, n't, without, nobody,
  none, neither, nor, cannot, deny) stands in the four words before the hit within the same
  clause; "not only did they take my passport" and "men I had never seen took us" are
  wrongly dropped, and negation carried from an earlier clause is not seen;
* reported speech, questions and hypotheticals ("if they take your passport") still hit,
  except where a rule names the words that make it hypothetical (``not_after``: "he was
  threatened with being sold" is a threat of sale, not a sale);
* sentences are split on . ! ? and blank lines, with a few common abbreviations kept.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from casegraph.core.errors import InputError, Problem
from casegraph.core.resources import package_path
from casegraph.loaders.gazetteer import read_reference

__all__ = [
    "DEFAULT_PATH",
    "ELEMENTS",
    "IndicatorHit",
    "IndicatorRule",
    "TextIndex",
    "find_indicators",
    "load_indicators",
]

DEFAULT_PATH = package_path("casegraph.loaders", "data", "indicators.yaml")
ELEMENTS = ("Act", "Means", "Purpose")

_NOT_NEGATION = r"(?!(?:not|no|never|nobody|none|without|\w+n[’']t)\b)"
_GAP_WORD = _NOT_NEGATION + r"[\w'’-]+[^\w.!?;]+"
# a gap starts with a separator, unless the pattern before it ended with one ("the ~")
_GAP_START = r"(?:(?<![\w'’-])|[^\w.!?;]+)"
_GAPS = {
    " ~~ ": rf"{_GAP_START}(?:{_GAP_WORD}){{0,8}}?",
    " ~ ": rf"{_GAP_START}(?:{_GAP_WORD}){{0,4}}?",
}
_NEGATION = re.compile(
    r"\b(?:not|no|never|without|nobody|none|neither|nor|cannot|den(?:y|ies|ied))\b|n[’']t\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"[.;:!?,()]|\b(?:but|however|although|though|yet|and|then|until|before|after)\b",
    re.IGNORECASE,
)
_NEGATION_WORDS = 4
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n[ \t\r]*\n\s*|\n(?=[ \t]*(?:[-*•]|\d+[.)])\s)")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "vs", "etc", "eg", "ie", "jr", "sr"}
_MAX_EXCERPT = 400


@dataclass(frozen=True)
class IndicatorRule:
    """One indicator with the compiled patterns that reveal it."""

    id: str
    element: str
    group: str
    label: str
    example: str  # a sentence the rule must find: the rule file's own test
    patterns: tuple[re.Pattern[str], ...]
    not_after: re.Pattern[str] | None = None


@dataclass(frozen=True)
class IndicatorHit:
    """A rule matched in a text; ``line`` is 1-based, ``excerpt`` is the sentence."""

    rule_id: str
    element: str
    group: str
    label: str
    excerpt: str
    start: int
    end: int
    line: int


class TextIndex:
    """Line numbers and sentence excerpts for positions in one text, computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self._sentence_starts = [0]
        for match in _SENTENCE_END.finditer(text):
            word = re.search(r"(\w+)\W*$", text[max(0, match.start() - 12) : match.start() + 1])
            if word and word.group(1).lower() in _ABBREVIATIONS and match.group().strip() == ".":
                continue
            self._sentence_starts.append(match.end())

    def line(self, position: int) -> int:
        """1-based line number of a character position."""
        return bisect.bisect_right(self._line_starts, position)

    def sentence_span(self, start: int, end: int) -> tuple[int, int]:
        """The (start, end) of the sentence(s) containing ``text[start:end]``."""
        first = self._sentence_starts[bisect.bisect_right(self._sentence_starts, start) - 1]
        starts = self._sentence_starts
        after = bisect.bisect_left(starts, end)
        last = starts[after] if after < len(starts) else len(self.text)
        return first, last

    def excerpt(self, start: int, end: int) -> str:
        """The sentence around a span, on one line, cut around the span if very long."""
        first, last = self.sentence_span(start, end)
        if last - first > _MAX_EXCERPT:
            first = max(first, start - _MAX_EXCERPT // 2)
            last = min(last, end + _MAX_EXCERPT // 2)
        return " ".join(self.text[first:last].split())


def _compile(pattern: str) -> re.Pattern[str]:
    for macro, regex in _GAPS.items():
        pattern = pattern.replace(macro, regex)
    pattern = pattern.replace(" ", r"\s+")
    if "~" in pattern:
        raise re.error("'~' must stand alone between spaces")
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)


def load_indicators(path: str | Path | None = None) -> list[IndicatorRule]:
    """Load and compile the indicator rules (the shipped file by default).

    Raises InputError naming the file and rule for every broken rule at once.
    """
    path, data = read_reference(path, DEFAULT_PATH, "indicator rules")
    rules: list[IndicatorRule] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for number, raw in enumerate(data.get("rules") or (), start=1):
        rule_id = str((raw or {}).get("id") or f"rule {number}")
        where = {"file": str(path), "field": rule_id}
        required = ("id", "element", "group", "label", "example", "patterns")
        missing = [k for k in required if not raw.get(k)]
        if missing:
            problems.append(Problem(f"missing {', '.join(missing)}", **where))
            continue
        if raw["element"] not in ELEMENTS:
            problems.append(Problem(f"element must be one of {', '.join(ELEMENTS)}", **where))
        if rule_id in seen:
            problems.append(Problem("duplicate id", **where))
        seen.add(rule_id)
        compiled = []
        for pattern in raw["patterns"]:
            try:
                compiled.append(_compile(str(pattern)))
            except re.error as exc:
                problems.append(Problem(f"bad pattern {pattern!r}: {exc}", **where))
        not_after = None
        if raw.get("not_after"):
            try:
                not_after = _compile(str(raw["not_after"]))
            except re.error as exc:
                problems.append(Problem(f"bad not_after: {exc}", **where))
        fields = (raw["element"], raw["group"], raw["label"], str(raw["example"]))
        fields += (tuple(compiled), not_after)
        rules.append(IndicatorRule(rule_id, *fields))
    if problems:
        raise InputError(f"invalid indicator rules {path}", problems)
    return rules


def _clause_before(text: str, start: int, sentence_start: int) -> list[str]:
    """The words between the last clause break of the sentence and ``start``."""
    window = text[sentence_start:start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    return window.split()


def _suppressed(rule: IndicatorRule, text: str, start: int, sentence_start: int) -> bool:
    """Whether a negation, or the rule's ``not_after`` context, precedes the hit."""
    words = _clause_before(text, start, sentence_start)
    if _NEGATION.search(" ".join(words[-_NEGATION_WORDS:])):
        return True
    return bool(rule.not_after and rule.not_after.search(" ".join(words)))


@functools.cache
def _shipped_rules() -> list[IndicatorRule]:
    return load_indicators()


def find_indicators(
    text: str, rules: list[IndicatorRule] | None = None, index: TextIndex | None = None
) -> list[IndicatorHit]:
    """Every indicator hit in ``text``, in text order, one per rule and overlapping span.

    ``rules`` defaults to the shipped rule set; ``index`` lets a caller that already
    built a TextIndex for the same text share it.
    """
    rules = _shipped_rules() if rules is None else rules
    index = index or TextIndex(text)
    hits: list[IndicatorHit] = []
    for rule in rules:
        spans = sorted(
            (m.start(), -m.end()) for pattern in rule.patterns for m in pattern.finditer(text)
        )
        taken_until = -1
        for start, negative_end in spans:
            end = -negative_end
            if start < taken_until:
                continue
            first, _ = index.sentence_span(start, end)
            if _suppressed(rule, text, start, first):
                continue
            taken_until = end
            excerpt = index.excerpt(start, end)
            line = index.line(start)
            hits.append(
                IndicatorHit(
                    rule.id, rule.element, rule.group, rule.label, excerpt, start, end, line
                )
            )
    return sorted(hits, key=lambda h: (h.start, h.rule_id))

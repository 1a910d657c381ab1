"""Explanations: why two records are, or are not, one entity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from casegraph.resolution.decisions import Decision
from casegraph.resolution.spec import ResolutionSpec, Thresholds
from casegraph.resolution.types import Comparison, Feature, Outcome


def shown(value: object) -> str:
    """A normalised value as an explanation shows it (several values joined by "; ")."""
    return "; ".join(value) if isinstance(value, tuple) else str(value or "")


def features_of(
    spec: ResolutionSpec, columns: dict[str, np.ndarray], cmp: Comparison, k: int, a: int, b: int
) -> tuple[Feature, ...]:
    """The per-field features of pair ``k`` (records ``a`` and ``b``) of a comparison."""
    out = []
    for j, fs in enumerate(spec.fields):
        sim = float(cmp.similarity[k, j])
        out.append(
            Feature(
                field=fs.name,
                kind=fs.kind,
                left=shown(columns[fs.name][a]),
                right=shown(columns[fs.name][b]),
                comparator=fs.comparator_name(),
                similarity=None if np.isnan(sim) else round(sim, 4),
                weight=round(float(cmp.weight[k, j]), 3),
            )
        )
    return tuple(out)


def _as_written(compared: str, original: str) -> str:
    """The compared value, with the source's spelling when normalizing changed it."""
    if original and original.strip() != compared:
        return f"{compared!r} (written {original.strip()!r})"
    return repr(compared)


# What a field is called in a plain sentence, by kind (the field's own name otherwise).
_NOUNS = {
    "full_name": "name", "given_name": "given name", "surname": "surname", "alias": "alias",
    "date": "date of birth", "phone": "phone", "account": "handle", "wallet": "wallet",
    "identifier": "document number", "address": "address", "place": "place",
    "postcode": "postcode", "country": "nationality", "organisation": "organisation",
}  # fmt: skip
_NAME_KINDS = ("full_name", "given_name", "surname", "alias")
STRONG = 1.0  # bits: features weighing less either way are left out of the reason


def _phrase(f: Feature) -> str | None:
    """One feature in words ("same phone", "names differ only in spelling"), or None."""
    sim, noun = f.similarity, _NOUNS.get(f.kind, f.field.replace("_", " "))
    if sim is None or abs(f.weight) < STRONG:
        return None
    if f.kind in _NAME_KINDS:
        plural = f"{noun}s" if noun != "alias" else "aliases"
        if sim >= 1.0:
            return f"same {noun}"
        if sim >= 0.88:
            return f"{plural} differ only in spelling"
        if sim >= 0.75:
            return f"one {noun} contains or resembles the other"
        return f"different {plural}" if f.weight < 0 else f"{plural} loosely alike"
    if f.kind == "date":
        if sim >= 1.0:
            return "same date of birth"
        if sim >= 0.8:
            return "dates of birth one typo apart"
        if sim >= 0.7:
            return "birth year agrees"
        if sim >= 0.5 and f.weight > 0:
            return "birth years about one apart"
        return "different dates of birth" if f.weight < 0 else None
    if f.kind == "flag":
        return {1.0: f"both {noun}", 0.5: f"neither {noun}"}.get(sim, f"{noun} on one side only")
    if sim >= 1.0:
        return f"same {noun}"
    if sim >= 0.85 and f.weight > 0:
        return f"{noun}s nearly the same"
    return f"different {noun}s" if f.weight < 0 else None


def plain_reason(features: Sequence[Feature]) -> str:
    """One line a reviewer reads first: the evidence for, then against, strongest first
    ("same handle and same phone; names differ only in spelling; different nationalities")."""
    ranked = sorted(features, key=lambda f: -abs(f.weight))
    found = [(f.weight, p) for f in ranked if (p := _phrase(f))]
    agree = [p for w, p in found if w > 0]
    disagree = [p for w, p in found if w < 0]
    parts = [" and ".join(agree[:2]), *agree[2:], *disagree]
    return "; ".join(p for p in parts if p) or "nothing strong either way"


@dataclass(frozen=True)
class Explanation:
    """Everything that put two records together or kept them apart."""

    left: str
    right: str
    features: tuple[Feature, ...]
    score: float
    thresholds: Thresholds
    outcome: Outcome | None  # None: blocking never proposed the pair
    decision: Decision | None
    blocking_keys: tuple[str, ...]
    same_cluster: bool

    @property
    def reason(self) -> str:
        """The evidence in one plain line (see :func:`plain_reason`)."""
        return plain_reason(self.features)

    def to_text(self) -> str:
        """A plain-text account for the terminal or an evidence note."""
        lines = [
            f"{self.left} vs {self.right}: score {self.score:.3f} "
            f"(merge >= {self.thresholds.merge}, review >= {self.thresholds.review}); "
            f"outcome: {self.outcome.value if self.outcome else 'not a candidate pair'}; "
            f"{'same' if self.same_cluster else 'different'} cluster",
        ]
        if self.decision:
            d = self.decision
            lines.append(f"decision: {d.judgement.value} by {d.user} at {d.at}: {d.reason}")
        lines.append("blocking keys: " + (", ".join(self.blocking_keys) or "none shared"))
        for f in self.features:
            sim = "missing" if f.similarity is None else f"{f.similarity:.2f}"
            lines.append(
                f"  {f.field} ({f.kind}, {f.comparator}): {_as_written(f.left, f.left_original)}"
                f" vs {_as_written(f.right, f.right_original)} -> {sim}, weight {f.weight:+.2f}"
            )
        return "\n".join(lines)


__all__ = ["Explanation", "features_of", "plain_reason", "shown"]

"""Explanations: why two records are, or are not, one entity."""

from __future__ import annotations

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


__all__ = ["Explanation", "features_of", "shown"]

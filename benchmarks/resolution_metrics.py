"""Pairwise and B-cubed precision / recall / F1 of clusters against known truth."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping


def _pairs(labels: Mapping[str, str]) -> int:
    return sum(n * (n - 1) // 2 for n in Counter(labels.values()).values())


def pairwise(predicted: Mapping[str, str], truth: Mapping[str, str]) -> dict[str, float]:
    """Precision, recall, F1 over record pairs put in one cluster."""
    both = Counter((predicted[r], truth[r]) for r in truth)
    tp = sum(n * (n - 1) // 2 for n in both.values())
    p_pairs, t_pairs = _pairs({r: predicted[r] for r in truth}), _pairs(truth)
    precision = tp / p_pairs if p_pairs else 1.0
    recall = tp / t_pairs if t_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def bcubed(predicted: Mapping[str, str], truth: Mapping[str, str]) -> dict[str, float]:
    """B-cubed precision, recall, F1: per-record overlap of its cluster and its true entity."""
    both = Counter((predicted[r], truth[r]) for r in truth)
    p_size = Counter(predicted[r] for r in truth)
    t_size = Counter(truth.values())
    precision = sum(both[(predicted[r], truth[r])] / p_size[predicted[r]] for r in truth)
    recall = sum(both[(predicted[r], truth[r])] / t_size[truth[r]] for r in truth)
    precision, recall = precision / len(truth), recall / len(truth)
    f1 = 2 * precision * recall / (precision + recall)
    return {"precision": precision, "recall": recall, "f1": f1}


def show(title: str, scores: Mapping[str, float]) -> str:
    p, r, f1 = scores["precision"], scores["recall"], scores["f1"]
    return f"{title:<28} P {p:.4f}  R {r:.4f}  F1 {f1:.4f}"

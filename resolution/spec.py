"""The resolution spec: fields, levels and weights, blocking rules, thresholds, as plain data.

A spec loads from and saves to YAML or JSON without loss (``from_dict(to_dict(s)) == s``);
it is never pickled. Anything left out takes the defaults of the field's kind
(:mod:`casegraph.resolution.kinds`), so ``--field name:full_name`` alone is a working spec.

Example (YAML)::

    fields:
      - {name: name, kind: full_name}
      - {name: dob, kind: date, hard: true}
      - {name: phone, kind: phone, options: {region: KE}}
      - name: passport
        kind: identifier
        levels: [{min: 1.0, m: 0.95, u: 1.0e-7}, {min: 0.0, m: 0.05, u: 1.0}]
    blocking: [[phone.value], [name.phonetic_pairs], [dob.value, name.initial]]
    thresholds: {merge: 0.9, review: 0.6}
    veto_weight: -5.0     # a feature weighing this or less (different birth date) keeps apart
    learn: true           # learn the levels of fields that give none (see resolution.learn)
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from casegraph.core.errors import ConfigError, Problem
from casegraph.resolution.blocking import METHODS, block_caps
from casegraph.resolution.comparators import COMPARATORS
from casegraph.resolution.kinds import KINDS

NAME_KINDS = ("full_name", "alias", "surname", "given_name")


@dataclass(frozen=True)
class LevelSpec:
    """Pairs whose similarity is >= ``min`` fall in this level (first fit from the top)."""

    min: float
    m: float  # share of true matches in this level
    u: float  # share of random non-matching pairs in this level


@dataclass(frozen=True)
class FieldSpec:
    """One field: its column, kind, and optional overrides of the kind's defaults."""

    name: str
    kind: str
    column: str | None = None  # source column; defaults to ``name``
    comparator: str | None = None
    levels: tuple[LevelSpec, ...] | None = None
    hard: bool | None = None  # contradicting values forbid a cluster
    options: dict[str, str] = field(default_factory=dict)  # region, platform, chain

    @property
    def source(self) -> str:
        return self.column or self.name

    def effective_levels(self) -> tuple[LevelSpec, ...]:
        if self.levels is not None:
            return self.levels
        return tuple(LevelSpec(*level) for level in KINDS[self.kind].levels)

    def is_hard(self) -> bool:
        return KINDS[self.kind].hard if self.hard is None else self.hard

    def comparator_name(self) -> str:
        return self.comparator or KINDS[self.kind].comparator


@dataclass(frozen=True)
class Thresholds:
    """Scores at or above ``merge`` join clusters; between ``review`` and merge go to review."""

    merge: float = 0.9
    review: float = 0.6


@dataclass(frozen=True)
class ResolutionSpec:
    """Everything a run needs besides the records and the decisions."""

    fields: tuple[FieldSpec, ...]
    blocking: tuple[tuple[str, ...], ...] | None = None  # rules of "field.method" parts
    thresholds: Thresholds = field(default_factory=Thresholds)
    prior: float | None = None  # P(two random records match); default 1 / (records - 1)
    max_block_size: int = 100  # larger blocks are compared sparsely (and counted)
    exact_block_factor: int = 10  # ... times this for rules of whole values (phone, exact name)
    oversize_window: int = 4  # in a larger block, each record meets its 3 nearest per field
    veto_weight: float | None = -5.0  # a feature this negative keeps two records apart
    default_region: str | None = None  # phone region when a record has no country
    country_field: str | None = None  # field giving each record's country
    learn: bool = True  # learn m/u of fields without levels (and the prior) from the data

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)

    def block_caps(self) -> list[int]:
        """The largest block compared, per blocking rule."""
        names = frozenset(f.name for f in self.fields if f.kind in NAME_KINDS)
        return block_caps(
            self.blocking_rules(), self.max_block_size, self.exact_block_factor, names
        )

    def neighbourhood_fields(self) -> tuple[str, ...]:
        """The fields a block too large to compare whole is sorted by: those compared by
        degree (names, dates, numbers with typos), whose neighbours in sorted order are
        alike. Not countries or categories (a handful of values: the neighbours are
        anybody) nor phones, handles and wallets (equal ones share a block already;
        neighbouring different numbers are strangers)."""
        return tuple(
            f.name for f in self.fields if f.comparator_name() not in ("exact", "shared_value")
        )

    def blocking_rules(self) -> tuple[tuple[str, ...], ...]:
        """The spec's rules, or defaults derived from the fields' kinds."""
        if self.blocking is not None:
            return self.blocking
        kinds = {f.kind: f.name for f in self.fields}
        rules: list[tuple[str, ...]] = []
        parts = ("given_name", "surname")
        if all(k in kinds for k in parts):
            rules.append(tuple(f"{kinds[k]}.phonetic" for k in parts))
            rules.append((f"{kinds['surname']}.phonetic", f"{kinds['given_name']}.initial"))
        for f in self.fields:
            if f.kind in parts and all(k in kinds for k in parts):
                continue
            rules.extend((f"{f.name}.{method}",) for method in KINDS[f.kind].blocking)
        dates = [f.name for f in self.fields if f.kind == "date"]
        names = [f.name for f in self.fields if f.kind in NAME_KINDS]
        rules.extend((f"{d}.value", f"{n}.initial") for d in dates for n in names)
        return tuple(rules)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for YAML or JSON; unset optional values are left out."""
        data = _plain(asdict(self))
        data["fields"] = [
            {k: v for k, v in f.items() if v not in (None, {})} for f in data["fields"]
        ]
        return {k: v for k, v in data.items() if v is not None or k == "veto_weight"}

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "spec") -> ResolutionSpec:
        """Build and validate a spec; every problem is reported at once, naming ``source``."""
        problems: list[Problem] = []
        fields = []
        for i, raw in enumerate(data.get("fields") or []):
            where = f"fields[{i}]"
            try:
                levels = raw.get("levels")
                fs = FieldSpec(
                    name=str(raw["name"]),
                    kind=str(raw["kind"]),
                    column=raw.get("column"),
                    comparator=raw.get("comparator"),
                    levels=None if levels is None else tuple(LevelSpec(**lv) for lv in levels),
                    hard=raw.get("hard"),
                    options={str(k): str(v) for k, v in (raw.get("options") or {}).items()},
                )
            except (KeyError, TypeError, AttributeError) as exc:
                problems.append(Problem(f"malformed field ({exc})", source, field=where))
                continue
            problems.extend(_check_field(fs, source, where))
            fields.append(fs)
        if not fields and not problems:
            problems.append(Problem("no fields", source, field="fields"))
        names = {f.name for f in fields}
        blocking = data.get("blocking")
        if blocking is not None:
            blocking = tuple(tuple(str(p) for p in rule) for rule in blocking)
            problems.extend(
                Problem(f"blocking part {part!r} is not FIELD.METHOD", source, field="blocking")
                for rule in blocking
                for part in rule
                if part.rsplit(".", 1)[0] not in names or part.rsplit(".", 1)[-1] not in METHODS
            )
        if problems:
            raise ConfigError(f"invalid resolution spec {source}", problems)
        return cls(
            fields=tuple(fields),
            blocking=blocking,
            thresholds=Thresholds(**(data.get("thresholds") or {})),
            prior=data.get("prior"),
            max_block_size=int(data.get("max_block_size", 100)),
            exact_block_factor=int(data.get("exact_block_factor", 10)),
            oversize_window=int(data.get("oversize_window", 4)),
            veto_weight=data.get("veto_weight", -5.0),
            default_region=data.get("default_region"),
            country_field=data.get("country_field"),
            learn=bool(data.get("learn", True)),
        )


def _plain(value: Any) -> Any:
    """Tuples to lists, recursively, so that safe YAML dumpers accept the data."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _check_field(fs: FieldSpec, source: str, where: str) -> list[Problem]:
    if fs.kind not in KINDS:
        known = ", ".join(sorted(KINDS))
        return [Problem(f"unknown kind {fs.kind!r} (known: {known})", source, field=where)]
    if fs.comparator and fs.comparator not in COMPARATORS:
        return [Problem(f"unknown comparator {fs.comparator!r}", source, field=where)]
    if fs.levels is not None and (not fs.levels or fs.levels[-1].min != 0.0):
        return [Problem("levels must end with one at min 0.0", source, field=where)]
    return []


def load_spec(path: str | Path) -> ResolutionSpec:
    """Read a spec from YAML (``.yaml``/``.yml``) or JSON."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read resolution spec {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"resolution spec {path} is not a mapping")
    return ResolutionSpec.from_dict(data, source=str(path))


def save_spec(spec: ResolutionSpec, path: str | Path) -> None:
    """Write a spec as YAML or JSON (by extension)."""
    path = Path(path)
    data = spec.to_dict()
    if path.suffix == ".json":
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


__all__ = ["FieldSpec", "LevelSpec", "ResolutionSpec", "Thresholds", "load_spec", "save_spec"]

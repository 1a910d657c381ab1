"""Column mappings as data: which columns each table kind accepts, under which names.

Each kind has a YAML file in ``graph_schema/mappings/`` (fields, their type, whether
required, and the synonyms a field office may write instead: ``Phone Number``,
``person_name``, ``lat``); ``common.yaml`` holds the provenance columns every kind
accepts. They are loaded and checked once, at first use, so a broken mapping stops
casegraph before a load rather than misreading a table.

A table's kind is decided by its columns against every kind's mapping, with a
confidence: the share of its meaningful columns the kind reads. A column no kind knows
(``website``) is kept as ``extra`` and does not count against a kind; a column another
kind would read (``nationality`` for phones) does, since that kind would lose it. A
table that no kind reads completely enough, or that two kinds read equally well, is an
error naming its columns and the candidates, never a silent guess. A user's mapping
file (``--mapping``) names which of their columns is which field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from anyascii import anyascii

from casegraph.core.errors import InputError, SchemaError

__all__ = [
    "CONFIDENCE",
    "FIELD_TYPES",
    "KindMatch",
    "Mapping",
    "UserMapping",
    "column_key",
    "decide_kind",
    "load_user_mapping",
    "mappings",
]

# A kind must read at least this share of a table's meaningful columns.
CONFIDENCE = 0.7
FIELD_TYPES = frozenset(
    {
        "text", "name", "country", "phone", "phones", "date", "number", "integer", "flag",
        "roles", "platform", "platforms", "list", "grading", "reliability", "credibility",
        "email", "place", "latitude", "longitude", "coordinates",
    }
)  # fmt: skip
_NOT_KEY = re.compile(r"[^0-9a-z]+")


def column_key(column: Any) -> str:
    """``"Phone Number "`` -> ``"phone_number"``: how headers and synonyms are compared.
    Letters outside ASCII are transliterated first (``"Âge"`` -> ``"age"``, ``"Tuổi"``
    -> ``"tuoi"``), not dropped: dropped, two labels in French or Vietnamese fell to the
    same stub ("ge", "ng_y")."""
    return _NOT_KEY.sub("_", anyascii(str(column or "")).strip().lower()).strip("_")


@dataclass(frozen=True)
class Field:
    """One field of a kind: its type, whether a table must have it, its other names."""

    name: str
    type: str
    required: bool = False
    synonyms: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Mapping:
    """The columns one table kind reads."""

    kind: str
    description: str
    fields: dict[str, Field]
    one_of: tuple[tuple[str, ...], ...] = ()
    names: dict[str, str] = field(default_factory=dict)  # column key -> field
    platform_columns: bool = False  # a column named after a platform holds its handles

    def field_of(self, column: str) -> str | None:
        return self.names.get(column_key(column))

    def missing(self, fields: set[str]) -> list[str]:
        """Required fields (and ``one_of`` groups) a table with ``fields`` lacks."""
        out = [f.name for f in self.fields.values() if f.required and f.name not in fields]
        out += [" or ".join(group) for group in self.one_of if not fields & set(group)]
        return out


def _fields(raw: Any, where: str) -> dict[str, Field]:
    if not isinstance(raw, dict) or not raw:
        raise SchemaError(f"{where}: `fields` must be a mapping of field names")
    out = {}
    for name, spec in raw.items():
        spec = spec or {}
        kind = spec.get("type", "text")
        if kind not in FIELD_TYPES:
            raise SchemaError(f"{where}: field {name!r} has unknown type {kind!r}")
        unknown = set(spec) - {"type", "required", "synonyms", "description"}
        if unknown:
            raise SchemaError(f"{where}: field {name!r} has unknown keys {sorted(unknown)}")
        synonyms = tuple(column_key(s) for s in spec.get("synonyms") or ())
        out[name] = Field(
            name, kind, bool(spec.get("required")), synonyms, spec.get("description", "")
        )
    return out


def _names(kind: str, fields: dict[str, Field]) -> dict[str, str]:
    """Column key -> field; a name claimed by two fields of one kind is a schema error."""
    names: dict[str, str] = {}
    for f in fields.values():
        for key in (column_key(f.name), *f.synonyms):
            if names.setdefault(key, f.name) != f.name:
                raise SchemaError(
                    f"mapping {kind}: column {key!r} is claimed by {names[key]!r} and {f.name!r}"
                )
    return names


def _read(name: str) -> dict[str, Any]:
    text = resources.files("casegraph.graph_schema").joinpath("mappings", name).read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise SchemaError(f"mappings/{name}: not a YAML mapping")
    return data


@cache
def mappings() -> dict[str, Mapping]:
    """Every table kind's mapping, checked: types known, no column claimed twice."""
    common = _fields(_read("common.yaml").get("fields"), "mappings/common.yaml")
    found = {}
    folder = resources.files("casegraph.graph_schema").joinpath("mappings")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml") or entry.name == "common.yaml":
            continue
        data = _read(entry.name)
        where = f"mappings/{entry.name}"
        kind = data.get("kind")
        if kind != entry.name.removesuffix(".yaml"):
            raise SchemaError(f"{where}: `kind` must be {entry.name.removesuffix('.yaml')!r}")
        own = _fields(data.get("fields"), where)
        clash = set(own) & set(common)
        if clash:
            raise SchemaError(f"{where}: redefines common field(s) {sorted(clash)}")
        fields = {**own, **common}
        one_of = tuple(tuple(group) for group in data.get("one_of") or ())
        for group in one_of:
            if not set(group) <= set(fields):
                raise SchemaError(f"{where}: one_of names unknown fields {group}")
        found[kind] = Mapping(
            kind,
            data.get("description", ""),
            fields,
            one_of,
            _names(kind, fields),
            bool(data.get("platform_columns")),
        )
    return found


@dataclass(frozen=True)
class UserMapping:
    """A user's mapping file: optionally the kind, and which of their columns is which field."""

    path: str
    kind: str | None
    columns: dict[str, str]  # column key -> field


def load_user_mapping(path: str | Path) -> UserMapping:
    """Read and check ``--mapping FILE``; InputError names what is wrong.

    ``kind: phones`` and ``columns: {Phone Number: phone, Name: holder_name}``; without
    ``kind`` the columns are read by whichever kind the table turns out to be.
    """
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read the mapping file ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise InputError(f"{path}: a mapping file needs `columns: {{your column: field}}`")
    kind = data.get("kind")
    known = mappings()
    if kind is not None and kind not in known:
        raise InputError(f"{path}: unknown kind {kind!r}; known: {', '.join(known)}")
    fields = set(known[kind].fields) if kind else {f for m in known.values() for f in m.fields}
    bad = [str(v) for v in data["columns"].values() if v not in fields]
    if bad:
        raise InputError(
            f"{path}: unknown field(s) {', '.join(bad)}; fields of {kind or 'any kind'}: "
            f"{', '.join(sorted(fields))}"
        )
    columns = {column_key(c): str(f) for c, f in data["columns"].items()}
    return UserMapping(str(path), kind, columns)


@dataclass
class KindMatch:
    """How one kind would read a table: column -> field, what is missing, the confidence."""

    kind: str
    columns: dict[str, str]  # the table's column -> field
    missing: list[str]
    lost: list[str]  # columns another kind would read but this one does not
    extra: list[str]  # columns no kind reads (kept as `extra`)
    confidence: float
    by: str = "columns"  # or "sheet name", "--kind", "mapping file"
    accounts: dict[str, str] = field(default_factory=dict)  # column named after a platform

    @property
    def complete(self) -> bool:
        return not self.missing

    def describe(self) -> str:
        why = f"missing {', '.join(self.missing)}" if self.missing else ""
        lost = f"would not read {', '.join(self.lost)}" if self.lost else ""
        detail = "; ".join(p for p in (why, lost) if p)
        return f"{self.kind} ({self.confidence:.0%}{': ' + detail if detail else ''})"


def _match(header: list[str], mapping: Mapping, user: UserMapping | None) -> KindMatch:
    known = mappings()
    columns, lost, extra, accounts = {}, [], [], {}
    for column in header:
        if not column_key(column):
            continue
        given = user.columns.get(column_key(column)) if user else None
        target = given if given in mapping.fields else mapping.field_of(column)
        if target and target not in columns.values():
            columns[column] = target
        elif any(m.field_of(column) for m in known.values()) or (user and given):
            lost.append(column)
        elif mapping.platform_columns and platform_column(column):
            accounts[column] = platform_column(column) or ""
        else:
            extra.append(column)
    read = len(columns)
    confidence = read / (read + len(lost)) if read else 0.0
    missing = mapping.missing(set(columns.values()))
    match = KindMatch(mapping.kind, columns, missing, lost, extra, round(confidence, 2))
    match.accounts = accounts
    return match


_HANDLE_WORDS = re.compile(r"_(?:id|handle|account|username|user|name|no|number)$")


def platform_column(column: str) -> str | None:
    """The platform a column is named after ("Telegram", "Line ID", "WeChat ID",
    "WhatsApp number"), whose cells are handles on it; else None."""
    from casegraph.loaders.vocabulary import platform

    key = column_key(column)
    return platform(key) or platform(_HANDLE_WORDS.sub("", key))


def decide_kind(
    header: list[str],
    sheet: str | None = None,
    forced: str | None = None,
    user: UserMapping | None = None,
    file: str | None = None,
) -> tuple[KindMatch | None, list[KindMatch]]:
    """(the kind that reads this table, every kind's reading, best first).

    The kind is forced (``--kind``, the mapping file's ``kind``), else named by the
    sheet, else the one complete reading with the highest confidence, at least
    ``CONFIDENCE`` and ahead of the next complete one; when two tie, the one the file's
    name names (``agencies.csv``). None when no kind qualifies or two tie: the caller
    reports the candidates.
    """
    known = mappings()
    readings = sorted(
        (_match(header, m, user) for m in known.values()),
        key=lambda m: (m.complete, m.confidence, len(m.columns)),
        reverse=True,
    )
    chosen = forced or (user.kind if user else None)
    by = "--kind" if forced else "mapping file"
    if chosen is None and sheet and column_key(sheet) in known:
        chosen, by = column_key(sheet), "sheet name"
    if chosen is not None:
        match = next(m for m in readings if m.kind == chosen)
        match.by = by
        return match, readings
    complete = [m for m in readings if m.complete and m.confidence >= CONFIDENCE]
    if not complete:
        return None, readings
    best = complete[0]
    tied = [
        m
        for m in complete
        if (m.confidence, len(m.columns)) == (best.confidence, len(best.columns))
    ]
    if len(tied) > 1:
        named = [m for m in tied if file and m.kind in column_key(file)]
        if len(named) != 1:
            return None, readings
        best, best.by = named[0], "columns and file name"
    return best, readings

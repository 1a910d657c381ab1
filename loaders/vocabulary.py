"""Open vocabularies: roles, relation types, payment kinds and channels, yes/no flags.

The known values and the ways field offices write them live in
``graph_schema/vocabularies.yaml``. A value that is not known is not a reason to drop
a row: it is kept as ``other:<value>`` (the caller reports it once as a note, or as a
problem with ``--strict``), so nothing the officer wrote is lost or silently changed.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from casegraph.core.errors import SchemaError
from casegraph.core.identifiers import PLATFORMS, normalize_chain, normalize_platform
from casegraph.graph_schema import load_schema

__all__ = [
    "OTHER",
    "SHARED_ROLES",
    "flag",
    "lookup",
    "month_first",
    "platform",
    "relation_type",
    "split_roles",
    "term",
    "vocabulary",
]

OTHER = "other:"
# Roles of a number's holder that make it shared (a hotline, an agency's switchboard):
# many people use it, so it is no evidence of who is who.
SHARED_ROLES = ("hotline", "agency")
_SEPARATORS = re.compile(r"\s*(?:[;/,&+|]|\band\b)\s*", re.IGNORECASE)
_VOCABULARIES = (
    "roles", "relation_types", "relation_types_from_person", "payment_kinds",
    "payment_channels", "flags", "platforms",
)  # fmt: skip


def term(value: Any) -> str:
    """``"Bank-Account "`` -> ``"bank account"``: how values and synonyms are compared."""
    return " ".join(re.sub(r"[-_]+", " ", str(value or "")).lower().split())


@cache
def _data() -> dict[str, Any]:
    text = (
        resources.files("casegraph.graph_schema").joinpath("vocabularies.yaml").read_text("utf-8")
    )
    data = yaml.safe_load(text)
    missing = [name for name in _VOCABULARIES if not isinstance(data.get(name), dict)]
    if missing:
        raise SchemaError(f"vocabularies.yaml: missing {', '.join(missing)}")
    known = set(load_schema().relationships)
    types = set(data["relation_types"]) | set(data["relation_types_from_person"].values())
    if types - known:
        raise SchemaError(f"vocabularies.yaml: not schema relationship types: {types - known}")
    unknown = set(data["platforms"]) - set(PLATFORMS)
    if unknown:
        raise SchemaError(f"vocabularies.yaml: platforms casegraph cannot read: {unknown}")
    return data


@cache
def vocabulary(name: str) -> dict[str, str]:
    """Every way of writing a value of vocabulary ``name`` (as ``term``) -> the value."""
    out: dict[str, str] = {}
    for value, synonyms in _data()[name].items():
        for written in (value, *(synonyms or ())):
            key = term(written)
            if out.setdefault(key, str(value)) != str(value):
                raise SchemaError(f"vocabularies.yaml: {name}: {written!r} means two values")
    return out


def lookup(name: str, value: Any) -> str | None:
    """The known value ``value`` stands for in vocabulary ``name``, else None."""
    return vocabulary(name).get(term(value))


def split_roles(value: Any) -> list[str]:
    """Roles as written: a list, or one cell such as ``"victim / recruiter"`` (two roles)."""
    items = value if isinstance(value, list) else [value]
    parts = [p for item in items if item is not None for p in _SEPARATORS.split(str(item))]
    return [p.strip() for p in parts if p and p.strip()]


def relation_type(value: Any) -> str | None:
    """The schema relationship type written as ``value`` (any case, or a synonym)."""
    written = term(value).replace(" ", "_").upper()
    if written in load_schema().relationships:
        return written
    return lookup("relation_types", value)


def person_form(rel_type: str) -> str:
    """The type a relation takes when it starts at a person (TRANSFERRED_TO -> HELD_AT)."""
    return _data()["relation_types_from_person"].get(rel_type, rel_type)


def month_first(country: str) -> bool:
    """True where offices write dates month first (US, PH...)."""
    return country.upper() in set(_data().get("month_first_countries") or ())


def flag(value: Any) -> bool | None:
    """yes / no / unknown (None); ValueError for anything else."""
    if value is None or isinstance(value, bool):
        return value
    if str(value).strip() == "":
        return None
    found = lookup("flags", value)
    if found is None:
        raise ValueError(f"{value!r} is not yes / no / unknown")
    return {"true": True, "false": False}.get(found)


def platform(value: Any) -> str | None:
    """The platform ``value`` names (``Kakao Talk`` -> ``kakaotalk``), else None."""
    return lookup("platforms", value) or normalize_platform(str(value or ""))


def payment_channel(value: Any) -> str | None:
    """bank_account, cash, hawala, mobile_money... or ``crypto:<chain>`` (USDT TRC20 -> tron)."""
    known = lookup("payment_channels", value)
    if known is not None:
        return known
    for word in [term(value), *term(value).split()]:
        chain = normalize_chain(word)
        if chain:
            return f"crypto:{chain}"
    return None

"""Run saved queries by name, from the CLI and from Python (notebooks, reports).

Saved queries always run through the store's read-only path; the catalog has
already refused any body with a write clause, and the store refuses writes in a
read transaction too, so a query that slips past one check meets the other.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from casegraph.core.errors import ParameterError, QueryError
from casegraph.services.catalog import Param, SavedQuery, load_catalog
from casegraph.services.find import Found, find_entity
from casegraph.services.postprocess import POSTPROCESSORS
from casegraph.store import GraphStore, Row
from casegraph.store.base import collection_paused
from casegraph.store.lists import nodes_by_element

__all__ = [
    "POSTPROCESSORS",
    "QueryResult",
    "coerce_params",
    "get_query",
    "resolve_params",
    "run_query",
]

#: Python steps a query header can name (``postprocess: NAME``) for what Cypher
#: cannot do the same way on both stores, e.g. centrality on the fetched subgraph.


@dataclass(frozen=True)
class QueryResult:
    query: SavedQuery
    params: dict[str, Any]
    rows: list[Row]
    backend: str
    #: What each entity parameter resolved to (name -> the entity found).
    found: dict[str, Found] = field(default_factory=dict)

    def looked_for(self) -> str:
        """What the query looked for, in words (said when it finds nothing)."""
        parts = []
        for name, value in self.params.items():
            if value in (None, "", []):
                continue
            hit = self.found.get(name)
            shown = f"{hit.id} ({hit.label})" if hit and hit.label != hit.id else value
            parts.append(f"{name}={shown}")
        return f"{self.query.name} found nothing for {', '.join(parts) or 'the whole graph'}"


def get_query(name: str) -> SavedQuery:
    """The saved query called ``name``; an unknown name suggests the nearest names."""
    catalog = load_catalog()
    if name in catalog:
        return catalog[name]
    near = difflib.get_close_matches(name, list(catalog), n=3, cutoff=0.4)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    raise QueryError(f"no saved query named {name!r}{hint} (see `casegraph query list`)")


def _expected(query: SavedQuery) -> str:
    parts = [
        f"{p.name} ({p.type}{', required' if p.required else f', default {p.default!r}'})"
        for p in query.params.values()
    ]
    return f"{query.name} expects: {', '.join(parts) if parts else 'no parameters'}"


def _coerce(param: Param, value: Any) -> Any:
    if value is None or not isinstance(value, str):
        return value
    text = value.strip()
    if param.type == "integer":
        return int(text)
    if param.type == "float":
        return float(text)
    if param.type == "boolean":
        if text.lower() in {"true", "yes", "1"}:
            return True
        if text.lower() in {"false", "no", "0"}:
            return False
        raise ValueError("not a boolean (true/false)")
    if param.type == "list":
        return [v.strip() for v in text.split(",") if v.strip()]
    if param.type == "date":
        return date.fromisoformat(text).isoformat()
    if param.choices and text and text.lower() not in param.choices:
        near = difflib.get_close_matches(text.lower(), param.choices, n=3, cutoff=0.5)
        hint = f"; closest: {', '.join(near)}" if near else ""
        raise ValueError(f"not one of {', '.join(param.choices)}{hint}")
    return value


def coerce_params(query: SavedQuery, given: Mapping[str, Any]) -> dict[str, Any]:
    """Typed parameters with defaults filled; every problem is reported at once."""
    problems, out = [], {}
    for name in given:
        if name not in query.params:
            problems.append(f"unknown parameter {name!r}")
    for name, param in query.params.items():
        if name not in given:
            if param.required:
                problems.append(f"missing parameter {name!r} ({param.type}): {param.description}")
            out[name] = param.default
            continue
        try:
            out[name] = _coerce(param, given[name])
        except ValueError as exc:
            problems.append(f"parameter {name!r}={given[name]!r} should be {param.type}: {exc}")
    if problems:
        raise ParameterError("; ".join(problems) + f". {_expected(query)}")
    return out


def resolve_params(
    store: GraphStore, query: SavedQuery, values: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Found]]:
    """Each parameter that names an entity replaced by the id it resolves to, and each
    one with a ``lookup`` joined by the ids of the nodes it finds (see ``Param.lookup``).

    An unknown name raises ParameterError with the closest known names before the query
    runs: an empty answer must mean "nothing known", never "misspelt". Empty values (the
    "all" of optional filters) pass through.
    """
    out, found = dict(values), {}
    problems = []
    for name, param in query.params.items():
        value = values.get(name)
        if param.lookup:
            label, prop = param.lookup.split(".", 1)
            key = value.strip().lower() if isinstance(value, str) else ""
            nodes = nodes_by_element(store, label, prop, [key]) if key else []
            out[f"{name}_nodes"] = sorted(n["id"] for n in nodes)
        if not param.entity or not isinstance(value, str) or not value.strip():
            continue
        try:
            found[name] = find_entity(store, param.entity, value)
        except ParameterError as exc:
            problems.append(f"{name}: {exc.message}")
            continue
        out[name] = found[name].id
    if problems:
        raise ParameterError("; ".join(problems))
    return out, found


def run_query(store: GraphStore, name: str, params: Mapping[str, Any] | None = None) -> QueryResult:
    """Resolve the entity parameters, run a saved query read-only and apply its Python
    post-processing step, if any."""
    query = get_query(name)
    values, found = resolve_params(store, query, coerce_params(query, params or {}))
    rows = store.read(query.body_for(store.backend), values)
    if query.postprocess:
        if query.postprocess not in POSTPROCESSORS:
            raise QueryError(f"{name}: unknown postprocess step {query.postprocess!r}")
        with collection_paused():  # a step reshapes every row: as many new values again
            rows = POSTPROCESSORS[query.postprocess](rows, values, store)
    return QueryResult(query=query, params=values, rows=rows, backend=store.backend, found=found)

"""Parse and validate the saved query catalog (``queries/*.cypher``).

Each file starts with a comment block of YAML (``// key: value`` lines) holding
name, title, audience, category, description, parameters (type, default,
description), an example, and revision; the Cypher body follows. One model
defines the header so that every file is checked the same way (the BloodHound
query library's pattern, with its weak points fixed: parameters are declared and
cross-checked against the body, descriptions are required).

A per-store variant ``NAME.falkordb.cypher`` or ``NAME.neo4j.cypher`` beside
``NAME.cypher`` holds only a body; the runner picks it for that backend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from casegraph.core.errors import Problem, QueryError, SchemaError
from casegraph.graph_schema import load_schema
from casegraph.queries import QUERY_DIR

__all__ = [
    "AUDIENCES",
    "ENTITY_KINDS",
    "PARAM_TYPES",
    "Param",
    "SavedQuery",
    "load_catalog",
    "parse_query_file",
]

AUDIENCES = ("investigator", "analyst", "prosecutor", "victim-support")
PARAM_TYPES = ("string", "integer", "float", "boolean", "list", "date")
#: What a string parameter may name; the runner resolves it before the query runs.
ENTITY_KINDS = ("person", "compound", "agency", "country", "identifier", "entity")
BACKENDS = ("falkordb", "neo4j")
_REQUIRED = ("name", "title", "audience", "description")
_PARAM_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# Clauses that write; checked outside strings and comments.
_WRITE_RE = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|LOAD\s+CSV|FOREACH)\b", re.IGNORECASE
)
_STRINGS_RE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    default: Any = None
    required: bool = True
    entity: str | None = None
    #: The only values a string parameter takes (a vocabulary); empty means any.
    choices: tuple[str, ...] = ()
    #: ``Label.prop``, a list index of the schema: the runner also binds ``$<name>_nodes``
    #: to the ids of the nodes whose list holds the lower-cased value (each store asks its
    #: own index; in Cypher ``k IN n.prop`` would scan every node on Neo4j).
    lookup: str | None = None


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    audience: tuple[str, ...]
    category: str
    description: str
    params: dict[str, Param]
    body: str
    path: Path
    example: dict[str, Any] = field(default_factory=dict)
    revision: int = 1
    postprocess: str | None = None
    picture: dict[str, Any] = field(default_factory=dict)
    variants: dict[str, str] = field(default_factory=dict)

    def body_for(self, backend: str) -> str:
        """The Cypher to run on ``backend``: its variant if one exists, else the shared body."""
        return self.variants.get(backend, self.body)


def _split(text: str) -> tuple[str, str, int]:
    """Header YAML (comment markers removed), body, and the body's first line number."""
    header, lines = [], text.splitlines()
    i = 0
    while i < len(lines) and (lines[i].startswith("//") or not lines[i].strip()):
        if lines[i].startswith("//"):
            header.append(lines[i][3:] if lines[i].startswith("// ") else lines[i][2:])
        i += 1
    return "\n".join(header), "\n".join(lines[i:]).strip().rstrip(";"), i + 1


def strip_literals(cypher: str) -> str:
    """Cypher without string literals, quoted names and comments (for keyword checks)."""
    return _STRINGS_RE.sub(" ", cypher)


def writes(cypher: str) -> list[str]:
    """The write clauses a statement contains (empty for a read-only statement)."""
    return sorted({m.group(1).upper() for m in _WRITE_RE.finditer(strip_literals(cypher))})


def parse_query_file(path: Path) -> SavedQuery:
    """Parse one query file, collecting every problem before raising."""
    header_text, body, body_line = _split(path.read_text(encoding="utf-8"))
    try:
        meta = yaml.safe_load(header_text) or {}
    except yaml.YAMLError as exc:
        raise QueryError(f"{path}: header is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise QueryError(f"{path}: header must be a YAML mapping")
    audience = meta.get("audience") or []
    audience = (audience,) if isinstance(audience, str) else tuple(audience)
    problems = _header_problems(meta, audience, path)
    params = _params(meta.get("parameters") or {}, path, problems)
    variants = _variants(path)
    for label, text in {"body": body, **variants}.items():
        problems += _body_problems(label, text, params, path, body_line)
    if problems:
        raise QueryError(f"invalid saved query {path.name}", problems)
    return SavedQuery(
        name=meta["name"],
        title=meta["title"],
        audience=audience,
        category=meta.get("category", "general"),
        description=" ".join(str(meta["description"]).split()),
        params=params,
        body=body,
        path=path,
        example=meta.get("example") or {},
        revision=int(meta.get("revision", 1)),
        postprocess=meta.get("postprocess"),
        picture=meta.get("picture") or {},
        variants=variants,
    )


def _header_problems(meta: dict, audience: tuple[str, ...], path: Path) -> list[Problem]:
    """Required keys, the name matching the file, known audiences."""
    problems = []
    for key in _REQUIRED:
        if not meta.get(key):
            problems.append(Problem(f"header needs a non-empty '{key}'", str(path), 1))
    if meta.get("name") and meta["name"] != path.name.removesuffix(".cypher"):
        problems.append(Problem(f"name {meta['name']!r} differs from the file name", str(path), 1))
    for a in audience:
        if a not in AUDIENCES:
            problems.append(Problem(f"unknown audience {a!r}; known: {AUDIENCES}", str(path), 1))
    return problems


def _variants(path: Path) -> dict[str, str]:
    """Per-backend bodies beside the query (``NAME.falkordb.cypher``), by backend."""
    variants = {}
    for backend in BACKENDS:
        vpath = path.with_name(f"{path.name.removesuffix('.cypher')}.{backend}.cypher")
        if vpath.exists():
            variants[backend] = _split(vpath.read_text(encoding="utf-8"))[1]
    return variants


def _body_problems(
    label: str, text: str, params: dict[str, Param], path: Path, line: int
) -> list[Problem]:
    """An empty body, parameters used but not declared or declared but not used, writes."""
    problems = []
    if not text:
        problems.append(Problem(f"{label} is empty", str(path), line))
    used = set(_PARAM_RE.findall(strip_literals(text)))
    found = {f"{name}_nodes" for name, p in params.items() if p.lookup}
    for name in sorted(used - set(params) - found):
        problems.append(Problem(f"{label} uses undeclared parameter ${name}", str(path)))
    for name in sorted(set(params) - used):
        problems.append(Problem(f"{label} never uses declared parameter {name!r}", str(path)))
    if writes(text):
        problems.append(
            Problem(f"{label} writes ({', '.join(writes(text))}): saved queries are read-only",
                    str(path), line)
        )  # fmt: skip
    return problems


def _params(spec: dict, path: Path, problems: list[Problem]) -> dict[str, Param]:
    out = {}
    for name, p in spec.items():
        if not isinstance(p, dict) or p.get("type") not in PARAM_TYPES:
            problems.append(Problem(f"parameter {name!r} needs a type in {PARAM_TYPES}", str(path)))
            continue
        if not p.get("description"):
            problems.append(Problem(f"parameter {name!r} needs a description", str(path)))
        if p.get("entity") is not None and p.get("entity") not in ENTITY_KINDS:
            problems.append(
                Problem(f"parameter {name!r}: entity must be one of {ENTITY_KINDS}", str(path))
            )
        if p.get("lookup") is not None:
            try:
                load_schema().list_index(*str(p["lookup"]).split(".", 1))
            except (SchemaError, TypeError) as exc:
                problems.append(Problem(f"parameter {name!r}: lookup: {exc}", str(path)))
        out[name] = Param(
            name=name,
            type=p["type"],
            description=str(p.get("description", "")),
            default=p.get("default"),
            required="default" not in p,
            entity=p.get("entity"),
            choices=tuple(str(c) for c in p.get("choices") or ()),
            lookup=p.get("lookup"),
        )
    return out


@cache
def load_catalog(directory: Path = QUERY_DIR) -> dict[str, SavedQuery]:
    """Every saved query by name; a broken file fails loudly with all its problems."""
    catalog: dict[str, SavedQuery] = {}
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.cypher")):
        if any(path.name.endswith(f".{b}.cypher") for b in BACKENDS):
            continue
        try:
            query = parse_query_file(path)
        except QueryError as exc:
            problems.extend(exc.problems or [Problem(exc.message, str(path))])
            continue
        catalog[query.name] = query
    if problems:
        raise QueryError("the saved query catalog has problems", problems)
    return catalog

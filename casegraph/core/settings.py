"""All CASEGRAPH_* settings, read in one place.

Settings come from the environment first, then from an optional config file
(``$CASEGRAPH_HOME/config.yaml`` or ``CASEGRAPH_CONFIG``), then defaults. Keeping
this in one module means every other part of casegraph receives plain values and
tests can build a Settings object without touching the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from casegraph.core.errors import ConfigError

_KEYS = ("store", "uri", "user", "password", "database", "home")
STORES = ("falkordb", "neo4j")
_SCHEMES = {"bolt", "neo4j", "bolt+s", "neo4j+s", "bolt+ssc", "neo4j+ssc"}


@dataclass(frozen=True)
class Settings:
    """Where casegraph keeps its data and which store it talks to."""

    home: Path = field(default_factory=lambda: Path(".casegraph").resolve())
    uri: str | None = None
    user: str = "neo4j"
    password: str | None = None
    database: str = "neo4j"
    graph: str = "casegraph"
    debug: bool = False

    @property
    def backend(self) -> str:
        """``neo4j`` when a bolt/neo4j URI is configured, else the embedded ``falkordb``."""
        return "neo4j" if self.uri else "falkordb"

    def with_home(self, home: Path) -> Settings:
        return replace(self, home=home.resolve())


def _from_file(path: Path) -> dict[str, str]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must hold a mapping of settings")
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise ConfigError(f"config file {path}: unknown settings {unknown}; known: {list(_KEYS)}")
    return {k: str(v) for k, v in data.items() if v is not None}


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Build Settings from the environment and the optional config file.

    CASEGRAPH_STORE (``--store``) names the store outright: ``neo4j`` insists on a URI
    instead of quietly falling back to the embedded store, ``falkordb`` ignores one.
    """
    env = os.environ if environ is None else environ
    home = Path(env.get("CASEGRAPH_HOME") or ".casegraph").expanduser().resolve()
    config_path = Path(env["CASEGRAPH_CONFIG"]) if env.get("CASEGRAPH_CONFIG") else None
    if config_path is None and (home / "config.yaml").is_file():
        config_path = home / "config.yaml"
    from_file = _from_file(config_path) if config_path else {}

    def get(key: str, default: str | None = None) -> str | None:
        return env.get(f"CASEGRAPH_{key.upper()}") or from_file.get(key) or default

    uri = get("uri")
    store = get("store")
    if store is not None and store not in STORES:
        raise ConfigError(f"CASEGRAPH_STORE={store!r} is not one of {', '.join(STORES)}")
    if store == "neo4j" and not uri:
        raise ConfigError(
            "the Neo4j store needs CASEGRAPH_URI (bolt://host:7687), and CASEGRAPH_USER and"
            " CASEGRAPH_PASSWORD if it asks for them, in the environment or config.yaml"
        )
    if store == "falkordb":
        uri = None  # the embedded store, even where a Neo4j URI is configured
    if uri and uri.split("://", 1)[0] not in _SCHEMES:
        raise ConfigError(f"CASEGRAPH_URI={uri!r} is not a bolt:// or neo4j:// URI")
    return Settings(
        home=Path(get("home", str(home))).expanduser().resolve(),
        uri=uri,
        user=get("user", "neo4j") or "neo4j",
        password=get("password"),
        database=get("database", "neo4j") or "neo4j",
        debug=bool(env.get("CASEGRAPH_DEBUG")),
    )


def load_limits(environ: dict[str, str] | None = None) -> dict[str, int]:
    """``CASEGRAPH_LIMIT_<NAME>=N`` overrides of the input limits, by lower-case name.

    The names and defaults live with the loaders (``casegraph.loaders.limits``); this
    only reads the environment, so every CASEGRAPH_* variable is read in this module.
    """
    env = os.environ if environ is None else environ
    found = {}
    for key, value in env.items():
        if not key.startswith("CASEGRAPH_LIMIT_"):
            continue
        try:
            number = int(value.replace("_", ""))
        except ValueError:
            raise ConfigError(f"{key}={value!r} is not a whole number") from None
        if number <= 0:
            raise ConfigError(f"{key}={value!r} must be above 0")
        found[key.removeprefix("CASEGRAPH_LIMIT_").lower()] = number
    return found

"""Options and output helpers shared by every command."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import click
import yaml

from casegraph.core.settings import load_settings
from casegraph.store import GraphStore, open_store

FORMATS = ("table", "csv", "json")
#: ``--full`` for every command that prints a table.
full_option = click.option(
    "--full", is_flag=True, help="Show table cells whole (by default cut at 60 characters with …)."
)

# Options several commands share, declared once (same name, same meaning everywhere).
REVEAL = click.option(
    "--reveal", is_flag=True, help="Show victims' real names (default: pseudonyms)."
)


def output_file(text: str, required: bool = True) -> Callable:
    """``-o/--output FILE`` for a command that writes one file (``text``: its help)."""
    return click.option(
        "-o", "--output", required=required, type=click.Path(dir_okay=False), help=text
    )


def store_from_context() -> GraphStore:
    """Open the configured store (embedded FalkorDB unless CASEGRAPH_URI is set)."""
    return open_store(load_settings())


def parse_params(items: Sequence[str]) -> dict[str, str]:
    """Turn repeated ``--param k=v`` into a dict of strings (typing is the caller's job)."""
    params = {}
    for item in items:
        if "=" not in item:
            raise click.BadParameter(f"{item!r} is not key=value", param_hint="--param")
        key, value = item.split("=", 1)
        params[key.strip()] = value
    return params


def _scalar(text: str) -> object:
    # "+855..." and "0712..." must stay strings: YAML would read them as numbers.
    if text.startswith(("+", "0")):
        return text
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return value if isinstance(value, str | int | float | bool | list) else text


def typed_params(items: Sequence[str]) -> dict[str, Any]:
    """``--param k=v`` for ad-hoc Cypher: values read as YAML scalars (numbers, booleans,
    lists), phone-like values kept as strings. Saved queries type by their header instead."""
    return {k: _scalar(v) for k, v in parse_params(items).items()}

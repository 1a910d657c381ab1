"""Data files shipped inside the package (schema, saved queries, templates, gazetteer,
examples ...), found through :mod:`importlib.resources`.

The same call finds them from a source checkout, an editable install and a regular
``pip install``, wherever the package was installed, so nothing depends on where a
module sits in the repository (``Path(__file__).parents[n]`` breaks once installed).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from casegraph.core.errors import ConfigError

__all__ = ["package_path", "package_yaml"]


def package_path(package: str, *parts: str) -> Path:
    """The file or folder ``parts`` inside ``package`` (a dotted name), as a path on disk.

    Loaders and templates read folders and name files in their messages, so a real path
    is needed; pip installs packages unzipped, where it always is one.
    """
    found = files(package).joinpath(*parts)
    if not isinstance(found, Path):
        raise ConfigError(
            f"{package} is installed inside an archive ({found}): casegraph needs its data "
            "files on disk; install it with pip (unzipped)"
        )
    return found


@cache
def package_yaml(package: str, *parts: str) -> Any:
    """A YAML data file shipped in ``package`` (vocabularies, labels, name rules), parsed
    once a process: callers read it, never change it, and some look it up per name."""
    return yaml.safe_load(package_path(package, *parts).read_text(encoding="utf-8"))

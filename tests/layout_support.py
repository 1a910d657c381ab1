"""The repository's package folders and the package each becomes, read from pyproject's
``[tool.setuptools.package-dir]`` (the one place the mapping is written)."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def package_folders() -> dict[str, str]:
    """Top-level folder -> dotted package name (``loaders`` -> ``casegraph.loaders``)."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    mapping = config["tool"]["setuptools"]["package-dir"]
    return {folder: package for package, folder in mapping.items() if "/" not in folder}

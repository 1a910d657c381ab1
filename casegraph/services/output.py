"""Where a picture or table goes: the file, its format and its folder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from casegraph.core.errors import ParameterError

__all__ = ["output_file"]


def output_file(
    path: str | Path, fmt: str | None, formats: Sequence[str], what: str
) -> tuple[Path, str]:
    """The file to write and its format (``fmt``, else the file's suffix), with its folder
    created; a format outside ``formats`` is a ParameterError naming ``what`` it is for."""
    out = Path(path)
    fmt = (fmt or out.suffix.lstrip(".")).lower()
    if fmt not in formats:
        raise ParameterError(f"{what} is written as {', '.join(formats)}, not {fmt!r}")
    out.parent.mkdir(parents=True, exist_ok=True)
    return out, fmt

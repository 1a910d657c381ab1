"""Input limits: what a single file may ask of a load before it is refused.

A load must finish, in bounded time and memory, whatever it is given: a 10 MB
narrative took minutes and 709 MB, a YAML alias bomb 3.8 GB, an XLSX whose used range
reaches XFD1048576 never finished. Each limit below is checked where the input is read,
and going over it rejects the file (or the narrative's mining, or the row) with a reason
naming the limit and the variable that raises it; the rest of the load goes on.

Every limit is set with ``CASEGRAPH_LIMIT_<NAME>`` (``CASEGRAPH_LIMIT_FILE_MB=500``).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, fields, replace
from functools import cache

from casegraph.core.errors import ConfigError
from casegraph.core.settings import load_limits

__all__ = ["KEY_BYTES_MAX", "Limits", "check_zip", "current", "key_problem", "looks_binary", "over"]

# FalkorDB's server dies (SIGSEGV) writing a value over 4,096 bytes under a unique key
# (measured on FalkorDB 4.x / Redis 8.2): a key limit above it would let it crash.
KEY_BYTES_MAX = 4096
KEY_BYTES_MIN = 256  # ids this short are never checked (a load asserts millions)


@dataclass(frozen=True)
class Limits:
    """The limits in force, with their defaults (see the README's Limits and safety)."""

    file_mb: int = 100  # any one input file
    narrative_chars: int = 200_000  # a debrief's free text, mined phrase by phrase
    yaml_depth: int = 64  # nesting of mappings and lists in front matter, YAML or JSON
    yaml_values: int = 200_000  # values after expanding YAML aliases (billion laughs)
    table_columns: int = 1_000  # columns of a CSV, sheet or GeoJSON properties
    table_rows: int = 1_000_000  # rows of one CSV or sheet, features of one GeoJSON
    cell_chars: int = 100_000  # characters in one cell or YAML value
    xlsx_expanded_mb: int = 500  # an XLSX's parts once unzipped (zip bombs)
    key_bytes: int = 1_024  # a node's key (id), at most KEY_BYTES_MAX

    @property
    def file_bytes(self) -> int:
        return self.file_mb * 1024 * 1024


@cache
def _from_environment(items: tuple[tuple[str, int], ...]) -> Limits:
    known = {f.name for f in fields(Limits)}
    unknown = sorted(set(dict(items)) - known)
    if unknown:
        names = ", ".join(f"CASEGRAPH_LIMIT_{n.upper()}" for n in sorted(known))
        raise ConfigError(f"unknown limit(s) {unknown}; known: {names}")
    found = replace(Limits(), **dict(items))
    if not KEY_BYTES_MIN <= found.key_bytes <= KEY_BYTES_MAX:
        raise ConfigError(
            f"CASEGRAPH_LIMIT_KEY_BYTES={found.key_bytes:,} must be from {KEY_BYTES_MIN:,} to"
            f" {KEY_BYTES_MAX:,} (the embedded store crashes on a longer key)"
        )
    return found


def current() -> Limits:
    """The limits of this process: defaults, overridden by CASEGRAPH_LIMIT_* variables."""
    return _from_environment(tuple(sorted(load_limits().items())))


def over(name: str, found: int | str, what: str) -> str:
    """The reason given when ``what`` (``found`` of it) is over limit ``name``."""
    limit = getattr(current(), name)
    shown = f"{found:,}" if isinstance(found, int) else found
    return (
        f"{what}: {shown} is over the limit of {limit:,}"
        f" (raise it with CASEGRAPH_LIMIT_{name.upper()} if this input is genuine)"
    )


def key_problem(label: str, key: str) -> str | None:
    """Why ``key`` cannot be the id of a ``label`` node (too long to index), or None."""
    if len(key) * 4 <= KEY_BYTES_MIN:  # UTF-8 takes at most 4 bytes a character
        return None
    size = len(key.encode("utf-8"))
    if size <= current().key_bytes:
        return None
    return over("key_bytes", size, f"the {label} id made from it ({key[:30]}...) in bytes")


def check_zip(data: bytes) -> None:
    """ValueError when a zip (an XLSX) would unpack past ``xlsx_expanded_mb``: a zip bomb
    is refused from its directory, before anything is decompressed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        total = sum(item.file_size for item in archive.infolist())
    if total > current().xlsx_expanded_mb * 1024 * 1024:
        size = f"{total / 1048576:,.0f} MB"
        raise ValueError(over("xlsx_expanded_mb", size, "size once unzipped"))


_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))


def looks_binary(data: bytes) -> bool:
    """True when a file meant to be text is mostly not: over 5% control bytes (NUL...) in
    its first 8 KB. Text with a byte-order mark (UTF-16 and UTF-32 too) is text."""
    head = data[:8192]
    if not head or head.startswith(_BOMS):
        return False
    return sum(head.count(b) for b in _CONTROL) > len(head) * 0.05

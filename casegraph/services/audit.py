"""The audit trail: who loaded, resolved, decided, queried, exported or revealed what.

Case data names victims and suspects, so every action that reads it out or changes it
leaves one JSON line in ``$CASEGRAPH_HOME/audit.jsonl``: the OS user, the UTC time, the
action, its parameters, row counts, and for a written file its path and sha256. The
file is append-only (opened ``O_APPEND``, 0600, one ``write`` per entry under a lock,
never rewritten); ``casegraph audit`` shows and filters it.

When the configured store is Neo4j (a server others may administer, back up and query), each entry
is also created there as an ``:AuditEntry`` node with the same ``id``: one CREATE, never
a MERGE or SET, and ``store reset`` leaves these nodes (the schema marks the label
internal and kept). The file stays the primary record: a mirror that fails is a
warning, never a lost entry or a failed command. ``casegraph audit --from-store`` reads
the Neo4j copy.

Other parts of casegraph call :func:`record`::

    from casegraph.services import audit
    audit.record("export", params={"query": name}, rows=len(rows), output=path, reveal=reveal)
"""

from __future__ import annotations

import fcntl
import getpass
import hashlib
import json
import logging
import os
import socket
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from casegraph import __version__
from casegraph.core.errors import StoreError
from casegraph.core.private import private_dir, private_open
from casegraph.core.settings import load_settings
from casegraph.store import GraphStore, open_store

__all__ = ["ACTIONS", "AUDIT_FILE", "audit_path", "entries", "file_digest", "record"]

log = logging.getLogger(__name__)

AUDIT_FILE = "audit.jsonl"
# The actions casegraph itself records; callers may add their own names.
ACTIONS = ("load", "resolve", "review", "query", "cypher", "export", "report", "reveal")
# The Neo4j copy: created once, never matched and changed.
MIRROR = """
CREATE (:AuditEntry {id: $id, time: $time, action: $action, user: $user, reveal: $reveal,
                     entry: $entry})
"""
FROM_STORE = "MATCH (a:AuditEntry) RETURN a.entry AS entry ORDER BY a.time, a.id"


def audit_path(home: Path | None = None) -> Path:
    """The audit log of a CASEGRAPH_HOME (the configured one by default)."""
    return (home or load_settings().home) / AUDIT_FILE


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        return f"uid:{os.getuid()}"


def file_digest(path: str | Path) -> str | None:
    """sha256 of a written file, None when there is no such file (stdout, a folder)."""
    p = Path(path)
    if not p.is_file():
        return None
    digest = hashlib.sha256()
    with p.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return str(value)


def record(
    action: str,
    *,
    params: Mapping[str, Any] | None = None,
    rows: int | Mapping[str, int] | None = None,
    output: str | Path | Iterable[str | Path] | None = None,
    reveal: bool = False,
    store: Any = None,
    home: Path | None = None,
    **details: Any,
) -> dict[str, Any]:
    """Append one entry to the audit log and return it.

    ``action`` says what happened (``load``, ``query``, ``export``...); ``params`` the
    arguments that decide what was read; ``rows`` a count (or counts by name);
    ``output`` the file or files written (each logged with its sha256); ``reveal``
    True when victims' names were shown; ``store`` the store used (its location is
    logged); ``details`` anything else worth keeping (JSON-safe values).
    """
    outputs = [] if output is None else [output] if isinstance(output, str | Path) else output
    entry: dict[str, Any] = {
        "id": uuid.uuid4().hex,
        "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "user": _user(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "action": action,
        "params": _plain(params or {}),
        "rows": _plain(rows),
        "outputs": [
            {"path": str(Path(o).resolve()), "sha256": file_digest(o)}
            for o in outputs
            if str(o) != "-"
        ],
        "reveal": bool(reveal),
        "store": getattr(store, "location", None),
        "version": __version__,
        **{k: _plain(v) for k, v in details.items()},
    }
    path = audit_path(home)
    private_dir(path.parent)
    line = json.dumps(entry, ensure_ascii=False, sort_keys=False) + "\n"
    with private_open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # one whole line per writer, even across processes
        try:
            if _ends_unfinished(path):  # a writer that crashed mid-line: keep ours whole
                line = "\n" + line
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    _mirror(entry, line.strip())
    return entry


def _mirror(entry: dict[str, Any], line: str) -> None:
    """Create the entry in Neo4j when that is the configured store (commands close their
    store before they record, so the mirror opens its own connection); the embedded
    store's trail is the file in its own folder."""
    if load_settings().backend != "neo4j":
        return
    params = {k: entry[k] for k in ("id", "time", "action", "user", "reveal")}
    try:
        store = open_store()
        try:
            store.write(MIRROR, {**params, "entry": line})
        finally:
            store.close()
    except StoreError as exc:
        log.warning("audit entry %s is in the file but not in Neo4j: %s", entry["id"], exc)


def _ends_unfinished(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        if handle.tell() == 0:
            return False
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) != b"\n"


def _file_lines(home: Path | None) -> Iterable[tuple[int, str]]:
    path = audit_path(home)
    if not path.is_file():
        return
    with path.open(encoding="utf-8", errors="replace") as handle:
        yield from enumerate(handle, start=1)


def _store_lines(store: GraphStore) -> Iterable[tuple[int, str]]:
    for number, row in enumerate(store.read(FROM_STORE), start=1):
        yield number, str(row["entry"])


def entries(
    home: Path | None = None,
    action: str | None = None,
    user: str | None = None,
    since: str | None = None,
    reveal_only: bool = False,
    contains: str | None = None,
    store: GraphStore | None = None,
) -> list[dict[str, Any]]:
    """The log's entries, oldest first, filtered by action, user, start time (an ISO date
    or time prefix compared as text), reveals only, or a text found anywhere in the entry.
    With ``store`` (Neo4j), the copy kept there is read instead of the file.

    A line that cannot be read (a crash mid-write) comes back as an entry with action
    ``unreadable`` and its line number, never silently dropped.
    """
    found = []
    for number, raw in _store_lines(store) if store is not None else _file_lines(home):
        if not raw.strip():
            continue
        try:
            entry = json.loads(raw)
        except ValueError:
            entry = {"action": "unreadable", "line": number, "text": raw[:200]}
        if action and entry.get("action") != action:
            continue
        if user and entry.get("user") != user:
            continue
        if since and str(entry.get("time", "")) < since:
            continue
        if reveal_only and not entry.get("reveal"):
            continue
        if contains and contains.lower() not in raw.lower():
            continue
        found.append(entry)
    return found

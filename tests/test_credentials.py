"""Neo4j credentials never appear in output or error messages, even when the server echoes them.

A small Bolt server stands in for Neo4j: it answers the handshake, reads the driver's HELLO (which
carries the password) and refuses it with a message that repeats the password.
"""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import threading
from collections.abc import Iterator

import pytest

from kg.load.store import Neo4jSettings
from tests.conftest import ROOT
from tests.test_cli import KG

SECRET = "hunter2-S3cret"


def _string(s: str) -> bytes:
    b = s.encode()
    return (bytes([0x80 + len(b)]) if len(b) < 16 else bytes([0xD0, len(b)])) + b


def _failure(message: str) -> bytes:
    """A Bolt FAILURE message, chunked."""
    body = bytes([0xB1, 0x7F, 0xA2]) + _string("code") + _string("Neo.ClientError.Security.Unauthorized") \
        + _string("message") + _string(message)
    return struct.pack(">H", len(body)) + body + b"\x00\x00"


@pytest.fixture()
def echoing_server() -> Iterator[tuple[int, list[bytes]]]:
    """A Bolt 5.0 server on 127.0.0.1 that refuses every login, quoting the credentials it received."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    received: list[bytes] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            with conn:
                conn.recv(20)
                conn.sendall(bytes([0, 0, 0, 5]))
                hello = conn.recv(65536)
                received.append(hello)
                conn.sendall(_failure(f"invalid credentials {hello.decode('latin-1')[-40:]}"))

    threading.Thread(target=serve, daemon=True).start()
    yield sock.getsockname()[1], received
    sock.close()


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *args], cwd=ROOT, capture_output=True, text=True, env={**os.environ, **env},
                          check=False, timeout=120)


@pytest.mark.parametrize("how", ["environment", "option", "uri"])
def test_password_never_shown(echoing_server, how: str) -> None:
    port, received = echoing_server
    uri = f"bolt://127.0.0.1:{port}"
    env: dict[str, str] = {}
    args = ["query", "-c", "RETURN 1 AS one"]
    if how == "environment":
        env = {"NEO4J_URI": uri, "NEO4J_PASSWORD": SECRET}
    elif how == "option":
        args += ["--neo4j-uri", uri, "--neo4j-password", SECRET]
    else:
        args += ["--neo4j-uri", f"bolt://analyst:{SECRET}@127.0.0.1:{port}"]
    result = run(args, env)
    assert result.returncode == 1
    assert any(SECRET.encode() in hello for hello in received)  # the password did reach the server
    assert f"cannot connect to Neo4j at {uri}" in result.stderr
    assert "invalid credentials" in result.stderr and "***" in result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_settings_keep_the_password_out_of_the_uri_and_repr() -> None:
    s = Neo4jSettings(f"neo4j+s://reader:{SECRET}@db.example.org:7687", "neo4j", "", "ipgov")
    assert (s.uri, s.user, s.password) == ("neo4j+s://db.example.org:7687", "reader", SECRET)
    assert SECRET not in repr(s) and SECRET not in str(s)
    assert s.scrub(f"failed for {SECRET}") == "failed for ***"


def test_help_shows_no_password(echoing_server) -> None:
    result = run(["query", "--help"], {"NEO4J_PASSWORD": SECRET})
    assert result.returncode == 0 and SECRET not in result.stdout

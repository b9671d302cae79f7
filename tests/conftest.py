"""Shared fixtures: a private KG_HOME and a really started embedded database server."""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
import random
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"


@pytest.fixture(scope="session")
def kg_home() -> Iterator[Path]:
    """A short private data home (unix socket paths are limited to ~100 characters)."""
    home = Path(tempfile.mkdtemp(prefix="kgt-", dir="/tmp"))
    old = os.environ.get("KG_HOME")
    os.environ["KG_HOME"] = str(home)
    yield home
    from kg.load import server

    server.stop()
    if old is None:
        os.environ.pop("KG_HOME", None)
    else:
        os.environ["KG_HOME"] = old


def _content_key() -> str:
    """A digest of the corpus and of the package's code and data: what the extracted corpus depends on."""
    digest = hashlib.sha256()
    for root in (CORPUS, ROOT / "kg"):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".txt", ".py", ".tsv", ".ttl")):
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def corpus_model():
    """The corpus extracted once (serially) and shared by the test processes through a file keyed by its content."""
    from kg.extract.pipeline import extract_paths

    cache = Path(tempfile.gettempdir()) / f"kg-test-corpus-{os.getuid()}"
    cache.mkdir(mode=0o700, exist_ok=True)
    target = cache / f"{_content_key()}.pickle"
    with (cache / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one process extracts, the others wait and read its result
        if target.exists():
            return pickle.loads(target.read_bytes())
        model = extract_paths([CORPUS], jobs=1)
        partial = target.with_suffix(f".{os.getpid()}")
        partial.write_bytes(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(target)
        return model


@pytest.fixture(scope="session")
def corpus_graph(corpus_model):
    from kg.ontology.mapping import to_graph

    return to_graph(corpus_model)


@pytest.fixture(scope="session")
def store_graph():
    """A sixth of the corpus for the store tests that run on both stores (FalkorDB's Bolt endpoint takes a
    message of at most a few KiB, so loading the whole corpus through it takes a minute): the Yangtze-belt
    document (results and plans of eleven provinces, centres) and the first typical-case collection."""
    from kg.extract.pipeline import extract_paths
    from kg.ontology.mapping import to_graph

    return to_graph(extract_paths([CORPUS / "yangtze-belt-performance-2016-2017-plans-2018.txt",
                                   CORPUS / "ip-power-typical-cases-batch1.txt"], jobs=1))


@pytest.fixture()
def store(kg_home):
    from kg.load.store import FalkorStore

    s = FalkorStore(graph="test")
    s.clear()
    yield s
    s.clear()
    s.close()


def _free_bolt_port() -> int:
    """A port free on every interface (FalkorDB's Bolt listener binds them all) and below 32768 (larger
    values of BOLT_PORT are silently ignored)."""
    rng = random.Random()
    for _ in range(200):
        port = rng.randrange(20000, 32000)
        try:
            for family, host in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
                with socket.socket(family) as s:
                    s.bind((host, port))
        except OSError:
            continue
        return port
    raise RuntimeError("no free port for the Bolt test server")


@pytest.fixture(scope="session")
def bolt_settings() -> Iterator:
    """Neo4j settings for the store tests: NEO4J_URI … when set (a scratch Neo4j database, which the tests
    clear), else a second embedded server speaking Bolt, reached through the official neo4j driver."""
    from kg.load.server import _binaries
    from kg.load.store import Neo4jSettings

    if os.environ.get("NEO4J_URI"):
        yield Neo4jSettings(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                            os.environ.get("NEO4J_PASSWORD", ""), os.environ.get("NEO4J_DATABASE") or None)
        return
    server, module = _binaries()
    home = Path(tempfile.mkdtemp(prefix="kgb-", dir="/tmp"))
    port = _free_bolt_port()
    proc = subprocess.Popen([server, "--port", "0", "--unixsocket", str(home / "s.sock"), "--dir", str(home),
                             "--save", "", "--appendonly", "no", "--loadmodule", module, "BOLT_PORT", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("the Bolt test server did not start") from None
            time.sleep(0.1)
    yield Neo4jSettings(f"bolt://127.0.0.1:{port}", "neo4j", "", None)
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="session")
def neo4j_store(bolt_settings) -> Iterator:
    """One Neo4j store for the session: FalkorDB's Bolt listener answers no new connection once a client
    has disconnected, so the stand-in is reached through one driver that stays open until the end."""
    from kg.load.store import Neo4jStore

    store = Neo4jStore(bolt_settings)
    yield store
    store.close()


@pytest.fixture(params=["embedded", "neo4j"])
def any_store(request, kg_home):
    """The same tests on both stores: the embedded server, and the Neo4j store over Bolt (``neo4j_store``)."""
    from kg.load.store import FalkorStore

    if request.param == "neo4j":
        s = request.getfixturevalue("neo4j_store")
        s.clear()
        yield s
        s.clear()
        return
    s = FalkorStore(graph="test")
    s.clear()
    yield s
    s.clear()
    s.close()

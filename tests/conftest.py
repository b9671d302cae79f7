"""Shared fixtures: a private KG_HOME and a really started embedded database server."""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
import tempfile
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


@pytest.fixture()
def store(kg_home):
    from kg.load.store import FalkorStore

    s = FalkorStore(graph="test")
    s.clear()
    yield s
    s.clear()
    s.close()


@pytest.fixture(params=["embedded", "neo4j"])
def any_store(request, kg_home):
    """The same tests on both stores: the embedded server, and Neo4j where NEO4J_URI names a scratch server."""
    from kg.load.store import FalkorStore, Neo4jSettings, Neo4jStore

    if request.param == "neo4j":
        uri = os.environ.get("NEO4J_URI")
        if not uri:
            pytest.skip("NEO4J_URI is not set; set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE to a "
                        "scratch Neo4j database (the tests clear it) to run the store tests on Neo4j too")
        s = Neo4jStore(Neo4jSettings(uri, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""),
                                     os.environ.get("NEO4J_DATABASE") or None))
    else:
        s = FalkorStore(graph="test")
    s.clear()
    yield s
    s.clear()
    s.close()

"""Shared fixtures: a private KG_HOME and a really started embedded database server."""

from __future__ import annotations

import os
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


@pytest.fixture(scope="session")
def corpus_model():
    from kg.extract.pipeline import extract_paths

    return extract_paths([CORPUS])


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

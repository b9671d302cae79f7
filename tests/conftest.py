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

"""`kg run` end to end on the sample corpus, then the other commands against what it built."""

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT

KG = [sys.executable, "-m", "kg"]


def kg(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([*KG, *args], cwd=cwd, capture_output=True, text=True, env=os.environ.copy(),
                            check=False)
    if check and result.returncode != 0:
        raise AssertionError(result.stdout + result.stderr)
    return result


@pytest.fixture(scope="module")
def built(kg_home, tmp_path_factory):
    from kg.load import server

    server.start()
    work = tmp_path_factory.mktemp("run")
    result = kg("run", str(CORPUS), "-o", str(work / "graph.ttl"), "--views", str(work / "views"), cwd=ROOT)
    return work, result


def db_counts(work: Path) -> tuple[str, str]:
    n = kg("query", "-c", "MATCH (n) RETURN count(n) AS n", "--format", "csv", cwd=work).stdout
    r = kg("query", "-c", "MATCH ()-[r]->() RETURN count(r) AS r", "--format", "csv", cwd=work).stdout
    return n, r


def test_run_writes_turtle_that_parses_and_validates(built) -> None:
    work, result = built
    assert "Nodes per class" in result.stdout and "Elapsed per stage" in result.stdout
    import pyoxigraph

    assert sum(1 for _ in pyoxigraph.parse(path=str(work / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)) > 10000
    assert "conforms" in kg("validate", str(work / "graph.ttl"), cwd=work).stdout


def test_query_answers_from_the_embedded_database(built) -> None:
    work, _ = built
    out = kg("query", "-c", "MATCH (p:Province) RETURN count(p) AS n", "--format", "json", cwd=work).stdout
    assert '"n": 33' in out


def test_views_are_written_and_parse(built) -> None:
    work, _ = built
    views = sorted((work / "views").glob("*.html"))
    assert (work / "views" / "graph.html") in views and (work / "views" / "province-510000.html") in views
    assert len(views) >= 32

    class Collect(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []

        def handle_starttag(self, tag, attrs) -> None:
            self.tags.append(tag)

    parser = Collect()
    page = (work / "views" / "province-510000.html").read_text(encoding="utf-8")
    parser.feed(page)
    assert "script" in parser.tags and "四川省" in page and "kg-legend" in page


def test_viz_lists_and_writes_single_views(built) -> None:
    work, _ = built
    listed = kg("viz", "--list", cwd=work).stdout
    assert all(name in listed for name in ("graph", "agency-network", "cases", "province:510000",
                                           "programme:patent-quality-improvement"))
    out = work / "one"
    written = kg("viz", "--view", "province:四川", "-o", str(out), cwd=work).stdout
    assert "province-510000.html" in written and [p.name for p in out.iterdir()] == ["province-510000.html"]
    kg("viz", "--view", "programme:专利质量提升工程", "-o", str(out), cwd=work)
    assert (out / "programme-patent-quality-improvement.html").exists()
    bad = kg("viz", "--view", "province:Atlantis", "-o", str(out), cwd=work, check=False)
    assert bad.returncode == 1 and "Atlantis" in bad.stderr and "Traceback" not in bad.stderr


def test_running_twice_keeps_the_counts(built) -> None:
    work, _ = built
    before = db_counts(work)
    kg("load", str(work / "graph.ttl"), cwd=work)
    assert db_counts(work) == before


def test_bad_turtle_is_one_readable_line(built, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <http://x/> .\nx:a x:b", encoding="utf-8")
    result = kg("load", str(bad), cwd=tmp_path, check=False)
    assert result.returncode == 1
    assert "bad.ttl" in result.stderr and "Traceback" not in result.stderr


def test_db_status_start_stop(kg_home) -> None:
    assert "running" in kg("db", "status", cwd=ROOT).stdout

"""Bad input through the command line: clear messages naming the file, no traceback, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal

from kg.ontology.namespaces import IPKG, RDF, RDFS
from tests.conftest import CORPUS
from tests.test_cli import kg
from tests.test_workplan import PLAN

GOOD = "ip-power-typical-cases-batch1.txt"


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / GOOD).write_bytes((CORPUS / GOOD).read_bytes())
    (docs / "empty.txt").write_bytes(b"")
    (docs / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (docs / "truncated.txt").write_bytes("中文".encode()[:-1])
    (docs / "gbk.txt").write_bytes("北京市知识产权局与四川省知识产权局联合开展专利质量提升工程。".encode("gb18030"))
    (docs / "huge.txt").write_text("湖南省知识产权局" + "知" * 1_000_000 + "\n", encoding="utf-8")  # over spaCy's limit
    return docs


def test_mixed_directory_keeps_the_good_and_lists_the_bad(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    result = kg("extract", str(mixed), "-o", str(out), cwd=tmp_path)
    err = result.stderr
    assert "Traceback" not in err + result.stdout
    assert "empty.txt: the file is empty" in err
    assert "binary.txt: binary data" in err
    assert "truncated.txt: not readable" in err
    for name in ("gbk.txt", "huge.txt"):
        assert f"{name}: no table or case layout found; read as prose" in " ".join(err.split())
    names = {str(o) for o in Graph().parse(out).objects(None, RDFS.label)}
    assert {"北京市", "四川省", "湖南省"} <= names  # the GB18030 file and the enormous line were read
    assert {"北京市知识产权局", "四川省知识产权局", "湖南省知识产权局"} <= names  # agencies named in free text
    assert any("理化技术研究所" in n for n in names)  # the good document
    (mixed / "huge.txt").unlink()
    strict = kg("extract", str(mixed), "-o", str(out), "--strict", cwd=tmp_path, check=False)
    assert strict.returncode == 1 and "--strict" in strict.stderr and "Traceback" not in strict.stderr


@pytest.fixture()
def small_graph(tmp_path: Path) -> Graph:
    from kg.extract.pipeline import extract_paths
    from kg.ontology.mapping import to_graph

    docs = tmp_path / "small"
    docs.mkdir()
    (docs / "plan.txt").write_text(PLAN, encoding="utf-8")
    return to_graph(extract_paths([docs]))


def test_shape_violations_are_reported_and_nothing_is_loaded(kg_home, small_graph: Graph, tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    small_graph.serialize(good, format="turtle")
    kg("load", str(good), "--replace", cwd=tmp_path)
    agency = next(iter(small_graph.subjects(RDF.type, IPKG.Agency)))
    small_graph.add((agency, IPKG.startOffset, Literal("not a number")))
    small_graph.remove((agency, RDFS.label, None))
    bad = tmp_path / "violating.ttl"
    small_graph.serialize(bad, format="turtle")
    validate = kg("validate", str(bad), cwd=tmp_path, check=False)
    assert validate.returncode == 1 and "Traceback" not in validate.stderr + validate.stdout
    assert "violat" in (validate.stdout + validate.stderr).lower()
    before = kg("query", "-c", "MATCH (n) RETURN count(n) AS n", "--format", "csv", cwd=tmp_path).stdout
    assert before.split() != ["n", "0"]
    load = kg("load", str(bad), cwd=tmp_path, check=False)
    assert load.returncode == 1 and "violating.ttl" in load.stderr and "Traceback" not in load.stderr
    assert kg("query", "-c", "MATCH (n) RETURN count(n) AS n", "--format", "csv", cwd=tmp_path).stdout == before


def test_querying_before_anything_is_loaded_says_so(kg_home) -> None:
    from kg.errors import KgError
    from kg.load.store import FalkorStore

    store = FalkorStore(graph="never-loaded")
    with pytest.raises(KgError, match="nothing has been loaded yet"):
        store.query("MATCH (n) RETURN count(n)")
    store.close()


def test_turtle_syntax_error_names_the_line(kg_home, tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix x: <http://x/> .\nx:a x:b x:c .\nx:d x:e\n", encoding="utf-8")
    for command in ("validate", "load"):
        result = kg(command, str(bad), cwd=tmp_path, check=False)
        assert result.returncode == 1 and "broken.ttl" in result.stderr and "Traceback" not in result.stderr
        assert "line" in result.stderr.lower()

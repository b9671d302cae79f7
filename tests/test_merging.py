"""Resolution across documents: near-duplicates listed, an analyst's decision merging or refusing them."""

from __future__ import annotations

from kg.merging import Decision, alike, decisions, names_of, near_duplicates, renames
from kg.model import Evidence, Model, Resource
from kg.ontology.mapping import triples
from kg.ontology.namespaces import SKOS


def _doc(key: str, title: str) -> Model:
    model = Model()
    res = Resource("PolicyDocument", f"policy/{key}", title)
    res.add_evidence(Evidence(key, 0, len(title), title))
    model.add(res)
    return model


def test_alike_names():
    assert alike("管理办法(试行)", "管理办法（试行）")
    assert alike("山东省工商管理局", "山东省工商行政管理局")
    assert alike("北京市人力资源社保局", "北京市人力资源和社会保障局")
    assert not alike("新疆维吾尔自治区农业厅", "新疆维吾尔自治区林业厅")
    assert not alike("中国（北京）知识产权保护中心", "中国（南京）知识产权保护中心")


def test_near_duplicates_are_listed_until_an_analyst_decides():
    a, b = _doc("a-000000000000", "某省知识产权管理办法(试行)"), _doc("b-000000000000", "某省知识产权管理办法（试行）")
    names = names_of([a, b])
    found = near_duplicates(names, {})
    assert [(d.first, d.second, d.first_sources, d.second_sources) for d in found] == [
        ("某省知识产权管理办法(试行)", "某省知识产权管理办法（试行）", ("a-000000000000",), ("b-000000000000",))]
    rename = renames(names, [Decision("PolicyDocument", "某省知识产权管理办法(试行)", "某省知识产权管理办法（试行）", True)])
    assert rename == {"policy/a-000000000000": "policy/b-000000000000"}
    assert near_duplicates(names, rename) == []
    merged = list(triples(a, rename=rename))
    subjects = {s for s, _, _ in merged if s.endswith("policy/b-000000000000")}
    assert subjects and not any(s.endswith("policy/a-000000000000") for s, _, _ in merged)
    assert any(p == str(SKOS.altLabel) and o.lex == "某省知识产权管理办法(试行)" for _, p, o in merged if hasattr(o, "lex"))


def test_the_shipped_decisions_read():
    rows = decisions()
    assert rows and all(d.cls and d.name and d.same_as for d in rows)

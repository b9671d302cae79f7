"""Every library query, run on the embedded server loaded from the sample corpus, answers as the documents do."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.errors import KgError
from kg.library import library, parse
from kg.ontology.namespaces import IPKG, RDF
from tests.conftest import CORPUS, ROOT

QUERIES = library(ROOT / "kg" / "queries")


@pytest.fixture(scope="module")
def loaded(kg_home, corpus_graph):
    from kg.load.loader import load
    from kg.load.property_graph import to_property_graph
    from kg.load.store import FalkorStore

    store = FalkorStore(graph="library")
    load(store, to_property_graph(corpus_graph), replace=True)
    yield store
    store.clear()
    store.close()


def run(store, query_name: str, /, **given: str) -> list[dict]:
    q = QUERIES[query_name]
    result = store.query(q.cypher, q.bind(given))
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def source(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def test_library_is_documented() -> None:
    assert len(QUERIES) >= 15
    for q in QUERIES.values():
        assert q.title and q.question_zh and q.question_en, q.name
        assert q.example.startswith(f"kg query {q.name}"), q.name
        for p in q.params:
            assert f"${p.name}" in q.cypher, (q.name, p.name)


def test_every_query_runs(loaded) -> None:
    for name in QUERIES:
        assert run(loaded, name), f"{name} returned no rows on the sample corpus"


def test_beijing_patent_quality_leads_and_supports(loaded) -> None:
    # 北京 plan: 实施专利质量提升工程 | 责任部门：市知识产权局配合部门：市经信委、市国资委
    rows = [r for r in run(loaded, "programme_leads") if r["province"] == "北京市"]
    assert len(rows) == 1
    assert rows[0]["leadAgencies"] == ["北京市知识产权局"]
    assert set(rows[0]["supportAgencies"]) == {"北京市经济和信息化委员会", "北京市人民政府国有资产监督管理委员会"}
    assert len(run(loaded, "programme_leads")) >= 24  # planned in about two dozen plans


def test_knowledge_value_credit_case_comes_from_chongqing(loaded) -> None:
    rows = run(loaded, "financing_cases")
    kv = [r for r in rows if "知识价值信用" in r["case"]]
    assert len(kv) == 1 and kv[0]["provinces"] == ["重庆市"]
    assert "知识价值信用贷款" in kv[0]["schemes"]
    money = {(r["value"], r["unit"], r["year"]) for r in run(loaded, "measured_outcomes", province="渝")}
    assert {(11.43, "亿元", 2018), (5.40, "亿元", 2018)} <= money  # 金额 11.43亿元，其中知识价值信用贷款 5.40 亿元


def test_hubei_has_one_centre(loaded) -> None:
    rows = run(loaded, "centres", province="湖北")
    assert [(r["centre"], r["kind"]) for r in rows] == [("中国（武汉光电子信息产业）知识产权保护中心", "知识产权保护中心")]
    beijing = {r["centre"] for r in run(loaded, "centres", province="110000")}
    assert "中国北京朝阳（设计服务业）知识产权快速维权中心" in beijing and "中国（中关村）知识产权保护中心" in beijing


def test_pilot_types(loaded) -> None:
    rows = {r["province"]: r for r in run(loaded, "pilot_types")}
    assert rows["广东省"]["pilotType"] == "引领型知识产权强省"
    assert any("获批" in r["firstStatement"] for r in rows.values())
    assert rows["江西省"]["pilotType"] == "特色型知识产权强省"
    tasks = {r["pilotType"]: r for r in run(loaded, "pilot_type_tasks")}
    assert tasks["引领型知识产权强省"]["target"] == "建成3—4个引领型知识产权强省"
    assert "构建知识产权驱动型创新生态体系" in tasks["引领型知识产权强省"]["tasks"]
    assert len(tasks["支撑型知识产权强省"]["tasks"]) == 4


def test_province_plan_and_policy_documents(loaded) -> None:
    plan = run(loaded, "province_plan", province="川")
    assert plan[0]["group"] == 1 and plan[0]["focus"] == "推进知识产权管理体制机制改革"
    assert any("专利质量提升工程" in r["workItem"] and r["leadAgencies"] == ["四川省知识产权局"] for r in plan)
    docs = {r["policyDocument"] for r in run(loaded, "province_policy_documents", province="四川省")}
    assert "四川省知识产权评议工作指南" in docs


def test_agencies(loaded) -> None:
    assert [(r["agency"], r["kind"]) for r in run(loaded, "agency_lookup", name="市高院")] == [("北京市高级人民法院", "法院")]
    kinds = {r["kind"]: r["names"] for r in run(loaded, "agencies_by_kind", province="北京")}
    assert "北京知识产权法院" in kinds["法院"] and "北京市高级人民法院" in kinds["法院"]
    top = run(loaded, "connected_agencies", limit="5")
    assert len(top) == 5 and all(r["kind"] == "知识产权管理部门" for r in top)
    assert all(r["asLead"] + r["asSupport"] >= r["workItems"] for r in top)
    pairs = run(loaded, "agency_coleads", province="重庆")
    assert pairs and all(r["province"] == "重庆市" for r in pairs)
    assert any("重庆市知识产权局" in (r["agency"], r["coLead"]) for r in pairs)


def test_cases(loaded) -> None:
    insurance = {r["case"]: r for r in run(loaded, "cases_by_programme", programme="专利保险")}
    case = insurance["以降低侵权损失为核心的专利保险机制"]
    assert set(case["contributors"]) == {"广东省", "安徽省", "上海市"}
    assert any(o.endswith("3436件") for o in case["measuredOutcomes"])
    sichuan = {r["case"] for r in run(loaded, "province_cases", province="四川")}
    assert "以协商估值、坏账分担为核心的中小企业商标质押贷款模式" in sichuan


def test_coverage_and_missing_leads(loaded) -> None:
    coverage = {r["programme"]: r for r in run(loaded, "programme_coverage")}
    assert coverage["专利质量提升工程"]["provinces"] >= 24
    assert coverage["知识价值信用贷款"]["cases"] >= 1
    provinces = run(loaded, "provinces")
    assert len(provinces) == 33 and provinces[0] == {"province": "北京市", "code": "110000",
                                                      "workItems": provinces[0]["workItems"]}
    planned = {r["province"]: r["programmes"] for r in run(loaded, "province_programmes")}
    assert "专利质量提升工程" in planned["四川省"]
    missing = run(loaded, "programmes_without_lead")
    independent = loaded.query("MATCH (w:WorkItem)-[:IMPLEMENTS]->(g:Programme), (w)-[:WAS_DERIVED_FROM]->(d:Document) "
                               "WHERE NOT (w)-[:LEAD_AGENCY]->() AND d.layout = 'work-plan' "
                               "RETURN count(*)").rows[0][0]
    assert len(missing) == independent
    # only plans with a department column, each row naming its document
    assert {r["document"] for r in missing} <= {"provincial-work-plans-2018.txt"}
    leads = {r["province"]: r for r in run(loaded, "programme_leads", programme="专利质量提升工程")
             if r["document"] == "provincial-work-plans-2018.txt"}
    assert "黑龙江省知识产权局" in leads["黑龙江省"]["leadAgencies"]


def test_evidence_quotes_the_document(loaded) -> None:
    rows = run(loaded, "evidence", text="知识价值信用")
    assert rows
    for r in rows:
        assert source(r["document"])[r["start"]:r["end"]] == r["quote"]
    assert any("重庆" in r["quote"] for r in rows)


def test_parameters_are_typed_and_checked() -> None:
    q = QUERIES["agency_coleads"]
    assert q.bind({"province": "510000", "limit": "3"}) == {"province": "四川省", "limit": 3}
    assert q.bind({}) == {"province": "", "limit": 25}
    with pytest.raises(KgError, match="not a province"):
        q.bind({"province": "火星"})
    with pytest.raises(KgError, match="expected a number"):
        q.bind({"limit": "many"})


def test_malformed_header_names_file_and_line(tmp_path) -> None:
    bad = tmp_path / "bad.cypher"
    bad.write_text("// Title: t\n// Param: x banana = 1\nRETURN 1", encoding="utf-8")
    with pytest.raises(KgError, match=r"bad.cypher:2"):
        parse(bad)


def test_cli_lists_and_reports_errors(kg_home) -> None:
    listing = subprocess.run([sys.executable, "-m", "kg", "query", "--list"], capture_output=True, text=True,
                             cwd=ROOT, check=False)
    assert listing.returncode == 0
    for name in QUERIES:
        assert name in listing.stdout
    bad = subprocess.run([sys.executable, "-m", "kg", "query", "province_plan", "--param", "province=火星"],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert bad.returncode == 1 and "not a province" in bad.stderr and "Traceback" not in bad.stderr


SPARQL = sorted((ROOT / "kg" / "queries" / "sparql").glob("*.rq"))


@pytest.fixture(scope="module")
def rdf(kg_home, corpus_graph, tmp_path_factory):
    """The corpus Turtle, which the SPARQL store is built from."""
    from kg.ontology.turtle import write_turtle

    ttl = tmp_path_factory.mktemp("sparql") / "graph.ttl"
    write_turtle(corpus_graph, ttl)
    return ttl


def sparql_rows(rdf, name: str) -> list[dict]:
    from kg.ontology.sparql import select

    path = ROOT / "kg" / "queries" / "sparql" / f"{name}.rq"
    result = select(rdf, path.read_text(encoding="utf-8"), str(path))
    assert isinstance(result, tuple)
    columns, rows = result
    return [dict(zip(columns, r, strict=True)) for r in rows]


def test_sparql_library(rdf, corpus_graph) -> None:
    assert len(SPARQL) >= 5
    for path in SPARQL:
        assert path.read_text(encoding="utf-8").startswith("# Title: ")
        assert sparql_rows(rdf, path.stem), path.name
    leads = {r["province"]: r["leadAgencies"] for r in sparql_rows(rdf, "programme_leads")}
    assert leads["北京市"] == "北京市知识产权局"
    centres = [r for r in sparql_rows(rdf, "centres") if r["province"] == "湖北省"]
    assert [r["centre"] for r in centres] == ["中国（武汉光电子信息产业）知识产权保护中心"]
    assert {"province": "广东省", "pilotType": "引领型知识产权强省", "target": "建成3—4个引领型知识产权强省"} in \
        sparql_rows(rdf, "pilot_types")
    cases = {r["case"]: r for r in sparql_rows(rdf, "case_evidence")}
    kv = cases["探索构建科技型企业知识价值信用融资新模式"]
    assert kv["contributors"] == "重庆市"
    assert source(kv["file"])[kv["start"]:kv["end"]].startswith("（四）探索构建科技型企业知识价值信用融资新模式")
    kinds = sparql_rows(rdf, "agency_kinds")
    assert sum(r["agencies"] for r in kinds) == len(set(corpus_graph.subjects(RDF.type, IPKG.Agency)))


def test_sparql_store_is_built_once_and_names_iris_by_prefix(rdf) -> None:
    from kg.ontology.sparql import cache_root, select

    _columns, rows = select(rdf, "SELECT ?p WHERE { ?p ipkg:divisionCode '510000' }", "-c")
    assert rows == [["id:province/510000"]]
    built = sorted(p.name for p in cache_root().iterdir() if not p.name.startswith("."))
    select(rdf, "SELECT (COUNT(?p) AS ?n) WHERE { ?p a ipkg:Province }", "-c")
    assert sorted(p.name for p in cache_root().iterdir() if not p.name.startswith(".")) == built
    construct = select(rdf, "CONSTRUCT { ?p a ipkg:Province } WHERE { ?p ipkg:divisionCode '510000' }", "-c")
    assert isinstance(construct, str) and "id:province/510000" in construct.replace("<https://w3id.org/ipgov-kg/id/", "id:")


def test_sparql_cli(tmp_path, corpus_graph) -> None:
    from kg.ontology.turtle import write_turtle

    ttl = tmp_path / "g.ttl"
    write_turtle(corpus_graph, ttl)
    ask = subprocess.run([sys.executable, "-m", "kg", "sparql", "--graph", str(ttl), "--format", "json", "-c",
                          "ASK { ?p a ipkg:Province ; ipkg:divisionCode '510000' }"],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert ask.returncode == 0 and '"ask": true' in ask.stdout
    bad = subprocess.run([sys.executable, "-m", "kg", "sparql", "--graph", str(ttl), "-c", "SELEC ?x"],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert bad.returncode == 1 and "error:" in bad.stderr and "Traceback" not in bad.stderr

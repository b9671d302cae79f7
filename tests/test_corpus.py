"""Extraction of the sample corpus: what DOMAIN.md says must be there, with exact evidence."""

from collections import Counter

from kg.read import read_document
from tests.conftest import CORPUS


def names(model, cls):
    return {r.label for r in model.of_class(cls)}


def test_all_31_provincial_units_of_the_work_plans(corpus_model) -> None:
    planned = {rel.target for w in corpus_model.of_class("WorkItem") for rel in w.relations if rel.prop == "plannedBy"}
    assert len(planned) == 31
    assert "province/XPCC" in planned and "province/620000" in planned  # Gansu's table has no heading
    assert "province/540000" not in planned  # no Tibet plan


def test_work_items_have_lead_agencies(corpus_model) -> None:
    plans = read_document(CORPUS / "provincial-work-plans-2018.txt").key
    items = [w for w in corpus_model.of_class("WorkItem") if plans in w.sources]
    with_lead = [w for w in items if any(r.prop == "leadAgency" for r in w.relations)]
    assert len(items) > 1000 and len(with_lead) / len(items) > 0.8
    beijing_pqi = [w for w in items if w.key.startswith("workitem/2018/110000/") and w.label == "实施专利质量提升工程"]
    assert len(beijing_pqi) == 1
    agencies = {(r.prop, corpus_model.get(r.target).label) for r in beijing_pqi[0].relations if r.prop.endswith("Agency")}
    assert ("leadAgency", "北京市知识产权局") in agencies
    assert ("supportAgency", "北京市经济和信息化委员会") in agencies


def test_both_case_collections(corpus_model) -> None:
    per_doc = Counter(c.key.split("/")[1] for c in corpus_model.of_class("Case"))
    keys = {name: read_document(CORPUS / f"{name}.txt").key
            for name in ("strong-province-pilot-cases-batch1", "ip-power-typical-cases-batch1")}
    assert per_doc == {keys["strong-province-pilot-cases-batch1"]: 30, keys["ip-power-typical-cases-batch1"]: 25}
    kv = next(c for c in corpus_model.of_class("Case") if "知识价值信用" in c.label)
    assert [r.target for r in kv.relations if r.prop == "contributedBy"] == ["province/500000"]
    assert any(r.prop == "implements" and r.target == "programme/knowledge-value-credit-loan" for r in kv.relations)


def test_protection_centres_with_their_places(corpus_model) -> None:
    centres = {r.label: r for r in corpus_model.of_class("ProtectionCentre")}
    assert "中国（浦东）知识产权保护中心" in centres
    assert "中国（武汉光电子信息产业）知识产权保护中心" in centres
    rapid = {r.label: r for r in corpus_model.of_class("RapidProtectionCentre")}
    chaoyang = rapid["中国北京朝阳（设计服务业）知识产权快速维权中心"]
    assert [r.target for r in chaoyang.relations if r.prop == "locatedIn"] == ["province/110000"]


def test_every_evidence_quote_is_the_document_text(corpus_model) -> None:
    texts = {read_document(p).key: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}
    checked = 0
    for res in corpus_model.resources.values():
        evidences = list(res.evidence) + [r.evidence for r in res.relations if r.evidence]
        for ev in evidences:
            assert texts[ev.doc][ev.start:ev.end] == ev.quote, (res.key, ev)
            checked += 1
    assert checked > 5000


def test_every_extracted_resource_has_evidence(corpus_model) -> None:
    for cls in ("WorkItem", "Case", "ProtectionCentre", "RapidProtectionCentre", "Agency"):
        for res in corpus_model.of_class(cls):
            assert res.evidence, res.key

"""Prose: normalised text with offsets, agencies, centres, programmes, figures and policy titles of
news, notices and reports written here, and each province's plan of the 2018 collection its own document."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rdflib import Graph

from kg.extract.figures import figures
from kg.extract.lexicon import gazetteer
from kg.extract.normalise import normalise
from kg.extract.pipeline import extract_documents
from kg.extract.prose_agencies import find
from kg.extract.reader import SourceText
from kg.ontology.mapping import to_graph
from kg.ontology.namespaces import IPKG, PROV, RDFS
from kg.ontology.validate import validate
from kg.prose_evaluation import evaluate_prose

NEWS = """中国(宜昌)知识产权保护中心获批建设

2022年3月8日，国家知识产权局印发《关于同意建设中国(宜昌)知识产权保护中心的批复》(国知办函保字[2022]77号)，
同意建设中国(宜昌)知识产权保护中心，面向生物医药和新材料产业开展知识产权快速协同保护。
宜昌保护中心由宜昌市市场监督管理局(知识产权局)负责建设，市科技局、市财政局配合，三峡大学、宜昌农商银行参与。
截至2021年底，宜昌市累计为860家企业发放知识产权质押贷款23.5亿元，同比增长18%。到2025年，全市发明专利拥有量力争达到1.5万件。
该市还开展“春雷”专项行动，推出“宜知贷”产品。据《三峡日报》报道，省科委早在1999年就在宜昌开展专利试点。
"""

NOTICE = """湖北省知识产权局关于公布2022年度湖北省知识产权示范县名单的通知

鄂知发〔2022〕15号

各市、州知识产权局：
根据《湖北省知识产权示范县评定办法》(以下简称《办法》)，经申报、评审和公示，确定以下县(市、区)为2022年度湖北省知识产权示范县：
1. 宜都市
2. 枝江市
请按照《办法》要求组织实施，填写《示范县年度情况统计表》。

湖北省知识产权局
2022年8月1日
"""


def doc(name: str, text: str) -> SourceText:
    return SourceText(path=Path(name), text=text, encoding="utf-8")


def test_normalised_text_maps_every_character_back() -> None:
    text = "宜昌市获批建设中国(宜昌) 知识产\n权保护中心，贷款1,200 万元。\n附件\n2022年3月8日"
    norm = normalise(text)
    assert norm.text == "宜昌市获批建设中国（宜昌）知识产权保护中心，贷款1,200万元。\n附件\n2022年3月8日"
    s, e = norm.source_span(norm.text.index("中国"), norm.text.index("心") + 1)
    assert text[s:e] == "中国(宜昌) 知识产\n权保护中心"
    assert [text[o] for o in norm.offsets if text[o] not in "()"] == [c for c in norm.text if c not in "（）"]


def test_figures_with_the_counted_thing_before_or_after_the_unit() -> None:
    text = "累计为1200家企业发放贷款15.6亿元，同比增长35%。到2025年，全省发明专利拥有量力争达到3万件。"
    found = [(f.value, f.scale, f.unit, f.what, f.target) for f in figures(text)]
    assert found[0] == (Decimal(1200), 1, "家", "企业", False)
    assert found[1] == (Decimal("15.6"), Decimal(100_000_000), "亿元", "贷款", False)
    assert found[2][3] == "贷款" and found[2][2] == "%"
    assert found[3][:4] == (Decimal(3), Decimal(10_000), "万件", "发明专利拥有量") and found[3][4] is True
    assert [f.year for f in figures(text)][3] == 2025


def test_figures_under_a_targets_heading_are_targets() -> None:
    text = ("一、工作成效\n2019年全省专利质押融资额达到80亿元。\n（二）主要目标：\n2020年质押融资额达到120亿元，"
            "惠及企业1000家以上。\n三、保障措施\n2019年已惠及企业500家。")
    assert [(f.value, f.target) for f in figures(text)] == [(80, False), (120, True), (1000, True), (500, False)]


def test_agencies_in_prose_open_world() -> None:
    gaz = gazetteer()
    yichang = gaz.city("宜昌")

    def names(text: str, year: int = 2022) -> dict[str, tuple[str, str, str]]:
        norm = normalise(text).text
        return {norm[a.start:a.end]: (a.canonical, a.kind, a.jurisdiction.name if a.jurisdiction else "全国")
                for a in find(norm, lambda _: yichang, year)}

    found = names("国家知识产权局、市科技局和宜昌市市场监督管理局(知识产权局)会同夷陵区财政局，联合人民银行宜昌市中心支行")
    assert found["国家知识产权局"] == ("国家知识产权局", "ip_office", "全国")
    assert found["市科技局"] == ("宜昌市科学技术局", "science_technology", "宜昌市")
    assert found["宜昌市市场监督管理局（知识产权局）"] == ("宜昌市市场监督管理局", "ip_office", "宜昌市")
    assert found["夷陵区财政局"] == ("宜昌市夷陵区财政局", "finance", "夷陵区")
    assert found["人民银行宜昌市中心支行"][1:] == ("finance", "宜昌市")
    old = names("省科委和省工商局", 2022)
    assert old["省科委"][0] == "湖北省科学技术厅" and old["省工商局"][0] == "湖北省市场监督管理局"
    assert names("宜昌农商银行、三峡大学、全市知识产权局局长") == {}


def test_a_news_item_and_a_notice_read_as_prose() -> None:
    news, notice_doc = doc("yichang-news.txt", NEWS), doc("hubei-notice.txt", NOTICE)
    model = extract_documents([news, notice_doc])
    by_label = {(r.cls, r.label): r for r in model.resources.values()}
    centre = by_label[("ProtectionCentre", "中国（宜昌）知识产权保护中心")]
    assert "宜昌保护中心" in centre.aliases
    assert not [r for r in model.of_class("ProtectionCentre") if r.label == "宜昌保护中心"]
    approval = next(r for r in model.of_class("Approval"))
    assert approval.values["date"] == "2022-03-08"
    assert {r.prop for r in approval.relations} >= {"approvalOf", "approvedBy"}
    agencies = {r.label for r in model.of_class("Agency")}
    assert {"国家知识产权局", "宜昌市市场监督管理局", "宜昌市科学技术局", "宜昌市财政局", "湖北省科学技术厅",
            "湖北省知识产权局"} <= agencies
    assert not {a for a in agencies if "大学" in a or "银行" in a}
    programmes = {r.label: r for r in model.of_class("Programme")}
    assert {"专利权质押融资", "春雷专项行动", "宜知贷", "湖北省知识产权示范县"} <= set(programmes)
    assert programmes["宜知贷"].values["programmeKind"] == "financing"
    city = model.get("city/420000/宜昌市")
    assert city is not None and any(r.prop == "implements" and r.target == programmes["春雷专项行动"].key
                                    for r in city.relations)
    designated = {model.resources[r.target].label for c in ("宜都市", "枝江市") for r in model.resources[
        next(k for k, v in model.resources.items() if v.cls == "City" and v.label == c)].relations
        if r.prop == "designatedAs"}
    assert designated == {"湖北省知识产权示范县"}
    loans = [m for m in model.of_class("Measurement") if m.values.get("indicator") == "贷款"
             or "质押贷款" in str(m.values.get("indicator"))]
    assert loans and loans[0].values["scaledValue"] == Decimal("2350000000.0")
    titles = {r.label: r for r in model.of_class("PolicyDocument")}
    assert "三峡日报" not in titles and "示范县年度情况统计表" not in titles and "办法" not in titles
    assert "办法" in titles["湖北省知识产权示范县评定办法"].aliases
    assert titles["关于同意建设中国（宜昌）知识产权保护中心的批复"].values["documentNumber"] == "国知办函保字〔2022〕77号"
    notice = model.get(f"document/{notice_doc.key}")
    assert notice is not None and notice.values["documentNumber"] == "鄂知发〔2022〕15号"
    assert notice.label.startswith("湖北省知识产权局关于公布")
    assert any(r.prop == "issuedBy" for r in notice.relations)
    texts = {news.key: NEWS, notice_doc.key: NOTICE}
    for res in model.resources.values():
        for ev in res.evidence + [r.evidence for r in res.relations if r.evidence]:
            assert texts[ev.doc][ev.start:ev.end] == ev.quote
    assert validate(to_graph(model)).conforms


def test_each_province_of_the_collection_has_its_own_plan(corpus_graph: Graph) -> None:
    g = corpus_graph
    plans = {d for d in g.subjects(IPKG.isPartOf, None)}
    assert len(plans) >= 30
    for item in g.subjects(IPKG.plannedBy, None):
        province = str(g.value(g.value(item, IPKG.plannedBy), RDFS.label))
        cited = [d for d in g.objects(item, PROV.wasDerivedFrom) if d in plans]
        if cited or (item, IPKG.groupNumber, None) in g:
            assert str(g.value(cited[0], RDFS.label)).startswith(province)


def test_prose_scores_count_matches_against_a_small_set(tmp_path: Path) -> None:
    gold = tmp_path / "gold" / "prose"
    (gold / "docs").mkdir(parents=True)
    (gold / "docs" / "yichang-news.txt").write_text(NEWS, encoding="utf-8")
    rows = {
        "scope.tsv": "# document\tstart\tend\tlabel\n",
        "agencies.tsv": "yichang-news.txt\t市科技局\t宜昌市科学技术局\tscience_technology\t宜昌市\n"
                        "yichang-news.txt\t市司法局\t宜昌市司法局\tother\t宜昌市\n",
        "centres.tsv": "yichang-news.txt\t宜昌保护中心\t中国（宜昌）知识产权保护中心\tProtectionCentre\t湖北省\t宜昌市\n",
        "programmes.tsv": "yichang-news.txt\t“宜知贷”\t宜知贷\tnew\n",
        "figures.tsv": "yichang-news.txt\t2350000000\t元\t贷款\t宜昌市\t2021\tachievement\n",
        "relations.tsv": "yichang-news.txt\t宜昌市\truns_programme\t春雷专项行动\n",
        "titles.tsv": "yichang-news.txt\t关于同意建设中国(宜昌)知识产权保护中心的批复\t\tno\n",
    }
    for name, text in rows.items():
        (gold / name).write_text(text, encoding="utf-8")
    scores = {s.category: s for s in evaluate_prose(Graph(), tmp_path / "gold")}
    agencies = scores["prose agencies"]
    assert (agencies.gold, agencies.correct) == (2, 1) and agencies.misses == ["yichang-news.txt / 宜昌市司法局 / other"]
    for category in ("prose centres", "prose programmes", "prose relations", "prose policy titles"):
        assert scores[category].recall == 1.0, (category, scores[category].misses)
    assert scores["prose figures"].correct == 1

"""The causes of wrong rows and wrong agencies seen in plans outside the evaluation set, each on a
plan written here for another province (青海省) with its own agencies: a page number and a
repeated header inside a 工作内容, a 工作内容 ending in 、 before a page break, a department list
running on into what looks like the next row, collectives, internal divisions, bodies of another
jurisdiction, glued names and a university in a department cell; and a Yangtze-belt table with
markup in its cells."""

from pathlib import Path

from rdflib import Graph

from kg.extract.agencies import resolve, resolve_cell, split_cell
from kg.extract.lexicon import gazetteer
from kg.extract.pipeline import extract_documents
from kg.extract.reader import SourceText
from kg.extract.text import Joined
from kg.extract.workplan import Col, find_tables
from kg.ontology.mapping import to_graph
from kg.plausibility import item_reasons, report

# 工作重点 wraps at 5, 工作内容 at 15, 具体举措 at 28 and 责任部门 at 8 characters.
QINGHAI = """ 青海省 2018年工作要点 

序号 工作重点 工作内容 具体举措及成果形式 责任部门 

1 

推进知识产

权管理体制

机制改革 

知识产权服务业集聚区建设 

支持西宁经济技术开发区建设知识产权服务业集聚区，引进一批

知识产权服务机构，形成服务业集聚发展格局。 

省知识产权局、发

改委、科技厅、西

宁市、 

海东市 

重大经济活动知识产权评议 

围绕重大产业规划、高技术领域重大投资项目开展知识产权评议

，完成 5 个评议项目。 

省知识产权局协调

处、执法处（维权

信 

息中心） 

2 

实施严格的

知识产权保

护 

推动企业建立知识产权分析评议机 组织企业开展知识产权风险评估，提高应对国际纠纷能力。 省知识产权局 



87 
  

序号 工作重点 工作内容 具体举措及成果形式 责任部门 

制，重点针对人才引进、国际参展、

产品和技术进出口等活动开展知识产

权风险评估 

加强海关知识产权保护 开展海关知识产权保护专项行动。 西宁海关、甘肃 

省知识产权局 

加大知识产权犯罪打击力度 

组织开展打击侵犯知识产权犯罪专项行动，公开曝光一批典型案

件。 

省公安厅、各有关 

部门 

3 

促进知识产

权创造运用 

鼓励我国知识产权人才获得海外相应 

资格证书 

组织知识产权人才参加海外资格考试培训。 青海大学、省人 

社厅 

知识产权智库建设 

组建青海知识产权专家库，开展知识产权战略研究。 

省知识产权局知识 

产权智库建设省知 

识产权局 

加强知识产权文化建设 

开展知识产权宣传周活动，加大知识产权新闻宣传力度。 

联席会议各成员单 

位 
"""


def _rows():
    (table,) = find_tables(QINGHAI)
    return table, [{c.name: Joined(r.cells[c]).text for c in (Col.CONTENT, Col.MEASURES, Col.AGENCY)}
                   for r in table.rows]


def test_rows_are_whole_across_page_numbers_and_wrapped_department_lists() -> None:
    table, rows = _rows()
    assert table.province.name == "青海省"
    assert [r["CONTENT"] for r in rows] == [
        "知识产权服务业集聚区建设",
        "重大经济活动知识产权评议",
        "推动企业建立知识产权分析评议机制，重点针对人才引进、国际参展、产品和技术进出口等活动开展知识产权风险评估",
        "加强海关知识产权保护",
        "加大知识产权犯罪打击力度",
        "鼓励我国知识产权人才获得海外相应资格证书",
        "知识产权智库建设",
        "加强知识产权文化建设",
    ]
    # a department list ending in 、 goes on in the next lines, however they look
    assert rows[0]["AGENCY"] == "省知识产权局、发改委、科技厅、西宁市、海东市"
    assert rows[1]["AGENCY"] == "省知识产权局协调处、执法处（维权信息中心）"
    assert all(not item_reasons(r["CONTENT"]) for r in rows)


def test_department_cells_keep_collectives_divisions_and_other_places() -> None:
    qinghai = gazetteer().province("青海省")
    _, rows = _rows()

    def resolved(i: int) -> list[tuple[str, str | None, str | None]]:
        names = split_cell(rows[i]["AGENCY"])
        return [(n.surface, r.canonical if r else None, r.kind if r else None)
                for n, r in zip(names, resolve_cell(names, qinghai), strict=True)]

    assert resolved(0)[3] == ("西宁市", "西宁市人民政府", "government_office")  # a city alone: its government
    # internal divisions of one office are that office
    assert {c for _, c, _ in resolved(1)} == {"青海省知识产权局"}
    # a body of another jurisdiction keeps its own place
    other = resolve("甘肃省知识产权局", qinghai)
    assert (other.canonical, other.province_code) == ("甘肃省知识产权局", "620000")
    # collectives are a group of the province, not dropped and not minted as one body
    assert resolved(4)[1] == ("各有关部门", "青海省各有关部门", "collective")
    assert resolved(7) == [("联席会议各成员单位", "青海省联席会议各成员单位", "collective")]
    assert resolve("有关部门", qinghai) is None  # names no one
    # after A会同B every name that follows supports; an …办 written alone is an office of its own
    cell = split_cell("省知识产权局会同西宁海关、海东市政府、人才办")
    assert [(n.surface, n.lead) for n in cell] == [("省知识产权局", True), ("西宁海关", False), ("海东市政府", False),
                                                   ("人才办", False)]
    assert [r.canonical for r in resolve_cell(cell, qinghai)][-1] == "中共青海省委人才工作领导小组办公室"
    # a university and glued names are never minted; the office written after them is
    assert resolved(5)[0] == ("青海大学", None, None)
    assert [c for _, c, _ in resolved(6)] == [None, "青海省知识产权局"]
    minted = {glued: [r.canonical for r in resolve_cell(split_cell(glued), qinghai) if r]
              for glued in ("西宁市大学省知识产权局", "青海省司省知识产权局", "投资省发改委", "障厅", "工商局加强对非物质文化遗")}
    assert minted == {"西宁市大学省知识产权局": ["青海省知识产权局"], "青海省司省知识产权局": ["青海省知识产权局"],
                      "投资省发改委": ["青海省发展和改革委员会"], "障厅": [], "工商局加强对非物质文化遗": []}


def test_the_plausibility_report_finds_nothing_in_a_plan_read_whole() -> None:
    model = extract_documents([SourceText(Path("qinghai.txt"), QINGHAI, "utf-8")])
    findings = report(to_graph(model))
    assert [f for f in findings if f.kind != "department text"] == []
    # the cell text that names no agency is kept on its work item and reported
    assert {f.text for f in findings} == {"青海大学", "省知识产权局知识产权智库建设"}
    items = {r.label: r for r in model.of_class("WorkItem")}
    assert "青海大学" in items["鼓励我国知识产权人才获得海外相应资格证书"].values["responsibleText"]


def test_the_report_names_what_looks_wrong() -> None:
    assert item_reasons("资格证书") == ["too short"]
    assert item_reasons("各市、县（市、") == ["ends in 、"]
    assert item_reasons("推动企业建立知识产权分析评议机161") == ["a page number"]
    assert item_reasons("省知识产权局、省财政厅") == ["a department list"]
    assert item_reasons("建设中的作用，") == ["ends in ，"]


YANGTZE = ("青海省 2016-2017 年工作绩效及 2018 年工作计划\n\n"
           "工作重点\t工作任务\t2016-2017 年工作成绩\t2018 年工作计划\n"
           "<p>促进知识产权运用</p>\t<p>推动高校建立知识产权运营机构。</p>\t"
           "<p>2017 年建成运营机构 3 家。</p><p>培训 200 人次。</p>\t"
           '<ol style="list-style-type: none"><p>新建运营机构 2 家。</p>\n')


def test_yangtze_cells_lose_their_markup_and_keep_their_years() -> None:
    model = extract_documents([SourceText(Path("yangtze.txt"), YANGTZE, "utf-8")])
    (item,) = model.of_class("WorkItem")
    assert item.label == "推动高校建立知识产权运营机构。"
    assert item.values["results"] == "2017 年建成运营机构 3 家。\n培训 200 人次。"
    assert item.values["measures"] == "新建运营机构 2 家。"
    assert (item.values["year"], item.values["resultsPeriod"]) == (2018, "2016–2017")
    graph: Graph = to_graph(model)
    assert not [f for f in report(graph) if f.kind == "work item"]

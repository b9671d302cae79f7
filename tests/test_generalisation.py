"""Extraction on documents written for the tests in the layouts of the sample corpus, with other
provinces, other agencies and the breaks that PDF conversion leaves: headings printed halfway
down a group, a header repeated inside a row, cells of three columns on one line, departments
one per line, lead and support departments spread over several lines."""

from pathlib import Path

from kg.extract.agencies import group_names, resolve, resolve_cell, split_cell
from kg.extract.lexicon import gazetteer
from kg.extract.nlp import recognise
from kg.extract.pipeline import extract_documents
from kg.extract.reader import SourceText
from kg.extract.text import Joined
from kg.extract.workplan import Col, find_tables

# 工作重点 wraps at 5, 工作内容 at 12, 具体举措 at 28 and 责任部门 at 8 characters.
YUNNAN = """ 云南省 2018年工作要点 

序号 工作重点 工作内容 具体举措及成果形式 责任部门 

1 

推进知识产

权管理体制

机制改革 

探索开展知识产权综合管理

改革试点 

在昆明市开展知识产权综合管理改革试点，建立统一高效的

知识产权管理体制，形成可复制推广的改革经验和制度成果。

省知识产权局牵

头，省工商局、省

版权局配合 

实施专利质量提升工程 

开展专利质量提升专项行动，培育高价值专利组合，完善专利

资助政策，提高发明专利授权比例。 

省知识产权局 

省财政厅 

省科技厅 

开展知识产权区域布局试点

，推进区域知识产权资源配置

和政策优化调整 

在曲靖市、玉溪市开展知识产权区域布局试点，编制区域知识

产权资源分析报告，提出布局后续工作方案。 

责任部门：省知识

产权局 配合部门：

曲靖市人民政府 

2 

实施严格的

知识产权保

推进侵犯知识产权行政处罚

案件信息公开 

在国家企业信用信息公示系统（云南）上依法依规公示侵犯知

识产权行政处罚等信用信息。建立文化产业企业信用管理一户

省打击侵权假冒工

作领导小组办公

 护 一档。 室、省发展改革

委、省工商局 

加大知识产权犯罪打击力度 

开展打击侵犯知识产权犯罪专项行动，依法严厉打击侵权假冒犯

罪，公开曝光一批典型案件，形成有力震慑。 

省公安厅会同省检

察院 

支持法律服务机构为企业提 落实《云南省专利代理行业改革试点工作实施方案》，指导 省知识产权局、省

 序号 工作重点 工作内容 具体举措及成果形式 责任部门 

 供全方位、高品质知识产权 昆明市开展专利代理行业改革试点工作。推进商标注册便利化改

法律服务 

革，培育一批知识产权品牌服务机构。 

工商局 

17 

3 

知识产权服务业集聚区建设 推进昆明高新区知识产权服务业集聚发展示范区建设。 省知识产权局 

加强海关知识产权保护 

继续推进“龙腾行动”，建立海关知识产权法律专家预约咨询

制度，加快中国昆明（花卉）、中国大理（旅游商品）知识产权

快速维权中心建设。 

昆明海关 
"""

# A plan that prints no group numbers: its headings open the groups.
HAINAN = """ 海南省 2018年工作要点 

序号 工作重点 工作内容 具体任务 责任部门 

推进知识产

权管理体制

机制改革 

知识产权行政管理改革 按照省委省政府统一部署积极稳妥做好知识产权相关改革工作。 省知识产权局 

开展知识产权区域布局试点 

在海口市开展知识产权区域布局试点，围绕主导产业开展专利导航和

布局试点，形成区域知识产权资源配置方案。 

省知识产权局 

实施严格的

知识产权保

护 

完善知识产权快速维权机制 推动建立国家级、省级知识产权保护中心。 省知识产权局 

加大知识产权犯罪打击力度 

依法严厉打击侵犯知识产权犯罪行为，持续开展打击侵权假冒犯罪

专项行动，公开曝光一批典型案件。 

省公安厅 
"""


def _rows(text: str):
    (table,) = find_tables(text)
    return table, [{c.name: Joined(r.cells[c]).text for c in (Col.CONTENT, Col.MEASURES, Col.AGENCY)}
                   | {"group": r.group} for r in table.rows]


def test_rows_survive_interleaved_cells_page_breaks_and_late_headings() -> None:
    table, rows = _rows(YUNNAN)
    assert table.province.name == "云南省"
    assert [(r["group"], r["CONTENT"]) for r in rows] == [
        (1, "探索开展知识产权综合管理改革试点"),
        (1, "实施专利质量提升工程"),
        (1, "开展知识产权区域布局试点，推进区域知识产权资源配置和政策优化调整"),
        (2, "推进侵犯知识产权行政处罚案件信息公开"),
        (2, "加大知识产权犯罪打击力度"),
        (2, "支持法律服务机构为企业提供全方位、高品质知识产权法律服务"),
        (3, "知识产权服务业集聚区建设"),
        (3, "加强海关知识产权保护"),
    ]
    # the heading's last character is printed halfway down the group, between other cells
    assert Joined(table.groups[2].focus).text == "实施严格的知识产权保护"
    assert rows[3]["MEASURES"].endswith("建立文化产业企业信用管理一户一档。")
    assert rows[3]["AGENCY"] == "省打击侵权假冒工作领导小组办公室、省发展改革委、省工商局"
    # a header repeated inside a row, and the page number after it, are not cell text
    assert rows[5]["MEASURES"] == ("落实《云南省专利代理行业改革试点工作实施方案》，指导昆明市开展专利代理行业改革试点工作。"
                                   "推进商标注册便利化改革，培育一批知识产权品牌服务机构。")
    assert rows[5]["AGENCY"] == "省知识产权局、省工商局"
    assert not table.groups[3].focus  # the plan prints no heading for group 3


def test_lead_and_support_departments() -> None:
    _, rows = _rows(YUNNAN)

    def roles(i: int) -> list[tuple[str, bool]]:
        return [(n.surface, n.lead) for n in split_cell(rows[i]["AGENCY"])]

    assert roles(0) == [("省知识产权局", True), ("省工商局", False), ("省版权局", False)]
    assert roles(1) == [("省知识产权局", True), ("省财政厅", True), ("省科技厅", True)]  # one per line
    assert roles(2) == [("省知识产权局", True), ("曲靖市人民政府", False)]
    assert roles(4) == [("省公安厅", True), ("省检察院", False)]


def test_work_items_in_the_graph_take_the_standard_heading_where_none_is_printed() -> None:
    model = extract_documents([SourceText(Path("yunnan.txt"), YUNNAN, "utf-8")])
    items = {r.label: r for r in model.of_class("WorkItem")}
    assert len(items) == 8
    assert items["知识产权服务业集聚区建设"].values["focus"] == "促进知识产权创造运用"
    assert items["加大知识产权犯罪打击力度"].values["focus"] == "实施严格的知识产权保护"
    agencies = {r.key: r.label for r in model.of_class("Agency")}
    leads = {agencies[rel.target] for rel in items["加大知识产权犯罪打击力度"].relations if rel.prop == "leadAgency"}
    supports = {agencies[rel.target] for rel in items["加大知识产权犯罪打击力度"].relations
                if rel.prop == "supportAgency"}
    assert (leads, supports) == ({"云南省公安厅"}, {"云南省人民检察院"})
    centres = {r.label for r in model.of_class("RapidProtectionCentre")}
    assert centres == {"中国昆明（花卉）知识产权快速维权中心", "中国大理（旅游商品）知识产权快速维权中心"}


def test_a_plan_without_group_numbers_is_grouped_by_its_headings() -> None:
    table, rows = _rows(HAINAN)
    assert [(r["group"], r["CONTENT"]) for r in rows] == [
        (1, "知识产权行政管理改革"),
        (1, "开展知识产权区域布局试点"),
        (2, "完善知识产权快速维权机制"),
        (2, "加大知识产权犯罪打击力度"),
    ]
    assert Joined(table.groups[1].focus).text == "推进知识产权管理体制机制改革"
    assert Joined(table.groups[2].focus).text == "实施严格的知识产权保护"


def test_centres_sharing_one_name_and_written_without_知识产权() -> None:
    text = "加快中国（沈阳）、中国（大连）装备制造业知识产权保护中心建设，推广中山快速维权中心的经验。"
    found = {(m.label, m.ref) for m in recognise(Joined([_whole(text)])) if m.label.endswith("Centre")}
    assert found == {
        ("ProtectionCentre", "中国（沈阳）装备制造业知识产权保护中心"),
        ("ProtectionCentre", "中国（大连）装备制造业知识产权保护中心"),
        ("RapidProtectionCentre", "中山快速维权中心"),
    }


def test_agency_names_written_around_their_place_or_differing_by_place() -> None:
    gaz = gazetteer()
    cases = {
        ("浙江省", "人行杭州分行"): ("中国人民银行杭州分行", "finance"),
        ("浙江省", "浙江银监局"): ("中国银行业监督管理委员会浙江监管局", "finance"),
        ("浙江省", "省法院"): ("浙江省高级人民法院", "court"),
        ("浙江省", "团省委"): ("共青团浙江省委员会", "other"),
        ("浙江省", "省市场监管局"): ("浙江省市场监督管理局", "market_regulation"),
        ("天津市", "市场监管委"): ("天津市市场和质量监督管理委员会", "market_regulation"),
        ("天津市", "市农委"): ("天津市农村工作委员会", "other"),
        ("河北省", "省农委"): ("河北省农业委员会", "other"),
        ("广东省", "海关广东分署"): ("海关总署广东分署", "customs"),
        # a bank regulator written bare is the province's, under its short name
        ("湖南省", "保监局"): ("中国保险监督管理委员会湖南监管局", "finance"),
        ("湖南省", "省贸促会"): ("中国国际贸易促进委员会湖南省委员会", "other"),
        ("湖南省", "省国资委"): ("湖南省人民政府国有资产监督管理委员会", "other"),
        ("湖南省", "省人才办"): ("中共湖南省委人才工作领导小组办公室", "party_organ"),
        # a division of the public security department, and an information centre of the IP office
        ("湖南省", "省经侦总队"): ("湖南省公安厅", "public_security"),
        ("湖南省", "省知识产权信息中心"): ("湖南省知识产权局", "ip_office"),
        # a listed body whatever it ends in, and a name written with quotes
        ("湖南省", "省高法"): ("湖南省高级人民法院", "court"),
        ("湖南省", "省律协"): ("湖南省律师协会", "other"),
        ("新疆生产建设兵团", "“双打”办"): ("新疆生产建设兵团打击侵犯知识产权和制售假冒伪劣商品工作领导小组办公室",
                                     "government_office"),
        # a development zone standing for its administration
        ("陕西省", "西咸新区"): ("陕西省西咸新区管理委员会", "government_office"),
        # the corps has no people's government, and its party committee is written out
        ("新疆生产建设兵团", "国资委"): ("新疆生产建设兵团国有资产监督管理委员会", "other"),
        ("新疆生产建设兵团", "宣传部"): ("中共新疆生产建设兵团委员会宣传部", "party_organ"),
        ("新疆生产建设兵团", "金融办"): ("新疆生产建设兵团金融工作办公室", "finance"),
    }
    for (province, surface), expected in cases.items():
        got = resolve(surface, gaz.province(province))
        assert got is not None and (got.canonical, got.kind) == expected, surface


def test_glued_department_names_are_split() -> None:
    assert [n.surface for n in split_cell("市科协工信委、市人社局")] == ["市科协", "工信委", "市人社局"]
    assert [n.surface for n in split_cell("省知识产权局海关广东分署")] == ["省知识产权局", "海关广东分署"]
    assert [n.surface for n in split_cell("工商局等部门省司法厅")] == ["工商局", "省司法厅"]
    assert [n.surface for n in split_cell("省人民政府办公厅")] == ["省人民政府办公厅"]


def _whole(text: str):
    from kg.extract.text import Fragment

    return Fragment(0, len(text), text, 0)


def test_notes_and_districts_in_department_lists() -> None:
    gansu = gazetteer().province("甘肃省")
    names = split_cell("省知识产权强省工作领导小组办公室（下简称“省知强办”）、省知识产权局、兰州新区、白银平川区、嘉峪关市")
    # the note is no name; a district (平川区) is no body for the places before it
    assert [n.surface for n in names] == ["省知识产权强省工作领导小组办公室", "省知识产权局", "兰州新区", "白银平川区",
                                          "嘉峪关市"]
    assert [r.canonical for r in resolve_cell(names, gansu)] == [
        "甘肃省知识产权强省工作领导小组办公室", "甘肃省知识产权局", "兰州新区管理委员会", "白银市平川区人民政府",
        "嘉峪关市人民政府"]


def test_members_of_a_group_written_short_take_the_name_the_plan_writes_in_full() -> None:
    plan = "召开知识产权强省建设联席会议，审议年度计划。\n湖南省知识产权强省建设工作领导小组各成员单位\n省知识产权局"
    groups = group_names(plan)
    hunan = gazetteer().province("湖南省")
    assert {resolve(s, hunan, groups).canonical for s in ("省知识产权强省领导小组成员单位", "省知识产权领导小组成员单位")} \
        == {"湖南省知识产权强省建设工作领导小组成员单位"}
    assert resolve("联席会议各成员单位", hunan, groups).canonical == "湖南省知识产权强省建设联席会议各成员单位"
    assert resolve("联席会议各成员单位", hunan).canonical == "湖南省联席会议各成员单位"  # nothing written in full


def test_a_district_written_after_its_city_with_one_body_for_both() -> None:
    names = split_cell("省知识产权局，宁波市、鄞州区知识产权局")
    assert [n.surface for n in names] == ["省知识产权局", "宁波市知识产权局", "鄞州区知识产权局"]
    assert [(r.canonical, r.city.name if r.city else None) for r in resolve_cell(names, gazetteer().province("浙江省"))] \
        == [("浙江省知识产权局", None), ("宁波市知识产权局", "宁波市"), ("宁波市鄞州区知识产权局", "宁波市")]


def test_a_zone_body_after_a_collective_stands_for_each_zone() -> None:
    names = split_cell("各有关市知识产权局、开发区管委会")
    assert [n.surface for n in names] == ["各有关市知识产权局", "各有关开发区管委会"]
    got = [(r.canonical, r.kind) for r in resolve_cell(names, gazetteer().province("江苏省"))]
    assert got == [("江苏省各有关市知识产权局", "collective"), ("江苏省各有关开发区管理委员会", "collective")]
    assert resolve("各市政府", gazetteer().province("江苏省")).canonical == "江苏省各市政府"  # as written

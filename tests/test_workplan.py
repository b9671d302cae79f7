"""Work-plan segmentation on small plans written for the tests (not the sample corpus)."""

from kg.extract.agencies import resolve, split_cell
from kg.extract.lexicon import gazetteer
from kg.extract.text import Joined
from kg.extract.workplan import Col, find_tables

PLAN = """ 吉林省 2018年工作要点 

序号 工作重点 工作内容 具体举措及成果形式 责任部门 

1 

推进知识产权
管理体制机制
改革 

探索开展知识产权综合管
理改革试点 

在长春新区开展知识产权综合管理改革试点，建立统一高效的知识产
权管理体制，形成可复制推广的改革经验和制度成果。 

省知识产权局 配
合部门：省工商局、
省版权局、长春市
人民政府 

实施专利质量提升工程 

开展专利质量提升专项行动，培育高价值专利组合，完善专利资助政
策，提高发明专利授权比例。 

省知识产权局、省
财政厅 

2 
实施严格的知
识产权保护 

加大知识产权犯罪打击力
度 

开展打击侵犯知识产权犯罪专项行动，依法严厉打击侵权假冒犯罪，
公开曝光一批典型案件，形成有力震慑。 

省公安厅、省检察
院 
 序号 工作重点 工作内容 具体举措及成果形式 责任部门 

 湖南省 2018年工作要点 

序号 工作重点 工作内容 具体举措及成果形式 责任部门 

1 
推进知识产权
管理体制机制
改革 

知识产权服务业集聚区建
设 

推进长沙知识产权服务业集聚区建设，引进一批高端知识产权服务机
构，形成完整的服务链条。 

省知识产权局 
"""


def test_tables_rows_groups_and_cells() -> None:
    tables = find_tables(PLAN)
    assert [t.province.name for t in tables] == ["吉林省", "湖南省"]
    jilin = tables[0]
    labels = [Joined(r.cells[Col.CONTENT]).text for r in jilin.rows]
    assert labels == ["探索开展知识产权综合管理改革试点", "实施专利质量提升工程", "加大知识产权犯罪打击力度"]
    assert Joined(jilin.groups[1].focus).text == "推进知识产权管理体制机制改革"
    assert Joined(jilin.groups[2].focus).text == "实施严格的知识产权保护"
    assert [r.group for r in jilin.rows] == [1, 1, 2]
    first = Joined(jilin.rows[0].cells[Col.AGENCY]).text
    assert first == "省知识产权局配合部门：省工商局、省版权局、长春市人民政府"


def test_fragments_keep_exact_offsets() -> None:
    for table in find_tables(PLAN):
        for row in table.rows:
            for frag in row.fragments:
                assert PLAN[frag.start:frag.end] == frag.text


def test_lead_and_support_agencies_resolve_to_full_names() -> None:
    jilin = gazetteer().province("吉林省")
    names = split_cell("省知识产权局配合部门：省工商局、省版权局、长春市人民政府")
    resolved = [(n.lead, resolve(n.surface, jilin).canonical) for n in names]
    assert resolved == [
        (True, "吉林省知识产权局"),
        (False, "吉林省工商行政管理局"),
        (False, "吉林省版权局"),
        (False, "长春市人民政府"),
    ]


def test_agencies_are_scoped_by_jurisdiction() -> None:
    gaz = gazetteer()
    a = resolve("省知识产权局", gaz.province("四川省"))
    b = resolve("省知识产权局", gaz.province("贵州省"))
    assert (a.canonical, b.canonical) == ("四川省知识产权局", "贵州省知识产权局")
    assert a.key != b.key
    assert resolve("市高院", gaz.province("北京市")).canonical == "北京市高级人民法院"
    assert resolve("省委编办", gaz.province("四川省")).kind == "party_organ"
    group = resolve("各有关部门", gaz.province("四川省"))
    assert (group.canonical, group.kind, group.jurisdiction_key) == ("四川省各有关部门", "collective", "province/510000")
    assert resolve("有关部门", gaz.province("四川省")) is None  # names no one

"""Plan tables laid out unlike most: a 工作内容 column wider than the 具体举措 column, and a plan whose
工作内容 end in 。 like its 具体举措. Each is a plan written here for a province with its own
wording; the reader learns the layout from the table itself."""

from kg.extract.text import Joined
from kg.extract.workplan import Col, find_tables, learn_widths

# 工作重点 wraps at 6, 工作内容 at 22, 具体举措 at 18 and 责任部门 at 7 characters.
WIDE_CONTENT = """ 吉林省 2018年工作要点 

序号 工作重点 工作内容 具体举措及成果形式 责任部门 

1 

推进知识产权

管理体制机制

改革 

对领导干部综合考核评价时，注重发明创造、保护

知识产权、加强转化运用、营造良好环境等方面的

情况和成效 

将知识产权工作纳入对各市的目标考核，

细化考核指标和评价办法。 

省知识产权局、

省发改委 

2 

实施严格的知

识产权保护 

加大国际展会、电子商务等领域知识产权执法力度 持续加大。 省知识产权局 

推动高校、科研院所建立健全知识产权转移转化机构 大力推动。 省教育厅 

加强在线创意、研发成果的知识产权保护 探索开展。 省版权局 

3 

促进知识产权

创造运用 

探索建设知识产权密集型产业培育机制，引导社会

资金投入知识产权密集型产业，推行知识产权集群

管理 

开展知识产权密集型产业统计，发布知识

产权密集型产业统计报告。 

省知识产权局 

支持企业建立品牌管理体系，鼓励企业收购海外知

名品牌 

组织开展品牌培育，推动企业建立品牌管

理体系，全年培育品牌企业二十家。 

省工商局、省经

信委 
"""


def _rows(text: str) -> list[dict[str, str]]:
    (table,) = find_tables(text)
    return [{c.name: Joined(r.cells[c]).text for c in (Col.CONTENT, Col.MEASURES, Col.AGENCY)} for r in table.rows]


def test_a_content_column_wider_than_the_measures_column() -> None:
    (table,) = find_tables(WIDE_CONTENT)
    widths = learn_widths(table.fragments)
    assert widths.content > widths.measures
    rows = _rows(WIDE_CONTENT)
    assert [r["CONTENT"] for r in rows] == [
        "对领导干部综合考核评价时，注重发明创造、保护知识产权、加强转化运用、营造良好环境等方面的情况和成效",
        "加大国际展会、电子商务等领域知识产权执法力度",
        "推动高校、科研院所建立健全知识产权转移转化机构",
        "加强在线创意、研发成果的知识产权保护",
        "探索建设知识产权密集型产业培育机制，引导社会资金投入知识产权密集型产业，推行知识产权集群管理",
        "支持企业建立品牌管理体系，鼓励企业收购海外知名品牌",
    ]
    assert [r["AGENCY"] for r in rows] == ["省知识产权局、省发改委", "省知识产权局", "省教育厅", "省版权局",
                                          "省知识产权局", "省工商局、省经信委"]


# 工作内容 (wrapping at 16) end in 。 like the 具体举措 (wrapping at 29) that follow them.
SENTENCE_CONTENT = """ 云南省 2018年工作要点 

序号 工作重点 工作内容 具体举措及成果形式 责任部门 

1. 

推进知识产权

管理体制机制

改革 

开展知识产权区域布局试点，推进区

域知识产权资源配置和政策优化调

整。 

完成全省知识产权区域布局试点调研，形成试点工作方案并报省政

府审定。 

省知识产权局、省

发改委 

知识产权服务业集聚区建设。 

推动昆明高新区知识产权服务业集聚发展，引进一批知识产权服务

机构，形成服务业集聚发展格局。 

省知识产权局 

重大经济活动知识产权评议。 

修订重大经济科技活动知识产权评议办法，开展评议项目五项。 

省知识产权局、省

科技厅 

2. 

实施严格的知

识产权保护 

加强海关知识产权保护。 

开展海关知识产权保护专项行动，及时公开查处的侵权案件信息。 

昆明海关 

加大知识产权犯罪打击力度。 

开展打击侵犯知识产权犯罪专项行动，全年集中执法检查四次。 

省公安厅、省知识

产权局 
"""


def test_contents_that_end_in_a_full_stop() -> None:
    rows = _rows(SENTENCE_CONTENT)
    assert [r["CONTENT"] for r in rows] == [
        "开展知识产权区域布局试点，推进区域知识产权资源配置和政策优化调整。",
        "知识产权服务业集聚区建设。",
        "重大经济活动知识产权评议。",
        "加强海关知识产权保护。",
        "加大知识产权犯罪打击力度。",
    ]
    assert rows[1]["MEASURES"].startswith("推动昆明高新区")
    assert [r["AGENCY"] for r in rows] == ["省知识产权局、省发改委", "省知识产权局", "省知识产权局、省科技厅",
                                          "昆明海关", "省公安厅、省知识产权局"]


# A row printed whole on the last line of a page: its 工作内容 and 具体举措 go on after the page
# number and the repeated header.
PAGE_BREAK = """ 山东省 2018年工作要点 

序号 工作重点 工作内容 具体措施及成果形式 责任部门 

3 

促进知识产权

创造运用 

推动高校、科研院所建立健全知识产

权转移转化机构 

出台高校知识产权运营平台管理办法，认定一批高校知识产权运营

试点平台。 

知识产权局 

探索知识产权创造与运营的众筹、众 依托创意产业试点园区，发展虚拟园区，探索互联网+知 知识产权局 



52 
  

序号 工作重点 工作内容 具体措施及成果形式 责任部门 
包模式，促进“互联网+知识产权”融

合发展 

识产权融合发展模式。试点园区注册企业数和服务企业数持续增长，

知识产权产出不断提高。 

探索建设知识产权密集型产业培育

机制，引导社会资金投入知识产权密

集型产业，推行知识产权集群管理 

建设专利导航产业发展实验区，建立产业专利信息公共服务体系，

开展专利组合、专利池、专利运营工作。 

知识产权局、统

计局 
"""


def test_a_row_cut_by_a_page_break_goes_on_after_it() -> None:
    rows = _rows(PAGE_BREAK)
    assert [r["CONTENT"] for r in rows] == [
        "推动高校、科研院所建立健全知识产权转移转化机构",
        "探索知识产权创造与运营的众筹、众包模式，促进“互联网+知识产权”融合发展",
        "探索建设知识产权密集型产业培育机制，引导社会资金投入知识产权密集型产业，推行知识产权集群管理",
    ]
    assert rows[1]["MEASURES"].endswith("知识产权产出不断提高。")
    assert [r["AGENCY"] for r in rows] == ["知识产权局", "知识产权局", "知识产权局、统计局"]


def test_overprinted_lines_do_not_widen_the_measures_column() -> None:
    """A PDF converter writes a bold run four times over (开开开开展…): the few lines that hold one
    are wider than any column and tell nothing about the 具体举措's width."""
    measure = "组织开展知识产权宣传培训活动，全面提升企业知识产权管理"  # 27 wide
    bold = "开开开开展展展展知识产权保护规范化市场培育工作工作工作工作。一是完成验收" * 2
    rows = []
    for i in range(14):
        first = bold[:40 + 3 * i] if i % 4 == 0 else measure
        rows.append(f"开展第{'一二三四五六七八九十'[i % 10]}项知识产权工作 \n\n{first}\n\n和运用能力。 \n\n省知识产权局 \n")
    text = " 湖南省 2018年工作要点 \n\n序号 工作重点 工作内容 具体举措及成果形式 责任部门 \n\n1 \n\n推进知识产权\n\n" \
        "管理体制机制\n\n改革 \n\n" + "\n".join(rows)
    (table,) = find_tables(text)
    assert learn_widths(table.fragments).measures == 27


# 工作内容 wraps at 14, 具体举措 at 32, 责任部门 at 8: department cells holding a bracketed note on a
# line of its own, places that one body written after them completes, and a list going on with a name
# ending in 法 (省高法), a city's name wrapped, an office's division wrapped.
DEPARTMENT_LINES = """ 福建省 2018年工作要点 

序号 工作重点 工作内容 具体措施及成果形式 责任部门 

1 

推进知识产权

管理体制机制

改革 

探索开展知识产权综合管理改革 

试点 

完成福州新区知识产权综合管理改革试点任务，推动综合管理改革

指导意见出台，视情启动新的改革试点。 

省知识产权强省工 

作领导小组办公室 

（下简称“省知强 

办”）、省知识产权 

局、省编办 

运用财政资金引导和促进科技成 

果产权化、知识产权产业化 

加快福州高新区产业知识产权运营基金实施进度，加快知识产权服务

机构、人才培养，组建产业知识产权联盟，探索开展专利投资收购。

省知识产权局， 

福州市、鼓楼区 

知识产权局 

加强知识产权行政执法与刑事司 

法衔接 

推进两法衔接案件录入平台应用，加强与公安、司法部门合作，形成

工作合力。 

省公安厅、省知识 

产权局、 

省高法、省检察院 

实施专利导航项目 

支持泉州高新区专利导航实验区建设，开展重点产业专利导航，形成专利 

省知识产权局、泉 

州市、厦门市 

导航分析报告。 

支持法律服务机构为企业提供全 

方位、高品质知识产权法律服务 

调动省律师协会知识产权专业委员会资源，提供对我省知识产权工作 

的法律支持。 

省司法厅、省知 

识产权局执法 

处（维权信息中 

心） 

鼓励企业建立专利收储资金 

开展企业专利收储试点，引导企业建立专利收储资金。 省知识产权局、省财 

政厅 探索以公证方式保管知识产权 

证据、证明材料 

在案件办理中，鼓励当事人通过公证方式调取相关证据材料。 

加大国际展会、电子商 

务、网络等领域知识产权执法力度 

针对各类展会，组织执法人员进驻，开展展会知识产权保护工作。 

省知识产权局 
"""


def test_department_lists_with_notes_places_and_short_names() -> None:
    rows = _rows(DEPARTMENT_LINES)
    assert [r["CONTENT"] for r in rows] == [
        "探索开展知识产权综合管理改革试点",
        "运用财政资金引导和促进科技成果产权化、知识产权产业化",
        "加强知识产权行政执法与刑事司法衔接",
        "实施专利导航项目",
        "支持法律服务机构为企业提供全方位、高品质知识产权法律服务",
        "鼓励企业建立专利收储资金",
        "探索以公证方式保管知识产权证据、证明材料",
        "加大国际展会、电子商务、网络等领域知识产权执法力度",  # a line starting 务、 goes on the one before
    ]
    assert [r["AGENCY"] for r in rows] == [
        "省知识产权强省工作领导小组办公室（下简称“省知强办”）、省知识产权局、省编办",
        "省知识产权局，福州市、鼓楼区知识产权局",
        "省公安厅、省知识产权局、省高法、省检察院",
        "省知识产权局、泉州市、厦门市",  # a city standing for its government, wrapped inside its name
        "省司法厅、省知识产权局执法处（维权信息中心）",  # a name and its division wrapped
        # one department cell printed across the boundary of two rows, ending before the next row's
        # 工作内容 on its line, is both rows'
        "省知识产权局、省财政厅",
        "省知识产权局、省财政厅",
        "省知识产权局",
    ]


def _simple_plan(province: str) -> str:
    """A plan printing each 工作内容 on one line beside its measures and departments."""
    return f""" {province} 2018年工作要点 

序号 工作重点 工作内容 具体措施及成果形式 责任部门 

2 

实施严格的知

识产权保护 

加大知识产权犯罪打击力度 开展打击侵犯知识产权犯罪专项行动。 省公安厅 

加强知识产权行政执法与刑事司法衔接 推进两法衔接平台建设。 省检察院 

加强知识产权文化建设 开展知识产权文化宣传活动。 省知识产权局 

开展知识产权保护进乡村专项行动 开展打击假冒伪劣商品专项行动。 省工商局 

知识产权智库建设 组建知识产权专家库。 省知识产权局 

"""


# 工作内容 wraps at 13: the first is 12 wide, as wide as a wrapped line, and measures go on after the
# departments; the other plans of the document print it whole.
NEAR_FULL = """ 湖北省 2018年工作要点 

序号 工作重点 工作内容 具体措施及成果形式 责任部门 

2 

实施严格的知

识产权保护 

加大国际展会、电子商务等领 

域知识产权执法力度 

针对各类展会，组织知识产权部门执法人员进驻，开展展会知识产权保护 

工作，全年查处展会侵权案件二十件。 

省知识产权局 

加大知识产权犯罪打击力度 

进一步强化技术预防措施，建立和完善检测预警机制，重点打击网络侵权 

盗版犯罪行为，严格规制各种不正当竞争行为，严厉惩处侵权行为，开展 

省版权局、省法 

院、省公安厅 

互联网领域打假维权行动，进一步净化网络市场环境，严厉打击知识产权 

犯罪行为。 

加强知识产权行政执法与刑 

事司法衔接 

加强与行政机关横向协作，凝聚知识产权保护合力，加强两法衔接平台建 

设和制度建设，及时移送涉嫌侵犯知识产权犯罪案件。 

省检察院、省公 

安厅 

加强知识产权文化建设 继续加强 省知识产权局 

鼓励引进高端人才 

引进一批具有海外背景的知识产权人才和项目，成功举办知识产权专场活 

动，协助企业走向世界。 

知识产权智库建设 

整合现有各类知识产权人才库，加强现有智库的协同合作，组织开展软科 

学研究。 

省知识产权局 

加强专业化市场保护 

开展知识产权保护规范化市场培育工作，全面提升培育市场知识产权管理 

和保护能力。 

开展知识产权保护进 

乡村专项行动 

持续开展专项行动，打击重点领域侵权假冒行为，着重打击假冒伪劣商品 

，保护企业产权。 

商务厅 
"""


def test_a_content_the_other_plans_print_whole_is_complete() -> None:
    text = "".join(_simple_plan(p) for p in ("山西省", "吉林省", "江苏省")) + NEAR_FULL
    tables = find_tables(text)
    rows = [Joined(r.cells[Col.CONTENT]).text for r in tables[-1].rows]
    assert rows == ["加大国际展会、电子商务等领域知识产权执法力度", "加大知识产权犯罪打击力度",
                    "加强知识产权行政执法与刑事司法衔接", "加强知识产权文化建设", "鼓励引进高端人才",
                    "知识产权智库建设", "加强专业化市场保护", "开展知识产权保护进乡村专项行动"]
    agencies = [Joined(r.cells[Col.AGENCY]).text for r in tables[-1].rows]
    assert agencies == ["省知识产权局", "省版权局、省法院、省公安厅", "省检察院、省公安厅", "省知识产权局", "",
                        "省知识产权局", "", "商务厅"]  # a line beginning a 工作内容 of the other plans starts a row
    # measures printed on the 工作内容's line, with no full stop, are not more of it
    assert Joined(tables[-1].rows[3].cells[Col.MEASURES]).text == "继续加强"

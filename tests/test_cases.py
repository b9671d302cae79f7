"""Case collections in both layouts, on small collections written for the tests."""

from kg.extract import cases, layout

SECTIONS = """附件
第二批知识产权强省建设试点经验与典型案例
一、促进知识产权转化运用（2项）
（一）专利导航引领产业集群发展。（江西提供，已被国务院在
更大范围推广）
解决问题：产业集群缺少专利布局。
具体做法：南昌市开展专利导航。
初步成效：贷款 2.5亿元。
（二）知识产权质押融资风险补偿机制（河北、天津提供）
解决问题：融资难。
具体做法：设立风险补偿基金。
初步成效：惠及企业 120家。
"""

TABLE = """序号 案例名称 案例摘要
1
云南省昆明市建
立地理标志保护
机制
云南省昆明市建立地理标志保护工作机制，推动地理标志产品品牌建设，带动农户增收，形成了可复制的经验做法。
2
吉林省推进知识产
权快速维权
吉林省建立知识产权快速维权工作机制，缩短维权周期，降低维权成本，提升企业满意度和获得感，效果明显。
"""


def test_detects_both_layouts() -> None:
    assert layout.detect(SECTIONS) == layout.PILOT_CASES
    assert layout.detect(TABLE) == layout.CASE_TABLE


def test_case_sections_titles_contributors_and_parts() -> None:
    units = cases.pilot_cases(SECTIONS)
    assert [u.title.text for u in units] == ["专利导航引领产业集群发展", "知识产权质押融资风险补偿机制"]
    assert units[0].status == "已被国务院在更大范围推广"
    assert units[0].parts["初步成效"] == "贷款 2.5亿元。"
    places = [p.name for _, _, p in cases.leading_places(units[1].contributors_text.text)]
    assert places == ["河北省", "天津市"]


def test_case_table_titles_and_places() -> None:
    units = cases.case_table(TABLE)
    assert [u.title.text for u in units] == ["云南省昆明市建立地理标志保护机制", "吉林省推进知识产权快速维权"]
    places = [p.name for _, _, p in cases.leading_places(units[0].title.text)]
    assert places == ["云南省", "昆明市"]


def test_single_character_province_runs() -> None:
    assert [p.name for _, _, p in cases.leading_places("粤港澳联合举办")] == ["广东省", "香港特别行政区", "澳门特别行政区"]
    assert [p.name for _, _, p in cases.leading_places("京津冀协同")] == ["北京市", "天津市", "河北省"]

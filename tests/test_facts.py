"""Pilot types and measured outcomes, on small texts written for the tests."""

from decimal import Decimal

from kg.extract.pilots import definitions, statements
from kg.extract.quantities import quantities


def test_figures_with_units_indicators_and_years() -> None:
    text = "截至 2019 年 6月，入库企业 1,200 家。已发放贷款 3.5亿元，增长了12%和8%；审查周期从 2 年缩短至 40 天。"
    found = [(text[q.start:q.end], q.value, q.unit, q.kind, q.indicator, q.year) for q in quantities(text)]
    assert found == [
        ("入库企业 1,200 家", Decimal(1200), "家", "count", "入库企业", 2019),
        ("发放贷款 3.5亿元", Decimal("3.5"), "亿元", "money", "发放贷款", 2019),
        ("增长了12%", Decimal(12), "%", "share", "增长了", 2019),
        ("8%", Decimal(8), "%", "share", "", 2019),
        ("审查周期从 2 年", Decimal(2), "年", "duration", "审查周期从", 2019),
        ("缩短至 40 天", Decimal(40), "天", "duration", "缩短至", 2019),
    ]


def test_years_dates_and_list_numbers_are_not_figures() -> None:
    assert quantities("2018年3月，召开第2次会议。1.推进工作") == []
    assert [q.indicator for q in quantities("2.新增代理机构15家")] == ["新增代理机构"]


def test_pilot_type_statements() -> None:
    text = ("2017 年，山西省获批支撑型知识产权强省建设试点省。"
            "积极争创引领型知识产权强省试点。为我省加快建设特色型知识产权强省提供支撑。")
    found = [(s.pilot.written, s.approved, text[s.start:s.type_start]) for s in statements(text)]
    assert found == [("支撑型", True, "2017 年，山西省获批"), ("特色型", False, "为我省加快建设")]


def test_pilot_type_definitions() -> None:
    text = ("——建成2—3个支撑型知识产权强省。以增强能力为重点。\n"
            "（二）支撑型知识产权强省建设试点省主要任务\n"
            "- 1.提升支撑能力。内容。\n- 2.健全实施体系。内容。\n"
            "（三）特色型知识产权强省建设试点省主要任务\n- 1.营造环境。内容。\n")
    by_type = {d.pilot.written: d for d in definitions(text)}
    assert [t for _, _, t in by_type["支撑型"].tasks] == ["提升支撑能力", "健全实施体系"]
    assert by_type["支撑型"].target is not None and by_type["支撑型"].target[2] == "建成2—3个支撑型知识产权强省"
    assert [t for _, _, t in by_type["特色型"].tasks] == ["营造环境"]

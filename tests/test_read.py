"""The document layer: formats told by content, merged cells expanded, web pages decoded and
stripped of chrome, OFD text with pages and boxes, traditional script matched with offsets kept."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.extract.pipeline import ExtractionReport, extract_documents, extract_paths
from kg.read import MissingDependency, UnsupportedFormat, read_document, scan
from kg.read.document import RawCell, TextWriter
from kg.read.registry import detect
from tests.plan_documents import FIXTURE_PROVINCES, write_docx, write_html, write_ofd


def test_a_merged_cell_is_written_once_and_the_rows_it_spans_point_to_it() -> None:
    writer = TextWriter()
    writer.table([[RawCell("序号"), RawCell("工作重点"), RawCell("工作内容")],
                  [RawCell("1", rowspan=2), RawCell("加强 保护", rowspan=2), RawCell("甲")],
                  [RawCell("乙")],
                  [RawCell("合计", colspan=2), RawCell("丙")]], header_rows=1)
    doc = writer.document(Path("t.html"), "utf-8", "html", "0" * 64)
    (table,) = doc.tables
    assert [[c.text for c in r] for r in table.rows] == [
        ["序号", "工作重点", "工作内容"], ["1", "加强 保护", "甲"], ["1", "加强 保护", "乙"], ["合计", "合计", "丙"]]
    assert [c.origin for c in table.rows[2]] == [(1, 0), (1, 1), None]
    assert table.rows[3][1].origin == (3, 0)
    assert doc.text.count("加强 保护") == 1
    for row in table.rows:
        for cell in row:
            assert doc.text[cell.start:cell.end] == cell.text


def test_word_tables_keep_document_order_and_vertical_merges(tmp_path: Path) -> None:
    doc = read_document(write_docx(tmp_path / "plans.docx"))
    assert doc.file_type == "docx" and len(doc.tables) == 4
    assert doc.key == f"plans-{doc.sha256[:12]}"
    first = doc.tables[0]
    assert [c.text for c in first.rows[0]] == ["序号", "工作重点", "工作内容", "具体举措及成果形式", "责任部门"]
    focus = [r[1] for r in first.rows[1:]]
    owners = [c for c in focus if c.origin is None]
    assert len(owners) < len(focus) and all(doc.text[c.start:c.end] == c.text for c in focus)
    assert doc.text.index("天津市 2018年工作要点") < first.start < doc.text.index("湖南省 2018年工作要点")


def test_a_gbk_page_is_decoded_and_its_chrome_dropped(tmp_path: Path) -> None:
    path = write_html(tmp_path / "plans.htm")
    data = path.read_bytes()
    assert b"charset=gb2312" in data
    doc = read_document(path)
    assert doc.encoding == "gb18030" and doc.file_type == "html"
    for chrome in ("政务公开", "版权所有", "ICP备", "相关链接", "_hmt", "当前位置", "知识产权局门户网站"):
        assert chrome not in doc.text
    assert "天津市 2018年工作要点" in doc.text and len(doc.tables) == 4
    spanned = [c for r in doc.tables[0].rows for c in r if c.origin is not None]
    assert spanned and all(c.origin[1] in (0, 1) for c in spanned)


def test_ofd_text_has_pages_and_boxes(tmp_path: Path) -> None:
    doc = read_document(write_ofd(tmp_path / "plans.ofd"))
    assert doc.file_type == "ofd" and len(doc.pages) > 5
    assert doc.pages[0].width == pytest.approx(841.89, abs=0.1)
    line = doc.lines[0]
    assert doc.text[line.start:line.end] == "天津市 2018年工作要点" and line.page == 1
    x0, top, x1, bottom = line.box
    assert 0 < x0 < x1 < doc.pages[0].width and 0 < top < bottom
    assert doc.page_at(doc.pages[3].start + 1) == 4


def test_evidence_from_an_ofd_carries_page_and_box_and_its_quote(tmp_path: Path) -> None:
    path = write_ofd(tmp_path / "plans.ofd")
    doc = read_document(path)
    model = extract_documents([doc])
    evidence = [e for r in model.resources.values() for e in r.evidence]
    assert evidence and all(e.page is not None for e in evidence)
    assert all(doc.text[e.start:e.end] == e.quote for e in evidence)
    assert any(e.box is not None for e in evidence)


def test_traditional_script_is_matched_and_quoted_as_written(tmp_path: Path) -> None:
    text = "四川省 2018年工作要點\n國家知識產權局關於印發《專利質量提升工程實施方案》的通知\n省知識產權局、省工商局\n"
    path = tmp_path / "trad.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    assert doc.text == text and len(doc.simplified) == len(text)
    assert "国家知识产权局关于印发《专利质量提升工程实施方案》" in doc.simplified
    model = extract_documents([doc])
    policies = model.of_class("PolicyDocument")
    assert policies and policies[0].evidence[0].quote == "《專利質量提升工程實施方案》"


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("scan.txt", b"%PDF-1.7\n", "pdf"),
    ("plan.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "doc"),
    ("page.txt", b"<!DOCTYPE html><html><body>x</body></html>", "html"),
    ("photo.dat", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image"),
    ("notes.text", "知识产权".encode(), "text"),
])
def test_format_is_told_by_content_before_suffix(name: str, data: bytes, kind: str) -> None:
    fmt = detect(Path(name), data)
    assert fmt is not None and fmt.name == kind


def test_zip_containers_are_told_apart_by_their_members(tmp_path: Path) -> None:
    ofd = write_ofd(tmp_path / "a.docx")  # an OFD misnamed .docx
    assert detect(ofd, ofd.read_bytes()).name == "ofd"
    other = tmp_path / "b.docx"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("readme.txt", "x")
    with pytest.raises(InputError, match=r"b\.docx: named \.docx but its content is not that of a docx file"):
        read_document(other)


def test_unreadable_files_are_listed_with_their_reason(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text("四川省 2018年工作要点\n省知识产权局\n", encoding="utf-8")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "table.xlsx").write_bytes(b"\x01\x02")
    found, other = scan([tmp_path])
    assert [p.name for p in found] == ["broken.docx", "plan.txt"] and [p.name for p in other] == ["table.xlsx"]
    report = ExtractionReport()
    extract_paths([tmp_path], report)
    assert [Path(str(f.path)).name for f in report.failures] == ["broken.docx"]
    assert any("table.xlsx" in w and "skipped" in w for w in report.warnings)


def test_a_reader_not_installed_names_what_to_install(tmp_path: Path, monkeypatch) -> None:
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")
    try:
        import kg.read.pdf  # noqa: F401 -- the PDF reader, when this installation has it
    except ModuleNotFoundError:
        with pytest.raises(UnsupportedFormat, match=r"plan\.pdf: pdf files are not readable"):
            read_document(pdf)
    monkeypatch.setenv("PATH", str(tmp_path))  # no LibreOffice on the path
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(MissingDependency) as err:
        read_document(doc)
    assert "old.doc" in str(err.value) and "libreoffice-writer" in err.value.hint


def test_a_plan_in_traditional_script_reads_like_the_simplified_one(tmp_path: Path) -> None:
    from opencc import OpenCC

    from kg.evaluation import evaluate_work_plans
    from kg.ontology.mapping import to_graph
    from tests.conftest import CORPUS
    from tests.plan_documents import GOLD

    text = OpenCC("s2t").convert((CORPUS / "provincial-work-plans-2018.txt").read_text(encoding="utf-8"))
    path = tmp_path / "plans-traditional.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    assert doc.text == text and len(doc.simplified) == len(text)
    model = extract_documents([doc])
    for score in evaluate_work_plans(to_graph(model), GOLD, FIXTURE_PROVINCES):
        assert score.f1 >= 0.97, (score.category, score.misses[:5])
    office = next(a for a in model.of_class("Agency") if a.label == "四川省知识产权局")
    assert "省知識產權局" in office.aliases and "省知识产权局" in office.aliases

"""PDF and OCR: the evaluation plans printed by Chromium to a ruled PDF, an unruled PDF and a scan
give the evaluation set's rows and agencies; tables, pages, boxes and evidence are checked on them."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.evaluation import evaluate_work_plans
from kg.extract.pipeline import extract_documents
from kg.ontology.mapping import to_graph
from kg.read import read_document
from kg.read.pdf import garbled_share
from tests.plan_documents import FIXTURE_PROVINCES
from tests.plan_pdfs import plan_html, print_pdf, scan_pdf

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    return {"ruled": print_pdf(plan_html(ruled=True), out / "plans-ruled.pdf"),
            "unruled": print_pdf(plan_html(ruled=False), out / "plans-unruled.pdf")}


@pytest.fixture(scope="module")
def ruled(pdfs):
    return read_document(pdfs["ruled"])


def scores(docs, provinces=FIXTURE_PROVINCES) -> dict[str, object]:
    return {s.category: s for s in evaluate_work_plans(to_graph(extract_documents(docs)), GOLD, provinces)}


def test_ruled_pdf_gives_the_evaluation_rows_and_agencies(ruled) -> None:
    got = scores([ruled])
    assert got["work-plan rows"].f1 >= 0.97, got["work-plan rows"].misses
    assert got["lead agencies"].f1 >= 0.95, got["lead agencies"].misses
    assert got["support agencies"].f1 >= 0.95, got["support agencies"].misses


def test_unruled_pdf_gives_the_evaluation_rows(pdfs) -> None:
    doc = read_document(pdfs["unruled"])
    assert len(doc.tables) == 4  # found from the white space between columns and rows
    got = scores([doc])
    assert got["work-plan rows"].f1 >= 0.95, got["work-plan rows"].misses
    assert got["lead agencies"].f1 >= 0.93, got["lead agencies"].misses


def test_ruled_tables_are_whole_over_pages(ruled) -> None:
    assert ruled.file_type == "pdf" and len(ruled.pages) > 8
    assert len(ruled.tables) == 4  # one per province, each over several pages
    header = ["序号", "工作重点", "工作内容", "具体举措及成果形式", "责任部门"]
    for table in ruled.tables:
        assert table.page_end > table.page_start
        assert [c.text for c in table.rows[0]] == header and table.header_rows == 1
        body = table.rows[1:]
        assert all([c.text for c in row] != header for row in body)  # headers repeated on each page dropped
        assert all(row[2].text for row in body)  # no row is the rest of a row cut by a page break
        assert any(row[1].origin is not None for row in body)  # 工作重点 merged down its group
        for row in table.rows:
            for cell in row:
                assert ruled.text[cell.start:cell.end] == cell.text
    # reading order: each heading comes before its own table
    assert ruled.text.index("天津市 2018年工作要点") < ruled.tables[0].start < ruled.text.index("湖南省 2018年工作要点")
    assert [r[2].text for r in ruled.tables[0].rows[1:3]] == ["探索开展知识产权综合管理改革试点", "知识产权服务业集聚区建设"]


def test_a_row_cut_by_a_page_break_is_joined(ruled) -> None:
    """A row whose 具体举措 goes on over the page break is one row, its cell text in one piece."""
    (row,) = [row for row in ruled.tables[0].rows[1:] if row[2].text == "加大国际展会、电子商务等领域知识产权执法力度"]
    assert "维护展会知识产权保护环境" in row[3].text  # 维护展会知识产 | page break | 权保护环境
    assert ruled.page_at(row[3].start) < ruled.page_at(ruled.text.index("加大知识产权犯罪打击力度"))
    assert ruled.text[row[3].start:row[3].end] == row[3].text


def test_every_mention_from_a_pdf_has_its_page_box_and_quote(ruled) -> None:
    model = extract_documents([ruled])
    evidence = [ev for res in model.resources.values() for ev in res.evidence if ev.doc == ruled.key]
    evidence += [rel.evidence for res in model.resources.values() for rel in res.relations
                 if rel.evidence is not None and rel.evidence.doc == ruled.key]
    assert len(evidence) > 500
    sizes = {p.number: (p.width, p.height) for p in ruled.pages}
    for ev in evidence:
        assert ev.quote == ruled.text[ev.start:ev.end]
        assert ev.page in sizes and ev.confidence is None
        if ev.box is not None:
            width, height = sizes[ev.page]
            assert 0 <= ev.box[0] < ev.box[2] <= width and 0 <= ev.box[1] < ev.box[3] <= height
    assert sum(ev.box is not None for ev in evidence) > 0.9 * len(evidence)


def test_garbled_text_is_measured() -> None:
    assert garbled_share("知识产权局") == 0
    assert garbled_share("(cid:12)(cid:845)局") > 0.9
    assert garbled_share("\ue012\ue013知识") == 0.5
    assert garbled_share("知识\ufffd") == pytest.approx(1 / 3)


def test_a_broken_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    with pytest.raises(InputError, match=r"broken\.pdf"):
        read_document(bad)


# ---- OCR -------------------------------------------------------------------------------------
needs_ocr = pytest.mark.skipif(importlib.util.find_spec("rapidocr") is None,
                               reason="the OCR extra is not installed: pip install 'ipgov-kg[ocr]'")


def small_page(body: str) -> str:
    return ("<!doctype html><html><head><meta charset='utf-8'><style>@page { size: 148mm 80mm; margin: 8mm; }"
            "body { font-family: 'WenQuanYi Micro Hei', sans-serif; font-size: 11pt; }"
            "table { border-collapse: collapse; width: 100%; } td { border: 0.8pt solid #000; padding: 3pt; }"
            f"</style></head><body>{body}</body></html>")


@needs_ocr
def test_an_image_is_read_by_ocr_with_its_table_cells_boxes_and_confidence(tmp_path: Path) -> None:
    image = read_document(table_image(tmp_path))
    assert image.file_type == "image" and len(image.pages) == 1
    (table,) = image.tables
    assert [[c.text for c in row] for row in table.rows] == [
        ["序号", "工作内容", "责任部门"], ["1", "加大宣传力度", "省知识产权局"], ["2", "实施专利导航项目", "省发展改革委"]]
    assert all(0.5 < ln.confidence <= 1 for ln in image.lines)
    width, height = image.pages[0].width, image.pages[0].height
    assert width == pytest.approx(148 / 25.4 * 72, rel=0.02) and height == pytest.approx(80 / 25.4 * 72, rel=0.02)
    model = extract_documents([image])
    evidence = [ev for res in model.resources.values() for ev in res.evidence if ev.doc == image.key]
    assert evidence and all(ev.page == 1 and ev.box and ev.confidence and ev.quote == image.text[ev.start:ev.end]
                            for ev in evidence)


@needs_ocr
def test_a_page_with_a_garbled_text_layer_is_read_by_ocr(tmp_path: Path) -> None:
    """Private-use characters (what a font without a Unicode map gives) make the page be read from its image."""
    garbled = "".join(chr(0xE000 + i) for i in range(40))
    pdf = print_pdf(small_page(f"<p>{garbled}</p><p>加强知识产权保护</p><p>{garbled}</p>"), tmp_path / "garbled.pdf")
    doc = read_document(pdf)
    assert "加强知识产权保护" in doc.text
    assert garbled_share(doc.text) == 0
    assert any(ln.confidence is not None for ln in doc.lines)


def table_image(tmp_path: Path) -> Path:
    """A small ruled table printed by Chromium and rendered to a 150 dpi PNG."""
    import pypdfium2

    pdf = print_pdf(small_page("<p>四川省 2018年工作要点</p><table><tr><td>序号</td><td>工作内容</td><td>责任部门</td></tr>"
                               "<tr><td>1</td><td>加大宣传力度</td><td>省知识产权局</td></tr>"
                               "<tr><td>2</td><td>实施专利导航项目</td><td>省发展改革委</td></tr></table>"),
                    tmp_path / "small.pdf")
    doc = pypdfium2.PdfDocument(str(pdf))
    doc[0].render(scale=150 / 72, grayscale=True).to_pil().save(tmp_path / "table.png", dpi=(150, 150))
    doc.close()
    return tmp_path / "table.png"


def test_tesseract_reads_the_table_where_rapidocr_is_not_installed(tmp_path: Path, monkeypatch) -> None:
    from kg.read import ocr as ocr_module

    binary = shutil.which("tesseract")
    langs = subprocess.run([binary, "--list-langs"], capture_output=True, text=True).stdout.split() if binary else []
    if "chi_sim" not in langs:
        pytest.skip("Debian's tesseract-ocr and tesseract-ocr-chi-sim are not installed")
    monkeypatch.setattr(ocr_module, "engine", lambda: ocr_module.TesseractEngine(binary))
    image = read_document(table_image(tmp_path))
    (table,) = image.tables
    assert len(table.rows) == 3 and {len(r) for r in table.rows} == {3}
    # tesseract is less sure than RapidOCR: a lone digit in a narrow cell, a header word may be missed
    assert [[c.text for c in row[1:]] for row in table.rows[1:]] == [
        ["加大宣传力度", "省知识产权局"], ["实施专利导航项目", "省发展改革委"]]
    assert all(0 <= ln.confidence <= 1 for ln in image.lines)


def test_missing_ocr_is_named_with_what_to_install(tmp_path: Path, monkeypatch) -> None:
    from kg.read import ocr as ocr_module

    monkeypatch.setattr(ocr_module, "engine", lambda: None)
    png = tmp_path / "scan.png"
    from PIL import Image

    Image.new("L", (200, 100), 255).save(png)
    with pytest.raises(InputError, match=r"scan.png.*ipgov-kg\[ocr\]"):
        read_document(png)


@needs_ocr
def test_a_scanned_pdf_gives_the_evaluation_rows(tmp_path: Path) -> None:
    """The 天津市 plan printed, its pages rendered to images at 100 dpi and put together as a PDF."""
    printed = print_pdf(plan_html(ruled=True, provinces=("天津市",)), tmp_path / "tianjin.pdf")
    scan = read_document(scan_pdf(printed, tmp_path / "tianjin-scan.pdf", dpi=100))
    assert scan.file_type == "pdf" and len(scan.tables) == 1
    got = scores([scan], ["天津市"])
    assert got["work-plan rows"].f1 >= 0.90, got["work-plan rows"].misses
    assert got["lead agencies"].f1 >= 0.85, got["lead agencies"].misses
    model = extract_documents([scan])
    evidence = [ev for res in model.resources.values() for ev in res.evidence if ev.doc == scan.key]
    assert all(ev.page and ev.confidence is not None and ev.quote == scan.text[ev.start:ev.end] for ev in evidence)

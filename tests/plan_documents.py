"""The work plans of the evaluation set written as the documents analysts have: a Word table with
merged 工作重点 cells, a GBK web page with rowspan cells and site chrome, an OFD laid out as a
printed table, and an old Word (.doc) file made from the Word one by LibreOffice.

The rows are the hand-checked rows of ``tests/gold/workplan-rows.tsv`` (province, 序号, 工作重点,
工作内容, lead and support agencies); the 具体举措 cells are taken from the sample text of the plans.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
import textwrap
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
PLANS = ROOT / "data" / "corpus" / "provincial-work-plans-2018.txt"
YEAR = 2018
HEADER = ("序号", "工作重点", "工作内容", "具体举措及成果形式", "责任部门")
#: the provinces whose plans the fixtures hold: the four of the first evaluation set, a plan of every kind
FIXTURE_PROVINCES = ("天津市", "湖南省", "广东省", "四川省")


@dataclass(frozen=True)
class Row:
    group: int
    focus: str
    content: str
    measures: str
    lead: str
    support: str

    @property
    def agencies(self) -> str:
        """The 责任部门 cell: the names, with 责任部门：…配合部门：… where some only support."""
        if not self.support:
            return self.lead
        return f"责任部门：{self.lead}\n配合部门：{self.support}"


@lru_cache(maxsize=1)
def plans() -> dict[str, list[Row]]:
    """Province → its rows in the order of the evaluation set."""
    from kg.evaluation import norm, read_tsv
    from kg.extract import workplan
    from kg.extract.plan_reader import Col
    from kg.extract.text import Joined

    text = PLANS.read_text(encoding="utf-8")
    measures: dict[tuple[str, int | None, str], str] = {}
    for table in workplan.find_tables(text):
        if table.province is not None:
            for row in table.rows:
                key = (table.province.name, row.group, norm(Joined(row.cells[Col.CONTENT]).text))
                measures.setdefault(key, Joined(row.cells[Col.MEASURES]).text)
    out: dict[str, list[Row]] = {}
    for province, group, focus, content, lead, support in read_tsv(GOLD / "workplan-rows.tsv", 6):
        if province not in FIXTURE_PROVINCES:
            continue
        found = measures.get((province, int(group), norm(content)), "")
        out.setdefault(province, []).append(Row(int(group), focus, content, found, lead, support))
    return out


def _groups(rows: list[Row]) -> list[list[Row]]:
    groups: list[list[Row]] = []
    for row in rows:
        if groups and groups[-1][0].group == row.group:
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


def heading(province: str) -> str:
    return f"{province} {YEAR}年工作要点"


def write_docx(path: Path) -> Path:
    """A Word file: a heading and a table per province, 序号 and 工作重点 merged down each group."""
    import docx

    document = docx.Document()
    document.add_paragraph(f"各省（区、市）{YEAR}年知识产权工作要点")
    for province, rows in plans().items():
        document.add_paragraph(heading(province))
        table = document.add_table(rows=1 + len(rows), cols=len(HEADER))
        for c, label in enumerate(HEADER):
            table.cell(0, c).text = label
        r = 1
        for group in _groups(rows):
            table.cell(r, 0).text = str(group[0].group)
            table.cell(r, 1).text = group[0].focus
            for i, row in enumerate(group):
                table.cell(r + i, 2).text = row.content
                table.cell(r + i, 3).text = row.measures
                table.cell(r + i, 4).text = row.agencies
            if len(group) > 1:
                for c in (0, 1):
                    table.cell(r, c).merge(table.cell(r + len(group) - 1, c))
            r += len(group)
    document.add_paragraph("")  # Word ends a document with a paragraph, never with a table
    document.save(path)
    return path


def write_doc(path: Path) -> Path:
    """The Word table saved as an old .doc by LibreOffice."""
    soffice = shutil.which("soffice")
    assert soffice is not None, "LibreOffice is needed to write a .doc file"
    with tempfile.TemporaryDirectory(prefix="kg-fixture-") as tmp:
        source = write_docx(Path(tmp) / f"{path.stem}.docx")
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "doc",
                        "--outdir", tmp, str(source)], check=True, capture_output=True, timeout=180)
        shutil.copyfile(Path(tmp) / f"{path.stem}.doc", path)
    return path


CHROME_TOP = """<div class="header"><div class="logo">知识产权局门户网站</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/zcfg">政策法规</a></li>
<li><a href="/bsfw">办事服务</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>"""
CHROME_SIDE = """<div class="sidebar"><h3>相关链接</h3><ul>
<li><a href="/a">国务院关于新形势下加快知识产权强国建设的若干意见</a></li><li><a href="/b">专利代理条例</a></li></ul></div>"""
CHROME_BOTTOM = """<div class="footer">版权所有：某省知识产权局 地址：某市某路1号 备案号：某ICP备00000000号</div>
<script>var _hmt = _hmt || []; document.write("统计");</script>"""


def write_html(path: Path) -> Path:
    """A GBK web page (declared gb2312) with site chrome; 序号 and 工作重点 cells span their group's rows."""
    body = [f"<h1>各省（区、市）{YEAR}年知识产权工作要点</h1>"]
    for province, rows in plans().items():
        body.append(f"<p><strong>{html.escape(heading(province))}</strong></p>")
        body.append("<table border=\"1\"><tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr>")
        for group in _groups(rows):
            for i, row in enumerate(group):
                cells = []
                if i == 0:
                    span = f' rowspan="{len(group)}"' if len(group) > 1 else ""
                    cells += [f"<td{span}>{row.group}</td>", f"<td{span}>{html.escape(row.focus)}</td>"]
                agencies = "<br>".join(html.escape(part) for part in row.agencies.split("\n"))
                cells += [f"<td>{html.escape(row.content)}</td>", f"<td><p>{html.escape(row.measures)}</p></td>",
                          f"<td>{agencies}</td>"]
                body.append("<tr>" + "".join(cells) + "</tr>")
        body.append("</table>")
    page = (f"<!DOCTYPE html>\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
            f"<title>{YEAR}年知识产权工作要点</title></head><body>{CHROME_TOP}<div class=\"main\">{CHROME_SIDE}"
            f"<div class=\"article-content\">{''.join(body)}</div></div>{CHROME_BOTTOM}</body></html>")
    path.write_bytes(page.encode("gb18030"))
    return path


# ---- OFD: the table printed on landscape A4 pages, ruled, cells wrapped at their column's width ----
SIZE = 3.5  # mm, the type size
WIDTHS = (2, 6, 10, 30, 10)  # characters per column
PAD = 1.2  # mm inside a cell, around its text
LINE = 5.0  # mm from one baseline to the next
PAGE = (297.0, 210.0)
MARGIN = 12.0


def _wrap(text: str, width: int) -> list[str]:
    return [part for para in text.split("\n") for part in textwrap.wrap(para, width)] or [""]


class _Printer:
    """Lays the plans out on pages: text pieces and rules in millimetres. A merged 序号 and 工作重点 cell
    has no rule between the rows of its group; a page break repeats the header."""

    def __init__(self) -> None:
        self.x = [MARGIN]
        for w in WIDTHS:
            self.x.append(self.x[-1] + w * SIZE + 2 * PAD)
        self.pages: list[tuple[list[tuple[float, float, str]], list[tuple[float, float, float, float]]]] = []
        self.part_top = 0.0
        self.new_page()

    @property
    def bottom(self) -> float:
        return PAGE[1] - MARGIN

    def new_page(self) -> None:
        self.pages.append(([], []))
        self.y = MARGIN

    def text(self, x: float, y: float, text: str) -> None:
        self.pages[-1][0].append((x, y, text))

    def rule(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.pages[-1][1].append((x0, y0, x1, y1))

    def row(self, cells: list[str], full_rule: bool) -> float:
        wrapped = [_wrap(cell, WIDTHS[c]) for c, cell in enumerate(cells)]
        self.rule(self.x[0] if full_rule else self.x[2], self.y, self.x[-1], self.y)
        for c, lines in enumerate(wrapped):
            for k, line in enumerate(lines):
                if line:
                    self.text(self.x[c] + PAD, self.y + PAD + k * LINE, line)
        return 2 * PAD + max(len(w) for w in wrapped[2:]) * LINE

    def start_part(self) -> None:
        self.part_top = self.y
        self.y += self.row(list(HEADER), True)

    def close_part(self) -> None:
        self.rule(self.x[0], self.y, self.x[-1], self.y)
        for x in self.x:
            self.rule(x, self.part_top, x, self.y)

    def plan(self, province: str, rows: list[Row]) -> None:
        if self.y + 4 * LINE > self.bottom:
            self.new_page()
        self.text(self.x[0], self.y, heading(province))
        self.y += LINE + 2
        self.start_part()
        for group in _groups(rows):
            focus = 2 * PAD + len(_wrap(group[0].focus, WIDTHS[1])) * LINE
            first_page = True
            top = self.y
            for i, row in enumerate(group):
                cells = [str(row.group) if i == 0 else "", row.focus if i == 0 else "", row.content, row.measures,
                         row.agencies]
                height = 2 * PAD + max(len(_wrap(c, WIDTHS[k])) for k, c in enumerate(cells)) * LINE
                if self.y + max(height, focus if i == 0 else 0) > self.bottom:
                    if first_page and i:
                        self.y = max(self.y, top + focus)
                    self.close_part()
                    self.new_page()
                    self.start_part()
                    first_page, top = i == 0, self.y
                self.row(cells, i == 0 or self.y == top)
                self.y += height
            if first_page:
                self.y = max(self.y, top + focus)
        self.close_part()
        self.y += LINE


def write_ofd(path: Path) -> Path:
    """An OFD package (GB/T 33190): OFD.xml, Document.xml and per page a Content.xml of TextObjects
    and the PathObjects that rule the table."""
    printer = _Printer()
    for province, rows in plans().items():
        printer.plan(province, rows)
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    pages = printer.pages
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.0"><ofd:DocBody>'
                              '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        refs = "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
        z.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}><ofd:CommonData>'
                   f'<ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE[0]} {PAGE[1]}</ofd:PhysicalBox></ofd:PageArea>'
                   f'</ofd:CommonData><ofd:Pages>{refs}</ofd:Pages></ofd:Document>')
        oid = 0
        for i, (texts, rules) in enumerate(pages):
            objects = []
            for x, y, text in texts:
                oid += 1
                advance = f' DeltaX="g {len(text) - 1} {SIZE}"' if len(text) > 1 else ""
                objects.append(f'<ofd:TextObject ID="{oid}" Boundary="{x:.2f} {y:.2f} {len(text) * SIZE:.2f} {LINE}" '
                               f'Font="1" Size="{SIZE}"><ofd:TextCode X="0" Y="{SIZE}"{advance}>'
                               f'{html.escape(text)}</ofd:TextCode></ofd:TextObject>')
            for x0, y0, x1, y1 in rules:
                oid += 1
                objects.append(f'<ofd:PathObject ID="{oid}" Boundary="{x0:.2f} {y0:.2f} {x1 - x0:.2f} {y1 - y0:.2f}" '
                               f'LineWidth="0.25"><ofd:AbbreviatedData>M 0 0 L {x1 - x0:.2f} {y1 - y0:.2f}'
                               '</ofd:AbbreviatedData></ofd:PathObject>')
            z.writestr(f"Doc_0/Pages/Page_{i}/Content.xml",
                       f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content><ofd:Layer ID="0">'
                       f'{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')
    return path

"""Work plans of the evaluation set made into the files analysts bring: HTML printed to PDF by
headless Chromium (ruled, with the header repeated on every page, or without rulings) and the same
PDF as page images only (a scan). Everything is made from the sample texts; nothing is downloaded.

The table of each province is the evaluation set's rows (tests/gold/workplan-rows.tsv), with the
具体举措 of each row as read from the sample text, and the departments written the way plans
write them (``A、B牵头，C、D配合``).
"""

from __future__ import annotations

import html
import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
PLANS = ROOT / "data" / "corpus" / "provincial-work-plans-2018.txt"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
        "--no-pdf-header-footer"]


@dataclass(frozen=True)
class Row:
    province: str
    group: str
    focus: str
    content: str
    measures: str
    departments: str


def _norm(text: str) -> str:
    return "".join(text.split()).rstrip("。")


@cache
def _measures() -> dict[tuple[str, str], str]:
    """具体举措 of every row of the sample plans, by (province, 工作内容)."""
    from kg.extract.plan_reader import Col
    from kg.extract.text import Joined
    from kg.extract.workplan import find_tables

    text = PLANS.read_text(encoding="utf-8")
    found: dict[tuple[str, str], str] = {}
    for table in find_tables(text):
        if table.province is None:
            continue
        for row in table.rows:
            key = (table.province.name, _norm(Joined(row.cells[Col.CONTENT]).text))
            found.setdefault(key, Joined(row.cells[Col.MEASURES]).text)
    return found


def plan_rows(provinces: tuple[str, ...] | None = None) -> list[Row]:
    """The evaluation set's rows, in order, with their measures and department cells."""
    rows = []
    for line in (GOLD / "workplan-rows.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        province, group, focus, content, lead, support = (line.split("\t") + [""] * 6)[:6]
        if provinces and province not in provinces:
            continue
        departments = lead.strip() + (f"牵头，{support.strip()}配合" if support.strip() else "")
        rows.append(Row(province, group, focus, content, _measures().get((province, _norm(content)), ""),
                        departments))
    return rows


def plan_html(rows: list[Row], ruled: bool = True) -> str:
    """An HTML page with one table per province; 序号 and 工作重点 span the rows of their group."""
    border = "0.6pt solid #000" if ruled else "none"
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><style>",
        "@page { size: A4 landscape; margin: 14mm 12mm; }",
        "body { font-family: 'WenQuanYi Micro Hei', sans-serif; font-size: 10pt; }",
        "h2 { font-size: 14pt; text-align: center; margin: 6mm 0 3mm; }",
        f"table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}"
        f" td, th {{ border: {border}; padding: 3pt 4pt; vertical-align: top; line-height: 1.35; }}",
        "thead { display: table-header-group; } tr { break-inside: auto; }",
        "h2 { break-before: page; } h2:first-child { break-before: auto; }",
        "</style></head><body>",
    ]
    esc = html.escape
    by_province: dict[str, list[Row]] = {}
    for row in rows:
        by_province.setdefault(row.province, []).append(row)
    for province, prows in by_province.items():
        parts.append(f"<h2>{esc(province)} 2018年工作要点</h2><table><colgroup><col style='width:5%'>"
                     "<col style='width:13%'><col style='width:19%'><col style='width:47%'><col style='width:16%'>"
                     "</colgroup><thead><tr><th>序号</th><th>工作重点</th><th>工作内容</th><th>具体举措及成果形式</th>"
                     "<th>责任部门</th></tr></thead><tbody>")
        for i, row in enumerate(prows):
            cells = []
            if i == 0 or prows[i - 1].group != row.group:
                span = sum(1 for r in prows[i:] if r.group == row.group and r.focus == row.focus)
                cells.append(f"<td rowspan='{span}'>{esc(row.group)}</td><td rowspan='{span}'>{esc(row.focus)}</td>")
            cells.append(f"<td>{esc(row.content)}</td><td>{esc(row.measures)}</td><td>{esc(row.departments)}</td>")
            parts.append(f"<tr>{''.join(cells)}</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)


def print_pdf(page: str, out: Path) -> Path:
    """Print an HTML page to ``out`` with headless Chromium (offline, a private profile)."""
    with tempfile.TemporaryDirectory(prefix="kg-print-") as tmp:
        src = Path(tmp) / "plan.html"
        src.write_text(page, encoding="utf-8")
        subprocess.run([CHROMIUM, *ARGS, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}",
                        src.as_uri()], check=True, capture_output=True, timeout=180)
    if not out.is_file():
        raise RuntimeError(f"chromium wrote no {out}")
    return out


def scan_pdf(pdf: Path, out: Path, dpi: int = 150, pages: int | None = None) -> Path:
    """The PDF as page images only, like a scan: each page rendered to greyscale and assembled by Pillow."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        images = [doc[i].render(scale=dpi / 72, grayscale=True).to_pil()
                  for i in range(len(doc) if pages is None else min(pages, len(doc)))]
    finally:
        doc.close()
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    out.write_bytes(buf.getvalue())
    return out

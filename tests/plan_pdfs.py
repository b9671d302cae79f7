"""The work plans of the evaluation set (``tests/plan_documents.plans``) as the PDFs analysts have:
an HTML table printed to a ruled multi-page PDF by headless Chromium (the header repeated on each
page, 序号 and 工作重点 merged down each group, rows cut by page breaks), the same without rulings,
and the ruled PDF as page images only, like a scan. Nothing is downloaded; nothing binary is kept.
"""

from __future__ import annotations

import html
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.plan_documents import HEADER, _groups, heading, plans

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
        "--no-pdf-header-footer"]
WIDTHS = (5, 13, 19, 47, 16)  # per cent of the table's width


def plan_html(ruled: bool = True, provinces: tuple[str, ...] | None = None) -> str:
    """An A4 landscape page per province's table; 序号 and 工作重点 span the rows of their group."""
    border = "0.6pt solid #000" if ruled else "none"
    esc = html.escape
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><style>",
        "@page { size: A4 landscape; margin: 14mm 12mm; }",
        "body { font-family: 'WenQuanYi Micro Hei', sans-serif; font-size: 10pt; }",
        "h2 { font-size: 14pt; text-align: center; margin: 4mm 0 3mm; break-before: page; }",
        "h2:first-child { break-before: auto; }",
        "table { border-collapse: collapse; width: 100%; table-layout: fixed; }",
        f"td, th {{ border: {border}; padding: 3pt 4pt; vertical-align: top; line-height: 1.35; }}",
        "thead { display: table-header-group; }",
        "</style></head><body>",
    ]
    for province, rows in plans().items():
        if provinces and province not in provinces:
            continue
        cols = "".join(f"<col style='width:{w}%'>" for w in WIDTHS)
        parts.append(f"<h2>{esc(heading(province))}</h2><table><colgroup>{cols}</colgroup><thead><tr>"
                     + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr></thead><tbody>")
        for group in _groups(rows):
            for i, row in enumerate(group):
                cells = ""
                if i == 0:
                    span = f" rowspan='{len(group)}'" if len(group) > 1 else ""
                    cells = f"<td{span}>{row.group}</td><td{span}>{esc(row.focus)}</td>"
                agencies = "<br>".join(esc(p) for p in row.agencies.split("\n"))
                cells += f"<td>{esc(row.content)}</td><td>{esc(row.measures)}</td><td>{agencies}</td>"
                parts.append(f"<tr>{cells}</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)


def print_pdf(page: str, out: Path) -> Path:
    """Print an HTML page to ``out`` with headless Chromium (offline, a private profile)."""
    with tempfile.TemporaryDirectory(prefix="kg-print-") as tmp:
        src = Path(tmp) / "plan.html"
        src.write_text(page, encoding="utf-8")
        subprocess.run([CHROMIUM, *ARGS, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", src.as_uri()],
                       check=True, capture_output=True, timeout=300)
    if not out.is_file():
        raise RuntimeError(f"chromium wrote no {out}")
    return out


def scan_pdf(pdf: Path, out: Path, dpi: int = 100, pages: int | None = None) -> Path:
    """The PDF (its first ``pages``) as page images only, like a scan: each page rendered in grey and
    assembled by Pillow."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        images = [doc[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(min(pages or len(doc), len(doc)))]
    finally:
        doc.close()
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    out.write_bytes(buf.getvalue())
    return out

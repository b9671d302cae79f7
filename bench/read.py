"""Reading speed per format: the same four plans of the evaluation set as plain text, Word, old
Word (when LibreOffice is installed), a web page, an OFD and PDF (printed by Chromium, ruled and
without rulings), each read ``--repeat`` times; then OCR: the first ``--ocr-pages`` pages of the
ruled PDF as a scan (100 dpi page images), read once, in seconds per page against the text layer.

Prints documents and pages per second (a document without pages counts as one page) and
characters of text per second, with the rate of each format against plain text in the same run.
The plain text is the tab-separated table text the Word reader makes of the same plans, so every
format reads the same content.

    .venv/bin/python bench/read.py [--repeat 5] [--ocr-pages 2]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.read import read_document  # noqa: E402
from tests.plan_documents import write_doc, write_docx, write_html, write_ofd  # noqa: E402
from tests.plan_pdfs import plan_html, print_pdf, scan_pdf  # noqa: E402


def fixtures(folder: Path) -> dict[str, Path]:
    paths = {"docx": write_docx(folder / "plans.docx"), "html": write_html(folder / "plans.html"),
             "ofd": write_ofd(folder / "plans.ofd")}
    if shutil.which("soffice"):
        paths["doc"] = write_doc(folder / "plans.doc")
    paths["pdf"] = print_pdf(plan_html(ruled=True), folder / "plans.pdf")
    paths["pdf-un"] = print_pdf(plan_html(ruled=False), folder / "plans-unruled.pdf")
    text = folder / "plans.txt"
    text.write_text(read_document(paths["docx"]).text, encoding="utf-8")
    return {"text": text, **paths}


def measure(path: Path, repeat: int) -> tuple[float, int, int]:
    read_document(path)  # imports and caches warmed
    start = time.perf_counter()
    for _ in range(repeat):
        doc = read_document(path)
    return (time.perf_counter() - start) / repeat, max(1, len(doc.pages)), len(doc.text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="reads per format")
    parser.add_argument("--ocr-pages", type=int, default=2, help="scanned pages read by OCR (0: none)")
    args = parser.parse_args()
    repeat = args.repeat
    with tempfile.TemporaryDirectory(prefix="kg-bench-read-") as tmp:
        paths = fixtures(Path(tmp))
        print(f"{'format':>6}  {'KiB':>7}  {'pages':>5}  {'s/doc':>7}  {'docs/s':>7}  {'pages/s':>8}  "
              f"{'chars/s':>10}  {'vs text':>7}")
        base = None
        for fmt, path in paths.items():
            seconds, pages, chars = measure(path, repeat)
            rate = chars / seconds
            base = base or rate
            print(f"{fmt:>6}  {path.stat().st_size / 1024:>7.0f}  {pages:>5}  {seconds:>7.3f}  {1 / seconds:>7.1f}  "
                  f"{pages / seconds:>8.1f}  {rate:>10,.0f}  {rate / base:>6.2f}×")
            if fmt == "pdf":
                pdf_page = seconds / pages
        if args.ocr_pages:
            ocr(scan_pdf(paths["pdf"], Path(tmp) / "scan.pdf", dpi=100, pages=args.ocr_pages), pdf_page)


def ocr(scan: Path, pdf_page: float) -> None:
    """OCR seconds per page of a scan, against the seconds per page of the PDF's text layer."""
    from kg.read import ocr as engine

    if engine.engine() is None:
        print(f"OCR: not installed ({engine.MISSING})")
        return
    start = time.perf_counter()
    doc = read_document(scan)
    seconds = (time.perf_counter() - start) / len(doc.pages)
    print(f"\nOCR ({engine.engine().name}, {len(doc.pages)} scanned pages at 100 dpi): {seconds:.1f} s/page, "
          f"{seconds / pdf_page:,.0f}× the text layer's {pdf_page * 1000:.0f} ms/page")


if __name__ == "__main__":
    main()

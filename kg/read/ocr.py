"""OCR of images and scanned PDF pages, fully offline.

The engine is RapidOCR (``pip install 'ipgov-kg[ocr]'``: the ``rapidocr`` wheel ships its Chinese
detection, direction and recognition models, run by onnxruntime); where it is not installed,
Debian's ``tesseract`` with ``tesseract-ocr-chi-sim`` is used. Each text box becomes a word with
its box (PDF points) and confidence. A page that is a table gets its cells from the rulings in
the image: long runs of dark pixels, found with numpy, are the edges from which pdfplumber's
table finder builds the cells, as it does from the lines drawn in a PDF.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from statistics import median

from kg.errors import InputError
from kg.read.document import Box, SourceDocument
from kg.read.layout import Composer, PageContent, Word
from kg.read.registry import sha256
from kg.read.rulings import closing_edges, cut_at

DPI = 150  # pages rendered for OCR: enough for 10-point Chinese, light on the CPU
DARK = 140  # grey level below which a pixel is ink
MISSING = ("OCR is not installed: pip install 'ipgov-kg[ocr]' (RapidOCR, models included) "
           "or apt-get install tesseract-ocr tesseract-ocr-chi-sim")


class Engine:
    """One OCR engine: ``read(image)`` gives words in pixels of the image."""

    name = ""

    def read(self, image) -> list[Word]:
        raise NotImplementedError


class RapidEngine(Engine):
    name = "rapidocr"

    def __init__(self) -> None:
        from rapidocr import RapidOCR

        self.ocr = RapidOCR(params={"Global.log_level": "error"})

    def read(self, image) -> list[Word]:
        import numpy as np

        result = self.ocr(np.asarray(image.convert("RGB")))
        if result.boxes is None:
            return []
        words = []
        for points, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
            xs, ys = [float(p[0]) for p in points], [float(p[1]) for p in points]
            if text.strip():
                words.append(Word(text.strip(), (min(xs), min(ys), max(xs), max(ys)), float(score)))
        return words


class TesseractEngine(Engine):
    name = "tesseract"

    def __init__(self, binary: str) -> None:
        self.binary = binary

    def read(self, image) -> list[Word]:
        with tempfile.TemporaryDirectory(prefix="kg-ocr-") as tmp:
            src = Path(tmp) / "page.png"
            image.save(src)
            run = subprocess.run([self.binary, str(src), "stdout", "-l", "chi_sim", "--psm", "6", "tsv"],
                                 capture_output=True, text=True, timeout=600)
        if run.returncode != 0:
            raise RuntimeError(run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "tesseract failed")
        words = []
        for row in csv.DictReader(io.StringIO(run.stdout), delimiter="\t", quoting=csv.QUOTE_NONE):
            text = (row.get("text") or "").strip()
            if text and row.get("conf") not in (None, "-1"):
                x, y, w, h = (float(row[k]) for k in ("left", "top", "width", "height"))
                words.append(Word(text, (x, y, x + w, y + h), float(row["conf"]) / 100))
        return words


@cache
def engine() -> Engine | None:
    """RapidOCR when installed, else tesseract with its Chinese data, else None."""
    try:
        return RapidEngine()
    except ImportError:
        pass
    binary = shutil.which("tesseract")
    if binary:
        langs = subprocess.run([binary, "--list-langs"], capture_output=True, text=True).stdout.split()
        if "chi_sim" in langs:
            return TesseractEngine(binary)
    return None


def require_engine(path: Path) -> Engine:
    found = engine()
    if found is None:
        raise InputError(path, f"needs OCR (scanned or without a text layer); {MISSING}")
    return found


def render_pdf_page(path: Path, data: bytes, number: int, dpi: int = DPI):
    """Page ``number`` (1-based) as a greyscale image, rendered by pypdfium2."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    try:
        return doc[number - 1].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        doc.close()


def page_content(path: Path, image, number: int, width: float, height: float) -> PageContent:
    """OCR words and ruled tables of a page image, in PDF points of a ``width`` × ``height`` page."""
    found = require_engine(path)
    sx, sy = width / image.width, height / image.height
    read = found.read(image)
    words = [Word(w.text, (w.box[0] * sx, w.box[1] * sy, w.box[2] * sx, w.box[3] * sy), w.confidence) for w in read]
    tables, cut = ruled_cells(image, median(w.height for w in read) if read else 0.0)
    return PageContent(number, width, height, words,
                       [[(c[0] * sx, c[1] * sy, c[2] * sx, c[3] * sy) for c in cells] for cells in tables], cut)


def ruled_cells(image, text_height: float = 0.0) -> tuple[list[list[Box]], list[bool]]:
    """Cells of the ruled tables in an image (in pixels), and for each table whether a page break
    cuts its last row. Runs of ink longer than two lines of text (and than a thirtieth of the
    page) are rulings, which pdfplumber joins into cells and groups into tables as it does with
    the lines of a PDF; a "table" whose cells are mostly lower than a line of text is strokes of
    letters, not rulings."""
    import numpy as np
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    ink = np.asarray(image.convert("L")) < DARK
    least = max(20, min(ink.shape) // 30, round(2 * text_height))
    edges = _runs(ink, "h", least) + _runs(ink.T, "v", least)
    if not edges:
        return [], []
    edges = merge_edges(edges, snap_x_tolerance=3, snap_y_tolerance=3, join_x_tolerance=3, join_y_tolerance=3)
    closing = closing_edges(edges)
    cells = intersections_to_cells(edges_to_intersections(edges + closing, 3, 3))
    tables = [list(t) for t in cells_to_tables(cells)
              if len(t) >= 2 and sum(c[3] - c[1] > text_height for c in t) > len(t) / 2]
    boxes = [(min(c[0] for c in t), min(c[1] for c in t), max(c[2] for c in t), max(c[3] for c in t)) for t in tables]
    return tables, [cut_at(closing, b) for b in boxes]


def _runs(ink, orientation: str, k: int) -> list[dict]:
    """Straight runs of at least ``k`` ink pixels along the rows of ``ink`` (the image, or its transpose)."""
    import numpy as np

    rows, cols = ink.shape
    total = np.zeros((rows, cols + 1), dtype=np.int32)
    np.cumsum(ink, axis=1, out=total[:, 1:])
    full = (total[:, k:] - total[:, :-k]) == k  # a run of k ink pixels starts here
    edges: list[dict] = []
    for r in np.flatnonzero(full.any(axis=1)):
        starts = np.flatnonzero(full[r])
        breaks = np.flatnonzero(np.diff(starts) > 1)
        for a, b in zip(np.r_[0, breaks + 1], np.r_[breaks, len(starts) - 1], strict=True):
            x0, x1, y = float(starts[a]), float(starts[b] + k), float(r) + 0.5
            if orientation == "h":
                edges.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
                              "orientation": "h", "object_type": "line"})
            else:
                edges.append({"x0": y, "x1": y, "top": x0, "bottom": x1, "width": 0.0, "height": x1 - x0,
                              "orientation": "v", "object_type": "line"})
    return edges


def read_image(path: Path, data: bytes) -> SourceDocument:
    """Read an image (PNG, JPEG, TIFF, every frame a page) by OCR."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    require_engine(path)
    try:
        image = Image.open(io.BytesIO(data))
        frames = [f.convert("L") for f in ImageSequence.Iterator(image)]
        dpi = float((image.info.get("dpi") or (72, 72))[0]) or 72.0
    except (UnidentifiedImageError, OSError) as exc:
        raise InputError(path, f"not a readable image ({exc})") from None
    composer = Composer()
    for number, frame in enumerate(frames, 1):
        composer.add_page(page_content(path, frame, number, frame.width * 72 / dpi, frame.height * 72 / dpi))
    text, pages, lines, tables = composer.write()
    if not text.strip():
        raise InputError(path, "no text found in the image")
    return SourceDocument(path, text, "ocr", "image", sha256(data), pages, lines, tables)

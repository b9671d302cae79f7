"""PDF: the text layer read by position (pdfplumber), ruled tables from their drawn lines, and
pages without a usable text layer (scans, fonts without a Unicode map) read by OCR.

pdfminer's own text order reads a ruled table column by column; here characters are grouped
into words and printed lines by their boxes and composed by ``kg.read.layout``. A page is
sent to OCR when it has no characters but is covered by an image, or when its text layer is
garbled: ``(cid:NN)`` glyphs, U+FFFD or private-use characters, which is what government PDFs
set in GBK fonts that are not embedded give.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from kg.errors import InputError
from kg.read.columns import unruled_tables
from kg.read.document import SourceDocument
from kg.read.layout import Composer, PageContent, Word
from kg.read.registry import sha256
from kg.read.rulings import closing_edges, cut_at

CID = re.compile(r"\(cid:\d+\)")
GARBLED_SHARE = 0.05  # a page whose characters are this much unreadable is read from its image
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                  "intersection_tolerance": 3}

log = logging.getLogger(__name__)


def garbled_share(text: str) -> float:
    """The share of a page's characters that carry no readable text."""
    if not text:
        return 0.0
    bad = sum(len(m.group()) for m in CID.finditer(text))
    bad += sum(1 for c in text if c == "\ufffd" or "\ue000" <= c <= "\uf8ff")
    return bad / len(text)


def read_pdf(path: Path, data: bytes) -> SourceDocument:
    """Read a PDF: text by position, pages, lines with boxes, ruled tables; OCR where needed."""
    import pdfplumber
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font descriptor warnings say nothing to a user
    composer = Composer()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                content = _page_content(page, number)
                if content is None:
                    content = ocr_pdf_page(path, data, number, page.width, page.height)
                composer.add_page(content)
    except (PSException, PdfminerException, MalformedPDFException) as exc:  # damaged, encrypted…
        raise InputError(path, f"not a readable PDF ({_why(exc)})") from None
    except (ValueError, KeyError, TypeError) as exc:  # objects of the wrong kind in a damaged file
        raise InputError(path, f"damaged PDF ({_why(exc)})") from None
    text, pages, lines, tables = composer.write()
    if not text.strip():
        raise InputError(path, "the PDF has no text")
    return SourceDocument(path, text, "pdf", "pdf", sha256(data), pages, lines, tables)


def _why(exc: Exception) -> str:
    return f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__


def _page_content(page, number: int) -> PageContent | None:
    """The page's words and ruled tables from its text layer; None when OCR must read it."""
    chars = [c for c in page.chars if c["text"].strip()]
    raw = "".join(c["text"] for c in chars)
    if not chars:
        return None if page.images else PageContent(number, float(page.width), float(page.height), [])
    if garbled_share(raw) > GARBLED_SHARE:
        log.info("page %d: garbled text layer, read by OCR", number)
        return None
    words = [Word(w["text"], (float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"])))
             for w in page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5,
                                         y_tolerance=2)]
    closing = closing_edges(page.edges)
    found = [t for t in page.find_tables({**TABLE_SETTINGS, "explicit_horizontal_lines": closing})
             if len(t.cells) >= 2]
    tables = [[tuple(float(v) for v in cell) for cell in t.cells] for t in found]
    if not tables:
        return PageContent(number, float(page.width), float(page.height), words, unruled_tables(words))
    return PageContent(number, float(page.width), float(page.height), words, tables,
                       [cut_at(closing, t.bbox) for t in found])


def ocr_pdf_page(path: Path, data: bytes, number: int, width: float, height: float) -> PageContent:
    """One page rendered by pypdfium2 and read by OCR."""
    from kg.read import ocr

    image = ocr.render_pdf_page(path, data, number)
    return ocr.page_content(path, image, number, width, height)

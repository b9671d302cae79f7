"""What every reader returns: a document's text with its pages, positioned lines and real tables.

Every offset (of a page, a line, a table cell, and of all Evidence) indexes into ``text``, which
is the document as written. ``simplified`` is the same text with traditional characters turned
into simplified ones, character for character, so it has the same length and the same offsets:
extraction matches against it, quotes are taken from ``text``.

Tables are written into ``text`` one row per line, the cells of a row separated by a tab, the
whitespace inside a cell (its line breaks and paragraphs) collapsed to one space: a cell's text
is ``text[cell.start:cell.end]``. A merged cell's content is written once, in the first row and
column it spans; the other positions it covers hold a ``Cell`` with the same text and offsets
whose ``origin`` names that first position.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

Box = tuple[float, float, float, float]  # x0, top, x1, bottom, page-relative (PDF points or millimetres)

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    start: int
    end: int
    width: float | None = None
    height: float | None = None


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    page: int | None
    box: Box | None = None
    confidence: float | None = None  # of text recognised from an image


@dataclass(frozen=True, slots=True)
class Cell:
    """One grid position of a table. ``origin`` is the (row, column) whose content a merged cell shares."""

    text: str
    start: int
    end: int
    origin: tuple[int, int] | None = None


@dataclass
class Table:
    """A table as rows × cells, merged cells expanded; the first ``header_rows`` rows are its header."""

    rows: list[list[Cell]]
    header_rows: int = 0
    page_start: int | None = None
    page_end: int | None = None

    @property
    def start(self) -> int:
        return min((c.start for r in self.rows for c in r if c.origin is None and c.text), default=0)

    @property
    def end(self) -> int:
        return max((c.end for r in self.rows for c in r if c.origin is None and c.text), default=0)


@dataclass
class SourceDocument:
    """A document read from one file. ``key`` names it in IRIs: ``<file stem>-<sha256[:12]>``, the
    digest being that of the file's bytes (of the text in UTF-8 for a document made in memory)."""

    path: Path
    text: str
    encoding: str
    file_type: str = "text"
    sha256: str = ""
    pages: list[Page] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    simplified: str = ""

    def __post_init__(self) -> None:
        if not self.sha256:
            self.sha256 = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        if not self.simplified:
            self.simplified = self.text
        if len(self.simplified) != len(self.text):
            raise ValueError("the simplified text must keep the offsets of the text")
        self._page_starts = [p.start for p in self.pages]
        self._line_starts = [ln.start for ln in self.lines]

    @property
    def key(self) -> str:
        return f"{self.path.stem}-{self.sha256[:12]}"

    def page_at(self, offset: int) -> int | None:
        """The number of the page holding ``offset``, or None for a document without pages."""
        i = bisect.bisect_right(self._page_starts, offset) - 1
        return self.pages[i].number if i >= 0 else None

    def _lines_over(self, start: int, end: int) -> list[Line]:
        i = max(0, bisect.bisect_right(self._line_starts, start) - 1)
        out = []
        while i < len(self.lines) and self.lines[i].start < end:
            if self.lines[i].end > start:
                out.append(self.lines[i])
            i += 1
        return out

    def box_of(self, start: int, end: int) -> Box | None:
        """The box around the lines ``text[start:end]`` covers, when they have boxes and lie on one page."""
        lines = self._lines_over(start, end)
        boxes = [ln.box for ln in lines if ln.box is not None]
        if not boxes or len(boxes) < len(lines) or len({ln.page for ln in lines}) != 1:
            return None
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))

    def confidence_of(self, start: int, end: int) -> float | None:
        """The lowest recognition confidence of the lines ``text[start:end]`` covers, None for text not recognised."""
        found = [ln.confidence for ln in self._lines_over(start, end) if ln.confidence is not None]
        return min(found) if found else None


@dataclass
class RawCell:
    """A cell as a format states it, before merged cells are expanded."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    box: Box | None = None  # where the format places the cell's text


class TextWriter:
    """Assembles a document's text while recording pages, lines and tables at their offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pages: list[Page] = []
        self.lines: list[Line] = []
        self.tables: list[Table] = []
        self._page: tuple[int, int, float | None, float | None] | None = None

    def _write(self, s: str) -> int:
        start = self.length
        self.parts.append(s)
        self.length += len(s)
        return start

    def start_page(self, number: int, width: float | None = None, height: float | None = None) -> None:
        self.end_page()
        self._page = (number, self.length, width, height)

    def end_page(self) -> None:
        if self._page is not None:
            number, start, width, height = self._page
            self.pages.append(Page(number, start, self.length, width, height))
            self._page = None

    def line(self, text: str, box: Box | None = None, confidence: float | None = None) -> None:
        """One line of text (a paragraph where the format has no lines), with its box where known."""
        text = text.replace("\n", " ")
        start = self._write(text)
        page = self._page[0] if self._page else None
        if box is not None or page is not None:
            self.lines.append(Line(start, start + len(text), page, box, confidence))
        self._write("\n")

    def table(self, grid: list[list[RawCell]], header_rows: int = 0,
              pages: dict[int, tuple[int, float | None, float | None]] | None = None) -> None:
        """Expand merged cells, write the rows one per line and record the table; ``pages`` names the
        rows that start a new page (number, width, height) in a table that goes on over pages."""
        rows = expand(grid)
        cells: list[list[Cell]] = []
        first_page = self._page[0] if self._page else None
        for r, row in enumerate(rows):
            if pages and r in pages:
                self.start_page(*pages[r])
            out: list[Cell] = []
            for c, raw in enumerate(row):
                if raw is None or isinstance(raw, tuple):
                    origin = raw if isinstance(raw, tuple) else None
                    if origin is not None:
                        src = cells[origin[0]][origin[1]] if origin[0] < r else out[origin[1]]
                        out.append(Cell(src.text, src.start, src.end, origin))
                    else:
                        out.append(Cell("", self.length, self.length))
                    if c + 1 < len(row):
                        self._write("\t")
                    continue
                text = _SPACE.sub(" ", raw.text).strip()
                start = self._write(text)
                out.append(Cell(text, start, start + len(text)))
                if raw.box is not None and text:
                    self.lines.append(Line(start, start + len(text), self._page[0] if self._page else None, raw.box))
                if c + 1 < len(row):
                    self._write("\t")
            self._write("\n")
            cells.append(out)
        if cells:
            self.tables.append(Table(cells, min(header_rows, len(cells)), first_page,
                                     self._page[0] if self._page else None))

    def document(self, path: Path, encoding: str, file_type: str, sha256: str) -> SourceDocument:
        self.end_page()
        return SourceDocument(path, "".join(self.parts), encoding, file_type, sha256,
                              self.pages, self.lines, self.tables)


def header_rows(grid: list[list[RawCell]]) -> int:
    """1 when the first row is a header: every cell of it a short label, and rows follow; else 0."""
    if len(grid) < 2 or not grid[0]:
        return 0
    return 1 if all(0 < len(c.text.strip()) <= 12 for c in grid[0]) else 0


def expand(grid: list[list[RawCell]]) -> list[list[RawCell | tuple[int, int] | None]]:
    """Place cells with row and column spans on a grid: the first position of a span holds the cell,
    the others the (row, column) of that first position; positions no cell covers hold None."""
    out: list[list[RawCell | tuple[int, int] | None]] = []
    taken: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(grid):
        line: list[RawCell | tuple[int, int] | None] = []
        c = 0
        for cell in row:
            while (r, c) in taken:
                line.append(taken.pop((r, c)))
                c += 1
            line.append(cell)
            for dr in range(max(1, cell.rowspan)):
                for dc in range(max(1, cell.colspan)):
                    if dr or dc:
                        if dr == 0:
                            line.append((r, c))
                        else:
                            taken[(r + dr, c + dc)] = (r, c)
            c += max(1, cell.colspan)
        while (r, c) in taken:
            line.append(taken.pop((r, c)))
            c += 1
        out.append(line)
    width = max((len(row) for row in out), default=0)
    for row in out:
        row.extend([None] * (width - len(row)))
    return out

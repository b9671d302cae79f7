"""From positioned words to text: reading order by position, ruled tables read cell by cell.

Both the PDF text layer and OCR give words with boxes (PDF points, page-relative) and, where the
page is a table, the boxes of its cells (from the drawn rulings). A page's text is its blocks
from top to bottom: a line outside the tables is its words left to right, with two spaces where
a gap is wider than a character (so the column reconstruction of ``kg.extract.workplan`` sees
the cells of an unruled table as fragments); a ruled table is read row by row and, in each row,
cell by cell from the left, each cell's lines one after another. That is the order the text
reconstruction of plan tables expects, and it makes every table cell one span of the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.read.document import Box, Cell, Line, Page, Table

#: a gap between two words wider than this many character heights separates cells
CELL_GAP = 1.0


@dataclass(frozen=True, slots=True)
class Word:
    """A run of characters printed together, with its box; OCR gives a confidence."""

    text: str
    box: Box
    confidence: float | None = None

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


@dataclass
class PageContent:
    """What one page holds: its words and the cell boxes of each ruled table on it."""

    number: int
    width: float
    height: float
    words: list[Word]
    tables: list[list[Box]] = field(default_factory=list)
    cut: list[bool] = field(default_factory=list)  # per table: its last row goes on on the next page


@dataclass
class _Grid:
    """A ruled table's cells on a row × column grid: (row, col) → (box, rows spanned)."""

    box: Box
    rows: int
    cols: int
    cells: dict[tuple[int, int], tuple[Box, int]]


def grid(cells: list[Box], tol: float = 2.0) -> _Grid | None:
    """Place cell boxes on the grid their edges draw; a cell spanning rows is kept on its first."""
    if not cells:
        return None
    xs = _levels([c[0] for c in cells], tol)
    ys = _levels([c[1] for c in cells], tol)
    placed: dict[tuple[int, int], tuple[Box, int]] = {}
    for c in cells:
        r, k = _index(ys, c[1]), _index(xs, c[0])
        span = max(1, sum(1 for y in ys if c[1] - tol <= y < c[3] - tol))
        placed[(r, k)] = (c, span)
    box = (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))
    return _Grid(box, len(ys), len(xs), placed)


def _levels(values: Iterable[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(levels: list[float], v: float) -> int:
    return min(range(len(levels)), key=lambda i: abs(levels[i] - v))


def visual_lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into printed lines (vertical overlap), top to bottom, each left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.box[1], w.box[0])):
        mid = (w.box[1] + w.box[3]) / 2
        for line in reversed(lines[-3:]):
            top, bottom = min(x.box[1] for x in line), max(x.box[3] for x in line)
            if top <= mid <= bottom:
                line.append(w)
                break
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.box[0]) for line in lines]


def _inside(w: Word, box: Box) -> bool:
    cx, cy = (w.box[0] + w.box[2]) / 2, (w.box[1] + w.box[3]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


class Composer:
    """Builds a document's text page by page, keeping pages, lines and tables with their offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.pages: list[Page] = []
        self.lines: list[Line] = []
        self.tables: list[Table] = []
        self._open: Table | None = None  # the table the last page ended in
        self._cut = False  # whether its last row goes on on this page
        self._header: list[str] | None = None

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def _write(self, s: str) -> int:
        start = self.size
        self.parts.append(s)
        self.size += len(s)
        return start

    def _line(self, words: list[Word], page: int, split_after: set[int] = frozenset()) -> tuple[int, int, str]:
        """Write one printed line (two spaces after the words in ``split_after``); return its offsets and text."""
        height = max((w.height for w in words), default=10.0)
        out = [words[0].text]
        for a, b in zip(words, words[1:], strict=False):
            out.append("  " if id(a) in split_after else _gap(a, b, height))
            out.append(b.text)
        line = "".join(out)
        start = self._write(line)
        self._write("\n")
        box = (min(w.box[0] for w in words), min(w.box[1] for w in words),
               max(w.box[2] for w in words), max(w.box[3] for w in words))
        confidences = [w.confidence for w in words if w.confidence is not None]
        self.lines.append(Line(start, start + len(line), page, box, min(confidences) if confidences else None))
        return start, start + len(line), line

    def add_page(self, content: PageContent) -> None:
        start = self.size
        grids = [g for g in (grid(cells) for cells in content.tables) if g is not None]
        taken: set[int] = set()
        per_grid: list[dict[tuple[int, int], list[Word]]] = []
        for g in grids:
            found: dict[tuple[int, int], list[Word]] = {}
            for i, w in enumerate(content.words):
                if i in taken:
                    continue
                for pos, (box, _) in g.cells.items():
                    if _inside(w, box):
                        found.setdefault(pos, []).append(w)
                        taken.add(i)
                        break
            per_grid.append(found)
        loose = visual_lines([w for i, w in enumerate(content.words) if i not in taken])
        blocks: list[tuple[float, object]] = [(ln[0].box[1], ln) for ln in loose]
        cut = content.cut + [False] * len(content.tables)
        blocks += [(g.box[1], (g, found, c)) for g, found, c in zip(grids, per_grid, cut, strict=False)]
        blocks.sort(key=lambda b: b[0])
        for i, (_, block) in enumerate(blocks):
            if isinstance(block, list):
                self._line(block, content.number)
                self._open = None
            else:
                g, found, cut_here = block
                self._table(g, found, content.number, continues=i == 0 and self._open is not None)
                self._cut = cut_here
        self._write("\n")
        self.pages.append(Page(content.number, start, self.size, content.width, content.height))

    def _table(self, g: _Grid, found: dict[tuple[int, int], list[Word]], page: int, continues: bool) -> None:
        """Write a ruled table row by row; a table that goes on from the last page is the same Table."""
        table = self._open if continues and self._open is not None else None
        if table is None:
            table = Table(page)
            self.tables.append(table)
            self._header = None
        seen = 0  # rows read on this page (a repeated header counts)
        body = 0  # rows kept on this page
        for r in range(g.rows):
            cells = [visual_lines(found.get((r, k), [])) for k in range(g.cols)]
            row = self._one_line_row(cells, page) if all(len(c) <= 1 for c in cells) else self._cell_rows(cells, page)
            texts = ["".join(c.text.split()) for c in row]
            if not any(texts):
                continue
            seen += 1
            if self._header is None:
                self._header = texts
            elif seen == 1 and texts == self._header:
                continue  # the header printed again after a page break
            if body == 0 and continues and self._cut and table.rows:
                table.rows[-1] = [_join(a, b) for a, b in zip(table.rows[-1], row, strict=False)]
            else:
                table.rows.append(row)
            body += 1
        self._open = table


    def _cell_rows(self, cells: list[list[list[Word]]], page: int) -> list[Cell]:
        """A row written cell after cell, each cell's lines one after another."""
        row = []
        for lines in cells:
            if not lines:
                row.append(Cell("", self.size, self.size))  # empty, or spanned by a merged cell above
                continue
            spans = [self._line(ln, page) for ln in lines]
            row.append(Cell(unwrap(s for _, _, s in spans), spans[0][0], spans[-1][1]))
        return row

    def _one_line_row(self, cells: list[list[list[Word]]], page: int) -> list[Cell]:
        """A row whose cells are one line each, written as the one line it is printed as."""
        words = [w for lines in cells for line in lines for w in line]
        if not words:
            return [Cell("", self.size, self.size) for _ in cells]
        start, _, line = self._line(words, page, split_after={id(ln[-1]) for c in cells for ln in c})
        row, pos = [], start
        for lines in cells:
            if not lines:
                row.append(Cell("", pos, pos))
                continue
            text = _spaced(lines[0])
            at = line.index(text, pos - start) + start
            row.append(Cell(text, at, at + len(text)))
            pos = at + len(text)
        return row


def _spaced(words: list[Word]) -> str:
    out = [words[0].text]
    for a, b in zip(words, words[1:], strict=False):
        out.append(_gap(a, b))
        out.append(b.text)
    return "".join(out)


def _gap(a: Word, b: Word, height: float | None = None) -> str:
    """What is printed between two words of a line: two spaces between cells, one between words."""
    height = height or max(a.height, b.height)
    gap = b.box[0] - a.box[2]
    return "  " if gap > CELL_GAP * height else " " if gap > 0.2 * height or _ascii_pair(a, b) else ""


def _join(a: Cell, b: Cell) -> Cell:
    if not b.text:
        return a
    if not a.text:
        return b
    return Cell(a.text + b.text, a.start, b.end)


def _ascii_pair(a: Word, b: Word) -> bool:
    return a.text[-1:].isascii() and b.text[:1].isascii() and a.text[-1:].isalnum() and b.text[:1].isalnum()


def unwrap(lines: Iterable[str]) -> str:
    """A cell's lines as one text: wraps removed, a space kept between two ASCII words."""
    out = ""
    for line in lines:
        line = line.strip()
        if out and line and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out

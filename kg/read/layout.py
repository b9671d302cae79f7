"""From positioned words to a document: reading order by position, ruled tables as real tables.

Both the PDF text layer and OCR give words with boxes (PDF points, page-relative) and, where a
page holds a ruled table, the boxes of its cells (from the drawn rulings). A page is read in
blocks from top to bottom. A line outside the tables is its words left to right, two spaces
where the gap is wider than a character: the cells of a table without rulings become the
fragments the column reconstruction of ``kg.extract.workplan`` reads. A ruled table is written
the way every reader writes tables (``kg.read.document``): one row per line, cells separated by
a tab, each cell's wrapped lines joined, merged cells expanded. A table that goes on over the
next pages stays one table: its header printed again on each page is dropped, a row cut by the
page break is joined with its rest, and a merged cell going on over the break stays one cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.read.document import Box, Cell, Line, Page, Table

#: a gap between two words wider than this many character heights separates cells (Chinese text has no spaces)
CELL_GAP = 0.5


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
    #: per table: whether its last row goes on on the next page (None: not known, as without rulings)
    cut: list[bool | None] = field(default_factory=list)


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
        span = max(1, sum(1 for y in ys if c[1] - tol <= y < c[3] - tol))
        placed[(_index(ys, c[1]), _index(xs, c[0]))] = (c, span)
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
            if min(x.box[1] for x in line) <= mid <= max(x.box[3] for x in line):
                line.append(w)
                break
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.box[0]) for line in lines]


def spaced(words: list[Word], cells: bool = True) -> str:
    """A printed line's text: two spaces between cells (where the line may cross cells); one
    between words where one side is ASCII (Chinese is written without spaces)."""
    height = max(w.height for w in words)
    out = [words[0].text]
    for a, b in zip(words, words[1:], strict=False):
        gap = b.box[0] - a.box[2]
        ascii_side = _ascii_word(a.text[-1:]) or _ascii_word(b.text[:1])
        out.append("  " if cells and gap > CELL_GAP * height else " " if (gap > 0.2 * height and ascii_side) or _ascii_pair(a, b)
                   else "")
        out.append(b.text)
    return "".join(out)


def unwrap(lines: Iterable[str]) -> str:
    """A cell's lines as one text: wraps removed, a space kept between two ASCII words."""
    out = ""
    for line in lines:
        line = " ".join(line.split())
        if out and line and _ascii_word(out[-1]) and _ascii_word(line[0]):
            out += " "
        out += line
    return out


def _ascii_word(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _ascii_pair(a: Word, b: Word) -> bool:
    return _ascii_word(a.text[-1:]) and _ascii_word(b.text[:1])


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _least(values: Iterable[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return min(found) if found else None


@dataclass
class _Part:
    """What a cell prints on one page."""

    text: str
    page: int
    box: Box
    confidence: float | None


@dataclass
class _Cell:
    parts: list[_Part] = field(default_factory=list)
    origin: tuple[int, int] | None = None  # the first position of the merged cell covering this one
    merged: bool = False  # part of a cell spanning rows

    @property
    def text(self) -> str:
        return unwrap(p.text for p in self.parts)


@dataclass
class _Table:
    pages: list[int]
    rows: list[tuple[int, list[_Cell]]] = field(default_factory=list)  # (page, cells)
    header: list[str] | None = None  # the first row's texts
    repeated: bool = False  # the first row is printed again on the next pages: it is the header
    cut: bool | None = False  # the last row goes on on the next page (None: not known)


@dataclass
class _Line:
    page: int
    words: list[Word]


class Composer:
    """Collects pages, then writes the document's text with its pages, lines and tables."""

    def __init__(self) -> None:
        self.blocks: list[_Line | _Table] = []
        self.sizes: list[tuple[int, float, float]] = []

    def add_page(self, content: PageContent) -> None:
        self.sizes.append((content.number, content.width, content.height))
        grids = [g for g in (grid(cells) for cells in content.tables) if g is not None]
        cuts = content.cut + [None] * len(grids)
        taken: set[int] = set()
        blocks: list[tuple[float, object]] = []
        for g, cut in zip(grids, cuts, strict=False):
            found: dict[tuple[int, int], list[Word]] = {}
            for i, w in enumerate(content.words):
                pos = None if i in taken else _cell_of(w, g)
                if pos is not None:
                    found.setdefault(pos, []).append(w)
                    taken.add(i)
            blocks.append((g.box[1], (g, found, cut)))
        for line in visual_lines([w for i, w in enumerate(content.words) if i not in taken]):
            blocks.append((line[0].box[1], line))
        blocks.sort(key=lambda b: b[0])
        for i, (_, block) in enumerate(blocks):
            if isinstance(block, list):
                self.blocks.append(_Line(content.number, block))
            else:
                g, found, cut = block
                last = self.blocks[-1] if self.blocks else None
                goes_on = i == 0 and isinstance(last, _Table) and last.pages[-1] == content.number - 1
                self._table(g, found, content.number, last if goes_on else None, cut)

    def _table(self, g: _Grid, found: dict[tuple[int, int], list[Word]], page: int, table: _Table | None,
               cut: bool | None) -> None:
        """Add the rows of a table on one page, to the table it goes on with (``table``) or a new one."""
        going_on = table is not None
        if table is None:
            table = _Table([page])
            self.blocks.append(table)
        else:
            table.pages.append(page)
        covered: dict[tuple[int, int], int] = {}  # page position → page row of the merged cell covering it
        index: dict[int, int] = {}  # page row → table row
        first = True
        for r in range(g.rows):
            cells = [self._cell(g, found, covered, page, r, k) for k in range(g.cols)]
            texts = ["".join(c.text.split()) for c in cells]
            if first and table.header is not None and texts == table.header:
                table.repeated = True
                continue  # the header printed again after a page break
            if not any(texts) and not any((r, k) in covered for k in range(g.cols)):
                continue
            if table.header is None:
                table.header = texts
            elif first and going_on and table.rows:
                if table.cut or (table.cut is None and _rest_of([row for _, row in table.rows], cells)):
                    self._join(table, cells)
                    index[r] = len(table.rows) - 1
                    first = False
                    continue
                self._go_on(table, cells)
            first = False
            for k, cell in enumerate(cells):
                if cell.origin is None and (r, k) in covered and covered[(r, k)] in index:
                    cell.origin = self._root(table, index[covered[(r, k)]], k)
            index[r] = len(table.rows)
            table.rows.append((page, cells))
        table.cut = cut

    @staticmethod
    def _cell(g: _Grid, found: dict[tuple[int, int], list[Word]], covered: dict[tuple[int, int], int], page: int,
              r: int, k: int) -> _Cell:
        cell = _Cell(merged=(r, k) in covered)
        if (r, k) not in g.cells:
            return cell
        lines = visual_lines(found.get((r, k), []))
        if lines:
            words = [w for ln in lines for w in ln]
            cell.parts.append(_Part(unwrap(spaced(ln, cells=False) for ln in lines), page, _union([w.box for w in words]),
                                    _least(w.confidence for w in words)))
        span = g.cells[(r, k)][1]
        cell.merged = cell.merged or span > 1
        for dr in range(1, span):
            covered[(r + dr, k)] = r
        return cell

    @staticmethod
    def _root(table: _Table, row: int, col: int) -> tuple[int, int]:
        cell = table.rows[row][1][col] if row < len(table.rows) else None
        return cell.origin if cell is not None and cell.origin is not None else (row, col)

    @staticmethod
    def _join(table: _Table, cells: list[_Cell]) -> None:
        """A row cut by the page break: its rest goes into the cells it began."""
        last = table.rows[-1][1]
        for k, cell in enumerate(cells[:len(last)]):
            if cell.parts:
                target = last[k]
                if target.origin is not None:
                    target = table.rows[target.origin[0]][1][target.origin[1]]
                target.parts.extend(cell.parts)

    @staticmethod
    def _go_on(table: _Table, cells: list[_Cell]) -> None:
        """A merged cell going on over the page break (its part on this page is blank) stays one cell."""
        last = table.rows[-1][1]
        for k, cell in enumerate(cells[:len(last)]):
            above = last[k]
            if cell.merged and above.merged and not cell.parts:
                cell.origin = above.origin or (len(table.rows) - 1, k)

    def write(self) -> tuple[str, list[Page], list[Line], list[Table]]:
        """The text, and its pages, lines and tables with their offsets."""
        out: list[str] = []
        size = 0
        starts: dict[int, int] = {}
        lines: list[Line] = []
        tables: list[Table] = []

        def put(s: str) -> int:
            nonlocal size
            out.append(s)
            size += len(s)
            return size - len(s)

        for block in self.blocks:
            if isinstance(block, _Line):
                starts.setdefault(block.page, size)
                text = spaced(block.words)
                start = put(text)
                lines.append(Line(start, start + len(text), block.page, _union([w.box for w in block.words]),
                                  _least(w.confidence for w in block.words)))
                put("\n")
                continue
            rows: list[list[Cell]] = []
            for page, cells in block.rows:
                starts.setdefault(page, size)
                row: list[Cell] = []
                for k, cell in enumerate(cells):
                    if k:
                        put("\t")
                    if cell.origin is not None and cell.origin[0] < len(rows):
                        src = rows[cell.origin[0]][cell.origin[1]]
                        row.append(Cell(src.text, src.start, src.end, cell.origin))
                        continue
                    text = cell.text
                    start = put(text)
                    row.append(Cell(text, start, start + len(text)))
                    if cell.parts:
                        part = cell.parts[0]
                        lines.append(Line(start, start + len(text), part.page, part.box,
                                          _least(p.confidence for p in cell.parts)))
                put("\n")
                rows.append(row)
            tables.append(Table(rows, 1 if block.repeated else 0, block.pages[0], block.pages[-1]))
        pages = []
        for i, (number, width, height) in enumerate(self.sizes):
            start = starts.get(number, pages[-1].end if pages else 0)
            end = next((starts[n] for n, _, _ in self.sizes[i + 1:] if n in starts), size)
            pages.append(Page(number, start, max(start, end), width, height))
        return "".join(out), pages, lines, tables


def _rest_of(rows: list[list[_Cell]], row: list[_Cell]) -> bool:
    """Without rulings to tell, whether ``row``, first on a page, is the rest of the table's last row.
    A row of its own has text in the first column that every row so far fills (工作内容); the rest
    of a cut row leaves that cell empty and goes on in a later column."""
    body = rows[1:] or rows
    filled = [k for k in range(len(row)) if all(k < len(r) and (r[k].parts or r[k].origin) for r in body)]
    return bool(filled) and not row[filled[0]].parts and any(c.parts for c in row[filled[0] + 1:])


def _cell_of(w: Word, g: _Grid) -> tuple[int, int] | None:
    cx, cy = (w.box[0] + w.box[2]) / 2, (w.box[1] + w.box[3]) / 2
    for pos, (box, _) in g.cells.items():
        if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
            return pos
    return None

"""OFD (GB/T 33190): a zip of XML. ``OFD.xml`` names each document's ``Document.xml``, which lists
its pages; each page's ``Content.xml`` holds ``TextObject`` elements (a ``Boundary`` box in
millimetres) whose ``TextCode`` children carry the text, its start (``X``, ``Y`` baseline) and the
advance of each character (``DeltaX``, with ``g n v`` for n advances of v), and ``PathObject``
elements whose ``AbbreviatedData`` (``M x y L x y …``) draw lines.

Ruled tables are read from the drawn lines: the horizontal and vertical rules cut the page into
bands and columns; a band crossed by two or more vertical rules is a table row; a rule missing
between two grid positions merges them (a cell spanning rows or columns), and the text pieces
whose centre lies in a cell are its text. A table that ends a page and one that starts the next
with the same header are one table, the repeated header dropped. Text outside tables is read line
by line (pieces on one baseline, left to right; a gap wider than half a character becomes two
spaces). Boxes are given in PDF points (1 mm = 72/25.4 pt), page-relative.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from kg.errors import InputError
from kg.read.document import Box, RawCell, SourceDocument, TextWriter, header_rows
from kg.read.registry import sha256

PT_PER_MM = 72 / 25.4
TOLERANCE = 0.6  # mm: rules this close are one rule


@dataclass
class _Piece:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


@dataclass(frozen=True)
class _Rule:
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class _Table:
    top: float
    grid: list[list[RawCell]]
    pages: dict[int, tuple[int, float | None, float | None]] = field(default_factory=dict)


def _local(el) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _children(el, name: str):
    return [c for c in el.iter() if _local(c) == name]


def _numbers(s: str | None) -> list[float]:
    try:
        return [float(v) for v in (s or "").split()]
    except ValueError:
        return []


def _advances(spec: str | None, count: int) -> list[float]:
    """``DeltaX``: advances between characters; ``g n v`` stands for n times v."""
    out: list[float] = []
    parts = (spec or "").split()
    i = 0
    while i < len(parts):
        if parts[i] == "g" and i + 2 < len(parts):
            out.extend([float(parts[i + 2])] * int(parts[i + 1]))
            i += 3
        else:
            out.append(float(parts[i]))
            i += 1
    return out[: max(0, count - 1)]


def read_ofd(path: Path, data: bytes) -> SourceDocument:
    from lxml import etree

    blocks: list[tuple[str, object]] = []
    try:
        archive = zipfile.ZipFile(BytesIO(data))

        def xml(name: str):
            return etree.fromstring(archive.read(name.lstrip("/")))

        root = xml("OFD.xml")
        number = 0
        for doc_root in _children(root, "DocRoot"):
            doc_path = (doc_root.text or "").strip()
            document = xml(doc_path)
            base = posixpath.dirname(doc_path.lstrip("/"))
            default_box = next((_numbers(b.text) for b in _children(document, "PhysicalBox")), [0, 0, 210, 297])
            for page in _children(document, "Page"):
                number += 1
                loc = page.get("BaseLoc", "")
                content = xml(loc if loc.startswith("/") else posixpath.join(base, loc))
                box = next((_numbers(b.text) for b in _children(content, "PhysicalBox")), default_box)
                _page_blocks(blocks, (number, box[2] * PT_PER_MM, box[3] * PT_PER_MM), content)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError, IndexError) as exc:
        raise InputError(path, f"not a readable OFD file ({exc})") from None
    if not any(kind == "page" for kind, _ in blocks):
        raise InputError(path, "OFD file without pages")
    writer = TextWriter()
    for kind, item in blocks:
        if kind == "page":
            writer.start_page(*item)  # type: ignore[misc]
        elif kind == "line":
            writer.line(_line_text(item), _box(item))  # type: ignore[arg-type]
        else:
            assert isinstance(item, _Table)
            writer.table(item.grid, header_rows(item.grid), item.pages)
    return writer.document(path, "utf-8", "ofd", sha256(data))


def _page_blocks(blocks: list[tuple[str, object]], page: tuple[int, float, float], content) -> None:
    """Append a page's lines and tables in reading order; a table going on from the last page joins it."""
    pieces = _pieces(content)
    tables = _ruled_tables(_rules(content), pieces)
    inside = {id(p) for _, _, members in tables for p in members}
    items: list[tuple[float, str, object]] = [(line[0].top, "line", line)
                                              for line in _lines([p for p in pieces if id(p) not in inside])]
    items += [(t.top, "table", t) for t, _, _ in tables]
    items.sort(key=lambda item: item[0])
    previous = blocks[-1][1] if blocks else None
    first = items[0][2] if items and items[0][1] == "table" else None
    repeated = _repeated_header(previous.grid, first.grid) if isinstance(previous, _Table) and first else 0
    if repeated:
        assert isinstance(previous, _Table) and isinstance(first, _Table)
        previous.pages[len(previous.grid)] = page
        previous.grid.extend(first.grid[repeated:])
        items = items[1:]
    else:
        blocks.append(("page", page))
    blocks.extend((kind, item) for _, kind, item in items)


def _repeated_header(grid: list[list[RawCell]], part: list[list[RawCell]]) -> int:
    """How many header rows of ``grid`` ``part`` repeats (the same table printed on the next page), or 0.
    A table of one row on the page before is a header whose rows all went to the next page."""
    n = header_rows(grid) or (1 if len(grid) == 1 else 0)
    same = [[c.text for c in r] for r in grid[:n]] == [[c.text for c in r] for r in part[:n]]
    return n if n and len(part) > n and same else 0


def _pieces(content) -> list[_Piece]:
    pieces = []
    for obj in _children(content, "TextObject"):
        bx, by, bw, _bh = [*_numbers(obj.get("Boundary")), 0, 0, 0, 0][:4]
        size = float(obj.get("Size", "3.5") or 3.5)
        for code in _children(obj, "TextCode"):
            text = code.text or ""
            if not text.strip():
                continue
            x, y = bx + float(code.get("X", "0")), by + float(code.get("Y", "0"))
            steps = _advances(code.get("DeltaX"), len(text))
            width = sum(steps) + size if steps or len(text) == 1 else bw - float(code.get("X", "0"))
            pieces.append(_Piece(text, x, x + width, y - size, y + size * 0.2, y, size))
    return pieces


def _rules(content) -> list[_Rule]:
    """Horizontal and vertical straight lines drawn by PathObjects (``M`` and ``L`` commands)."""
    rules = []
    for obj in _children(content, "PathObject"):
        bx, by = [*_numbers(obj.get("Boundary")), 0, 0][:2]
        data = next((d.text for d in _children(obj, "AbbreviatedData")), "") or ""
        at: tuple[float, float] | None = None
        start: tuple[float, float] | None = None
        for op, args in re.findall(r"([MLC])\s*((?:-?[\d.]+\s*)*)", data):
            nums = _numbers(args)
            if op == "C":
                point = start
            elif len(nums) >= 2:
                point = (bx + nums[0], by + nums[1])
            else:
                continue
            if op == "M":
                at = start = point
                continue
            if at is not None and point is not None:
                (x0, y0), (x1, y1) = at, point
                if abs(y0 - y1) < 0.2 or abs(x0 - x1) < 0.2:
                    rules.append(_Rule(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
            at = point
    return rules


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > TOLERANCE:
            out.append(v)
    return out


def _ruled_tables(rules: list[_Rule], pieces: list[_Piece]) -> list[tuple[_Table, Box, list[_Piece]]]:
    """The tables the rules draw, each with its area and the pieces inside it."""
    horizontal = [r for r in rules if r.y1 - r.y0 < 0.2 and r.x1 - r.x0 > TOLERANCE]
    vertical = [r for r in rules if r.x1 - r.x0 < 0.2 and r.y1 - r.y0 > TOLERANCE]
    if len(horizontal) < 2 or len(vertical) < 2:
        return []
    ys = _cluster([r.y0 for r in horizontal])
    xs = _cluster([r.x0 for r in vertical])

    def across(x: float, ya: float, yb: float) -> bool:
        return any(abs(r.x0 - x) <= TOLERANCE and r.y0 <= ya + TOLERANCE and r.y1 >= yb - TOLERANCE for r in vertical)

    def along(y: float, xa: float, xb: float) -> bool:
        return any(abs(r.y0 - y) <= TOLERANCE and r.x0 <= xa + TOLERANCE and r.x1 >= xb - TOLERANCE for r in horizontal)

    bands = [(ys[k], ys[k + 1], [x for x in xs if across(x, ys[k], ys[k + 1])]) for k in range(len(ys) - 1)]
    groups: list[list[tuple[float, float, list[float]]]] = []
    for band in bands:
        if len(band[2]) < 2:
            groups.append([])
        elif groups and groups[-1]:
            groups[-1].append(band)
        else:
            groups.append([band])
    out = []
    for group in (g for g in groups if g):
        cols = sorted({x for _, _, bx in group for x in bx})
        top, bottom = group[0][0], group[-1][1]
        origin: list[list[tuple[int, int]]] = []
        for r, (ya, yb, _) in enumerate(group):
            row = []
            for c in range(len(cols) - 1):
                xa, xb = cols[c], cols[c + 1]
                if r and not along(ya, xa + TOLERANCE, xb - TOLERANCE):
                    row.append(origin[r - 1][c])
                elif c and not across(xa, ya, yb):
                    row.append(row[c - 1])
                else:
                    row.append((r, c))
            origin.append(row)
        members: dict[tuple[int, int], list[_Piece]] = {}
        inside = []
        for p in pieces:
            cx, cy = p.centre
            if not (cols[0] <= cx <= cols[-1] and top <= cy <= bottom):
                continue
            r = next(i for i, (ya, yb, _) in enumerate(group) if cy <= yb or i == len(group) - 1)
            c = next(i for i in range(len(cols) - 1) if cx <= cols[i + 1] or i == len(cols) - 2)
            members.setdefault(origin[r][c], []).append(p)
            inside.append(p)
        grid: list[list[RawCell]] = []
        for r, row in enumerate(origin):
            cells = []
            for c, owner in enumerate(row):
                if owner != (r, c):
                    continue
                rowspan = sum(1 for k in range(r, len(origin)) if origin[k][c] == owner)
                colspan = sum(1 for k in range(c, len(row)) if row[k] == owner)
                found = members.get(owner, [])
                cells.append(RawCell(_cell_text(found), rowspan, colspan, _box([found]) if found else None))
            grid.append(cells)
        out.append((_Table(top, grid), (cols[0], top, cols[-1], bottom), inside))
    return out


def _cell_text(pieces: list[_Piece]) -> str:
    """A cell's lines joined: nothing between two lines, but a space between two ASCII words."""
    text = ""
    for line in _lines(pieces):
        part = _line_text(line)
        if text and text[-1].isascii() and text[-1].isalnum() and part[:1].isascii() and part[:1].isalnum():
            text += " "
        text += part
    return text


def _lines(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Pieces grouped by baseline (within a third of the type size), top to bottom, left to right."""
    lines: list[list[_Piece]] = []
    for piece in sorted(pieces, key=lambda p: (p.baseline, p.x0)):
        if lines and abs(lines[-1][0].baseline - piece.baseline) <= piece.size / 3:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return [sorted(line, key=lambda p: p.x0) for line in lines]


def _line_text(line: list[_Piece]) -> str:
    out = line[0].text
    for a, b in zip(line, line[1:], strict=False):
        out += ("  " if b.x0 - a.x1 > b.size * 0.5 else "") + b.text
    return out


def _box(line: list[_Piece] | list[list[_Piece]]) -> Box:
    flat = [p for item in line for p in (item if isinstance(item, list) else [item])]
    return (round(min(p.x0 for p in flat) * PT_PER_MM, 2), round(min(p.top for p in flat) * PT_PER_MM, 2),
            round(max(p.x1 for p in flat) * PT_PER_MM, 2), round(max(p.bottom for p in flat) * PT_PER_MM, 2))

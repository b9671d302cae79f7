"""Tables printed without rulings, found from their white space.

A table block is a run of printed lines, starting at a line of three or more cells, through which
at least two vertical strips of white space run (the gaps between columns); the block ends where
a line would close all but one strip, or after a gap taller than a blank line. In each column,
the lines of one cell follow each other at the line pitch; a wider gap starts the next cell, so
the tops where cells start are the rows (cells are aligned to the top of their row). A cell
whose lines run past the start of the next row spans those rows (a merged 工作重点 cell). The
cell boxes found this way are read like the cells of a ruled table.
"""

from __future__ import annotations

from statistics import median

from kg.read.document import Box
from kg.read.layout import CELL_GAP, Word, visual_lines

MIN_COLUMNS = 3
ROW_GAP = 0.3  # a gap this many line heights wider than the line gap starts a new cell
BLOCK_GAP = 1.5  # a gap this many line heights tall ends a table


def _fragments(line: list[Word]) -> list[Box]:
    """The cells of a printed line: its words joined across gaps narrower than a cell gap."""
    height = max(w.height for w in line)
    out: list[list[float]] = []
    for w in line:
        if out and w.box[0] - out[-1][2] <= CELL_GAP * height:
            out[-1][2] = max(out[-1][2], w.box[2])
            out[-1][1] = min(out[-1][1], w.box[1])
            out[-1][3] = max(out[-1][3], w.box[3])
        else:
            out.append(list(w.box))
    return [(a, b, c, d) for a, b, c, d in out]


def _gaps(frags: list[Box]) -> list[tuple[float, float]]:
    return [(a[2], b[0]) for a, b in zip(frags, frags[1:], strict=False)]


def _narrow(strips: list[tuple[float, float]], frags: list[Box], least: float) -> list[tuple[float, float]]:
    """The white strips that stay open beside a line's cells."""
    out = []
    for x0, x1 in strips:
        for f in frags:
            if f[0] < x1 and f[2] > x0:  # the cell covers part of the strip
                if f[0] - x0 >= x1 - f[2]:
                    x1 = min(x1, f[0])
                else:
                    x0 = max(x0, f[2])
        if x1 - x0 >= least:
            out.append((x0, x1))
    return out


def unruled_tables(words: list[Word]) -> list[list[Box]]:
    """Cell boxes of the tables without rulings among ``words``."""
    lines = [(ln, _fragments(ln)) for ln in visual_lines(words)]
    if not lines:
        return []
    height = median(max(w.height for w in ln) for ln, _ in lines)
    tables: list[list[Box]] = []
    i = 0
    while i < len(lines):
        if len(lines[i][1]) < MIN_COLUMNS:
            i += 1
            continue
        strips = _gaps(lines[i][1])
        j = i + 1
        while j < len(lines):
            narrowed = _narrow(strips, lines[j][1], 0.5 * height)
            gap = lines[j][1][0][1] - max(f[3] for f in lines[j - 1][1])
            if len(narrowed) < MIN_COLUMNS - 1 or gap > BLOCK_GAP * height:
                break
            strips = narrowed
            j += 1
        if j - i >= 2:
            tables.append(_cells([f for _, frags in lines[i:j] for f in frags], strips, height))
        i = j
    return [t for t in tables if t]


def _cells(frags: list[Box], strips: list[tuple[float, float]], height: float) -> list[Box]:
    """The cell boxes of one table block, from its column strips and the gaps in each column."""
    left, right = min(f[0] for f in frags), max(f[2] for f in frags)
    edges = [left - 1, *[(a + b) / 2 for a, b in strips], right + 1]
    columns: list[list[Box]] = [[] for _ in range(len(strips) + 1)]
    for f in frags:
        k = max(0, sum(1 for e in edges[1:-1] if (f[0] + f[2]) / 2 > e))
        columns[k].append(f)
    pitch_gaps = sorted(b[1] - a[3] for col in columns
                        for a, b in zip(sorted(col, key=lambda f: f[1]), sorted(col, key=lambda f: f[1])[1:], strict=False))
    if not pitch_gaps:
        return []
    line_gap = pitch_gaps[len(pitch_gaps) // 4]  # most neighbours in a column are lines of one cell
    blocks: list[list[tuple[float, float]]] = []  # per column: (top, bottom) of each cell's text
    for col in columns:
        spans: list[list[float]] = []
        for f in sorted(col, key=lambda f: f[1]):
            if spans and f[1] - spans[-1][1] <= line_gap + ROW_GAP * height:
                spans[-1][1] = max(spans[-1][1], f[3])
            else:
                spans.append([f[1], f[3]])
        blocks.append([(a, b) for a, b in spans])
    tops: list[float] = []
    for top in sorted(t for col in blocks for t, _ in col):
        if not tops or top - tops[-1] > 0.5 * height:
            tops.append(top)
    bottom = max(f[3] for f in frags) + 1
    bounds = [t - 0.5 for t in tops] + [bottom]
    cells: list[Box] = []
    for k, col in enumerate(blocks):
        x0, x1 = edges[k], edges[k + 1]
        r = 0
        while r < len(tops):
            block = next((b for b in col if abs(b[0] - tops[r]) <= 0.5 * height), None)
            last = r
            if block is not None:
                while last + 1 < len(tops) and block[1] > bounds[last + 1] + 0.5:
                    last += 1
            cells.append((x0, bounds[r], x1, bounds[last + 1]))
            r = last + 1
    return cells

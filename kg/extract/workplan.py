"""Segmenting provincial work-plan tables converted from PDF into rows.

A plan table has the columns 序号 · 工作重点 · 工作内容 · 具体举措 · 责任部门. In the text,
each cell is wrapped at its column's width, cells of one row follow each other (sometimes
several on one line, separated by spaces), and the header repeats at page breaks. The
segmenter finds each province's table, learns its column widths from the text itself and
hands its lines to the reader (``plan_reader``), which gives each fragment its cell. The plans
of one document follow one template: the tables are read once, and then again knowing the
工作内容 that several plans print, each a whole cell wherever it is printed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

from kg.extract.lexicon import Province, gazetteer, plan_focus
from kg.extract.plan_reader import (
    OPEN_END,
    ROW_NUMBER,
    SENTENCE_END,
    SHARED_KEY,
    Col,
    ColumnWidths,
    Piece,
    PlanGroup,
    PlanReader,
    PlanRow,
    agency_likeness,
    department_cell_open,
    starts_heading,
)
from kg.extract.text import Fragment, iter_lines, line_fragments

__all__ = ["Col", "PlanGroup", "PlanRow", "PlanTable", "find_tables"]

HEADING = re.compile(r"^\s*(?P<where>[\u4e00-\u9fff（）()]{2,20}?)\s*(?P<year>(?:19|20)\d{2})\s*年\s*工作要点\s*$")
HEADER = re.compile(r"^\s*(?:序号\s+)?(?:工作重点|重点工作)\s+工作内容(?:\s|$)")
HEADER_TAIL = re.compile(r"^(?:工作重点|重点工作)\s*工作内容")
MIN_PLANS = 3  # plans that must agree on a 工作内容's group before it is taken for another plan
NAMES_AGENCY = re.compile(r"[局委厅院办]|政府|部门")  # a wrapped line that names agencies
CLOSES = re.compile(r"[^（(]*[)）]")  # a department cell that closes a bracket opened before: 执法处（维权信|息中心）
HEADER_REST = re.compile(r"^\s*(?:具体(?:举措|措施|任务)[及和]?(?:成果形式)?|成果形式|责任部门)\s*$")


@dataclass
class PlanTable:
    """One province's plan: where it is, whose it is, its groups and rows."""

    start: int
    end: int
    year: int | None
    province: Province | None
    heading: Fragment | None
    fragments: list[Fragment] = field(default_factory=list)
    groups: dict[int, PlanGroup] = field(default_factory=dict)
    rows: list[PlanRow] = field(default_factory=list)


def find_tables(text: str) -> list[PlanTable]:
    """Split a work-plan document into its province tables.

    A table starts at a heading ``X省 2018年工作要点``, or, where a heading is missing, where
    the row numbers start again at 1 right after a repeated column header.
    """
    tables: list[PlanTable] = []
    current: PlanTable | None = None
    after_header = False
    last_number = 0
    gaz = gazetteer()
    lines = [(n, s, e) for n, s, e in iter_lines(text) if text[s:e].strip()]
    for i, (number, start, end) in enumerate(lines):
        line = text[start:end]
        if _split_header(text, lines, i):
            continue
        heading = HEADING.match(line) if "工作要点" in line else None  # which a heading ends in
        if heading:
            where = heading.group("where")
            frags = line_fragments(text, number, start, end)
            whole = Fragment(frags[0].start, frags[-1].end, text[frags[0].start : frags[-1].end], number)
            current = PlanTable(start, end, int(heading.group("year")), gaz.province(where), whole)
            tables.append(current)
            after_header = False
            last_number = 0
            continue
        if HEADER.match(line):
            after_header = True
            continue
        if after_header and HEADER_REST.match(line):
            continue
        frags = line_fragments(text, number, start, end)
        first = ROW_NUMBER.fullmatch(frags[0].text) if frags else None
        if first and after_header and int(first.group(1)) == 1 and last_number >= 2 and current is not None:
            current = PlanTable(start, end, current.year, None, None)
            tables.append(current)
            last_number = 0
        if first:
            last_number = max(last_number, int(first.group(1)))
        after_header = False
        if current is None:
            continue
        current.fragments.extend(frags)
        current.end = end
    for table in tables:
        if table.fragments:
            table.start = min(table.start, table.fragments[0].start)
    lines = [_lines(table) for table in tables]
    for table, pieces in zip(tables, lines, strict=True):
        segment_rows(table, pieces=pieces)
    shared = _shared_contents(tables)
    if shared:
        for table, pieces in zip(tables, lines, strict=True):
            segment_rows(table, shared, pieces)
    _template_groups(tables)
    _infer_provinces(tables, text)
    return tables


def _template_groups(tables: list[PlanTable]) -> None:
    """Rows of a plan that leaves out a group's number and heading take the group the other plans of
    the document give the same 工作内容 (the plans follow one template), when it is a group this
    plan does not print."""
    votes: dict[str, Counter[int]] = {}
    keys = [[_content_key(row) for row in table.rows] for table in tables]
    for table, table_keys in zip(tables, keys, strict=True):
        for row, key in zip(table.rows, table_keys, strict=True):
            if row.group is not None:
                votes.setdefault(key, Counter())[row.group] += 1
    for table, table_keys in zip(tables, keys, strict=True):
        printed = set(table.groups)
        for row, key in zip(table.rows, table_keys, strict=True):
            counts = votes.get(key)
            if not counts:
                continue
            group, n = counts.most_common(1)[0]
            if group not in printed and n >= MIN_PLANS and n > counts.total() / 2:
                row.group = group


def _shared_contents(tables: list[PlanTable]) -> frozenset[str]:
    """The 工作内容 that at least ``MIN_PLANS`` plans of the document print: the template's, each a
    whole cell wherever it is printed."""
    plans: Counter[str] = Counter()
    for table in tables:
        plans.update({_content_key(row) for row in table.rows})
    return frozenset(k for k, n in plans.items() if n >= MIN_PLANS and k)


def _content_key(row: PlanRow) -> str:
    return SHARED_KEY.sub("", "".join(f.text for f in row.cells[Col.CONTENT]))


def _split_header(text: str, lines: list[tuple[int, int, int]], i: int) -> bool:
    """Whether line ``i`` is 序 or 号 of a column header whose 序号 is printed on lines of its own."""
    part = text[lines[i][1]:lines[i][2]].strip()
    if part not in ("序", "号"):
        return False
    rest = "".join(text[s:e].strip() for _, s, e in lines[i + 1:i + 3])
    if part == "序":
        if not rest.startswith("号"):
            return False
        rest = rest[1:]
    return bool(HEADER_TAIL.match(rest))


def _infer_provinces(tables: list[PlanTable], text: str) -> None:
    """Give a table without a heading the province its text names most, among those not yet taken."""
    gaz = gazetteer()
    taken = {t.province.code for t in tables if t.province}
    for table in tables:
        if table.province is not None:
            continue
        counts = Counter(p.code for _, _, p in gaz.provinces_in(text[table.start:table.end]))
        for code, _ in counts.most_common():
            if code not in taken:
                table.province = gaz.by_code[code]
                taken.add(code)
                break


def learn_widths(frags: list[Fragment]) -> ColumnWidths:
    """Estimate each column's wrap width from the lines that wrap.

    A line followed by a line no wider than itself is most likely a wrapped line of a
    cell, so its width is close to its column's width; the peaks of those widths are the
    columns. The 工作重点 width is read from the lines that are a wrapped part of a standard
    heading (or else from the cells that follow row numbers), the 责任部门 width from the
    peak whose lines name agencies.
    """
    by_line: dict[int, list[Fragment]] = {}
    for f in frags:
        by_line.setdefault(f.line, []).append(f)
    lines = [by_line[k] for k in sorted(by_line)]
    wrapped: dict[int, list[Fragment]] = {}
    focus_seen: list[float] = []
    heading_parts: list[float] = []
    within = _heading_parts()
    for a, b in zip(lines, lines[1:], strict=False):
        first = a[0].text
        if ROW_NUMBER.fullmatch(first):
            focus_seen.append((a[1] if len(a) > 1 else b[0]).width)
        if len(a) == 1 and _wraps_heading(first, b[0].text):
            heading_parts.append(a[0].width)
        if first in within:
            continue  # heading lines tell the 工作重点 width, learnt above
        if len(a) == 1 and len(b) == 1 and first[-1:] not in "。；;" and b[0].width <= (width := a[0].width) + 0.5:
            wrapped.setdefault(round(width), []).append(a[0])
    count = {w: len(v) for w, v in wrapped.items()}
    top = max(count.values(), default=0)
    peaks: list[int] = []
    least = min(3, 1 + len(lines) // 40)  # a small table has few wrapped lines of each width
    for w, c in sorted(count.items(), key=lambda kv: -kv[1]):
        if c >= max(least, 0.1 * top) and all(abs(w - p) > 2 for p in peaks):
            peaks.append(w)
    clusters = sorted({max((x for x in (p - 1, p, p + 1) if count.get(x, 0) >= max(3, 0.2 * count[p])),
                           default=p) for p in peaks})
    # the widest tenth of the lines may be overprinted bold runs (开开开开展…), wider than any column
    singles = sorted(a[0].width for a in lines if len(a) == 1)
    widest = singles[int(0.9 * (len(singles) - 1))] if singles else 34.0
    measures = max(float(clusters.pop()) if clusters else 0.0, round(widest))
    focus_seen = heading_parts or focus_seen
    focus = float(max(set(focus_seen), key=focus_seen.count)) if focus_seen else 6.0

    def naming(width: int) -> tuple[float, int]:
        """The share of wrapped lines about this wide that name agencies, and how many do."""
        sample = [f for x in (width - 1, width) for f in wrapped.get(x, [])]
        named = sum(1 for f in sample if NAMES_AGENCY.search(f.text))
        return named / max(1, len(sample)), named

    named = {c: naming(c) for c in clusters}
    agency_candidates = [c for c in clusters if named[c][0] > 0.3 and named[c][1] >= least]
    agency = float(max(agency_candidates, key=lambda c: named[c][0] * named[c][1])) if agency_candidates else 8.0
    # 工作内容 and 责任部门 may be equally wide: then their lines share one peak
    content_candidates = [c for c in clusters if (c != agency or named[c][0] < 0.7) and focus + 1 < c < measures * 0.8]
    content = float(max(content_candidates)) if content_candidates else max(measures / 2.5, agency + 3)
    # a plan whose 工作内容 rarely wraps shows its width in the lines that hold a whole row
    firsts = sorted(a[0].width for a in lines if len(a) >= 3 and not ROW_NUMBER.fullmatch(a[0].text))
    if len(firsts) >= least * 2:
        content = max(content, min(firsts[int(0.9 * (len(firsts) - 1))], measures * 0.8))
    if sum(1 for w in firsts if w >= measures - 1.5) >= 2:
        # 工作内容 printed whole beside its row's other cells as wide as the widest column: the
        # widest column is the 工作内容's, and the 具体举措 wrap at the next narrower peak
        content = measures
        narrower = [c for c in clusters if measures * 0.8 <= c < measures - 1]
        measures = float(max(narrower)) if narrower else measures
    return ColumnWidths(focus, content, measures, agency)


def _wraps_heading(line: str, following: str) -> bool:
    """Whether ``line`` is a wrapped first part of a standard heading that ``following`` goes on with:
    a heading begins with ``line`` and the first two characters of ``following`` (which has text, as
    every fragment has, so that heading is longer than ``line``)."""
    return len(line) >= 3 and starts_heading(line + following[:2])


@cache
def _heading_parts() -> frozenset[str]:
    """Every stretch of text within a standard heading."""
    return frozenset(h[i:j] for h in plan_focus().values() for i in range(len(h) + 1) for j in range(i, len(h) + 1))

def segment_rows(table: PlanTable, shared: frozenset[str] = frozenset(),
                 pieces: tuple[ColumnWidths, list[list[Piece]]] | None = None) -> None:
    """Assign the table's fragments to groups, rows and columns.

    A plan whose 工作内容 mostly end in 。 (read once as if they did not) is read again knowing it,
    so that a sentence is no sign of a 具体举措 there. ``shared`` holds the 工作内容 other plans of the
    document print, each complete. ``pieces`` are the table's widths and lines (``_lines``) when
    they are known already.
    """
    widths, lines = pieces or _lines(table)
    reader = _read(widths, lines, shared)
    contents = [_cell(r, Col.CONTENT).rstrip() for r in reader.rows if r.cells[Col.CONTENT]]
    if sum(c.endswith(SENTENCE_END) for c in contents) > len(contents) / 2:
        reader = _read(replace(widths, sentences=True), lines, shared)
    for row, following in reader.straddling:
        if not following.cells[Col.AGENCY]:  # one department cell merged across both rows
            following.cells[Col.AGENCY] = list(row.cells[Col.AGENCY])
    table.groups = reader.groups
    table.rows = repair_rows([r for r in reader.rows if r.cells[Col.CONTENT]])


def _lines(table: PlanTable) -> tuple[ColumnWidths, list[list[Piece]]]:
    """The table's column widths and its lines of fragments, as the reader takes them (the same for
    every reading: the sentence flag of the widths changes no piece)."""
    widths = learn_widths(table.fragments)
    by_line: dict[int, list[Piece]] = {}
    for frag in table.fragments:
        by_line.setdefault(frag.line, []).append(Piece(frag, widths))
    return widths, [by_line[k] for k in sorted(by_line)]


def _read(widths: ColumnWidths, lines: list[list[Piece]], shared: frozenset[str]) -> PlanReader:
    reader = PlanReader(widths, shared)
    for line in lines:
        reader.read_line(line)
    return reader


def repair_rows(rows: list[PlanRow]) -> list[PlanRow]:
    """Put back rows that a wrapped cell made look like new rows.

    A 工作内容 never ends in 、，（ nor is a word's last character or two: what follows it is the
    rest of that cell. What starts a row while the row before has an unfinished department list
    (ending in 、, in half a name, or with a bracket still open) is the rest of that list. A piece
    ending in 、 or ， after a row that names no department yet is the end of that row's measures,
    and its departments are that row's.
    """
    out: list[PlanRow] = []
    for row in rows:
        prev = out[-1] if out and out[-1].group == row.group else None
        how = _continues(prev, row) if prev is not None else None
        if prev is None or how is None:
            out.append(row)
            continue
        for col in Col:
            if col == Col.FOCUS:
                continue
            target = how if col == Col.CONTENT else col
            if how == Col.AGENCY and col == Col.MEASURES and not _cell(row, Col.AGENCY):
                target = Col.AGENCY  # the list's last lines
            prev.cells[target] = sorted(prev.cells[target] + row.cells[col], key=lambda f: f.start)
    return out


def _cell(row: PlanRow, col: Col) -> str:
    return "".join(f.text for f in row.cells[col])


def _continues(prev: PlanRow, row: PlanRow) -> Col | None:
    """Which cell of ``prev`` the 工作内容 of ``row`` goes on, if it is not a row of its own."""
    content, agency_before = _cell(row, Col.CONTENT), _cell(prev, Col.AGENCY)
    if agency_before:
        unclosed = content.count("（") + content.count("(") > content.count("）") + content.count(")")
        reads_as_list = unclosed or content[-1:] in OPEN_END or agency_likeness(content, 0.0, 0.0) >= 1
        if ((department_cell_open(agency_before) or content[:1] in "（(）)") and reads_as_list) or (
                unclosed and CLOSES.match(_cell(row, Col.AGENCY))):
            return Col.AGENCY
    if _cell(prev, Col.CONTENT)[-1:] in OPEN_END or len(content) <= 3:
        return Col.CONTENT
    if content[-1:] in OPEN_END and not agency_before:
        return Col.MEASURES
    return None

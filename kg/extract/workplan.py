"""Segmenting provincial work-plan tables converted from PDF into rows.

A plan table has the columns 序号 · 工作重点 · 工作内容 · 具体举措 · 责任部门. In the text,
each cell is wrapped at its column's width, cells of one row follow each other (sometimes
several on one line, separated by spaces), and the header repeats at page breaks. The
segmenter learns each table's column widths from the text itself, then reads fragments in
order and assigns each to a column: a wrapped (full-width) line continues its cell, and a
new cell is placed by its width, its position on the line and what it says.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import IntEnum

from kg.extract.lexicon import Province, gazetteer, programmes
from kg.extract.text import Fragment, iter_lines, line_fragments

HEADING = re.compile(r"^\s*(?P<where>[\u4e00-\u9fff（）()]{2,20}?)\s*(?P<year>(?:19|20)\d{2})\s*年\s*工作要点\s*$")
HEADER = re.compile(r"^\s*序号\s+(?:工作重点|重点工作)\s+工作内容")
HEADER_REST = re.compile(r"^\s*(?:具体(?:举措|措施|任务)[及和]?(?:成果形式)?|成果形式|责任部门)\s*$")
ROW_NUMBER = re.compile(r"(\d{1,2})\.?")
LIST_MARKER = re.compile(r"^(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}是|[①-⑩])")
AGENCY_LABEL = re.compile(r"^(?:责任部门|配合部门|牵头部门|牵头单位|配合单位|责任单位)")
AGENCY_END = re.compile(r"(?:局|委|厅|院|办|政府|部|室|队|所|行|关|会|中心|组|处|站|馆|团)$")
ITEM_SPLIT = re.compile(r"[、，,；;：:]")


class Col(IntEnum):
    FOCUS = 1
    CONTENT = 2
    MEASURES = 3
    AGENCY = 4


@dataclass
class PlanRow:
    """One row of a plan: its group, and the fragments of each cell."""

    group: int | None
    cells: dict[Col, list[Fragment]] = field(default_factory=lambda: {c: [] for c in Col})

    @property
    def fragments(self) -> list[Fragment]:
        return sorted((f for c in (Col.CONTENT, Col.MEASURES, Col.AGENCY) for f in self.cells[c]),
                      key=lambda f: f.start)


@dataclass
class PlanGroup:
    number: int
    number_fragment: Fragment
    focus: list[Fragment] = field(default_factory=list)


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
    for number, start, end in iter_lines(text):
        line = text[start:end]
        if not line.strip():
            continue
        heading = HEADING.match(line)
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
        segment_rows(table)
    _infer_provinces(tables, text)
    return tables


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


@dataclass
class ColumnWidths:
    focus: float
    content: float
    measures: float
    agency: float

    def of(self, col: Col) -> float:
        return {Col.FOCUS: self.focus, Col.CONTENT: self.content,
                Col.MEASURES: self.measures, Col.AGENCY: self.agency}[col]


def learn_widths(frags: list[Fragment]) -> ColumnWidths:
    """Estimate each column's wrap width from the lines that wrap.

    A line followed by a line no wider than itself is most likely a wrapped line of a
    cell, so its width is close to its column's width; the peaks of those widths are the
    columns. The 工作重点 width is read from the cells that follow row numbers, the
    责任部门 width from the peak whose lines name agencies.
    """
    by_line: dict[int, list[Fragment]] = {}
    for f in frags:
        by_line.setdefault(f.line, []).append(f)
    lines = [by_line[k] for k in sorted(by_line)]
    wrapped: dict[int, list[Fragment]] = {}
    focus_seen: list[float] = []
    for a, b in zip(lines, lines[1:], strict=False):
        if ROW_NUMBER.fullmatch(a[0].text):
            focus_seen.append((a[1] if len(a) > 1 else b[0]).width)
        if len(a) == 1 and len(b) == 1 and b[0].width <= a[0].width + 0.5 and a[0].text[-1:] not in "。；;":
            wrapped.setdefault(round(a[0].width), []).append(a[0])
    count = {w: len(v) for w, v in wrapped.items()}
    top = max(count.values(), default=0)
    peaks: list[int] = []
    for w, c in sorted(count.items(), key=lambda kv: -kv[1]):
        if c >= max(3, 0.1 * top) and all(abs(w - p) > 2 for p in peaks):
            peaks.append(w)
    clusters = sorted({max((x for x in (p - 1, p, p + 1) if count.get(x, 0) >= max(3, 0.2 * count[p])),
                           default=p) for p in peaks})
    measures = float(clusters.pop()) if clusters else 34.0
    focus = float(max(set(focus_seen), key=focus_seen.count)) if focus_seen else 6.0

    def share(width: int) -> float:
        sample = [f for x in (width - 1, width) for f in wrapped.get(x, [])]
        return sum(1 for f in sample if re.search(r"[局委厅院办]|政府|部门", f.text)) / max(1, len(sample))

    agency_candidates = [c for c in clusters if share(c) > 0.3]
    agency = float(max(agency_candidates, key=share)) if agency_candidates else 8.0
    content_candidates = [c for c in clusters if c != agency and focus + 1 < c < measures * 0.8]
    content = float(max(content_candidates)) if content_candidates else max(measures / 2.5, agency + 3)
    return ColumnWidths(focus, content, measures, agency)


def looks_like_agency(text: str, width: float, widths: ColumnWidths) -> bool:
    """Whether a new cell reads as the start of a responsible-department list."""
    if AGENCY_LABEL.match(text):
        return True
    first = ITEM_SPLIT.split(text.strip("。 "), maxsplit=1)[0]
    if first and AGENCY_END.search(first) and width <= widths.agency + 1.5:
        return True
    return width >= widths.agency - 1 and width <= widths.agency + 1.5 and bool(
        re.match(r"^(?:省|市|自治区|兵团|区|县)", text))


def _is_programme_wording(text: str) -> bool:
    return any(p.search(text) for prog in programmes() for p in prog.patterns)


class _Reader:
    """The state of reading one table's fragments in order."""

    def __init__(self, table: PlanTable, widths: ColumnWidths) -> None:
        self.table = table
        self.w = widths
        self.group: PlanGroup | None = None
        self.row: PlanRow | None = None
        self.last_col: Col | None = None
        self.last_line = -1
        self.last_width = 0.0  # width of the last column's text on its line

    def full(self, col: Col, width: float) -> bool:
        return width >= self.w.of(col) - 1.2

    def focus_open(self) -> bool:
        if self.group is None or not self.group.focus:
            return self.group is not None and self.row is None
        last = self.group.focus[-1]
        width = sum(f.width for f in self.group.focus if f.line == last.line)
        return self.full(Col.FOCUS, width)

    def read_line(self, frags: list[Fragment]) -> None:
        for i, frag in enumerate(frags):
            number = ROW_NUMBER.fullmatch(frag.text) if i == 0 else None
            if number:
                value = int(number.group(1))
                expected = 1 if self.group is None else self.group.number + 1
                if value == expected:
                    self.group = PlanGroup(value, frag)
                    self.table.groups[value] = self.group
                    self.row, self.last_col, self.last_line = None, None, frag.line
                    continue
            self.place(frag, self.classify(frag, i, len(frags)))

    def classify(self, frag: Fragment, index: int, count: int) -> Col:
        width = frag.width
        same_line = self.last_line == frag.line and self.last_col is not None
        if same_line and self.last_col == Col.AGENCY:
            return Col.AGENCY
        if not same_line and self.last_col is not None and self.continues(frag, width):
            return self.last_col
        floor = self.last_col if same_line else None
        after_number = index == 0 or (self.last_line == frag.line and self.last_col is None)
        return self.new_cell(frag, width, after_number, count, floor)

    def continues(self, frag: Fragment, width: float) -> bool:
        """Whether ``frag`` is the next wrapped line of the cell the last fragment was in."""
        col = self.last_col
        assert col is not None
        if width > self.w.of(col) + 1.5:
            return False
        if self.full(col, self.last_width):
            return True
        if col == Col.AGENCY and self.row is not None:
            tail = self.row.cells[Col.AGENCY][-1].text
            return tail[-1:] in "、，,：:（(" or bool(re.match(r"^[局委厅院办部门会队室]", frag.text))
        return False

    def new_cell(self, frag: Fragment, width: float, after_number: bool, count: int, floor: Col | None) -> Col:
        row, text = self.row, frag.text

        def allowed(col: Col) -> bool:
            return floor is None or col > floor

        if allowed(Col.FOCUS) and after_number and width <= self.w.focus + 1.5 and self.focus_open() and (
                count > 1 or self.row is None or not (self.group and self.group.focus)):
            return Col.FOCUS
        if width > max(self.w.content, self.w.agency) + 1.5 and allowed(Col.MEASURES):
            return Col.MEASURES
        has_content = row is not None and bool(row.cells[Col.CONTENT])
        agency_due = has_content and self.row_last != Col.AGENCY
        if agency_due and allowed(Col.AGENCY) and looks_like_agency(text, width, self.w) \
                and not _is_programme_wording(text):
            return Col.AGENCY
        if floor is not None:
            return Col(min(floor + 1, Col.AGENCY))
        if has_content and self.row_last == Col.CONTENT:
            return Col.MEASURES
        if has_content and self.row_last == Col.MEASURES:
            if LIST_MARKER.match(text) or width > self.w.agency + 1.5:
                return Col.MEASURES if width > self.w.content + 1.5 or LIST_MARKER.match(text) else Col.CONTENT
            if not _is_programme_wording(text):
                return Col.AGENCY
        return Col.CONTENT

    @property
    def row_last(self) -> Col | None:
        """The column of the last fragment added to the current row."""
        if self.row is None:
            return None
        last = max((c for c in Col if self.row.cells[c]), key=lambda c: self.row.cells[c][-1].start, default=None)
        return last

    def place(self, frag: Fragment, col: Col) -> None:
        if col == Col.FOCUS and self.group is not None:
            self.group.focus.append(frag)
        else:
            if col == Col.FOCUS:
                col = Col.CONTENT
            starts_row = col == Col.CONTENT and (
                self.row is None or self.last_col != Col.CONTENT or self.row.cells[Col.MEASURES]
                or self.row.cells[Col.AGENCY])
            if starts_row:
                self.row = PlanRow(self.group.number if self.group else None)
                self.table.rows.append(self.row)
            if self.row is None:
                self.row = PlanRow(self.group.number if self.group else None)
                self.table.rows.append(self.row)
            self.row.cells[col].append(frag)
        if self.last_line == frag.line and self.last_col == col:
            self.last_width += frag.width + 0.5
        else:
            self.last_width = frag.width
        self.last_col, self.last_line = col, frag.line


def segment_rows(table: PlanTable) -> None:
    """Assign the table's fragments to groups, rows and columns."""
    widths = learn_widths(table.fragments)
    reader = _Reader(table, widths)
    by_line: dict[int, list[Fragment]] = {}
    for frag in table.fragments:
        by_line.setdefault(frag.line, []).append(frag)
    for line in sorted(by_line):
        reader.read_line(by_line[line])
    table.rows = [r for r in table.rows if r.cells[Col.CONTENT]]

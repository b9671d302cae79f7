"""Reading a work-plan table line by line: which cell each fragment of a line belongs to.

The fragments of one line lie left to right, so they belong to columns in that order. For
each line the reader scores every way of giving its fragments non-decreasing columns and
keeps the best. A fragment either continues a cell that is still open (its last line was
wrapped at the column's width, a department list ends in 、 or in half a name, a heading is
still a prefix of a standard heading) or starts a new cell; what a fragment says (a list of
departments, a sentence ending in 。, a standard heading) and how wide it is decide between
them. Cells interleaved on one line, cells broken by a page break and heading text printed
halfway down a group are all read this way. A 工作内容 that other plans of the document print
(``shared``) is complete where it stands, and a line that begins one starts a row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import IntEnum
from functools import lru_cache

from kg.extract.lexicon import action_words, gazetteer, plan_focus, programmes
from kg.extract.text import Fragment

ROW_NUMBER = re.compile(r"(\d{1,2})\.?")
PAGE_NUMBER = re.compile(r"[-—－]?\s*\d{1,4}\s*[-—－]?|第\s*\d{1,4}\s*页")
LIST_MARKER = re.compile(r"^(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}是|[①-⑩])")
AGENCY_LABEL = re.compile(r"^(?:责任部门|配合部门|牵头部门|牵头单位|配合单位|责任单位)")
AGENCY_END = re.compile(
    r"(?:(?<![布格结开大])局|委|厅|院|(?<![举创承主协开兴])办|府|部门|(?<![内全西东南北中干])部|室|队|所"
    r"|(?<![进执运履施发实推流])行|(?<![相有攻难])关|(?<![社机大研讨博览交流座谈年峰论展])会|中心|组|处|站|馆"
    r"|团|(?:工商|妇|侨|文|残)联|协|社|司|(?<!部)署|单位|大学|高法)$")
ROLE_WORD = re.compile(r"(?:[（(]?牵头[)）]?|配合|参与|等(?:部门|单位)?|负责)$")
ACTION = action_words()
ITEM_SEP = re.compile(r"[、，,；;：:\s]+")
PLACE_NAME = re.compile(r"[\u4e00-\u9fff]{1,5}(?:市|区|县|州|盟|旗)")
PLACE_START = re.compile(r"^(?:省|市|自治区|兵团|区|县|国家)")
OPEN_END = "、，,：:（(；;"
SENTENCE_END = ("。", "；", ";")
WORD = re.compile(r"[\u4e00-\u9fff]")
CONTINUATION = re.compile(r"^.?[，、；。,;：:）)]")
MAX_FRAGMENTS = 7  # a line with more fragments is read one fragment after another


class Col(IntEnum):
    FOCUS = 1
    CONTENT = 2
    MEASURES = 3
    AGENCY = 4


COLS = tuple(Col)


@dataclass(frozen=True)
class ColumnWidths:
    focus: float
    content: float
    measures: float
    agency: float
    sentences: bool = False  # whether the plan's 工作内容 end in 。 like its 具体举措

    def of(self, col: Col) -> float:
        return (self.focus, self.content, self.measures, self.agency)[col - Col.FOCUS]


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
    focus: list[Fragment] = field(default_factory=list)


# ---- what the reader knows while it scores a line ------------------------------------------
@dataclass(frozen=True)
class _Cell:
    text: str  # the cell so far, line wraps removed
    width: float  # width of its last line
    line: int  # its last line


@dataclass(frozen=True)
class _View:
    in_group: bool
    focus: _Cell | None
    row: tuple[tuple[Col, _Cell], ...] | None  # the open row's cells, in the order they were added

    def cell(self, col: Col) -> _Cell | None:
        for c, cell in self.row or ():
            if c == col:
                return cell
        return None

    @property
    def last(self) -> Col | None:
        return self.row[-1][0] if self.row else None


def _extend(cell: _Cell | None, frag: Fragment) -> _Cell:
    if cell is None:
        return _Cell(frag.text, frag.width, frag.line)
    width = cell.width + frag.width + 0.5 if cell.line == frag.line else frag.width
    return _Cell(cell.text + frag.text, width, frag.line)


def _closeness(width: float, full: float) -> float:
    return max(0.0, 1.0 - abs(full - width) / full) if full else 0.0


@lru_cache(maxsize=1 << 14)
def _pieces(text: str) -> tuple[str, ...]:
    return tuple(p for p in ITEM_SEP.split(text.strip("。. ")) if p)


@lru_cache(maxsize=1 << 14)
def _name_ok(piece: str) -> bool:
    piece = AGENCY_LABEL.sub("", ROLE_WORD.sub("", piece)).strip("（()）")
    return len(piece) >= 2 and bool(AGENCY_END.search(piece)) and not ACTION.search(piece)


def agency_likeness(text: str, width: float, column: float) -> float:
    """How much ``text`` reads as the start of a department list: 1 (surely), ½ (probably) or 0.

    Every item but the last must end like a department's name; the last may be cut by a wrap.
    """
    sure, place = _list_form(text)
    return sure if sure or not place else 0.5 if abs(width - column) <= 1.5 else 0.0


@lru_cache(maxsize=1 << 14)
def _list_form(text: str) -> tuple[float, bool]:
    """1.0 when ``text`` surely starts a department list, else 0.0 and whether it is one piece that
    opens with a place (½ when its width is the column's)."""
    body = AGENCY_LABEL.sub("", text).lstrip("：: ")
    if body != text:
        return 1.0, False
    pieces = _pieces(body)
    if not pieces:
        return 0.0, False
    if all(_name_ok(p) for p in pieces[:-1]) and (len(pieces) > 1 or _name_ok(pieces[0])):
        return 1.0, False
    if len(pieces) > 1 and all(PLACE_NAME.fullmatch(p) or gazetteer().city(p) for p in pieces):
        return 0.5, False  # places a body written once after them completes: 杭州市、滨江区|知识产权局
    return 0.0, len(pieces) == 1 and bool(PLACE_START.match(body) or gazetteer().place_prefix(body))


@lru_cache(maxsize=1 << 14)
def department_cell_open(text: str) -> bool:
    """Whether a department cell read so far goes on: it ends in a separator, in half a name,
    or with a bracket still open."""
    pieces = _pieces(text)
    opened = text.count("（") + text.count("(") > text.count("）") + text.count(")")
    return text[-1:] in OPEN_END or opened or not _name_ok(pieces[-1] if pieces else "")


@lru_cache(maxsize=1 << 14)
def _is_programme_wording(text: str) -> bool:
    return any(p.search(text) for prog in programmes() for p in prog.patterns)


class PlanReader:
    """The state of reading one table's lines in order."""

    def __init__(self, widths: ColumnWidths, shared: frozenset[str] = frozenset()) -> None:
        self.w = widths
        self.shared = shared  # 工作内容 that other plans of the document print whole
        self._beginnings: dict[str, bool] = {}
        self.standard = plan_focus()
        self.headings = tuple(self.standard.values())
        self.groups: dict[int, PlanGroup] = {}
        self.rows: list[PlanRow] = []
        self.group: PlanGroup | None = None
        self.row: PlanRow | None = None
        self.view = _View(False, None, None)
        self.numbered = False  # whether the plan prints group numbers
        self.repeat: str | None = None  # the part of a group heading printed again so far
        self.skipped: int | None = None  # a number that may open a later group
        self.after_break = False  # whether a page number was printed just before this line
        #: (row, next row) where the row's department cell ends on the line the next row starts on
        self.straddling: list[tuple[PlanRow, PlanRow]] = []

    # ---- lines -------------------------------------------------------------------------
    def read_line(self, frags: list[Fragment]) -> None:
        number = ROW_NUMBER.fullmatch(frags[0].text) if frags else None
        if number:
            value = int(number.group(1))
            if value == (self.group.number + 1 if self.group else 1):
                self._start_group(value)
                self.numbered = True
                frags = frags[1:]
            elif len(frags) == 1:
                # a page number, the group's number printed again after a page break, or a
                # group number after one the plan leaves out (3, 5, 6): its heading tells
                self.repeat = "" if self.group and value == self.group.number else None
                later = self.group is not None and self.group.number < value <= max(self.standard)
                self.skipped = value if later else None
                self.after_break = not later
                return
        elif len(frags) == 1 and (PAGE_NUMBER.fullmatch(frags[0].text) or not WORD.search(frags[0].text)):
            self.after_break = self.after_break or bool(PAGE_NUMBER.fullmatch(frags[0].text))
            return  # a page number, or a stray mark, printed on a line of its own
        if frags and self.skipped is not None:
            value, self.skipped = self.skipped, None
            if self.standard.get(value, "").startswith(frags[0].text) and len(frags[0].text) >= 2:
                self._start_group(value)
                self.repeat = None
        if frags and self.repeat is not None and self.group is not None:
            heading = "".join(f.text for f in self.group.focus)
            if heading.startswith(self.repeat + frags[0].text):
                self.repeat += frags[0].text  # the group's heading printed again: not cell text
                frags = frags[1:]
            else:
                self.repeat = None
        if not frags:
            return
        if len(frags) > MAX_FRAGMENTS:
            for frag in frags:
                self._read([frag])
        else:
            self._read(frags)
        self.after_break = False

    def _read(self, frags: list[Fragment]) -> None:
        total, plan = self._best(self.view, frags)
        agency = self.view.cell(Col.AGENCY)
        if len(frags) > 1 and agency is not None and self._junction(agency.text, frags[0].text) >= 1:
            # the end of a department cell printed across the boundary of two rows, before the next
            # row's cells on the same line (知识产权局、省司|法厅 探索以公证方式…)
            points, new = self._score(self.view, frags[0], Col.AGENCY, False)
            rest_total, rest = self._best(self._advance(self.view, frags[0], Col.AGENCY, new), frags[1:])
            if points + rest_total > total:
                total, plan = points + rest_total, [(Col.AGENCY, new), *rest]
                before = self.row
                for frag, (col, new) in zip(frags, plan, strict=True):
                    self._place(frag, col, new)
                if self.row is not before and before is not None:
                    self.straddling.append((before, self.row))
                return
        for frag, (col, new) in zip(frags, plan, strict=True):
            self._place(frag, col, new)

    def _best(self, start: _View, frags: list[Fragment]) -> tuple[float, list[tuple[Col, bool]]]:
        """The best columns for ``frags`` (left to right, non-decreasing) and their points (the first
        of equals in lexicographic order); plans sharing a prefix share its scoring."""
        best: tuple[float, list[tuple[Col, bool]]] | None = None
        last = len(frags) - 1

        def walk(i: int, view: _View, low: int, total: float, plan: list[tuple[Col, bool]]) -> None:
            nonlocal best
            frag = frags[i]
            for col in COLS[low:]:
                points, new = self._score(view, frag, col, i == last)
                plan.append((col, new))
                if i < last:
                    walk(i + 1, self._advance(view, frag, col, new), col - Col.FOCUS, total + points, plan)
                elif best is None or total + points > best[0]:
                    best = (total + points, list(plan))
                plan.pop()

        walk(0, start, 0, 0.0, [])
        assert best is not None
        return best

    # ---- scoring -----------------------------------------------------------------------
    def _open(self, view: _View, col: Col) -> bool:
        """Whether the cell of ``col`` may go on on the next line."""
        cell = view.focus if col == Col.FOCUS else view.cell(col)
        if cell is None:
            return False
        if col == Col.FOCUS:
            if cell.text in self.headings:
                return False
            if self._starts_heading(cell.text):
                return True
            if self._variant_of(cell.text):
                return False  # a standard heading worded a little differently, complete
        if col == Col.AGENCY:
            return department_cell_open(cell.text)
        if col == Col.CONTENT and self._shared(cell.text):
            return False  # a 工作内容 the other plans print as it stands is complete
        return cell.width >= self.w.of(col) - 1.2 and not cell.text.endswith(SENTENCE_END)

    def _shared(self, text: str) -> bool:
        """Whether ``text`` is a 工作内容 that other plans of the document print whole."""
        return re.sub(r"[\s。.]", "", text) in self.shared

    def _begins_shared(self, text: str) -> bool:
        """Whether ``text`` (at least six characters) begins a 工作内容 that other plans print."""
        key = re.sub(r"[\s。.]", "", text)
        if len(key) < 6:
            return False
        if key not in self._beginnings:
            self._beginnings[key] = any(s.startswith(key) for s in self.shared)
        return self._beginnings[key]

    @staticmethod
    @lru_cache(maxsize=1 << 14)
    def _starts_heading(text: str) -> bool:
        """Whether ``text`` is the beginning (or the whole) of a standard heading."""
        return any(h.startswith(text) for h in plan_focus().values())

    @staticmethod
    @lru_cache(maxsize=1 << 14)
    def _variant_of(text: str) -> bool:
        """Whether ``text`` begins like a standard heading and is about as long as it."""
        return any(h[:4] == text[:4] and abs(len(h) - len(text)) <= 1 for h in plan_focus().values())

    def _score(self, view: _View, frag: Fragment, col: Col, last: bool) -> tuple[float, bool]:
        """Points for putting ``frag`` (``last`` on its line or not) in ``col``, and whether it
        starts a new cell there."""
        text, width = frag.text, frag.width
        cell = view.focus if col == Col.FOCUS else view.cell(col)
        same_line = cell is not None and cell.line == frag.line
        fits = width <= self.w.of(col) + 1.5
        if same_line and view.last != col and col != Col.FOCUS:
            return -10.0, False  # a cell goes on on one line only while nothing came after it
        if col == Col.FOCUS:
            return self._score_focus(view, frag, same_line, fits)
        if col == Col.CONTENT and not fits and not last and not same_line:
            # a 工作内容 printed on one line before other cells of its row may be wider than the
            # width learnt from the cells that wrap
            points, new = self._score_content(view, frag, same_line)
            return points - 2.5, new
        if not fits and col != Col.MEASURES and not (col == Col.AGENCY and AGENCY_LABEL.match(text)):
            return -10.0, False
        if col == Col.CONTENT:
            return self._score_content(view, frag, same_line)
        if col == Col.MEASURES:
            return self._score_measures(view, frag, same_line, fits, last)
        return self._score_agency(view, frag, same_line)

    def _score_focus(self, view: _View, frag: Fragment, same_line: bool, fits: bool) -> tuple[float, bool]:
        if not fits or not WORD.search(frag.text):
            return -10.0, False  # a stray 、 is no heading
        text = frag.text
        if view.focus is None and view.in_group:
            return (2.0 if view.row is None else 0.5) + (2.5 if self._starts_heading(text) else 0.0), True
        if view.focus is not None and (same_line or self._open(view, Col.FOCUS)):
            joined = view.focus.text + text
            if self._starts_heading(joined):
                return 4.0, False
            if self._starts_heading(view.focus.text):
                # a heading worded a little differently (…海外布局风险防控)
                return (1.5 if self._variant_of(joined) else 0.5), False
            return (1.0 if not same_line else -1.0), False
        if not self.numbered and len(text) >= 4 and self._starts_heading(text):
            return 3.0, True  # a plan without group numbers: a new heading opens a group
        return -10.0, False

    def _score_content(self, view: _View, frag: Fragment, same_line: bool) -> tuple[float, bool]:
        text, width = frag.text, frag.width
        ends = text.endswith(SENTENCE_END)
        sentence = -2.0 if ends and not self.w.sentences else 0.0
        departments = 3.0 * agency_likeness(text, width, self.w.agency)
        content = view.cell(Col.CONTENT)
        if same_line and content is not None:
            if self._shared(content.text):
                return -2.0, False  # a 工作内容 other plans print as it stands is complete
            full = content.width + 0.5 + width
            return (0.5 + (1.0 if full >= self.w.content - 1.2 else 0.0) + sentence), False
        agency = view.cell(Col.AGENCY)
        complete = agency is not None and not self._open(view, Col.AGENCY) and view.last == Col.AGENCY \
            and not self._open(view, Col.MEASURES)
        # no cell begins with a separator: after a 工作内容 line, 位、高品质… goes on with it however short
        # the line before was
        runs_on = view.last == Col.CONTENT and CONTINUATION.match(text) is not None
        # a 工作内容 that other plans print goes on here, however short its last line
        grows = content is not None and view.last == Col.CONTENT and self._begins_shared(content.text + text)
        if content is not None and (self._open(view, Col.CONTENT) or grows
                                    or (runs_on and not self._shared(content.text))):
            if complete:
                cont = 0.5 if width <= self.w.content * 0.4 or CONTINUATION.match(text) else -1.0
                if content.width >= self.w.content - 0.5 and width <= self.w.content * 0.4:
                    cont += 1.0  # its last line filled the column: this short line ends it (…海外相应|资格证书)
                if self.after_break:
                    cont += 2.5  # a row printed whole on its last line before a page break goes on after it
            else:
                cont = 2.0 + _closeness(width, self.w.content) - (0.5 if view.last != Col.CONTENT else 0.0)
            # a last line ending in 。 ends the 工作内容 while the row has no measures yet
            ends_cell = view.cell(Col.MEASURES) is None and width <= self.w.content * 0.8
            cont += (1.0 if ends_cell and ends else sentence) - departments
        else:
            cont = -10.0
        new = 1.0 + sentence - departments
        if width < 3:
            new -= 2.0
        if CONTINUATION.match(text):
            new -= 3.0  # no cell begins with a separator or one character and a separator: 机|制，重点针对…
        if view.row is not None and content is not None:
            if view.cell(Col.MEASURES) is None and agency is None:
                new -= 2.0
            elif agency is None:
                new -= 1.5
        if _is_programme_wording(text):
            new += 0.5
        if self._begins_shared(text):
            new += 2.0  # a 工作内容 that other plans print begins here
        if grows:
            cont += 2.0
        return (cont, False) if cont >= new else (new, True)

    def _score_measures(self, view: _View, frag: Fragment, same_line: bool, fits: bool,
                        last: bool) -> tuple[float, bool]:
        text, width = frag.text, frag.width
        if view.cell(Col.CONTENT) is None:
            return -6.0, False
        penalty = 0.0 if fits else -1.0
        measures = view.cell(Col.MEASURES)
        complete_looking = text.endswith(SENTENCE_END) or width >= self.w.measures - 1.5
        if measures is not None and (same_line or self._open(view, Col.MEASURES)):
            sentence = text.endswith(SENTENCE_END)
            line_width = measures.width + 0.5 + width if same_line else width
            ending = last and line_width < self.w.measures - 1.5 and not sentence
            return 2.0 + _closeness(width, self.w.measures) + penalty - (1.0 if same_line else 0.0) \
                - (1.0 if ending else 0.0) + (0.5 if sentence else 0.0), False
        if measures is None:
            points = 1.5 + (1.0 if complete_looking else -1.0)
            if width > max(self.w.content, self.w.agency) + 1.5:
                points += 1.0
            return points + penalty, True
        # a further paragraph of measures in the same row (each with its own departments)
        wide = width > self.w.content + 1.5
        if text.endswith(SENTENCE_END) or LIST_MARKER.match(text) or wide:
            return 0.5 + (0.5 if wide else 0.0) + penalty, True
        return -2.0, True

    def _score_agency(self, view: _View, frag: Fragment, same_line: bool) -> tuple[float, bool]:
        text = frag.text
        if view.cell(Col.CONTENT) is None:
            return -6.0, False
        agency = view.cell(Col.AGENCY)
        if agency is not None and (same_line or self._open(view, Col.AGENCY)):
            return 2.0 + self._junction(agency.text, text) - (0.5 if text.endswith(SENTENCE_END) else 0.0), False
        likeness = agency_likeness(text, frag.width, self.w.agency)
        if agency is not None and view.last == Col.AGENCY:
            if likeness >= 1:
                return 1.5, False  # one department per line, no separators
            if text[:1] in "（(":
                return 2.0, False  # a note or second name in brackets after a name: …办公室|（下简称“省知强
            head = ITEM_SEP.split(text, maxsplit=1)[0].rstrip("。.")
            tail = _pieces(agency.text)[-1:] or [""]
            if _name_ok(tail[0] + head) and not _name_ok(head):
                return 2.5, False  # a name ending in a word that is a name too (相关部|门配合)
            return -10.0, False
        if agency is None or view.last == Col.MEASURES:
            if likeness:
                return 0.5 + 2.0 * likeness, True
            if _is_programme_wording(text) or text.endswith(SENTENCE_END):
                return -3.0, True
            return 0.0, True
        return -10.0, False

    @staticmethod
    def _junction(tail: str, text: str) -> float:
        """How well ``text`` continues a department list ending in ``tail``."""
        head = ITEM_SEP.split(text, maxsplit=1)
        if tail.count("（") + tail.count("(") > tail.count("）") + tail.count(")") and re.search(r"[)）]", text):
            return 1.5  # the bracket left open goes on and closes here: 省知强|办”）、省知识产权
        if tail[-1:] in OPEN_END or text[:1] in OPEN_END:
            likeness = agency_likeness(text.lstrip(OPEN_END), 0.0, 0.0)
            if likeness:
                return 1.0 + likeness
            return 0.0 if len(head) == 1 and not text.endswith(SENTENCE_END) else -2.0
        last = (_pieces(tail) or [""])[-1]
        whole = last + head[0].rstrip("。.")
        if _name_ok(whole) or (len(whole) >= 3 and gazetteer().city(whole)):
            return 1.0  # a name, or a city standing for its government (宝|鸡市)
        if any(_name_ok(whole[:k]) for k in range(len(last) + 2, len(whole))):
            return 1.0  # a name and the start of its division: 省知|识产权局执法|处（维权信息中心）
        if len(head) == 1 and not text.endswith(("。", ".")):
            return -0.5  # the name may go on on the next line: undecided
        return -3.0

    # ---- state -------------------------------------------------------------------------
    def _advance(self, view: _View, frag: Fragment, col: Col, new: bool) -> _View:
        if col == Col.FOCUS:
            if new and view.focus is not None:
                return _View(True, _Cell(frag.text, frag.width, frag.line), None)
            return _View(True, _extend(None if new else view.focus, frag), view.row)
        if col == Col.CONTENT and new:
            return _View(view.in_group, view.focus, ((Col.CONTENT, _extend(None, frag)),))
        cells = dict(view.row or ())
        if new and col == Col.MEASURES:
            cells.pop(Col.AGENCY, None)  # the next department cell belongs to these measures
        cells[col] = _extend(None if new else cells.get(col), frag)
        order = [c for c, _ in view.row or () if c != col and c in cells] + [col]
        return _View(view.in_group, view.focus, tuple((c, cells[c]) for c in order))

    def _start_group(self, number: int) -> None:
        self.group = PlanGroup(number)
        self.groups[number] = self.group
        self.row = None
        self.view = _View(True, None, None)

    def _place(self, frag: Fragment, col: Col, new: bool) -> None:
        if col == Col.FOCUS:
            if new and (self.group is None or self.group.focus):
                numbers = [n for n, h in self.standard.items() if h.startswith(frag.text)]
                following = self.group.number + 1 if self.group else 1
                self._start_group(numbers[0] if len(numbers) == 1 else following)
            assert self.group is not None
            self.group.focus.append(frag)
        else:
            if self.row is None or (col == Col.CONTENT and new):
                self.row = PlanRow(self.group.number if self.group else None)
                self.rows.append(self.row)
            self.row.cells[col].append(frag)
        self.view = self._advance(self.view, frag, col, new)

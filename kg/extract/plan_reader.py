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
from bisect import bisect_left
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cache, lru_cache

from kg.extract.lexicon import action_words, any_programme, gazetteer, plan_focus
from kg.extract.text import Fragment

ROW_NUMBER = re.compile(r"(\d{1,2})\.?")
PAGE_NUMBER = re.compile(r"[-—－]?\s*\d{1,4}\s*[-—－]?|第\s*\d{1,4}\s*页")
LIST_MARKER = re.compile(r"^(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}是|[①-⑩])")
AGENCY_LABEL = re.compile(r"^(?:责任部门|配合部门|牵头部门|牵头单位|配合单位|责任单位)")
AGENCY_END = re.compile(
    r"(?:(?<![布格结开大])局|委|厅|院|(?<![举创承主协开兴])办|府|部门|(?<![内全西东南北中干])部|室|队|所"
    r"|(?<![进执运履施发实推流])行|(?<![相有攻难])关|(?<![社机大研讨博览交流座谈年峰论展])会|中心|组|处|站|馆"
    r"|团|(?:工商|妇|侨|文|残)联|协|社|司|(?<!部)署|单位|大学|高法)$")
ENDING_SPAN = 4  # an AGENCY_END match spans at most three characters, and ``$`` may leave a line end after it
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


@dataclass
class PlanRow:
    """One row of a plan: its group, and the fragments of each cell."""

    group: int | None
    cells: dict[Col, list[Fragment]] = field(default_factory=lambda: {c: [] for c in COLS})

    @property
    def fragments(self) -> list[Fragment]:
        return sorted((f for c in (Col.CONTENT, Col.MEASURES, Col.AGENCY) for f in self.cells[c]),
                      key=lambda f: f.start)


@dataclass
class PlanGroup:
    number: int
    focus: list[Fragment] = field(default_factory=list)


# ---- what the reader knows while it scores a line ------------------------------------------
SHARED_KEY = re.compile(r"[\s。.]")  # what is left out when 工作内容 are compared across plans


class Piece:
    """A fragment of a line with what the reader asks of it, worked out once for a table's widths."""

    __slots__ = (
        "ends",
        "fits",
        "frag",
        "heading",
        "key",
        "label",
        "likeness",
        "line",
        "number",
        "page",
        "programme",
        "runs_on",
        "text",
        "width",
        "word",
    )

    def __init__(self, frag: Fragment, widths: ColumnWidths) -> None:
        text = frag.text
        self.frag = frag
        self.text = text
        self.width = width = frag.width
        self.line = frag.line
        (self.key, self.number, self.page, self.word, self.ends, self.runs_on, self.label, self.programme,
         self.heading, form) = _text_features(text)
        #: whether it fits each column (indexed by ``Col``)
        self.fits = (False, width <= widths.focus + 1.5, width <= widths.content + 1.5,
                     width <= widths.measures + 1.5, width <= widths.agency + 1.5)
        self.likeness = _likeness(form, width, widths.agency)


@lru_cache(maxsize=1 << 15)
def _text_features(text: str) -> tuple:
    """What a ``Piece`` asks of its text alone (the same wherever and however often it is printed)."""
    number = ROW_NUMBER.fullmatch(text)
    return (SHARED_KEY.sub("", text), int(number.group(1)) if number else None,
            PAGE_NUMBER.fullmatch(text) is not None, WORD.search(text) is not None, text.endswith(SENTENCE_END),
            CONTINUATION.match(text) is not None,  # begins with a separator: goes on a cell
            AGENCY_LABEL.match(text) is not None, _is_programme_wording(text), starts_heading(text),
            _list_form(text))


class _Cell:
    """A cell read so far: its text (line wraps removed), the width and number of its last line."""

    __slots__ = ("key", "line", "open", "text", "width")

    def __init__(self, text: str, width: float, line: int, key: str) -> None:
        self.text = text
        self.width = width
        self.line = line
        self.key = key  # ``text`` as 工作内容 are compared across plans
        self.open: bool | None = None  # whether it may go on on the next line, once asked


def _extend(cell: _Cell | None, piece: Piece) -> _Cell:
    if cell is None:
        return _Cell(piece.text, piece.width, piece.line, piece.key)
    width = cell.width + piece.width + 0.5 if cell.line == piece.line else piece.width
    return _Cell(cell.text + piece.text, width, piece.line, cell.key + piece.key)


#: A view of what is open while a line is scored: a tuple indexed by ``Col`` for the cells (the group's
#: 工作重点 and the open row's cells) with, before them, whether a group is open and, after them, the
#: column of the cell added last to the row (None without a row) and whether a row is open.
_View = tuple  # (in_group, focus, content, measures, agency, last, has_row)
LAST, HAS_ROW = 5, 6
_NO_VIEW: _View = (False, None, None, None, None, None, False)


def _closeness(width: float, full: float) -> float:
    return max(0.0, 1.0 - abs(full - width) / full) if full else 0.0


@lru_cache(maxsize=1 << 14)
def _pieces(text: str) -> tuple[str, ...]:
    return tuple(filter(None, ITEM_SEP.split(text.strip("。. "))))  # the non-empty items


@lru_cache(maxsize=1 << 14)
def _name_ok(piece: str) -> bool:
    piece = AGENCY_LABEL.sub("", ROLE_WORD.sub("", piece)).strip("（()）")
    # a name's ending is at most three characters (and a line end): only the last four positions can start
    # it, and its lookbehinds still see the characters before them
    return len(piece) >= 2 and bool(AGENCY_END.search(piece, max(0, len(piece) - ENDING_SPAN))) \
        and not ACTION.search(piece)


def agency_likeness(text: str, width: float, column: float) -> float:
    """How much ``text`` reads as the start of a department list: 1 (surely), ½ (probably) or 0.

    Every item but the last must end like a department's name; the last may be cut by a wrap.
    """
    return _likeness(_list_form(text), width, column)


def _likeness(form: tuple[float, bool], width: float, column: float) -> float:
    """``agency_likeness`` of a text whose ``_list_form`` is ``form``."""
    sure, place = form
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


def _is_programme_wording(text: str) -> bool:
    return any_programme().search(text) is not None


def starts_heading(text: str) -> bool:
    """Whether ``text`` is the beginning (or the whole) of a standard heading."""
    return text in _heading_beginnings()


@cache
def _heading_beginnings() -> frozenset[str]:
    """Every beginning of every standard heading, the empty one and the whole heading included."""
    return frozenset(h[:k] for h in plan_focus().values() for k in range(len(h) + 1))


@lru_cache(maxsize=1 << 14)
def _variant_of(text: str) -> bool:
    """Whether ``text`` begins like a standard heading and is about as long as it."""
    return any(h[:4] == text[:4] and abs(len(h) - len(text)) <= 1 for h in plan_focus().values())


@lru_cache(maxsize=1 << 14)
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


# the columns as the reader numbers them: plain ints, the values of ``Col`` (the keys of a row's cells, which
# they find), cheaper to compare and index with
FOCUS, CONTENT, MEASURES, AGENCY = map(int, COLS)
_COL_NUMBERS = (FOCUS, CONTENT, MEASURES, AGENCY)


class PlanReader:
    """The state of reading one table's lines in order."""

    def __init__(self, widths: ColumnWidths, shared: frozenset[str] = frozenset()) -> None:
        self.w = widths
        self._full = (0.0, widths.focus, widths.content, widths.measures, widths.agency)  # by ``Col``
        self._wider = max(widths.content, widths.agency) + 1.5  # a piece wider than both is of the measures
        self.shared = shared  # 工作内容 that other plans of the document print whole
        self._shared_sorted = sorted(shared)
        self._beginnings: dict[str, bool] = {}
        self.standard = plan_focus()
        self.headings = frozenset(self.standard.values())
        self.groups: dict[int, PlanGroup] = {}
        self.rows: list[PlanRow] = []
        self.group: PlanGroup | None = None
        self.row: PlanRow | None = None
        self.view: _View = _NO_VIEW
        self.numbered = False  # whether the plan prints group numbers
        self.repeat: str | None = None  # the part of a group heading printed again so far
        self.skipped: int | None = None  # a number that may open a later group
        self.after_break = False  # whether a page number was printed just before this line
        #: (row, next row) where the row's department cell ends on the line the next row starts on
        self.straddling: list[tuple[PlanRow, PlanRow]] = []

    # ---- lines -------------------------------------------------------------------------
    def read_line(self, frags: list[Piece]) -> None:
        value = frags[0].number if frags else None
        if value is not None:
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
        elif len(frags) == 1 and (frags[0].page or not frags[0].word):
            self.after_break = self.after_break or frags[0].page
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

    def _read(self, frags: list[Piece]) -> None:
        view = self.view
        if len(frags) == 1:
            self._place(frags[0], *self._best_one(view, frags[0]))
            return
        total, plan = self._best(view, frags)
        agency = view[AGENCY]
        if agency is not None and _junction(agency.text, frags[0].text) >= 1:
            # the end of a department cell printed across the boundary of two rows, before the next
            # row's cells on the same line (知识产权局、省司|法厅 探索以公证方式…)
            points, new = self._score(view, frags[0], AGENCY, False)
            rest_total, rest = self._best(self._advance(view, frags[0], AGENCY, new), frags[1:])
            if points + rest_total > total:
                total, plan = points + rest_total, [(AGENCY, new), *rest]
                before = self.row
                for frag, (col, new) in zip(frags, plan, strict=True):
                    self._place(frag, col, new)
                if self.row is not before and before is not None:
                    self.straddling.append((before, self.row))
                return
        for frag, (col, new) in zip(frags, plan, strict=True):
            self._place(frag, col, new)

    def _best_one(self, view: _View, frag: Piece) -> tuple[int, bool]:
        """The plan ``_best`` gives a line of one fragment: the first of the best columns. ``_score`` is spelt out
        for a fragment that is last on its line; the 工作重点 scores at least -10, so a column that
        scores -10 is never better and is not scored."""
        line, fits, after = frag.line, frag.fits, view[LAST]
        if fits[FOCUS] and frag.word:
            cell = view[FOCUS]
            top, new = self._score_focus(view, frag, cell is not None and cell.line == line, True)
        else:
            top, new = -10.0, False  # as ``_score_focus`` scores a piece too wide for the column or with no word
        col = FOCUS
        cell = view[CONTENT]
        same_line = cell is not None and cell.line == line
        if fits[CONTENT] and not (same_line and after != CONTENT):
            points, fresh = self._score_content(view, frag, same_line)
            if points > top:
                top, col, new = points, CONTENT, fresh
        cell = view[MEASURES]
        same_line = cell is not None and cell.line == line
        if not (same_line and after != MEASURES):
            points, fresh = self._score_measures(view, frag, same_line, fits[MEASURES], True)
            if points > top:
                top, col, new = points, MEASURES, fresh
        cell = view[AGENCY]
        same_line = cell is not None and cell.line == line
        if (fits[AGENCY] or frag.label) and not (same_line and after != AGENCY):
            points, fresh = self._score_agency(view, frag, same_line)
            if points > top:
                col, new = AGENCY, fresh
        return col, new

    def _best(self, start: _View, frags: list[Piece]) -> tuple[float, list[tuple[int, bool]]]:
        """The best columns for ``frags`` (left to right, non-decreasing) and their points (the first
        of equals in lexicographic order); plans sharing a prefix share its scoring."""
        best: list = []  # the points and plan of the best plan so far
        self._walk(frags, 0, start, 0, 0.0, [], best)
        return best[0], best[1]

    def _walk(self, frags: list[Piece], i: int, view: _View, low: int, total: float, plan: list[tuple[int, bool]],
              best: list) -> None:
        """``_best`` over the plans that begin with ``plan`` (for ``frags[:i]``), ``frags[i]`` in a column from
        ``_COL_NUMBERS[low]`` on. (A method, not a closure calling itself, which would be a reference cycle holding
        the reader until the cycle collector found it.)"""
        frag, last = frags[i], len(frags) - 1
        for col in _COL_NUMBERS[low:]:
            points, new = self._score(view, frag, col, i == last)
            plan.append((col, new))
            if i < last:
                self._walk(frags, i + 1, self._advance(view, frag, col, new), col - FOCUS, total + points, plan, best)
            elif not best or total + points > best[0]:
                best[:] = (total + points, list(plan))
            plan.pop()

    # ---- scoring -----------------------------------------------------------------------
    def _open(self, cell: _Cell | None, col: int) -> bool:
        """Whether ``cell`` (of ``col``) may go on on the next line."""
        if cell is None:
            return False
        if cell.open is None:
            cell.open = self._goes_on(cell, col)
        return cell.open

    def _goes_on(self, cell: _Cell, col: int) -> bool:
        if col == FOCUS:
            if cell.text in self.headings:
                return False
            if starts_heading(cell.text):
                return True
            if _variant_of(cell.text):
                return False  # a standard heading worded a little differently, complete
        if col == AGENCY:
            return department_cell_open(cell.text)
        if col == CONTENT and cell.key in self.shared:
            return False  # a 工作内容 the other plans print as it stands is complete
        return cell.width >= self._full[col] - 1.2 and not cell.text.endswith(SENTENCE_END)

    def _begins_shared(self, key: str) -> bool:
        """Whether ``key`` (a text as ``SHARED_KEY`` leaves it, at least six characters) begins a 工作内容
        that other plans print: the first of them sorted at or after it starts with it if any does."""
        if len(key) < 6 or not self.shared:
            return False
        found = self._beginnings.get(key)
        if found is None:
            at = bisect_left(self._shared_sorted, key)
            found = self._beginnings[key] = at < len(self._shared_sorted) and self._shared_sorted[at].startswith(key)
        return found

    def _score(self, view: _View, frag: Piece, col: int, last: bool) -> tuple[float, bool]:
        """Points for putting ``frag`` (``last`` on its line or not) in ``col``, and whether it
        starts a new cell there."""
        cell = view[col]
        same_line = cell is not None and cell.line == frag.line
        if same_line and col != FOCUS and view[LAST] != col:
            return -10.0, False  # a cell goes on on one line only while nothing came after it
        fits = frag.fits[col]
        if col == FOCUS:
            return self._score_focus(view, frag, same_line, fits)
        if col == CONTENT and not fits and not last and not same_line:
            # a 工作内容 printed on one line before other cells of its row may be wider than the
            # width learnt from the cells that wrap
            points, new = self._score_content(view, frag, same_line)
            return points - 2.5, new
        if not fits and col != MEASURES and not (col == AGENCY and frag.label):
            return -10.0, False
        if col == CONTENT:
            return self._score_content(view, frag, same_line)
        if col == MEASURES:
            return self._score_measures(view, frag, same_line, fits, last)
        return self._score_agency(view, frag, same_line)

    def _score_focus(self, view: _View, frag: Piece, same_line: bool, fits: bool) -> tuple[float, bool]:
        if not fits or not frag.word:
            return -10.0, False  # a stray 、 is no heading
        focus = view[FOCUS]
        if focus is None and view[0]:
            return (2.0 if not view[HAS_ROW] else 0.5) + (2.5 if frag.heading else 0.0), True
        if focus is not None and (same_line or self._open(focus, FOCUS)):
            joined = focus.text + frag.text
            if starts_heading(joined):
                return 4.0, False
            if starts_heading(focus.text):
                # a heading worded a little differently (…海外布局风险防控)
                return (1.5 if _variant_of(joined) else 0.5), False
            return (1.0 if not same_line else -1.0), False
        if not self.numbered and len(frag.text) >= 4 and frag.heading:
            return 3.0, True  # a plan without group numbers: a new heading opens a group
        return -10.0, False

    def _score_content(self, view: _View, frag: Piece, same_line: bool) -> tuple[float, bool]:
        width, w = frag.width, self.w
        ends = frag.ends
        sentence = -2.0 if ends and not w.sentences else 0.0
        departments = 3.0 * frag.likeness
        content = view[CONTENT]
        if same_line and content is not None:
            if content.key in self.shared:
                return -2.0, False  # a 工作内容 other plans print as it stands is complete
            full = content.width + 0.5 + width
            return (0.5 + (1.0 if full >= w.content - 1.2 else 0.0) + sentence), False
        agency = view[AGENCY]
        last = view[LAST]
        complete = last == AGENCY and agency is not None and not self._open(agency, AGENCY) \
            and not self._open(view[MEASURES], MEASURES)
        # no cell begins with a separator: after a 工作内容 line, 位、高品质… goes on with it however short
        # the line before was
        runs_on = last == CONTENT and frag.runs_on
        # a 工作内容 that other plans print goes on here, however short its last line
        grows = content is not None and last == CONTENT and bool(self.shared) \
            and self._begins_shared(content.key + frag.key)
        if content is not None and (self._open(content, CONTENT) or grows
                                    or (runs_on and content.key not in self.shared)):
            if complete:
                cont = 0.5 if width <= w.content * 0.4 or frag.runs_on else -1.0
                if content.width >= w.content - 0.5 and width <= w.content * 0.4:
                    cont += 1.0  # its last line filled the column: this short line ends it (…海外相应|资格证书)
                if self.after_break:
                    cont += 2.5  # a row printed whole on its last line before a page break goes on after it
            else:
                cont = 2.0 + _closeness(width, w.content) - (0.5 if last != CONTENT else 0.0)
            # a last line ending in 。 ends the 工作内容 while the row has no measures yet
            ends_cell = view[MEASURES] is None and width <= w.content * 0.8
            cont += (1.0 if ends_cell and ends else sentence) - departments
        else:
            cont = -10.0
        new = 1.0 + sentence - departments
        if width < 3:
            new -= 2.0
        if frag.runs_on:
            new -= 3.0  # no cell begins with a separator or one character and a separator: 机|制，重点针对…
        if view[HAS_ROW] and content is not None:
            if view[MEASURES] is None and agency is None:
                new -= 2.0
            elif agency is None:
                new -= 1.5
        if frag.programme:
            new += 0.5
        if self.shared and self._begins_shared(frag.key):
            new += 2.0  # a 工作内容 that other plans print begins here
        if grows:
            cont += 2.0
        return (cont, False) if cont >= new else (new, True)

    def _score_measures(self, view: _View, frag: Piece, same_line: bool, fits: bool,
                        last: bool) -> tuple[float, bool]:
        width, w = frag.width, self.w
        if view[CONTENT] is None:
            return -6.0, False
        penalty = 0.0 if fits else -1.0
        measures = view[MEASURES]
        sentence = frag.ends
        if measures is not None and (same_line or self._open(measures, MEASURES)):
            line_width = measures.width + 0.5 + width if same_line else width
            ending = last and line_width < w.measures - 1.5 and not sentence
            return 2.0 + _closeness(width, w.measures) + penalty - (1.0 if same_line else 0.0) \
                - (1.0 if ending else 0.0) + (0.5 if sentence else 0.0), False
        if measures is None:
            points = 1.5 + (1.0 if sentence or width >= w.measures - 1.5 else -1.0)
            if width > self._wider:
                points += 1.0
            return points + penalty, True
        # a further paragraph of measures in the same row (each with its own departments)
        wide = width > w.content + 1.5
        if sentence or wide or LIST_MARKER.match(frag.text):
            return 0.5 + (0.5 if wide else 0.0) + penalty, True
        return -2.0, True

    def _score_agency(self, view: _View, frag: Piece, same_line: bool) -> tuple[float, bool]:
        text = frag.text
        if view[CONTENT] is None:
            return -6.0, False
        agency = view[AGENCY]
        if agency is not None and (same_line or self._open(agency, AGENCY)):
            return 2.0 + _junction(agency.text, text) - (0.5 if frag.ends else 0.0), False
        likeness = frag.likeness
        if agency is not None and view[LAST] == AGENCY:
            if likeness >= 1:
                return 1.5, False  # one department per line, no separators
            if text[:1] in "（(":
                return 2.0, False  # a note or second name in brackets after a name: …办公室|（下简称“省知强
            head = ITEM_SEP.split(text, maxsplit=1)[0].rstrip("。.")
            tail = _pieces(agency.text)[-1:] or [""]
            if _name_ok(tail[0] + head) and not _name_ok(head):
                return 2.5, False  # a name ending in a word that is a name too (相关部|门配合)
            return -10.0, False
        if agency is None or view[LAST] == MEASURES:
            if likeness:
                return 0.5 + 2.0 * likeness, True
            if frag.programme or frag.ends:
                return -3.0, True
            return 0.0, True
        return -10.0, False

    # ---- state -------------------------------------------------------------------------
    @staticmethod
    def _advance(view: _View, frag: Piece, col: int, new: bool) -> _View:
        if col == FOCUS:
            if new and view[FOCUS] is not None:
                return (True, _extend(None, frag), None, None, None, None, False)
            return (True, _extend(None if new else view[FOCUS], frag), *view[CONTENT:])
        in_group, focus, content, measures, agency = view[:LAST]
        if col == CONTENT:
            if new:
                return (in_group, focus, _extend(None, frag), None, None, CONTENT, True)
            return (in_group, focus, _extend(content, frag), measures, agency, CONTENT, True)
        if col == MEASURES:
            if new:  # the next department cell belongs to these measures
                return (in_group, focus, content, _extend(None, frag), None, MEASURES, True)
            return (in_group, focus, content, _extend(measures, frag), agency, MEASURES, True)
        return (in_group, focus, content, measures, _extend(None if new else agency, frag), AGENCY, True)

    def _start_group(self, number: int) -> None:
        self.group = PlanGroup(number)
        self.groups[number] = self.group
        self.row = None
        self.view = (True, None, None, None, None, None, False)

    def _place(self, piece: Piece, col: int, new: bool) -> None:
        frag = piece.frag
        if col == FOCUS:
            if new and (self.group is None or self.group.focus):
                numbers = [n for n, h in self.standard.items() if h.startswith(frag.text)]
                following = self.group.number + 1 if self.group else 1
                self._start_group(numbers[0] if len(numbers) == 1 else following)
            assert self.group is not None
            self.group.focus.append(frag)
        else:
            if self.row is None or (col == CONTENT and new):
                self.row = PlanRow(self.group.number if self.group else None)
                self.rows.append(self.row)
            self.row.cells[col].append(frag)
        self.view = self._advance(self.view, piece, col, new)

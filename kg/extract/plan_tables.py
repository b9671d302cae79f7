"""Work-plan tables read from real table cells (Word, web pages, and any reader that gives tables).

A table is a plan table when a header row among its first rows names the columns 工作重点 and
工作内容; the other columns are found by their header too (序号, 具体举措/具体措施/成果形式,
责任部门/牵头单位). Merged cells come expanded from the reader: a 序号 or 工作重点 cell spanning
rows is one group, and a 工作内容 cell spanning rows is one work item whose 具体举措 and 责任部门
cells are gathered from all those rows. Each table's province and year come from the heading
written above it (``四川省 2018年工作要点``), or, where there is none, from what it names; the
rows become the same ``PlanTable`` the text segmenter (``workplan``) builds.
"""

from __future__ import annotations

import bisect
import re

from kg.extract.lexicon import gazetteer
from kg.extract.plan_reader import ROW_NUMBER, Col, PlanGroup, PlanRow
from kg.extract.text import Fragment, squash
from kg.extract.workplan import HEADING, PlanTable, _infer_provinces
from kg.read.document import Cell, SourceDocument, Table

NUMBER = "number"
HEADERS: tuple[tuple[re.Pattern[str], Col | str], ...] = (
    (re.compile(r"^序号$"), NUMBER),
    (re.compile(r"^(?:工作重点|重点工作)$"), Col.FOCUS),
    (re.compile(r"^(?:工作内容|工作任务|重点任务)$"), Col.CONTENT),
    (re.compile(r"^(?:具体(?:举措|措施|任务)|成果形式)"), Col.MEASURES),
    (re.compile(r"^(?:责任(?:部门|单位)|牵头(?:部门|单位))"), Col.AGENCY),
)
HEADER_SEARCH_ROWS = 3


def find_tables(doc: SourceDocument) -> list[PlanTable]:
    """The plan tables among the document's tables, each with its groups and rows."""
    if not doc.tables:
        return []  # a document read as text alone: its line ends need not be found
    newlines = [m.start() for m in re.finditer("\n", doc.text)]
    found: list[PlanTable] = []
    searched_from = 0
    for table in doc.tables:
        columns = _columns(table)
        if columns is None:
            continue
        header_row, cols = columns
        plan = _plan(doc.text, table, searched_from, found[-1].year if found else None)
        searched_from = table.end
        header = [squash(c.text) for c in table.rows[header_row]]
        _rows(plan, table.rows[header_row + 1:], cols, header, doc.text, newlines)
        if plan.rows:
            found.append(plan)
    _infer_provinces(found, doc.text)
    return found


def _columns(table: Table) -> tuple[int, dict[Col | str, int]] | None:
    """The header row and which column holds what, when the table is a plan table."""
    for r, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        cols: dict[Col | str, int] = {}
        for c, cell in enumerate(row):
            if cell.origin is not None and cell.origin[1] != c:
                continue
            label = squash(cell.text)
            for pattern, col in HEADERS:
                if col not in cols and pattern.search(label):
                    cols[col] = c
                    break
        if Col.FOCUS in cols and Col.CONTENT in cols:
            return r, cols
    return None


def _plan(text: str, table: Table, searched_from: int, year: int | None) -> PlanTable:
    """A plan for ``table``: the last heading written between the previous plan table and this one."""
    heading = None
    for m in re.finditer(r"[^\n]+", text[searched_from:table.start]):
        if HEADING.match(m.group()):
            heading = m
    if heading is None:
        return PlanTable(table.start, table.end, year, None, None)
    s = searched_from + heading.start() + len(heading.group()) - len(heading.group().lstrip())
    e = searched_from + heading.start() + len(heading.group().rstrip())
    head = HEADING.match(heading.group())
    assert head is not None
    fragment = Fragment(s, e, text[s:e], text.count("\n", 0, s))
    return PlanTable(s, table.end, int(head.group("year")), gazetteer().province(head.group("where")), fragment)


def _rows(plan: PlanTable, rows: list[list[Cell]], cols: dict[Col | str, int], header: list[str], text: str,
          newlines: list[int]) -> None:
    group: int | None = None
    for row in rows:
        if [squash(c.text) for c in row] == header:
            continue  # the header repeated in the body
        if NUMBER in cols:
            number = ROW_NUMBER.fullmatch(squash(row[cols[NUMBER]].text))
            if number:
                group = int(number.group(1))
        focus = row[cols[Col.FOCUS]]
        if focus.origin is None and focus.text.strip() and group is not None and group not in plan.groups:
            plan.groups[group] = PlanGroup(group, [_fragment(focus, text, newlines)])
        content = row[cols[Col.CONTENT]]
        if content.origin is None:
            if not content.text.strip():
                continue
            plan.rows.append(PlanRow(group))
        elif not plan.rows:
            continue
        current = plan.rows[-1]
        for col in (Col.CONTENT, Col.MEASURES, Col.AGENCY):
            cell = row[cols[col]] if col in cols else None
            if cell is not None and cell.origin is None and cell.text.strip():
                current.cells[col].append(_fragment(cell, text, newlines))


def _fragment(cell: Cell, text: str, newlines: list[int]) -> Fragment:
    return Fragment(cell.start, cell.end, text[cell.start:cell.end], bisect.bisect_left(newlines, cell.start))

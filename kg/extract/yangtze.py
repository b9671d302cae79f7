"""Tab-separated plan tables: 工作重点 · 工作任务 · 往年绩效 · 本年计划, in one section per province.

Cells may carry HTML markup (``<p>…</p>``, ``<ol>``): it is not cell text; a paragraph break
between two paragraphs of one cell becomes a line break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.lexicon import Province, gazetteer
from kg.extract.text import Fragment, iter_lines, strip_tags

SECTION = re.compile(r"^\s*(?P<where>[\u4e00-\u9fff]{2,12}?)\s*(?P<from>\d{4})\s*-\s*(?P<to>\d{4})\s*年工作(?:绩效|成绩)及\s*"
                     r"(?P<year>\d{4})\s*年工作计划\s*$")
HEADER = re.compile(r"^\s*工作重点\t工作任务\t")
PARAGRAPH_BREAK = re.compile(r"\s*(?:</(?:p|li|ol|ul|div)>\s*)+(?:<(?:p|li|ol|ul|div)(?:\s[^<>]*)?>\s*)*"
                             r"|\s*(?:<(?:p|li|ol|ul|div)(?:\s[^<>]*)?>\s*)+|<br\s*/?>")
TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


@dataclass
class TabRow:
    province: Province
    year: int  # the year the plan column is for
    results_period: tuple[int, int]  # the years the results column reports on
    line_start: int
    line_end: int
    focus: Fragment | None
    task: Fragment
    results: Fragment | None
    plan: Fragment | None


def tab_rows(text: str) -> list[TabRow]:
    """Rows of every province section; an empty 工作重点 cell repeats the one above."""
    gaz = gazetteer()
    rows: list[TabRow] = []
    province: Province | None = None
    year = 0
    period = (0, 0)
    focus: Fragment | None = None
    for number, s, e in iter_lines(text):
        line = text[s:e]
        m = SECTION.match(line)
        if m:
            province = gaz.province(m.group("where"))
            year = int(m.group("year"))
            period = (int(m.group("from")), int(m.group("to")))
            focus = None
            continue
        if province is None or HEADER.match(line) or "\t" not in line:
            continue
        cells = _cells(text, number, s, e)
        if len(cells) < 2 or cells[1] is None:
            continue
        if cells[0] is not None:
            focus = cells[0]
        rows.append(TabRow(province, year, period, s, e, focus, cells[1],
                           cells[2] if len(cells) > 2 else None, cells[3] if len(cells) > 3 else None))
    return rows


def _cells(text: str, number: int, start: int, end: int) -> list[Fragment | None]:
    cells: list[Fragment | None] = []
    pos = start
    for part in text[start:end].split("\t"):
        s, e = pos, pos + len(part)
        pos = e + 1
        clean = strip_tags(part)
        lead = len(clean) - len(clean.lstrip())
        trail = len(clean.rstrip())
        cells.append(Fragment(s + lead, s + trail, text[s + lead:s + trail], number) if clean.strip() else None)
    return cells


def cell_text(cell: Fragment) -> str:
    """A cell's text without markup, its paragraphs one per line."""
    text = cell.text
    if "<" in text:  # every paragraph break and tag has one
        text = TAG.sub("", PARAGRAPH_BREAK.sub("\n", text))
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())

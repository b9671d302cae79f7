"""Figures in prose: value with its scale, unit, what is counted, year or period, target or achievement.

``累计为1200家企业发放贷款15.6亿元`` gives 1200 家 企业 and 15.6 亿元 贷款: what is counted follows a
count unit when a noun does (2154家企业), else it is the noun before the figure, after its verb.
Spans are offsets into the text given (normalised text in prose).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from kg.extract.lexicon import units
from kg.extract.prose_lexicon import figure_words
from kg.extract.quantities import _is_date, _pattern

SCALES = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1_000)}
CLAUSE = "，。；：！？、,;:!?（）()“”《》\n"
PERIOD = re.compile(r"((?:19|20)\d{2})\s*[—\-–~至到]\s*((?:19|20)\d{2})\s*年")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*[—\-–~至到]\s*\d)")
TARGET_YEAR = re.compile(r"(?<![截止])(?:到|至|力争到?)\s*((?:19|20)\d{2})\s*年(?![底末初])")
NOUN_AFTER = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,12}")
#: a numbered section heading on a line of its own (一、工作目标 / （二）主要目标); its title decides whether
#: the figures of its section are targets
SECTION = re.compile(r"^[ \t\u3000]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])[ \t\u3000]*"
                     r"(?P<title>[^\n。；，]{1,24}?)[ \t\u3000]*[：:]?[ \t\u3000]*$", re.M)
TARGET_SECTION = re.compile(r"目标(?:任务)?$")
COUNT_KINDS = {"count"}


@dataclass(frozen=True)
class Figure:
    """One figure: ``text[start:end]`` is the number and its unit; ``what_span`` the counted thing."""

    start: int
    end: int
    value: Decimal
    scale: Decimal
    unit: str
    kind: str
    what: str
    what_span: tuple[int, int] | None
    year: int | None
    period: str | None
    target: bool

    @property
    def scaled(self) -> Decimal:
        return self.value * self.scale


def _trim_after(noun: str) -> str:
    """The counted noun after a unit, up to the first word that begins something else."""
    cut = len(noun)
    for w in figure_words().get("stop", ()) + figure_words().get("verb", ()):
        k = noun.find(w)
        if 0 <= k < cut:
            cut = k
    return noun[:cut]


def _trim_before(clause: str) -> str:
    """The counted noun before a figure: after the last verb, without leading words that count nothing."""
    words = figure_words()
    changed = True
    while changed:
        changed = False
        for w in words.get("verb", ()) + words.get("lead", ()) + words.get("target", ()):
            if clause.endswith(w):
                clause, changed = clause[: -len(w)], True
    best = -1
    for w in words.get("verb", ()):
        k = clause.rfind(w)
        if k >= 0 and k + len(w) < len(clause):
            best = max(best, k + len(w))
    if best >= 0:
        clause = clause[best:]
    for w in (*words.get("lead", ()), "为", "对", "向", "在", "和", "及", "与"):
        if clause.startswith(w) and len(clause) > len(w) + 1:
            clause = clause[len(w):]
    return clause[-12:]


def figures(text: str, start: int = 0, end: int | None = None, default_year: int | None = None) -> list[Figure]:
    """Figures in ``text[start:end]``; years, dates and list numbers are not figures."""
    end = len(text) if end is None else end
    out: list[Figure] = []
    floor = start
    sections = [(h.start(), bool(TARGET_SECTION.search(h.group("title")))) for h in SECTION.finditer(text, 0, end)]
    for m in _pattern().finditer(text, start, end):
        number, unit = m.group("num"), m.group("unit")
        if _is_date(text, m, number, unit):
            floor = m.end()
            continue
        value = Decimal(number.replace(",", ""))
        scale = SCALES.get(unit[0], Decimal(1)) if len(unit) > 1 and unit[1:] in units() else Decimal(1)
        kind = units()[unit]
        sentence_start = max(text.rfind(c, start, m.start()) for c in "。；！？\n") + 1
        sentence_end = min((k for k in (text.find(c, m.end(), end) for c in "。；！？\n") if k >= 0), default=end)
        what, span = "", None
        if kind in COUNT_KINDS:
            after = NOUN_AFTER.match(text, m.end(), end)
            if after:
                noun = _trim_after(after.group())
                if len(noun) >= 2 or (noun and not after.group()[len(noun):]):
                    what, span = noun, (m.end(), m.end() + len(noun))
        if not what:
            k = m.start()
            lo = max(floor, sentence_start)
            while k > lo and text[k - 1] not in CLAUSE and m.start() - k < 30:
                k -= 1
            clause = text[k:m.start()].rstrip()
            noun = _trim_before(clause)
            if not noun and out and out[-1].start >= sentence_start:
                noun, span = out[-1].what, out[-1].what_span  # 同比增长35%, 从3年缩短至3个月
                what = noun
            elif noun:
                s = k + clause.rfind(noun)
                what, span = noun, (s, s + len(noun))
        floor = m.end()
        sentence = text[sentence_start:sentence_end]
        before = text[sentence_start:m.start()]
        period = PERIOD.search(before) or PERIOD.search(sentence)
        years = [int(y) for y in YEAR.findall(before)] or [
            int(y) for y in YEAR.findall(text, start, m.start())][-1:]  # the year last named (截至2018年10月，…)
        target_year = TARGET_YEAR.search(sentence)
        target = bool(target_year) or _in_target_section(sections, m.start()) or any(
            w in sentence for w in figure_words().get("target", ()) if w not in ("到", "将"))
        year = int(target_year.group(1)) if target_year else (years[-1] if years else (
            int(period.group(2)) if period else default_year))
        out.append(Figure(m.start(), m.end(), value, scale, unit, kind, what, span, year,
                          f"{period.group(1)}-{period.group(2)}" if period else None, target))
    return out


def _in_target_section(sections: list[tuple[int, bool]], at: int) -> bool:
    """Whether the last section heading before ``at`` names targets (工作目标, 主要目标 …)."""
    k = bisect_right(sections, (at, True)) - 1
    return k >= 0 and sections[k][1]

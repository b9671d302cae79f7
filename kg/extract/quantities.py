"""Measured outcomes: figures with their unit, what they count and the year they belong to.

``贷款 11.43亿元`` → 11.43, 亿元 (money), indicator 贷款; ``授权周期从 3 年缩短至 3 个月`` → 3 年, 3 个月.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from kg.extract.lexicon import units

CLAUSE_BREAK = "，。；：！？、,;:!?（）()“”\"《》\n"
YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*年")
LEADING_NOISE = re.compile(r"^(?:\d+\s*[.．、]|[（(]\d+[)）]|其中|共|累计|合计|已有|已|全年|同比|分别|达到?|实现|完成"
                           r"|帮助|为|向|对|在|有|和|及|与|\s)+")


@dataclass(frozen=True)
class Quantity:
    """One figure found in ``text[start:end]`` (the indicator's first character to the unit's last)."""

    start: int
    end: int
    value: Decimal
    unit: str
    kind: str
    indicator: str
    year: int | None


@cache
def _pattern() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(u) for u in units())
    return re.compile(rf"(?<![\d.])(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?)\s*(?P<approx>多|余)?\s*(?P<unit>{alternatives})")


def quantities(text: str, start: int = 0, end: int | None = None, default_year: int | None = None) -> list[Quantity]:
    """Figures in ``text[start:end]``; years, list numbers and dates are not figures."""
    end = len(text) if end is None else end
    found: list[Quantity] = []
    year_matches = list(YEAR_IN_TEXT.finditer(text, start, end))
    year_starts = [y.start() for y in year_matches]
    floor = start
    for m in _pattern().finditer(text, start, end):
        number, unit = m.group("num"), m.group("unit")
        if _is_date(text, m, number, unit):
            floor = m.end()
            continue
        try:
            value = Decimal(number.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            continue
        floor_before = _clause_start(text, m.start(), floor)
        clause = text[floor_before:m.start()].rstrip()
        floor = m.end()
        indicator = LEADING_NOISE.sub("", clause)[-24:]
        first = floor_before + len(clause) - len(indicator)
        k = bisect_left(year_starts, m.start())  # the year last named before the figure (截至 2018 年 10月，…)
        year = int(year_matches[k - 1].group(1)) if k else default_year
        found.append(Quantity(first, m.end(), value, unit, units()[unit], indicator, year))
    return found


def _is_date(text: str, m: re.Match[str], number: str, unit: str) -> bool:
    if unit == "年" and (len(number) == 4 or re.match(r"\s*[度底初末]|\s*\d", text[m.end():m.end() + 2])):
        return True
    after = text[m.end():m.end() + 3]
    if unit in ("年", "个月") and re.match(r"\s*\d{1,2}\s*[月日]", after):
        return True
    return unit == "次" and bool(re.match(r"[会大]", after))


def _clause_start(text: str, pos: int, floor: int) -> int:
    k = pos
    while k > floor and text[k - 1] not in CLAUSE_BREAK and pos - k < 24:
        k -= 1
    return k


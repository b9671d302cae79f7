"""Case collections: numbered cases in sections (（一）title（X提供…）) and case tables (序号 案例名称 案例摘要)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.lexicon import City, Province, gazetteer
from kg.extract.text import Fragment, Joined, fragments, iter_lines, line_fragments

SECTION = re.compile(r"^\s*(?P<num>[一二三四五六七八九十]+)、(?P<title>[^\n（]+?)(?:（(?P<count>\d+)\s*项）)?\s*$")
CASE_START = re.compile(r"^\s*（(?P<num>[一二三四五六七八九十]+)）")
CONTRIBUTED = re.compile(r"（(?P<who>[^（）]{1,40}?)提供(?:[，,]\s*(?P<status>[^（）]*?))?）")
PART = re.compile(r"(?P<label>解决问题|具体做法|初步成效|主要做法|工作成效|取得成效|基本情况)[：:]")
OUTCOME = re.compile(r"(?:初步成效|工作成效|取得成效)[：:]")
TABLE_HEADER = re.compile(r"^\s*序号\s+案例名称\s+案例摘要\s*$")
CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
PLACE_SEPARATORS = "、和与及"


def chinese_number(s: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23."""
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN_DIGITS[s[1]]
    if "十" in s:
        tens, _, ones = s.partition("十")
        return CN_DIGITS[tens] * 10 + (CN_DIGITS[ones] if ones else 0)
    return CN_DIGITS[s]


@dataclass
class CaseUnit:
    """One case: its number, title, contributors as written, and its parts."""

    number: int
    start: int
    end: int
    title: Joined
    section: str | None = None
    section_number: int | None = None
    contributors_text: Joined | None = None
    status: str | None = None
    body: Joined | None = None
    parts: dict[str, str] = field(default_factory=dict)


def pilot_cases(text: str) -> list[CaseUnit]:
    """Cases of a collection laid out as ``一、section（N项）`` / ``（一）title。（X提供，status）``."""
    starts: list[tuple[int, str, re.Match[str]]] = []
    for _, s, e in iter_lines(text):
        line = text[s:e]
        m = CASE_START.match(line)
        if m:
            starts.append((s, "case", m))
            continue
        m = SECTION.match(line)
        if m:
            starts.append((s, "section", m))
    cases: list[CaseUnit] = []
    section: str | None = None
    section_number: int | None = None
    for i, (s, kind, m) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        if kind == "section":
            section = m.group("title").strip()
            section_number = chinese_number(m.group("num"))
            continue
        joined = Joined(fragments(text, s, end))
        head = CONTRIBUTED.search(joined.text, 0, min(len(joined.text), 300))
        num_end = joined.text.index("）") + 1
        if head:
            title_end = head.start()
            who = _sub(joined, head.start("who"), head.end("who"))
            status = head.group("status") or None
            body_start = head.end()
        else:
            first_stop = joined.text.find("。")
            title_end = first_stop if first_stop > 0 else min(len(joined.text), num_end + 60)
            who, status, body_start = None, None, title_end + 1
        title = _sub(joined, num_end, _trim_end(joined.text, num_end, title_end))
        unit = CaseUnit(chinese_number(m.group("num")), s, _content_end(text, s, end), title, section,
                        section_number, who, status, _sub(joined, body_start, len(joined.text)))
        unit.parts = _parts(unit.body.text if unit.body else "")
        cases.append(unit)
    return cases


def case_table(text: str) -> list[CaseUnit]:
    """Cases of a table ``序号 案例名称 案例摘要``: a number, a narrow title cell, a wide summary."""
    frags: list[Fragment] = []
    for number, s, e in iter_lines(text):
        if TABLE_HEADER.match(text[s:e]):
            continue
        frags.extend(line_fragments(text, number, s, e))
    cases: list[CaseUnit] = []
    expected = 1
    current: list[Fragment] = []
    starts: list[tuple[int, list[Fragment]]] = []
    for frag in frags:
        if re.fullmatch(r"\d{1,3}", frag.text) and int(frag.text) == expected:
            current = []
            starts.append((expected, current))
            expected += 1
            continue
        current.append(frag)
    widths = sorted(round(f.width) for _, fs in starts for f in fs)
    wide = widths[int(len(widths) * 0.75)] if widths else 30
    for number, fs in starts:
        if not fs:
            continue
        title_frags: list[Fragment] = []
        rest = fs
        for k, f in enumerate(fs):
            if f.width >= wide * 0.6:
                rest = fs[k:]
                break
            title_frags.append(f)
        else:
            rest = []
        last = fs[-1]
        cases.append(CaseUnit(number, fs[0].start, last.end, Joined(title_frags), body=Joined(rest)))
    return cases


def _sub(joined: Joined, start: int, end: int) -> Joined:
    """The part ``joined.text[start:end]`` as a Joined of its own (offsets kept)."""
    part = Joined([])
    part.text = joined.text[start:end]
    part.offsets = joined.offsets[start:end]
    return part


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in "。. ":
        end -= 1
    return end


def _content_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _parts(body: str) -> dict[str, str]:
    marks = list(PART.finditer(body))
    return {m.group("label"): body[m.end(): marks[i + 1].start() if i + 1 < len(marks) else len(body)].strip()
            for i, m in enumerate(marks)}


def leading_places(text: str) -> list[tuple[int, int, Province | City]]:
    """Places that open a title or a contributor list: 上海、江苏, 辽宁省丹东市, 粤港澳, 青岛海关."""
    gaz = gazetteer()
    found: list[tuple[int, int, Province | City]] = []
    pos = 0
    while pos < len(text):
        if text[pos] in PLACE_SEPARATORS:
            pos += 1
            continue
        hit = None
        for n in range(min(12, len(text) - pos), 1, -1):
            form = text[pos:pos + n]
            place = gaz.province(form) or gaz.city(form)
            if place is not None:
                hit = (pos, pos + n, place)
                break
        if hit is None:
            run = _single_char_run(text, pos)
            if not run:
                break
            found.extend(run)
            pos = run[-1][1]
            while pos < len(text) and text[pos] == "台":
                pos += 1
            continue
        found.append(hit)
        pos = hit[1]
    return found


def qualifier_cities(text: str) -> list[tuple[int, int, City]]:
    """Cities named alone in parentheses, as a title qualifies a platform or centre: ``（武汉）``."""
    gaz = gazetteer()
    out = []
    for m in re.finditer(r"（([^（）]{2,8})）", text):
        city = gaz.city(m.group(1))
        if city is not None:
            out.append((m.start(1), m.end(1), city))
    return out


def _single_char_run(text: str, pos: int) -> list[tuple[int, int, Province | City]]:
    """Runs of one-character province forms such as 京津冀 or 粤港澳 (台, not in the gazetteer, is passed over)."""
    gaz = gazetteer()
    run: list[tuple[int, int, Province | City]] = []
    k = pos
    while k < len(text):
        p = gaz.province(text[k])
        if p is not None:
            run.append((k, k + 1, p))
        elif text[k] != "台":
            break
        k += 1
    return run if k - pos >= 2 else []

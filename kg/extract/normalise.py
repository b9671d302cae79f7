"""Normalised text that keeps its offsets: one written form for brackets, punctuation and digits,
no spaces inside names and no line wraps inside a paragraph.

Matching runs on the normalised text; every span maps back to the source, whose text is quoted.
``中国(长沙) 知识产\\n权保护中心`` reads ``中国（长沙）知识产权保护中心``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.text import OffsetText

#: half-width punctuation written for its full-width form in Chinese text
TO_WIDE = {"(": "（", ")": "）", ",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "[": "〔", "]": "〕",
           "【": "〔", "】": "〕", "［": "〔", "］": "〕", "“": "“", "”": "”", "〈": "《", "〉": "》", "<": "《",
           ">": "》", "﹙": "（", "﹚": "）",
           "「": "“", "」": "”", "『": "“", "』": "”", "—": "—", "－": "-", "～": "~", "．": ".", "％": "%"}
SPACE = " \t\u3000\u00a0\r\n"
SENTENCE_END = "。！？；"
HEADING = re.compile(r"(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．](?!\d)|——|#|附件)")
LINE_END = tuple("。！？；：:;!?")
DATE_LINE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:\n|$)")



def _list_item(text: str, at: int) -> bool:
    """Whether the line ending at ``at`` is a short numbered item of a list (``2. 枝江市``)."""
    start = text.rfind("\n", 0, at) + 1
    line = text[start:at].strip()
    return len(line) <= 20 and bool(HEADING.match(line))


@dataclass(frozen=True)
class Normalised(OffsetText):
    """``text`` with ``offsets[i]`` the source offset of ``text[i]``."""

    text: str
    offsets: tuple[int, ...]



def _wide(c: str, before: str, after: str) -> str:
    """The normal form of one character given its neighbours (``1,200`` and ``3:00`` keep theirs)."""
    if "０" <= c <= "９" or "Ａ" <= c <= "Ｚ" or "ａ" <= c <= "ｚ":
        return chr(ord(c) - 0xFEE0)
    if c in ",:" and before.isdigit() and after.isdigit():
        return c
    if c in "<>" and ((before.isascii() and before.isalpha()) or (after.isascii() and (after.isalpha() or after == "/"))):
        return c  # an HTML tag, not a title bracket
    return TO_WIDE.get(c, c)


#: the normal form of every character whose form does not depend on its neighbours
_TABLE = str.maketrans({**{chr(c): chr(c - 0xFEE0) for a, b in (("０", "９"), ("Ａ", "Ｚ"), ("ａ", "ｚ"))
                           for c in range(ord(a), ord(b) + 1)},
                        **{k: v for k, v in TO_WIDE.items() if k not in ",:<>"}})
_CONTEXTUAL = re.compile("[,:<>]")  # characters ``_wide`` writes by their neighbours
_SPACES = re.compile(f"[{re.escape(SPACE)}]+")


def normalise(text: str, start: int = 0, end: int | None = None) -> Normalised:
    """The normal form of ``text[start:end]``.

    White space between two characters that are not both ASCII letters or digits is dropped (a
    space or a line wrap inside a name), a run of it between ASCII words becomes one space;
    a line break that ends a paragraph (an empty line, a line ending a sentence, a heading
    next) is kept as ``\\n``.
    """
    end = len(text) if end is None else min(end, len(text))
    parts: list[str] = []
    offsets: list[int] = []
    last = ""  # the last character written
    i = start
    for m in _SPACES.finditer(text, start, end):
        if m.start() > i:
            last = _write(text, i, m.start(), end, last, parts, offsets)
        i, j = m.span()
        run = m.group()
        right = text[j] if j < end else ""
        if "\n" in run and (run.count("\n") > 1 or last.endswith(LINE_END) or HEADING.match(text, j)
                             or DATE_LINE.match(text, j) or _list_item(text, i)):
            if last and last != "\n":
                parts.append("\n")
                offsets.append(i + run.index("\n"))
                last = "\n"
        elif last and right and last.isascii() and right.isascii() and last.isalnum() and right.isalnum():
            parts.append(" ")
            offsets.append(i)
            last = " "
        i = j
    if end > i:
        _write(text, i, end, end, last, parts, offsets)
    return Normalised("".join(parts), tuple(offsets))


def _write(text: str, start: int, stop: int, end: int, last: str, parts: list[str], offsets: list[int]) -> str:
    """Write the normal form of ``text[start:stop]`` (no white space in it) after ``last``; its last character."""
    run = text[start:stop].translate(_TABLE)
    if _CONTEXTUAL.search(run):
        chars = list(run)
        for k in range(len(chars)):
            if chars[k] in ",:<>":
                after = text[start + k + 1] if start + k + 1 < end else ""
                chars[k] = _wide(chars[k], chars[k - 1] if k else last, after)
        run = "".join(chars)
    parts.append(run)
    offsets.extend(range(start, stop))
    return run[-1]


def sentences(norm: Normalised) -> list[tuple[int, int]]:
    """Spans of the sentences of a normalised text (ending at 。！？；, or at a kept line break)."""
    out = []
    s = 0
    text = norm.text
    for i, c in enumerate(text):
        if c in SENTENCE_END or c == "\n":
            e = i + 1 if c != "\n" else i
            if e > s:
                out.append((s, e))
            s = i + 1
    if s < len(text):
        out.append((s, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def paragraphs(norm: Normalised) -> list[tuple[int, int]]:
    """Spans of the paragraphs (between kept line breaks)."""
    out = []
    s = 0
    for m in re.finditer("\n", norm.text):
        if m.start() > s:
            out.append((s, m.start()))
        s = m.end()
    if s < len(norm.text):
        out.append((s, len(norm.text)))
    return out

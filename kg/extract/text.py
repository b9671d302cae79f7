"""Text with offsets: lines, cell fragments and joined text that maps back to the source."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from re import _constants as sre  # the standard library's parse of a pattern, read by ``words_needed``
from re import _parser

_SPACE_RUN = re.compile(r"[ \u3000\u00a0]+")
_ASCII_WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz%.")  # characters of ASCII words
_ROW_NUMBER = re.compile(r"\d{1,3}\.?")
_WHITE_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


@dataclass(frozen=True, slots=True)
class Fragment:
    """A piece of a line, ``text == document[start:end]``."""

    start: int
    end: int
    text: str
    line: int

    @property
    def width(self) -> float:
        return display_width(self.text)


class _CharWidths(dict[str, float]):
    """Width of each character met so far: 1 for a wide one, ½ for others."""

    def __missing__(self, c: str) -> float:
        width = self[c] = 1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5
        return width


_CHAR_WIDTHS = _CharWidths()


@lru_cache(maxsize=1 << 16)
def display_width(s: str) -> float:
    """Width in CJK character cells: wide characters count 1, others ½."""
    return sum(map(_CHAR_WIDTHS.__getitem__, s))


def iter_lines(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, int]]:
    """Yield (line number, start, end) of each line in ``text[start:end]``, without the newline."""
    end = len(text) if end is None else end
    pos = start
    number = text.count("\n", 0, start)
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        yield number, pos, stop
        number += 1
        pos = stop + 1


def line_fragments(text: str, number: int, start: int, end: int) -> list[Fragment]:
    """Split one line into cell fragments at runs of spaces.

    A space next to an ASCII word character (``开展 2018年``, ``500 人次``) is part of a cell,
    not a column gap, unless it follows a row number at the start of the line (``2 实施…``).
    """
    first = _SPACE_RUN.search(text, start, end)
    if first is None or (first.end() == end and first.start() > start):
        # no gap at all, or only the line's trailing spaces: the line is one fragment
        stop = end if first is None else first.start()
        return [Fragment(start, stop, text[start:stop], number)] if stop > start else []
    frags: list[Fragment] = []
    seg = start
    for m in _SPACE_RUN.finditer(text, start, end):
        left = text[m.start() - 1] if m.start() > start else ""
        right = text[m.end()] if m.end() < end else ""
        inside = bool(left and right and (left in _ASCII_WORD or right in _ASCII_WORD))
        if inside and not (seg == _first_char(text, start, end) and _ROW_NUMBER.fullmatch(text[seg : m.start()])):
            continue
        if m.start() > seg:
            frags.append(Fragment(seg, m.start(), text[seg : m.start()], number))
        seg = m.end()
    if end > seg:
        frags.append(Fragment(seg, end, text[seg:end], number))
    return frags


def _first_char(text: str, start: int, end: int) -> int:
    m = _SPACE_RUN.match(text, start, end)
    return m.end() if m else start


def fragments(text: str, start: int = 0, end: int | None = None) -> list[Fragment]:
    """All non-blank fragments of ``text[start:end]``, line by line."""
    out: list[Fragment] = []
    for number, s, e in iter_lines(text, start, end):
        out.extend(line_fragments(text, number, s, e))
    return out


class OffsetText:
    """Text whose every character maps to a source offset: ``offsets[i]`` is that of ``text[i]``."""

    text: str
    offsets: Sequence[int]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of ``self.text[start:end]`` (end exclusive)."""
        if not self.offsets or start >= end:
            raise ValueError("empty span")
        return self.offsets[start], self.offsets[end - 1] + 1

    def __bool__(self) -> bool:
        return bool(self.text)


class Joined(OffsetText):
    """Text assembled from source fragments with every character mapped to its source offset.

    Line wraps inside a cell are removed, so a word broken over lines ("北京知识产" + "权法院")
    is whole again; a span of the joined text maps back to exact source offsets.
    """

    def __init__(self, pieces: Iterable[Fragment]) -> None:
        parts: list[str] = []
        offsets: list[int] = []
        wordy = False  # whether the last character so far is an ASCII letter or digit: one next to it is spaced
        for frag in pieces:
            text, start = frag.text, frag.start
            if wordy and text[:1].isascii() and text[:1].isalnum():
                parts.append(" ")
                offsets.append(start - 1)
            parts.append(text)
            offsets.extend(range(start, start + len(text)))
            if text:
                wordy = text[-1].isascii() and text[-1].isalnum()
        self.text = "".join(parts)
        self.offsets = offsets


def strip_tags(text: str) -> str:
    """Replace HTML tags with spaces of the same length, keeping offsets valid."""
    return _TAG.sub(lambda m: " " * len(m.group()), text)


def squash(s: str) -> str:
    """Remove all white space (for comparing cell text across line wraps)."""
    return _WHITE_SPACE.sub("", s)


def find_all(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, without searching a text that lacks every word of a set ``words_needed``
    gives: it has no match."""
    for words in words_needed(pattern):
        for word in words:
            if word in text:
                break
        else:
            return
    yield from pattern.finditer(text)


@cache
def words_needed(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of words such that every match of ``pattern`` holds a word of each set: the runs of literal
    characters, and the alternations of them, that every way through the pattern passes."""
    if pattern.flags & re.IGNORECASE:
        return ()
    return tuple(_needed(_parser.parse(pattern.pattern, pattern.flags)))


def _needed(items: Iterable[tuple]) -> list[frozenset[str]]:
    out: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            out.append(frozenset({"".join(run)}))
            run = []
        if op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:  # a group: (number, flags added, removed, items)
            out.extend(_needed(av[3]))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:  # (least, most, items)
            out.extend(_needed(av[2]))
        elif op is sre.BRANCH:  # (None, alternatives): each needs a word of its own
            each = [_needed(alternative) for alternative in av[1]]
            if all(each):
                out.append(frozenset().union(*(needs[0] for needs in each)))
        elif op is sre.IN and av and all(o is sre.LITERAL for o, _ in av):  # one of some characters
            out.append(frozenset(chr(c) for _, c in av))
    return out

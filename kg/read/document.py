"""What every reader returns: a document's text with its pages, positioned lines and tables."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, page-relative


@dataclass(frozen=True, slots=True)
class Page:
    """One page: ``text[start:end]`` is its text; size in PDF points."""

    number: int
    start: int
    end: int
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line: ``text[start:end]``, on ``page`` (1-based), inside ``box``."""

    start: int
    end: int
    page: int
    box: Box
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its text (line wraps removed) and the offsets of its first and last character."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Table:
    """A table as the format has it: rows of cells, merged cells expanded, repeated headers dropped."""

    page_start: int
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass(slots=True)
class SourceDocument:
    """A document's decoded text; offsets elsewhere index into ``text``."""

    path: Path
    text: str
    encoding: str
    file_type: str
    sha256: str
    pages: list[Page] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def key(self) -> str:
        """``<file stem>-<first 12 hex digits of the sha256 of the file's bytes>``."""
        return f"{self.path.stem}-{self.sha256[:12]}"

    def page_of(self, offset: int) -> Page | None:
        """The page holding character ``offset``."""
        i = bisect_right([p.start for p in self.pages], offset) - 1
        return self.pages[i] if i >= 0 else None

    def locate(self, start: int, end: int) -> tuple[int | None, Box | None, float | None]:
        """Page, box and OCR confidence of ``text[start:end]``: the lines it touches on its first page."""
        page = self.page_of(start)
        if page is None:
            return None, None, None
        i = max(0, bisect_right([ln.start for ln in self.lines], start) - 1)
        touched = []
        for line in self.lines[i:]:
            if line.start >= max(end, start + 1):
                break
            if line.end > start and line.page == page.number:
                touched.append(line)
        if not touched:
            return page.number, None, None
        box = (min(ln.box[0] for ln in touched), min(ln.box[1] for ln in touched),
               max(ln.box[2] for ln in touched), max(ln.box[3] for ln in touched))
        confidences = [ln.confidence for ln in touched if ln.confidence is not None]
        return page.number, box, min(confidences) if confidences else None


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

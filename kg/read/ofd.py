"""OFD (GB/T 33190): a zip of XML. ``OFD.xml`` names each document's ``Document.xml``, which lists
its pages; each page's ``Content.xml`` holds ``TextObject`` elements (a ``Boundary`` box in
millimetres) whose ``TextCode`` children carry the text, its start (``X``, ``Y`` baseline) and the
advance of each character (``DeltaX``, with ``g n v`` for n advances of v).

Text pieces on one baseline make one line, left to right; a gap wider than a character between two
pieces becomes two spaces (a column gap), so tables read as the text readers expect. Boxes are
given in PDF points (1 mm = 72/25.4 pt), page-relative.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from kg.errors import InputError
from kg.read.document import SourceDocument, TextWriter
from kg.read.registry import sha256

PT_PER_MM = 72 / 25.4


@dataclass
class _Piece:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float


def _local(el) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _children(el, name: str):
    return [c for c in el.iter() if _local(c) == name]


def _numbers(s: str | None) -> list[float]:
    try:
        return [float(v) for v in (s or "").split()]
    except ValueError:
        return []


def _advances(spec: str | None, count: int) -> list[float]:
    """``DeltaX``: advances between characters; ``g n v`` stands for n times v."""
    out: list[float] = []
    parts = (spec or "").split()
    i = 0
    while i < len(parts):
        if parts[i] == "g" and i + 2 < len(parts):
            out.extend([float(parts[i + 2])] * int(parts[i + 1]))
            i += 3
        else:
            out.append(float(parts[i]))
            i += 1
    return out[: max(0, count - 1)]


def read_ofd(path: Path, data: bytes) -> SourceDocument:
    from lxml import etree

    try:
        archive = zipfile.ZipFile(BytesIO(data))

        def xml(name: str):
            return etree.fromstring(archive.read(name.lstrip("/")))

        root = xml("OFD.xml")
        writer = TextWriter()
        number = 0
        for doc_root in _children(root, "DocRoot"):
            doc_path = (doc_root.text or "").strip()
            document = xml(doc_path)
            base = posixpath.dirname(doc_path.lstrip("/"))
            default_box = next((_numbers(b.text) for b in _children(document, "PhysicalBox")), [0, 0, 210, 297])
            for page in _children(document, "Page"):
                number += 1
                loc = page.get("BaseLoc", "")
                content = xml(loc if loc.startswith("/") else posixpath.join(base, loc))
                box = next((_numbers(b.text) for b in _children(content, "PhysicalBox")), default_box)
                writer.start_page(number, box[2] * PT_PER_MM, box[3] * PT_PER_MM)
                for line in _lines(_pieces(content)):
                    writer.line(_line_text(line), _box(line))
                writer.end_page()
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError, IndexError) as exc:
        raise InputError(path, f"not a readable OFD file ({exc})") from None
    if not writer.pages:
        raise InputError(path, "OFD file without pages")
    return writer.document(path, "utf-8", "ofd", sha256(data))


def _pieces(content) -> list[_Piece]:
    pieces = []
    for obj in _children(content, "TextObject"):
        bx, by, bw, _bh = [*_numbers(obj.get("Boundary")), 0, 0, 0, 0][:4]
        size = float(obj.get("Size", "3.5") or 3.5)
        for code in _children(obj, "TextCode"):
            text = code.text or ""
            if not text.strip():
                continue
            x, y = bx + float(code.get("X", "0")), by + float(code.get("Y", "0"))
            steps = _advances(code.get("DeltaX"), len(text))
            width = sum(steps) + size if steps or len(text) == 1 else bw - float(code.get("X", "0"))
            pieces.append(_Piece(text, x, x + width, y - size, y + size * 0.2, y, size))
    return pieces


def _lines(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Pieces grouped by baseline (within a third of the type size), top to bottom, left to right."""
    lines: list[list[_Piece]] = []
    for piece in sorted(pieces, key=lambda p: (p.baseline, p.x0)):
        if lines and abs(lines[-1][0].baseline - piece.baseline) <= piece.size / 3:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return [sorted(line, key=lambda p: p.x0) for line in lines]


def _line_text(line: list[_Piece]) -> str:
    out = line[0].text
    for a, b in zip(line, line[1:], strict=False):
        out += ("  " if b.x0 - a.x1 > b.size * 0.5 else "") + b.text
    return out


def _box(line: list[_Piece]) -> tuple[float, float, float, float]:
    return (round(min(p.x0 for p in line) * PT_PER_MM, 2), round(min(p.top for p in line) * PT_PER_MM, 2),
            round(max(p.x1 for p in line) * PT_PER_MM, 2), round(max(p.bottom for p in line) * PT_PER_MM, 2))

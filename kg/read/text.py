"""Plain text in UTF-8 (with or without BOM) or GB18030."""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError
from kg.read.document import SourceDocument
from kg.read.registry import sha256


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM) or GB18030; refuse binary data."""
    if not data.strip():
        raise InputError(path, "the file is empty")
    if b"\x00" in data[:4096]:
        raise InputError(path, "binary data, not a text document")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8-sig" and _mostly_utf8(data, exc):
                raise InputError(
                    path, f"invalid UTF-8 at byte {exc.start} (truncated or damaged file)"
                ) from None
            continue
        if _looks_like_text(text):
            return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise InputError(path, "not readable as UTF-8 or GB18030 text")


def _mostly_utf8(data: bytes, exc: UnicodeDecodeError) -> bool:
    """True when the bytes decode as UTF-8 except for a damaged tail or a few bad bytes."""
    good = data[: exc.start].decode("utf-8", errors="ignore")
    return exc.start > len(data) * 0.9 and any("\u4e00" <= c <= "\u9fff" for c in good)


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f")
    return controls <= len(sample) * 0.01


def read_text(path: Path, data: bytes) -> SourceDocument:
    """A text document, line ends normalised to ``\\n``."""
    text, encoding = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceDocument(path, text, encoding, "text", sha256(data))

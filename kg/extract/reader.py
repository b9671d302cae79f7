"""Reading documents: encoding detection (UTF-8, GB18030) and sanity checks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.read.document import SourceDocument

SUPPORTED_SUFFIXES = {".txt", ".text", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}  # what a directory expands to
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


@dataclass(frozen=True)
class SourceText:
    """A document's decoded text; offsets elsewhere index into ``text``."""

    path: Path
    text: str
    encoding: str

    @property
    def key(self) -> str:
        """Stable document key: the file stem, which names the document in IRIs."""
        return self.path.stem

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


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


def read_document(path: str | Path) -> SourceText | SourceDocument:
    """Read one document, normalising line ends to ``\\n``."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file")
    if p.is_dir():
        raise InputError(p, "is a directory, not a document")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(p, f"cannot be read ({exc.strerror})") from None
    if data.startswith(b"%PDF-"):
        from kg.read.pdf import read_pdf

        return read_pdf(p, data)
    if data.startswith(IMAGE_MAGIC):
        from kg.read.ocr import read_image

        return read_image(p, data)
    text, encoding = decode(data, p)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(path=p, text=text, encoding=encoding)


def list_documents(paths: list[str | Path]) -> list[Path]:
    """Expand directories into their document files, sorted, so runs are deterministic."""
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found.extend(
                sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES)
            )
        else:
            found.append(p)
    return found

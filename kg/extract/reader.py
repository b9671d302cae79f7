"""Reading documents: encoding detection (UTF-8, GB18030) and sanity checks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError

SUPPORTED_SUFFIXES = {".txt", ".text"}  # what a directory expands to; other files can be named explicitly


@dataclass(frozen=True)
class SourceText:
    """A document's decoded text; offsets elsewhere index into ``text``."""

    path: Path
    text: str
    encoding: str
    file_sha256: str | None = None  # of the file's bytes; None for a text made in memory

    @property
    def sha256(self) -> str:
        """The SHA-256 of the file's bytes (of the UTF-8 text when there is no file)."""
        return self.file_sha256 or hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def key(self) -> str:
        """The document's identity in IRIs: ``<file stem>-<first 12 hex digits of its SHA-256>``, so two
        files of one name with different contents are two documents, and one content is one document."""
        return document_key(self.path, self.sha256)


def document_key(path: Path, sha256: str) -> str:
    return f"{path.stem}-{sha256[:12]}"


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


def read_document(path: str | Path) -> SourceText:
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
    text, encoding = decode(data, p)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(path=p, text=text, encoding=encoding, file_sha256=hashlib.sha256(data).hexdigest())


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

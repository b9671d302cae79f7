"""The formats ipgov-kg reads: one row per format, its reader imported only when a file needs it.

A file's format is told by its content first (magic bytes, and for zip containers the member
that names the format), its suffix last. ``list_documents`` expands directories to the files
of a known format; ``read_document`` reads one file with its format's reader.
"""

from __future__ import annotations

import hashlib
import importlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from kg.errors import InputError
from kg.read.document import SourceDocument
from kg.read.script import simplified


class UnsupportedFormat(InputError):
    """A file of a format no reader reads (or whose reader is not part of this installation)."""

    def __init__(self, path: object, problem: str, hint: str = "") -> None:
        super().__init__(path, problem)
        self.hint = hint


class MissingDependency(InputError):
    """A file of a known format whose reader needs a package that is not installed."""

    def __init__(self, path: object, problem: str, hint: str) -> None:
        super().__init__(path, problem)
        self.hint = hint


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    magic: tuple[bytes, ...]  # what the file's bytes start with (b"" for none)
    reader: str  # "module:function", called with (path, data) → SourceDocument
    requires: str = ""  # the pip extra or Debian package its reader needs, for the hint
    zip_member: str = ""  # for zip containers: a member that only this format has


FORMATS: tuple[Format, ...] = (
    Format("pdf", (".pdf",), (b"%PDF-",), "kg.read.pdf:read_pdf", "pip install pdfplumber pypdfium2"),
    Format("docx", (".docx",), (b"PK\x03\x04",), "kg.read.word:read_docx", "pip install python-docx",
           zip_member="word/document.xml"),
    Format("ofd", (".ofd",), (b"PK\x03\x04",), "kg.read.ofd:read_ofd", zip_member="OFD.xml"),
    Format("doc", (".doc", ".wps"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",), "kg.read.word:read_doc",
           "apt-get install libreoffice-writer"),
    Format("image", (".png", ".jpg", ".jpeg", ".tif", ".tiff"),
           (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*"), "kg.read.ocr:read_image",
           "pip install 'ipgov-kg[ocr]'"),
    Format("html", (".html", ".htm", ".shtml", ".xhtml"), (), "kg.read.web:read_html", "pip install lxml"),
    Format("text", (".txt", ".text"), (), "kg.read.text:read_text"),
)
BY_NAME = {f.name: f for f in FORMATS}
_HTML_START = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<meta", b"<!--")


def detect(path: Path, data: bytes) -> Format | None:
    """The format of a file: from its bytes, else from its suffix."""
    for fmt in FORMATS:
        if any(m and data.startswith(m) for m in fmt.magic):
            if not fmt.zip_member:
                return fmt
            member = _zip_format(data)
            if member is not None:
                return member
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_HTML_START) and b"<html" in data[:4096].lower():
        return BY_NAME["html"]
    by_suffix = _by_suffix(path)
    if by_suffix is not None and (not by_suffix.magic or by_suffix.name == "doc"):
        return by_suffix  # text and web pages have no magic; a WPS file may not be OLE
    return None


def _by_suffix(path: Path) -> Format | None:
    return next((f for f in FORMATS if path.suffix.lower() in f.suffixes), None)


def _zip_format(data: bytes) -> Format | None:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        return None
    return next((f for f in FORMATS if f.zip_member and f.zip_member in names), None)


def reader_of(fmt: Format, path: Path) -> Callable[[Path, bytes], SourceDocument]:
    module_name, _, function = fmt.reader.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            raise UnsupportedFormat(path, f"{fmt.name} files are not readable by this installation",
                                    "convert the file to text or Word, or install a version that reads it") from None
        raise MissingDependency(path, f"reading {fmt.name} files needs the package {exc.name!r}",
                                fmt.requires or f"pip install {exc.name}") from None
    return getattr(module, function)


def read_document(path: str | Path) -> SourceDocument:
    """Read one document of any known format; an unreadable one raises InputError naming it and why."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file")
    if p.is_dir():
        raise InputError(p, "is a directory, not a document")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(p, f"cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise InputError(p, "the file is empty")
    fmt = detect(p, data)
    if fmt is None:
        claimed = _by_suffix(p)
        if claimed is not None:
            raise InputError(p, f"named {p.suffix} but its content is not that of a {claimed.name} file "
                                "(damaged, or another format)")
        fmt = BY_NAME["text"]
    doc = reader_of(fmt, p)(p, data)
    doc.simplified = simplified(doc.text)
    return doc


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def scan(paths: list[str | Path]) -> tuple[list[Path], list[Path]]:
    """Expand directories, sorted: the files of a known format (by suffix or magic bytes), and the
    other files of the directories, which callers list as skipped. Files named are always kept."""
    suffixes = {s for f in FORMATS for s in f.suffixes}
    found: list[Path] = []
    other: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            found.append(p)
            continue
        for f in sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")):
            (found if f.suffix.lower() in suffixes or _has_magic(f) else other).append(f)
    return found, other


def _has_magic(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return True  # let reading it report why
    return any(m and head.startswith(m) for f in FORMATS for m in f.magic)


def list_documents(paths: list[str | Path]) -> list[Path]:
    """The documents of ``paths``: directories expanded to their files of a known format, sorted."""
    return scan(paths)[0]

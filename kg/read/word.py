"""Word documents: .docx through python-docx; .doc and WPS converted to .docx by LibreOffice first.

Paragraphs and tables are read in document order. A table's merged cells come from its XML:
``w:gridSpan`` spans columns, ``w:vMerge`` continues a cell downwards, so a merged cell's content
is written once. A table that goes on in a second table (as Word files converted from PDF have,
one per page) with the same header is joined to it and the repeated header dropped.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

from kg.errors import InputError
from kg.read.document import RawCell, SourceDocument, TextWriter, header_rows
from kg.read.registry import MissingDependency, sha256

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CONVERT_SECONDS = 120


def read_docx(path: Path, data: bytes, file_type: str = "docx", digest: str | None = None) -> SourceDocument:
    try:
        import docx
    except ModuleNotFoundError:
        raise MissingDependency(path, "reading Word files needs the package 'python-docx'",
                                "pip install python-docx") from None
    try:
        body = docx.Document(BytesIO(data)).element.body
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(path, f"not a readable Word document ({exc})") from None
    writer = TextWriter()
    pending: list[list[list[RawCell]]] = []  # tables that may go on in the next one
    for child in body.iterchildren():
        if child.tag == f"{W}tbl":
            pending.append(_grid(child))
        elif child.tag == f"{W}p":
            text = _text(child)
            if text.strip():
                _flush(writer, pending)
                writer.line(text.strip())
    _flush(writer, pending)
    return writer.document(path, "utf-8", file_type, digest or sha256(data))


def _flush(writer: TextWriter, tables: list[list[list[RawCell]]]) -> None:
    """Write tables met one after another, joining those that repeat the first one's header."""
    while tables:
        grid = tables.pop(0)
        header = header_rows(grid)
        while tables and header and _same_header(grid[:header], tables[0][:header]):
            grid = grid + tables.pop(0)[header:]
        writer.table(grid, header)


def _same_header(a: list[list[RawCell]], b: list[list[RawCell]]) -> bool:
    return len(a) == len(b) and all([c.text.split() for c in x] == [c.text.split() for c in y] for x, y in zip(a, b, strict=True))


def _text(p) -> str:
    """A paragraph's text: runs, tabs and line breaks."""
    out = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        out.append((el.text or "") if el.tag == f"{W}t" else (" " if el.tag == f"{W}tab" else "\n"))
    return "".join(out)


def _grid(tbl) -> list[list[RawCell]]:
    """A table's rows of cells with their spans; a cell continued downwards (vMerge) becomes a rowspan."""
    rows: list[list[tuple[RawCell, int, bool]]] = []  # cell, grid column, continues the cell above
    for tr in tbl.iterchildren(f"{W}tr"):
        row, col = [], 0
        for tc in tr.iterchildren(f"{W}tc"):
            pr = tc.find(f"{W}tcPr")
            span = pr.find(f"{W}gridSpan") if pr is not None else None
            merge = pr.find(f"{W}vMerge") if pr is not None else None
            colspan = int(span.get(f"{W}val", "1")) if span is not None else 1
            continues = merge is not None and merge.get(f"{W}val", "continue") == "continue"
            text = "\n".join(_text(p) for p in tc.iterchildren(f"{W}p"))
            row.append((RawCell(text, 1, colspan), col, continues))
            col += colspan
        rows.append(row)
    grid: list[list[RawCell]] = []
    for r, row in enumerate(rows):
        kept = []
        for cell, col, continues in row:
            if continues:
                continue
            below = r + 1
            while below < len(rows) and any(c == col and cont for _, c, cont in rows[below]):
                below += 1
            cell.rowspan = below - r
            kept.append(cell)
        grid.append(kept)
    return grid


def read_doc(path: Path, data: bytes) -> SourceDocument:
    """An old Word (.doc) or WPS file, converted to .docx by LibreOffice in a private directory."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise MissingDependency(path, "reading .doc and WPS files needs LibreOffice",
                                "apt-get install libreoffice-writer")
    with tempfile.TemporaryDirectory(prefix="kg-doc-") as tmp:
        source = Path(tmp) / f"source{path.suffix.lower() or '.doc'}"
        source.write_bytes(data)
        try:
            subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                            "--convert-to", "docx", "--outdir", tmp, str(source)],
                           check=True, capture_output=True, timeout=CONVERT_SECONDS)
        except subprocess.TimeoutExpired:
            raise InputError(path, f"LibreOffice took over {CONVERT_SECONDS} s to convert it") from None
        except subprocess.CalledProcessError as exc:
            raise InputError(path, f"LibreOffice could not convert it ({exc.stderr.decode(errors='replace').strip()})") from None
        converted = Path(tmp) / "source.docx"
        if not converted.is_file():
            raise InputError(path, "LibreOffice could not convert it to .docx")
        return read_docx(path, converted.read_bytes(), "wps" if path.suffix.lower() == ".wps" else "doc", sha256(data))

"""Result tables written for people and for their tools: terminal tables, CSV for Excel, JSON, xlsx.

One entry point, :func:`write_rows`, renders columns and rows in a format; the CLI's query,
SPARQL and listing commands all go through it. List values are joined with ``、`` in CSV and
xlsx cells (Excel has no lists) and kept as arrays in JSON.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.errors import KgError

FORMATS = ("table", "csv", "json", "xlsx")
LIST_SEPARATOR = "、"


def cell_text(value: Any) -> str:
    """A value as one cell of text: lists joined with 、, None empty, dicts as JSON."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table", output: Path | None = None,
               *, width: int | None = None, excel: bool = False, title: str | None = None) -> None:
    """Render ``rows`` as ``fmt`` to ``output`` (standard output when None).

    ``table`` wraps long cells at the terminal's width (or ``width``); when standard output is
    not a terminal and no width is given, rows are not wrapped at all. CSV starts with a
    byte-order mark when written to a file or when ``excel`` is set, so Excel reads it as UTF-8.
    """
    if fmt not in FORMATS:
        raise KgError(f"unknown format {fmt!r} (choose one of {', '.join(FORMATS)})")
    if fmt == "xlsx":
        if output is None:
            raise KgError("--format xlsx needs -o FILE.xlsx (a workbook cannot be written to the terminal)")
        write_xlsx(columns, rows, output, title=title)
        return
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as fh:
            _write_text(columns, rows, fmt, fh, width=width or 10_000, title=title)
        return
    if fmt == "csv" and excel:
        sys.stdout.write("\ufeff")
    _write_text(columns, rows, fmt, sys.stdout, width=width, title=title)


def _write_text(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, fh: TextIO, *,
                width: int | None, title: str | None) -> None:
    if fmt == "json":
        fh.write(json.dumps([dict(zip(columns, r, strict=False)) for r in rows], ensure_ascii=False, indent=2,
                            default=str) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n" if fh is not sys.stdout else "\n")
        writer.writerow(columns)
        writer.writerows([cell_text(v) for v in r] for r in rows)
        fh.write(buf.getvalue())
    else:
        print_table(columns, rows, fh, width=width, title=title)


def print_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], fh: TextIO, *, width: int | None = None,
                title: str | None = None) -> None:
    """A table that wraps Chinese text inside its cells rather than cutting it."""
    terminal = fh.isatty() if hasattr(fh, "isatty") else False
    if width is None and not terminal:
        width = _natural_width(columns, rows)
    console = Console(file=fh, width=width, soft_wrap=False, highlight=False,
                      force_terminal=terminal if terminal else False)
    table = Table(title=title)
    for c in columns:
        table.add_column(str(c), overflow="fold")
    for r in rows:
        table.add_row(*[Text(cell_text(v)) for v in r])
    console.print(table)


def _natural_width(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """Wide enough that no cell wraps: the widest cell of each column plus borders and padding."""
    from rich.cells import cell_len

    widths = [cell_len(str(c)) for c in columns]
    for r in rows:
        for i, v in enumerate(r[: len(widths)]):
            widths[i] = max(widths[i], max((cell_len(line) for line in cell_text(v).split("\n")), default=0))
    return max(40, sum(widths) + 3 * len(widths) + 1)


def write_xlsx(columns: Sequence[str], rows: Sequence[Sequence[Any]], output: Path, title: str | None = None) -> None:
    """One sheet: a bold, frozen header row, cells as text or numbers, columns sized to their content."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = (title or "result")[:31]
    ws.append([str(c) for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([v if isinstance(v, (int, float)) and not isinstance(v, bool) else cell_text(v) for v in r])
    ws.freeze_panes = "A2"
    for i, c in enumerate(columns, 1):
        longest = max([len(str(c))] + [len(cell_text(r[i - 1])) for r in rows[:500] if i - 1 < len(r)])
        ws.column_dimensions[get_column_letter(i)].width = min(80, 2 + longest * 2)
        for cell in ws[get_column_letter(i)][1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        wb.save(output)
    except OSError as exc:
        raise KgError(f"{output}: cannot write the workbook ({exc.strerror})") from exc

"""Reading the evaluation set's TSV files (``tests/gold/`` and ``tests/gold/prose/``)."""

from __future__ import annotations

from pathlib import Path

from kg.errors import KgError


def read_tsv(path: Path, columns: int) -> list[list[str]]:
    """Rows of a gold file (comment lines start with #), each padded to ``columns`` cells."""
    if not path.is_file():
        raise KgError(f"{path}: no such evaluation file")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) > columns:
            raise KgError(f"{path}:{n}: {len(cells)} columns, expected at most {columns}")
        rows.append([c.strip() for c in cells] + [""] * (columns - len(cells)))
    return rows

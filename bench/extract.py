"""Extraction throughput on the sample corpus, 1× and repeated; prints characters per second."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

from kg.extract.pipeline import extract_documents
from kg.extract.reader import SourceText, read_document

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def scaled(docs: list[SourceText], factor: int) -> list[SourceText]:
    return [SourceText(d.path.with_name(f"{d.path.stem}-x{factor}{d.path.suffix}"), d.text * factor, d.encoding)
            for d in docs]


def main() -> None:
    docs = [read_document(p) for p in sorted(CORPUS.glob("*.txt"))]
    baseline = None
    for factor in (1, 10):
        batch = scaled(docs, factor) if factor > 1 else docs
        chars = sum(len(d.text) for d in batch)
        tracemalloc.start()
        start = time.perf_counter()
        extract_documents(batch)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rate = chars / seconds
        baseline = baseline or rate
        print(f"{factor:>4}×  {chars:>10,} chars  {seconds:7.2f} s  {rate:>10,.0f} chars/s  "
              f"({rate / baseline:.2f}× of 1×)  peak {peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()

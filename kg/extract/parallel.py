"""Documents extracted in worker processes: extraction is a pure function of one document.

Each worker returns what a function of one document gives (by default its layout and model),
pickled; the caller gets the results in document order, so the result is the same whatever the
number of workers. Workers are spawned (not forked) and warm their pipeline once; the largest
documents are handed out first.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from kg.extract.reader import SourceText
from kg.model import Model

T = TypeVar("T")

MIN_CHARS_PER_WORKER = 200_000  # below this a worker's start-up costs more than it saves


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def worker_count(docs: Sequence[SourceText], jobs: int | None) -> int:
    """Workers to start for ``docs`` (0: extract in this process): ``jobs``, at most one per document;
    by default one per core, at most one per ``MIN_CHARS_PER_WORKER`` characters."""
    if jobs is None:
        jobs = min(default_jobs(), sum(len(d.text) for d in docs) // MIN_CHARS_PER_WORKER)
    useful = min(jobs, len(docs))
    return useful if useful > 1 else 0


def extract_each(docs: Sequence[SourceText], jobs: int | None = None) -> Iterator[tuple[str, Model]]:
    """The layout and model of every document, in document order."""
    return map_each(_extract, docs, jobs)


def map_each(work: Callable[[SourceText], T], docs: Sequence[SourceText], jobs: int | None = None) -> Iterator[T]:
    """``work`` (a module-level function, so workers can import it) of every document, in document order."""
    workers = worker_count(docs, jobs)
    if not workers:
        yield from map(work, docs)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_warm) as pool:
        largest_first = sorted(range(len(docs)), key=lambda i: -len(docs[i].text))
        futures = {i: pool.submit(work, docs[i]) for i in largest_first}
        for i in range(len(docs)):
            yield futures.pop(i).result()


def _warm() -> None:
    from kg.extract.pipeline import warm

    warm()


def _extract(doc: SourceText) -> tuple[str, Model]:
    from kg.extract.pipeline import extract_document

    return extract_document(doc)

"""How heavy work runs: beside the caller in a forked process, and without pauses of the cycle collector.

``Beside`` runs work in a forked copy of the process, which shares what is already in memory:
where two outputs are made from the same data (the union Turtle file and the database), the copy
needs nothing sent to it and the two run on two cores. The copy runs at a lower priority: where
the cores are all busy, the caller's own work (and the database it feeds) goes first. Works beside
the caller run one at a time, each starting once those started before it have ended: a copy gets
its own copy of every page it reads (reading an object changes its reference count), so two at
once would hold the caller's data twice over, and on cores the caller keeps busy they would not
end sooner together. Where processes cannot be forked, the work runs in the caller when its
result is asked for.

``acyclic()`` pauses Python's cycle collector while millions of small objects are built that hold
no reference cycles (triples, property-graph rows): each of its full passes walks every object
alive, so on a large graph it would cost more than the building itself. Memory is unaffected,
as objects without cycles are freed by reference counting. ``settled()`` keeps the collector
running but leaves out of its passes every object alive when the block starts (the graph already
built), for work that may make cycles of its own. ``paused()`` pauses the collector for work that
makes no cycles but whose results are not all long-lived (extracting one document).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import multiprocessing.connection
import os
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

from kg.errors import KgError

T = TypeVar("T")

NICENESS = 10  # work beside the caller gives way to the caller and the database when they want the cores


class Beside(Generic[T]):
    """``work()`` in a process started now (forked, or a new interpreter), which begins it once the works beside
    started before it have ended; ``result()`` waits for its value (or its error)."""

    def __init__(self, work: Callable[[], T], spawn: bool = False) -> None:
        """``spawn``: in a new interpreter sent ``work`` pickled (a module-level function, or a partial of one),
        which holds only what it is sent; for work on a small part of a large state."""
        self._work: Callable[[], T] | None = work
        if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - not POSIX
            return
        ctx = multiprocessing.get_context("spawn" if spawn else "fork")
        self._receive, send = ctx.Pipe(duplex=False)
        running = [b for b in _started() if b._process.is_alive()]
        # What a process waits on: the sentinels of those before it, each readable once its process has ended
        # (a new interpreter is sent copies of them; a forked copy has them already).
        before = [Connection(os.dup(b._process.sentinel), writable=False) if spawn else b._process.sentinel
                  for b in running]
        self._process = ctx.Process(target=_run, args=(work, send, before), daemon=True)
        try:
            self._process.start()
        finally:
            send.close()
            for sentinel in before:
                if isinstance(sentinel, Connection):
                    sentinel.close()
        self._work = None
        _STARTED[:] = [(os.getpid(), b) for b in [*running, self]]

    def result(self) -> T:
        if self._work is not None:
            return self._work()
        try:
            ok, value = self._receive.recv()
        except EOFError:
            self._process.join()
            raise KgError(f"a worker process ended without a result (exit code {self._process.exitcode})") from None
        self._process.join()
        if not ok:
            raise KgError(value)
        return value

    def cancel(self) -> None:
        """Stop the work if it still runs (what it writes is written atomically, so nothing is left half done)."""
        if self._work is None and self._process.is_alive():
            self._process.terminate()
            self._process.join()


_STARTED: list[tuple[int, Beside]] = []  # (the process that started it, work beside it)


def _started() -> list[Beside]:
    """The works beside this process started (a forked copy inherits its parent's list, not its children)."""
    return [b for pid, b in _STARTED if pid == os.getpid()]


def _run(work: Callable[[], object], send, before: list[int | Connection]) -> None:
    os.nice(NICENESS)
    while before:  # the processes of the works started before this one: each becomes ready when it ends
        ready = multiprocessing.connection.wait(before)
        before = [fd for fd in before if fd not in ready]
    try:
        send.send((True, work()))
    except BaseException as exc:  # reported to the caller, who raises it
        send.send((False, str(exc) if isinstance(exc, KgError) else f"{type(exc).__name__}: {exc}"))


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The cycle collector paused for the block (restored as it was after); what the block built is walked
    by its passes after it as usual."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextlib.contextmanager
def acyclic() -> Iterator[None]:
    """The cycle collector paused for the block, and what the block built left out of its passes after it."""
    with paused():
        try:
            yield
        finally:
            gc.freeze()  # what the block built is not walked either by the passes after it


@contextlib.contextmanager
def settled() -> Iterator[None]:
    """The objects alive now left out of the cycle collector's passes for the block."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()

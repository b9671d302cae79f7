"""Work run beside the caller in a forked process, and the cycle collector paused or settled."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.ontology.turtle import write_turtle
from kg.runtime import Beside, acyclic, paused, settled


def test_work_beside_gives_its_value_from_another_process() -> None:
    held = list(range(1000))  # in memory before the fork: the copy sees it without it being sent
    work = Beside(lambda: (os.getpid(), sum(held)))
    pid, total = work.result()
    assert pid != os.getpid() and total == sum(held)


def test_an_error_beside_is_raised_in_the_caller_with_its_message(tmp_path: Path) -> None:
    (tmp_path / "graph.ttl").mkdir()
    work = Beside(lambda: write_turtle([], tmp_path / "graph.ttl"))
    with pytest.raises(KgError, match=r"graph\.ttl: cannot be written \(Is a directory\)"):
        work.result()
    boom = Beside(lambda: 1 / 0)
    with pytest.raises(KgError, match="ZeroDivisionError: division by zero"):
        boom.result()


def test_works_beside_run_one_at_a_time_in_the_order_started() -> None:
    import time

    first = Beside(lambda: (time.sleep(1), time.time())[1])  # ends about a second after it is started
    second = Beside(time.time)  # begins once the first has ended
    cancelled = Beside(lambda: time.sleep(60))
    cancelled.cancel()
    third = Beside(time.time)  # a cancelled work holds up none after it
    first_ended = first.result()
    assert second.result() >= first_ended and third.result() >= first_ended


def test_spawned_work_is_sent_what_it_needs() -> None:
    from functools import partial

    work = Beside(partial(sum, [1, 2, 3]), spawn=True)
    pid = Beside(os.getpid, spawn=True)
    assert work.result() == 6 and pid.result() != os.getpid()


def test_spawned_work_runs_in_turn_with_forked_work() -> None:
    import time

    first = Beside(lambda: (time.sleep(1), time.time())[1])
    spawned = Beside(time.time, spawn=True)  # begins once the forked work has ended
    after = Beside(time.time)  # and a work forked after it, once it has ended
    first_ended, spawned_began = first.result(), spawned.result()
    assert spawned_began >= first_ended and after.result() >= spawned_began


def test_cancelled_work_stops() -> None:
    import time

    work = Beside(lambda: time.sleep(60))
    work.cancel()
    with pytest.raises(KgError, match="ended without a result"):
        work.result()


def test_the_collector_is_paused_then_restored_and_settled_objects_are_left_out() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    with acyclic():
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() > 0
    gc.unfreeze()
    with settled():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0

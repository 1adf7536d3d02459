"""Worker processes over pipes of their own: results come back, errors are the caller's, and a worker
that dies (even midway through sending its result) stops the run at once instead of hanging it."""

from __future__ import annotations

import os
import signal
import time

import pytest

from kg.workers import Workers, WorkerStopped


def _ready() -> None:
    pass


def _broken() -> None:
    raise ValueError("no model here")


def _square(number: int) -> int:
    if number < 0:
        raise ValueError(f"negative: {number}")
    return number * number


def _die_after(seconds: float) -> int:
    time.sleep(seconds)
    os.kill(os.getpid(), signal.SIGKILL)
    return 0


def _half_a_result(size: int) -> int:
    """Write the start of a result message on the worker's pipe (its length, then less than that), then die:
    what a worker killed while sending a long result leaves behind."""
    for fd in range(3, 64):
        try:
            if os.path.realpath(f"/proc/self/fd/{fd}").startswith("socket:"):
                os.write(fd, size.to_bytes(4, "big", signed=True) + b"x" * 10)
        except OSError:
            continue
    os._exit(9)


def test_results_come_back_for_every_batch() -> None:
    pool = Workers(2, _square, _ready, context="spawn")
    try:
        assert sorted(pool.run((n,) for n in range(10))) == [n * n for n in range(10)]
    finally:
        pool.close()
    assert all(not p.is_alive() for p in pool.processes)


def test_a_task_error_is_raised_in_the_caller() -> None:
    pool = Workers(1, _square, _ready, context="spawn")
    try:
        with pytest.raises(ValueError, match="negative: -3"):
            list(pool.run([(2,), (-3,)]))
    finally:
        pool.close()


def test_a_failed_set_up_is_raised_with_the_first_batch() -> None:
    pool = Workers(1, _square, _broken, context="spawn")
    try:
        with pytest.raises(ValueError, match="no model here"):
            list(pool.run([(2,)]))
    finally:
        pool.close()


@pytest.mark.parametrize("task, argument", [(_die_after, 0.2), (_half_a_result, 1 << 20)])
def test_a_worker_that_dies_stops_the_run(task, argument) -> None:
    pool = Workers(2, task, _ready, context="spawn")
    started = time.monotonic()
    try:
        with pytest.raises(WorkerStopped, match="ended with exit code"):
            list(pool.run([(argument,)] * 4))
    finally:
        pool.close()
    assert time.monotonic() - started < 60  # stopped, not waited for
    assert all(not p.is_alive() for p in pool.processes)

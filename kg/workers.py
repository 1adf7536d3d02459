"""Worker processes that run a build's batches, each over a pipe of its own.

``concurrent.futures.ProcessPoolExecutor`` reads every worker's results from one shared pipe: a worker
killed while it writes a result leaves half a message there, and the executor waits for the rest
forever (a build that hangs instead of stopping with E306). Here each worker has its own pipe, whose
other end only that worker holds: its death ends the pipe, and the read says so at once. A thread per
worker feeds it and collects its results, so workers go on while the build writes.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

STOP_SECONDS = 5.0  # how long workers have to stop once told to, before they are killed
QUEUED_PER_WORKER = 2  # batches handed out and not yet taken back, per worker (memory stays bounded)


class WorkerStopped(Exception):
    """A worker process ended (killed, or out of memory) before it sent its result."""


def _serve(conn: Connection, task: Callable[..., Any], initializer: Callable[..., None],
           initargs: tuple[Any, ...]) -> None:
    """A worker's life: set up, then run each batch received and send back its result (or its error)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle: it stops its workers
    failure: BaseException | None = None
    try:
        initializer(*initargs)
    except Exception as exc:  # noqa: BLE001 - sent back for each batch
        failure = exc
    while (batch := conn.recv()) is not None:
        try:
            if failure is not None:
                raise failure
            conn.send((True, task(*batch)))
        except Exception as exc:  # noqa: BLE001 - raised again in the build
            conn.send((False, exc))


class Workers:
    """``count`` processes (``context``: a multiprocessing start method) that run ``task(*batch)`` on each
    batch, after ``initializer(*initargs)``."""

    def __init__(self, count: int, task: Callable[..., Any], initializer: Callable[..., None],
                 initargs: tuple[Any, ...] = (), context: str = "forkserver") -> None:
        start: Any = multiprocessing.get_context(context)  # typeshed's BaseContext lacks Process
        self.jobs: queue.Queue[tuple[Any, ...] | None] = queue.Queue()
        self.done: queue.Queue[tuple[str, Any]] = queue.Queue()  # ("ok" | "error" | "stopped", what)
        self.processes: list[BaseProcess] = []
        self.threads: list[threading.Thread] = []
        for number in range(count):
            mine, theirs = start.Pipe()
            process = start.Process(target=_serve, args=(theirs, task, initializer, initargs), daemon=True,
                                    name=f"kg-worker-{number}")
            process.start()
            theirs.close()  # the worker holds the only other end: when it dies, the pipe ends
            thread = threading.Thread(target=self._feed, args=(mine, process), daemon=True,
                                      name=f"kg-worker-{number}-feed")
            thread.start()
            self.processes.append(process)
            self.threads.append(thread)

    def _feed(self, conn: Connection, process: BaseProcess) -> None:
        """Hand one worker batch after batch, and collect each result."""
        try:
            while (batch := self.jobs.get()) is not None:
                try:
                    conn.send(batch)
                    ok, result = conn.recv()
                except (EOFError, OSError):
                    process.join(STOP_SECONDS)
                    code = f" with exit code {process.exitcode}" if process.exitcode is not None else ""
                    self.done.put(("stopped", f"process {process.pid} ended{code}"))
                    return
                self.done.put(("ok" if ok else "error", result))
            conn.send(None)
        except OSError:
            pass  # told to stop a worker that is gone already
        finally:
            conn.close()

    def run(self, batches: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        """Each batch's result, as each comes back; raises a task's error, or WorkerStopped."""
        in_flight = 0
        for batch in batches:
            self.jobs.put(batch)
            in_flight += 1
            while in_flight >= QUEUED_PER_WORKER * len(self.processes):
                yield self._take()
                in_flight -= 1
        while in_flight:
            yield self._take()
            in_flight -= 1

    def _take(self) -> Any:
        kind, what = self.done.get()
        if kind == "stopped":
            raise WorkerStopped(what)
        if kind == "error":
            raise what
        return what

    def close(self) -> None:
        """Stop the workers: each stops after its batch, and those still busy after STOP_SECONDS are killed."""
        while True:  # batches not started are dropped
            try:
                self.jobs.get_nowait()
            except queue.Empty:
                break
        for _ in self.threads:
            self.jobs.put(None)
        deadline = time.monotonic() + STOP_SECONDS
        for process in self.processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
        for thread in self.threads:
            thread.join()

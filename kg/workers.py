"""Worker processes that run batches for a build or a feed, each over a pipe of its own.

``concurrent.futures.ProcessPoolExecutor`` reads every worker's results from one shared pipe: a worker
killed while it writes a result leaves half a message there, and the executor waits for the rest
forever (a build that hangs instead of stopping with E306). Here each worker has its own pipe, whose
other end only that worker holds: its death ends the pipe, and the read says so at once. A thread per
worker hands it the batches submitted, one at a time, and sets each one's future.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

STOP_SECONDS = 5.0  # how long workers have to stop once told to, before they are killed
QUEUED_PER_WORKER = 2  # batches submitted and not yet taken back, per worker, in ``run``

Job = tuple["Future[Any]", tuple[Any, ...]]


class WorkerStopped(Exception):
    """A worker process ended (killed, or out of memory) before it sent its result."""


def _serve(conn: Connection, task: Callable[..., Any], initializer: Callable[..., None],
           initargs: tuple[Any, ...]) -> None:
    """A worker's life: set up, then run each batch received and send back its result (or its error)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the process that started it: it stops its workers
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
        except Exception as exc:  # noqa: BLE001 - raised again by the future
            conn.send((False, exc))


class Workers:
    """``count`` processes (``context``: a multiprocessing start method) that run ``task(*batch)`` on each
    batch submitted, after ``initializer(*initargs)``. Once one has died, every batch not done fails
    with WorkerStopped, and so does any submitted after."""

    def __init__(self, count: int, task: Callable[..., Any], initializer: Callable[..., None],
                 initargs: tuple[Any, ...] = (), context: str = "forkserver") -> None:
        start: Any = multiprocessing.get_context(context)  # typeshed's BaseContext lacks Process
        self.jobs: queue.Queue[Job | None] = queue.Queue()
        self.stopped: str | None = None  # why, once a worker died
        self.lock = threading.Lock()
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

    def submit(self, *batch: Any) -> Future[Any]:
        """Queue a batch for the next free worker; its future holds the result."""
        future: Future[Any] = Future()
        with self.lock:
            if self.stopped is not None:
                future.set_exception(WorkerStopped(self.stopped))
            else:
                self.jobs.put((future, batch))
        return future

    def run(self, batches: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        """Each batch's result, as each comes back; raises a task's error, or WorkerStopped."""
        pending: set[Future[Any]] = set()
        for batch in batches:
            pending.add(self.submit(*batch))
            while len(pending) >= QUEUED_PER_WORKER * len(self.processes):
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()

    def _feed(self, conn: Connection, process: BaseProcess) -> None:
        """Hand one worker batch after batch, and set each one's future."""
        try:
            while (job := self.jobs.get()) is not None:
                future, batch = job
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    conn.send(batch)
                    ok, result = conn.recv()
                except (EOFError, OSError):
                    self._fail(future, process)
                    return
                if ok:
                    future.set_result(result)
                else:
                    future.set_exception(result)
            conn.send(None)
        except OSError:
            pass  # told to stop a worker that is gone already
        finally:
            conn.close()

    def _fail(self, future: Future[Any], process: BaseProcess) -> None:
        """A worker died: its batch, every batch waiting and every later one fail."""
        process.join(STOP_SECONDS)
        code = f" with exit code {process.exitcode}" if process.exitcode is not None else ""
        with self.lock:
            self.stopped = self.stopped or f"process {process.pid} ended{code}"
            future.set_exception(WorkerStopped(self.stopped))
            self._drop(WorkerStopped(self.stopped))

    def _drop(self, error: BaseException | None = None) -> None:
        """Take the batches not started off the queue (failing them with ``error``, else cancelled)."""
        while True:
            try:
                job = self.jobs.get_nowait()
            except queue.Empty:
                return
            if job is None:
                self.jobs.put(None)  # a stop meant for a feeding thread: leave it for one
                return
            if error is not None and job[0].set_running_or_notify_cancel():
                job[0].set_exception(error)
            else:
                job[0].cancel()

    def close(self) -> None:
        """Stop the workers: each stops after its batch, and those still busy after STOP_SECONDS are killed."""
        with self.lock:
            self.stopped = self.stopped or "the workers were stopped"
            self._drop()
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

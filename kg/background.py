"""Work handed to a thread of its own, so that the caller goes on while Oxigraph writes (it lets Python
threads run): a build's documents (``kg.corpus``), a consolidated graph's lines (``kg.consolidate.stored``)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """Items handled one at a time by ``handle`` in a thread, at most ``waiting`` of them queued (memory
    stays bounded). The handler's error is raised in the caller at its next ``put`` or at ``close``;
    the items after it are dropped, so the caller never blocks on a full queue."""

    def __init__(self, handle: Callable[[T], None], waiting: int, name: str) -> None:
        self.items: queue.Queue[T | None] = queue.Queue(maxsize=waiting)
        self.error: BaseException | None = None
        # the handler is the thread's alone: it lets go of it (and of its store) once stopped
        self.thread = threading.Thread(target=self._run, args=(handle,), name=name, daemon=True)
        self.thread.start()

    def put(self, item: T) -> None:
        self.check()
        self.items.put(item)

    def close(self) -> None:
        """Wait until every item is handled (or dropped after an error); raise the handler's error."""
        self.stop()
        self.check()

    def stop(self) -> None:
        """Wait until every item is handled, raising nothing (the caller is failing already)."""
        if self.thread.is_alive():
            self.items.put(None)
            self.thread.join()

    def _run(self, handle: Callable[[T], None]) -> None:
        while (item := self.items.get()) is not None:
            if self.error is None:
                try:
                    handle(item)
                except BaseException as exc:  # noqa: BLE001 - raised again in the caller
                    self.error = exc

    def check(self) -> None:
        """Raise the handler's error, if it failed since the last check."""
        if self.error is not None:
            error, self.error = self.error, None
            raise error

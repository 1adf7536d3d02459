"""Work handed to a background thread: done in order, its error raised in the caller, its handler let go."""

from __future__ import annotations

import gc
import weakref

import pytest

from kg.background import Background


def test_items_are_handled_in_order_and_an_error_reaches_the_caller() -> None:
    seen: list[int] = []

    def handle(item: int) -> None:
        if item == 3:
            raise OSError("No space left on device")
        seen.append(item)

    work: Background[int] = Background(handle, 1, "test")
    for item in (1, 2, 3):
        work.put(item)
    with pytest.raises(OSError, match="No space left"):
        for item in (4, 5, 6):
            work.put(item)
        work.close()
    assert seen == [1, 2]  # nothing handled after the error


class Holder:
    """Owns a Background whose handler is its own method (a store writer's shape)."""

    def __init__(self) -> None:
        self.work: Background[int] = Background(self.handle, 2, "test")

    def handle(self, item: int) -> None:
        pass


def test_a_stopped_background_lets_go_of_its_handler() -> None:
    """A store stays locked while anything holds it: the thread must not keep its writer alive."""
    holder = Holder()
    holder.work.put(1)
    holder.work.close()
    gone = weakref.ref(holder)
    gc.disable()
    try:
        del holder
        assert gone() is None  # freed by reference counting, no collection needed
    finally:
        gc.enable()

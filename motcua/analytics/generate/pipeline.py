"""Run a producer of batches in a thread while the caller's thread sends them to the database.

The producer is pure Python (it holds the interpreter lock while it computes); the sender
mostly waits on the server (psycopg releases the lock then), so the two overlap and the two
cores both work: one generates, the other (PostgreSQL) writes and checks. Only the caller's
thread touches the database connection. At most `depth` batches wait, so memory stays bounded;
an error on either side stops both and is raised in the caller's thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


def run(produce: Iterator[T], consume: Callable[[T], None], *, depth: int = 3) -> None:
    """Call `consume` on each item of `produce`, in order; `produce` runs in another thread."""
    items: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                items.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for item in produce:
                if not put(item):
                    return
            put(_DONE)
        except BaseException as exc:  # handed to the caller, which raises it
            put(exc)

    thread = threading.Thread(target=work, name="generate_city", daemon=True)
    thread.start()
    try:
        while (item := items.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            consume(item)  # type: ignore[arg-type]
    finally:
        stop.set()
        thread.join()

"""Run one of pyHanko's coroutines from synchronous code, with or without a running loop.

pyHanko's synchronous wrappers call `asyncio.run`, which refuses to run inside a thread that
already has an event loop (an ASGI server, Playwright's sync API in the tests). Then the
coroutine runs on a fresh loop in a worker thread, and this thread waits for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()

"""A wake-up signal that synchronous code can fire and coroutines can wait for."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Signal:
    """Wakes every current waiter when fired; firing needs no running coroutine.

    The event is created lazily and replaced on each firing, so the signal is
    never bound to an event loop that has gone away between tests.
    """

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None

    def fire(self) -> None:
        if self._event is not None:
            self._event.set()
            self._event = None

    async def wait(self, timeout: float) -> bool:
        """Wait at most ``timeout`` seconds for the next firing; False on timeout."""
        if timeout <= 0:
            return False
        if self._event is None:
            self._event = asyncio.Event()
        event = self._event
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            return False
        return True


async def wait_until(check: Callable[[], T | None], signal: Signal, timeout: float) -> T | None:
    """Re-run ``check`` on every firing until it returns something, or ``timeout`` passes."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        found = check()
        if found is not None:
            return found
        remaining = deadline - loop.time()
        if remaining <= 0:
            return None
        await signal.wait(remaining)

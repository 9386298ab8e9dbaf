"""Recording delivery outcomes: each committed as soon as the loop gets to it, together
with whatever else was answered in the same moment.

A notice Telegram accepted but not yet recorded as sent is in doubt: a crash then sends
it again after the lease. So an outcome never waits for a timer or a batch to fill: it
is committed in the next turn of the event loop, sharing that one transaction with the
other answers read in the same turn (at 1,000 messages/s, a handful), which is what
makes recording affordable on SQLite (one commit there costs more than the update).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from storage import outbox


class Settler:
    """Commits ``(row id, status, error)`` outcomes for one worker's claim token."""

    def __init__(self, engine: AsyncEngine, token: str,
                 clock: Callable[[], datetime]) -> None:
        self.engine, self.token, self.clock = engine, token, clock
        self._batch: list[tuple[int, str, str]] = []
        self._committed: asyncio.Future[None] | None = None
        self._running: set[asyncio.Task[None]] = set()  # held: the loop keeps weak refs only

    async def record(self, row_id: int, status: str, error: str = "") -> None:
        """Returns once the outcome is committed; raises if the commit failed."""
        if self._committed is None:
            loop = asyncio.get_running_loop()
            self._committed = loop.create_future()
            # A task's first step runs after the callbacks already queued for this turn:
            # the other answers that arrived together join this transaction.
            task = loop.create_task(self._commit())
            self._running.add(task)
            task.add_done_callback(self._running.discard)
        self._batch.append((row_id, status, error))
        await asyncio.shield(self._committed)

    async def _commit(self) -> None:
        batch, done = self._batch, self._committed
        self._batch, self._committed = [], None
        assert done is not None
        try:
            async with self.engine.begin() as conn:
                await outbox.settle_many(conn, self.token, batch, now=self.clock())
        except Exception as exc:
            done.set_exception(exc)
        else:
            done.set_result(None)

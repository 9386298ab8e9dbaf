"""SQLite driven on the event loop: SQLAlchemy's sync engine behind the async API we use.

Why: aiosqlite runs every call in a worker thread, and SQLAlchemy's async layer makes
three or four such hops per statement. Measured here (bench/bench_updates.py): ≈ 4.8 ms
of database time per update through aiosqlite against ≈ 0.1 ms for the same statements
on the loop — local SQLite statements finish in microseconds, so blocking the loop for
them is cheaper than handing them to a thread. SQLite has one writer anyway: a process-
wide lock keeps two coroutines of this process from interleaving write transactions
(which would otherwise wait on each other's file lock), and a short busy timeout bounds
how long another process's write can hold up the loop (callers retry on "locked").
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine


class LoopConnection:
    """The subset of AsyncConnection our code uses, answered synchronously."""

    def __init__(self, conn: Connection) -> None:
        self.sync_connection = conn
        self.dialect = conn.dialect

    async def execute(self, statement: Any, parameters: Any = None) -> Any:
        return self.sync_connection.execute(statement, parameters)

    async def scalar(self, statement: Any, parameters: Any = None) -> Any:
        return self.sync_connection.scalar(statement, parameters)

    async def scalars(self, statement: Any, parameters: Any = None) -> Any:
        return self.sync_connection.scalars(statement, parameters)

    async def exec_driver_sql(self, statement: str, parameters: Any = None) -> Any:
        return self.sync_connection.exec_driver_sql(statement, parameters)

    async def run_sync(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return fn(self.sync_connection, *args, **kwargs)

    async def commit(self) -> None:
        self.sync_connection.commit()

    @asynccontextmanager
    async def begin_nested(self) -> AsyncIterator[Any]:
        with self.sync_connection.begin_nested() as savepoint:
            yield savepoint


class LoopEngine:
    """An AsyncEngine look-alike for SQLite files; ``begin`` serialises writers in-process."""

    def __init__(self, url: str, pragmas: Callable[[Any, Any], None], **kwargs: Any) -> None:
        self.sync_engine: Engine = create_engine(url, **kwargs)
        event.listen(self.sync_engine, "connect", pragmas)
        self.dialect = self.sync_engine.dialect
        self.url = self.sync_engine.url
        self._writer: asyncio.Lock | None = None

    def _lock(self) -> asyncio.Lock:
        if self._writer is None:
            self._writer = asyncio.Lock()
        return self._writer

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[LoopConnection]:
        async with self._lock():
            with self.sync_engine.begin() as conn:
                yield LoopConnection(conn)

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[LoopConnection]:
        with self.sync_engine.connect() as conn:
            yield LoopConnection(conn)

    async def dispose(self) -> None:
        self.sync_engine.dispose()

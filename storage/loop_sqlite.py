"""SQLite driven on the event loop: SQLAlchemy's sync engine behind the async API we use.

Why: aiosqlite runs every call in a worker thread, and SQLAlchemy's async layer makes
three or four such hops per statement. Measured here (bench/bench_updates.py): ≈ 4.8 ms
of database time per update through aiosqlite against ≈ 0.1 ms for the same statements
on the loop — local SQLite statements finish in microseconds, so blocking the loop for
them is cheaper than handing them to a thread. SQLite has one writer anyway: a process-
wide lock keeps two coroutines of this process from interleaving write transactions
(which would otherwise wait on each other's file lock), and a short busy timeout bounds
how long another process's write can hold up the loop (callers retry on "locked").

The statements every update runs (the dialog row read and its guarded write) go one step
further down, to the sqlite3 connection itself (``Prepared``): SQLAlchemy's execution
context and result wrapping cost several times what SQLite spends on those one-row
statements. They stay SQLAlchemy statements, compiled once, with SQLAlchemy's own type
conversions, in the same transaction as everything else the update writes.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Dialect, Engine, RootTransaction
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import Executable


class Prepared:
    """A Core statement compiled once for SQLite: its SQL, and the type conversions of
    its parameters and result columns as SQLAlchemy would apply them."""

    def __init__(self, statement: Executable, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        if compiled.positiontup is None:
            raise ValueError("a positional (qmark) dialect is expected")
        self.sql = compiled.string
        self._names = tuple(compiled.positiontup)
        binds = (compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
                 for name in self._names)
        # Only the columns that need converting are visited per call (JSON, datetimes).
        self._binds = tuple((i, bind) for i, bind in enumerate(binds) if bind is not None)
        columns = getattr(statement, "selected_columns", ())
        results = (c.type.dialect_impl(dialect).result_processor(dialect, None)
                   for c in columns)
        self._results = tuple((i, conv) for i, conv in enumerate(results) if conv is not None)

    def execute(self, driver: sqlite3.Connection, params: Mapping[str, Any]) -> sqlite3.Cursor:
        values = [params[name] for name in self._names]
        for i, bind in self._binds:
            values[i] = bind(values[i])
        try:
            return driver.execute(self.sql, values)
        except sqlite3.Error as exc:  # as SQLAlchemy raises it, so callers catch one kind
            raise DBAPIError.instance(self.sql, values, exc, sqlite3.Error) from exc

    def row(self, raw: tuple[Any, ...]) -> list[Any]:
        values = list(raw)
        for i, convert in self._results:
            values[i] = convert(values[i])
        return values


class LoopConnection:
    """The subset of AsyncConnection our code uses, answered synchronously."""

    def __init__(self, conn: Connection, prepared: dict[Any, Prepared]) -> None:
        self.sync_connection = conn
        self.dialect = conn.dialect
        self._prepared = prepared

    def _driver_run(self, statement: Executable,
                    params: Mapping[str, Any]) -> tuple[Prepared, sqlite3.Cursor]:
        prepared = self._prepared.get(statement)
        if prepared is None:
            prepared = self._prepared[statement] = Prepared(statement, self.dialect)
        driver = self.sync_connection.connection.driver_connection
        return prepared, prepared.execute(driver, params)

    def first(self, statement: Executable, params: Mapping[str, Any]) -> list[Any] | None:
        """The first row of a SELECT built once with bound parameters, in column order."""
        prepared, cursor = self._driver_run(statement, params)
        raw = cursor.fetchone()
        cursor.close()  # a SELECT left open would hold its read snapshot past this update
        return None if raw is None else prepared.row(raw)

    def rowcount(self, statement: Executable, params: Mapping[str, Any]) -> int:
        """Run an INSERT/UPDATE/DELETE built once with bound parameters; rows it touched."""
        cursor = self._driver_run(statement, params)[1]
        count = cursor.rowcount
        cursor.close()
        return count

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
        # The lock lets one transaction at a time use this connection: checking one out of
        # the pool and back in again for every update cost as much as the update's SQL.
        self._writer_conn: Connection | None = None
        # Statements are module constants (or cached builders): a few dozen at most.
        self._prepared: dict[Any, Prepared] = {}

    def _lock(self) -> asyncio.Lock:
        if self._writer is None:
            self._writer = asyncio.Lock()
        return self._writer

    def begin(self) -> _WriterTransaction:
        return _WriterTransaction(self)

    def _writer_connection(self) -> Connection:
        conn = self._writer_conn
        if conn is None or conn.closed:
            conn = self._writer_conn = self.sync_engine.connect()
        return conn

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[LoopConnection]:
        with self.sync_engine.connect() as conn:
            yield LoopConnection(conn, self._prepared)

    async def dispose(self) -> None:
        if self._writer_conn is not None:
            self._writer_conn.close()
            self._writer_conn = None
        self.sync_engine.dispose()


class _WriterTransaction:
    """``async with engine.begin()``: the writer lock, then one transaction on the writer
    connection, committed or rolled back by SQLAlchemy's own context manager. A class, not
    an async generator: this runs for every update."""

    __slots__ = ("_engine", "_lock", "_transaction")
    _transaction: RootTransaction

    def __init__(self, engine: LoopEngine) -> None:
        self._engine = engine
        self._lock = engine._lock()

    async def __aenter__(self) -> LoopConnection:
        await self._lock.acquire()
        try:
            conn = self._engine._writer_connection()
            self._transaction = conn.begin().__enter__()
        except BaseException:
            self._lock.release()
            raise
        return LoopConnection(conn, self._engine._prepared)

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        try:
            self._transaction.__exit__(kind, error, trace)
        finally:
            self._lock.release()

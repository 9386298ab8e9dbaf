"""Engines and migrations. Built by the composition root, never at import time."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine

from storage.loop_sqlite import LoopEngine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# The schema the migrations build on SQLite, written out by `python -m storage.snapshot`.
SQLITE_SCHEMA = MIGRATIONS / "sqlite_schema.sql"


def async_url(url: str) -> str:
    """Accept the URLs operators type (postgresql://, sqlite:///) and pick async drivers."""
    parsed = make_url(url)
    driver = {"postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg",
              "postgresql+psycopg": "postgresql+asyncpg", "sqlite": "sqlite+aiosqlite"}
    name = driver.get(parsed.drivername, parsed.drivername)
    return parsed.set(drivername=name).render_as_string(hide_password=False)


# A write by another process holds the loop at most this long before "locked" is retried.
SQLITE_BUSY_MS = 250


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets readers proceed during a write; busy_timeout makes a second process wait, not fail.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str, **kwargs: Any) -> Any:
    """An async engine for PostgreSQL; for SQLite files, the loop-driven engine (see
    storage/loop_sqlite.py). Both offer ``begin()``/``connect()``/``dispose()``."""
    url = async_url(url)
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        db = parsed.database
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        sync_url = parsed.set(drivername="sqlite+pysqlite")
        kwargs.pop("connect_args", None)
        return LoopEngine(sync_url.render_as_string(hide_password=False), _sqlite_pragmas,
                          **kwargs)
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def _alembic_config(connection: Connection) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*['\"]?([\w]+|None)['\"]?", re.M)


def script_head() -> str:
    """The newest migration, read from the files without importing Alembic."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for name, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            (revisions if name == "revision" else parents).add(value)
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have one head, found {sorted(heads)}")
    return heads.pop()


async def current_revision(engine: Any) -> str | None:
    try:
        async with engine.connect() as conn:
            result = await conn.exec_driver_sql("SELECT version_num FROM alembic_version")
            return result.scalar()
    except DBAPIError:  # no table yet: a new database
        return None


async def upgrade(engine: Any, revision: str = "head", *, snapshot: bool = True) -> None:
    """Apply migrations; safe to run in several processes at once on PostgreSQL.

    A database already at the head is the common case at start-up: it is recognised
    without importing Alembic (≈ 0.2 s and 8 MiB with Mako, bench/bench_startup.py). A new
    SQLite file gets the head schema from the snapshot of the migrations (as Rails loads
    schema.rb), again without Alembic; ``snapshot=False`` always replays the migrations.
    """
    if revision == "head":
        head = script_head()
        current = await current_revision(engine)
        if current == head:
            return
        path = _sqlite_file(engine)
        if current is None and snapshot and path is not None and create_from_snapshot(path):
            return
    async with engine.begin() as conn:
        postgres = conn.dialect.name == "postgresql"
        if postgres:
            # Two processes starting together would both try to create the tables.
            await conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7311003)")
        migrated = await conn.run_sync(_migrate, revision)
        if migrated and postgres:
            await _analyze_outbox(conn)


def _migrate(connection: Connection, revision: str) -> bool:
    """Alembic's upgrade to ``revision``; True when it applied a migration (the second of
    two processes starting together finds nothing left to do)."""
    from alembic import command
    from alembic.migration import MigrationContext

    def version() -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    before = version()
    command.upgrade(_alembic_config(connection), revision)
    return version() != before


async def _analyze_outbox(conn: Any) -> None:
    """PostgreSQL plans the outbox claim badly on a table it never analysed (a new one, or
    one a migration just changed) until autovacuum comes round: give it statistics now.
    One table, sampled: cheap, and only after a migration ran."""
    if await conn.scalar(text("SELECT to_regclass('notification') IS NOT NULL")):
        await conn.exec_driver_sql("ANALYZE notification")


def _sqlite_file(engine: Any) -> str | None:
    url = make_url(str(engine.url))
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return None if database.startswith("file:") else database


def migrations_digest() -> str:
    """A fingerprint of every migration file: the snapshot is of exactly these."""
    digest = hashlib.sha256()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def snapshot_statements(text: str) -> tuple[str | None, list[str]]:
    """The migrations' fingerprint the snapshot was written from (its ``-- migrations:``
    line) and its SQL statements."""
    found = re.search(r"^-- migrations: (\S+)$", text, re.M)
    statements, pending = [], ""
    for line in text.splitlines(keepends=True):
        if not pending and line.startswith("--"):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return (found.group(1) if found else None), statements


def create_from_snapshot(path: str) -> bool:
    """Build the migrations' schema in the empty SQLite file at ``path`` in one transaction;
    False (nothing done) when the file holds anything already or the snapshot is not of
    the migration files as they are (one was added or changed since): Alembic decides."""
    try:
        written_from, statements = snapshot_statements(SQLITE_SCHEMA.read_text(encoding="utf-8"))
    except OSError:
        return False
    if written_from != migrations_digest():
        return False
    con = sqlite3.connect(path, timeout=5.0, isolation_level=None)
    try:
        # IMMEDIATE takes the write lock first, so of two processes starting on the same new
        # file the second finds the schema made and leaves it to Alembic (at head: no-op).
        con.execute("BEGIN IMMEDIATE")
        if con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            con.execute("ROLLBACK")
            return False
        for statement in statements:
            con.execute(statement)
        con.execute("COMMIT")
        return True
    finally:
        con.close()

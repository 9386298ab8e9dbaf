"""Real databases for tests: a SQLite file per test, a PostgreSQL schema per test."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import db

PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


@asynccontextmanager
async def sqlite_engine(tmp: Path) -> AsyncIterator[AsyncEngine]:
    engine = db.make_engine(f"sqlite+aiosqlite:///{tmp / 'unionbot.db'}")
    try:
        yield engine
    finally:
        await engine.dispose()


@asynccontextmanager
async def postgres_engine() -> AsyncIterator[AsyncEngine]:
    """A fresh schema on the real server, dropped afterwards: tests never see each other."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = db.make_engine(PG_URL)
    try:
        async with admin.begin() as conn:
            await conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except OSError as exc:  # pragma: no cover - the machine promises PostgreSQL
        await admin.dispose()
        pytest.fail(f"PostgreSQL at 127.0.0.1:5432 is required: {exc}")
    engine = db.make_engine(PG_URL, connect_args={"server_settings": {"search_path": schema}})
    try:
        yield engine
    finally:
        await engine.dispose()
        async with admin.begin() as conn:
            await conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.dispose()


@asynccontextmanager
async def engine_for(kind: str, tmp: Path) -> AsyncIterator[AsyncEngine]:
    manager = sqlite_engine(tmp) if kind == "sqlite" else postgres_engine()
    async with manager as engine:
        await db.upgrade(engine)
        yield engine

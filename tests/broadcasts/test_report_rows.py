"""A broadcast's report counts its own outbox rows and no others, read by key range on SQLite."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from bot import broadcasts
from storage import outbox
from tests.support.databases import engine_for

NOW = datetime(2026, 11, 17, 6, 0, tzinfo=UTC)


async def test_the_report_reads_only_its_broadcast(engine: AsyncEngine) -> None:
    # Keys of broadcasts 1, 10, 11 and 2 share leading characters: "bc:1:" must not
    # take in "bc:10:…", nor the range end in "bc:2:…".
    async with engine.begin() as conn:
        for broadcast_id, members in ((1, 3), (10, 5), (11, 2), (2, 4)):
            for user in range(members):
                await outbox.enqueue(conn, dedup_key=f"{broadcasts.key_prefix(broadcast_id)}{user}",
                                     user_id=user, chat_id=user, kind="broadcast", now=NOW,
                                     payload={"text": ["x"]})
        await outbox.enqueue(conn, dedup_key="rem:1:1:d3", user_id=1, chat_id=1,
                             kind="reminder", now=NOW, payload={"text": ["x"]})
    async with engine.connect() as conn:
        counts = {b: (await broadcasts.report(conn, b)).pending for b in (1, 10, 11, 2, 3)}
    assert counts == {1: 3, 10: 5, 11: 2, 2: 4, 3: 0}


async def test_on_sqlite_the_report_reads_the_key_index_not_the_outbox(tmp_path: Path) -> None:
    """(PostgreSQL's collation may skip punctuation, so there the prefix stays a LIKE.)"""
    async with engine_for("sqlite", tmp_path) as engine, engine.connect() as conn:
        stmt = broadcasts.report_statement(7, "sqlite")
        sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        plan = " ".join(row[-1] for row in await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    assert "SEARCH notification USING INDEX" in plan and "dedup_key>" in plan, plan

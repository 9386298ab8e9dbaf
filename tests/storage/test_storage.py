"""Storage on the real SQLite and the real PostgreSQL at 127.0.0.1:5432, each test isolated."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import db, dialog_store, members, outbox, staff
from storage import stations as registry
from storage.tables import audit_t, state_t
from tests.support.databases import postgres_engine

NOW = datetime(2026, 11, 17, 6, 0, tzinfo=UTC)


async def test_migrations_are_idempotent(engine: AsyncEngine) -> None:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(db.MIGRATIONS)).get_current_head()
    await db.upgrade(engine)  # already at head: nothing to do, no error
    async with engine.connect() as conn:
        version = await conn.exec_driver_sql("SELECT version_num FROM alembic_version")
        assert version.scalar() == head


async def test_member_round_trip_keeps_utc(engine: AsyncEngine) -> None:
    beijing = timezone(timedelta(hours=8))
    async with engine.begin() as conn:
        await members.create(
            conn,
            user_id=2**40,
            chat_id=2**40,
            locale="zh-CN",
            now=datetime(2026, 11, 17, 14, 0, tzinfo=beijing),
            source=None,
        )
    async with engine.connect() as conn:
        loaded = await dialog_store.load(conn, 2**40)
    assert loaded.member is not None and loaded.state is None
    assert loaded.member["consent_at"] == NOW and loaded.member["consent_at"].tzinfo is not None


async def test_naive_datetimes_are_refused(engine: AsyncEngine) -> None:
    with pytest.raises(Exception, match="naive"):
        async with engine.begin() as conn:
            await members.create(
                conn, user_id=1, chat_id=1, locale="zh-CN", now=datetime(2026, 1, 1), source=None
            )


async def test_state_write_is_guarded_by_version(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await members.create(conn, user_id=7, chat_id=7, locale="zh-CN", now=NOW, source=None)
        v1 = await dialog_store.save_state(
            conn,
            7,
            None,
            {"flow": "profile", "step": "name", "nonce": "n1", "data": {"a": 1}, "suspended": None},
            NOW,
        )
    assert v1 == 1
    async with engine.begin() as conn:
        assert await dialog_store.save_state(conn, 7, 1, {"step": "phone"}, NOW) == 2
    with pytest.raises(dialog_store.Conflict):
        async with engine.begin() as conn:  # a writer that read version 1 is too late
            await dialog_store.save_state(conn, 7, 1, {"step": "branch"}, NOW)
    with pytest.raises(dialog_store.Conflict):
        async with engine.begin() as conn:  # and so is a second "first" insert
            await dialog_store.save_state(conn, 7, None, {"step": "x"}, NOW)
    async with engine.connect() as conn:
        loaded = await dialog_store.load(conn, 7)
    assert loaded.state is not None
    assert (loaded.state["step"], loaded.state["version"], loaded.state["data"]) == (
        "phone",
        2,
        {"a": 1},
    )


async def test_concurrent_writers_one_wins(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await members.create(conn, user_id=8, chat_id=8, locale="zh-CN", now=NOW, source=None)
        await dialog_store.save_state(conn, 8, None, {"step": "a"}, NOW)

    async def write(step: str) -> bool:
        try:
            async with engine.begin() as conn:
                await dialog_store.save_state(conn, 8, 1, {"step": step}, NOW)
            return True
        except dialog_store.Conflict:
            return False
        except OperationalError as exc:  # SQLite may tell a loser "locked" instead
            if "locked" not in str(exc):
                raise
            return False

    results = await asyncio.gather(*(write(s) for s in "bcdef"))
    assert results.count(True) == 1


async def test_erase_removes_member_and_state(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await members.create(conn, user_id=9, chat_id=9, locale="en", now=NOW, source="x")
        await dialog_store.save_state(conn, 9, None, {"step": "a"}, NOW)
        await members.erase(conn, 9, NOW)
    async with engine.connect() as conn:
        assert (await dialog_store.load(conn, 9)).member is None
        assert (await conn.execute(select(state_t))).first() is None
        audit = (await conn.execute(select(audit_t))).one()
    assert audit.action == "member.erased" and audit.actor is None


async def test_station_upsert_is_idempotent(engine: AsyncEngine) -> None:
    row = {
        "code": "T-1",
        "name": "测试驿站",
        "province": "浙江",
        "city": "舟山",
        "district": "定海",
        "address": "某路1号",
        "lat": 30.0,
        "lon": 122.1,
        "hours": "09:00-21:00",
        "amenities": "charging;water",
        "host": "",
        "star": None,
        "phone": "",
        "verified": None,
        "sample": True,
    }
    async with engine.begin() as conn:
        first = await registry.upsert(conn, [row], NOW)
        v1 = await registry.version(conn)
        again = await registry.upsert(conn, [row], NOW)
        v2 = await registry.version(conn)
        changed = await registry.upsert(conn, [{**row, "hours": "24/7"}], NOW)
        v3 = await registry.version(conn)
    assert (first.added, again.unchanged, changed.updated) == (1, 1, 1)
    assert v1 == v2 == 1 and v3 == 2


async def test_staff_roles_are_audited(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await staff.add(conn, user_id=5, role="reviewer", now=NOW, by=None)
        await staff.add(conn, user_id=5, role="admin", now=NOW, by=1)
        assert await staff.role_of(conn, 5) == "admin"
        details = [r.detail for r in await conn.execute(select(audit_t).order_by(audit_t.c.id))]
    assert details == [
        {"role": "reviewer", "previous": None},
        {"role": "admin", "previous": "reviewer"},
    ]


async def test_the_staff_menu_sync_reads_removals_by_index(engine: AsyncEngine) -> None:
    """former() runs every minute over an audit log that only grows: no scan of it all."""
    others = [{"at": NOW, "actor": None, "action": "staff.role", "subject": str(i),
               "detail": {}} for i in range(20_000)]
    async with engine.begin() as conn:
        await conn.execute(insert(audit_t), others)
        await staff.add(conn, user_id=7, role="bank", now=NOW, by=None)
        await staff.remove(conn, user_id=7, now=NOW, by=None)
        sqlite = conn.dialect.name == "sqlite"
        if not sqlite:  # autovacuum's statistics: the planner knows the log is large
            await conn.exec_driver_sql("ANALYZE audit_log")  # (SQLite: nothing runs ANALYZE)
        query = staff.REMOVED_SUBJECTS.compile(dialect=conn.dialect,
                                               compile_kwargs={"literal_binds": True})
        explain = "EXPLAIN QUERY PLAN" if sqlite else "EXPLAIN"
        plan = [" ".join(map(str, row)) for row in await conn.exec_driver_sql(
            f"{explain} {query}")]
        assert await staff.former(conn) == [7]
    print(f"\n{conn.dialect.name}: " + "\n".join(plan))
    assert any("ix_audit_action" in line for line in plan), plan


async def test_tables_and_migrations_agree(engine: AsyncEngine) -> None:
    """storage/tables.py (the metadata) describes exactly what the migrations build, but
    for the outbox's partial indexes, which only the migrations make (and do make)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import inspect
    from sqlmodel import SQLModel

    from storage.tables import MIGRATION_ONLY_INDEXES

    def declared(_obj: object, name: str | None, kind: str, *_: object) -> bool:
        return not (kind == "index" and name in MIGRATION_ONLY_INDEXES)

    def compare(sync: Any) -> list[Any]:
        context = MigrationContext.configure(sync, opts={"include_object": declared})
        return compare_metadata(context, SQLModel.metadata)

    async with engine.connect() as conn:
        diff = await conn.run_sync(compare)
        made = await conn.run_sync(
            lambda sync: {i["name"] for i in inspect(sync).get_indexes("notification")})
    assert diff == []
    assert MIGRATION_ONLY_INDEXES <= made


async def outbox_statistics(engine: AsyncEngine) -> tuple[float, bool]:
    """PostgreSQL's row estimate for the outbox (-1: never analysed) and whether
    pg_stat_user_tables has an ANALYZE of it."""
    async with engine.connect() as conn:
        row = (await conn.exec_driver_sql(
            "SELECT c.reltuples, s.last_analyze IS NOT NULL FROM pg_class c "
            "JOIN pg_stat_user_tables s ON s.relid = c.oid "
            "WHERE c.oid = to_regclass('notification')")).one()
    return float(row[0]), bool(row[1])


async def test_a_migration_that_ran_leaves_the_outbox_analysed_on_postgresql() -> None:
    """A new (or just changed) outbox gets statistics at once, not when autovacuum comes;
    an upgrade with nothing to do analyses nothing."""
    async with postgres_engine() as engine:
        await db.upgrade(engine, "0005")
        assert await outbox_statistics(engine) == (0.0, True)  # not -1: analysed, empty
        async with engine.begin() as conn:  # autovacuum must not analyse it meanwhile
            await conn.exec_driver_sql("ALTER TABLE notification SET (autovacuum_enabled = off)")
            for i in range(40):
                await outbox.enqueue(conn, dedup_key=f"k{i}", user_id=i, chat_id=i, kind="info",
                                     payload={}, now=NOW)
        await db.upgrade(engine, "0005")  # nothing to do
        assert await outbox_statistics(engine) == (0.0, True)
        await db.upgrade(engine)  # a migration runs
        assert await outbox_statistics(engine) == (40.0, True)


def test_head_read_from_files_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    assert db.script_head() == ScriptDirectory(str(db.MIGRATIONS)).get_current_head()

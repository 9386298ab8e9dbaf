"""The per-update path: the dialog row as stored, and transactions on the writer connection.

Real SQLite (driven on the loop, the row read and written on the driver's connection) and
real PostgreSQL, each test isolated.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import dialog_store, members
from storage.loop_sqlite import LoopEngine

NOW = datetime(2026, 11, 17, 6, 0, tzinfo=UTC)
STATE = {"flow": "profile", "step": "branch", "nonce": "n0nce",
         "data": {"name": "王芳", "titles": ["craftsman_zhejiang"], "_trail": ["name", "phone"]},
         "suspended": {"flow": "stations", "step": "need", "data": {"need": "水"}, "trail": []}}


async def _member_with_state(engine: AsyncEngine, user_id: int) -> None:
    async with engine.begin() as conn:
        await members.create(conn, user_id=user_id, chat_id=user_id, locale="zh-CN", now=NOW,
                             source=None)
        await dialog_store.save_state(conn, user_id, None, STATE, NOW)


async def test_a_loaded_state_is_its_own_stored_form(engine: AsyncEngine) -> None:
    """What load reads back compares equal to the same state about to be written, and a
    changed state does not: an update that changed nothing writes nothing."""
    await _member_with_state(engine, 11)
    async with engine.connect() as conn:
        loaded = await dialog_store.load(conn, 11)
    assert loaded.state is not None
    assert {k: loaded.state[k] for k in STATE} == STATE
    assert loaded.stored == dialog_store.Stored.of(STATE)
    titles = loaded.state["data"]["titles"]
    titles.append("tech_pacesetter")  # flows change lists in place
    assert dialog_store.Stored.of(loaded.state) != loaded.stored


async def test_a_state_written_as_stored_reads_back(engine: AsyncEngine) -> None:
    await _member_with_state(engine, 12)
    changed = {**STATE, "step": "occupation", "suspended": None,
               "data": {**STATE["data"], "branch": "临海市总工会"}}
    async with engine.begin() as conn:
        version = await dialog_store.save_state(conn, 12, 1, changed, NOW,
                                                dialog_store.Stored.of(changed))
    async with engine.connect() as conn:
        loaded = await dialog_store.load(conn, 12)
    assert version == 2 and loaded.state is not None and loaded.state["version"] == 2
    assert {k: loaded.state[k] for k in changed} == changed
    assert loaded.stored == dialog_store.Stored.of(changed)


async def test_a_member_without_a_dialog_row_has_the_empty_state(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await members.create(conn, user_id=13, chat_id=13, locale="en", now=NOW, source=None)
    async with engine.connect() as conn:
        loaded = await dialog_store.load(conn, 13)
    assert loaded.state is None
    assert loaded.stored == dialog_store.Stored.of(
        {"flow": None, "step": None, "nonce": "", "data": {}, "suspended": None})


async def test_a_failed_transaction_leaves_nothing_and_the_next_one_works(
        engine: AsyncEngine) -> None:
    with pytest.raises(RuntimeError):
        async with engine.begin() as conn:
            await members.create(conn, user_id=14, chat_id=14, locale="zh-CN", now=NOW,
                                 source=None)
            raise RuntimeError("the update failed half-way")
    async with engine.connect() as conn:
        assert (await dialog_store.load(conn, 14)).member is None
    await _member_with_state(engine, 14)
    async with engine.connect() as conn:
        assert (await dialog_store.load(conn, 14)).state is not None


async def test_a_conflict_rolls_back_what_the_update_wrote(engine: AsyncEngine) -> None:
    await _member_with_state(engine, 15)
    with pytest.raises(dialog_store.Conflict):
        async with engine.begin() as conn:
            await members.change(conn, 15, {"name": "李强"})
            await dialog_store.save_state(conn, 15, 0, STATE, NOW)  # read a stale version
    async with engine.connect() as conn:
        loaded = await dialog_store.load(conn, 15)
    assert loaded.member is not None and loaded.member["name"] is None


async def test_sqlite_held_by_another_process_says_locked(engine: AsyncEngine) -> None:
    """Another process's write lock surfaces as SQLAlchemy's OperationalError "locked",
    which the conversation retries, also where the row is written on the driver."""
    if not isinstance(engine, LoopEngine):
        pytest.skip("SQLite only")
    await _member_with_state(engine, 16)
    other = sqlite3.connect(engine.url.database or "", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(OperationalError, match="locked"):
            async with engine.begin() as conn:
                await dialog_store.save_state(conn, 16, 1, STATE, NOW,
                                              dialog_store.Stored.of(STATE))
        other.execute("ROLLBACK")
    finally:
        other.close()
    async with engine.begin() as conn:  # the lock gone, the same write goes through
        assert await dialog_store.save_state(conn, 16, 1, STATE, NOW,
                                             dialog_store.Stored.of(STATE)) == 2

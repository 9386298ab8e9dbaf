"""The filling job on SQLite and PostgreSQL: batches by cursor, crash-safe, bounded, cancellable.

A crash is simulated inside a batch's transaction, right before the cursor moves: the
rows written in it must vanish with it, and the next run must start where the last
committed batch ended. Nobody is written twice, nobody is skipped.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot import broadcasts
from bot.branches import load_branches
from bot.broadcasts import Audience, BroadcastFiller, FillPolicy
from bot.delivery import render_payload
from bot.i18n import Translator
from storage import outbox
from storage.tables import broadcast_t, notification_t
from tests.broadcasts.support import (
    AUTHOR,
    NOW,
    add_members,
    broadcast_row,
    create,
    fill_all,
    member,
    outbox_size,
    rows_of,
)
from tests.support.clock import FakeClock

EVERYONE = Audience("all")


class Crash(Exception):
    pass


class _CrashingConn:
    """Lets the first ``survive`` statements of a transaction run, then dies."""

    def __init__(self, conn: AsyncConnection, survive: int) -> None:
        self._conn, self._left = conn, survive

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        if self._left == 0:
            raise Crash
        self._left -= 1
        return await self._conn.execute(*args, **kwargs)


class CrashingEngine:
    """The filler's engine, with its write transactions dying mid-way."""

    def __init__(self, engine: AsyncEngine, survive: int) -> None:
        self.engine, self.survive = engine, survive

    def connect(self) -> Any:
        return self.engine.connect()

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[_CrashingConn]:
        async with self.engine.begin() as conn:
            yield _CrashingConn(conn, self.survive)


async def people(engine: AsyncEngine, count: int) -> list[int]:
    ids = [1000 + 7 * i for i in range(count)]  # gaps, as real user ids have
    await add_members(engine, [member(AUTHOR)] + [member(i) for i in ids])
    return sorted([AUTHOR, *ids])


def filler(engine: Any, clock: Any = lambda: NOW, batch: int = 10,
           window: int = 10_000) -> BroadcastFiller:
    return BroadcastFiller(engine, clock, load_branches(), FillPolicy(batch, window))


async def mark(engine: AsyncEngine, broadcast_id: int, status: str, *, limit: int | None = None,
               error: str = "") -> None:
    """Outcomes as the deliverer records them (the delivery itself is tested elsewhere)."""
    rows = [r for r in await rows_of(engine, broadcast_id) if r["status"] == outbox.PENDING]
    async with engine.begin() as conn:
        for row in rows[:limit]:
            await conn.execute(update(notification_t).where(notification_t.c.id == row["id"])
                               .values(status=status, last_error=error))


async def test_a_crash_inside_a_batch_writes_nothing_and_the_next_run_resumes(
        engine: AsyncEngine) -> None:
    everyone = await people(engine, 24)  # 25 with the author: three batches of ten
    broadcast_id = await create(engine, EVERYONE)
    assert await filler(engine).fill_batch(broadcast_id) == 10

    # Second batch: claim, select and insert run; the cursor update never does.
    crashing = filler(CrashingEngine(engine, survive=3))
    try:
        await crashing.fill_batch(broadcast_id)
        raise AssertionError("the transaction should have died")
    except Crash:
        pass
    assert len(await rows_of(engine, broadcast_id)) == 10  # rolled back with the cursor
    assert (await broadcast_row(engine, broadcast_id))["cursor"] == everyone[9]

    # A new process picks up where the last committed batch ended.
    restarted = filler(engine)
    assert await restarted.run_once() == 15
    rows = await rows_of(engine, broadcast_id)
    assert [r["user_id"] for r in rows] == everyone  # each once, in order, none missing
    stored = await broadcast_row(engine, broadcast_id)
    assert (stored["cursor"], stored["enqueued"], stored["planned"]) == (everyone[-1], 25, 25)


async def test_a_replayed_batch_is_absorbed_by_the_outbox_key(engine: AsyncEngine) -> None:
    everyone = await people(engine, 14)
    broadcast_id = await create(engine, EVERYONE)
    await fill_all(filler(engine), broadcast_id)
    async with engine.begin() as conn:  # as if a cursor update had been lost
        await conn.execute(update(broadcast_t).where(broadcast_t.c.id == broadcast_id)
                           .values(cursor=0))
    await fill_all(filler(engine), broadcast_id)
    assert [r["user_id"] for r in await rows_of(engine, broadcast_id)] == everyone


async def test_two_processes_fill_without_overlap(engine: AsyncEngine) -> None:
    everyone = await people(engine, 39)
    broadcast_id = await create(engine, EVERYONE)
    first, second = filler(engine, batch=5), filler(engine, batch=5)
    await asyncio.gather(first.run_once(), second.run_once())
    assert [r["user_id"] for r in await rows_of(engine, broadcast_id)] == everyone
    # Each batch was written by one of them only: the counter would show a repeat.
    assert (await broadcast_row(engine, broadcast_id))["enqueued"] == 40


async def test_the_window_bounds_what_waits_in_the_outbox(engine: AsyncEngine) -> None:
    await people(engine, 59)
    broadcast_id = await create(engine, EVERYONE)
    job = filler(engine, batch=10, window=20)
    assert await job.run_once() == 20
    assert await job.run_once() == 0  # nothing sent yet: nothing more written
    await mark(engine, broadcast_id, outbox.SENT, limit=15)
    assert await job.run_once() == 10  # 5 waiting + 10 fits; another 10 would not
    assert await outbox_size(engine) == 30


async def test_scheduled_waits_for_its_time(engine: AsyncEngine) -> None:
    await people(engine, 3)
    clock = FakeClock(NOW)
    broadcast_id = await create(engine, EVERYONE, send_at=NOW + timedelta(hours=19))
    job = filler(engine, clock)
    assert await job.run_once() == 0
    assert (await broadcast_row(engine, broadcast_id))["status"] == broadcasts.SCHEDULED
    clock.advance(hours=19)
    assert await job.run_once() == 4
    assert (await broadcast_row(engine, broadcast_id))["status"] == broadcasts.RUNNING


async def test_done_when_all_settled_then_one_report_to_the_author(engine: AsyncEngine) -> None:
    await people(engine, 9)
    await add_members(engine, [member(5, notices_off=True), member(6, unreachable=True)])
    broadcast_id = await create(engine, EVERYONE, text="周六驿站义诊")
    job = filler(engine)
    await job.run_once()
    await mark(engine, broadcast_id, outbox.SENT, limit=6)
    await mark(engine, broadcast_id, outbox.BLOCKED, limit=1, error="403 Forbidden")
    await mark(engine, broadcast_id, outbox.FAILED, limit=2, error="Timed out")
    assert await job.run_once() == 0
    assert (await broadcast_row(engine, broadcast_id))["status"] == broadcasts.RUNNING
    await mark(engine, broadcast_id, outbox.FAILED, error="Bad Gateway")  # the last one

    await job.run_once()
    await job.run_once()  # a second run (or process) reports nothing twice
    stored = await broadcast_row(engine, broadcast_id)
    assert stored["status"] == broadcasts.DONE and stored["finished_at"] == NOW
    async with engine.connect() as conn:
        result = await broadcasts.report(conn, broadcast_id)
        assert await outbox.counts(conn, prefix="bcr:") == {"pending": 1}
    assert result == broadcasts.Report(delivered=6, unreachable=2, failed=3, opted_out=1,
                                       reasons=(("Timed out", 2), ("Bad Gateway", 1)))
    report = [r for r in await rows_of_key(engine, f"bcr:{broadcast_id}")]
    assert [(r["user_id"], r["kind"]) for r in report] == [(AUTHOR, "info")]
    text = render_payload(Translator(), "zh-CN", report[0]["payload"]).text
    assert text.startswith(f"📢 群发 #{broadcast_id} 已发送完毕（全体会员）。")
    for line in ("已送达：6 人", "无法联系（已屏蔽机器人）：2 人", "发送失败：3 人",
                 "已关闭工会通知（未发送）：1 人", "· 失败原因「Timed out」：2 人"):
        assert line in text, text


async def rows_of_key(engine: AsyncEngine, key: str) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        found = await conn.execute(notification_t.select()
                                   .where(notification_t.c.dedup_key == key))
    return [dict(r._mapping) for r in found]


async def test_cancel_withdraws_what_waits_and_stops_filling(engine: AsyncEngine) -> None:
    await people(engine, 24)
    broadcast_id = await create(engine, EVERYONE)
    job = filler(engine)
    assert await job.fill_batch(broadcast_id) == 10
    await mark(engine, broadcast_id, outbox.SENT, limit=3)
    async with engine.begin() as conn:
        assert await broadcasts.cancel(conn, broadcast_id, actor=AUTHOR, now=NOW) == 7
        assert await broadcasts.cancel(conn, broadcast_id, actor=AUTHOR, now=NOW) is None
    assert await job.run_once() == 0 and await job.fill_batch(broadcast_id) is None
    async with engine.connect() as conn:
        assert await broadcasts.report(conn, broadcast_id) == broadcasts.Report(
            delivered=3, cancelled=7)
    stored = await broadcast_row(engine, broadcast_id)
    assert stored["status"] == broadcasts.CANCELLED and stored["cursor"] > 0
    assert await outbox_size(engine) == 10  # no report for a cancelled broadcast

"""The outbox on real SQLite and PostgreSQL: once per key, leased claims, token-guarded settle."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import outbox
from storage.tables import notification_t

NOW = datetime(2026, 11, 17, 6, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)


async def add(engine: AsyncEngine, key: str, *, priority: int = 5,
              due: datetime = NOW) -> bool:
    async with engine.begin() as conn:
        return await outbox.enqueue(conn, dedup_key=key, user_id=1, chat_id=1, kind="info",
                                    payload={"text": []}, now=NOW, due_at=due,
                                    priority=priority)


async def claim(engine: AsyncEngine, token: str, *, now: datetime = NOW,
                limit: int = 10) -> list[str]:
    async with engine.begin() as conn:
        rows = await outbox.claim(conn, now=now, lease=LEASE, limit=limit, token=token)
    return [r["dedup_key"] for r in rows]


async def test_same_key_is_queued_once(engine: AsyncEngine) -> None:
    assert await add(engine, "a") is True
    assert await add(engine, "a") is False
    assert await claim(engine, "w1") == ["a"]


async def test_claim_order_and_due_time(engine: AsyncEngine) -> None:
    await add(engine, "broadcast", priority=9)
    await add(engine, "decision", priority=1)
    await add(engine, "later", due=NOW + timedelta(seconds=30))
    assert await claim(engine, "w1") == ["decision", "broadcast"]
    assert await claim(engine, "w2") == []  # leased, not due: nothing for a second worker
    # Still leased to w1 forty seconds on; only the newly due notice is free.
    assert await claim(engine, "w2", now=NOW + timedelta(seconds=40)) == ["later"]


async def test_expired_lease_is_claimed_again_and_old_token_loses(engine: AsyncEngine) -> None:
    await add(engine, "a")
    assert await claim(engine, "dead-worker") == ["a"]
    assert await claim(engine, "w2", now=NOW + LEASE + timedelta(seconds=1)) == ["a"]
    async with engine.begin() as conn:
        rows = await outbox.claim(conn, now=NOW + 3 * LEASE, lease=LEASE, limit=1, token="w3")
        row_id = rows[0]["id"]
        assert rows[0]["attempts"] == 3
        # The worker that lost its lease cannot overwrite the outcome.
        assert not await outbox.settle(conn, row_id, "w2", status=outbox.SENT, now=NOW)
        assert await outbox.settle(conn, row_id, "w3", status=outbox.SENT, now=NOW)
        assert await outbox.counts(conn) == {"sent": 1}


async def test_concurrent_workers_share_without_overlap(engine: AsyncEngine) -> None:
    for i in range(60):
        await add(engine, f"n{i}")
    results = await asyncio.gather(*(claim(engine, f"w{i}", limit=7) for i in range(6)))
    claimed = [key for batch in results for key in batch]
    assert len(claimed) == len(set(claimed)) == 42


async def test_a_handed_back_notice_is_free_at_once_and_keeps_its_place(
        engine: AsyncEngine) -> None:
    """A worker stopping gracefully hands back what it claimed but never sent."""
    await add(engine, "first")
    await add(engine, "second", due=NOW + timedelta(seconds=1))
    async with engine.begin() as conn:
        rows = await outbox.claim(conn, now=NOW + timedelta(seconds=1), lease=LEASE, limit=10,
                                  token="stopping")
        await outbox.release(conn, "stopping", [r["id"] for r in rows])
        await outbox.release(conn, "stopping", [r["id"] for r in rows])  # twice: no harm
    async with engine.begin() as conn:
        again = await outbox.claim(conn, now=NOW + timedelta(seconds=1), lease=LEASE,
                                   limit=10, token="next")
        # Only a worker still holding the lease can hand a notice back.
        await outbox.release(conn, "stopping", [r["id"] for r in again])
    assert [(r["dedup_key"], r["attempts"]) for r in again] == [("first", 1), ("second", 1)]
    assert await claim(engine, "third", now=NOW + timedelta(seconds=2)) == []


async def test_outcomes_recorded_together_only_for_the_lease_holder(
        engine: AsyncEngine) -> None:
    for key in ("ok", "gone", "stolen"):
        await add(engine, key)
    async with engine.begin() as conn:
        rows = {r["dedup_key"]: r["id"] for r in await outbox.claim(
            conn, now=NOW, lease=LEASE, limit=10, token="w1")}
    later = NOW + LEASE + timedelta(seconds=1)
    async with engine.begin() as conn:
        # Meanwhile another worker took this one over (w1's lease had run out).
        await conn.execute(update(notification_t).where(notification_t.c.id == rows["stolen"])
                           .values(claim_token="w2"))
        await outbox.settle_many(conn, "w1", [(rows["ok"], outbox.SENT, ""),
                                              (rows["gone"], outbox.SKIPPED, "member erased"),
                                              (rows["stolen"], outbox.SENT, "")], now=later)
        assert await outbox.counts(conn) == {"sent": 1, "skipped": 1, "sending": 1}

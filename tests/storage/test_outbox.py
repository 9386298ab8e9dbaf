"""The outbox on real SQLite and PostgreSQL: once per key, leased claims, token-guarded settle."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from storage import outbox

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

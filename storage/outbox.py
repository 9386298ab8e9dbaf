"""The notification outbox: enqueue once per key, claim with a lease, settle by token.

PostgreSQL claims with ``FOR UPDATE SKIP LOCKED`` so several processes share the work;
SQLite has a single writer, so a plain ``UPDATE … RETURNING`` is already atomic.
A row whose lease ran out (its process died mid-send) is claimed again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import notification_t as n

PENDING, SENDING, SENT, FAILED, BLOCKED, SKIPPED = (
    "pending", "sending", "sent", "failed", "blocked", "skipped")


async def enqueue(conn: AsyncConnection, *, dedup_key: str, user_id: int, chat_id: int,
                  kind: str, payload: dict[str, Any], now: datetime,
                  due_at: datetime | None = None, priority: int = 5,
                  urgent: bool = False) -> bool:
    """Add a notice unless one with this key exists; True when it was added."""
    values = {"dedup_key": dedup_key, "user_id": user_id, "chat_id": chat_id, "kind": kind,
              "payload": payload, "due_at": due_at or now, "priority": priority,
              "urgent": urgent, "status": PENDING, "attempts": 0, "created_at": now,
              "last_error": ""}
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = dialect_insert(n).values(**values).on_conflict_do_nothing(index_elements=["dedup_key"])
    result = await conn.execute(stmt)
    return bool(result.rowcount)


def _due(now: datetime) -> Any:
    return or_(and_(n.c.status == PENDING, n.c.due_at <= now),
               and_(n.c.status == SENDING, n.c.claimed_until < now))


async def claim(conn: AsyncConnection, *, now: datetime, lease: timedelta, limit: int,
                token: str, urgent_only: bool = False) -> list[dict[str, Any]]:
    """Take up to ``limit`` due notices for this worker, most urgent first."""
    pick = select(n.c.id).where(_due(now)).order_by(n.c.priority, n.c.due_at, n.c.id).limit(limit)
    if urgent_only:
        pick = pick.where(n.c.urgent.is_(True))
    if conn.dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    stmt = (update(n).where(n.c.id.in_(pick.scalar_subquery()))
            .values(status=SENDING, claim_token=token, claimed_until=now + lease,
                    attempts=n.c.attempts + 1)
            .returning(*n.c))
    rows = [dict(r._mapping) for r in await conn.execute(stmt)]
    rows.sort(key=lambda r: (r["priority"], r["due_at"], r["id"]))
    return rows


async def settle(conn: AsyncConnection, row_id: int, token: str, *, status: str, now: datetime,
                 error: str = "") -> bool:
    """Record the outcome; False if the lease was lost to another worker meanwhile."""
    values: dict[str, Any] = {"status": status, "last_error": error[:200], "claimed_until": None}
    if status == SENT:
        values["sent_at"] = now
    result = await conn.execute(update(n).where(n.c.id == row_id, n.c.claim_token == token)
                                .values(**values))
    return result.rowcount == 1


async def retry_at(conn: AsyncConnection, row_id: int, token: str, *, due_at: datetime,
                   error: str, attempted: bool = True) -> None:
    """Give a claimed notice back, to be tried again at ``due_at``.

    ``attempted=False`` when it was never sent (paused, chat busy): the try is not counted.
    """
    values: dict[str, Any] = {"status": PENDING, "due_at": due_at, "claimed_until": None,
                              "last_error": error[:200]}
    if not attempted:
        values["attempts"] = n.c.attempts - 1
    await conn.execute(update(n).where(n.c.id == row_id, n.c.claim_token == token)
                       .values(**values))


async def counts(conn: AsyncConnection, *, prefix: str | None = None) -> dict[str, int]:
    stmt = select(n.c.status, func.count()).group_by(n.c.status)
    if prefix:
        stmt = stmt.where(n.c.dedup_key.startswith(prefix))
    return {status: int(c) for status, c in await conn.execute(stmt)}

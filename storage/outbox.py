"""The notification outbox: enqueue once per key, claim with a lease, settle by token.

PostgreSQL claims with ``FOR UPDATE SKIP LOCKED`` so several processes share the work;
SQLite has a single writer, so a plain ``UPDATE … RETURNING`` is already atomic.
A row whose lease ran out (its process died mid-send) is claimed again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import LEASED_ROWS, PENDING_ROWS
from storage.tables import member_t as m
from storage.tables import notification_t as n
from storage.upsert import dialect_insert

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
    stmt = (dialect_insert(conn.dialect.name, n).values(**values)
            .on_conflict_do_nothing(index_elements=["dedup_key"]))
    result = await conn.execute(stmt)
    return bool(result.rowcount)


# What a worker needs of a claimed row (not its bookkeeping: each column read costs, per row).
_CLAIMED = (n.c.id, n.c.dedup_key, n.c.user_id, n.c.chat_id, n.c.kind, n.c.priority, n.c.urgent,
            n.c.payload, n.c.due_at, n.c.attempts)


def _rows_of(index_condition: str, dialect: str) -> Any:
    """The condition of a partial index, word for word, so that the claim reads that index.

    SQLite keeps no statistics here (nothing runs ANALYZE) and then guesses that the
    (status, due_at) index narrows the rows to a handful, sorting every due row on each
    claim; likely() tells it the status test keeps most rows, so it walks the partial
    index in claim order instead (the index's condition still matches through it).
    """
    condition = text(index_condition)
    return func.likely(condition) if dialect == "sqlite" else condition


async def claim(conn: AsyncConnection, *, now: datetime, lease: timedelta, limit: int,
                token: str, urgent_only: bool = False) -> list[dict[str, Any]]:
    """Take up to ``limit`` due notices for this worker, most urgent first.

    Notices whose worker died first (their lease ran out: they were due before the rest),
    then pending ones, each read from its own partial index: neither the sent rows nor
    the ones other workers hold are in the way.
    """
    dialect = conn.dialect.name
    rows = await _take(conn, (_rows_of(LEASED_ROWS, dialect), n.c.claimed_until < now),
                       now=now, lease=lease, limit=limit, token=token, urgent_only=urgent_only)
    if len(rows) < limit:
        rows += await _take(conn, (_rows_of(PENDING_ROWS, dialect), n.c.due_at <= now),
                            now=now, lease=lease, limit=limit - len(rows), token=token,
                            urgent_only=urgent_only)
    rows.sort(key=lambda r: (r["priority"], r["due_at"], r["id"]))
    return rows


async def _take(conn: AsyncConnection, where: tuple[Any, ...], *, now: datetime,
                lease: timedelta, limit: int, token: str,
                urgent_only: bool) -> list[dict[str, Any]]:
    pick = select(n.c.id).where(*where).order_by(n.c.priority, n.c.due_at, n.c.id).limit(limit)
    if urgent_only:
        pick = pick.where(n.c.urgent.is_(True))
    if conn.dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    stmt = (update(n).where(n.c.id.in_(pick.scalar_subquery()))
            .values(status=SENDING, claim_token=token, claimed_until=now + lease,
                    attempts=n.c.attempts + 1)
            .returning(*_CLAIMED))
    return [dict(r._mapping) for r in await conn.execute(stmt)]


async def recipients(conn: AsyncConnection, user_ids: set[int]) -> dict[int, dict[str, Any]]:
    """Language and reachability of the members a batch is for (the erased are missing):
    all a delivery needs of them, not their whole profile (a batch is up to 1,000)."""
    if not user_ids:
        return {}
    rows = await conn.execute(select(m.c.user_id, m.c.locale, m.c.unreachable)
                              .where(m.c.user_id.in_(user_ids)))
    return {r.user_id: {"locale": r.locale, "unreachable": r.unreachable} for r in rows}


# Settling runs once per notice: the statements are built once, because building one and
# computing its cache key cost SQLAlchemy more than running it on SQLite.
_MINE = (n.c.id == bindparam("row_id"), n.c.claim_token == bindparam("token"))
_SETTLE = update(n).where(*_MINE).values(
    status=bindparam("new_status"), last_error=bindparam("error"), claimed_until=None)
_SETTLE_SENT = _SETTLE.values(sent_at=bindparam("at"))
_RETRY = update(n).where(*_MINE).values(
    status=PENDING, due_at=bindparam("due"), claimed_until=None, last_error=bindparam("error"))
_GIVE_BACK = _RETRY.values(attempts=n.c.attempts - 1)  # never sent: the try does not count
_RELEASE = (update(n).where(*_MINE, n.c.status == SENDING)
            .values(status=PENDING, claimed_until=None, attempts=n.c.attempts - 1))


async def settle(conn: AsyncConnection, row_id: int, token: str, *, status: str, now: datetime,
                 error: str = "") -> bool:
    """Record the outcome; False if the lease was lost to another worker meanwhile."""
    params: dict[str, Any] = {"row_id": row_id, "token": token, "new_status": status,
                              "error": error[:200]}
    if status == SENT:
        params["at"] = now
    result = await conn.execute(_SETTLE_SENT if status == SENT else _SETTLE, params)
    return result.rowcount == 1


async def settle_many(conn: AsyncConnection, token: str, outcomes: list[tuple[int, str, str]],
                      *, now: datetime) -> None:
    """Record several outcomes ``(row_id, status, error)`` in one round trip per kind."""
    sent = [{"row_id": i, "token": token, "new_status": s, "error": e[:200], "at": now}
            for i, s, e in outcomes if s == SENT]
    other = [{"row_id": i, "token": token, "new_status": s, "error": e[:200]}
             for i, s, e in outcomes if s != SENT]
    if sent:
        await conn.execute(_SETTLE_SENT, sent)
    if other:
        await conn.execute(_SETTLE, other)


async def retry_at(conn: AsyncConnection, row_id: int, token: str, *, due_at: datetime,
                   error: str, attempted: bool = True) -> None:
    """Give a claimed notice back, to be tried again at ``due_at``.

    ``attempted=False`` when it was never sent (paused, chat busy): the try is not counted.
    """
    await conn.execute(_RETRY if attempted else _GIVE_BACK,
                       {"row_id": row_id, "token": token, "due": due_at, "error": error[:200]})


async def release(conn: AsyncConnection, token: str, row_ids: list[int]) -> None:
    """Hand back notices this worker claimed but never sent (it is stopping), due as they
    were: another process, or this one restarted, takes them at once, not after the lease."""
    if row_ids:
        await conn.execute(_RELEASE, [{"row_id": i, "token": token} for i in row_ids])


async def counts(conn: AsyncConnection, *, prefix: str | None = None) -> dict[str, int]:
    stmt = select(n.c.status, func.count()).group_by(n.c.status)
    if prefix:
        stmt = stmt.where(n.c.dedup_key.startswith(prefix))
    return {status: int(c) for status, c in await conn.execute(stmt)}

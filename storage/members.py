"""Members: created on consent, changed field by field, erased on request."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from sqlalchemy import Update, bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.loop_sqlite import LoopConnection
from storage.tables import audit_t, member_t, notification_t, state_t


async def create(conn: AsyncConnection, *, user_id: int, chat_id: int, locale: str,
                 now: datetime, source: str | None) -> dict[str, Any]:
    values = {"user_id": user_id, "chat_id": chat_id, "locale": locale, "consent_at": now,
              "created_at": now, "titles": [], "source": source, "notices_off": False,
              "unreachable": False}
    await conn.execute(insert(member_t).values(**values))
    return values


@functools.cache
def _change(fields: tuple[str, ...]) -> Update:
    # One statement per set of fields, built once: a profile answer changes one or two.
    return (update(member_t).where(member_t.c.user_id == bindparam("uid"))
            .values({member_t.c[name]: bindparam(f"v_{name}") for name in fields}))


async def change(conn: AsyncConnection | LoopConnection, user_id: int,
                 fields: dict[str, Any]) -> None:
    if not fields:
        return
    statement = _change(tuple(sorted(fields)))
    params = {"uid": user_id, **{f"v_{name}": value for name, value in fields.items()}}
    if isinstance(conn, LoopConnection):
        conn.rowcount(statement, params)
    else:
        await conn.execute(statement, params)


async def get(conn: AsyncConnection, user_id: int) -> dict[str, Any] | None:
    row = (await conn.execute(select(member_t).where(member_t.c.user_id == user_id))).first()
    return dict(row._mapping) if row else None


async def erase(conn: AsyncConnection, user_id: int, now: datetime) -> None:
    """Delete everything kept about a member; the audit row keeps only that it happened."""
    await conn.execute(delete(state_t).where(state_t.c.user_id == user_id))
    await conn.execute(delete(notification_t).where(notification_t.c.user_id == user_id,
                                                    notification_t.c.status == "pending"))
    await conn.execute(delete(member_t).where(member_t.c.user_id == user_id))
    # The id itself is personal data: the audit keeps only that an erasure happened.
    await conn.execute(insert(audit_t).values(at=now, actor=None, action="member.erased",
                                              subject="member", detail={}))


async def get_many(conn: AsyncConnection, user_ids: set[int]) -> dict[int, dict[str, Any]]:
    if not user_ids:
        return {}
    rows = await conn.execute(select(member_t).where(member_t.c.user_id.in_(user_ids)))
    return {r.user_id: dict(r._mapping) for r in rows}

"""Members: created on consent, changed field by field, erased on request."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import audit_t, member_t, notification_t, state_t


async def create(conn: AsyncConnection, *, user_id: int, chat_id: int, locale: str,
                 now: datetime, source: str | None) -> dict[str, Any]:
    values = {"user_id": user_id, "chat_id": chat_id, "locale": locale, "consent_at": now,
              "created_at": now, "titles": [], "source": source, "notices_off": False,
              "unreachable": False}
    await conn.execute(insert(member_t).values(**values))
    return values


async def change(conn: AsyncConnection, user_id: int, fields: dict[str, Any]) -> None:
    if fields:
        await conn.execute(update(member_t).where(member_t.c.user_id == user_id).values(**fields))


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

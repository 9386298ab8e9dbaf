"""Staff roles; every staff action is checked against this table on the server."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import audit_t, staff_t


async def add(conn: AsyncConnection, *, user_id: int, role: str, now: datetime,
              by: int | None) -> None:
    """Grant (or change) a role; the audit log records who did it."""
    existing = await conn.scalar(select(staff_t.c.role).where(staff_t.c.user_id == user_id))
    if existing is None:
        await conn.execute(insert(staff_t).values(user_id=user_id, role=role, added_at=now,
                                                  added_by=by))
    else:
        await conn.execute(update(staff_t).where(staff_t.c.user_id == user_id)
                           .values(role=role, added_at=now, added_by=by))
    await conn.execute(insert(audit_t).values(at=now, actor=by, action="staff.role",
                                              subject=str(user_id),
                                              detail={"role": role, "previous": existing}))


async def role_of(conn: AsyncConnection, user_id: int) -> str | None:
    return await conn.scalar(select(staff_t.c.role).where(staff_t.c.user_id == user_id))

"""Staff roles; every staff action is checked against this table on the server."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update
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


async def remove(conn: AsyncConnection, *, user_id: int, now: datetime,
                 by: int | None) -> str | None:
    """Take a role away; returns the role taken, None if the person had none."""
    existing = await role_of(conn, user_id)
    if existing is None:
        return None
    await conn.execute(delete(staff_t).where(staff_t.c.user_id == user_id))
    await conn.execute(insert(audit_t).values(at=now, actor=by, action="staff.removed",
                                              subject=str(user_id),
                                              detail={"previous": existing}))
    return existing


async def roster(conn: AsyncConnection) -> list[tuple[int, str]]:
    """Every staff member and their role, by user id."""
    rows = await conn.execute(select(staff_t.c.user_id, staff_t.c.role)
                              .order_by(staff_t.c.user_id))
    return [(int(u), str(r)) for u, r in rows]


# Run by the staff-menu sync every minute over a log that only grows: it reads the log by
# ix_audit_action, never all of it (tests/storage/test_storage.py looks at the plans).
REMOVED_SUBJECTS = (select(audit_t.c.subject).distinct()
                    .where(audit_t.c.action == "staff.removed"))


async def former(conn: AsyncConnection) -> list[int]:
    """People whose role was taken away and who hold none now (their staff menu must go)."""
    current = select(staff_t.c.user_id)
    rows = await conn.execute(REMOVED_SUBJECTS)
    ids = {int(s) for (s,) in rows if s.isdigit()}
    still = {int(u) for (u,) in await conn.execute(current.where(staff_t.c.user_id.in_(ids)))} \
        if ids else set()
    return sorted(ids - still)

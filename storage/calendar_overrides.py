"""Staff corrections to the official working-day calendar.

The `holidays` package has no arrangement for a year until the State Council publishes
it (each November), and a local office may close on a day the nation works. Staff fix
such days here; `Applications.calendar` reads the table, so every SLA and due date
follows at once. Each change is audited like any other staff action.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import audit_t
from storage.tables import override_t as o
from storage.upsert import dialect_insert

NOTE_MAX = 120  # the column's length


@dataclass(frozen=True)
class Override:
    day: date
    working: bool
    note: str
    set_at: datetime


async def set_override(conn: AsyncConnection, *, day: date, working: bool, note: str = "",
                       now: datetime, by: int | None = None) -> Override | None:
    """Make ``day`` a working day or a day off; returns what it replaced, if anything."""
    note = " ".join(note.split())
    if len(note) > NOTE_MAX:
        raise ValueError(f"note longer than {NOTE_MAX} characters")
    previous = await get_override(conn, day)
    values: dict[str, Any] = {"day": day, "working": working, "note": note, "set_at": now}
    stmt = dialect_insert(conn.dialect.name, o).values(**values)
    # An upsert, so two staff setting the same day at once both succeed (last one wins).
    stmt = stmt.on_conflict_do_update(index_elements=["day"],
                                      set_={"working": working, "note": note, "set_at": now})
    await conn.execute(stmt)
    await _audit(conn, "calendar.set", day, now, by,
                 {"working": working, "note": note,
                  "previous": None if previous is None else previous.working})
    return previous


async def remove_override(conn: AsyncConnection, *, day: date, now: datetime,
                          by: int | None = None) -> bool:
    """Let the official calendar decide ``day`` again; True when there was an override."""
    result = await conn.execute(delete(o).where(o.c.day == day))
    removed = bool(result.rowcount)
    if removed:
        await _audit(conn, "calendar.remove", day, now, by, {})
    return removed


async def get_override(conn: AsyncConnection, day: date) -> Override | None:
    row = (await conn.execute(select(o).where(o.c.day == day))).first()
    return None if row is None else Override(row.day, row.working, row.note, row.set_at)


async def list_overrides(conn: AsyncConnection, *, since: date | None = None) -> list[Override]:
    """Every override in date order (from ``since`` on, when given)."""
    stmt = select(o).order_by(o.c.day)
    if since is not None:
        stmt = stmt.where(o.c.day >= since)
    return [Override(r.day, r.working, r.note, r.set_at) for r in await conn.execute(stmt)]


async def _audit(conn: AsyncConnection, action: str, day: date, now: datetime,
                 by: int | None, detail: dict[str, Any]) -> None:
    await conn.execute(insert(audit_t).values(at=now, actor=by, action=action,
                                              subject=day.isoformat(), detail=detail))

"""The per-update path: one read of member + dialog state, one guarded write.

Lean Core statements, not the ORM: this runs for every message (see DESIGN.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import member_t, staff_t, state_t


class Conflict(Exception):
    """Another process or task changed this member's dialog first; redo the update."""


@dataclass
class Loaded:
    member: dict[str, Any] | None
    state: dict[str, Any] | None  # None: no row yet
    role: str | None = None  # staff role, if any


_STATE_COLS = [state_t.c.flow, state_t.c.step, state_t.c.data, state_t.c.nonce,
               state_t.c.suspended, state_t.c.updated_at, state_t.c.version]
# Built once with bound parameters: constructing a statement per update cost more than
# running it (bench/bench_updates.py --breakdown).
_LOAD = (select(member_t, *_STATE_COLS, staff_t.c.role)
         .select_from(member_t.outerjoin(state_t, state_t.c.user_id == member_t.c.user_id)
                      .outerjoin(staff_t, staff_t.c.user_id == member_t.c.user_id))
         .where(member_t.c.user_id == bindparam("uid")))
_WRITABLE = ("flow", "step", "data", "nonce", "suspended", "updated_at")
_UPDATE = (update(state_t)
           .where(state_t.c.user_id == bindparam("uid"), state_t.c.version == bindparam("seen"))
           .values(version=bindparam("next"),
                   **{name: bindparam(f"v_{name}") for name in _WRITABLE}))


async def load(conn: AsyncConnection, user_id: int) -> Loaded:
    row = (await conn.execute(_LOAD, {"uid": user_id})).mappings().first()
    if row is None:
        return Loaded(None, None)
    member = {c.name: row[c.name] for c in member_t.c}
    state = None if row["version"] is None else {c.name: row[c.name] for c in _STATE_COLS}
    return Loaded(member, state, row["role"])


async def save_state(conn: AsyncConnection, user_id: int, previous_version: int | None,
                     values: dict[str, Any], now: datetime) -> int:
    """Write the new state only if nobody else wrote since we read; returns the new version."""
    values = {**values, "updated_at": now}
    if previous_version is None:
        row = {"flow": None, "step": None, "data": {}, "nonce": "", "suspended": None, **values}
        try:
            async with conn.begin_nested():
                await conn.execute(insert(state_t).values(user_id=user_id, version=1, **row))
        except IntegrityError:
            exists = await conn.scalar(select(state_t.c.version)
                                       .where(state_t.c.user_id == user_id))
            if exists is None:
                raise
            raise Conflict(user_id) from None
        return 1
    if set(values) == set(_WRITABLE):
        params = {"uid": user_id, "seen": previous_version, "next": previous_version + 1,
                  **{f"v_{name}": value for name, value in values.items()}}
        result = await conn.execute(_UPDATE, params)
    else:
        result = await conn.execute(
            update(state_t)
            .where(state_t.c.user_id == user_id, state_t.c.version == previous_version)
            .values(version=previous_version + 1, **values))
    if result.rowcount != 1:
        raise Conflict(user_id)
    return previous_version + 1


async def clear_state(conn: AsyncConnection, user_id: int) -> None:
    await conn.execute(delete(state_t).where(state_t.c.user_id == user_id))

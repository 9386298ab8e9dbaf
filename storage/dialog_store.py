"""The per-update path: one read of member + dialog state, one guarded write.

Lean Core statements, not the ORM: this runs for every message (see DESIGN.md). On
SQLite they run on the driver's connection, compiled once (storage/loop_sqlite.py).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Select,
    String,
    Update,
    bindparam,
    delete,
    insert,
    select,
    type_coerce,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.loop_sqlite import LoopConnection
from storage.tables import member_t, staff_t, state_t


class Conflict(Exception):
    """Another process or task changed this member's dialog first; redo the update."""


@dataclass(frozen=True, slots=True)
class Stored:
    """A dialog state as its row keeps it, the JSON columns as their text. Two of them
    compare deeply and cheaply: equal means the update has nothing to write."""

    flow: str | None
    step: str | None
    nonce: str
    data: str  # JSON
    suspended: str | None  # JSON, "null" when nothing is suspended (None: SQL NULL)

    @classmethod
    def of(cls, state: Mapping[str, Any]) -> Stored:
        # SQLAlchemy's JSON type writes json.dumps(value): the same text for the same state.
        return cls(state["flow"], state["step"], state["nonce"], json.dumps(state["data"]),
                   json.dumps(state["suspended"]))


NO_STATE = Stored.of({"flow": None, "step": None, "nonce": "", "data": {}, "suspended": None})


@dataclass
class Loaded:
    member: dict[str, Any] | None  # the columns a conversation reads (not created_at…)
    state: dict[str, Any] | None  # None: no row yet
    role: str | None = None  # staff role, if any
    stored: Stored = NO_STATE  # the state row as stored (NO_STATE: no row yet)


_MEMBER_COLS = [member_t.c[name] for name in (
    "user_id", "chat_id", "consent_at", "locale", "name", "phone", "branch", "occupation",
    "titles", "source", "notices_off")]
_STATE_COLS = [state_t.c.flow, state_t.c.step, state_t.c.data, state_t.c.nonce,
               state_t.c.suspended, state_t.c.updated_at, state_t.c.version]
_MEMBER_KEYS = tuple(c.name for c in _MEMBER_COLS)
_STATE_KEYS = tuple(c.name for c in _STATE_COLS)
# Where each part starts in a _LOAD row: member columns, state columns, then the role.
_STATE_AT = len(_MEMBER_COLS)
_ROLE_AT = _STATE_AT + len(_STATE_COLS)
_VERSION_AT = _STATE_AT + _STATE_KEYS.index("version")
_JSON_KEYS = ("data", "suspended")


def _load(state_cols: Sequence[Any]) -> Select[Any]:
    return (select(*_MEMBER_COLS, *state_cols, staff_t.c.role)
            .select_from(member_t.outerjoin(state_t, state_t.c.user_id == member_t.c.user_id)
                         .outerjoin(staff_t, staff_t.c.user_id == member_t.c.user_id))
            .where(member_t.c.user_id == bindparam("uid")))


def _update(**json_values: Any) -> Update:
    values = {name: bindparam(f"v_{name}") for name in _WRITABLE} | json_values
    return (update(state_t)
            .where(state_t.c.user_id == bindparam("uid"),
                   state_t.c.version == bindparam("seen"))
            .values(version=bindparam("next"), **values))


# Built once with bound parameters: constructing a statement per update cost more than
# running it (bench/bench_updates.py --breakdown).
_LOAD = _load(_STATE_COLS)
_WRITABLE = ("flow", "step", "data", "nonce", "suspended", "updated_at")
_UPDATE = _update()
# SQLite keeps JSON as text: these read and write it as such, so the text read is the
# snapshot an update's new state is compared with, and the text compared is what is written.
_LOAD_TEXT = _load([type_coerce(c, String).label(c.name) if c.name in _JSON_KEYS else c
                    for c in _STATE_COLS])
_UPDATE_TEXT = _update(**{name: type_coerce(bindparam(f"v_{name}"), String)
                          for name in _JSON_KEYS})


async def load(conn: AsyncConnection | LoopConnection, user_id: int) -> Loaded:
    if isinstance(conn, LoopConnection):
        row: Sequence[Any] | None = conn.first(_LOAD_TEXT, {"uid": user_id})
    else:
        row = (await conn.execute(_LOAD, {"uid": user_id})).first()
    if row is None:
        return Loaded(None, None)
    member = dict(zip(_MEMBER_KEYS, row[:_STATE_AT], strict=True))
    if row[_VERSION_AT] is None:
        return Loaded(member, None, row[_ROLE_AT])
    state = dict(zip(_STATE_KEYS, row[_STATE_AT:_ROLE_AT], strict=True))
    if isinstance(conn, LoopConnection):  # the JSON columns came as their text
        stored = Stored(state["flow"], state["step"], state["nonce"], state["data"],
                        state["suspended"])
        state["data"], state["suspended"] = _parsed(stored.data), _parsed(stored.suspended)
    else:
        stored = Stored.of(state)
    return Loaded(member, state, row[_ROLE_AT], stored)


def _parsed(text: str | None) -> Any:
    return None if text is None else json.loads(text)


async def save_state(conn: AsyncConnection | LoopConnection, user_id: int,
                     previous_version: int | None, values: dict[str, Any], now: datetime,
                     stored: Stored | None = None) -> int:
    """Write the new state only if nobody else wrote since we read; returns the new version.

    ``stored``, when given, is ``Stored.of(values)``, already computed to compare it with
    what was loaded: its JSON text is written as it is.
    """
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
        if isinstance(conn, LoopConnection):
            if stored is not None:
                params["v_data"], params["v_suspended"] = stored.data, stored.suspended
            written = conn.rowcount(_UPDATE if stored is None else _UPDATE_TEXT, params)
        else:
            written = (await conn.execute(_UPDATE, params)).rowcount
    else:
        written = (await conn.execute(
            update(state_t)
            .where(state_t.c.user_id == user_id, state_t.c.version == previous_version)
            .values(version=previous_version + 1, **values))).rowcount
    if written != 1:
        raise Conflict(user_id)
    return previous_version + 1


async def clear_state(conn: AsyncConnection, user_id: int) -> None:
    await conn.execute(delete(state_t).where(state_t.c.user_id == user_id))

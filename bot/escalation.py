"""SLA escalation: applications waiting for union review past their deadline go to the admins.

The wait is counted in working days (official calendar with make-up days, plus the staff
override table) from when the application last entered the union's queue: its submission,
or the member's answer to a question (the ball is then back with the union). The count is
``bot.applications.sla_clock``, the same that /review and /status show. Each such
wait is escalated once, however many processes run the job: a marker row, unique per
application and queue entry, is inserted first, and only the process whose insert won
writes the notices. Every admin gets one notice listing all newly overdue applications.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.applications import UNION_QUEUE, Applications, SlaClock, as_utc, names
from storage import outbox
from storage.tables import escalation_t, member_t, staff_t
from storage.upsert import dialect_insert

log = logging.getLogger(__name__)

ADMIN = "admin"
ESCALATION_PRIORITY = 2
MAX_LINES = 20  # one Telegram message (4096 characters) holds this many comfortably
MAX_BUTTONS = 10


@dataclass(frozen=True)
class Overdue:
    app: dict[str, Any]
    queued_at: datetime  # when its SLA clock started: one escalation per queue entry
    clock: SlaClock

    @property
    def waited(self) -> int:
        return self.clock.age

    @property
    def due(self) -> date:
        return self.clock.due


async def find_overdue(conn: AsyncConnection, apps: Applications, now: datetime,
                       tz: tzinfo) -> list[Overdue]:
    """Applications past their SLA, timed exactly as /review shows them (SlaClock)."""
    cal = await apps.calendar(conn)
    found = []
    for app in await apps.queue(conn, UNION_QUEUE, limit=None):
        clock = await apps.sla(conn, app, now, tz, cal)
        if clock.overdue:
            found.append(Overdue(app, app["clock_started"], clock))
    return found


async def admin_chats(conn: AsyncConnection, admin_ids: frozenset[int]) -> list[tuple[int, int]]:
    """(user id, chat id) of every admin who can be written to: staff admins and bootstrap ids.

    An admin who never started the bot has no chat yet and cannot be messaged.
    """
    staff_admins = select(staff_t.c.user_id).where(staff_t.c.role == ADMIN)
    ids = set(admin_ids) | {r.user_id for r in await conn.execute(staff_admins)}
    if not ids:
        return []
    rows = await conn.execute(select(member_t.c.user_id, member_t.c.chat_id)
                              .where(member_t.c.user_id.in_(ids),
                                     member_t.c.unreachable.is_(False))
                              .order_by(member_t.c.user_id))
    return [(r.user_id, r.chat_id) for r in rows]


async def claim_markers(conn: AsyncConnection, overdue: Sequence[Overdue],
                        now: datetime) -> set[tuple[int, datetime]]:
    """Insert one marker per (application, queue entry); returns those this call won."""
    values = [{"application_id": o.app["id"], "queued_at": o.queued_at, "escalated_at": now}
              for o in sorted(overdue, key=lambda o: o.app["id"])]  # one order: no deadlock
    stmt = (dialect_insert(conn.dialect.name, escalation_t).values(values)
            .on_conflict_do_nothing(index_elements=["application_id", "queued_at"])
            .returning(escalation_t.c.application_id, escalation_t.c.queued_at))
    won = await conn.execute(stmt)
    return {(r.application_id, as_utc(r.queued_at, now)) for r in won}


def payload(apps: Applications, overdue: Sequence[Overdue]) -> dict[str, Any]:
    """The admin's notice: the list (oldest first) with a /review button per application."""
    shown = overdue[:MAX_LINES]
    text: list[dict[str, Any]] = [{"key": "escalation-head", "args": {"count": len(overdue)}}]
    text += [{"key": "escalation-line", "args": {
        "ref": o.app["ref"], "programme": names(apps.catalog.programme(o.app["programme"]),
                                                o.app["programme"]),
        "stage": o.app["stage"], "queued": o.clock.started.isoformat(),
        "waited": o.waited, "sla": apps.sla_days(o.app["programme"]),
        "due": o.due.isoformat()}} for o in shown]
    if len(overdue) > len(shown):
        text.append({"key": "escalation-more", "args": {"count": len(overdue) - len(shown)}})
    buttons = [[{"label": o.app["ref"], "data": f"menu:review {o.app['ref']}"}]
               for o in shown[:MAX_BUTTONS]]
    return {"text": text, "buttons": buttons}


def _batch_key(admin: int, overdue: Sequence[Overdue]) -> str:
    ids = ",".join(f"{o.app['id']}@{o.queued_at.isoformat()}" for o in overdue)
    return f"esc:{admin}:{hashlib.sha256(ids.encode()).hexdigest()[:20]}"


async def escalate(engine: AsyncEngine, services: Any) -> int:
    """The scheduler's job; returns how many applications were newly escalated."""
    settings, apps = services.settings, services.applications
    now = services.clock()
    async with engine.begin() as conn:
        overdue = await find_overdue(conn, apps, now, settings.tz)
        if not overdue:
            return 0
        admins = await admin_chats(conn, settings.admin_id_set)
        if not admins:
            # Keep it unmarked: it is escalated as soon as an admin can be reached.
            log.warning("%d applications past their SLA, but no admin to tell", len(overdue))
            return 0
        won = await claim_markers(conn, overdue, now)
        fresh = [o for o in overdue if (o.app["id"], o.queued_at) in won]
        if not fresh:
            return 0
        body = payload(apps, fresh)
        for admin, chat in admins:
            await outbox.enqueue(conn, dedup_key=_batch_key(admin, fresh), user_id=admin,
                                 chat_id=chat, kind="escalation", payload=body, now=now,
                                 priority=ESCALATION_PRIORITY)
    log.info("escalated %d applications past their SLA to %d admins", len(fresh), len(admins))
    return len(fresh)

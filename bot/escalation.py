"""SLA escalation: applications waiting for union review past their deadline go to the admins.

The wait is counted in working days (official calendar with make-up days, plus the staff
override table) from when the application last entered the union's queue: its submission,
or the member's answer to a question (the ball is then back with the union). Each such
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

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.applications import SUBMITTED, UNION_QUEUE, Applications, names
from bot.calendar.workdays import WorkCalendar
from storage import outbox
from storage.tables import app_event_t, application_t, escalation_t, member_t, staff_t

log = logging.getLogger(__name__)

ADMIN = "admin"
ESCALATION_PRIORITY = 2
MAX_LINES = 20  # one Telegram message (4096 characters) holds this many comfortably
MAX_BUTTONS = 10


@dataclass(frozen=True)
class Overdue:
    app: dict[str, Any]
    queued_at: datetime
    waited: int  # working days since it entered the queue
    sla: int
    due: date


def waited_too_long(cal: WorkCalendar, sla: int, queued_at: datetime, now: datetime,
                    tz: tzinfo) -> tuple[int, date, bool]:
    """(working days waited, deadline, overdue?) on local dates.

    Overdue means more working days waited than the SLA allows, so it is noticed on the
    first working day after the deadline, when someone is at work to act on it.
    """
    start = queued_at.astimezone(tz).date()
    today = now.astimezone(tz).date()
    waited = cal.working_days_between(start, today)
    return waited, cal.add_working_days(start, sla), waited > sla


async def union_queue(conn: AsyncConnection) -> list[tuple[dict[str, Any], datetime]]:
    """Applications the union owes a decision on, with when each last entered the queue."""
    entered = (select(app_event_t.c.application_id, func.max(app_event_t.c.at).label("at"))
               .where(app_event_t.c.stage == SUBMITTED)
               .group_by(app_event_t.c.application_id).subquery())
    stmt = (select(application_t, entered.c.at.label("queued_at"))
            .outerjoin(entered, entered.c.application_id == application_t.c.id)
            .where(application_t.c.stage.in_(UNION_QUEUE))
            .order_by(application_t.c.submitted_at, application_t.c.id))
    out = []
    for row in await conn.execute(stmt):
        app = dict(row._mapping)
        queued = app.pop("queued_at") or app["submitted_at"]
        # SQLite hands back the aggregate as a naive string-parsed value: read it as UTC.
        out.append((app, _utc(queued, app["submitted_at"])))
    return out


def _utc(value: Any, fallback: datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=fallback.tzinfo)
    if isinstance(value, str):
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=fallback.tzinfo)
    return fallback


async def find_overdue(conn: AsyncConnection, apps: Applications, now: datetime,
                       tz: tzinfo) -> list[Overdue]:
    cal = await apps.calendar(conn)
    found = []
    for app, queued_at in await union_queue(conn):
        sla = apps.sla_days(app["programme"])
        waited, due, late = waited_too_long(cal, sla, queued_at, now, tz)
        if late:
            found.append(Overdue(app, queued_at, waited, sla, due))
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
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = (dialect_insert(escalation_t).values(values)
            .on_conflict_do_nothing(index_elements=["application_id", "queued_at"])
            .returning(escalation_t.c.application_id, escalation_t.c.queued_at))
    won = await conn.execute(stmt)
    return {(r.application_id, _utc(r.queued_at, now)) for r in won}


def payload(apps: Applications, overdue: Sequence[Overdue]) -> dict[str, Any]:
    """The admin's notice: the list (oldest first) with a /review button per application."""
    shown = overdue[:MAX_LINES]
    text: list[dict[str, Any]] = [{"key": "escalation-head", "args": {"count": len(overdue)}}]
    text += [{"key": "escalation-line", "args": {
        "ref": o.app["ref"], "programme": names(apps.catalog.programme(o.app["programme"]),
                                                o.app["programme"]),
        "stage": o.app["stage"], "queued": o.queued_at.isoformat()[:10],
        "waited": o.waited, "sla": o.sla, "due": o.due.isoformat()}} for o in shown]
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

"""Aggregate counts for the staff overview (/stats): COUNT and SUM in SQL, never rows in Python.

Each function is one statement (two for members) that returns a handful of numbers,
however big the tables are. The index each one leans on is named beside it; none needs
one the migrations do not already make.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Numeric, and_, case, func, or_, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from storage.tables import app_event_t as e
from storage.tables import application_t as a
from storage.tables import broadcast_t as b
from storage.tables import instalment_t as i
from storage.tables import loan_t as ln
from storage.tables import member_t as m
from storage.tables import notification_t as n

CENTS = Decimal("0.01")
# Notices sent within a window were due at most this long before it starts (quiet hours,
# retries with backoff, a 429 pause): bounding due_at too keeps the count on the
# (status, due_at) index instead of every sent notice ever kept.
SENT_LOOKBACK_DAYS = 7


def _count_if(condition: ColumnElement[bool]) -> Any:
    """SUM(CASE WHEN … THEN 1 ELSE 0 END): FILTER (WHERE …) is not portable to SQLite."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _money(value: Any) -> Decimal:
    """A SUM of Numeric(14, 2): Decimal on PostgreSQL, float on SQLite; to the fen either way."""
    return Decimal(str(value or 0)).quantize(CENTS)


@dataclass(frozen=True)
class MemberCounts:
    total: int
    new: int
    notices_off: int
    unreachable: int


async def member_counts(conn: AsyncConnection, *, since: datetime) -> MemberCounts:
    """Members (each row exists only after consent); a full pass over a narrow table."""
    row = (await conn.execute(select(
        func.count(), _count_if(m.c.consent_at >= since),
        _count_if(m.c.notices_off.is_(True)), _count_if(m.c.unreachable.is_(True))))).one()
    return MemberCounts(*(int(v) for v in row))


async def members_by(conn: AsyncConnection, column: str, *,
                     limit: int) -> list[tuple[str | None, int]]:
    """The commonest values of a member column (branch, occupation), most members first;
    None stands for members who did not say."""
    col = m.c[column]
    count = func.count().label("n")
    # Ties in one order on both databases: NULL (not said) after the named values.
    unset = case((col.is_(None), 1), else_=0)
    rows = await conn.execute(select(col, count).group_by(col)
                              .order_by(count.desc(), unset, col).limit(limit))
    return [(value, int(c)) for value, c in rows]


@dataclass(frozen=True)
class StageCounts:
    stage: str
    total: int
    last_7: int
    last_30: int


async def application_stages(conn: AsyncConnection, *, since_7: datetime,
                             since_30: datetime) -> list[StageCounts]:
    """Per stage: all, and submitted in the last 7 and 30 days. Index-only on
    ix_application_stage (stage, submitted_at)."""
    rows = await conn.execute(
        select(a.c.stage, func.count(), _count_if(a.c.submitted_at >= since_7),
               _count_if(a.c.submitted_at >= since_30))
        .group_by(a.c.stage).order_by(a.c.stage))
    return [StageCounts(stage, int(t), int(w), int(mo)) for stage, t, w, mo in rows]


async def past_sla(conn: AsyncConnection, *, stages: Sequence[str], started_stage: str,
                   cutoffs: Mapping[int, datetime], programmes: Mapping[str, int],
                   default_days: int) -> int:
    """Applications in ``stages`` whose SLA clock started before the cutoff of their SLA.

    The clock starts at the latest ``started_stage`` event (else at submission), as
    bot.applications.SlaClock has it; ``cutoffs`` (SLA days → the first instant that is
    not yet overdue) come from that same rule, so this only counts. Reads the queued
    applications by ix_application_stage and their events by ix_app_event_app.
    """
    started = func.coalesce(func.max(e.c.at), a.c.submitted_at).label("started")
    queued = (select(a.c.programme, started)
              .select_from(a.outerjoin(e, and_(e.c.application_id == a.c.id,
                                               e.c.stage == started_stage)))
              .where(a.c.stage.in_(stages))
              .group_by(a.c.id, a.c.programme, a.c.submitted_at).subquery())
    by_days: dict[int, list[str]] = {}
    for programme, days in programmes.items():
        by_days.setdefault(days, []).append(programme)
    late: list[ColumnElement[bool]] = []
    for days, ids in sorted(by_days.items()):
        late.append(and_(queued.c.programme.in_(sorted(ids)),
                         queued.c.started < cutoffs[days]))
    # Programmes no longer in the catalogue get the default SLA, as Applications.sla_days.
    others = queued.c.programme.not_in(sorted(programmes)) if programmes else None
    default = queued.c.started < cutoffs[default_days]
    late.append(and_(others, default) if others is not None else default)
    total = await conn.scalar(select(func.count()).select_from(queued).where(or_(*late)))
    return int(total or 0)


@dataclass(frozen=True)
class LoanCounts:
    loans: int
    active: int
    disbursed: Decimal
    overdue: int  # instalments due before today with no payment recorded, on active loans
    overdue_amount: Decimal
    overdue_loans: int


async def loan_counts(conn: AsyncConnection, *, today: date, active: str) -> LoanCounts:
    """Disbursed loans (a pass over the loan table) and overdue instalments (a range of
    ix_instalment_due (due_on, paid_on) up to today, joined to their loan by its key)."""
    total = type_coerce(func.sum(ln.c.amount), Numeric(16, 2))
    loans_row = (await conn.execute(
        select(func.count(), _count_if(ln.c.status == active), total))).one()
    late = (await conn.execute(
        select(func.count(), type_coerce(func.sum(i.c.payment), Numeric(16, 2)),
               func.count(func.distinct(i.c.loan_id)))
        .select_from(i.join(ln, ln.c.id == i.c.loan_id))
        .where(i.c.due_on < today, i.c.paid_on.is_(None), ln.c.status == active))).one()
    return LoanCounts(int(loans_row[0]), int(loans_row[1]), _money(loans_row[2]),
                      int(late[0]), _money(late[1]), int(late[2]))


@dataclass(frozen=True)
class OutboxCounts:
    waiting: int  # pending or being sent now
    sent: int  # sent within the window
    failed: int  # given up within the window
    blocked: int  # refused by a member who blocked the bot, within the window


async def outbox_counts(conn: AsyncConnection, *, now: datetime, since: datetime,
                        lookback: datetime, waiting: Sequence[str], sent: str,
                        failed: str, blocked: str) -> OutboxCounts:
    """Waiting notices (however far ahead they are due) and the last window's outcomes.

    One pass over ranges of ix_notification_due (status, due_at): the waiting statuses
    whole, sent ones due since ``lookback`` (then filtered by when they were sent),
    failed and blocked ones due within the window (they keep no settling time: their
    last try was due then). The millions of older settled notices are not read.
    """
    st, due = n.c.status, n.c.due_at
    in_window = and_(due >= since, due <= now)
    row = (await conn.execute(select(
        _count_if(st.in_(waiting)),
        _count_if(and_(st == sent, n.c.sent_at >= since)),
        _count_if(and_(st == failed, in_window)),
        _count_if(and_(st == blocked, in_window)))
        .where(or_(st.in_(waiting), and_(st == sent, due >= lookback),
                   and_(st.in_((failed, blocked)), in_window))))).one()
    return OutboxCounts(*(int(v) for v in row))


async def latest_broadcast_id(conn: AsyncConnection, *, running: str) -> int | None:
    """The running broadcast, else the one most recently started (primary key order)."""
    found = await conn.scalar(select(b.c.id).where(b.c.status == running)
                              .order_by(b.c.id.desc()).limit(1))
    if found is None:
        found = await conn.scalar(select(b.c.id).where(b.c.finished_at.is_not(None))
                                  .order_by(b.c.id.desc()).limit(1))
    return int(found) if found is not None else None


"""The staff overview behind /stats: members, pre-applications, loans and delivery, counted.

Every number is an aggregate query (storage/stats.py); nothing here walks rows. What a
role sees is decided here, not in the dialog: union reviewers and admins see everything;
bank officers see the applications and the loans (the part of the pipeline that is
theirs), not the membership or the union's notices.

"Past SLA" asks the one SLA rule there is (bot.applications.sla_clock) where its
boundary lies today for each SLA length in the catalogue, then lets SQL count the
applications whose clock started before it: the same answer /review, /status and the
escalation job give, without timing each application in Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot import broadcasts
from bot.applications import (
    BANKERS,
    DEFAULT_SLA_DAYS,
    REVIEWERS,
    SUBMITTED,
    UNION_QUEUE,
    Applications,
    sla_clock,
)
from bot.calendar.workdays import WorkCalendar
from storage import outbox
from storage import stats as q
from storage.loans import ACTIVE

MEMBERS, APPLICATIONS, LOANS, DELIVERY = "members", "applications", "loans", "delivery"
ALL_SECTIONS = (MEMBERS, APPLICATIONS, LOANS, DELIVERY)
_SECTIONS: dict[str, tuple[str, ...]] = {"reviewer": ALL_SECTIONS, "admin": ALL_SECTIONS,
                                         "bank": (APPLICATIONS, LOANS)}
STATS_ROLES = REVIEWERS | BANKERS
TOP = 5  # branches and occupations shown
WEEK, MONTH = timedelta(days=7), timedelta(days=30)
DAY = timedelta(hours=24)
_MAX_LOOKBACK_DAYS = 400  # an SLA of a year and then some; the loop ends far sooner


def sections_for(role: str | None) -> tuple[str, ...]:
    """The parts of the overview a staff role sees; none for members."""
    return _SECTIONS.get(role or "", ())


def sla_cutoff(cal: WorkCalendar, sla_days: int, now: datetime, tz: tzinfo) -> datetime:
    """The first instant (UTC) whose SLA clock is not overdue now: a clock started before
    it is. Found by asking sla_clock day by day back from today (overdue only grows as
    the start moves back), so the rule stays in one place."""
    day = now.astimezone(tz).date()
    for _ in range(_MAX_LOOKBACK_DAYS):
        if sla_clock(cal, sla_days, _midnight(day, tz), now, tz).overdue:
            return _midnight(day + timedelta(days=1), tz)
        day -= timedelta(days=1)
    return _midnight(day, tz)


def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class BroadcastProgress:
    broadcast: dict[str, Any]
    report: broadcasts.Report


@dataclass(frozen=True)
class Overview:
    at: datetime
    sections: tuple[str, ...]
    members: q.MemberCounts | None = None
    branches: tuple[tuple[str | None, int], ...] = ()
    occupations: tuple[tuple[str | None, int], ...] = ()
    stages: Mapping[str, q.StageCounts] | None = None
    past_sla: int = 0
    loans: q.LoanCounts | None = None
    outbox: q.OutboxCounts | None = None
    broadcast: BroadcastProgress | None = None

    def stage(self, name: str) -> int:
        found = (self.stages or {}).get(name)
        return found.total if found else 0

    def submitted(self, days: int) -> int:
        """Applications submitted in the last 7 or 30 days, whatever their stage now."""
        pick = (lambda s: s.last_7) if days == 7 else (lambda s: s.last_30)
        return sum(pick(s) for s in (self.stages or {}).values())


async def past_sla(conn: AsyncConnection, apps: Applications, now: datetime,
                   tz: tzinfo) -> int:
    """Applications in the union's queue past their SLA now, as /review counts them."""
    cal = await apps.calendar(conn)
    programmes = {p.id: apps.sla_days(p.id) for p in apps.catalog.programmes}
    lengths = {*programmes.values(), DEFAULT_SLA_DAYS}
    cutoffs = {days: sla_cutoff(cal, days, now, tz) for days in lengths}
    return await q.past_sla(conn, stages=UNION_QUEUE, started_stage=SUBMITTED,
                            cutoffs=cutoffs, programmes=programmes,
                            default_days=DEFAULT_SLA_DAYS)


async def broadcast_progress(conn: AsyncConnection) -> BroadcastProgress | None:
    """The running broadcast, else the last one that ended, with broadcasts.report's counts."""
    found = await q.latest_broadcast_id(conn, running=broadcasts.RUNNING)
    row = await broadcasts.get(conn, found) if found is not None else None
    if row is None:
        return None
    return BroadcastProgress(row, await broadcasts.report(conn, row["id"]))


async def overview(conn: AsyncConnection, services: Any, role: str | None) -> Overview:
    """What ``role`` sees now; an empty overview (no sections) for anyone else."""
    now: datetime = services.clock()
    tz = services.settings.tz
    sections = sections_for(role)
    parts: dict[str, Any] = {}
    if MEMBERS in sections:
        parts["members"] = await q.member_counts(conn, since=now - WEEK)
        parts["branches"] = tuple(await q.members_by(conn, "branch", limit=TOP))
        parts["occupations"] = tuple(await q.members_by(conn, "occupation", limit=TOP))
    if APPLICATIONS in sections:
        stages = await q.application_stages(conn, since_7=now - WEEK, since_30=now - MONTH)
        parts["stages"] = {s.stage: s for s in stages}
        parts["past_sla"] = await past_sla(conn, services.applications, now, tz)
    if LOANS in sections:
        parts["loans"] = await q.loan_counts(conn, today=now.astimezone(tz).date(),
                                             active=ACTIVE)
    if DELIVERY in sections:
        parts["outbox"] = await q.outbox_counts(
            conn, now=now, since=now - DAY, lookback=now - DAY - timedelta(
                days=q.SENT_LOOKBACK_DAYS),
            waiting=(outbox.PENDING, outbox.SENDING), sent=outbox.SENT,
            failed=outbox.FAILED, blocked=outbox.BLOCKED)
        parts["broadcast"] = await broadcast_progress(conn)
    return Overview(at=now, sections=sections, **parts)

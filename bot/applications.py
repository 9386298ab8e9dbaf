"""Loan pre-applications: submission, the review workflow, and the notices it sends.

Every stage change is one guarded UPDATE (it only applies if the application is
still in the stage the actor saw), one history row, an audit row for staff, and
the member's notice in the outbox: all in the caller's transaction, or none of it.
Permissions are checked here, on the server, from the role stored for the actor.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.calendar.workdays import WorkCalendar
from bot.catalog.schema import Catalog, Programme
from storage import outbox
from storage.tables import app_event_t, application_t, audit_t, override_t

SUBMITTED, REVIEWING, INFO, RECOMMENDED = "submitted", "reviewing", "info_requested", "recommended"
DECLINED, APPROVED, REJECTED, WITHDRAWN = "declined", "approved", "rejected", "withdrawn"
OPEN = frozenset({SUBMITTED, REVIEWING, INFO, RECOMMENDED})
UNION_QUEUE = (SUBMITTED, REVIEWING)
BANK_QUEUE = (RECOMMENDED,)
MEMBER = "member"
REVIEWERS = frozenset({"reviewer", "admin"})
BANKERS = frozenset({"bank", "admin"})
DEFAULT_SLA_DAYS = 3  # the union's promise in report 000: a decision within 3 working days


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    roles: frozenset[str]  # "member" means the applicant, acting on their own application
    notify: bool = True


TRANSITIONS: dict[str, Transition] = {
    "start_review": Transition(frozenset({SUBMITTED}), REVIEWING, REVIEWERS),
    "recommend": Transition(frozenset({SUBMITTED, REVIEWING}), RECOMMENDED, REVIEWERS),
    "decline": Transition(frozenset({SUBMITTED, REVIEWING}), DECLINED, REVIEWERS),
    "ask_info": Transition(frozenset({SUBMITTED, REVIEWING}), INFO, REVIEWERS),
    "answer_info": Transition(frozenset({INFO}), SUBMITTED, frozenset({MEMBER}), notify=False),
    "approve": Transition(frozenset({RECOMMENDED}), APPROVED, BANKERS),
    "reject": Transition(frozenset({RECOMMENDED}), REJECTED, BANKERS),
    "withdraw": Transition(OPEN, WITHDRAWN, frozenset({MEMBER}), notify=False),
}


class NotAllowed(Exception):  # noqa: N818
    """A refused action; ``key`` names the polite explanation."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key, self.params = key, params


@dataclass
class Draft:
    """What /apply collected; nothing here is an ID number, account or statement."""

    programme: str
    tier: str
    borrower: str
    amount: Decimal
    term_months: int
    purpose: str
    method: str
    branch: str
    employer: str
    name: str
    phone: str
    answers: dict[str, Any] = field(default_factory=dict)
    consents: dict[str, str] = field(default_factory=dict)  # consent → ISO time given


@dataclass(frozen=True)
class Decision:
    amount: Decimal
    rate: Decimal
    term_months: int


@dataclass(frozen=True)
class SlaClock:
    """An application against the union's promise, counted in local working days.

    One rule for everyone who reads it (/review, /status, the escalation job): the clock
    starts when the ball is in the union's court, at submission and again when the
    member answers a question; while the union waits for the member it owes nothing.
    """

    started: date  # submission, or the member's latest answer
    age: int  # working days waited since
    due: date  # the decision promised by then
    overdue: bool  # more working days waited than the SLA allows


def sla_clock(cal: WorkCalendar, sla_days: int, started_at: datetime, now: datetime,
              tz: tzinfo) -> SlaClock:
    """Counted on local dates: a day's work is a working day in ``tz``, not 24 hours.

    Overdue means more working days waited than the SLA allows, so it shows (and is
    escalated) on the first working day after the deadline, when someone is at work to
    act on it, not over the weekend that follows it.
    """
    start = started_at.astimezone(tz).date()
    waited = cal.working_days_between(start, now.astimezone(tz).date())
    return SlaClock(start, max(0, waited), cal.add_working_days(start, sla_days),
                    waited > sla_days)


def _clock_starts() -> Any:
    """Per application, when it last entered the union's queue (a "submitted" event)."""
    return (select(app_event_t.c.application_id, func.max(app_event_t.c.at).label("at"))
            .where(app_event_t.c.stage == SUBMITTED)
            .group_by(app_event_t.c.application_id).subquery())


def as_utc(value: Any, fallback: datetime) -> datetime:
    """An aggregate's instant: SQLite hands back max() of a stored instant as naive text."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=fallback.tzinfo)
    return fallback


def new_ref(now: datetime) -> str:
    # Random, not sequential: two processes never race for the next number.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return f"UB{now:%y%m%d}-" + "".join(secrets.choice(alphabet) for _ in range(4))


def names(programme: Programme | None, fallback: str) -> dict[str, Any]:
    if programme is None:
        return {"names": {"zh-CN": fallback, "en": fallback}}
    return {"names": {"zh-CN": programme.names.zh_cn, "en": programme.names.en}}


class Applications:
    """The workflow over the application tables; stateless apart from the catalogue."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    async def calendar(self, conn: AsyncConnection) -> WorkCalendar:
        rows = await conn.execute(select(override_t.c.day, override_t.c.working))
        return WorkCalendar({r.day: r.working for r in rows})

    def sla_days(self, programme_id: str) -> int:
        programme = self.catalog.programme(programme_id)
        if programme is None:
            return DEFAULT_SLA_DAYS
        steps = [s.sla_working_days for s in programme.workflow if s.sla_working_days]
        return programme.sla_working_days or (sum(steps) if steps else DEFAULT_SLA_DAYS)

    async def clock_started(self, conn: AsyncConnection, row: Mapping[str, Any]) -> datetime:
        """When the SLA clock of this application last started (see SlaClock)."""
        if "clock_started" in row:
            return row["clock_started"]  # type: ignore[no-any-return]
        starts = _clock_starts()
        at = await conn.scalar(select(starts.c.at).where(starts.c.application_id == row["id"]))
        return as_utc(at, row["submitted_at"])

    async def sla(self, conn: AsyncConnection, row: Mapping[str, Any], now: datetime,
                  tz: tzinfo, cal: WorkCalendar | None = None) -> SlaClock:
        """The application's SLA clock now; pass ``cal`` when timing many at once."""
        cal = cal or await self.calendar(conn)
        return sla_clock(cal, self.sla_days(row["programme"]),
                         await self.clock_started(conn, row), now, tz)

    async def expected_decision(self, conn: AsyncConnection, row: Mapping[str, Any],
                                tz: tzinfo) -> date:
        cal = await self.calendar(conn)
        start = (await self.clock_started(conn, row)).astimezone(tz).date()
        return cal.add_working_days(start, self.sla_days(row["programme"]))

    async def submit(self, conn: AsyncConnection, *, user_id: int, chat_id: int, draft: Draft,
                     now: datetime) -> dict[str, Any]:
        if set(draft.consents) != {"processing", "bank", "cross_border"}:
            raise NotAllowed("apply-consents-missing")
        values = {**draft.__dict__, "ref": new_ref(now), "user_id": user_id, "stage": SUBMITTED,
                  "submitted_at": now, "stage_at": now, "note": "", "version": 0}
        result = await conn.execute(insert(application_t).values(**values)
                                    .returning(application_t.c.id))
        app_id = result.scalar_one()
        await conn.execute(insert(app_event_t).values(application_id=app_id, at=now,
                                                      stage=SUBMITTED, actor=user_id, note=""))
        return {**values, "id": app_id, "chat_id": chat_id}

    async def get(self, conn: AsyncConnection, ref: str) -> dict[str, Any] | None:
        row = (await conn.execute(select(application_t).where(application_t.c.ref == ref))).first()
        return dict(row._mapping) if row else None

    async def transition(self, conn: AsyncConnection, *, ref: str, action: str, actor: int,
                         role: str | None, now: datetime, chat_id: int | None = None,
                         note: str = "", decision: Decision | None = None) -> dict[str, Any]:
        """Apply one workflow step for ``actor`` (role None: a member acting on their own)."""
        step = TRANSITIONS[action]
        row = await self.get(conn, ref)
        if row is None:
            raise NotAllowed("app-not-found", ref=ref)
        self._check_actor(step, row, actor, role)
        if row["stage"] not in step.sources:
            raise NotAllowed("app-wrong-stage", ref=ref, stage=row["stage"])
        values: dict[str, Any] = {"stage": step.target, "stage_at": now, "note": note,
                                  "version": row["version"] + 1}
        if decision is not None:
            self._check_decision(row, decision)
            values |= {"decided_amount": decision.amount, "decided_rate": decision.rate,
                       "decided_term": decision.term_months}
        result = await conn.execute(
            update(application_t)
            .where(application_t.c.id == row["id"], application_t.c.version == row["version"])
            .values(**values))
        if result.rowcount != 1:
            raise NotAllowed("app-changed-meanwhile", ref=ref)
        await conn.execute(insert(app_event_t).values(application_id=row["id"], at=now,
                                                      stage=step.target, actor=actor, note=note))
        updated = {**row, **values}
        if role is not None:
            await conn.execute(insert(audit_t).values(
                at=now, actor=actor, action=f"application.{action}", subject=ref,
                detail={"role": role, "from": row["stage"], "to": step.target, "note": note,
                        **({k: str(v) for k, v in decision.__dict__.items()} if decision else {})}))
        if step.notify:
            await self._notify(conn, updated, now, chat_id)
        return updated

    def check(self, row: Mapping[str, Any], *, action: str, actor: int,
              role: str | None) -> None:
        """Would ``transition`` allow this now? Raises its NotAllowed; writes nothing.

        Lets a dialog refuse a step before asking for its reason or terms; ``transition``
        checks again when it runs, so this is a courtesy, never the guard.
        """
        step = TRANSITIONS.get(action)
        if step is None:
            raise NotAllowed("staff-not-allowed")
        self._check_actor(step, row, actor, role)
        if row["stage"] not in step.sources:
            raise NotAllowed("app-wrong-stage", ref=row["ref"], stage=row["stage"])

    @staticmethod
    def _check_actor(step: Transition, row: Mapping[str, Any], actor: int,
                     role: str | None) -> None:
        if MEMBER in step.roles:
            if row["user_id"] != actor:
                raise NotAllowed("app-not-found", ref=row["ref"])
            return
        if role not in step.roles:
            raise NotAllowed("staff-not-allowed")

    def _check_decision(self, row: Mapping[str, Any], decision: Decision) -> None:
        if not Decimal("0") < decision.amount <= row["amount"]:
            raise NotAllowed("decision-amount-range", max=str(row["amount"]))
        if not Decimal("0") <= decision.rate <= Decimal("36"):
            raise NotAllowed("decision-rate-range")
        if not 1 <= decision.term_months <= 360:
            raise NotAllowed("decision-term-range")

    async def _notify(self, conn: AsyncConnection, row: Mapping[str, Any], now: datetime,
                      chat_id: int | None) -> None:
        from storage.members import get as get_member

        member = await get_member(conn, row["user_id"])
        if member is None:
            return
        programme = self.catalog.programme(row["programme"])
        args: dict[str, Any] = {"ref": row["ref"], "programme": names(programme,
                                                                      row["programme"]),
                                "reason": row["note"] or "—"}
        if row["stage"] == APPROVED:
            args |= {"amount": {"money": str(row["decided_amount"])},
                     "rate": f"{row['decided_rate'].normalize():f}",
                     "term": str(row["decided_term"])}
        payload: dict[str, Any] = {"text": [{"key": f"notice-{row['stage']}", "args": args}]}
        if row["stage"] == INFO:
            payload["buttons"] = [[{"label": {"key": "notice-answer-button"},
                                    "data": "menu:status"}]]
        key = f"app:{row['id']}:{row['stage']}:{row['version']}"
        await outbox.enqueue(conn, dedup_key=key, user_id=row["user_id"],
                             chat_id=member["chat_id"], kind="decision", payload=payload,
                             now=now, priority=1, urgent=True)

    async def for_member(self, conn: AsyncConnection, user_id: int) -> list[dict[str, Any]]:
        rows = await conn.execute(select(application_t).where(application_t.c.user_id == user_id)
                                  .order_by(application_t.c.submitted_at.desc()))
        return [dict(r._mapping) for r in rows]

    async def history(self, conn: AsyncConnection, app_id: int) -> list[dict[str, Any]]:
        rows = await conn.execute(select(app_event_t).where(app_event_t.c.application_id == app_id)
                                  .order_by(app_event_t.c.at, app_event_t.c.id))
        return [dict(r._mapping) for r in rows]

    async def queue(self, conn: AsyncConnection, stages: tuple[str, ...],
                    limit: int | None = 20) -> list[dict[str, Any]]:
        """Oldest first: the one that has waited longest is reviewed first.

        Each row carries "clock_started" (see SlaClock), read in the same query.
        """
        starts = _clock_starts()
        stmt = (select(application_t, starts.c.at.label("clock_started"))
                .outerjoin(starts, starts.c.application_id == application_t.c.id)
                .where(application_t.c.stage.in_(stages))
                .order_by(application_t.c.submitted_at, application_t.c.id).limit(limit))
        out = []
        for row in await conn.execute(stmt):
            app = dict(row._mapping)
            app["clock_started"] = as_utc(app["clock_started"], app["submitted_at"])
            out.append(app)
        return out

    async def erase_member(self, conn: AsyncConnection, user_id: int) -> int:
        """/forget: drop what never left the union; keep bank-shared ones without identity."""
        shared = (RECOMMENDED, APPROVED, REJECTED)
        await conn.execute(delete(application_t).where(application_t.c.user_id == user_id,
                                                       application_t.c.stage.not_in(shared)))
        result = await conn.execute(
            update(application_t).where(application_t.c.user_id == user_id)
            .values(user_id=0, name="", phone="", employer="", answers={}))
        return int(result.rowcount or 0)

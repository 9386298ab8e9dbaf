"""Repayment: disbursements and their stored schedules, payments, reminders, /myloans data.

    bank records a disbursement ─► schedule from the calculator stored in ``instalment``
    planner (every few minutes) ─► outbox: "due in 3 days", "due today", "overdue"
    bank records a payment ─────► instalment paid; its unsent reminders skipped

A draw-as-needed credit line (随借随还 / 随贷随取) has no instalments: the member draws and
repays at will and the bank alone knows the balance. It is stored as the loan and one row
for its end date (disbursement date + term); the member is reminded before the line ends
(the same "days before" and "on the day"), told the line amount and rate and that what is
drawn must be repaid by then, and gets an overdue notice the day after unless the bank
recorded the full repayment (period 1 paid).

Reminders ask for the full contractual instalment: under an interest subsidy the member
still pays the bank everything and the union refunds its share later, in batches, after a
public notice of 5 working days (DOMAIN.md). They are about the member's own loan, so
"general notices off" does not stop them; quiet hours do (they are sent in the morning).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.applications import APPROVED, BANKERS, NotAllowed, names
from bot.calendar.months import add_months, monthly_due_dates
from bot.catalog.schema import Catalog, Programme, Tier
from bot.catalog.schema import FullSubsidy as CatalogFull
from bot.catalog.schema import PointsSubsidy as CatalogPoints
from bot.catalog.schema import ShareSubsidy as CatalogShare
from bot.loans.calculator import (
    CalcError,
    FullSubsidy,
    Method,
    PointsSubsidy,
    RoundingConvention,
    Schedule,
    ShareSubsidy,
    SubsidyKind,
    schedule,
    subsidy,
)
from storage import loans, outbox
from storage.tables import application_t, audit_t

log = logging.getLogger(__name__)

REMINDER_PRIORITY = 3  # after replies and decisions (1), before broadcasts
NOTICE_PRIORITY = 2
LATE_TAG = "late"
# A reminder planned this long after its send time would arrive too late to be true
# ("due today" read the next morning): it is not planned at all.
STALE_AFTER = timedelta(hours=12)
MAX_DAYS_BEFORE = 31
# One statement covers at most a month of due dates; a round (one pass over the loans)
# up to three such months.
MAX_BATCH_DAYS = 31
ROUND_WINDOWS = 3
# A round is written in transactions of about this many reminders, each over a run of
# loans, so even planning a whole book never holds SQLite's single write lock for long
# (≈ 1 s a transaction for a million-instalment book, bench/bench_planning.py).
ROUND_ROWS = 30_000
# Disbursements recorded later than this are typos more often than late paperwork.
MAX_BACKDATE = timedelta(days=366)
SCHEDULED_METHODS = (Method.EQUAL_INSTALMENTS, Method.EQUAL_PRINCIPAL, Method.INTEREST_FIRST)
LINE_METHODS = (Method.DRAW_AS_NEEDED,)  # credit lines: an end date, no schedule
RECORDABLE_METHODS = SCHEDULED_METHODS + LINE_METHODS
# The line's reminders say what its end date means, not what an instalment is.
LINE_TEXT = {"reminder-before": "reminder-line-before", "reminder-today": "reminder-line-today",
             "reminder-overdue": "reminder-line-overdue"}


# -- policy and the pure date arithmetic -------------------------------------------------


def parse_days(text: str) -> tuple[int, ...]:
    """"3,0" → (3, 0): days before the due date; fails fast on anything else."""
    days: set[int] = set()
    for part in text.replace("，", ",").split(","):
        if not part.strip():
            continue
        value = int(part.strip())
        if not 0 <= value <= MAX_DAYS_BEFORE:
            raise ValueError(f"reminder day {value} outside 0..{MAX_DAYS_BEFORE}")
        days.add(value)
    return tuple(sorted(days, reverse=True))


@dataclass(frozen=True)
class ReminderPolicy:
    days_before: tuple[int, ...] = (3, 0)
    send_at: time = time(9, 0)
    horizon_days: int = 7
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    stale_after: timedelta = STALE_AFTER
    rounding: RoundingConvention = RoundingConvention.LAST_ABSORBS_RESIDUE

    @classmethod
    def from_settings(cls, settings: Any) -> ReminderPolicy:
        return cls(parse_days(settings.reminder_days), time.fromisoformat(settings.reminder_time),
                   settings.reminder_horizon_days, settings.tz,
                   rounding=RoundingConvention(settings.rounding))


@dataclass(frozen=True)
class Slot:
    """One reminder kind for the instalments due on ``due_on``, sent on ``day``."""

    tag: str
    due_on: date
    day: date
    due_at: datetime
    days: int  # before the due date; -1 for the overdue notice
    text_key: str


def _slot(policy: ReminderPolicy, due_on: date, days: int) -> Slot:
    day = due_on - timedelta(days=days)
    due_at = datetime.combine(day, policy.send_at, tzinfo=policy.tz).astimezone(UTC)
    if days < 0:
        return Slot(LATE_TAG, due_on, day, due_at, days, "reminder-overdue")
    key = "reminder-today" if days == 0 else "reminder-before"
    return Slot(f"d{days}", due_on, day, due_at, days, key)


def reminder_slots(policy: ReminderPolicy, due_on: date) -> list[Slot]:
    """Every notice an instalment due on ``due_on`` may get, in sending order.

    The due date is the contractual one even on a public holiday: banks debit on that
    date regardless, so it is stated as it is and never moved to a working day.
    """
    return [*(_slot(policy, due_on, d) for d in policy.days_before), _slot(policy, due_on, -1)]


def slots_to_plan(policy: ReminderPolicy, now: datetime) -> list[Slot]:
    """What the planner writes now: reminders whose day is within the horizon.

    The overdue notice is planned only on its own day, when the payment status is known;
    anything whose send time is long past is dropped rather than sent late and wrong.
    """
    today = now.astimezone(policy.tz).date()
    slots = [_slot(policy, today + timedelta(days=ahead + d), d)
             for d in policy.days_before for ahead in range(policy.horizon_days + 1)]
    slots.append(_slot(policy, today - timedelta(days=1), -1))
    return [s for s in slots if now - s.due_at <= policy.stale_after]


@dataclass(frozen=True)
class Batch:
    """Consecutive due dates sharing one reminder kind and one UTC send shift: one statement."""

    tag: str
    days: int
    text_key: str
    first_due: date
    last_due: date
    shift_seconds: int  # from the due date's 00:00 UTC to the send instant
    window: int = 0  # which stretch of ``max_days`` due dates it lies in


def _shift(slot: Slot) -> int:
    midnight = datetime.combine(slot.due_on, time(0), tzinfo=UTC)
    return int((slot.due_at - midnight).total_seconds())


def batches(slots: list[Slot], max_days: int = MAX_BATCH_DAYS) -> list[Batch]:
    """Group slots into ranges; a range breaks at a gap, an offset change (DST), or the
    edge of a window of ``max_days`` due dates.

    Asia/Shanghai has one offset, so a week's planning is one statement per kind; a zone
    with summer time gets a break where its offset changes, and stays exact. The windows
    are the same for every kind, so that one round (``rounds``) holds all kinds' reminders
    of the same instalments.
    """
    if not slots:
        return []
    start = min(s.due_on for s in slots)
    out: list[Batch] = []
    for slot in sorted(slots, key=lambda s: (s.days < 0, -s.days, s.due_on)):
        last = out[-1] if out else None
        window = (slot.due_on - start).days // max_days
        if (last is not None and last.tag == slot.tag and last.shift_seconds == _shift(slot)
                and slot.due_on == last.last_due + timedelta(days=1)
                and last.window == window):
            out[-1] = Batch(last.tag, last.days, last.text_key, last.first_due, slot.due_on,
                            last.shift_seconds, window)
        else:
            out.append(Batch(slot.tag, slot.days, slot.text_key, slot.due_on, slot.due_on,
                             _shift(slot), window))
    return out


def rounds(planned: list[Batch], windows: int = ROUND_WINDOWS) -> list[list[Batch]]:
    """The batches of ``windows`` consecutive windows together, in date order.

    A round is planned loan run by loan run (``storage.loans.id_ranges``), every kind
    and month of it in one transaction: an instalment's reminders have neighbouring keys
    ("rem:7:3:d0", "rem:7:3:d3"), so the pages of the key index a transaction rewrites
    are few and each is rewritten once per round, not once per month and kind. Every
    process takes them in the same order (kind, then loan), so two planners on
    PostgreSQL still meet each other's keys in one sequence.
    """
    by_round: dict[int, list[Batch]] = {}
    for batch in planned:
        by_round.setdefault(batch.window // windows, []).append(batch)
    return [by_round[r] for r in sorted(by_round)]


_DATE = re.compile(r"^(\d{4})\D{1,2}(\d{1,2})\D{1,2}(\d{1,2})\D?$|^(\d{4})(\d{2})(\d{2})$")


def read_date(text: str) -> date | None:
    """"2026-02-28", "2026/2/28", "2026.02.28", "2026年2月28日", "20260228"; else None."""
    found = _DATE.match(unicodedata.normalize("NFKC", text).strip())
    if found is None:
        return None
    year, month, day = (int(g) for g in found.groups() if g is not None)
    try:
        return date(year, month, day)
    except ValueError:
        return None


# -- subsidies from the catalogue ----------------------------------------------------------


def _tier(programme: Programme | None, tier_id: str) -> Tier | None:
    if programme is None:
        return None
    return next((t for t in programme.tiers if t.id == tier_id), None)


def subsidy_of(catalog: Catalog, programme_id: str, tier_id: str) -> SubsidyKind | None:
    """The calculator's subsidy for a programme tier; None when the union pays nothing."""
    tier = _tier(catalog.programme(programme_id), tier_id)
    rule = tier.subsidy if tier else None
    if isinstance(rule, CatalogFull):
        return FullSubsidy()
    if isinstance(rule, CatalogPoints) and rule.points > 0:
        return PointsSubsidy(rule.points)
    if isinstance(rule, CatalogShare) and rule.share_percent > 0:
        return ShareSubsidy(rule.share_percent)
    return None


def subsidy_json(kind: SubsidyKind | None) -> dict[str, Any]:
    if isinstance(kind, FullSubsidy):
        return {"kind": "full"}
    if isinstance(kind, PointsSubsidy):
        return {"kind": "points", "points": str(kind.points)}
    if isinstance(kind, ShareSubsidy):
        return {"kind": "share", "percent": str(kind.percent)}
    return {"kind": "none"}


# -- disbursements ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    """What the bank actually paid out; defaults come from the approved decision."""

    disbursed_on: date
    amount: Decimal
    annual_rate: Decimal
    term_months: int
    method: Method
    bank_ref: str = ""


def default_terms(app: Mapping[str, Any], today: date) -> Terms:
    method = Method(app["method"]) if app["method"] in set(Method) else Method.EQUAL_INSTALMENTS
    return Terms(today, Decimal(app["decided_amount"] or app["amount"]),
                 Decimal(app["decided_rate"] or 0), int(app["decided_term"] or app["term_months"]),
                 method)


def schedule_rows(terms: Terms, kind: SubsidyKind | None,
                  rounding: RoundingConvention = RoundingConvention.LAST_ABSORBS_RESIDUE,
                  ) -> tuple[Schedule, list[dict[str, Any]]]:
    """The calculator's schedule with due dates (month-end safe) and per-period refunds."""
    if terms.method not in SCHEDULED_METHODS:
        raise NotAllowed("disburse-method-no-schedule")
    try:
        sched = schedule(terms.amount, terms.annual_rate, terms.term_months, terms.method,
                         convention=rounding)
        refunds = subsidy(sched, kind).refunds if kind else None
    except CalcError as exc:
        raise NotAllowed(exc.key, **exc.params) from exc
    dues = monthly_due_dates(terms.disbursed_on, len(sched.rows))
    rows = [{"period": r.period, "due_on": due, "payment": r.payment, "principal": r.principal,
             "interest": r.interest, "refund": refunds[k] if refunds else Decimal("0.00")}
            for k, (r, due) in enumerate(zip(sched.rows, dues, strict=True))]
    return sched, rows


def is_line(method: str) -> bool:
    """A draw-as-needed credit line rather than a loan with a repayment schedule."""
    return method in {m.value for m in LINE_METHODS}


def line_end(disbursed_on: date, term_months: int) -> date:
    """The day a credit line ends: the disbursement date plus the term, month-end safe."""
    return add_months(disbursed_on, term_months)


def line_rows(terms: Terms) -> list[dict[str, Any]]:
    """A credit line's one stored row: its end date. No amounts: the bank keeps the balance."""
    if terms.term_months < 1:
        raise NotAllowed("disburse-line-term")
    return [{"period": 1, "due_on": line_end(terms.disbursed_on, terms.term_months),
             "payment": _ZERO, "principal": _ZERO, "interest": _ZERO, "refund": _ZERO}]


def stored_rows(terms: Terms, kind: SubsidyKind | None,
                rounding: RoundingConvention = RoundingConvention.LAST_ABSORBS_RESIDUE,
                ) -> list[dict[str, Any]]:
    """What a disbursement stores: a schedule, or a credit line's end date."""
    if terms.method in LINE_METHODS:
        return line_rows(terms)
    return schedule_rows(terms, kind, rounding)[1]


@dataclass(frozen=True)
class PaymentResult:
    recorded: bool  # False: it had been recorded before
    repaid: bool  # the loan's last open instalment
    cancelled: int  # reminders not yet sent, now skipped


class Loans:
    """The repayment service; stateless apart from the catalogue and the policy."""

    def __init__(self, catalog: Catalog, policy: ReminderPolicy) -> None:
        self.catalog, self.policy = catalog, policy

    @classmethod
    def of(cls, services: Any) -> Loans:
        return cls(services.catalog, ReminderPolicy.from_settings(services.settings))

    def today(self, now: datetime) -> date:
        return now.astimezone(self.policy.tz).date()

    async def approved_application(self, conn: AsyncConnection, ref: str) -> dict[str, Any]:
        """The application a disbursement is for: approved, and not yet disbursed."""
        row = (await conn.execute(select(application_t).where(application_t.c.ref == ref))
               ).first()
        if row is None:
            raise NotAllowed("app-not-found", ref=ref)
        app = dict(row._mapping)
        if app["stage"] != APPROVED:
            raise NotAllowed("disburse-not-approved", ref=ref, stage=app["stage"])
        if await loans.loan_for_application(conn, app["id"]) is not None:
            raise NotAllowed("disburse-already", ref=ref)
        return app

    def check_terms(self, app: Mapping[str, Any], terms: Terms, now: datetime) -> None:
        today = self.today(now)
        if terms.disbursed_on > today:
            raise NotAllowed("disburse-date-future")
        if terms.disbursed_on < today - MAX_BACKDATE:
            raise NotAllowed("disburse-date-too-old")
        approved = app["decided_amount"] or app["amount"]
        if not Decimal("0") < terms.amount <= Decimal(approved):
            raise NotAllowed("disburse-amount-over", max=str(approved))

    async def disburse(self, conn: AsyncConnection, *, ref: str, terms: Terms, actor: int | None,
                       role: str | None, now: datetime) -> dict[str, Any]:
        """Store the loan and its schedule, audit it, and tell the member: all or nothing."""
        if role not in BANKERS:
            raise NotAllowed("staff-not-allowed")
        app = await self.approved_application(conn, ref)
        self.check_terms(app, terms, now)
        kind = subsidy_of(self.catalog, app["programme"], app["tier"])
        rows = stored_rows(terms, kind, self.policy.rounding)
        values = {"application_id": app["id"], "user_id": app["user_id"],
                  "programme": app["programme"], "bank_ref": terms.bank_ref[:40],
                  "disbursed_on": terms.disbursed_on, "amount": terms.amount,
                  "annual_rate": terms.annual_rate, "term_months": terms.term_months,
                  "method": terms.method.value, "subsidy": subsidy_json(kind),
                  "status": loans.ACTIVE, "created_at": now, "recorded_by": actor}
        try:
            async with conn.begin_nested():  # a second officer recording it at the same time
                loan_id = await loans.add_loan(conn, values)
        except IntegrityError as exc:
            raise NotAllowed("disburse-already", ref=ref) from exc
        await loans.add_instalments(conn, loan_id, rows)
        await conn.execute(insert(audit_t).values(
            at=now, actor=actor, action="loan.disbursed", subject=ref,
            detail={"loan": loan_id, "amount": str(terms.amount),
                    "rate": str(terms.annual_rate), "term": terms.term_months,
                    "method": terms.method.value, "on": terms.disbursed_on.isoformat()}))
        loan = {**values, "id": loan_id, "ref": ref}
        await self._notify_disbursed(conn, loan, rows[0], now)
        return {**loan, "first": rows[0], "last": rows[-1], "count": len(rows)}

    async def _notify_disbursed(self, conn: AsyncConnection, loan: Mapping[str, Any],
                                first: Mapping[str, Any], now: datetime) -> None:
        from storage.members import get as get_member

        member = await get_member(conn, loan["user_id"])
        if member is None:
            return
        programme = self.catalog.programme(loan["programme"])
        args = {"ref": loan["ref"], "programme": names(programme, loan["programme"]),
                "amount": {"money": str(loan["amount"])}, "on": loan["disbursed_on"].isoformat(),
                "days": ",".join(str(d) for d in self.policy.days_before)}
        if is_line(loan["method"]):
            text: list[dict[str, Any]] = [{"key": "loan-line-disbursed-notice", "args": {
                **args, "rate": rate_text(loan["annual_rate"]),
                "end": first["due_on"].isoformat()}}]
        else:
            text = [{"key": "loan-disbursed-notice", "args": {
                **args, "count": loan["term_months"], "first": {"money": str(first["payment"])},
                "due": first["due_on"].isoformat()}}]
        if loan["subsidy"].get("kind", "none") != "none":
            text.append({"key": "reminder-line-subsidy-note" if is_line(loan["method"])
                         else "loan-disbursed-subsidy"})
        payload = {"text": text, "buttons": [[{"label": {"key": "reminder-button-myloans"},
                                               "data": "menu:myloans"}]]}
        await outbox.enqueue(conn, dedup_key=f"loan:{loan['id']}:disbursed",
                             user_id=loan["user_id"], chat_id=member["chat_id"], kind="info",
                             payload=payload, now=now, priority=NOTICE_PRIORITY)

    # -- payments ------------------------------------------------------------------------

    async def record_payment(self, conn: AsyncConnection, *, loan_id: int, period: int,
                             paid_on: date, actor: int | None, role: str | None,
                             now: datetime) -> PaymentResult:
        """Mark one instalment paid; its reminders not yet sent are skipped."""
        if role not in BANKERS:
            raise NotAllowed("staff-not-allowed")
        if paid_on > self.today(now):
            raise NotAllowed("payment-date-future")
        loan = await loans.get_loan(conn, loan_id)
        if loan is None:
            raise NotAllowed("payment-loan-unknown", loan=str(loan_id))
        if not await loans.mark_paid(conn, loan_id=loan_id, period=period, paid_on=paid_on):
            known = {r["period"] for r in await loans.instalments_of(conn, loan_id)}
            if period not in known:
                raise NotAllowed("payment-period-unknown", period=str(period),
                                 periods=str(len(known)))
            return PaymentResult(False, loan["status"] == loans.REPAID, 0)
        cancelled = await loans.cancel_reminders(conn, loan_id=loan_id, period=period,
                                                 reason="paid before sending")
        repaid = await loans.unpaid_left(conn, loan_id) == 0
        if repaid:
            await loans.set_status(conn, loan_id, loans.REPAID)
        await conn.execute(insert(audit_t).values(
            at=now, actor=actor, action="loan.payment", subject=f"loan:{loan_id}",
            detail={"period": period, "paid_on": paid_on.isoformat()}))
        return PaymentResult(True, repaid, cancelled)

    # -- planning ------------------------------------------------------------------------

    def programme_names(self) -> dict[str, dict[str, str]]:
        return {p.id: {"zh-CN": p.names.zh_cn, "en": p.names.en}
                for p in self.catalog.programmes}

    async def plan(self, engine: AsyncEngine, now: datetime, *,
                   rows_each: int = ROUND_ROWS) -> int:
        """Write the reminders due within the horizon; returns how many were new.

        Short transactions, each over a run of loans and every kind of a round: a second
        process planning at the same time only waits for the keys it shares, then skips
        them.
        """
        programmes = self.programme_names()
        created = 0
        for group in rounds(batches(slots_to_plan(self.policy, now))):
            first, last = min(b.first_due for b in group), max(b.last_due for b in group)
            # Reminders per instalment due in the round: two kinds over it, one for a day.
            per = sum((b.last_due - b.first_due).days + 1 for b in group) / (
                (last - first).days + 1)
            async with engine.connect() as conn:
                runs = await loans.id_ranges(conn, first, last, kinds=per,
                                             rows_each=rows_each)
            for ids in runs:
                async with engine.begin() as conn, loans.planning_cache(conn):
                    for batch in group:
                        spec = loans.PlanSpec(
                            batch.tag, batch.first_due, batch.last_due, batch.shift_seconds,
                            batch.days, batch.text_key, "reminder-subsidy-note",
                            "reminder-button-myloans", REMINDER_PRIORITY, programmes, ids)
                        created += await loans.plan_range(conn, spec, now=now)
        return created + await self.plan_lines(engine, now)

    async def plan_lines(self, engine: AsyncEngine, now: datetime) -> int:
        """The credit lines' reminders within the horizon; returns how many were new.

        Same slots, keys, send times and staleness rule as instalments; rows in key order
        in one transaction, so two planners at once wait for each other instead of
        deadlocking, and the unique key lets only one of them insert each reminder.
        """
        by_day: dict[date, list[Slot]] = {}
        for slot in slots_to_plan(self.policy, now):
            by_day.setdefault(slot.due_on, []).append(slot)
        if not by_day:
            return 0
        programmes = self.programme_names()
        created = 0
        async with engine.begin() as conn:
            rows = await loans.line_rows_due(conn, min(by_day), max(by_day))
            planned = [(loans.reminder_key(r["loan_id"], r["period"], s.tag), r, s)
                       for r in rows for s in by_day.get(r["due_on"], [])]
            taken = await loans.existing_keys(conn, [key for key, _, _ in planned])
            for key, row, slot in planned:
                if key not in taken:
                    created += await outbox.enqueue(
                        conn, dedup_key=key, user_id=row["user_id"], chat_id=row["chat_id"],
                        kind="reminder", payload=line_payload(row, slot, programmes), now=now,
                        due_at=slot.due_at, priority=REMINDER_PRIORITY)
        return created

    # -- what /myloans shows ---------------------------------------------------------------

    async def member_view(self, conn: AsyncConnection, user_id: int,
                          now: datetime) -> list[LoanView | LineView]:
        today = self.today(now)
        views: list[LoanView | LineView] = []
        for loan in await loans.member_loans(conn, user_id):
            rows = await loans.instalments_of(conn, loan["id"])
            views.append(LineView.build(loan, rows, today, self.policy) if is_line(loan["method"])
                         else LoanView.build(loan, rows, today))
        return views


_ZERO = Decimal("0.00")


def rate_text(rate: Decimal | str) -> str:
    """3.6000 → "3.6": a rate as people write it."""
    return f"{Decimal(rate).normalize():f}"


def line_payload(row: Mapping[str, Any], slot: Slot,
                 programmes: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """A credit line's reminder, rendered at delivery in the member's language then.

    The line amount and rate, never a balance: the bank records draws and repayments.
    """
    code = row["programme"]
    text: list[dict[str, Any]] = [{"key": LINE_TEXT[slot.text_key], "args": {
        "end": row["due_on"].isoformat(), "days": slot.days,
        "amount": {"money": f"{Decimal(row['amount']):.2f}"},
        "rate": rate_text(row["annual_rate"]),
        "programme": {"names": dict(programmes.get(code) or {"zh-CN": code, "en": code})}}}]
    if (row["subsidy"] or {}).get("kind", "none") != "none":
        text.append({"key": "reminder-line-subsidy-note"})
    return {"text": text, "buttons": [[{"label": {"key": "reminder-button-myloans"},
                                        "data": "menu:myloans"}]]}


@dataclass(frozen=True)
class LoanView:
    """One loan as its borrower sees it: what is next, what is late, what is left."""

    loan: dict[str, Any]
    instalments: list[dict[str, Any]]
    next_due: dict[str, Any] | None  # the first unpaid instalment due today or later
    late: list[dict[str, Any]]  # unpaid and past their due date
    paid: int
    remaining_payment: Decimal  # every unpaid instalment, as the bank will debit them
    remaining_principal: Decimal
    refund_total: Decimal  # the union's subsidy over the whole loan

    @classmethod
    def build(cls, loan: dict[str, Any], rows: list[dict[str, Any]], today: date) -> LoanView:
        unpaid = [r for r in rows if r["paid_on"] is None]
        late = [r for r in unpaid if r["due_on"] < today]
        upcoming = [r for r in unpaid if r["due_on"] >= today]
        return cls(loan, rows, upcoming[0] if upcoming else None, late,
                   len(rows) - len(unpaid),
                   sum((Decimal(r["payment"]) for r in unpaid), _ZERO),
                   sum((Decimal(r["principal"]) for r in unpaid), _ZERO),
                   sum((Decimal(r["refund"]) for r in rows), _ZERO))


@dataclass(frozen=True)
class LineView:
    """A credit line as its borrower sees it: when it ends and whether it is settled."""

    loan: dict[str, Any]
    ends_on: date
    repaid_on: date | None  # the bank recorded the full repayment
    days_left: int  # to the end date; negative once it has passed
    next_reminder: date | None  # the next day a reminder about it goes out

    @property
    def overdue(self) -> bool:
        return self.repaid_on is None and self.days_left < 0

    @classmethod
    def build(cls, loan: dict[str, Any], rows: list[dict[str, Any]], today: date,
              policy: ReminderPolicy) -> LineView:
        end = rows[0]["due_on"] if rows else line_end(loan["disbursed_on"], loan["term_months"])
        repaid_on = rows[0]["paid_on"] if rows else None
        days = [s.day for s in reminder_slots(policy, end) if s.day >= today]
        upcoming = min(days) if days and repaid_on is None else None
        return cls(loan, end, repaid_on, (end - today).days, upcoming)


async def plan_reminders(engine: AsyncEngine, services: Any) -> int:
    """The scheduler's job: idempotent, safe to run in every process at once."""
    created = await Loans.of(services).plan(engine, services.clock())
    if created:
        log.info("planned %d repayment reminders", created)
    return created

"""Disbursed loans, their stored schedules, payments, and the set-based reminder planner.

The planner never walks instalments in Python: one ``INSERT … SELECT … ON CONFLICT DO
NOTHING`` per reminder kind and range of due dates (and run of loans) writes all those
reminders, payloads included, so planning a million instalments costs SQL time, not
Python memory. The unique ``dedup_key`` makes running it twice, or in two processes at
once, harmless.
"""

from __future__ import annotations

import json
import math
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Integer,
    String,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    insert,
    literal,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import ColumnElement, UnaryExpression

from storage import outbox
from storage.tables import application_t, instalment_t, loan_t, member_t, notification_t
from storage.types import UTCDateTime
from storage.upsert import dialect_insert

ACTIVE, REPAID = "active", "repaid"
REMINDER_PREFIX = "rem"
# A draw-as-needed credit line (随借随还 / 随贷随取) has no instalments: its one stored row
# is the line's end date (period 1, amounts zero: the bot does not know the drawn balance,
# the bank does). The instalment planner leaves such loans to ``line_rows_due``.
LINE_METHOD = "draw_as_needed"


def reminder_key(loan_id: int, period: int, tag: str) -> str:
    """The outbox key of one reminder: the same key is never planned twice."""
    return f"{REMINDER_PREFIX}:{loan_id}:{period}:{tag}"


# -- loans and schedules --------------------------------------------------------------


async def add_loan(conn: AsyncConnection, values: Mapping[str, Any]) -> int:
    result = await conn.execute(insert(loan_t).values(**values).returning(loan_t.c.id))
    return int(result.scalar_one())


async def add_instalments(conn: AsyncConnection, loan_id: int,
                          rows: Sequence[Mapping[str, Any]]) -> None:
    await conn.execute(insert(instalment_t), [{**r, "loan_id": loan_id} for r in rows])


def _with_ref() -> Any:
    """A loan row with its application's reference ("ref"), the name people use for it."""
    return select(loan_t, application_t.c.ref).outerjoin(
        application_t, application_t.c.id == loan_t.c.application_id)


async def get_loan(conn: AsyncConnection, loan_id: int) -> dict[str, Any] | None:
    row = (await conn.execute(_with_ref().where(loan_t.c.id == loan_id))).first()
    return dict(row._mapping) if row else None


async def loan_for_application(conn: AsyncConnection,
                               application_id: int) -> dict[str, Any] | None:
    row = (await conn.execute(select(loan_t).where(loan_t.c.application_id == application_id))
           ).first()
    return dict(row._mapping) if row else None


async def find_loan(conn: AsyncConnection, ref: str) -> dict[str, Any] | None:
    """A loan by the union's application reference or by the bank's own loan number."""
    row = (await conn.execute(_with_ref().where(application_t.c.ref == ref))).first()
    if row is None and ref:
        row = (await conn.execute(_with_ref().where(loan_t.c.bank_ref == ref)
                                  .order_by(loan_t.c.id).limit(1))).first()
    return dict(row._mapping) if row else None


async def member_loans(conn: AsyncConnection, user_id: int) -> list[dict[str, Any]]:
    """A member's loans, active first, newest first, with the application's reference."""
    stmt = (_with_ref().where(loan_t.c.user_id == user_id)
            .order_by((loan_t.c.status == ACTIVE).desc(), loan_t.c.disbursed_on.desc(),
                      loan_t.c.id.desc()))
    return [dict(r._mapping) for r in await conn.execute(stmt)]


async def instalments_of(conn: AsyncConnection, loan_id: int) -> list[dict[str, Any]]:
    rows = await conn.execute(select(instalment_t).where(instalment_t.c.loan_id == loan_id)
                              .order_by(instalment_t.c.period))
    return [dict(r._mapping) for r in rows]


async def mark_paid(conn: AsyncConnection, *, loan_id: int, period: int,
                    paid_on: date) -> bool:
    """Record a payment once; False when the instalment is unknown or already paid."""
    result = await conn.execute(
        update(instalment_t)
        .where(instalment_t.c.loan_id == loan_id, instalment_t.c.period == period,
               instalment_t.c.paid_on.is_(None))
        .values(paid_on=paid_on))
    return result.rowcount == 1


async def unpaid_left(conn: AsyncConnection, loan_id: int) -> int:
    stmt = select(func.count()).where(instalment_t.c.loan_id == loan_id,
                                      instalment_t.c.paid_on.is_(None))
    return int(await conn.scalar(stmt) or 0)


async def set_status(conn: AsyncConnection, loan_id: int, status: str) -> None:
    await conn.execute(update(loan_t).where(loan_t.c.id == loan_id).values(status=status))


async def cancel_reminders(conn: AsyncConnection, *, loan_id: int, period: int,
                           reason: str) -> int:
    """Skip this instalment's reminders not yet sent (a payment arrived first).

    A key range rather than LIKE, so both databases use the unique index on the key.
    """
    low = f"{REMINDER_PREFIX}:{loan_id}:{period}:"
    high = low[:-1] + chr(ord(":") + 1)
    result = await conn.execute(
        update(notification_t)
        .where(notification_t.c.dedup_key >= low, notification_t.c.dedup_key < high,
               notification_t.c.status == outbox.PENDING)
        .values(status=outbox.SKIPPED, last_error=reason[:200]))
    return int(result.rowcount or 0)


async def approved_without_loan(conn: AsyncConnection, approved: str,
                                limit: int) -> list[dict[str, Any]]:
    """Approved applications the bank has not yet recorded a disbursement for, oldest first."""
    stmt = (select(application_t)
            .outerjoin(loan_t, loan_t.c.application_id == application_t.c.id)
            .where(application_t.c.stage == approved, loan_t.c.id.is_(None))
            .order_by(application_t.c.stage_at, application_t.c.id).limit(limit))
    return [dict(r._mapping) for r in await conn.execute(stmt)]


async def due_unpaid(conn: AsyncConnection, *, until: date,
                     limit: int) -> list[dict[str, Any]]:
    """Active loans with an unpaid instalment due by ``until``: the bank's to-record list."""
    first_due = func.min(instalment_t.c.due_on).label("first_due")
    stmt = (select(loan_t.c.id, loan_t.c.bank_ref, loan_t.c.method, application_t.c.ref,
                   first_due, func.count().label("unpaid"))
            .join(instalment_t, instalment_t.c.loan_id == loan_t.c.id)
            .join(application_t, application_t.c.id == loan_t.c.application_id, isouter=True)
            .where(loan_t.c.status == ACTIVE, instalment_t.c.paid_on.is_(None),
                   instalment_t.c.due_on <= until)
            .group_by(loan_t.c.id, loan_t.c.bank_ref, loan_t.c.method, application_t.c.ref)
            .order_by(first_due, loan_t.c.id).limit(limit))
    return [dict(r._mapping) for r in await conn.execute(stmt)]


async def erase_member(conn: AsyncConnection, user_id: int) -> int:
    """/forget: the bank's loan stays on record, no longer tied to the person."""
    result = await conn.execute(update(loan_t).where(loan_t.c.user_id == user_id)
                                .values(user_id=0))
    return int(result.rowcount or 0)


# -- planning reminders, set-based ------------------------------------------------------


@dataclass(frozen=True)
class PlanSpec:
    """One reminder kind for the instalments due in ``first_due`` … ``last_due``.

    Each is sent ``shift_seconds`` after the start (UTC) of its due date: the planner
    splits ranges wherever the zone's offset changes, so one shift holds for the range.
    ``text_key`` and friends are locale keys: the payload is rendered at delivery, in the
    language the member uses then.
    """

    tag: str  # part of the dedup key: "d3", "d0", "late"
    first_due: date
    last_due: date
    shift_seconds: int  # from the due date's 00:00 UTC to the send time, in UTC
    days: int  # days before the due date; negative after it
    text_key: str
    subsidy_key: str
    button_key: str
    priority: int
    # programme id -> {"zh-CN": name, "en": name}, from the catalogue
    programme_names: Mapping[str, Mapping[str, str]]
    # Only instalments with first <= id < last (no upper end: None); see ``id_ranges``.
    ids: tuple[int, int | None] | None = None


# A value spliced into text: how to write it ("d" an integer, "money" an amount to the fen,
# "day" an ISO date, "s" text as it is) and the column or expression that holds it.
Slot = tuple[str, Any]


class _Text:
    """The payload's JSON written as text inside the database, so it never passes through
    Python. Keys and fixed parts are this module's constants and the catalogue's names,
    quoted by ``json.dumps``; the values spliced in are dates, integers and amounts, whose
    text needs no quoting, and the programme code, quoted by the database.

    SQLite writes each text with one printf() over a format; PostgreSQL concatenates.
    Measured on SQLite (a million instalments, bench/bench_planning.py's book): the
    payload as nested json_object() calls cost 4.3 s of CPU, concatenated text 3.2 s,
    one printf() 2.0 s: each call or concatenation builds and copies a new string.
    """

    def __init__(self, dialect: str) -> None:
        self.pg = dialect == "postgresql"

    def text(self, *parts: str | Slot) -> ColumnElement[str]:
        if self.pg:
            pieces = [literal(p, String) if isinstance(p, str) else self._pg(*p) for p in parts]
            joined = pieces[0]
            for piece in pieces[1:]:
                joined = joined.concat(piece)
            return joined
        spec = {"d": "%d", "money": "%.2f", "day": "%s", "s": "%s"}
        form = "".join(p.replace("%", "%%") if isinstance(p, str) else spec[p[0]]
                       for p in parts)
        return func.printf(literal(form, String),
                           *(p[1] for p in parts if not isinstance(p, str)))

    @staticmethod
    def _pg(kind: str, value: Any) -> ColumnElement[str]:
        if kind == "day":
            # A date's own text follows the session's DateStyle: spell it out.
            return func.to_char(value, "YYYY-MM-DD")
        return value if kind == "s" else cast(value, String)

    def quoted(self, column: Any) -> ColumnElement[str]:
        """A JSON string of a column's text, escaped by the database."""
        return cast(func.to_json(column), String) if self.pg else func.json_quote(column)

    def json(self, text: ColumnElement[str]) -> ColumnElement[Any]:
        return cast(text, JSON) if self.pg else text

    def instant(self, day: Any, seconds: int) -> ColumnElement[Any]:
        """``day`` 00:00 UTC plus ``seconds``, stored as the UTCDateTime column stores it."""
        if self.pg:
            shifted = cast(day, DateTime) + literal_column(f"INTERVAL '{int(seconds)} seconds'")
            return func.timezone("UTC", shifted)
        # SQLite keeps instants as "YYYY-MM-DD HH:MM:SS.ffffff" text, in UTC. The time of
        # day is the same for the whole range: only the date is computed per row
        # (date() costs a third of strftime(), which shows at millions of rows).
        days, rest = divmod(int(seconds), 86400)
        clock = f" {rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}.000000"
        return func.date(day, f"{days:+d} days").concat(clock)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _programme(t: _Text, spec: PlanSpec) -> ColumnElement[str]:
    """{"names": {"zh-CN": …, "en": …}} of the loan's programme, as JSON text."""
    own = t.text('{"names":{"zh-CN":', ("s", t.quoted(loan_t.c.programme)),
                 ',"en":', ("s", t.quoted(loan_t.c.programme)), "}}")
    whens = [(loan_t.c.programme == pid,
              literal(_json({"names": {"zh-CN": names.get("zh-CN") or pid,
                                       "en": names.get("en") or pid}}), String))
             for pid, names in spec.programme_names.items()]
    return case(*whens, else_=own) if whens else own


def _payload(t: _Text, spec: PlanSpec) -> ColumnElement[Any]:
    """The reminder as the delivery job renders it: locale keys and their arguments."""
    i, loan = instalment_t, loan_t
    note = t.text(f',{{"key":{_json(spec.subsidy_key)},"args":{{"refund":{{"money":"',
                  ("money", i.c.refund), '"}}}')
    return t.json(t.text(
        f'{{"text":[{{"key":{_json(spec.text_key)},"args":{{"due":"', ("day", i.c.due_on),
        f'","days":{int(spec.days)},"period":', ("d", i.c.period),
        ',"periods":', ("d", loan.c.term_months),
        ',"amount":{"money":"', ("money", i.c.payment),
        '"},"programme":', ("s", _programme(t, spec)), "}}",
        ("s", case((i.c.refund > 0, note), else_=literal("", String))),
        f'],"buttons":[[{{"label":{{"key":{_json(spec.button_key)}}},'
        f'"data":"menu:myloans"}}]]}}'))


def _dedup_key(t: _Text, spec: PlanSpec) -> ColumnElement[str]:
    i = instalment_t
    return t.text(f"{REMINDER_PREFIX}:", ("d", i.c.loan_id), ":", ("d", i.c.period),
                  f":{spec.tag}")


def plan_statement(dialect: str, spec: PlanSpec, now: datetime) -> Any:
    """INSERT … SELECT … ON CONFLICT DO NOTHING of one kind's reminders over the range."""
    i, loan, m, n = instalment_t, loan_t, member_t, notification_t
    pg = dialect == "postgresql"
    t = _Text(dialect)
    key = _dedup_key(t, spec)
    # Most keys exist already when the job runs again: skip them before building a payload.
    # ON CONFLICT stays the guard against a planner in another process inserting meanwhile.
    fresh = ~exists().where(n.c.dedup_key == key)
    pick = (select(key, loan.c.user_id, m.c.chat_id,
                   literal("reminder", String), literal(spec.priority, Integer), false(),
                   _payload(t, spec), t.instant(i.c.due_on, spec.shift_seconds),
                   literal(outbox.PENDING, String), literal(0, Integer),
                   literal(now, UTCDateTime()), literal("", String))
            .select_from(i.join(loan, loan.c.id == i.c.loan_id)
                         .join(m, m.c.user_id == loan.c.user_id))
            .where(and_(i.c.due_on >= spec.first_due, i.c.due_on <= spec.last_due,
                        i.c.paid_on.is_(None), loan.c.status == ACTIVE,
                        loan.c.method != LINE_METHOD,
                        m.c.unreachable.is_(false()), fresh)))
    if spec.ids is not None:
        pick = pick.where(*_id_range(dialect, spec.ids))
    if pg:
        # Same order in every process: two planners then wait for each other's keys in
        # the same sequence and cannot deadlock. SQLite has one writer at a time, and
        # sorting the rows (payloads included) before inserting them cost it a quarter
        # of the planning CPU (measured at 500k reminders), so it inserts as they come.
        pick = pick.order_by(i.c.loan_id, i.c.period)
    columns = ["dedup_key", "user_id", "chat_id", "kind", "priority", "urgent", "payload",
               "due_at", "status", "attempts", "created_at", "last_error"]
    return (dialect_insert(dialect, n).from_select(columns, pick)
            .on_conflict_do_nothing(index_elements=["dedup_key"]))


def _id_range(dialect: str, ids: tuple[int, int | None]) -> list[ColumnElement[bool]]:
    # SQLite (no statistics) would walk the id range of the whole table and test each
    # row's due date; "+id" keeps it on the due-date index, whose entries carry the id,
    # so rows of other ranges are passed over without being read (measured: 13 % less
    # CPU for the whole book).
    ident: Any = instalment_t.c.id
    if dialect == "sqlite":
        ident = UnaryExpression(ident, operator=operators.custom_op("+"))
    first, last = ids
    return [ident >= first] if last is None else [ident >= first, ident < last]


async def id_ranges(conn: AsyncConnection, first_due: date, last_due: date, *,
                    kinds: float, rows_each: int) -> list[tuple[int, int | None]]:
    """Split the instalments due in the range into id ranges of about ``rows_each``
    reminders (``kinds`` per instalment); none when nothing is due.

    Instalment ids follow the order loans were recorded (a schedule is stored at once),
    so an id range is a run of loans, and their reminder keys ("rem:<loan>:…") sit
    together in the outbox's key index. A transaction per range then rewrites a few
    pages of that index instead of pages all over it, as one per month of due dates
    did (measured: 30 % fewer bytes written for the whole book). The last range is
    open, so a loan recorded meanwhile is not left out.
    """
    i = instalment_t
    count, low, high = (await conn.execute(
        select(func.count(), func.min(i.c.id), func.max(i.c.id))
        .where(i.c.due_on >= first_due, i.c.due_on <= last_due, i.c.paid_on.is_(None))
    )).one()
    if not count:
        return []
    parts = max(1, math.ceil(count * kinds / rows_each))
    step = math.ceil((high - low + 1) / parts)
    return [(low + k * step, None if k == parts - 1 else low + (k + 1) * step)
            for k in range(parts)]


async def line_rows_due(conn: AsyncConnection, first_due: date,
                        last_due: date) -> list[dict[str, Any]]:
    """Active credit lines ending in the range with no repayment recorded, and their members.

    Lines are few (one row each, against dozens per instalment loan), so their reminders
    are built in Python (``bot.reminders.Loans.plan_lines``). A book without lines costs
    one look at the loan table.
    """
    loan, i, m = loan_t, instalment_t, member_t
    any_line = await conn.scalar(select(loan.c.id).where(
        loan.c.method == LINE_METHOD, loan.c.status == ACTIVE).limit(1))
    if any_line is None:
        return []
    stmt = (select(i.c.loan_id, i.c.period, i.c.due_on, loan.c.user_id, loan.c.programme,
                   loan.c.amount, loan.c.annual_rate, loan.c.subsidy, m.c.chat_id)
            .select_from(i.join(loan, loan.c.id == i.c.loan_id)
                         .join(m, m.c.user_id == loan.c.user_id))
            .where(loan.c.method == LINE_METHOD, loan.c.status == ACTIVE,
                   i.c.due_on >= first_due, i.c.due_on <= last_due, i.c.paid_on.is_(None),
                   m.c.unreachable.is_(false()))
            .order_by(i.c.loan_id, i.c.period))
    return [dict(r._mapping) for r in await conn.execute(stmt)]


async def existing_keys(conn: AsyncConnection, keys: Sequence[str]) -> set[str]:
    """Which of these outbox keys are taken already (in chunks, for long lists)."""
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = list(keys[start:start + 500])
        found |= set(await conn.scalars(select(notification_t.c.dedup_key)
                                        .where(notification_t.c.dedup_key.in_(chunk))))
    return found


async def plan_range(conn: AsyncConnection, spec: PlanSpec, *, now: datetime) -> int:
    """Write one kind's reminders for the range; returns how many were new."""
    result = await conn.execute(plan_statement(conn.dialect.name, spec, now))
    return int(result.rowcount or 0)


# A round of planning touches pages all over the outbox's key index (keys follow loans,
# a round follows due dates). SQLite's default 2 MB page cache then re-reads them from
# the OS on every insert; 64 MiB holds that index for a two-million-reminder outbox.
# Measured (bench/bench_planning.py, whole book): a third less system CPU. Only for the
# planner's round, so the other pooled connections keep the small default.
PLANNING_CACHE_KIB = 64 * 1024


@asynccontextmanager
async def planning_cache(conn: AsyncConnection) -> AsyncIterator[None]:
    """A larger SQLite page cache for one planning round; nothing on PostgreSQL."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = int(await conn.scalar(text("PRAGMA cache_size")) or 0)
    await conn.exec_driver_sql(f"PRAGMA cache_size = -{PLANNING_CACHE_KIB}")
    try:
        yield
    finally:
        await conn.exec_driver_sql(f"PRAGMA cache_size = {before}")

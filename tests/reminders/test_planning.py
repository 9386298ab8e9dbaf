"""Planning reminders on real SQLite and PostgreSQL: idempotent, windowed, payment-aware."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.loans.calculator import Method
from bot.reminders import Terms, schedule_rows
from storage import loans as loan_store
from storage.tables import loan_t, member_t, notification_t
from tests.reminders.support import BANKER, MEMBER, PLAIN, disbursed, reminders, service

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI).astimezone(UTC)


async def test_month_end_reminders_step_by_step_and_twice_changes_nothing(
        engine: AsyncEngine) -> None:
    svc = service()
    loan = await disbursed(engine, local(2026, 2, 1, 10), date(2026, 1, 31), loans=svc)
    key = f"rem:{loan['id']}:1"
    # Feb 20: only "in 3 days" for Feb 28 is within the week.
    assert await svc.plan(engine, local(2026, 2, 20, 10)) == 1
    first = await reminders(engine)
    assert await svc.plan(engine, local(2026, 2, 20, 10)) == 0
    assert await reminders(engine) == first
    assert [(r["dedup_key"], r["due_at"]) for r in first] == [
        (f"{key}:d3", local(2026, 2, 25, 9))]
    # Feb 25: the due-day reminder joins it; the March 31 one is still beyond the window.
    assert await svc.plan(engine, local(2026, 2, 25, 10)) == 1
    # Mar 1, unpaid: the overdue notice for Feb 28; Mar 31's "in 3 days" is not yet due.
    assert await svc.plan(engine, local(2026, 3, 1, 8, 30)) == 1
    rows = {r["dedup_key"]: r for r in await reminders(engine)}
    assert sorted(rows) == [f"{key}:d0", f"{key}:d3", f"{key}:late"]
    assert rows[f"{key}:late"]["due_at"] == local(2026, 3, 1, 9)
    for row in rows.values():
        assert (row["user_id"], row["chat_id"], row["urgent"], row["status"]) == (
            MEMBER, MEMBER, False, "pending")
    text = rows[f"{key}:d3"]["payload"]["text"]
    # The full instalment the bank debits (DOMAIN.md: 8,790.62), and the union's refund note.
    assert text[0]["key"] == "reminder-before"
    assert text[0]["args"]["amount"] == {"money": "8790.62"}
    assert text[0]["args"]["due"] == "2026-02-28"
    assert (text[0]["args"]["period"], text[0]["args"]["periods"]) == (1, 36)
    assert text[1] == {"key": "reminder-subsidy-note", "args": {"refund": {"money": "875.00"}}}


async def test_paid_instalments_get_nothing_and_a_payment_skips_unsent_ones(
        engine: AsyncEngine) -> None:
    svc = service()
    loan = await disbursed(engine, local(2026, 2, 1, 10), date(2026, 1, 31), loans=svc)
    assert await svc.plan(engine, local(2026, 2, 25, 10)) == 2  # d3 and d0 of period 1
    async with engine.begin() as conn:  # "in 3 days" went out this morning
        await conn.execute(update(notification_t)
                           .where(notification_t.c.dedup_key.endswith(":d3"))
                           .values(status="sent"))
    async with engine.begin() as conn:
        result = await svc.record_payment(conn, loan_id=loan["id"], period=1,
                                          paid_on=date(2026, 2, 26), actor=BANKER, role="bank",
                                          now=local(2026, 2, 26, 15))
    assert (result.recorded, result.repaid, result.cancelled) == (True, False, 1)
    rows = {r["dedup_key"].rsplit(":", 1)[1]: r["status"] for r in await reminders(engine)}
    assert rows == {"d3": "sent", "d0": "skipped"}
    assert await svc.plan(engine, local(2026, 3, 1, 8)) == 0  # paid: no overdue notice
    async with engine.begin() as conn:  # a second record of the same payment changes nothing
        again = await svc.record_payment(conn, loan_id=loan["id"], period=1,
                                         paid_on=date(2026, 2, 27), actor=BANKER, role="bank",
                                         now=local(2026, 2, 27, 15))
    assert not again.recorded


async def test_no_subsidy_no_note_and_blocked_or_repaid_members_are_left_out(
        engine: AsyncEngine) -> None:
    svc = service()
    plain = await disbursed(engine, local(2026, 2, 1, 10), date(2026, 1, 31), loans=svc,
                            programme=PLAIN, amount="500000", rate="4.3", term=120)
    blocked = await disbursed(engine, local(2026, 2, 1, 10), date(2026, 1, 31), loans=svc,
                              user=5151)
    repaid = await disbursed(engine, local(2026, 2, 1, 10), date(2026, 1, 31), loans=svc,
                             user=6161)
    async with engine.begin() as conn:
        await conn.execute(update(member_t).where(member_t.c.user_id == 5151)
                           .values(unreachable=True))
        await loan_store.set_status(conn, repaid["id"], loan_store.REPAID)
    assert await svc.plan(engine, local(2026, 2, 25, 10)) == 2
    rows = await reminders(engine)
    assert {r["dedup_key"].split(":")[1] for r in rows} == {str(plain["id"])}
    text = rows[0]["payload"]["text"]
    assert len(text) == 1 and text[0]["args"]["amount"] == {"money": "5133.85"}
    assert blocked["id"] != plain["id"]


async def _bulk_loans(engine: AsyncEngine, count: int, now: datetime,
                      first_user: int = 100_000) -> None:
    """Loans straight into the tables (no applications): only the planner is under test."""
    _, rows = schedule_rows(Terms(date(2026, 1, 15), Decimal("120000"), Decimal("3.6"), 12,
                                  Method.EQUAL_INSTALMENTS), None)
    async with engine.begin() as conn:
        for n in range(count):
            user = first_user + n
            await conn.execute(member_t.insert().values(
                user_id=user, chat_id=user, locale="zh-CN", consent_at=now, created_at=now,
                titles=[], notices_off=False, unreachable=False))
            loan_id = await loan_store.add_loan(conn, {
                "user_id": user, "programme": PLAIN[0], "disbursed_on": date(2026, 1, 15),
                "amount": Decimal("120000"), "annual_rate": Decimal("3.6"), "term_months": 12,
                "method": "equal_instalments", "subsidy": {}, "created_at": now})
            await loan_store.add_instalments(conn, loan_id, rows)


async def test_concurrent_planners_create_each_reminder_once(engine: AsyncEngine) -> None:
    """Four planners at once (real parallel transactions on PostgreSQL) over the same keys:
    no duplicates, no deadlock, and between them they report exactly what exists."""
    now = local(2026, 2, 10, 10)
    await _bulk_loans(engine, 200, now)
    svc = service()  # the week ahead: period 1 of every loan (due Feb 15), d3 and d0
    created = await asyncio.gather(*(svc.plan(engine, now) for _ in range(4)))
    assert sum(created) == 200 * 2
    async with engine.connect() as conn:
        keys = list(await conn.scalars(select(notification_t.c.dedup_key)))
    assert len(keys) == len(set(keys)) == 200 * 2
    assert await svc.plan(engine, now) == 0


async def test_a_book_planned_in_many_small_transactions_gets_each_reminder_once(
        engine: AsyncEngine) -> None:
    """Rounds are cut into runs of loans (here of 50 reminders, so four a round); together
    they cover every instalment once, also with planners running at once."""
    now = local(2026, 1, 20, 10)
    await _bulk_loans(engine, 30, now)
    svc = service(horizon_days=400)  # the whole year of every loan: d3 and d0, 12 periods
    created = await asyncio.gather(*(svc.plan(engine, now, rows_each=50) for _ in range(3)))
    assert sum(created) == 30 * 12 * 2
    async with engine.connect() as conn:
        keys = list(await conn.scalars(select(notification_t.c.dedup_key)))
    assert len(keys) == len(set(keys)) == 30 * 12 * 2
    await _bulk_loans(engine, 1, now, first_user=200_000)
    assert await svc.plan(engine, now, rows_each=50) == 12 * 2
    assert await svc.plan(engine, now, rows_each=50) == 0


async def test_a_programme_gone_from_the_catalogue_is_named_by_its_code(
        engine: AsyncEngine) -> None:
    """The payload is JSON written by the database; a code with quotes stays valid JSON."""
    now = local(2026, 2, 10, 10)
    await _bulk_loans(engine, 1, now)
    async with engine.begin() as conn:
        await conn.execute(update(loan_t).values(programme='old "2019" 贷款\\'))
    assert await service().plan(engine, now) == 2
    for row in await reminders(engine):
        args = row["payload"]["text"][0]["args"]
        assert args["programme"] == {"names": {"zh-CN": 'old "2019" 贷款\\',
                                               "en": 'old "2019" 贷款\\'}}
        assert (args["due"], args["amount"]) == ("2026-02-15", {"money": "10196.07"})


async def test_member_view_next_late_and_left(engine: AsyncEngine) -> None:
    svc = service()
    loan = await disbursed(engine, local(2026, 2, 1, 10), date(2026, 1, 31), loans=svc)
    async with engine.begin() as conn:
        await svc.record_payment(conn, loan_id=loan["id"], period=1, paid_on=date(2026, 2, 28),
                                 actor=BANKER, role="bank", now=local(2026, 4, 2, 10))
        [view] = await svc.member_view(conn, MEMBER, local(2026, 4, 2, 10))
    assert view.paid == 1
    assert [r["period"] for r in view.late] == [2]  # Mar 31 unpaid
    assert view.next_due is not None and view.next_due["due_on"] == date(2026, 4, 30)
    assert view.remaining_payment == Decimal("8790.62") * 34 + view.instalments[-1]["payment"]
    assert view.refund_total == Decimal("16462.47")  # the whole bank interest (DOMAIN.md)
    async with engine.connect() as conn:
        status = await conn.scalar(select(loan_t.c.status).where(loan_t.c.id == loan["id"]))
    assert status == "active"


async def test_a_send_time_before_8_am_lands_on_the_previous_utc_day(engine: AsyncEngine) -> None:
    """06:30 in Shanghai is 22:30 UTC the day before: computed in SQL on both databases."""
    svc = service(send_at=time(6, 30))
    await disbursed(engine, local(2026, 2, 1, 10), date(2026, 1, 31), loans=svc)
    assert await svc.plan(engine, local(2026, 2, 25, 5)) == 2
    assert [r["due_at"] for r in await reminders(engine)] == [
        local(2026, 2, 28, 6, 30), local(2026, 2, 25, 6, 30)]  # keys: …:d0 before …:d3
    assert (await reminders(engine))[0]["due_at"] == datetime(2026, 2, 27, 22, 30, tzinfo=UTC)

"""Draw-as-needed credit lines (随借随还 / 随贷随取): an end date instead of a schedule.

Pure date and payload rules on a held clock; planning on SQLite and PostgreSQL (idempotent,
payment-aware, side by side with instalment loans); /myloans, /disburse and /payment as
people see them on the console, PTB and aiogram.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import App
from bot.applications import NotAllowed
from bot.delivery import render_payload
from bot.i18n import LOCALES, Translator
from bot.loans.calculator import Method
from bot.reminders import (
    LINE_TEXT,
    LineView,
    Loans,
    ReminderPolicy,
    Terms,
    line_end,
    line_payload,
    line_rows,
    plan_reminders,
    reminder_slots,
    stored_rows,
)
from bot.reminders_cli import import_disbursements, import_payments
from storage import loans as loan_store
from storage.tables import instalment_t, loan_t, member_t, notification_t
from tests.reminders.support import (
    BANKER,
    MEMBER,
    add_member,
    approved,
    disbursed,
    reminders,
    service,
)
from tests.reminders.test_locale_keys import named_keys
from tests.reminders.test_transcripts import drain
from tests.support.chat import Client, client_for, text_of
from tests.support.clock import FakeClock
from tests.transcripts.test_onboarding import agree

SHANGHAI = ZoneInfo("Asia/Shanghai")
NANXUN = ("nanxun_jiangxin", "member_loan")  # 匠心贷 · 会员贷: draw as needed only


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI).astimezone(UTC)


def line_terms(on: date, months: int = 13, amount: str = "100000",
               rate: str = "4.785") -> Terms:
    return Terms(on, Decimal(amount), Decimal(rate), months, Method.DRAW_AS_NEEDED, "NX-1")


async def line(engine: AsyncEngine, now: datetime, on: date, *, svc: Loans | None = None,
               user: int = MEMBER, months: int = 13,
               programme: tuple[str, str] = NANXUN) -> dict[str, Any]:
    """A member whose approved 匠心贷 the bank recorded as a credit line on ``on``."""
    await add_member(engine, user, now)
    ref = await approved(engine, now, user=user, programme=programme, amount="100000",
                         rate="4.785", term=months)
    async with engine.begin() as conn:
        return await (svc or service()).disburse(conn, ref=ref, terms=line_terms(on, months),
                                                 actor=BANKER, role="bank", now=now)


# -- pure: dates, rows, payloads, the member's view -----------------------------------------


def test_a_line_ends_its_term_after_disbursement_month_end_safe() -> None:
    assert line_end(date(2026, 3, 15), 12) == date(2027, 3, 15)
    assert line_end(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert line_end(date(2026, 1, 31), 13) == date(2027, 2, 28)
    assert line_end(date(2027, 8, 31), 6) == date(2028, 2, 29)  # a leap year


def test_reminders_before_on_the_day_and_the_day_after_across_month_end() -> None:
    policy = ReminderPolicy(days_before=(3, 0))
    slots = reminder_slots(policy, line_end(date(2026, 1, 31), 13))
    assert [(s.tag, s.day) for s in slots] == [
        ("d3", date(2027, 2, 25)), ("d0", date(2027, 2, 28)), ("late", date(2027, 3, 1))]
    assert [s.due_at for s in slots] == [local(2027, 2, 25, 9), local(2027, 2, 28, 9),
                                         local(2027, 3, 1, 9)]
    # An end on the 1st: "in 3 days" falls in the month before.
    ends = reminder_slots(ReminderPolicy(days_before=(7, 3, 0)), date(2026, 3, 1))
    assert [s.day for s in ends] == [date(2026, 2, 22), date(2026, 2, 26), date(2026, 3, 1),
                                     date(2026, 3, 2)]
    assert {LINE_TEXT[s.text_key] for s in ends} == {
        "reminder-line-before", "reminder-line-today", "reminder-line-overdue"}


def test_a_line_stores_its_end_date_and_no_amounts() -> None:
    [row] = line_rows(line_terms(date(2026, 1, 31)))
    assert row["period"] == 1 and row["due_on"] == date(2027, 2, 28)
    assert {row[k] for k in ("payment", "principal", "interest", "refund")} == {Decimal("0.00")}
    assert stored_rows(line_terms(date(2026, 1, 31)), None) == [row]
    scheduled = Terms(date(2026, 1, 31), Decimal("120000"), Decimal("3.6"), 12,
                      Method.EQUAL_INSTALMENTS)
    assert len(stored_rows(scheduled, None)) == 12
    with pytest.raises(NotAllowed):
        line_rows(line_terms(date(2026, 1, 31), months=0))


@pytest.mark.parametrize("locale", LOCALES)
def test_the_reminder_states_line_rate_and_end_but_no_balance(locale: str) -> None:
    policy = ReminderPolicy()
    [before, today, late] = reminder_slots(policy, date(2027, 2, 28))
    row = {"loan_id": 7, "period": 1, "due_on": date(2027, 2, 28), "user_id": MEMBER,
           "programme": "nanxun_jiangxin", "amount": Decimal("100000.00"),
           "annual_rate": Decimal("4.7850"), "subsidy": {"kind": "none"}, "chat_id": MEMBER}
    names = {"nanxun_jiangxin": {"zh-CN": "匠心贷", "en": "Jiangxin"}}
    payload = line_payload(row, before, names)
    assert payload["text"] == [{"key": "reminder-line-before", "args": {
        "end": "2027-02-28", "days": 3, "amount": {"money": "100000.00"}, "rate": "4.785",
        "programme": {"names": {"zh-CN": "匠心贷", "en": "Jiangxin"}}}}]
    t = Translator()
    shown = [render_payload(t, locale, line_payload(row, s, names)).text
             for s in (before, today, late)]
    for text in shown:
        assert "2027-02-28" in text and "4.785%" in text and "100,000.00" in text
    assert "{" not in "".join(shown)  # every argument filled in
    subsidised = line_payload({**row, "subsidy": {"kind": "full"}}, late, {})
    assert subsidised["text"][1] == {"key": "reminder-line-subsidy-note"}
    assert subsidised["text"][0]["args"]["programme"] == {
        "names": {"zh-CN": "nanxun_jiangxin", "en": "nanxun_jiangxin"}}


def test_the_members_view_of_a_line_counts_down_to_its_end() -> None:
    policy = ReminderPolicy()
    loan = {"id": 1, "disbursed_on": date(2026, 1, 31), "term_months": 13, "status": "active"}
    rows = [{"period": 1, "due_on": date(2027, 2, 28), "paid_on": None}]
    view = LineView.build(loan, rows, date(2027, 2, 1), policy)
    assert (view.ends_on, view.days_left, view.next_reminder, view.overdue) == (
        date(2027, 2, 28), 27, date(2027, 2, 25), False)
    assert LineView.build(loan, rows, date(2027, 2, 26), policy).next_reminder == date(
        2027, 2, 28)
    late = LineView.build(loan, rows, date(2027, 3, 1), policy)
    assert (late.overdue, late.next_reminder) == (True, date(2027, 3, 1))
    assert LineView.build(loan, rows, date(2027, 3, 2), policy).next_reminder is None
    paid = LineView.build(loan, [{**rows[0], "paid_on": date(2027, 2, 20)}], date(2027, 3, 2),
                          policy)
    assert (paid.repaid_on, paid.overdue, paid.next_reminder) == (date(2027, 2, 20), False, None)


def test_the_key_check_covers_every_line_key() -> None:
    """tests/reminders/test_locale_keys.py checks both languages for every key it finds."""
    found = named_keys()
    t = Translator()
    ours = ("reminder-line-", "loan-line-", "myloans-line-", "disburse-line-", "payment-line-",
            "disburse-summary-line", "disburse-amount-line-")
    line_keys = {k for k in t.keys["zh-CN"] if k.startswith(ours)}
    assert len(line_keys) == 21 and line_keys == {k for k in t.keys["en"] if k.startswith(ours)}
    assert set(LINE_TEXT.values()) | {"reminder-line-subsidy-note"} <= found
    assert sorted(line_keys - found) == []


# -- storage: SQLite and PostgreSQL -----------------------------------------------------------


async def test_a_lines_reminders_step_by_step_and_twice_changes_nothing(
        engine: AsyncEngine) -> None:
    svc = service()
    loan = await line(engine, local(2026, 2, 1, 10), date(2026, 1, 31), svc=svc)
    assert (loan["method"], loan["count"], loan["first"]["due_on"]) == (
        "draw_as_needed", 1, date(2027, 2, 28))
    key = f"rem:{loan['id']}:1"
    assert await svc.plan(engine, local(2027, 2, 10, 10)) == 0  # too early
    assert await svc.plan(engine, local(2027, 2, 20, 10)) == 1  # "in 3 days", sent Feb 25
    first = await reminders(engine)
    assert await svc.plan(engine, local(2027, 2, 20, 10)) == 0
    assert await reminders(engine) == first
    assert await svc.plan(engine, local(2027, 2, 25, 10)) == 1  # "today" joins it
    assert await svc.plan(engine, local(2027, 3, 1, 8, 30)) == 1  # not repaid: overdue
    assert await svc.plan(engine, local(2027, 3, 1, 8, 30)) == 0
    rows = {r["dedup_key"]: r for r in await reminders(engine)}
    assert {k: r["due_at"] for k, r in rows.items()} == {
        f"{key}:d3": local(2027, 2, 25, 9), f"{key}:d0": local(2027, 2, 28, 9),
        f"{key}:late": local(2027, 3, 1, 9)}
    for row in rows.values():
        assert (row["user_id"], row["chat_id"], row["kind"], row["urgent"], row["status"],
                row["priority"]) == (MEMBER, MEMBER, "reminder", False, "pending", 3)
    text = rows[f"{key}:late"]["payload"]["text"]
    assert text == [{"key": "reminder-line-overdue", "args": {
        "end": "2027-02-28", "days": -1, "amount": {"money": "100000.00"}, "rate": "4.785",
        "programme": {"names": {"zh-CN": "匠心贷", "en": 'Jiangxin ("Craftsman\'s Heart") Loan'}}}}]
    # The day after the overdue notice's day, nothing more is planned for the line.
    assert await svc.plan(engine, local(2027, 3, 2, 10)) == 0


async def test_full_repayment_recorded_skips_unsent_and_stops_the_overdue_notice(
        engine: AsyncEngine) -> None:
    svc = service()
    loan = await line(engine, local(2026, 2, 1, 10), date(2026, 1, 31), svc=svc)
    assert await svc.plan(engine, local(2027, 2, 25, 10)) == 2
    async with engine.begin() as conn:  # "in 3 days" went out this morning
        await conn.execute(update(notification_t)
                           .where(notification_t.c.dedup_key.endswith(":d3"))
                           .values(status="sent"))
        result = await svc.record_payment(conn, loan_id=loan["id"], period=1,
                                          paid_on=date(2027, 2, 26), actor=BANKER, role="bank",
                                          now=local(2027, 2, 26, 15))
    assert (result.recorded, result.repaid, result.cancelled) == (True, True, 1)
    rows = {r["dedup_key"].rsplit(":", 1)[1]: r["status"] for r in await reminders(engine)}
    assert rows == {"d3": "sent", "d0": "skipped"}
    assert await svc.plan(engine, local(2027, 3, 1, 8)) == 0
    async with engine.connect() as conn:
        assert await conn.scalar(select(loan_t.c.status)) == "repaid"
        [view] = await svc.member_view(conn, MEMBER, local(2027, 3, 1, 8))
    assert isinstance(view, LineView) and view.repaid_on == date(2027, 2, 26)


async def test_lines_and_instalment_loans_each_get_their_own_reminders(
        engine: AsyncEngine) -> None:
    """A line ending the day an instalment is due: each planner keeps to its own loans, and
    four planners at once create every reminder once."""
    svc = service()
    now = local(2026, 2, 1, 10)
    credit = await line(engine, now, date(2026, 1, 31), svc=svc, months=1)  # ends Feb 28
    loan = await disbursed(engine, now, date(2026, 1, 31), loans=svc, user=5151)
    blocked = await line(engine, now, date(2026, 1, 31), svc=svc, user=6161, months=1)
    async with engine.begin() as conn:
        await conn.execute(update(member_t).where(member_t.c.user_id == 6161)
                           .values(unreachable=True))
    created = await asyncio.gather(*(svc.plan(engine, local(2026, 2, 25, 10)) for _ in range(4)))
    assert sum(created) == 4
    keys = {r["dedup_key"]: r["payload"]["text"][0]["key"] for r in await reminders(engine)}
    assert keys == {f"rem:{credit['id']}:1:d3": "reminder-line-before",
                    f"rem:{credit['id']}:1:d0": "reminder-line-today",
                    f"rem:{loan['id']}:1:d3": "reminder-before",
                    f"rem:{loan['id']}:1:d0": "reminder-today"}
    assert blocked["id"] not in {credit["id"], loan["id"]}
    assert await svc.plan(engine, local(2026, 2, 25, 10)) == 0


async def test_member_view_lists_lines_beside_loans(engine: AsyncEngine) -> None:
    svc = service()
    now = local(2026, 2, 1, 10)
    await line(engine, now, date(2026, 1, 31), svc=svc)
    await disbursed(engine, now, date(2026, 1, 20), loans=svc)
    async with engine.connect() as conn:
        views = await svc.member_view(conn, MEMBER, local(2026, 2, 2, 10))
        stored = list(await conn.execute(select(instalment_t.c.payment, instalment_t.c.due_on)
                                         .join(loan_t).where(loan_t.c.method == "draw_as_needed")))
    assert [type(v).__name__ for v in views] == ["LineView", "LoanView"]
    assert stored == [(Decimal("0.00"), date(2027, 2, 28))]
    assert loan_store.LINE_METHOD == Method.DRAW_AS_NEEDED.value


# -- the bank's CSV files ---------------------------------------------------------------------


async def test_a_line_imported_from_the_banks_csv_and_its_repayment(
        app: App, clock: FakeClock, tmp_path: Path) -> None:
    await add_member(app.engine, MEMBER, clock())
    ref = await approved(app.engine, clock(), programme=NANXUN, amount="100000", rate="4.785",
                         term=12)
    sheet = tmp_path / "d.csv"
    sheet.write_text("ref,disbursed_on,amount,annual_rate,term_months,method,bank_ref\n"
                     f"{ref},2026-11-16,80000,,,draw_as_needed,NX-7\n", encoding="utf-8")
    report = await import_disbursements(app.engine, app.services, sheet)
    assert (report.added, report.rejected) == (1, [])
    assert (await import_disbursements(app.engine, app.services, sheet)).unchanged == 1
    async with app.engine.connect() as conn:
        loan = await loan_store.find_loan(conn, "NX-7")
        assert loan is not None
        [row] = await loan_store.instalments_of(conn, loan["id"])
    assert (loan["method"], loan["amount"], row["due_on"]) == (
        "draw_as_needed", Decimal("80000.00"), date(2027, 11, 16))
    clock.set_local(2027, 11, 20, 10)
    paid = tmp_path / "p.csv"
    paid.write_text("ref,period,paid_on\nNX-7,1,2027-11-15\nNX-7,2,2027-11-15\n",
                    encoding="utf-8")
    report = await import_payments(app.engine, app.services, paid)
    assert report.added == 1 and [r.key for r in report.rejected] == ["payment-period-unknown"]
    async with app.engine.connect() as conn:
        assert (await loan_store.get_loan(conn, loan["id"]) or {})["status"] == "repaid"


# -- as people see it ---------------------------------------------------------------------------


async def test_myloans_shows_the_line_and_its_reminders_arrive(member: Client, app: App,
                                                               clock: FakeClock) -> None:
    await agree(member)
    svc = Loans.of(app.services)
    loan = await line(app.engine, clock(), date(2026, 11, 17), svc=svc, months=12)
    told = text_of(await drain(member, clock))
    assert f"银行已登记你的随借随还额度 {loan['ref']}（匠心贷）" in told
    assert "授信 100,000.00 元，年利率 4.785%，2027-11-17 到期" in told
    seen = await member.send("/myloans")
    shown = text_of(seen)
    assert "匠心贷 · " + loan["ref"] in shown
    assert ("随借随还额度 100,000.00 元，年利率 4.785%，12 个月：2026-11-17 起，2027-11-17 到期"
            in shown)
    assert "额度 2027-11-17 到期（还有 365 天）" in shown and "以银行记录为准" in shown
    assert "下次提醒：2027-11-14" in shown
    assert "还款计划" not in shown and " 0.00 元" not in shown  # no schedule, no invented balance
    assert "没有找到" in text_of(await member.press_data(f"menu:myloans csv {loan['id']}"))
    clock.set_local(2027, 11, 14, 8, 50)
    assert await plan_reminders(app.engine, app.services) == 2  # in 3 days, and on the day
    clock.set_local(2027, 11, 14, 9, 1)
    [before] = await drain(member, clock)
    assert "随借随还额度（100,000.00 元，年利率 4.785%）将于 2027-11-17 到期（还有 3 天）" in (
        before.text)
    assert "还清已借用的全部款项及利息" in before.text and before.buttons == ["📅 我的贷款"]
    clock.set_local(2027, 11, 17, 9, 1)
    [today] = await drain(member, clock)
    assert "今天（2027-11-17）是你的匠心贷随借随还额度（100,000.00 元，年利率 4.785%）的到期日" in (
        today.text)
    clock.set_local(2027, 11, 18, 9, 30)
    assert await plan_reminders(app.engine, app.services) == 1  # the overdue notice
    [late] = await drain(member, clock)
    assert "已于 2027-11-17 到期，银行尚未登记还清" in late.text
    mine = text_of(await member.send("/myloans"))
    assert "⚠️ 额度已于 2027-11-17 到期，银行尚未登记还清" in mine
    assert "下次提醒：2027-11-18" in mine


async def test_bank_officer_records_a_line_and_its_full_repayment(
        pair: tuple[Client, Client], app: App, clock: FakeClock) -> None:
    member, banker = pair
    ref = await approved(app.engine, clock(), programme=NANXUN, amount="100000", rate="4.785",
                         term=12)
    await banker.send(f"/disburse {ref}")
    asked = text_of(await banker.press("今天"))
    assert "放款金额" in asked and "随借随还请填授信额度" in asked
    await banker.press("按批准金额")
    await banker.press("按批准利率")
    methods = await banker.press("按批准期限")
    assert "还款方式" in text_of(methods) and "等额本息" not in text_of(methods)  # its only one
    await banker.press("随借随还")
    summary = text_of(await banker.press("跳过"))
    assert "随借随还额度，2027-11-17 到期" in summary and "首期" not in summary
    done = text_of(await banker.press("确认登记"))
    assert f"已登记 {ref} 的随借随还额度 100,000.00 元，2027-11-17 到期" in done
    assert "2027-11-17 到期" in text_of(await drain(member, clock))
    clock.set_local(2027, 11, 16, 10)
    assert f"{ref}：随借随还额度 2027-11-17 到期，尚未登记还清" in text_of(
        await banker.send("/payment"))
    options = await banker.press(ref)
    assert "随借随还额度：会员已全部还清了吗" in text_of(options)
    assert options[-1].buttons[0] == "额度已全部还清（2027-11-17 到期）"
    assert "哪天全部还清" in text_of(await banker.press("额度已全部还清"))
    recorded = text_of(await banker.press("今天"))
    assert f"已登记 {ref} 的随借随还额度全部还清（2027-11-16 还清）" in recorded
    mine = text_of(await member.send("/myloans"))
    assert "✅ 银行已登记还清（2027-11-16），额度已结清" in mine and "下次提醒" not in mine
    clock.set_local(2027, 11, 18, 8)
    assert await plan_reminders(app.engine, app.services) == 0


async def test_english_myloans_for_a_line(app: App, clock: FakeClock) -> None:
    async with client_for("console", app) as member:
        await agree(member)
        await line(app.engine, clock(), date(2026, 11, 17), svc=Loans.of(app.services),
                   months=12)
        async with app.engine.begin() as conn:
            await conn.execute(update(member_t).values(locale="en"))
        clock.set_local(2027, 11, 17, 10)
        shown = text_of(await member.send("/myloans"))
    assert ("Draw-as-needed line of CNY 100,000.00, 4.785% a year, 12 months: from 2026-11-17,"
            " ends on 2027-11-17") in shown
    assert "The line ends today (2027-11-17)" in shown and "Next reminder: 2027-11-17" in shown

"""/myloans, /disburse, /payment and reminders as people see them: console, PTB and aiogram.

Notices are read the way members get them: through outbox delivery rounds on the same
channel (one message a second per chat, so a few rounds, seconds apart on the clock).
"""

from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy import select

from bot.app import App
from bot.reminders import Loans, plan_reminders
from storage.tables import loan_t
from tests.reminders.support import BANKER, approved, disbursed
from tests.support.chat import Client, Seen, client_for, text_of
from tests.support.clock import FakeClock
from tests.transcripts.test_onboarding import agree


async def drain(client: Client, clock: FakeClock, rounds: int = 4) -> list[Seen]:
    seen: list[Seen] = []
    for _ in range(rounds):
        seen += await client.deliver()
        clock.advance(seconds=5)
    return seen


async def test_myloans_next_due_left_and_the_schedule_as_csv(member: Client, app: App,
                                                              clock: FakeClock) -> None:
    await agree(member)
    assert "暂时没有登记" in text_of(await member.send("/myloans"))
    loan = await disbursed(app.engine, clock(), date(2026, 11, 17), loans=Loans.of(app.services))
    seen = await member.send("/myloans")
    shown = text_of(seen)
    assert "瓷都工贷（个人）" in shown and loan["ref"] in shown
    assert "300,000.00 元，年利率 3.5%，36 个月，等额本息；2026-11-17 放款" in shown
    assert "下一期：第 1/36 期，2026-12-17 到期，8,790.62 元" in shown
    assert "已还 0/36 期" in shown and "16,462.47 元" in shown  # the union's whole refund
    seen = await member.press("还款计划")
    sheet = next(s for s in seen if s.document)
    assert sheet.document == f"loan-{loan['ref']}-schedule.csv"
    assert sheet.content.startswith(b"\xef\xbb\xbf")  # Excel on Chinese Windows needs the BOM
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert len(rows) == 37 and rows[0][-2:] == ["工会贴息退还（元）", "还款日期"]
    assert rows[1][:6] == ["1", "2026-12-17", "8790.62", "7915.62", "875.00", "292084.38"]
    assert rows[36][1] == "2029-11-17" and rows[36][5] == "0.00"
    # Someone else's loan id in a hand-made payload shows nothing.
    assert "没有找到" in text_of(await member.press_data(f"menu:myloans csv {loan['id'] + 1}"))


async def test_a_reminder_asks_for_the_full_instalment_and_explains_the_subsidy(
        member: Client, app: App, clock: FakeClock) -> None:
    await agree(member)
    await disbursed(app.engine, clock(), date(2026, 11, 17), loans=Loans.of(app.services))
    await drain(member, clock)  # the decision and disbursement notices
    clock.set_local(2026, 12, 14, 8, 50)
    # "In 3 days" for today, and "today" for Dec 17 (within the week ahead).
    assert await plan_reminders(app.engine, app.services) == 2
    assert await drain(member, clock, rounds=1) == []  # 09:00 has not come yet
    clock.set_local(2026, 12, 14, 9, 1)
    seen = await drain(member, clock)
    assert len(seen) == 1
    text = seen[0].text
    assert "第 1/36 期将于 2026-12-17 到期（还有 3 天）" in text
    assert "8,790.62 元，这是银行扣款的全额月供" in text
    assert "工会贴息不减少银行扣款金额" in text and "875.00 元" in text and "5 个工作日" in text
    assert seen[0].buttons == ["📅 我的贷款"]
    assert await drain(member, clock, rounds=2) == []  # delivered once
    clock.set_local(2026, 12, 14, 10)
    assert await plan_reminders(app.engine, app.services) == 0


async def test_an_early_reminder_time_waits_for_the_end_of_quiet_hours(
        app: App, clock: FakeClock) -> None:
    app.settings.reminder_time = "06:30"  # inside the default quiet hours (21:00-08:00)
    async with client_for("console", app) as member:
        await agree(member)
        await disbursed(app.engine, clock(), date(2026, 11, 17), loans=Loans.of(app.services))
        await drain(member, clock)
        clock.set_local(2026, 12, 17, 6, 0)
        assert await plan_reminders(app.engine, app.services) == 1  # "today" for Dec 17
        clock.set_local(2026, 12, 17, 7, 0)
        assert await drain(member, clock, rounds=1) == []  # due, but quiet: held back
        clock.set_local(2026, 12, 17, 8, 0)
        [today] = await drain(member, clock)
        assert "今天（2026-12-17）" in today.text


async def test_bank_officer_records_the_disbursement_and_a_payment(
        pair: tuple[Client, Client], app: App, clock: FakeClock) -> None:
    member, banker = pair
    ref = await approved(app.engine, clock())
    assert "没有 /disburse 这个命令" in text_of(await member.send("/disburse"))
    listed = await banker.send("/disburse")
    assert ref in text_of(listed) and "尚未登记放款" in text_of(listed)
    assert "哪天放款" in text_of(await banker.press(ref))
    assert "放款金额" in text_of(await banker.press("今天"))
    assert "合同年利率" in text_of(await banker.press("按批准金额"))
    assert "期限" in text_of(await banker.press("按批准利率"))
    assert "还款方式" in text_of(await banker.press("按批准期限"))
    assert "合同编号" in text_of(await banker.press("等额本息"))
    assert "只能包含" in text_of(await banker.send("编号 一"))
    summary = text_of(await banker.send("XY-2026-0001"))
    assert "首期 2026-12-17 还 8,790.62 元" in summary and "16,462.47 元" in summary
    done = text_of(await banker.press("确认登记"))
    assert f"已登记 {ref} 的放款：共 36 期" in done
    async with app.engine.connect() as conn:
        stored = (await conn.execute(select(loan_t))).one()
    assert (stored.bank_ref, stored.recorded_by, stored.status) == ("XY-2026-0001", BANKER,
                                                                   "active")
    told = text_of(await drain(member, clock))
    assert f"银行已登记你的贷款 {ref}" in told and "首期 8,790.62 元 于 2026-12-17 到期" in told
    # A month on, the bank records the first payment, on its due date.
    clock.set_local(2026, 12, 18, 10)
    assert ref in text_of(await banker.send("/payment"))
    assert "哪一期已还款" in text_of(await banker.press(ref))
    assert "哪天还的款" in text_of(await banker.press("第 1 期"))
    recorded = text_of(await banker.press("到期当天"))
    assert f"已登记 {ref} 第 1 期还款（2026-12-17 还款）" in recorded
    mine = text_of(await member.send("/myloans"))
    assert "已还 1/36 期" in mine and "下一期：第 2/36 期，2027-01-17 到期" in mine

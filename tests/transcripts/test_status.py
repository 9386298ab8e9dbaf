"""/status on console, PTB and aiogram: history, decisions, withdraw, answering the union.

Applications are put in and moved through the service (as staff would move them), so
these transcripts test only what the member sees and does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from bot.app import App
from bot.applications import UNION_QUEUE, Decision, Draft
from storage.tables import app_event_t, application_t
from tests.support.chat import USER, Client, text_of
from tests.support.clock import FakeClock
from tests.transcripts.test_onboarding import agree

REVIEWER, BANKER, STRANGER = 9001, 9002, 777


def draft(amount: str = "200000") -> Draft:
    return Draft(programme="nanxun_jiangxin", tier="model_loan", borrower="individual",
                 amount=Decimal(amount), term_months=24, purpose="business",
                 method="draw_as_needed", branch="nanxun", employer="南浔某某服装厂",
                 name="王芳", phone="+8613912345678", answers={"no_overdue_record": True},
                 consents={c: "2026-09-30T02:00:00+00:00"
                           for c in ("processing", "bank", "cross_border")})


async def submit(app: App, clock: FakeClock, user: int = USER, amount: str = "200000") -> str:
    async with app.engine.begin() as conn:
        row = await app.services.applications.submit(conn, user_id=user, chat_id=user,
                                                     draft=draft(amount), now=clock())
    return str(row["ref"])


async def move(app: App, clock: FakeClock, ref: str, action: str, **kw: Any) -> None:
    role = "bank" if action in ("approve", "reject") else "reviewer"
    actor = BANKER if role == "bank" else REVIEWER
    async with app.engine.begin() as conn:
        await app.services.applications.transition(conn, ref=ref, action=action, actor=actor,
                                                   role=role, now=clock(), **kw)


async def stored(app: App, ref: str) -> dict[str, Any]:
    async with app.engine.connect() as conn:
        row = (await conn.execute(select(application_t).where(application_t.c.ref == ref))).one()
    return dict(row._mapping)


async def test_history_newest_first_with_decisions(member: Client, app: App,
                                                   clock: FakeClock) -> None:
    await agree(member)
    assert "还没有提交过" in text_of(await member.send("/status"))
    clock.set_local(2026, 9, 28, 9)
    approved = await submit(app, clock, amount="300000")
    clock.set_local(2026, 9, 28, 15, 30)
    await move(app, clock, approved, "recommend")
    clock.set_local(2026, 9, 29, 11)
    await move(app, clock, approved, "approve",
               decision=Decision(Decimal("250000"), Decimal("4.35"), 12))
    declined = await submit(app, clock, amount="100000")
    await move(app, clock, declined, "decline", note="称号证书未上传")
    clock.set_local(2026, 9, 30, 10)
    open_ref = await submit(app, clock)
    await submit(app, clock, user=STRANGER)  # someone else's: never shown

    seen = await member.send("/status")
    text = text_of(seen)
    assert "共 3 份" in text
    # Newest first: the open one, then the declined, then the approved one.
    assert text.index(open_ref) < text.index(declined) < text.index(approved)
    assert "2026-09-28 09:00  已提交" in text and "2026-09-28 15:30  已推荐至银行" in text
    assert "2026-09-29 11:00  银行已批准" in text
    assert "批准：金额 250,000.00 元，年利率 4.35%，期限 12 个月" in text
    assert "原因：称号证书未上传" in text
    # Three working days after 2026-09-30 is 2026-10-10, a make-up Saturday.
    assert "预计 2026-10-10 前给出结果（3 个工作日）" in text
    # Only the undecided application can be withdrawn.
    assert [s.buttons for s in seen if s.buttons] == [["撤回"]]


async def test_withdraw_asks_first_and_only_ones_own(member: Client, app: App,
                                                      clock: FakeClock) -> None:
    await agree(member)
    ref = await submit(app, clock)
    theirs = await submit(app, clock, user=STRANGER)
    await move(app, clock, theirs, "ask_info", note="内部问题")
    await member.send("/status")
    seen = await member.press("撤回")
    assert f"确定要撤回申请 {ref} 吗" in text_of(seen)
    seen = await member.press("不撤回")
    assert "保持不变" in text_of(seen) and (await stored(app, ref))["stage"] == "submitted"
    await member.send("/status")
    await member.press("撤回")
    seen = await member.press("确认撤回")
    assert f"申请 {ref} 已撤回" in text_of(seen)
    row = await stored(app, ref)
    assert row["stage"] == "withdrawn"
    seen = await member.send("/status")
    assert "当前：已撤回" in text_of(seen) and not any(s.buttons for s in seen)
    assert theirs not in text_of(seen)
    # Forged payloads naming someone else's application change nothing and show nothing.
    for payload in (f"menu:status withdraw {theirs}", f"menu:status answer {theirs}"):
        seen = await member.press_data(payload)
        assert f"没有找到你的申请 {theirs}" in text_of(seen)
        assert "内部问题" not in text_of(seen)
    # Straight to the flow, past /status: the service still refuses.
    seen = await member.press_data(f"menu:withdraw {theirs}")
    assert "确认撤回" in seen[-1].buttons
    seen = await member.send("确认撤回")  # typing the label is as good as pressing it
    assert "没有找到申请" in text_of(seen)
    assert (await stored(app, theirs))["stage"] == "info_requested"


async def test_answering_returns_to_the_queue(member: Client, app: App,
                                              clock: FakeClock) -> None:
    await agree(member)
    ref = await submit(app, clock)
    await move(app, clock, ref, "ask_info", note="请说明贷款用于哪条生产线")
    seen = await member.send("/status")
    assert "工会的问题：请说明贷款用于哪条生产线" in text_of(seen)
    assert seen[-1].buttons == ["✍ 回答", "撤回"]
    seen = await member.press("回答")
    assert "请直接输入你对申请" in text_of(seen)
    seen = await member.send("身份证号 110101199003071234")
    assert "请不要在聊天中发送身份证号" in text_of(seen)
    seen = await member.send("用于新增一条缝纫生产线")
    assert "重新进入审核队列" in text_of(seen)
    row = await stored(app, ref)
    assert (row["stage"], row["note"]) == ("submitted", "用于新增一条缝纫生产线")
    async with app.engine.connect() as conn:
        queue = await app.services.applications.queue(conn, UNION_QUEUE)
        notes = [e.note for e in (await conn.execute(select(app_event_t))).all()]
    assert ref in [r["ref"] for r in queue]
    assert not any("110101199003071234" in n for n in notes)
    assert "你已回复：用于新增一条缝纫生产线" in text_of(await member.send("/status"))

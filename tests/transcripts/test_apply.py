"""/apply end to end: a pre-application from programme choice to reference number.

Runs on console, PTB and aiogram where the channel matters (buttons, the contact
keyboard); restart and eligibility stops run on the console only, to keep the suite fast.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.app import App, build_app
from storage.tables import app_event_t, application_t, state_t
from tests.support.chat import USER, Client, client_for, text_of
from tests.support.clock import FakeClock
from tests.transcripts.test_onboarding import agree
from tests.transcripts.test_profile import fill_profile

ID_NUMBER = "110101199003071234"  # the shape of a resident ID number (made up)
NANXUN = "nanxun_jiangxin"


async def applications(app: App) -> list[dict[str, Any]]:
    async with app.engine.connect() as conn:
        rows = await conn.execute(select(application_t))
        return [dict(r._mapping) for r in rows]


async def stored_state(app: App) -> str:
    async with app.engine.connect() as conn:
        rows = await conn.execute(select(state_t).where(state_t.c.user_id == USER))
        return repr([dict(r._mapping) for r in rows])


async def member_with_profile(member: Client) -> None:
    await agree(member)
    await fill_profile(member)  # 南浔区总工会, 市级劳动模范 and 技术标兵
    await member.press("保存")


async def up_to_consents(member: Client, start: str = f"/apply {NANXUN}") -> None:
    """The quick way through: programme named, every profile value confirmed."""
    await member.send(start)
    await member.send("20万")
    await member.press("24 个月")
    await member.press("生产经营")
    await member.press("随借随还")
    await member.press("确认")
    await member.send("南浔某某服装厂")
    await member.press("使用「")
    await member.press("使用 +86")
    seen = await member.press("是")
    assert "第 1 项同意" in text_of(seen)


async def consent_all(member: Client) -> None:
    for label in ("同意处理", "同意提供给银行", "同意跨境传输"):
        await member.press(label)


async def test_happy_path_to_a_reference_number(member: Client, app: App,
                                                clock: FakeClock) -> None:
    clock.set_local(2026, 9, 30, 10)  # three working days later is a make-up Saturday
    await member_with_profile(member)
    seen = await member.send("/apply")
    assert "请选择一个" in text_of(seen) and "匠心贷" in seen[-1].buttons
    seen = await member.press("匠心贷")
    assert "你适用「劳模贷」，最高可申请 30万元" in text_of(seen)
    assert "最高为 30万元" in text_of(await member.send("50万"))
    assert "没看懂这个金额" in text_of(await member.send("很多钱"))
    seen = await member.send("二十万元")
    assert "最长 36 个月" in text_of(seen)
    assert "须在 1 至 36 个月之间" in text_of(await member.send("5年"))
    seen = await member.send("2年")
    assert seen[-1].buttons[:2] == ["生产经营", "生活消费（装修、购车等）"]
    await member.press("生产经营")
    seen = await member.press("随借随还")
    assert "南浔区总工会" in text_of(seen)
    await member.press("确认")
    # An ID number typed anywhere is refused kindly and never kept.
    seen = await member.send(f"身份证 {ID_NUMBER}")
    assert "请不要在聊天中发送身份证号" in text_of(seen) and "工作单位" in text_of(seen)
    seen = await member.send("南浔某某服装厂")
    assert "申请人姓名：王 芳" in text_of(seen)
    await member.press("使用「王 芳」")
    seen = await member.press("使用 +8613912345678")
    assert "没有逾期" in text_of(seen)
    seen = await member.press("是")
    assert "第 1 项同意" in text_of(seen) and seen[-1].buttons[0] == "✅ 同意处理"
    seen = await member.press("同意处理")
    assert "第 2 项同意" in text_of(seen) and "南浔银行" in text_of(seen)
    seen = await member.press("同意提供给银行")
    assert "第 3 项同意" in text_of(seen) and "境外" in text_of(seen)
    seen = await member.press("同意跨境传输")
    summary = text_of(seen)
    for line in ("产品：匠心贷（劳模贷）", "金额：200,000.00 元", "期限：24 个月",
                 "用途：生产经营", "还款方式：随借随还", "工会：南浔区总工会",
                 "工作单位：南浔某某服装厂", "姓名：王 芳", "手机：+8613912345678",
                 "无逾期记录：是"):
        assert line in summary, line
    # Edit one field: the form jumps there and comes back to the summary.
    await member.press("改金额")
    seen = await member.send("150000.5元")
    assert "金额：150,000.50 元" in text_of(seen) and "期限：24 个月" in text_of(seen)
    assert await applications(app) == []  # nothing is submitted before "submit"
    seen = await member.press("提交预申请")
    text = text_of(seen)
    ref = re.search(r"申请编号：(UB\d{6}-[A-Z0-9]{4})", text)
    assert ref is not None, text
    assert "2026-10-10 前" in text and "3 个工作日" in text
    assert "身份证号、证件照片、银行账户或流水" in text and "南浔银行柜台" in text
    [row] = await applications(app)
    assert row["ref"] == ref[1] and row["user_id"] == USER and row["stage"] == "submitted"
    assert row["amount"] == Decimal("150000.50") and row["term_months"] == 24
    assert (row["programme"], row["tier"], row["borrower"]) == (NANXUN, "model_loan",
                                                                 "individual")
    assert (row["purpose"], row["method"], row["branch"]) == ("business", "draw_as_needed",
                                                              "nanxun")
    assert (row["name"], row["phone"], row["employer"]) == ("王 芳", "+8613912345678",
                                                            "南浔某某服装厂")
    assert row["answers"] == {"borrower_type": "individual", "no_overdue_record": True}
    assert set(row["consents"]) == {"processing", "bank", "cross_border"}
    for given in row["consents"].values():
        assert datetime.fromisoformat(given) == clock()
    assert ID_NUMBER not in repr(row) + await stored_state(app)
    async with app.engine.connect() as conn:
        events = (await conn.execute(select(app_event_t))).all()
    assert [e.stage for e in events] == ["submitted"]
    # A second press of the old submit button submits nothing more.
    await member.press("提交预申请")
    assert len(await applications(app)) == 1


async def test_each_refused_consent_submits_nothing(app: App) -> None:
    explanations = ("没有你的同意，我们无法处理", "需要提供给南浔银行审批", "没有跨境传输的同意")
    async with client_for("console", app) as member:
        await member_with_profile(member)
        for agreed, explanation in enumerate(explanations):
            await up_to_consents(member)
            for label in ("同意处理", "同意提供给银行")[:agreed]:
                await member.press(label)
            seen = await member.press("不同意")
            assert explanation in text_of(seen) and "申请未提交" in text_of(seen)
            assert await applications(app) == []
        # The form is over: the old consent button does nothing.
        seen = await member.press("同意跨境传输")
        assert seen and seen[-1].toast and await applications(app) == []


async def test_contact_is_asked_when_the_profile_has_none(member: Client, app: App) -> None:
    await agree(member)
    await member.send("/profile")
    await member.send("王芳")
    await member.contact("+8613912345678")
    await member.press("南浔区总工会")
    await member.press("外卖骑手")
    await member.press("无")
    await member.press("完成")
    await member.press("保存")
    # A member with no title: the member tier, and a mobile from the share button.
    assert "你适用「会员贷」，最高可申请 10万元" in text_of(await member.send("/apply " + NANXUN))
    await member.send("5万")
    await member.press("12 个月")
    await member.press("消费")
    await member.press("随借随还")
    await member.press("更换工会")
    seen = await member.press("临海市总工会")
    assert "只接受浙江省湖州市南浔区工会会员" in text_of(seen)
    await member.press("南浔区总工会")
    await member.send("南浔某某快递站")
    await member.press("使用「")
    seen = await member.press("分享其他号码")
    assert seen[-1].keyboard == "contact"
    assert "分享手机号" in text_of(await member.send("13800138000"))
    seen = await member.contact("+8613800138000")
    assert "没有逾期" in text_of(seen)
    await member.press("是")
    await consent_all(member)
    seen = await member.press("改手机")
    assert "+8613800138000" in text_of(seen)
    await member.press("使用 +8613800138000")
    await member.press("提交预申请")
    [row] = await applications(app)
    assert (row["tier"], row["phone"], row["purpose"]) == ("member_loan", "+8613800138000",
                                                           "consumption")


async def test_resume_after_restart_then_abandon(tmp_path: Path, clock: FakeClock) -> None:
    """A half-filled form lives in the database: a new process continues it."""
    from bot.settings import load_settings

    settings = load_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'r.db'}",
                             telegram_token="", admin_ids="")
    first = await build_app(settings, clock=clock)
    async with client_for("console", first) as member:
        await member_with_profile(member)
        await member.send(f"/apply {NANXUN}")
        await member.send("20万")
        await member.press("24 个月")
        business = member.button_data("生产经营")
    await first.close()
    second = await build_app(settings, clock=clock)
    try:
        async with client_for("console", second) as member:
            seen = await member.press_data(business)
            assert "还款方式" in text_of(seen)
            # Interrupted by another command, the form waits and is offered back.
            await member.send("/profile")
            seen = await member.send("/cancel")
            assert "「贷款预申请」中还没有完成，要继续吗" in text_of(seen)
            seen = await member.press("继续")
            assert "还款方式" in text_of(seen)
            # Abandoned: nothing submitted, nothing of the form kept.
            seen = await member.send("/cancel")
            assert "已取消「贷款预申请」" in text_of(seen)
            assert await applications(second) == []
            async with second.engine.connect() as conn:
                state = (await conn.execute(select(state_t))).one()
            assert (state.flow, state.data, state.suspended) == (None, {}, None)
    finally:
        await second.close()


async def test_stops_with_reasons(app: App) -> None:
    """Not eligible, a business too young, an overdue record: each ends politely."""
    async with client_for("console", app) as member:
        await member_with_profile(member)
        seen = await member.send("/apply linhai_gongxin")
        assert "你暂时不能申请「工薪贷」" in text_of(seen) and "临海" in text_of(seen)
        assert "选择其他产品" in seen[-1].buttons
        seen = await member.send("/apply nosuch")
        assert "没有找到贷款产品「nosuch」" in text_of(seen)
        await member.send(f"/apply {NANXUN}")
        for answer in ("20万", "2年"):
            await member.send(answer)
        for label in ("生产经营", "随借随还", "确认"):
            await member.press(label)
        await member.send("某某厂")
        await member.press("使用「")
        await member.press("使用 +86")
        seen = await member.press("否")
        assert "你暂时不能申请「匠心贷」" in text_of(seen) and "无逾期记录" in text_of(seen)
    assert await applications(app) == []


async def test_business_loan_asks_how_long_it_has_run(app: App) -> None:
    async with client_for("console", app) as member:
        await agree(member)
        await member.send("/profile")
        await member.send("陈师傅")
        await member.contact("+8613912345678")
        await member.press("仙游县总工会")
        await member.press("工厂职工")
        await member.press("劳动模范")
        await member.press("完成")
        await member.press("县级")
        await member.press("保存")
        seen = await member.send("/apply")
        assert {"劳模·工匠贷（个人贷款）", "劳模·工匠贷（公司贷款）"} <= set(seen[-1].buttons)
        seen = await member.press("公司贷款")
        assert "经营了几个月" in text_of(seen)
        assert "请只输入一个数字" in text_of(await member.send("很久"))
        seen = await member.send("3个月")
        assert "你暂时不能申请「劳模·工匠贷（公司贷款）」" in text_of(seen)
        assert "至少6个月" in text_of(seen)
        await member.send("/apply xianyou_model_craftsman_company")
        await member.send("1年半")
        seen = await member.press("抵押类")
        assert "你适用「抵押类」，最高可申请 1000万元" in text_of(seen)

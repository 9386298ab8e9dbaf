"""A union loan end to end: the real `unionbot run` process against the fake Bot API.

A member consents, fills the profile and sends a pre-application through /apply; a
union reviewer (granted the way `unionbot staff add` does) recommends it through
/review and receives the recommendation letter; a bank officer approves it; the member
receives the approval notice from the outbox exactly once, however many delivery
rounds (one a second) run afterwards.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable

import pytest

from bot.services import utc_now
from storage import db, staff
from tests.e2e.harness import RUNTIMES, BotProcess, Member
from tests.fakebotapi.server import Call, FakeBotAPI

MEMBER, REVIEWER, BANKER = 710_001, 710_101, 710_201
APPROVED = "已获批准：金额 200,000.00 元，年利率 3.45%，期限 24 个月"
PHONE = "8613912345678"


@pytest.fixture(params=RUNTIMES)
async def bot(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> AsyncIterator[BotProcess]:
    """A fresh bot per runtime, its staff granted before it starts (named `bot` so a
    failure report carries the process's log, see conftest)."""
    async with FakeBotAPI() as api:
        process = BotProcess(api, request.param, tmp_path_factory.mktemp(f"loan-{request.param}"))
        await grant_staff(process, {REVIEWER: "reviewer", BANKER: "bank"})
        try:
            await process.start()
            yield process
        finally:
            code = await process.stop()
        assert not api.errors, f"the fake Bot API failed: {api.errors[-1]}"
        assert code == 0, f"unionbot exited with {code}\n{process.log_tail()}"


async def grant_staff(process: BotProcess, roles: dict[int, str]) -> None:
    """What `unionbot staff add USER --role ROLE` does (migrate, then grant), in-process:
    a CLI subprocess per person costs seconds of imports (the CLI has its own test)."""
    engine = db.make_engine(f"sqlite+aiosqlite:///{process.database_path}")
    try:
        await db.upgrade(engine)
        async with engine.begin() as conn:
            for user, role in roles.items():
                await staff.add(conn, user_id=user, role=role, now=utc_now(), by=None)
    finally:
        await engine.dispose()


def notice_to(member: int, needle: str) -> Callable[[Call], bool]:
    def match(call: Call) -> bool:
        return call.method == "sendMessage" and call.chat_id == member and call.ok \
            and needle in (call.text or "")
    return match


def sent_to(api: FakeBotAPI, member: int, needle: str) -> int:
    return sum(1 for c in api.calls("sendMessage", chat_id=member, ok=True)
               if needle in (c.text or ""))


async def fill_profile(member: Member) -> None:
    """Branch and titles decide which programme and tier /apply offers."""
    await member.send("/profile", "请输入你的姓名")
    await member.send("王 芳", "分享手机号")
    await member.reply_button("📱 分享手机号", "你属于哪个工会", phone_number=PHONE)
    await member.press("南浔区总工会", "你的职业是")
    await member.press("外卖骑手", "你有以下荣誉称号吗")
    await member.press("☐ 劳动模范", lambda c: c.method == "editMessageText")
    await member.press("✔ 完成", "哪一级")
    await member.press("市级", "请核对你的资料")
    await member.press("💾 保存", "个人资料已保存")


async def apply(member: Member) -> str:
    """/apply for 匠心贷 (劳模贷 tier): 200,000 over 24 months; returns the reference."""
    await member.send("/apply nanxun_jiangxin", "请输入申请金额")
    await member.send("20万", "贷款期限")
    await member.press("24 个月", "贷款用途是")
    await member.press("生产经营", "还款方式")
    await member.press("随借随还", "通过哪个工会申请")
    await member.press("✔ 确认", "工作单位名称")
    await member.send("南浔某某服装厂", "申请人姓名")
    await member.press("✔ 使用「王 芳」", "联系手机")
    await member.press("✔ 使用 +8613912345678", "没有逾期")
    await member.press("是", "第 1 项同意")
    await member.press("✅ 同意处理", "第 2 项同意")
    await member.press("✅ 同意提供给银行", "第 3 项同意")
    await member.press("✅ 同意跨境传输", "请核对你的预申请")
    done = await member.press("📨 提交预申请", "申请编号")
    ref = re.search(r"申请编号：(UB\d{6}-[A-Z0-9]{4})", done.text)
    assert ref is not None, done.text
    return ref[1]


async def test_apply_recommend_approve_notice_once(bot: BotProcess) -> None:
    member, reviewer, banker = (Member(bot, MEMBER), Member(bot, REVIEWER, first_name="张"),
                                Member(bot, BANKER, first_name="赵"))
    for person in (member, reviewer, banker):
        await person.agree()
    # A member without a role meets no /review at all.
    await member.send("/review", "没有 /review 这个命令")
    await fill_profile(member)
    ref = await apply(member)

    # The union reviewer: queue → card (opening starts the review) → recommend.
    queue = await reviewer.send("/review", "待工会初审的申请（1 件")
    assert f"1. {ref} · 待初审 · 匠心贷 · 200,000.00 元" in queue.text
    assert "已等 0 个工作日" in queue.text
    card = await reviewer.press(f"1. {ref}", "进度记录")
    assert f"申请 {ref} · 工会初审中" in card.text and "申请人：王 芳" in card.text
    done = await reviewer.press("📨 推荐至银行", "目前没有待初审的申请")
    assert f"已将申请 {ref} 推荐至银行" in done.text
    letter = done.of("sendDocument")
    assert len(letter) == 1
    assert letter[0].result["document"]["file_name"] == f"recommendation-{ref}.txt"
    body = letter[0].params["document"].content.decode("utf-8-sig")
    for fact in ("推荐函", "南浔银行：", "南浔区总工会会员 王 芳", "「匠心贷」（劳模贷）",
                 "申请金额：200,000.00 元", "贷款期限：24 个月", f"申请编号：{ref}"):
        assert fact in body, (fact, body)

    # The bank officer: bank queue → card → approve the requested amount and term.
    await banker.send("/review", "待银行审批的申请（1 件")
    await banker.press(f"1. {ref}", "进度记录")
    await banker.press("✅ 批准", "批准金额是多少")
    await banker.press("按申请金额 200,000.00 元", "年利率是多少")
    await banker.send("3.45", "期限多少个月")
    summary = await banker.press("按申请期限 24 个月", "请确认批准")
    assert "年利率：3.45%" in summary.text
    await banker.press("✅ 确认批准", f"已批准申请 {ref}")

    # The member: every stage's notice arrives, the approval exactly once.
    await bot.wait_for(notice_to(MEMBER, APPROVED), after=0, what="the approval notice")
    await asyncio.sleep(3.5)  # a few more delivery rounds (the scheduler runs one a second)
    assert sent_to(bot.api, MEMBER, APPROVED) == 1
    assert sent_to(bot.api, MEMBER, "已推荐至银行") == 1
    assert sent_to(bot.api, MEMBER, "已进入工会初审") == 1
    assert sent_to(bot.api, REVIEWER, "已获批准") == 0  # notices go to the applicant only

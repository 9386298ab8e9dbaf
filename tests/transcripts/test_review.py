"""/review on console, PTB and aiogram: a member, a union reviewer and a bank officer.

Applications are put in through the service (not /apply), so these transcripts test
the review alone. Notices are read the way the member gets them: through an outbox
delivery round on the same channel; rounds are repeated to prove each arrives once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import App
from bot.applications import Draft
from bot.escalation import escalate
from bot.letter import LETTER_LOCALE
from storage.tables import application_t, audit_t, state_t
from tests.conftest import CHANNELS
from tests.support.chat import Client, Seen, clients_for, text_of
from tests.support.clock import FakeClock
from tests.support.people import BANKER, MEMBER, REVIEWER, member_and_staff
from tests.support.people import Staffed as People
from tests.transcripts.test_onboarding import agree

PROGRAMME = "xianyou_model_craftsman_personal"


@pytest.fixture(params=CHANNELS)
async def people(request: pytest.FixtureRequest, app: App,
                 clock: FakeClock) -> AsyncIterator[People]:
    """Three people on one channel, all past consent; two of them are staff."""
    async with member_and_staff(request.param, app, clock()) as cast:
        yield cast


def draft(amount: str = "500000", name: str = "王芳") -> Draft:
    return Draft(programme=PROGRAMME, tier="model_or_craftsman", borrower="individual",
                 amount=Decimal(amount), term_months=120, purpose="entrepreneurship",
                 method="equal_instalments", branch="xianyou", employer="仙游县红木家具厂",
                 name=name, phone="+8613912345678", answers={"no_overdue_record": True},
                 consents={"processing": "2026-09-30T10:00", "bank": "2026-09-30T10:00",
                           "cross_border": "2026-09-30T10:00"})


async def submit(app: App, clock: FakeClock, **kw: Any) -> str:
    async with app.engine.begin() as conn:
        row = await app.services.applications.submit(conn, user_id=MEMBER, chat_id=MEMBER,
                                                     draft=draft(**kw), now=clock())
    return str(row["ref"])


async def move(app: App, clock: FakeClock, ref: str, *actions: str) -> None:
    """Earlier workflow steps, done through the service as a reviewer would."""
    async with app.engine.begin() as conn:
        for action in actions:
            await app.services.applications.transition(conn, ref=ref, action=action,
                                                       actor=REVIEWER, role="reviewer",
                                                       now=clock())


async def stage_of(app: App, ref: str) -> dict[str, Any]:
    async with app.engine.connect() as conn:
        row = (await conn.execute(select(application_t)
                                  .where(application_t.c.ref == ref))).first()
    assert row is not None
    return dict(row._mapping)


async def audit(app: App, ref: str) -> list[tuple[str, int | None]]:
    async with app.engine.connect() as conn:
        rows = await conn.execute(select(audit_t).where(audit_t.c.subject == ref)
                                  .order_by(audit_t.c.id))
    return [(r.action, r.actor) for r in rows]


async def notices(member: Client, clock: FakeClock, rounds: int = 3) -> list[Seen]:
    """Several delivery rounds, a few seconds apart (one message a second per chat)."""
    seen: list[Seen] = []
    for _ in range(rounds):
        seen += await member.deliver()
        clock.advance(seconds=5)
    return seen


def count(seen: list[Seen], needle: str) -> int:
    return sum(needle in s.text for s in seen)


# -- who may review ----------------------------------------------------------------------------


async def test_a_member_cannot_reach_review(people: People, app: App, clock: FakeClock) -> None:
    ref = await submit(app, clock)
    assert "没有 /review 这个命令" in text_of(await people.member.send("/review"))
    assert "没有 /review 这个命令" in text_of(await people.member.send(f"/review {ref}"))
    # A hand-made menu button is a command too, and meets the same wall.
    forged = await people.member.press_data(f"menu:review {ref}")
    assert "没有 /review 这个命令" in text_of(forged)
    assert (await stage_of(app, ref))["stage"] == "submitted"
    assert await audit(app, ref) == []


async def test_queue_oldest_first_with_working_day_ages(people: People, app: App,
                                                        clock: FakeClock) -> None:
    """National Day 2026: 3 working days after 09-30 is 10-10, a make-up Saturday."""
    clock.set_local(2026, 9, 30, 10)
    first = await submit(app, clock, name="王芳")
    clock.set_local(2026, 10, 9, 9)
    second = await submit(app, clock, amount="200000", name="李强")
    clock.set_local(2026, 10, 9, 15)
    text = text_of(await people.reviewer.send("/review"))
    assert "待工会初审的申请（2 件，最早的在前）" in text
    assert text.index(first) < text.index(second)
    assert f"1. {first} · 待初审 · 劳模·工匠贷（个人贷款） · 500,000.00 元" in text
    assert "提交于 2026-09-30 · 已等 2 个工作日 · 应于 2026-10-10 前办结\n" in text
    assert "提交于 2026-10-09 · 已等 0 个工作日 · 应于 2026-10-13 前办结" in text
    assert "超期" not in text
    clock.set_local(2026, 10, 12, 10)  # Monday after the make-up Saturday
    text = text_of(await people.reviewer.send("/review"))
    assert "提交于 2026-09-30 · 已等 4 个工作日 · 应于 2026-10-10 前办结 · ⚠️ 已超期" in text
    assert "提交于 2026-10-09 · 已等 2 个工作日 · 应于 2026-10-13 前办结\n" in text + "\n"
    # Nothing has reached the bank yet.
    assert "目前没有待银行审批的申请" in text_of(await people.banker.send("/review"))


async def test_after_an_info_round_review_status_and_escalation_agree(
        people: People, app: App, clock: FakeClock) -> None:
    """The union's clock starts again when the member answers: the queue, the card, the
    member's /status and the escalation to the admins all count the same working days."""
    clock.set_local(2026, 11, 2, 10)  # Monday
    ref = await submit(app, clock)
    await move(app, clock, ref, "start_review", "ask_info")
    clock.set_local(2026, 11, 4, 10)  # Wednesday: the member answers
    async with app.engine.begin() as conn:
        await app.services.applications.transition(conn, ref=ref, action="answer_info",
                                                   actor=MEMBER, role=None, now=clock(),
                                                   note="已补充营业执照信息")
    app.settings.admin_ids = str(BANKER)  # the admin the escalation goes to
    clock.set_local(2026, 11, 9, 10)  # Monday: the third working day since the answer
    timing = "提交于 2026-11-02 · 补充信息于 2026-11-04 · 已等 3 个工作日 · 应于 2026-11-09 前办结"
    queue = text_of(await people.reviewer.send("/review"))
    assert timing + "\n" in queue + "\n" and "超期" not in queue
    status = text_of(await people.member.send("/status"))
    assert "预计 2026-11-09 前给出结果（3 个工作日）" in status
    assert await escalate(app.engine, app.services) == 0

    clock.set_local(2026, 11, 10, 10)  # Tuesday: the fourth
    card = text_of(await people.reviewer.send(f"/review {ref}"))
    assert ("提交于 2026-11-02 · 补充信息于 2026-11-04 · 已等 4 个工作日 · 应于 2026-11-09 前办结"
            " · ⚠️ 已超期") in card
    assert await escalate(app.engine, app.services) == 1
    told = [s.text for s in await notices(people.banker, clock) if ref in s.text]
    assert len(told) == 1
    assert "2026-11-04 起排队，已等待 4 个工作日，承诺 3 个工作日（2026-11-09 前）" in told[0]


# -- the union's review ------------------------------------------------------------------------


async def test_recommend_sends_the_letter_and_one_notice(people: People, app: App,
                                                         clock: FakeClock) -> None:
    clock.set_local(2026, 9, 30, 10)
    ref = await submit(app, clock)
    clock.set_local(2026, 10, 9, 10)
    await people.reviewer.send("/review")
    card = text_of(await people.reviewer.press(ref))
    assert f"申请 {ref} · 工会初审中" in card
    assert "申请人：王芳 · 手机 +8613912345678" in card and "无逾期记录：是" in card
    assert "申请金额：500,000.00 元 · 期限 120 个月" in card and "身份证号" in card
    got = await notices(people.member, clock)
    assert count(got, f"预申请 {ref}（劳模·工匠贷（个人贷款））已进入工会初审") == 1

    stale = people.reviewer.button_data("推荐至银行")
    seen = await people.reviewer.press("推荐至银行")
    assert f"已将申请 {ref} 推荐至银行" in text_of(seen)
    letter = next(s for s in seen if s.document)
    assert letter.document == f"recommendation-{ref}.txt"
    body = letter.content.decode("utf-8-sig").replace("\r\n", "\n")
    for fact in ("推荐函", "仙游农商银行：", "仙游县总工会会员 王芳", "劳模·工匠贷（个人贷款）",
                 "劳模工匠个人贷款", "申请金额：500,000.00 元", "贷款期限：120 个月",
                 "贷款用途：创新创业", "还款方式：等额本息", f"申请编号：{ref}",
                 "2026年10月09日"):
        assert fact in body, (fact, body)
    assert LETTER_LOCALE == "zh-CN" and "身份证" in body  # says it holds no ID number
    assert "目前没有待初审的申请" in text_of(seen)  # back at the (now empty) queue

    got = await notices(people.member, clock)
    assert count(got, "已推荐至银行") == 1
    assert count(await notices(people.member, clock), "已推荐至银行") == 0  # never twice
    # The old card's button is stale: no second recommendation, no second letter.
    again = await people.reviewer.press_data(stale)
    assert any(s.toast and "已失效" in s.text for s in again)
    assert not any(s.document for s in again)
    assert (await stage_of(app, ref))["stage"] == "recommended"
    assert await audit(app, ref) == [("application.start_review", REVIEWER),
                                     ("application.recommend", REVIEWER)]


async def test_decline_asks_for_a_reason(people: People, app: App, clock: FakeClock) -> None:
    ref = await submit(app, clock)
    await people.reviewer.send(f"/review {ref.lower()}")  # typed by hand, any case
    asked = text_of(await people.reviewer.press("不予推荐"))
    assert f"请写明申请 {ref} 不予推荐的理由" in asked and "原样发给申请人" in asked
    assert "请写 2 至 300 个字" in text_of(await people.reviewer.send("差"))
    assert "请写 2 至 300 个字" in text_of(await people.reviewer.send("很" * 301))
    done = text_of(await people.reviewer.send("  近两年有 3 次\n逾期记录 "))
    assert f"已将申请 {ref} 标记为不予推荐" in done
    row = await stage_of(app, ref)
    assert (row["stage"], row["note"]) == ("declined", "近两年有 3 次 逾期记录")
    got = await notices(people.member, clock)
    assert count(got, "未获工会推荐。原因：近两年有 3 次 逾期记录。") == 1
    assert ("application.decline", REVIEWER) in await audit(app, ref)


async def test_ask_info_gives_the_member_an_answer_button(people: People, app: App,
                                                          clock: FakeClock) -> None:
    ref = await submit(app, clock)
    await people.reviewer.send("/review")
    await people.reviewer.press(ref)
    await people.reviewer.press("需补充材料")
    done = text_of(await people.reviewer.send("请说明你获得的劳模称号级别和授予年份。"))
    assert "申请会回到待初审列表" in done
    got = await notices(people.member, clock)
    asked = [s for s in got if "工会需要你补充信息" in s.text]
    assert len(asked) == 1
    assert "请说明你获得的劳模称号级别和授予年份。" in asked[0].text
    assert asked[0].buttons == ["✍️ 回复补充信息"]
    assert (await stage_of(app, ref))["stage"] == "info_requested"


async def test_back_and_cancel_change_nothing(people: People, app: App, clock: FakeClock) -> None:
    ref = await submit(app, clock)
    await people.reviewer.send(f"/review {ref}")
    await people.reviewer.press("不予推荐")
    back = text_of(await people.reviewer.press("上一步"))
    assert f"申请 {ref} · 工会初审中" in back
    await people.reviewer.press("不予推荐")
    assert "已取消" in text_of(await people.reviewer.press("取消"))
    assert (await stage_of(app, ref))["stage"] == "reviewing"
    assert f"{ref} · 工会初审中" in text_of(await people.reviewer.send("/review"))


async def stored_state(app: App, user: int) -> str:
    """The reviewer's dialog row as stored, suspended forms included, as one text."""
    async with app.engine.connect() as conn:
        row = (await conn.execute(select(state_t).where(state_t.c.user_id == user))).one()
    return repr(dict(row._mapping))


async def test_the_reviewers_dialog_state_keeps_no_applicant_data(
        people: People, app: App, clock: FakeClock) -> None:
    """The card shows the applicant; the reviewer's stored dialog never holds them."""
    ref = await submit(app, clock, name="王芳")
    personal = ("王芳", "13912345678", "仙游县红木家具厂", "no_overdue_record", "500000")

    def clean(state: str) -> bool:  # the review is open: it names the application only
        return ref in state and not any(p in state for p in personal)

    card = text_of(await people.reviewer.send(f"/review {ref}"))
    assert "申请人：王芳 · 手机 +8613912345678" in card and "仙游县红木家具厂" in card
    assert clean(await stored_state(app, REVIEWER))
    await people.reviewer.press("需补充材料")
    assert clean(await stored_state(app, REVIEWER))
    back = text_of(await people.reviewer.press("上一步"))  # drawn from the application again
    assert "申请人：王芳 · 手机 +8613912345678" in back
    # Interrupted by another form: the review waits, suspended, still without the applicant.
    await people.reviewer.send("/language")
    assert clean(await stored_state(app, REVIEWER))
    await people.reviewer.send("/cancel")
    resumed = text_of(await people.reviewer.press("继续"))
    assert f"申请 {ref} 的审核尚未完成" in resumed and "王芳" not in resumed
    shown = text_of(await people.reviewer.press("显示申请"))
    assert "申请人：王芳 · 手机 +8613912345678" in shown
    assert clean(await stored_state(app, REVIEWER))
    # The applicant corrects their name: the open card shows the application as it is now.
    async with app.engine.begin() as conn:
        await conn.execute(application_t.update().where(application_t.c.ref == ref)
                           .values(name="王芳芳"))
    assert "申请人：王芳芳" in text_of(await people.reviewer.send("🙂"))
    done = text_of(await people.reviewer.press("推荐至银行"))
    assert f"已将申请 {ref} 推荐至银行" in done
    finished = await stored_state(app, REVIEWER)
    assert not any(p in finished for p in personal)


async def test_the_banks_decision_reads_the_applicant_from_the_application(
        people: People, app: App, clock: FakeClock) -> None:
    ref = await submit(app, clock, name="李强")
    await move(app, clock, ref, "start_review", "recommend")
    await people.banker.send(f"/review {ref}")
    await people.banker.press("✅ 批准")
    await people.banker.send("40万")
    await people.banker.send("3.45")
    summary = text_of(await people.banker.press("按申请期限"))
    assert "李强" in summary and "批准金额：400,000.00 元（申请 500,000.00 元）" in summary
    state = await stored_state(app, BANKER)
    assert ref in state and "李强" not in state and "13912345678" not in state
    assert f"已批准申请 {ref}" in text_of(await people.banker.press("确认批准"))


# -- the bank's decision -----------------------------------------------------------------------


async def test_bank_approves_and_the_member_hears_once(people: People, app: App,
                                                       clock: FakeClock) -> None:
    ref = await submit(app, clock)
    await move(app, clock, ref, "start_review", "recommend")
    queue = text_of(await people.banker.send("/review"))
    assert "待银行审批的申请（1 件" in queue and f"{ref} · 已推荐至银行" in queue
    card = text_of(await people.banker.press(ref))
    assert f"申请 {ref} · 已推荐至银行" in card
    assert "需补充材料" not in card
    assert "申请金额为 500,000.00 元" in text_of(await people.banker.press("✅ 批准"))
    assert "不能超过申请金额 500,000.00 元" in text_of(await people.banker.send("60万"))
    assert "年利率是多少" in text_of(await people.banker.send("40万"))
    assert "0 至 36" in text_of(await people.banker.send("abc"))
    assert "0 至 36" in text_of(await people.banker.send("40"))
    assert "期限多少个月" in text_of(await people.banker.send("3.45%"))
    summary = text_of(await people.banker.press("按申请期限"))
    assert "批准金额：400,000.00 元（申请 500,000.00 元）" in summary
    assert "年利率：3.45%" in summary and "期限：120 个月" in summary
    assert f"已批准申请 {ref}" in text_of(await people.banker.press("确认批准"))

    row = await stage_of(app, ref)
    assert (row["stage"], row["decided_amount"], row["decided_rate"], row["decided_term"]) == (
        "approved", Decimal("400000.00"), Decimal("3.4500"), 120)
    got = await notices(people.member, clock) + await notices(people.member, clock)
    approved = "已获批准：金额 400,000.00 元，年利率 3.45%，期限 120 个月"
    assert count(got, approved) == 1
    assert count(got, "已推荐至银行") == 1  # the earlier notices also arrive once each
    assert (await audit(app, ref))[-1] == ("application.approve", BANKER)


async def test_bank_rejects_with_a_reason_and_a_catalogue_rate_button(
        people: People, app: App, clock: FakeClock) -> None:
    ref = await submit(app, clock)
    await move(app, clock, ref, "start_review", "recommend")
    await people.banker.send(f"/review {ref}")
    await people.banker.press("✅ 批准")
    await people.banker.press("按申请金额")
    assert "年利率：4.3%" in text_of(await people.banker.press("按项目利率 4.3%")
                                     + await people.banker.press("按申请期限"))
    await people.banker.press("上一步")  # the bank changes its mind: back to the card
    await people.banker.press("上一步")
    await people.banker.press("上一步")
    await people.banker.press("上一步")
    await people.banker.press("不予批准")
    assert f"已将申请 {ref} 标记为不予批准" in text_of(
        await people.banker.send("经营流水不足以覆盖月供"))
    got = await notices(people.member, clock)
    assert count(got, "未获银行批准。原因：经营流水不足以覆盖月供。") == 1
    assert (await stage_of(app, ref))["stage"] == "rejected"
    assert (await audit(app, ref))[-1] == ("application.reject", BANKER)


# -- forged and stale presses ------------------------------------------------------------------


async def test_a_reviewer_cannot_approve_even_with_a_forged_payload(
        people: People, app: App, clock: FakeClock) -> None:
    ref = await submit(app, clock)
    await people.reviewer.send(f"/review {ref}")
    nonce = people.reviewer.button_data("推荐至银行").partition(":")[0]
    refused = text_of(await people.reviewer.press_data(f"{nonce}:approve"))
    assert "你的角色不能进行这一操作" in refused
    # After recommending, the card offers the reviewer nothing; forging still gets nowhere.
    await move(app, clock, ref, "recommend")
    card = text_of(await people.reviewer.send(f"/review {ref}"))
    assert "此阶段你没有可执行的操作" in card
    nonce = people.reviewer.button_data("返回列表").partition(":")[0]
    refused = text_of(await people.reviewer.press_data(f"{nonce}:approve"))
    assert "你的角色不能进行这一操作" in refused
    assert "无法识别" in text_of(await people.reviewer.press_data(f"{nonce}:launder"))
    row = await stage_of(app, ref)
    assert row["stage"] == "recommended" and row["decided_amount"] is None
    assert [a for a, _ in await audit(app, ref)] == ["application.start_review",
                                                    "application.recommend"]


async def test_the_bank_sees_nothing_the_union_has_not_passed_on(
        people: People, app: App, clock: FakeClock) -> None:
    ref = await submit(app, clock)
    assert f"没有找到申请 {ref}" in text_of(await people.banker.send(f"/review {ref}"))
    forged = await people.banker.press_data(f"menu:review {ref}")
    assert f"没有找到申请 {ref}" in text_of(forged)
    assert "没有找到申请 UB000000-NONE" in text_of(
        await people.reviewer.send("/review UB000000-NONE"))
    assert (await stage_of(app, ref))["stage"] == "submitted"


async def test_a_stage_changed_meanwhile_gets_a_polite_no(people: People, app: App,
                                                         clock: FakeClock) -> None:
    ref = await submit(app, clock)
    await people.reviewer.send(f"/review {ref}")
    await people.reviewer.press("不予推荐")
    async with app.engine.begin() as conn:  # the member withdraws while the reviewer types
        await app.services.applications.transition(conn, ref=ref, action="withdraw",
                                                   actor=MEMBER, role=None, now=clock())
    answer = text_of(await people.reviewer.send("材料不全"))
    assert f"申请 {ref} 目前「申请人已撤回」，不能进行这一操作" in answer
    assert (await stage_of(app, ref))["stage"] == "withdrawn"
    assert [a for a, _ in await audit(app, ref)] == ["application.start_review"]
    # The same on the card: pressing an action on a moved-on application redraws it.
    ref2 = await submit(app, clock)
    await people.reviewer.send(f"/review {ref2}")
    await move(app, clock, ref2, "recommend")
    seen = text_of(await people.reviewer.press("不予推荐"))
    assert "目前「已推荐至银行」" in seen and "此阶段你没有可执行的操作" in seen


async def test_an_admin_sees_both_queues(app: App, clock: FakeClock) -> None:
    app.settings.admin_ids = "9001"
    async with clients_for("console", app, [{"user": REVIEWER}]) as (admin,):
        await agree(admin)
        union = await submit(app, clock)
        clock.advance(minutes=5)
        bank = await submit(app, clock)
        await move(app, clock, bank, "start_review", "recommend")
        text = text_of(await admin.send("/review"))
        assert "全部待办申请（2 件" in text
        assert f"{union} · 待初审" in text and f"{bank} · 已推荐至银行" in text
        card = await admin.press(bank)
        assert f"申请 {bank} · 已推荐至银行" in text_of(card)
        assert card[-1].buttons == ["✅ 批准", "不予批准", "« 返回列表"]

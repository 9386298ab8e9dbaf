"""/broadcast and /settings on console, PTB and aiogram.

A union reviewer composes, previews and sends; members read the notice through an outbox
delivery round on the same channel, exactly as written; a member who turned notices off
in /settings is counted but not sent it; the author gets the final report. Members meet
no /broadcast at all.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import App
from bot.broadcasts import BroadcastFiller
from storage import members, staff
from storage.tables import broadcast_t, member_t
from tests.conftest import CHANNELS
from tests.support.chat import Client, TelegramClient, text_of
from tests.support.clock import FakeClock
from tests.support.people import past_consent

STAFF, RIDER, QUIET = 9001, 4242, 4343
NOTICE = "本周六上午9点，定海区驿站免费体检，\n带上工会会员证即可。"


@dataclass
class People:
    staff: Client
    rider: Client
    quiet: Client


@pytest.fixture(params=CHANNELS)
async def people(request: pytest.FixtureRequest, app: App,
                 clock: FakeClock) -> AsyncIterator[People]:
    """A reviewer and two delivery riders on one channel, all past consent."""
    async with past_consent(request.param, app, [STAFF, RIDER, QUIET],
                            roles={STAFF: "reviewer"}, now=clock()) as clients:
        async with app.engine.begin() as conn:
            for rider in (RIDER, QUIET):
                await members.change(conn, rider, {"occupation": "delivery_rider"})
        yield People(*clients)


def filler(app: App, clock: FakeClock) -> BroadcastFiller:
    return BroadcastFiller(app.engine, clock, app.services.branches)


async def notices_off(app: App, user_id: int) -> bool:
    async with app.engine.connect() as conn:
        return bool(await conn.scalar(select(member_t.c.notices_off)
                                      .where(member_t.c.user_id == user_id)))


async def test_settings_turn_general_notices_off_and_on(people: People, app: App) -> None:
    seen = text_of(await people.quiet.send("/settings"))
    assert "工会通知（群发消息）：🔔 开启" in seen
    assert "还款提醒，以及你的贷款申请的审批结果" in seen  # always sent, whatever the setting
    seen = text_of(await people.quiet.press("关闭工会通知"))
    assert "✅ 已保存：工会通知已关闭。还款提醒和审批结果仍会照常发送。" in seen
    assert await notices_off(app, QUIET)

    seen = await people.quiet.send("/settings")
    assert "🔕 已关闭" in text_of(seen) and "🔔 开启工会通知" in seen[-1].buttons
    assert "设置未改变：工会通知已关闭" in text_of(await people.quiet.press("保持不变"))
    await people.quiet.send("/settings")
    await people.quiet.send("/cancel")  # nothing pressed: nothing changes
    assert await notices_off(app, QUIET)
    await people.quiet.send("/settings")
    assert "已保存：工会通知已开启" in text_of(await people.quiet.press("开启工会通知"))
    assert not await notices_off(app, QUIET)


async def test_compose_preview_send_deliver_report(people: People, app: App,
                                                  clock: FakeClock) -> None:
    await people.quiet.send("/settings")
    await people.quiet.press("关闭工会通知")
    assert "没有 /broadcast 这个命令" in text_of(await people.rider.send("/broadcast"))

    assert "请发送要群发的通知" in text_of(await people.staff.send("/broadcast"))
    assert "发给哪些会员" in text_of(await people.staff.send(NOTICE))
    assert "发给哪个职业" in text_of(await people.staff.press("某个职业"))
    preview = text_of(await people.staff.press("外卖骑手"))
    assert f"━━━━━━━━━━\n{NOTICE}\n━━━━━━━━━━" in preview  # exactly as members get it
    assert "发送对象：职业为「外卖骑手」的会员" in preview
    assert "将发送给 1 人。另有 1 人关闭了工会通知、0 人已屏蔽机器人" in preview
    sent = text_of(await people.staff.press("立即发送"))
    assert "✅ 群发 #1 已开始发送，共 1 人。" in sent

    job = filler(app, clock)
    assert await job.run_once() == 2  # the rider, and the one who opted out (skipped)
    progress = text_of(await people.staff.send("/broadcast"))
    assert "#1 · 发送中 · 职业为「外卖骑手」的会员：已送达 0 / 1，待发 1" in progress
    assert [s.text for s in await people.rider.deliver()] == [NOTICE]
    assert await people.quiet.deliver() == []

    await job.run_once()  # every recipient settled: done, and the report is queued
    report = text_of(await people.staff.deliver())
    assert "📢 群发 #1 已发送完毕（职业为「外卖骑手」的会员）。" in report
    assert "已送达：1 人" in report and "已关闭工会通知（未发送）：1 人" in report
    assert await people.rider.deliver() == []  # nothing twice
    async with app.engine.connect() as conn:
        row = (await conn.execute(select(broadcast_t))).one()
    assert (row.status, row.author, row.text, row.audience) == (
        "done", STAFF, NOTICE, {"kind": "occupation", "value": "delivery_rider"})


async def test_schedule_list_and_cancel(people: People, app: App, clock: FakeClock) -> None:
    await people.staff.send("/broadcast")
    assert "只能附带图片" in text_of(await people.staff.sticker())
    await people.staff.send("驿站暂停开放一天")
    await people.staff.press("全体会员")
    assert "什么时候发送" in text_of(await people.staff.press("定时发送"))
    assert "没看懂这个时间" in text_of(await people.staff.send("下个月"))
    assert "已经过去了" in text_of(await people.staff.send("今天 9:00"))
    done = text_of(await people.staff.send("明天 9:00"))
    assert "✅ 群发 #1 已安排在 2026-11-18 09:00 发送，目前共 3 人。" in done

    listed = text_of(await people.staff.send("/broadcast"))
    assert "#1 · 已安排 2026-11-18 09:00 · 全体会员：约 3 人" in listed
    assert "「驿站暂停开放一天」" in listed
    forged = text_of(await people.rider.press_data("menu:broadcast stop 1"))
    assert "没有 /broadcast 这个命令" in forged
    assert "确定要取消群发 #1" in text_of(await people.staff.press("取消 #1"))
    stopped = text_of(await people.staff.press("确定取消"))
    assert "已取消群发 #1：撤回 0 条未发出的通知" in stopped
    assert "已经结束或已取消" in text_of(await people.staff.press_data("menu:broadcast stop 1"))

    clock.advance(days=1)
    assert await filler(app, clock).run_once() == 0  # cancelled: nobody is written
    # Bank officers are staff, but do not write to the union's members.
    async with app.engine.begin() as conn:
        await staff.add(conn, user_id=RIDER, role="bank", now=clock(), by=None)
    assert "只能由工会工作人员发送" in text_of(await people.rider.send("/broadcast"))
    # Nothing running any more: /broadcast starts a new one straight away.
    assert "请发送要群发的通知" in text_of(await people.staff.send("/broadcast"))


@pytest.mark.parametrize("channel", ["ptb", "aiogram"])
async def test_photo_with_caption(channel: str, app: App, clock: FakeClock) -> None:
    async with past_consent(channel, app, [STAFF, RIDER], roles={STAFF: "admin"},
                            now=clock()) as (author, rider):
        assert isinstance(author, TelegramClient) and isinstance(rider, TelegramClient)
        await author.send("/broadcast")
        seen = await author._do("photo", caption="驿站新添了微波炉")
        assert "发给哪些会员" in text_of(seen)
        preview = text_of(await author.press("全体会员"))
        assert "驿站新添了微波炉" in preview and "附带你发送的图片" in preview
        await author.press("立即发送")
        await filler(app, clock).run_once()
        mark = author.server.mark()
        await rider.deliver()
        photos: list[Any] = [c for c in author.server.sent[mark:] if c.method == "sendPhoto"]
        assert {c.chat_id for c in photos} == {STAFF, RIDER}
        assert all(c.params["caption"] == "驿站新添了微波炉" for c in photos)
        async with app.engine.connect() as conn:
            stored = (await conn.execute(select(broadcast_t.c.photo))).scalar_one()
        assert stored and all(c.params["photo"] == stored for c in photos)

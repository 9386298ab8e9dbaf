"""Staff notices as long as Telegram takes them, on console, PTB and aiogram.

The compose step of /broadcast reads up to 4,096 characters (every other step keeps
1,000); the preview shows the notice whole and exactly as members get it, in messages
of at most 4,096 characters each (Telegram's limit, counted in UTF-16 units as the fake
Bot API server counts them); a photo notice is previewed as the photo with its caption.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import App
from bot.broadcasts import BroadcastFiller
from dialogs.limits import CAPTION_MAX, MESSAGE_MAX, pack, units
from dialogs.model import Event, Kind, Out
from storage import members
from storage.tables import broadcast_t
from tests.conftest import CHANNELS
from tests.support.chat import (
    Client,
    ConsoleClient,
    Seen,
    TelegramClient,
    seen_from_calls,
    seen_from_out,
    text_of,
)
from tests.support.clock import FakeClock
from tests.support.people import past_consent

STAFF, RIDER = 9001, 4242
RULE = "━━━━━━━━━━"
PARAGRAPH = "各位骑手朋友：本周六上午9点起，定海区各驿站开展免费体检，请带上工会会员证。"


def notice(length: int, *, emoji: bool = False) -> str:
    """A notice of ``length`` characters in paragraphs, as a staff member would paste it."""
    line = ("🚴" if emoji else "") + PARAGRAPH
    text = "\n".join([line] * (length // (len(line) + 1) + 1))[:length]
    return text[:-1] + "。" if text.endswith("\n") else text


@dataclass
class People:
    channel: str
    staff: Client
    rider: Client


@pytest.fixture(params=CHANNELS)
async def people(request: pytest.FixtureRequest, app: App,
                 clock: FakeClock) -> AsyncIterator[People]:
    """A union reviewer and a delivery rider on one channel, both past consent."""
    async with past_consent(request.param, app, [STAFF, RIDER],
                            roles={STAFF: "reviewer"}, now=clock()) as clients:
        async with app.engine.begin() as conn:
            await members.change(conn, RIDER, {"occupation": "delivery_rider"})
        yield People(request.param, *clients)


def filler(app: App, clock: FakeClock) -> BroadcastFiller:
    return BroadcastFiller(app.engine, clock, app.services.branches)


def assert_fits(seen: list[Seen]) -> None:
    for shown in seen:
        limit = CAPTION_MAX if shown.photo else MESSAGE_MAX
        assert 0 < units(shown.text) <= limit or (shown.photo and not shown.text), shown


async def send_photo(client: Client, caption: str) -> tuple[list[Seen], str]:
    """The staff member sends a photo with ``caption``; what they saw and its file id."""
    if isinstance(client, TelegramClient):
        mark = client.server.mark()
        update: dict[str, Any] = client.server.build_update("photo", client.user,
                                                            caption=caption)
        await client.feed(update)
        return seen_from_calls(client.server.sent[mark:]), update["message"]["photo"][-1][
            "file_id"]
    assert isinstance(client, ConsoleClient)  # the console has no photos: the event itself
    file_id = "console-photo-1"
    event = Event(Kind.MEDIA, user_id=client.user, chat_id=client.user, file_id=file_id,
                  text=caption)
    outs = await client.channel.conversation.handle(event)
    client.channel._remember(outs)  # noqa: SLF001 (its buttons can then be pressed by number)
    return [seen_from_out(o) for o in outs], file_id


@pytest.mark.parametrize("length", [4000, 4096])
async def test_long_notice_previewed_whole_sent_and_delivered(
        people: People, app: App, clock: FakeClock, length: int) -> None:
    text = notice(length)
    assert len(text) == units(text) == length and text.count("\n") > 30

    assert "请发送要群发的通知" in text_of(await people.staff.send("/broadcast"))
    assert "发给哪些会员" in text_of(await people.staff.send(text))
    assert "发给哪个职业" in text_of(await people.staff.press("某个职业"))
    preview = await people.staff.press("外卖骑手")

    assert_fits(preview)
    assert len(preview) >= 2 if length == 4096 else True
    whole = [s for s in preview if text in s.text]
    assert len(whole) == 1  # the notice in one message, never cut
    if length == MESSAGE_MAX:
        assert whole[0].text == text  # nothing else fits beside it
    shown = text_of(preview)
    assert shown.startswith("预览：会员将收到下面这条消息\n" + RULE)
    assert f"{RULE}\n{text}\n{RULE}\n发送对象：职业为「外卖骑手」的会员" in shown
    assert "将发送给 1 人" in shown and "{???}" not in shown
    assert preview[-1].buttons[:2] == ["📤 立即发送", "🕘 定时发送"]  # under the last one

    assert "✅ 群发 #1 已开始发送，共 1 人。" in text_of(await people.staff.press("立即发送"))
    await filler(app, clock).run_once()
    received = await people.rider.deliver()
    assert [(s.text, s.photo) for s in received] == [(text, None)]
    async with app.engine.connect() as conn:
        assert (await conn.execute(select(broadcast_t.c.text))).scalar_one() == text


async def test_too_long_notice_is_refused_politely_and_the_step_stays(people: People) -> None:
    await people.staff.send("/broadcast")
    for length in (5000, MESSAGE_MAX + 1):
        seen = await people.staff.send(notice(length))
        assert text_of(seen).startswith("通知最多 4096 个字，请精简后重新发送。")
        assert "请发送要群发的通知" in text_of(seen)  # asked again, same step
    # As Telegram counts: 4,000 characters with an emoji on every line are too many units.
    emojis = notice(4000, emoji=True)
    assert len(emojis) <= MESSAGE_MAX < units(emojis)
    assert "通知最多 4096 个字" in text_of(await people.staff.send(emojis))
    assert "发给哪些会员" in text_of(await people.staff.send(notice(4096)))


async def test_other_steps_keep_the_1000_limit(people: People) -> None:
    long = "长" * 1500
    # A member's profile: refused before any parsing, the question stays.
    assert "请输入你的姓名" in text_of(await people.rider.send("/profile"))
    seen = await people.rider.send(long)
    assert text_of(seen).startswith("消息太长了（最多 1000 个字），请简短一些。")
    assert "请输入你的姓名" in text_of(seen)
    # Outside any form as well.
    await people.rider.send("/cancel")
    assert "消息太长了（最多 1000 个字）" in text_of(await people.rider.send(long))
    # The same text is a notice at the compose step …
    await people.staff.send("/broadcast")
    assert "发给哪些会员" in text_of(await people.staff.send(long))
    # … but not a time at the broadcast's own "when" step.
    await people.staff.press("全体会员")
    assert "什么时候发送" in text_of(await people.staff.press("定时发送"))
    seen = await people.staff.send(long)
    assert text_of(seen).startswith("消息太长了（最多 1000 个字）")
    assert "什么时候发送" in text_of(seen)


async def test_photo_preview_shows_the_photo_with_its_caption(
        people: People, app: App, clock: FakeClock) -> None:
    caption = notice(CAPTION_MAX)
    await people.staff.send("/broadcast")
    seen, file_id = await send_photo(people.staff, "长" * (CAPTION_MAX + 1))
    assert "图片的说明文字最多 1024 个字" in text_of(seen)
    assert "请发送要群发的通知" in text_of(seen)
    seen, file_id = await send_photo(people.staff, caption)
    assert "发给哪些会员" in text_of(seen)

    preview = await people.staff.press("全体会员")
    assert_fits(preview)
    assert (preview[0].photo, preview[0].text) == (file_id, caption)  # as members get it
    assert not preview[0].buttons
    assert preview[1].photo is None
    assert preview[1].text.startswith("👆 预览：会员将收到上面这条消息——附带你发送的图片")
    assert "将发送给 2 人" in preview[1].text and caption not in preview[1].text
    assert "立即发送" in " ".join(preview[-1].buttons)
    if people.channel == "console":
        assert isinstance(people.staff, ConsoleClient)
        drawn = people.staff.channel.draw(Out(preview[0].text, photo=preview[0].photo or ""))
        assert drawn.startswith("🖼 [photo]\n" + caption[:20])

    await people.staff.press("立即发送")
    await filler(app, clock).run_once()
    assert [(s.photo, s.text) for s in await people.rider.deliver()] == [(file_id, caption)]


async def test_photo_without_caption(people: People) -> None:
    await people.staff.send("/broadcast")
    _, file_id = await send_photo(people.staff, "")
    preview = await people.staff.press("全体会员")
    assert (preview[0].photo, preview[0].text) == (file_id, "")
    assert "附带你发送的图片" in preview[1].text


# -- packing a long reply into messages ---------------------------------------------------


def test_pack_keeps_short_replies_whole_and_parts_uncut() -> None:
    assert pack(["a", "b"]) == ["a\nb"]
    assert pack([]) == [] and pack(["", " "]) == []
    head, body, tail = "预览", "通" * MESSAGE_MAX, "发送对象"
    assert pack([head, body, tail]) == [head, body, tail]
    assert pack([head, "通" * 4000, tail]) == [f"{head}\n{'通' * 4000}\n{tail}"]


def test_pack_cuts_a_part_longer_than_a_message_between_lines_then_anywhere() -> None:
    lines = "\n".join(["字" * 99] * 100)
    chunks = pack([lines])
    assert all(units(c) <= MESSAGE_MAX for c in chunks) and "\n".join(chunks) == lines
    assert all(c.endswith("字") and c.startswith("字") for c in chunks)
    emojis = "😀" * 5000  # two units each, one line: cut, never inside a character
    chunks = pack([emojis])
    assert [units(c) for c in chunks] == [4096, 4096, 1808] and "".join(chunks) == emojis

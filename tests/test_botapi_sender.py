"""The outbox's own Bot API sender against the fake Bot API server.

What the member receives (text, buttons, keyboards, a broadcast photo), and every
refusal Telegram gives turned into the delivery error that decides the notice's fate.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.delivery import Blocked, Rejected, RetryAfter, Transient
from dialogs.model import KeyboardKind, Out, OutButton, OutKeyboard
from handlers.botapi_sender import BotApiSender
from tests.fakebotapi.server import FakeBotAPI

MEMBER = 7001


@pytest.fixture
async def server() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as api:
        yield api


@pytest.fixture
async def sender(server: FakeBotAPI) -> AsyncIterator[BotApiSender]:
    botapi = BotApiSender(server.token, server.url + "/", timeout=0.5)
    try:
        yield botapi
    finally:
        await botapi.close()


async def test_text_with_buttons_reaches_the_member(sender: BotApiSender,
                                                    server: FakeBotAPI) -> None:
    await sender.send(MEMBER, Out(text="您的申请已通过 <b>审批</b>", buttons=(
        (OutButton("查看详情", data="app:7"), OutButton("官网", url="https://example.org")),)))
    assert server.texts(MEMBER) == ["您的申请已通过 <b>审批</b>"]  # plain text, as before
    assert server.buttons(MEMBER) == [["查看详情", "官网"]]
    markup = (server.last_message(MEMBER) or {})["reply_markup"]["inline_keyboard"][0]
    assert markup[0]["callback_data"] == "app:7" and markup[1]["url"] == "https://example.org"


@pytest.mark.parametrize("kind", list(KeyboardKind))
async def test_reply_keyboards_are_drawn_as_the_runtimes_draw_them(
        sender: BotApiSender, server: FakeBotAPI, kind: KeyboardKind) -> None:
    await sender.send(MEMBER, Out(text="请分享", keyboard=OutKeyboard(kind, "📍 分享位置")))
    keyboard = server.reply_keyboard(MEMBER)
    if kind is KeyboardKind.REMOVE:
        assert keyboard is None
    else:
        button = (keyboard or {})["keyboard"][0][0]
        assert button["text"] == "📍 分享位置"
        assert button.get(f"request_{kind.value}") is True


async def test_a_broadcast_photo_goes_by_file_id_with_its_caption(
        sender: BotApiSender, server: FakeBotAPI) -> None:
    update = server.send_photo(900, caption="海报")
    file_id = update["message"]["photo"][-1]["file_id"]
    await sender.send(MEMBER, Out(text="【工会通知】周六体检", photo=file_id))
    assert server.texts(MEMBER) == ["【工会通知】周六体检"]
    photo = (server.last_message(MEMBER) or {})["photo"][-1]
    assert server.download(photo["file_id"]) == server.download(file_id)


async def test_flood_control_asks_for_the_pause_telegram_gave(sender: BotApiSender,
                                                              server: FakeBotAPI) -> None:
    server.rate_limit_next("sendMessage", retry_after=17)
    with pytest.raises(RetryAfter) as caught:
        await sender.send(MEMBER, Out(text="提醒"))
    assert caught.value.seconds == 17
    await sender.send(MEMBER, Out(text="提醒"))  # the next one goes
    assert server.texts(MEMBER) == ["提醒"]


async def test_a_member_who_blocked_the_bot(sender: BotApiSender, server: FakeBotAPI) -> None:
    server.block(MEMBER)
    with pytest.raises(Blocked, match="blocked by the user"):
        await sender.send(MEMBER, Out(text="提醒"))


async def test_a_chat_telegram_does_not_know_is_unreachable(sender: BotApiSender,
                                                            server: FakeBotAPI) -> None:
    server.fail_next("sendMessage", 400, description="Bad Request: chat not found")
    with pytest.raises(Blocked, match="chat not found"):
        await sender.send(MEMBER, Out(text="提醒"))


async def test_a_notice_telegram_refuses_is_rejected_not_the_member(
        sender: BotApiSender, server: FakeBotAPI) -> None:
    with pytest.raises(Rejected, match="400 .*wrong file identifier"):
        await sender.send(MEMBER, Out(text="海报", photo="no-such-file"))
    with pytest.raises(Rejected, match="message text is empty"):
        await sender.send(MEMBER, Out(text=""))


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_server_errors_are_worth_another_try(sender: BotApiSender, server: FakeBotAPI,
                                                   status: int) -> None:
    server.server_error_next("sendMessage", status=status)
    with pytest.raises(Transient, match=str(status)):
        await sender.send(MEMBER, Out(text="提醒"))


async def test_a_timeout_is_worth_another_try(sender: BotApiSender,
                                              server: FakeBotAPI) -> None:
    server.delay_next("sendMessage", 2.0)  # longer than the sender's 0.5 s
    with pytest.raises(Transient, match="timed out"):
        await sender.send(MEMBER, Out(text="提醒"))


async def test_no_server_is_worth_another_try() -> None:
    async with FakeBotAPI() as gone:
        url, token = gone.url, gone.token
    botapi = BotApiSender(token, url)
    try:
        with pytest.raises(Transient, match="ClientConnectorError"):
            await botapi.send(MEMBER, Out(text="提醒"))
    finally:
        await botapi.close()


async def test_a_wrong_token_gives_up_on_no_notice(server: FakeBotAPI) -> None:
    botapi = BotApiSender("42:wrong", server.url)
    try:
        with pytest.raises(Transient, match="401"):
            await botapi.send(MEMBER, Out(text="提醒"))
    finally:
        await botapi.close()
    assert server.texts(MEMBER) == []

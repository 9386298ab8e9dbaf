"""The fake Bot API against the real frameworks: python-telegram-bot and aiogram.

aiogram is imported inside its tests only (importing it costs seconds).
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import Bot as PtbBot
from telegram import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)
from telegram.request import HTTPXRequest

from tests.fakebotapi import FakeBotAPI, RateLimits

MEMBER = 4242
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    server = await FakeBotAPI().start()
    yield server
    await server.stop()
    assert server.errors == []


def ptb_bot(api: FakeBotAPI, **request: Any) -> PtbBot:
    return PtbBot(
        api.token,
        base_url=api.url + "/bot",
        base_file_url=api.url + "/file/bot",
        request=HTTPXRequest(**request),
    )


def seconds(value: int | dtm.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


async def raw_call(api: FakeBotAPI, method: str, token: str | None = None, **params: Any) -> Any:
    async with aiohttp.ClientSession() as session:
        url = f"{api.url}/bot{token or api.token}/{method}"
        async with session.post(url, json=params) as response:
            return response.status, await response.json()


# ---------------------------------------------------------------- shapes


async def test_get_me_and_errors_shapes(api: FakeBotAPI) -> None:
    status, body = await raw_call(api, "getMe")
    assert status == 200 and body["ok"] is True
    me = body["result"]
    assert me["is_bot"] is True and me["username"] == "unionbot_test_bot"
    assert {"can_join_groups", "can_read_all_group_messages", "supports_inline_queries"} <= set(me)

    status, body = await raw_call(api, "getMe", token="1:wrong")
    assert (status, body) == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    status, body = await raw_call(api, "noSuchMethod")
    assert (status, body["error_code"], body["ok"]) == (404, 404, False)

    async with ptb_bot(api) as bot:
        assert bot.username == "unionbot_test_bot" and bot.bot.is_bot
        info = await bot.get_webhook_info()
        assert info.url == "" and info.pending_update_count == 0
        assert await bot.send_chat_action(MEMBER, "typing") is True
        assert await bot.delete_webhook() is True


async def test_aiogram_get_me_and_send(api: FakeBotAPI) -> None:
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import InlineKeyboardButton as AgButton
    from aiogram.types import InlineKeyboardMarkup as AgMarkup

    session = AiohttpSession(api=TelegramAPIServer.from_base(api.url))
    async with Bot(api.token, session=session) as bot:
        me = await bot.get_me()
        assert me.is_bot and me.username == "unionbot_test_bot"
        markup = AgMarkup(inline_keyboard=[[AgButton(text="好", callback_data="ok")]])
        sent = await bot.send_message(MEMBER, "<b>你好</b>", parse_mode="HTML", reply_markup=markup)
        assert sent.text == "你好" and sent.entities and sent.entities[0].type == "bold"
        assert sent.reply_markup and sent.reply_markup.inline_keyboard[0][0].callback_data == "ok"
        venue = await bot.send_venue(MEMBER, 39.9, 116.4, "驿站", "北京市东城区")
        assert venue.venue and venue.venue.title == "驿站"
    call = api.calls("sendMessage")[0]
    assert call.chat_id == MEMBER and call.params["reply_markup"]["inline_keyboard"][0][0]["text"]
    assert api.texts(MEMBER) == ["你好", "[venue] 驿站"]


async def test_every_builder_parses_on_both_frameworks(api: FakeBotAPI) -> None:
    from aiogram import Bot
    from aiogram.types import Update as AgUpdate

    async with ptb_bot(api) as bot:
        sent = await bot.send_message(
            MEMBER,
            "选",
            reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("是", callback_data="y")]]),
        )
    updates = [
        api.send_text(MEMBER, "/start@unionbot_test_bot 看 https://example.com", first_name="王"),
        api.send_text(MEMBER, "回复", reply_to_message_id=sent.message_id),
        api.edit_text(MEMBER, 2, "改过"),
        api.send_location(MEMBER, 39.9, 116.4, horizontal_accuracy=5.0),
        api.send_contact(MEMBER, "8613800138000"),
        api.send_contact(MEMBER, "8613900139000", contact_user_id=0, first_name="张"),
        api.send_photo(MEMBER, caption="证件"),
        api.send_document(MEMBER, "收入证明.pdf"),
        api.send_sticker(MEMBER),
        api.press(MEMBER, sent.message_id, "y"),
    ]
    for change in (api.block(MEMBER, notify=True), api.unblock(MEMBER, notify=True)):
        assert change is not None and "my_chat_member" in change
        updates.append(change)
    ids = [u["update_id"] for u in updates]
    assert ids == sorted(set(ids)) and len(ids) == 12
    assert updates[0]["message"]["from"]["first_name"] == "王"
    assert updates[1]["message"]["from"]["first_name"] == "王"  # remembered
    assert updates[4]["message"]["contact"]["user_id"] == MEMBER
    assert "user_id" not in updates[5]["message"]["contact"]
    ag_bot = Bot(api.token)
    for data in updates:
        assert Update.de_json(data, bot).update_id == data["update_id"]
        assert AgUpdate.model_validate(data, context={"bot": ag_bot}).update_id == data["update_id"]
    photo = updates[6]["message"]["photo"][-1]
    assert api.download(photo["file_id"]).startswith(b"\xff\xd8")


# ---------------------------------------------------------------- PTB end to end


async def _ptb_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with the /start payload and a two-button keyboard."""
    assert update.effective_message is not None
    payload = " ".join(context.args or [])
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("贷款", callback_data="loans")],
            [InlineKeyboardButton("驿站", callback_data="st")],
        ]
    )
    await update.effective_message.reply_text(f"欢迎 {payload}".strip(), reply_markup=keyboard)


async def _ptb_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the press and edit the message in place."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(f"你选了 {query.data}")


async def test_ptb_polling_start_keyboard_and_press(api: FakeBotAPI) -> None:
    app = Application.builder().token(api.token).base_url(api.url + "/bot").build()
    app.add_handler(CommandHandler("start", _ptb_start))
    app.add_handler(CallbackQueryHandler(_ptb_press))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=dtm.timedelta(seconds=2))
        try:
            await api.wait_polling()
            update = api.send_text(MEMBER, "/start ref_42")
            entity = update["message"]["entities"][0]
            assert entity == {"type": "bot_command", "offset": 0, "length": 6}
            [welcome] = await api.wait_for_messages(MEMBER, 1)
            assert welcome["text"] == "欢迎 ref_42"
            assert welcome["reply_markup"]["inline_keyboard"][1][0]["callback_data"] == "st"
            mark = api.mark()
            api.press_label(MEMBER, "驿站")
            edit = await api.wait_for_call("editMessageText", after=mark)
            assert edit.ok and edit.text == "你选了 st" and "reply_markup" not in edit.result
            assert api.texts(MEMBER) == ["你选了 st"]
            assert [c.method for c in api.calls(ok=True)][-2:] == [
                "answerCallbackQuery",
                "editMessageText",
            ]
            await api.wait_confirmed()
        finally:
            await app.updater.stop()
            await app.stop()


async def test_ptb_in_process_feed(api: FakeBotAPI) -> None:
    api.feed_only = True
    app = Application.builder().token(api.token).base_url(api.url + "/bot").updater(None).build()
    app.add_handler(CommandHandler("start", _ptb_start))
    app.add_handler(CallbackQueryHandler(_ptb_press))
    async with app:
        await app.process_update(Update.de_json(api.send_text(MEMBER, "/start"), app.bot))
        assert api.texts(MEMBER) == ["欢迎"] and api.pending_updates == []
        await app.process_update(Update.de_json(api.press_label(MEMBER, "贷款"), app.bot))
        assert api.texts(MEMBER) == ["你选了 loans"]
        update = api.build_update("text", MEMBER, "hi")
        assert update["message"]["text"] == "hi" and api.pending_updates == []


# ---------------------------------------------------------------- aiogram end to end


async def test_aiogram_polling_start_keyboard_and_press(api: FakeBotAPI) -> None:
    from aiogram import Bot, Dispatcher, F, Router
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.filters import CommandObject, CommandStart
    from aiogram.types import CallbackQuery, Message
    from aiogram.types import InlineKeyboardButton as AgButton
    from aiogram.types import InlineKeyboardMarkup as AgMarkup

    router = Router()

    @router.message(CommandStart())
    async def start(message: Message, command: CommandObject) -> None:
        markup = AgMarkup(inline_keyboard=[[AgButton(text="贷款", callback_data="loans")]])
        await message.answer(f"欢迎 {command.args or ''}".strip(), reply_markup=markup)

    @router.callback_query(F.data)
    async def press(query: CallbackQuery) -> None:
        await query.answer("好")
        assert isinstance(query.message, Message)
        await query.message.edit_text(f"你选了 {query.data}")

    dp = Dispatcher()
    dp.include_router(router)
    session = AiohttpSession(api=TelegramAPIServer.from_base(api.url))
    bot = Bot(api.token, session=session)
    polling = asyncio.create_task(dp.start_polling(bot, polling_timeout=2, handle_signals=False))
    try:
        api.send_text(MEMBER, "/start abc")
        [welcome] = await api.wait_for_messages(MEMBER, 1, timeout=10)
        assert welcome["text"] == "欢迎 abc"
        api.press_label(MEMBER, "贷款")
        edit = await api.wait_for_call("editMessageText")
        assert edit.text == "你选了 loans"
        answers = list(api.callback_answers.values())
        assert answers[0]["text"] == "好"
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, 5)


async def test_aiogram_in_process_feed(api: FakeBotAPI) -> None:
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message
    from aiogram.types import Update as AgUpdate

    api.feed_only = True
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        if message.location:
            await message.answer_venue(
                message.location.latitude, message.location.longitude, "近", "路"
            )
        else:
            await message.answer(f"收到 {message.text}")

    session = AiohttpSession(api=TelegramAPIServer.from_base(api.url))
    async with Bot(api.token, session=session) as bot:
        for data in (api.send_text(MEMBER, "你好"), api.send_location(MEMBER, 31.2, 121.5)):
            await dp.feed_update(bot, AgUpdate.model_validate(data, context={"bot": bot}))
    messages = api.messages(MEMBER)
    assert messages[0]["text"] == "收到 你好"
    assert messages[1]["venue"]["location"] == {"latitude": 31.2, "longitude": 121.5}
    assert [m["message_id"] for m in api.chat_log(MEMBER)] == [1, 2, 3, 4]


# ---------------------------------------------------------------- failures


async def test_retry_after_and_forbidden_on_both_frameworks(api: FakeBotAPI) -> None:
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter

    api.rate_limit_next("sendMessage", 7, count=2, chat_id=MEMBER)
    api.block(MEMBER + 1)
    async with ptb_bot(api) as bot:
        with pytest.raises(RetryAfter) as retry:
            await bot.send_message(MEMBER, "x")
        assert seconds(retry.value.retry_after) == 7
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(MEMBER + 1, "x")
    session = AiohttpSession(api=TelegramAPIServer.from_base(api.url))
    async with Bot(api.token, session=session) as ag_bot:
        with pytest.raises(TelegramRetryAfter) as ag_retry:
            await ag_bot.send_message(MEMBER, "x")
        assert ag_retry.value.retry_after == 7
        with pytest.raises(TelegramForbiddenError):
            await ag_bot.send_message(MEMBER + 1, "x")
        assert (await ag_bot.send_message(MEMBER, "ok")).text == "ok"  # the fault is used up
    status, body = await raw_call(api, "sendMessage", chat_id=MEMBER + 1, text="x")
    assert body == {
        "ok": False,
        "error_code": 403,
        "description": "Forbidden: bot was blocked by the user",
    }
    assert [c.status for c in api.calls("sendMessage")] == [429, 403, 429, 403, 200, 403]
    api.unblock(MEMBER + 1)
    status, _ = await raw_call(api, "sendMessage", chat_id=MEMBER + 1, text="x")
    assert status == 200


async def test_bad_requests_server_errors_and_delays(api: FakeBotAPI) -> None:
    async with ptb_bot(api, read_timeout=0.2) as bot:
        with pytest.raises(BadRequest, match="(?i)can't parse entities"):
            await bot.send_message(MEMBER, "1 < 2 and <b>bold", parse_mode="HTML")
        message = await bot.send_message(MEMBER, "同样")
        with pytest.raises(BadRequest, match="(?i)message is not modified"):
            await bot.edit_message_text("同样", MEMBER, message.message_id)
        api.fail_next("sendMessage", 400, description="Bad Request: chat not found", chat_id=7)
        with pytest.raises(BadRequest, match="(?i)chat not found"):
            await bot.send_message(7, "x")
        api.server_error_next("sendMessage")
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(MEMBER, "x")
        api.delay_next("sendMessage", 0.5)
        with pytest.raises(TimedOut):
            await bot.send_message(MEMBER, "迟到")
    await api.wait_for(lambda c: c.text == "迟到", timeout=2)  # it was delivered all the same


async def test_flood_limits_answer_429_and_record(api: FakeBotAPI) -> None:
    api.enforce_rate_limits(RateLimits(per_chat_burst=1))
    async with ptb_bot(api) as bot:
        await bot.send_message(MEMBER, "一")
        with pytest.raises(RetryAfter):
            await bot.send_message(MEMBER, "二")
        await bot.send_message(MEMBER + 1, "另一个人")
    [violation] = api.rate_violations
    assert (violation.chat_id, violation.scope, violation.retry_after) == (MEMBER, "chat", 1)


# ---------------------------------------------------------------- long polling


async def test_get_updates_timeout_offset_and_limit(api: FakeBotAPI) -> None:
    started = time.monotonic()
    status, body = await raw_call(api, "getUpdates", timeout=1)
    assert (status, body) == (200, {"ok": True, "result": []})
    assert 0.9 <= time.monotonic() - started < 1.8

    for text in ("a", "b", "c"):
        api.send_text(MEMBER, text)
    _, body = await raw_call(api, "getUpdates", limit=2)
    ids = [u["update_id"] for u in body["result"]]
    assert len(ids) == 2 and ids[0] < ids[1]
    _, body = await raw_call(api, "getUpdates", offset=ids[1] + 1)
    assert [u["message"]["text"] for u in body["result"]] == ["c"]
    assert body["result"][0]["update_id"] > ids[1]
    _, body = await raw_call(api, "getUpdates", offset=body["result"][0]["update_id"] + 1)
    assert body["result"] == [] and api.pending_updates == []

    waiting = asyncio.create_task(raw_call(api, "getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    api.send_text(MEMBER, "wake")
    _, body = await waiting
    assert body["result"][0]["message"]["text"] == "wake" and time.monotonic() - started < 1.0


async def test_allowed_updates_conflicts_and_stop_release_polls(api: FakeBotAPI) -> None:
    api.send_text(MEMBER, "dropped")
    _, body = await raw_call(api, "getUpdates", allowed_updates=["callback_query"])
    assert body["result"] == []

    first = asyncio.create_task(raw_call(api, "getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    second = asyncio.create_task(raw_call(api, "getUpdates", timeout=5))
    status, body = await first
    assert status == 409 and "terminated by other getUpdates" in body["description"]
    await asyncio.sleep(0.1)
    started = time.monotonic()
    await api.stop()
    status, body = await second
    assert (status, body["result"]) == (200, []) and time.monotonic() - started < 1.5


# ---------------------------------------------------------------- uploads, commands, keyboards


async def test_uploads_commands_and_reply_keyboard(api: FakeBotAPI) -> None:
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import BufferedInputFile

    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x00\x80" + b"\x00" * 20
    async with ptb_bot(api) as bot:
        document = await bot.send_document(MEMBER, b"a,b\n1,2\n", filename="表.csv", caption="附件")
        assert document.document and document.document.file_name == "表.csv"
        photo = await bot.send_photo(MEMBER, png)
        assert photo.photo[-1].width == 256 and photo.photo[-1].height == 128
        await bot.set_my_commands(
            [BotCommand("start", "开始"), BotCommand("loans", "贷款")],
            scope=BotCommandScopeAllPrivateChats(),
            language_code="zh",
        )
        stored = await bot.get_my_commands(
            scope=BotCommandScopeAllPrivateChats(), language_code="zh"
        )
        assert [c.command for c in stored] == ["start", "loans"]
        file = await bot.get_file(document.document.file_id)
        assert bytes(await file.download_as_bytearray()) == b"a,b\n1,2\n"
        keyboard = ReplyKeyboardMarkup([[KeyboardButton("发送位置", request_location=True)]])
        await bot.send_message(MEMBER, "请发送位置", reply_markup=keyboard)
    assert api.get_commands("all_private_chats", "zh") == [
        {"command": "start", "description": "开始"},
        {"command": "loans", "description": "贷款"},
    ]
    assert "reply_markup" not in api.messages(MEMBER)[-1]  # reply keyboards are not echoed
    update = api.reply_button(MEMBER, "发送位置", latitude=30.0, longitude=120.0)
    assert update["message"]["location"] == {"latitude": 30.0, "longitude": 120.0}

    session = AiohttpSession(api=TelegramAPIServer.from_base(api.url))
    async with Bot(api.token, session=session) as ag_bot:
        sent = await ag_bot.send_document(MEMBER, BufferedInputFile(b"%PDF", "申请.pdf"))
        assert sent.document and sent.document.file_name == "申请.pdf"
        assert sent.document.mime_type == "application/pdf"
        assert await ag_bot.download(sent.document.file_id) is not None


async def test_webhook_delivery_with_secret(api: FakeBotAPI) -> None:
    received: list[tuple[dict[str, Any], str | None]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        )
        return web.json_response({"method": "sendMessage", "chat_id": MEMBER, "text": "回"})

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with ptb_bot(api) as bot:
            await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
            with pytest.raises(Exception, match="webhook is active"):
                await bot.get_updates()
            api.send_text(MEMBER, "hello")
            call = await api.wait_for(lambda c: c.via == "webhook-reply")
            assert call.text == "回"
            assert received[0][0]["message"]["text"] == "hello" and received[0][1] == "s3cret"
            assert (await bot.get_webhook_info()).pending_update_count == 0
            await bot.delete_webhook()
    finally:
        await runner.cleanup()

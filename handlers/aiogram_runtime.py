"""aiogram 3 adapter: the same conversations as the PTB runtime.

Imported only when `--runtime aiogram` is chosen: aiogram costs seconds to import.
Handlers are plain async callables registered without filters, so nothing runs in
a thread (aiogram runs sync filters in an executor).
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)

from bot.app import App, build_app
from bot.scheduler import PeriodicJob, start_scheduler
from bot.settings import Settings
from dialogs.model import Event, KeyboardKind, Kind, Out
from handlers.botapi_sender import BotApiSender
from handlers.telegram_common import STAFF_MENU_SECONDS, CommandMenus, Menu
from handlers.telegram_events import event_from_update

log = logging.getLogger(__name__)


def markup(out: Out) -> Any:
    if out.buttons:
        return InlineKeyboardMarkup(inline_keyboard=[[
            InlineKeyboardButton(text=b.label, url=b.url) if b.url else
            InlineKeyboardButton(text=b.label, callback_data=b.data) for b in row]
            for row in out.buttons])
    if out.keyboard is None:
        return None
    if out.keyboard.kind is KeyboardKind.REMOVE:
        return ReplyKeyboardRemove()
    button = KeyboardButton(text=out.keyboard.label,
                            request_location=out.keyboard.kind is KeyboardKind.LOCATION,
                            request_contact=out.keyboard.kind is KeyboardKind.CONTACT)
    return ReplyKeyboardMarkup(keyboard=[[button]], resize_keyboard=True, one_time_keyboard=True)


async def deliver(bot: Bot, query: CallbackQuery | None, event: Event, outs: list[Out]) -> None:
    """Draw the replies; a button press is always answered so its spinner stops."""
    toast = next((o.text for o in outs if o.toast), None)
    if query is not None:
        try:
            await query.answer(toast)
        except TelegramBadRequest as exc:
            log.info("callback answer failed: %s", exc)
    for out in outs:
        if out.toast:
            continue
        if out.venue is not None:
            v = out.venue
            await bot.send_venue(chat_id=event.chat_id, latitude=v.lat, longitude=v.lon,
                                 title=v.title, address=v.address)
        if out.document is not None:
            d = out.document
            await bot.send_document(chat_id=event.chat_id,
                                    document=BufferedInputFile(d.content, filename=d.filename),
                                    caption=d.caption or None)
        if out.photo:  # a photo already on Telegram, its text the caption; never edited
            await bot.send_photo(chat_id=event.chat_id, photo=out.photo,
                                 caption=out.text or None, reply_markup=markup(out))
            continue
        if not out.text:
            continue
        if out.edit and event.kind is Kind.BUTTON and event.message_id is not None:
            try:
                await bot.edit_message_text(text=out.text, chat_id=event.chat_id,
                                            message_id=event.message_id, reply_markup=markup(out))
                continue
            except TelegramBadRequest as exc:
                if "not modified" in str(exc).lower():
                    continue
                log.info("edit failed (%s), sending a new message", exc)
        await bot.send_message(chat_id=event.chat_id, text=out.text, reply_markup=markup(out))


def build_dispatcher(app: App) -> Dispatcher:
    """One router, three update kinds, all into the channel-neutral core."""
    dp = Dispatcher()
    router = Router(name="unionbot")

    async def on_update(update_obj: Message | CallbackQuery, bot: Bot,
                        event_update: Update) -> None:
        event = event_from_update(event_update)
        if event is None:
            return
        outs = await app.conversation.handle(event)
        query = update_obj if isinstance(update_obj, CallbackQuery) else None
        try:
            await deliver(bot, query, event, outs)
        except TelegramForbiddenError:
            log.info("member %s blocked the bot", event.user_id)

    router.message.register(on_update)
    router.edited_message.register(on_update)
    router.callback_query.register(on_update)
    dp.include_router(router)
    return dp


def build_bot(settings: Settings) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    return Bot(settings.telegram_token, session=session, default=DefaultBotProperties())


def command_menus(bot: Bot, app: App) -> CommandMenus:
    async def set_menu(menu: Menu) -> bool:
        scope = BotCommandScopeChat(chat_id=menu.chat_id) if menu.chat_id is not None else None
        try:
            await bot.set_my_commands([BotCommand(command=c, description=d)
                                       for c, d in menu.commands],
                                      scope=scope, language_code=menu.language_code)
        except TelegramBadRequest:
            return False
        return True

    async def clear_menu(chat_id: int, language_code: str | None) -> bool:
        try:
            await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=chat_id),
                                         language_code=language_code)
        except TelegramBadRequest:
            return False
        return True

    return CommandMenus(app, set_menu, clear_menu)


async def serve(settings: Settings, catalog: Any = None) -> None:
    app = await build_app(settings, catalog=catalog)
    bot = build_bot(settings)
    dp = build_dispatcher(app)
    sender = BotApiSender(settings.telegram_token, settings.telegram_api_url)
    scheduler = None
    try:
        me = await bot.get_me()  # fails fast on a wrong token, in webhook mode too
        log.info("bot @%s", me.username)
        menus = command_menus(bot, app)
        await menus.publish()
        staff_menus = PeriodicJob("staff-menus", menus.sync_staff, STAFF_MENU_SECONDS)
        # The outbox goes out through its own light sender (handlers/botapi_sender.py).
        scheduler = start_scheduler(app.deliverer(sender),
                                    jobs=[*app.periodic_jobs(), staff_menus])
        log.info("serving Telegram through aiogram")
        if settings.webhook_url:
            await _serve_webhook(settings, bot, dp)
        else:
            await dp.start_polling(bot, allowed_updates=dp.resolve_used_update_types())
    finally:
        if scheduler is not None:
            await scheduler.stop()  # gives back notices claimed but not sent
        await sender.close()
        await bot.session.close()
        await app.close()


async def _serve_webhook(settings: Settings, bot: Bot, dp: Dispatcher) -> None:
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
    from aiohttp import web

    web_app = web.Application()
    SimpleRequestHandler(dispatcher=dp, bot=bot,
                         secret_token=settings.webhook_secret or None).register(web_app, path="/")
    setup_application(web_app, dp, bot=bot)
    await bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret or None)
    runner = web.AppRunner(web_app)
    await runner.setup()
    await web.TCPSite(runner, settings.webhook_listen, settings.webhook_port).start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):  # a clean stop, as polling mode has
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def run(settings: Settings, catalog: Any = None) -> None:
    asyncio.run(serve(settings, catalog))

"""python-telegram-bot adapter: updates → events → conversation → Bot API calls.

No ConversationHandler or persistence here: the dialog state lives in the
database, so any process can take any update (DESIGN.md).
"""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import AIORateLimiter, Application, ContextTypes, TypeHandler
from telegram.request import HTTPXRequest

from bot.app import App, build_app
from bot.scheduler import PeriodicJob, start_scheduler
from bot.settings import Settings
from dialogs.model import Event, KeyboardKind, Kind, Out
from handlers.telegram_common import STAFF_MENU_SECONDS, CommandMenus, Menu
from handlers.telegram_events import event_from_update

log = logging.getLogger(__name__)


def markup(out: Out) -> Any:
    if out.buttons:
        return InlineKeyboardMarkup([[
            InlineKeyboardButton(b.label, url=b.url) if b.url else
            InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
            for row in out.buttons])
    if out.keyboard is None:
        return None
    if out.keyboard.kind is KeyboardKind.REMOVE:
        return ReplyKeyboardRemove()
    button = KeyboardButton(out.keyboard.label,
                            request_location=out.keyboard.kind is KeyboardKind.LOCATION,
                            request_contact=out.keyboard.kind is KeyboardKind.CONTACT)
    return ReplyKeyboardMarkup([[button]], resize_keyboard=True, one_time_keyboard=True)


def reply_markup(out: Out) -> str | None:
    """The reply's keyboard as the Bot API's JSON, drawn straight from ``out``."""
    if out.buttons:
        return json.dumps({"inline_keyboard": [[
            {"text": b.label, "url": b.url} if b.url else
            {"text": b.label, "callback_data": b.data} for b in row] for row in out.buttons]})
    keyboard = out.keyboard
    if keyboard is None:
        return None
    if keyboard.kind is KeyboardKind.REMOVE:
        return json.dumps({"remove_keyboard": True})
    asks = "request_location" if keyboard.kind is KeyboardKind.LOCATION else "request_contact"
    return json.dumps({"keyboard": [[{"text": keyboard.label, asks: True}]],
                       "resize_keyboard": True, "one_time_keyboard": True})


async def call(bot: Any, method: str, params: dict[str, Any]) -> Any:
    """One Bot API call through PTB's pipeline, answered with Telegram's raw JSON result.

    ``Bot.send_message`` & co. would build a TelegramObject per button and parse the
    answer, keyboard included, back into a ``Message``: four fifths of what a reply with
    a keyboard cost (bench/bench_updates.py), for an answer nothing reads (an edit
    addresses the message the button sits on, which the update names). ``_post`` is
    where every Bot method ends up: Defaults, the AIORateLimiter, the request layer and
    its errors (BadRequest, Forbidden, RetryAfter) all still apply. ``do_api_request`` is
    the public door to it, but warns on every method PTB already has.
    """
    return await bot._post(method, params)  # noqa: SLF001


async def deliver(bot: Any, update: Update, event: Event, outs: list[Out]) -> None:
    """Draw the replies; a button press is always answered so its spinner stops."""
    toast = next((o.text for o in outs if o.toast), None)
    query = update.callback_query
    if query is not None:
        try:
            await call(bot, "answerCallbackQuery", {"callback_query_id": query.id,
                                                    "text": toast})
        except TelegramError as exc:  # an old query cannot be answered; the reply still goes
            log.info("callback answer failed: %s", exc)
    for out in outs:
        if out.toast:
            continue
        if out.venue is not None:
            v = out.venue
            await bot.send_venue(event.chat_id, v.lat, v.lon, v.title, v.address)
        if out.document is not None:
            d = out.document
            await bot.send_document(event.chat_id, InputFile(d.content, filename=d.filename),
                                    caption=d.caption or None)
        if out.photo:  # a photo already on Telegram, its text the caption; never edited
            await call(bot, "sendPhoto", {"chat_id": event.chat_id, "photo": out.photo,
                                          "caption": out.text or None,
                                          "reply_markup": reply_markup(out)})
            continue
        if not out.text:
            continue
        params = {"chat_id": event.chat_id, "text": out.text, "reply_markup": reply_markup(out)}
        if out.edit and event.kind is Kind.BUTTON and event.message_id is not None:
            try:
                await call(bot, "editMessageText", {**params, "message_id": event.message_id})
                continue
            except BadRequest as exc:
                if "not modified" in str(exc).lower():
                    continue
                log.info("edit failed (%s), sending a new message", exc)
        await call(bot, "sendMessage", params)


async def on_update(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The only handler: every update goes through the channel-neutral core."""
    if not isinstance(update, Update):
        return
    event = event_from_update(update)
    if event is None:
        return
    app: App = context.application.bot_data["app"]
    outs = await app.conversation.handle(event)
    try:
        await deliver(context.bot, update, event, outs)
    except Forbidden:
        log.info("member %s blocked the bot", event.user_id)


def command_menus(application: Application, app: App) -> CommandMenus:
    bot = application.bot

    async def set_menu(menu: Menu) -> bool:
        scope = BotCommandScopeChat(menu.chat_id) if menu.chat_id is not None else None
        try:
            await bot.set_my_commands([BotCommand(c, d) for c, d in menu.commands],
                                      scope=scope, language_code=menu.language_code)
        except BadRequest:
            return False
        return True

    async def clear_menu(chat_id: int, language_code: str | None) -> bool:
        try:
            await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id),
                                         language_code=language_code)
        except BadRequest:
            return False
        return True

    return CommandMenus(app, set_menu, clear_menu)


def build_application(settings: Settings) -> Application:
    """The PTB application pointed at Telegram or at UNIONBOT_TELEGRAM_API_URL."""
    # PTB's default makes two HTTP clients (updates, everything else), each loading the CA
    # bundle into its own TLS context: one shared context saves ≈ 0.8 MiB and 40 ms at start.
    # Pool sizes are PTB's defaults.
    tls = httpx.create_ssl_context()
    builder = (Application.builder().token(settings.telegram_token)
               .request(HTTPXRequest(connection_pool_size=256, httpx_kwargs={"verify": tls}))
               .get_updates_request(HTTPXRequest(connection_pool_size=1,
                                                 httpx_kwargs={"verify": tls}))
               .base_url(f"{settings.telegram_api_url}/bot")
               .base_file_url(f"{settings.telegram_api_url}/file/bot")
               .concurrent_updates(True)
               # PTB's own cap (30/s overall) would override UNIONBOT_SEND_RATE; the outbox
               # is paced by bot/pacing.py, so the cap only needs to stay out of its way.
               .rate_limiter(AIORateLimiter(overall_max_rate=max(30.0, settings.send_rate),
                                            max_retries=3)))
    application = builder.build()
    application.add_handler(TypeHandler(Update, on_update))
    return application


def run(settings: Settings, catalog: Any = None) -> None:
    """Long polling, or a webhook when UNIONBOT_WEBHOOK_URL is set. Blocks until stopped."""
    application = build_application(settings)

    async def post_init(application: Application) -> None:
        app = await build_app(settings, catalog=catalog)
        application.bot_data["app"] = app
        menus = command_menus(application, app)
        await menus.publish()
        staff_menus = PeriodicJob("staff-menus", menus.sync_staff, STAFF_MENU_SECONDS)
        from handlers.botapi_sender import BotApiSender

        # The outbox goes out through its own light sender: PTB's stack costs too much CPU
        # per message for a broadcast at the limit (handlers/botapi_sender.py).
        sender = BotApiSender(settings.telegram_token, settings.telegram_api_url)
        application.bot_data["sender"] = sender
        application.bot_data["scheduler"] = start_scheduler(
            app.deliverer(sender),
            jobs=[*app.periodic_jobs(), staff_menus])
        log.info("serving Telegram through python-telegram-bot")

    async def post_shutdown(application: Application) -> None:
        scheduler = application.bot_data.get("scheduler")
        if scheduler is not None:
            await scheduler.stop()  # gives back notices claimed but not sent
        sender = application.bot_data.get("sender")
        if sender is not None:
            await sender.close()
        app = application.bot_data.get("app")
        if app is not None:
            await app.close()

    application.post_init = post_init
    application.post_shutdown = post_shutdown
    if settings.webhook_url:
        application.run_webhook(listen=settings.webhook_listen, port=settings.webhook_port,
                                webhook_url=settings.webhook_url,
                                secret_token=settings.webhook_secret or None,
                                allowed_updates=Update.ALL_TYPES)
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)

"""A fake Telegram Bot API server on loopback, for python-telegram-bot and aiogram.

Start it, point the bot at ``api.url`` (PTB: ``base_url(api.url + "/bot")``,
aiogram: ``TelegramAPIServer.from_base(api.url)``), make members act with the
update builders (``send_text``, ``press_label``...), and read what the bot did
(``sent``, ``messages(chat_id)``, ``wait_for``...). Failures are injected with
``fail_next``, ``rate_limit_next``, ``block``, ``delay_next`` and
``enforce_rate_limits``.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import re
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

import aiohttp
from aiohttp import web

from .chats import ChatStore, Member
from .faults import (
    BLOCKED,
    Fault,
    FaultPlan,
    RateLimiter,
    RateLimits,
    Violation,
    default_description,
)
from .files import FileStore, Upload
from .methods import ApiError, BotApi, Handler, Params, Webhook, scope_key
from .updates import Update, UpdateFactory, UpdateQueue
from .waiting import Signal, wait_until

logger = logging.getLogger("tests.fakebotapi")

DEFAULT_TOKEN = "123456789:AAHfakeTokenForUnionbotTests_0123456789"

_METHOD_PATH = re.compile(r"^/bot([^/]*)/([^/]*)$")
_FILE_PATH = re.compile(r"^/file/bot([^/]*)/(.+)$")
_INT = re.compile(r"^-?\d+$")
_FLOAT = re.compile(r"^-?\d+\.\d*(?:[eE][-+]?\d+)?$|^-?\d+[eE][-+]?\d+$")
# Parameters that are always strings, whatever they look like ("123", "true"...).
_STRING_FIELDS = frozenset(
    """text caption title address first_name last_name phone_number vcard description
    short_description name url callback_query_id inline_message_id secret_token language_code
    action parse_mode emoji foursquare_id foursquare_type google_place_id google_place_type
    ip_address business_connection_id message_effect_id file_id query question explanation
    performer document photo sticker audio video voice animation video_note thumbnail
    start_parameter payload switch_pm_text switch_pm_parameter next_offset""".split()
)
# Methods a member's block (403) does not affect.
_NOT_BLOCKED = frozenset({"getchat", "getchatmember", "getchatmenubutton", "setchatmenubutton"})


@dataclass(frozen=True)
class Call:
    """One Bot API call the bot made, as the fake answered it."""

    method: str  # canonical name, e.g. "sendMessage"
    params: Params  # parsed to Python types (JSON fields decoded, uploads as Upload)
    chat_id: int | str | None
    at: float  # time.monotonic() when the request arrived
    status: int  # HTTP status answered
    result: Any  # the "result" on success (a Message dict, True, ...), else None
    description: str | None = None  # error description when not ok
    via: str = "http"  # "http", or "webhook-reply" for a method returned to a webhook

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def message(self) -> dict[str, Any] | None:
        """The Message the call returned, if any."""
        if isinstance(self.result, dict) and "message_id" in self.result and "chat" in self.result:
            return self.result
        return None

    @property
    def text(self) -> str | None:
        """Text or caption of the returned message, else the text parameter."""
        message = self.message
        if message is not None:
            return message.get("text", message.get("caption"))
        value = self.params.get("text")
        return value if isinstance(value, str) else None


class FakeBotAPI:
    """A Bot API server on loopback plus the controls a test needs.

    Builders (``send_text`` ...) return the update they made; it is queued for
    getUpdates / the webhook unless ``feed_only`` is set (or ``enqueue=False``),
    so an in-process test can feed it to the framework directly.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        first_name: str = "工会服务助手",
        username: str = "unionbot_test_bot",
        feed_only: bool = False,
        strict_chats: bool = False,
        rate_limits: RateLimits | None = None,
        clock: Callable[[], float] = time.time,
        max_poll_timeout: float = 50.0,
        webhook_timeout: float = 10.0,
    ) -> None:
        self.token = token
        self.host = host
        self.port = port
        self.feed_only = feed_only
        self.webhook_timeout = webhook_timeout
        prefix = token.split(":", 1)[0]
        self.bot_user: dict[str, Any] = {
            "id": int(prefix) if prefix.isdigit() else 123456789,
            "is_bot": True,
            "first_name": first_name,
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.chats = ChatStore()
        self.files = FileStore()
        self.queue = UpdateQueue()
        self.factory = UpdateFactory(self.chats, self.files, self.bot_user, clock)
        self.api = BotApi(
            bot_user=self.bot_user,
            chats=self.chats,
            files=self.files,
            queue=self.queue,
            factory=self.factory,
            clock=clock,
            strict_chats=strict_chats,
            max_poll_timeout=max_poll_timeout,
        )
        self.faults = FaultPlan()
        self.blocked: dict[int | str, str] = {}
        self.limiter: RateLimiter | None = RateLimiter(rate_limits) if rate_limits else None
        self.sent: list[Call] = []
        self.errors: list[str] = []  # unhandled exceptions (each also answered 500)
        self.poll_count = 0  # getUpdates calls answered (they are not in ``sent``)
        self.polls_in_flight = 0  # getUpdates calls waiting right now
        self.webhook_deliveries: list[tuple[int, int]] = []  # (update_id, HTTP status)
        self._activity = Signal()
        self._stopping = Signal()
        self._runner: web.AppRunner | None = None
        self._webhook_task: asyncio.Task[None] | None = None

    # ================================================================== lifecycle

    @property
    def url(self) -> str:
        """Root URL, e.g. ``http://127.0.0.1:8081`` (what UNIONBOT_TELEGRAM_API_URL takes)."""
        return f"http://{self.host}:{self.port}"

    @property
    def bot_id(self) -> int:
        return int(self.bot_user["id"])

    async def start(self) -> Self:
        """Listen on ``host:port`` (port 0 picks a free one, then ``port`` holds it)."""
        self.api.closing = False
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
        await site.start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        logger.info("fake Bot API listening on %s", self.url)
        return self

    async def stop(self) -> None:
        """Release pending long polls and delays, stop webhook delivery, close the server."""
        self.api.closing = True
        self._stopping.fire()
        self.queue.signal.fire()
        self._activity.fire()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # ================================================================== HTTP

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        try:
            match = _METHOD_PATH.match(request.path)
            if match:
                return await self._api_request(request, match.group(1), match.group(2))
            match = _FILE_PATH.match(request.path)
            if match:
                return self._download(match.group(1), match.group(2))
            return _json(ApiError(404, "Not Found").body(), 404)
        except web.HTTPException as error:  # e.g. 413 from aiohttp for a too large upload
            return _json(ApiError(error.status, error.reason).body(), error.status)
        except Exception as error:
            logger.exception("fake Bot API failed on %s %s", request.method, request.path)
            self.errors.append("".join(traceback.format_exception(error)))
            body = ApiError(500, f"Internal Server Error: {error!r}").body()
            return _json(body, 500)

    async def _api_request(self, request: web.Request, token: str, method: str) -> web.Response:
        arrived = time.monotonic()
        if token != self.token:
            return _json(ApiError(401, "Unauthorized").body(), 401)
        found = self.api.lookup(method)
        if found is None:  # recorded too: a bot calling a method that does not exist is a bug
            self.sent.append(Call(method, {}, None, arrived, 404, None, "Not Found"))
            self._activity.fire()
            return _json(ApiError(404, "Not Found").body(), 404)
        name, handler = found
        try:
            params = await parse_params(request)
        except ValueError as error:
            return _json(ApiError(400, f"Bad Request: {error}").body(), 400)
        status, body = await self._execute(name, handler, params, arrived)
        return _json(body, status)

    async def _execute(
        self, name: str, handler: Handler, params: Params, arrived: float, via: str = "http"
    ) -> tuple[int, dict[str, Any]]:
        """Run one method with faults, blocks and flood limits applied, and record it."""
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int | str) or isinstance(chat_id, bool):
            chat_id = None
        result: Any = None
        polling = name == "getUpdates"
        if polling:
            self.polls_in_flight += 1
            self._activity.fire()
        try:
            result = await self._guarded(name, handler, params, chat_id)
            status, body = 200, {"ok": True, "result": result}
        except ApiError as error:
            status, body = error.status, error.body()
        finally:
            if polling:
                self.polls_in_flight -= 1
        if polling:
            self.poll_count += 1
            return status, body
        call = Call(
            method=name,
            params=params,
            chat_id=chat_id,
            at=arrived,
            status=status,
            result=copy.deepcopy(result) if status == 200 else None,
            description=None if status == 200 else body.get("description"),
            via=via,
        )
        self.sent.append(call)
        logger.debug("%s %s -> %s", name, chat_id, status)
        if name in ("setWebhook", "deleteWebhook"):
            self._sync_webhook()
        self._activity.fire()
        return status, body

    async def _guarded(
        self, name: str, handler: Handler, params: Params, chat_id: int | str | None
    ) -> Any:
        fault = self.faults.take(name, chat_id)
        if fault is not None and fault.delay > 0 and not self.api.closing:
            await self._stopping.wait(fault.delay)
        if fault is not None and fault.status is not None:
            parameters = {"retry_after": fault.retry_after} if fault.retry_after else None
            raise ApiError(fault.status, fault.description, parameters)
        if chat_id in self.blocked and name.lower() not in _NOT_BLOCKED:
            raise ApiError(403, self.blocked[chat_id])
        if self.limiter is not None:
            violation = self.limiter.check(name, chat_id, time.monotonic())
            if violation is not None:
                raise ApiError(
                    429,
                    f"Too Many Requests: retry after {violation.retry_after}",
                    {"retry_after": violation.retry_after},
                )
        return await handler(params)

    def _download(self, token: str, path: str) -> web.Response:
        if token != self.token:
            return _json(ApiError(401, "Unauthorized").body(), 401)
        stored = self.files.by_path.get(path)
        if stored is None:
            return _json(ApiError(404, "Not Found").body(), 404)
        return web.Response(
            body=stored.content, content_type=stored.mime_type or "application/octet-stream"
        )

    # ================================================================== webhook delivery

    def _sync_webhook(self) -> None:
        self.queue.signal.fire()
        if self.api.webhook is not None and (
            self._webhook_task is None or self._webhook_task.done()
        ):
            self._webhook_task = asyncio.get_running_loop().create_task(self._deliver_webhook())

    async def _deliver_webhook(self) -> None:
        """POST pending updates to the webhook one at a time, as Telegram does."""
        timeout = aiohttp.ClientTimeout(total=self.webhook_timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while not self.api.closing and self.api.webhook is not None:
                hook = self.api.webhook
                pending = self.queue.available(1)
                if not pending:
                    await self.queue.signal.wait(1.0)
                    continue
                if not await self._post_update(session, hook, pending[0]):
                    await self._stopping.wait(0.5)

    async def _post_update(
        self, session: aiohttp.ClientSession, hook: Webhook, update: Update
    ) -> bool:
        headers = (
            {"X-Telegram-Bot-Api-Secret-Token": hook.secret_token} if hook.secret_token else {}
        )
        try:
            async with session.post(hook.url, json=update, headers=headers) as response:
                status, body = response.status, await response.read()
        except (aiohttp.ClientError, TimeoutError) as error:
            hook.last_error_date = int(time.time())
            hook.last_error_message = f"Connection failed: {error!r}"
            return False
        self.webhook_deliveries.append((update["update_id"], status))
        if not 200 <= status < 300:
            hook.last_error_date = int(time.time())
            hook.last_error_message = f"Wrong response from the webhook: {status}"
            return False
        self.queue.confirm(update["update_id"] + 1)
        await self._webhook_reply(body)
        return True

    async def _webhook_reply(self, body: bytes) -> None:
        """Run a method the bot put in its webhook answer (``{"method": ...}``)."""
        try:
            reply = json.loads(body) if body.strip() else None
        except ValueError:
            return
        if not isinstance(reply, dict) or not isinstance(reply.get("method"), str):
            return
        found = self.api.lookup(reply["method"])
        if found is None:
            return
        params = coerce_params({k: v for k, v in reply.items() if k != "method"})
        await self._execute(found[0], found[1], params, time.monotonic(), via="webhook-reply")

    # ================================================================== members act

    def user(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> Member:
        """Register or update a member (``language_code=""`` means: none sent)."""
        return self.chats.member(
            user_id,
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )

    def _emit(self, payload: dict[str, Any], enqueue: bool | None) -> Update:
        update = self.queue.stamp(payload)
        if (not self.feed_only) if enqueue is None else enqueue:
            self.queue.put(update)
        return copy.deepcopy(update)

    def enqueue(self, update: dict[str, Any]) -> Update:
        """Queue a hand-made update (an update_id is added when missing)."""
        if "update_id" in update:
            made = copy.deepcopy(update)
            self.queue.put(made)
            return copy.deepcopy(made)
        return self._emit(update, True)

    def send_text(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str | None = None,
        language_code: str | None = None,
        reply_to_message_id: int | None = None,
        enqueue: bool | None = None,
    ) -> Update:
        """The member sends ``text``; /commands get ``bot_command`` entities.

        ``first_name``/``language_code`` default to what the member had, else 李 / zh-hans.
        """
        member = self.user(user_id, first_name=first_name, language_code=language_code)
        payload = self.factory.text(member, text, reply_to_message_id=reply_to_message_id)
        return self._emit(payload, enqueue)

    def send_location(
        self,
        user_id: int,
        latitude: float,
        longitude: float,
        *,
        horizontal_accuracy: float | None = None,
        live_period: int | None = None,
        enqueue: bool | None = None,
    ) -> Update:
        """The member shares a location (as the request_location button does)."""
        payload = self.factory.location(
            self.user(user_id),
            latitude,
            longitude,
            horizontal_accuracy=horizontal_accuracy,
            live_period=live_period,
        )
        return self._emit(payload, enqueue)

    def send_contact(
        self,
        user_id: int,
        phone_number: str,
        *,
        contact_user_id: int | None = None,
        first_name: str | None = None,
        enqueue: bool | None = None,
    ) -> Update:
        """The member shares a contact.

        ``contact_user_id`` None: the member's own contact (``user_id`` = sender, as the
        request_contact button sends it); another id: someone else's; 0: no user_id.
        """
        payload = self.factory.contact(
            self.user(user_id), phone_number, contact_user_id=contact_user_id, first_name=first_name
        )
        return self._emit(payload, enqueue)

    def send_photo(
        self,
        user_id: int,
        *,
        caption: str | None = None,
        width: int = 1280,
        height: int = 960,
        content: bytes = b"\xff\xd8\xff\xe0fake-jpeg\xff\xd9",
        enqueue: bool | None = None,
    ) -> Update:
        """The member sends a photo (several PhotoSizes, downloadable with getFile)."""
        payload = self.factory.photo(
            self.user(user_id), caption=caption, width=width, height=height, content=content
        )
        return self._emit(payload, enqueue)

    def send_document(
        self,
        user_id: int,
        file_name: str = "document.pdf",
        *,
        content: bytes = b"%PDF-1.4\n% fake document\n%%EOF\n",
        mime_type: str | None = None,
        caption: str | None = None,
        enqueue: bool | None = None,
    ) -> Update:
        """The member sends a file (downloadable with getFile)."""
        payload = self.factory.document(
            self.user(user_id), file_name, content=content, mime_type=mime_type, caption=caption
        )
        return self._emit(payload, enqueue)

    def send_sticker(
        self, user_id: int, emoji: str = "👍", *, enqueue: bool | None = None
    ) -> Update:
        """The member sends a sticker."""
        return self._emit(self.factory.sticker(self.user(user_id), emoji), enqueue)

    def edit_text(
        self, user_id: int, message_id: int, text: str, *, enqueue: bool | None = None
    ) -> Update:
        """The member edits one of their text messages (an ``edited_message`` update)."""
        return self._emit(self.factory.edit_text(self.user(user_id), message_id, text), enqueue)

    def press(
        self, user_id: int, message_id: int, callback_data: str, *, enqueue: bool | None = None
    ) -> Update:
        """The member presses a button with ``callback_data`` under bot message ``message_id``.

        The data is not checked against the keyboard, so forged or stale data can be sent.
        """
        return self._emit(
            self.factory.callback(self.user(user_id), message_id, callback_data), enqueue
        )

    def press_label(self, user_id: int, label: str, *, enqueue: bool | None = None) -> Update:
        """Press the inline button labelled ``label`` on the newest bot message that has one."""
        stored, button = self.factory.find_inline_button(user_id, label)
        if "callback_data" not in button:
            raise LookupError(f"button {label!r} sends nothing to the bot: {button}")
        return self.press(
            user_id, stored.message["message_id"], button["callback_data"], enqueue=enqueue
        )

    def reply_button(
        self,
        user_id: int,
        label: str,
        *,
        latitude: float | None = None,
        longitude: float | None = None,
        phone_number: str = "8613800138000",
        enqueue: bool | None = None,
    ) -> Update:
        """Tap ``label`` on the reply keyboard: send its text, or the location/contact it asks."""
        button = self.factory.find_reply_button(user_id, label)
        keyboard = self.chats.keyboards.get(user_id) or {}
        if keyboard.get("one_time_keyboard"):
            self.chats.keyboards[user_id] = None
        if button.get("request_contact"):
            return self.send_contact(user_id, phone_number, enqueue=enqueue)
        if button.get("request_location"):
            if latitude is None or longitude is None:
                raise ValueError(f"button {label!r} requests a location: pass latitude/longitude")
            return self.send_location(user_id, latitude, longitude, enqueue=enqueue)
        return self.send_text(user_id, label, enqueue=enqueue)

    def build_update(self, kind: str, user_id: int, *args: Any, **kwargs: Any) -> Update:
        """Build an update without queueing it: ``kind`` is text, location, contact, photo,
        document, sticker, edit_text, press, press_label or reply_button (same arguments)."""
        builders: dict[str, Callable[..., Update]] = {
            "text": self.send_text,
            "location": self.send_location,
            "contact": self.send_contact,
            "photo": self.send_photo,
            "document": self.send_document,
            "sticker": self.send_sticker,
            "edit_text": self.edit_text,
            "press": self.press,
            "press_label": self.press_label,
            "reply_button": self.reply_button,
        }
        return builders[kind](user_id, *args, enqueue=False, **kwargs)

    @property
    def pending_updates(self) -> list[Update]:
        """Updates not yet confirmed by the bot (getUpdates offset or webhook 2xx)."""
        return self.queue.pending

    # ================================================================== faults

    def fail_next(
        self,
        method: str,
        status: int,
        *,
        description: str | None = None,
        count: int | None = 1,
        chat_id: int | str | None = None,
        retry_after: int | None = None,
        delay: float = 0.0,
    ) -> Fault:
        """Answer the next ``count`` calls of ``method`` (``"*"``: any; ``count=None``: until
        cleared), optionally only for ``chat_id``, with ``status`` and ``description``."""
        fault = Fault(
            method=method,
            status=status,
            description=description or default_description(status, retry_after),
            retry_after=retry_after,
            delay=delay,
            chat_id=chat_id,
            remaining=count,
        )
        return self.faults.add(fault)

    def rate_limit_next(
        self,
        method: str,
        retry_after: int,
        *,
        count: int | None = 1,
        chat_id: int | str | None = None,
    ) -> Fault:
        """429 ``Too Many Requests: retry after N`` with ``parameters.retry_after``."""
        return self.fail_next(method, 429, count=count, chat_id=chat_id, retry_after=retry_after)

    def server_error_next(
        self, method: str = "*", *, status: int = 502, count: int | None = 1
    ) -> Fault:
        """A 5xx answer (Bad Gateway by default)."""
        return self.fail_next(method, status, count=count)

    def delay_next(
        self,
        method: str,
        seconds: float,
        *,
        count: int | None = 1,
        chat_id: int | str | None = None,
    ) -> Fault:
        """Hold the answer ``seconds`` (the call still takes effect, as when a client times out)."""
        fault = Fault(method=method, status=None, delay=seconds, chat_id=chat_id, remaining=count)
        return self.faults.add(fault)

    def block(
        self, chat_id: int | str, *, description: str = BLOCKED, notify: bool = False
    ) -> Update | None:
        """From now on every call to ``chat_id`` gets 403 (until ``unblock``).

        With ``notify`` the member blocks the bot in earnest: a ``my_chat_member``
        update (status ``kicked``) is queued and returned.
        """
        self.blocked[chat_id] = description
        if notify and isinstance(chat_id, int):
            payload = self.factory.chat_member_change(self.user(chat_id), "member", "kicked")
            return self._emit(payload, None)
        return None

    def unblock(self, chat_id: int | str, *, notify: bool = False) -> Update | None:
        """Lift a block; with ``notify`` queue the ``my_chat_member`` update (``member``)."""
        self.blocked.pop(chat_id, None)
        if notify and isinstance(chat_id, int):
            payload = self.factory.chat_member_change(self.user(chat_id), "kicked", "member")
            return self._emit(payload, None)
        return None

    def enforce_rate_limits(self, limits: RateLimits | None = None) -> None:
        """Refuse messages beyond Telegram's flood limits with 429 (``None`` limits: defaults)."""
        self.limiter = RateLimiter(limits or RateLimits())

    def stop_rate_limits(self) -> None:
        self.limiter = None

    @property
    def rate_violations(self) -> list[Violation]:
        return list(self.limiter.violations) if self.limiter else []

    def clear_faults(self) -> None:
        """Remove injected faults and blocks (flood limits stay as configured)."""
        self.faults.clear()
        self.blocked.clear()

    # ================================================================== what the bot did

    def calls(
        self, method: str | None = None, *, chat_id: int | str | None = None, ok: bool | None = None
    ) -> list[Call]:
        """Recorded calls, filtered by method name (case-insensitive), chat and success."""
        return [
            call
            for call in self.sent
            if (method is None or call.method.lower() == method.lower())
            and (chat_id is None or call.chat_id == chat_id)
            and (ok is None or call.ok == ok)
        ]

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """The bot's messages in a chat, in order, as they are now (after edits, not deleted)."""
        return [copy.deepcopy(m.message) for m in self.chats.all(chat_id, from_bot=True)]

    def texts(self, chat_id: int) -> list[str]:
        """Text (or caption, or venue title) of each of the bot's messages in a chat."""
        return [_describe(message) for message in self.messages(chat_id)]

    def last_message(self, chat_id: int) -> dict[str, Any] | None:
        found = self.messages(chat_id)
        return found[-1] if found else None

    def chat_log(self, chat_id: int) -> list[dict[str, Any]]:
        """Every message of the chat, the member's and the bot's, in order."""
        return [copy.deepcopy(m.message) for m in self.chats.all(chat_id)]

    def buttons(self, chat_id: int, message_id: int | None = None) -> list[list[str]]:
        """Labels of the inline keyboard of a bot message (default: the newest one)."""
        messages = self.messages(chat_id)
        chosen = [m for m in messages if message_id is None or m["message_id"] == message_id]
        if not chosen:
            return []
        rows = chosen[-1].get("reply_markup", {}).get("inline_keyboard", [])
        return [[button["text"] for button in row] for row in rows]

    def reply_keyboard(self, chat_id: int) -> dict[str, Any] | None:
        """The reply keyboard the member currently sees (None when there is none)."""
        return copy.deepcopy(self.chats.keyboards.get(chat_id))

    @property
    def commands(self) -> dict[tuple[str, str], list[dict[str, Any]]]:
        """setMyCommands results keyed by (scope, language_code), e.g. ("default", "zh")."""
        return copy.deepcopy(self.api.commands)

    def get_commands(
        self, scope: str | dict[str, Any] = "default", language_code: str = ""
    ) -> list[dict[str, Any]] | None:
        """Commands stored for a scope (``"default"``, ``"chat:42"`` or a scope dict)."""
        found = self.api.commands.get((scope_key(scope), language_code))
        return copy.deepcopy(found) if found is not None else None

    @property
    def callback_answers(self) -> dict[str, Params]:
        """answerCallbackQuery parameters by callback query id."""
        return copy.deepcopy(self.api.callback_answers)

    @property
    def webhook(self) -> Webhook | None:
        return self.api.webhook

    def download(self, file_id: str) -> bytes:
        """The bytes behind a file id (an upload by the bot or a member's file)."""
        stored = self.files.get(file_id)
        if stored is None:
            raise LookupError(file_id)
        return stored.content

    def mark(self) -> int:
        """A position in ``sent``, to wait only for calls made after it."""
        return len(self.sent)

    async def wait_for(
        self, predicate: Callable[[Call], bool], *, timeout: float = 5.0, after: int = 0
    ) -> Call:
        """The first recorded call from position ``after`` on that satisfies ``predicate``."""
        position = after

        def check() -> Call | None:
            nonlocal position
            position = min(position, len(self.sent))
            while position < len(self.sent):
                call = self.sent[position]
                position += 1
                if predicate(call):
                    return call
            return None

        found = await wait_until(check, self._activity, timeout)
        if found is None:
            raise TimeoutError(
                f"no matching Bot API call within {timeout}s; {self._summary(after)}"
            )
        return found

    async def wait_for_call(
        self,
        method: str,
        *,
        chat_id: int | str | None = None,
        timeout: float = 5.0,
        after: int = 0,
    ) -> Call:
        """The first call of ``method`` (to ``chat_id``) from position ``after`` on."""
        return await self.wait_for(
            lambda c: (
                c.method.lower() == method.lower() and (chat_id is None or c.chat_id == chat_id)
            ),
            timeout=timeout,
            after=after,
        )

    async def wait_for_messages(
        self, chat_id: int, n: int, timeout: float = 5.0
    ) -> list[dict[str, Any]]:
        """Wait until the bot has at least ``n`` messages in the chat; return them all."""

        def check() -> list[dict[str, Any]] | None:
            found = self.messages(chat_id)
            return found if len(found) >= n else None

        found = await wait_until(check, self._activity, timeout)
        if found is None:
            have = self.texts(chat_id)
            raise TimeoutError(f"chat {chat_id}: {len(have)} bot messages, wanted {n}: {have}")
        return found

    async def wait_confirmed(self, timeout: float = 5.0) -> None:
        """Wait until the bot has confirmed every queued update (offset moved past them)."""

        def check() -> bool | None:
            return True if not self.queue.pending else None

        if await wait_until(check, self.queue.signal, timeout) is None:
            raise TimeoutError(f"{len(self.queue.pending)} updates still pending")

    async def wait_polling(self, timeout: float = 10.0) -> None:
        """Wait until the bot is receiving: a getUpdates call is waiting, or a webhook is set."""

        def check() -> bool | None:
            return True if self.polls_in_flight or self.api.webhook is not None else None

        if await wait_until(check, self._activity, timeout) is None:
            raise TimeoutError(f"the bot did not start polling within {timeout}s")

    async def settle(self, quiet: float = 0.2, timeout: float = 5.0) -> None:
        """Wait until the bot has made no call for ``quiet`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            if not await self._activity.wait(min(quiet, deadline - loop.time())):
                return
        raise TimeoutError(f"the bot kept calling for {timeout}s")

    def clear(self) -> None:
        """Forget recorded calls and chat messages (message and update ids keep counting)."""
        self.sent.clear()
        self.chats.clear()
        self.webhook_deliveries.clear()
        if self.limiter is not None:
            self.limiter.violations.clear()
        self._activity.fire()

    def _summary(self, after: int) -> str:
        recent = [
            f"{c.method}({c.chat_id})={c.status}:{(c.text or '')[:40]!r}" for c in self.sent[after:]
        ]
        return f"calls since {after}: {recent[-15:]}"


def _describe(message: dict[str, Any]) -> str:
    if "text" in message:
        return str(message["text"])
    if "caption" in message:
        return str(message["caption"])
    if "venue" in message:
        return f"[venue] {message['venue']['title']}"
    for kind in ("location", "document", "photo", "sticker", "contact", "audio", "video", "voice"):
        if kind in message:
            return f"[{kind}]"
    return ""


def _json(body: dict[str, Any], status: int) -> web.Response:
    return web.json_response(
        body, status=status, dumps=lambda value: json.dumps(value, ensure_ascii=False)
    )


async def parse_params(request: web.Request) -> Params:
    """Query string plus JSON, urlencoded or multipart body, decoded to Python values."""
    raw: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.body_exists:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise ValueError("can't parse JSON object") from None
            if not isinstance(body, dict):
                raise ValueError("can't parse JSON object")
            raw.update(body)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            raw.update(await _form(request))
    return coerce_params(raw)


async def _form(request: web.Request) -> dict[str, Any]:
    form = await request.post()
    values: dict[str, Any] = {}
    uploads: dict[str, Upload] = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):
            uploads[key] = Upload(value.filename, value.content_type, value.file.read())
        elif isinstance(value, bytes | bytearray):
            values[key] = bytes(value).decode("utf-8")
        else:
            values[key] = value
    attached: set[str] = set()
    for key, value in list(values.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            name = value.removeprefix("attach://")
            if name not in uploads:
                raise ValueError(f"file {name!r} referenced by {key} was not uploaded")
            values[key] = uploads[name]
            attached.add(name)
    for name, upload in uploads.items():
        if name not in attached:
            values.setdefault(name, upload)  # PTB's style: the part is named after the field
    return values


def coerce_params(raw: dict[str, Any]) -> Params:
    """Turn form strings into the types Telegram reads: JSON objects, numbers, booleans."""
    return {key: _coerce(key, value) for key, value in raw.items()}


def _coerce(key: str, value: Any) -> Any:
    if not isinstance(value, str) or key in _STRING_FIELDS:
        return value
    text = value.strip()
    if text[:1] in ("{", "["):
        try:
            return json.loads(text)
        except ValueError:
            raise ValueError(f"can't parse {key} JSON object") from None
    if text in ("true", "True"):
        return True
    if text in ("false", "False"):
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return value

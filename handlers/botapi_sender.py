"""Outbox delivery straight to the Bot API: JSON over one shared aiohttp session.

Why not through the runtime's bot object: PTB's httpx stack costs ≈ 2.4 ms of CPU per
message, which capped a broadcast at 283/s (bench/bench_broadcast.py); the outbox sends
two shapes of message only. Replies to members still go through the runtime.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from bot.delivery import Blocked, Rejected, RetryAfter, Transient
from dialogs.model import KeyboardKind, Out

if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger(__name__)

# A send that takes longer is given up and tried again later (it may have arrived: the
# lease, UNIONBOT_DELIVERY_LEASE_SECONDS, is set well above this).
TIMEOUT_SECONDS = 10.0
_JSON = {"Content-Type": "application/json"}
# A 400 for these means the member cannot be reached at all, not that the notice is wrong.
_UNREACHABLE = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated")


class BotApiSender:
    """A `bot.delivery.Sender` for `{api_url}/bot{token}/{method}`; `close()` at shutdown."""

    def __init__(self, token: str, api_url: str = "https://api.telegram.org", *,
                 timeout: float = TIMEOUT_SECONDS) -> None:
        self._base = f"{api_url.rstrip('/')}/bot{token}/"
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._client_error: type[Exception] | tuple[type[Exception], ...] = ()

    async def send(self, chat_id: int, out: Out) -> None:
        params: dict[str, Any] = {"chat_id": chat_id}
        if out.photo:
            method = "sendPhoto"
            params["photo"] = out.photo  # a file id (or URL): never uploaded from here
            if out.text:
                params["caption"] = out.text
        else:
            method = "sendMessage"
            params["text"] = out.text
        markup = reply_markup(out)
        if markup is not None:
            params["reply_markup"] = markup
        await self.call(method, params)

    async def call(self, method: str, params: dict[str, Any]) -> None:
        """One Bot API call; its failure raised as the delivery error it means."""
        session = self.session()
        body = json.dumps(params, ensure_ascii=False, separators=(",", ":")).encode()
        try:
            async with session.post(self._base + method, data=body, headers=_JSON) as response:
                status, raw = response.status, await response.read()
        except TimeoutError as exc:
            raise Transient(f"{method} timed out") from exc
        except self._client_error as exc:
            raise Transient(f"{method}: {exc.__class__.__name__}: {exc}") from exc
        if status != 200:
            raise failure(status, raw)

    def session(self) -> aiohttp.ClientSession:
        # Made on first use: a session belongs to the running event loop, and aiohttp is
        # imported only then, so the PTB runtime starts and idles without it (≈ 0.2 s).
        if self._session is None or self._session.closed:
            import aiohttp

            self._client_error = aiohttp.ClientError
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._timeout),
                # No cap of aiohttp's own (100): the Deliverer bounds the requests in flight.
                connector=aiohttp.TCPConnector(limit=0))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def failure(status: int, raw: bytes) -> Exception:
    """The delivery error for a refused call, from its status and Telegram's answer."""
    try:
        answer = json.loads(raw)
    except ValueError:
        answer = {}
    if not isinstance(answer, dict):
        answer = {}
    description = str(answer.get("description") or raw[:200].decode("utf-8", "replace"))
    parameters = answer.get("parameters") if isinstance(answer.get("parameters"), dict) else {}
    if status == 429:
        return RetryAfter(float(parameters.get("retry_after") or 1))
    if status == 403:
        return Blocked(description)
    if status >= 500:
        return Transient(f"{status} {description}")
    if status in (401, 404):
        # A wrong or revoked token (Telegram answers 404 to a malformed one): no notice is
        # at fault, so none is given up on at once; the operator has to fix the setting.
        log.error("the Bot API refused the bot itself (%s %s): check UNIONBOT_TELEGRAM_TOKEN "
                  "and UNIONBOT_TELEGRAM_API_URL", status, description)
        return Transient(f"{status} {description}")
    if any(reason in description.lower() for reason in _UNREACHABLE):
        return Blocked(description)
    return Rejected(f"{status} {description}")


def reply_markup(out: Out) -> dict[str, Any] | None:
    """The Bot API's reply_markup for ``out``, drawn as both runtimes draw it."""
    if out.buttons:
        return {"inline_keyboard": [[
            {"text": b.label, "url": b.url} if b.url else
            {"text": b.label, "callback_data": b.data} for b in row] for row in out.buttons]}
    if out.keyboard is None:
        return None
    if out.keyboard.kind is KeyboardKind.REMOVE:
        return {"remove_keyboard": True}
    button: dict[str, Any] = {"text": out.keyboard.label}
    if out.keyboard.kind is KeyboardKind.LOCATION:
        button["request_location"] = True
    if out.keyboard.kind is KeyboardKind.CONTACT:
        button["request_contact"] = True
    return {"keyboard": [[button]], "resize_keyboard": True, "one_time_keyboard": True}

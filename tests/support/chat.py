"""One transcript, three channels: console, python-telegram-bot and aiogram.

A test acts as a member (send text, press a button by its label, share a
location or contact, send a sticker, edit a message) and reads what the bot
showed, normalised to `Seen`, whatever the channel.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from bot.app import App
from dialogs.model import Event, KeyboardKind, Kind, Out
from handlers.console import ConsoleChannel
from tests.fakebotapi.server import FakeBotAPI

USER = 4242


@dataclass
class Seen:
    """What the member saw from one reply."""

    text: str = ""
    buttons: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    keyboard: str | None = None  # "location", "contact", "remove"
    venue: str | None = None
    document: str | None = None
    edit: bool = False
    toast: bool = False
    content: bytes = b""  # the document's bytes, when one was sent
    photo: str | None = None  # the photo's file id, when one was sent (text: its caption)


def text_of(seen: list[Seen]) -> str:
    return "\n".join(s.text for s in seen)


class Client:
    """The member's side; subclasses deliver through one channel."""

    name = "?"
    user: int = USER

    async def deliver(self) -> list[Seen]:
        """Run one outbox round through this channel; what this member received."""
        raise NotImplementedError

    async def send(self, text: str) -> list[Seen]:
        raise NotImplementedError

    async def press(self, label: str) -> list[Seen]:
        """Press the newest button whose label contains ``label``."""
        raise NotImplementedError

    async def press_data(self, data: str) -> list[Seen]:
        """Press a button with raw payload (an old one, or a forged one)."""
        raise NotImplementedError

    async def location(self, lat: float, lon: float) -> list[Seen]:
        raise NotImplementedError

    async def contact(self, phone: str, *, own: bool = True) -> list[Seen]:
        raise NotImplementedError

    async def sticker(self) -> list[Seen]:
        raise NotImplementedError

    async def edit(self, text: str) -> list[Seen]:
        raise NotImplementedError

    def button_data(self, label: str) -> str:
        """The payload of the newest button with ``label`` (to replay it later)."""
        raise NotImplementedError


# -- console ------------------------------------------------------------------


def seen_from_out(out: Out) -> Seen:
    keyboard = out.keyboard.kind.value if out.keyboard else None
    return Seen(
        out.text,
        [b.label for row in out.buttons for b in row if b.data],
        [b.url for row in out.buttons for b in row if b.url],
        keyboard,
        out.venue.title if out.venue else None,
        out.document.filename if out.document else None,
        out.edit,
        out.toast,
        out.document.content if out.document else b"",
        out.photo or None,
    )


class _RecordingSender:
    """The console's stand-in for a channel: notices are kept to be read, per chat."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, Out]] = []

    async def send(self, chat_id: int, out: Out) -> None:
        self.sent.append((chat_id, out))


class ConsoleClient(Client):
    """Types into the console adapter exactly as a person at the terminal would."""

    name = "console"

    def __init__(self, app: App, language_code: str = "zh-hans", user: int = USER) -> None:
        self.app, self.user = app, user
        self.channel = ConsoleChannel(
            app.conversation, app.services.t, user_id=user, language_code=language_code
        )
        self.history: list[tuple[str, str]] = []

    async def deliver(self) -> list[Seen]:
        sender = _RecordingSender()
        await self.app.deliverer(sender).run_once()
        return [seen_from_out(out) for chat, out in sender.sent if chat == self.user]

    async def _line(self, line: str) -> list[Seen]:
        outs = await self.channel.send(line)
        for out in outs:
            self.history += [(b.label, b.data) for row in out.buttons for b in row if b.data]
        return [seen_from_out(o) for o in outs]

    async def send(self, text: str) -> list[Seen]:
        return await self._line(text)

    async def press(self, label: str) -> list[Seen]:
        for number, (shown, _) in enumerate(self.channel.buttons, start=1):
            if label in shown:
                return await self._line(str(number))
        raise LookupError(f"no button {label!r} in {self.channel.buttons}")

    def button_data(self, label: str) -> str:
        return next(d for shown, d in reversed(self.history) if label in shown)

    async def press_data(self, data: str) -> list[Seen]:
        event = Event(Kind.BUTTON, user_id=self.user, chat_id=self.user, data=data, message_id=1)
        return [seen_from_out(o) for o in await self.channel.conversation.handle(event)]

    async def location(self, lat: float, lon: float) -> list[Seen]:
        if self.channel.keyboard is KeyboardKind.LOCATION:
            await self._line("0")
        return await self._line(f"{lat},{lon}")

    async def contact(self, phone: str, *, own: bool = True) -> list[Seen]:
        if not own:
            event = Event(Kind.CONTACT, user_id=self.user, chat_id=self.user, phone=phone,
                          contact_user_id=self.user + 1)
            return [seen_from_out(o) for o in await self.channel.conversation.handle(event)]
        assert self.channel.keyboard is KeyboardKind.CONTACT, "no contact button shown"
        await self._line("0")
        return await self._line(phone)

    async def sticker(self) -> list[Seen]:
        event = Event(Kind.MEDIA, user_id=self.user, chat_id=self.user)
        return [seen_from_out(o) for o in await self.channel.conversation.handle(event)]

    async def edit(self, text: str) -> list[Seen]:
        event = Event(Kind.EDITED, user_id=self.user, chat_id=self.user, text=text)
        return [seen_from_out(o) for o in await self.channel.conversation.handle(event)]


# -- Telegram runtimes, through the fake Bot API server ------------------------------


def seen_from_calls(calls: list[Any]) -> list[Seen]:
    seen: list[Seen] = []
    for call in calls:
        p = call.params
        markup = p.get("reply_markup") or {}
        inline = markup.get("inline_keyboard") or []
        keyboard = None
        if markup.get("remove_keyboard"):
            keyboard = "remove"
        for row in markup.get("keyboard") or []:
            for b in row:
                keyboard = (
                    "location"
                    if b.get("request_location")
                    else ("contact" if b.get("request_contact") else keyboard)
                )
        labels = [b["text"] for row in inline for b in row if "callback_data" in b]
        urls = [b["url"] for row in inline for b in row if "url" in b]
        if call.method == "sendMessage":
            seen.append(Seen(p["text"], labels, urls, keyboard))
        elif call.method == "editMessageText":
            seen.append(Seen(p["text"], labels, urls, keyboard, edit=True))
        elif call.method == "sendPhoto":
            sent = p.get("photo")
            photo = sent if isinstance(sent, str) else call.result["photo"][-1]["file_id"]
            seen.append(Seen(p.get("caption") or "", labels, urls, keyboard, photo=photo))
        elif call.method == "sendVenue":
            seen.append(Seen(venue=p["title"]))
        elif call.method == "sendDocument":
            upload = p.get("document")
            seen.append(Seen(p.get("caption") or "", document=call.result["document"]["file_name"],
                             content=getattr(upload, "content", b"")))
        elif call.method == "answerCallbackQuery" and p.get("text"):
            seen.append(Seen(p["text"], toast=True))
    return seen


class TelegramClient(Client):
    """Builds real Bot API updates and feeds them to a runtime in this process."""

    def __init__(self, server: FakeBotAPI, language_code: str = "zh-hans",
                 user: int = USER) -> None:
        self.server, self.user = server, user
        server.user(user, first_name="李", language_code=language_code)

    async def deliver(self) -> list[Seen]:
        """One outbox round through the sender both runtimes use in production."""
        from handlers.botapi_sender import BotApiSender

        mark = self.server.mark()
        sender = BotApiSender(self.server.token, self.server.url)
        try:
            await self.app.deliverer(sender).run_once()
        finally:
            await sender.close()
        return seen_from_calls([c for c in self.server.sent[mark:] if c.chat_id == self.user])

    async def feed(self, update: dict[str, Any]) -> None:
        raise NotImplementedError

    async def _do(self, kind: str, *args: Any, **kwargs: Any) -> list[Seen]:
        mark = self.server.mark()
        await self.feed(self.server.build_update(kind, self.user, *args, **kwargs))
        return seen_from_calls(self.server.sent[mark:])

    async def send(self, text: str) -> list[Seen]:
        return await self._do("text", text)

    def _find(self, label: str) -> tuple[int, str]:
        for message in reversed(self.server.messages(self.user)):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for b in row:
                    if label in b["text"] and "callback_data" in b:
                        return message["message_id"], b["callback_data"]
        raise LookupError(f"no button {label!r}")

    async def press(self, label: str) -> list[Seen]:
        message_id, data = self._find(label)
        return await self._do("press", message_id, data)

    def button_data(self, label: str) -> str:
        return self._find(label)[1]

    async def press_data(self, data: str) -> list[Seen]:
        message_id = self.server.messages(self.user)[0]["message_id"]
        return await self._do("press", message_id, data)

    async def location(self, lat: float, lon: float) -> list[Seen]:
        return await self._do("location", lat, lon)

    async def contact(self, phone: str, *, own: bool = True) -> list[Seen]:
        return await self._do("contact", phone, contact_user_id=None if own else self.user + 1)

    async def sticker(self) -> list[Seen]:
        return await self._do("sticker")

    async def edit(self, text: str) -> list[Seen]:
        own = [m for m in self.server.chat_log(self.user)
               if m.get("from", {}).get("id") == self.user]
        return await self._do("edit_text", own[-1]["message_id"], text)


class PTBClient(TelegramClient):
    name = "ptb"

    def __init__(self, server: FakeBotAPI, application: Any, **kw: Any) -> None:
        super().__init__(server, **kw)
        self.application = application
        self.app = application.bot_data["app"]

    async def feed(self, update: dict[str, Any]) -> None:
        from telegram import Update

        await self.application.process_update(Update.de_json(update, self.application.bot))


class AiogramClient(TelegramClient):
    name = "aiogram"

    def __init__(self, server: FakeBotAPI, bot: Any, dispatcher: Any, app: App,
                 **kw: Any) -> None:
        super().__init__(server, **kw)
        self.bot, self.dp, self.app = bot, dispatcher, app

    async def feed(self, update: dict[str, Any]) -> None:
        from aiogram.types import Update

        await self.dp.feed_update(
            self.bot, Update.model_validate(update, context={"bot": self.bot})
        )


@asynccontextmanager
async def client_for(channel: str, app: App, **kw: Any) -> AsyncIterator[Client]:
    """A member's client for ``channel`` wired to ``app`` (its own fake server if Telegram)."""
    async with clients_for(channel, app, [kw]) as clients:
        yield clients[0]


@asynccontextmanager
async def clients_for(channel: str, app: App,
                      people: list[dict[str, Any]]) -> AsyncIterator[list[Client]]:
    """Several people (e.g. a member and a reviewer, ``user=`` each) on one channel."""
    if channel == "console":
        yield [ConsoleClient(app, **kw) for kw in people]
        return
    async with FakeBotAPI() as server:
        app.settings.telegram_token = server.token
        app.settings.telegram_api_url = server.url
        if channel == "ptb":
            from handlers import ptb_runtime

            application = ptb_runtime.build_application(app.settings)
            application.bot_data["app"] = app
            await application.initialize()
            try:
                yield [PTBClient(server, application, **kw) for kw in people]
            finally:
                await application.shutdown()
        else:
            from handlers import aiogram_runtime

            bot = aiogram_runtime.build_bot(app.settings)
            dispatcher = aiogram_runtime.build_dispatcher(app)
            try:
                yield [AiogramClient(server, bot, dispatcher, app, **kw) for kw in people]
            finally:
                await bot.session.close()

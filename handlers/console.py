"""The offline console chat: the same conversations, typed in a terminal.

Buttons are numbered; type the number to press one. ``lat,lon`` shares a
location; the request-location/contact keyboard is button ``0``.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

from dialogs.model import Event, KeyboardKind, Kind, Out

# Both parts need decimals ("30.0177,122.1126"): "150,000.50" is an amount, not a place.
_LATLON = re.compile(r"^\s*(-?\d{1,2}\.\d+)\s*[,，]\s*(-?\d{1,3}\.\d+)\s*$")


class ConsoleChannel:
    """One member at a terminal; keeps the last buttons so numbers can press them."""

    def __init__(self, conversation: Any, t: Callable[[str, str], str], *, user_id: int = 10000,
                 first_name: str = "访客", language_code: str = "zh-hans") -> None:
        self.conversation = conversation
        self.t = t
        self.user = {"user_id": user_id, "chat_id": user_id, "first_name": first_name,
                     "language_code": language_code}
        self.buttons: list[tuple[str, str]] = []
        self.keyboard: KeyboardKind | None = None
        self.pending: KeyboardKind | None = None  # after pressing 0: the next line is the data
        self.message_id = 0
        self.locale = "zh-CN"

    def event_for(self, line: str) -> Event | None:
        """None when the line only opened the stand-in for a request button."""
        line = line.rstrip("\n")
        if self.pending is not None:
            kind, self.pending = self.pending, None
            if kind is KeyboardKind.CONTACT:
                return Event(Kind.CONTACT, phone=line.strip(),
                             contact_user_id=self.user["user_id"], **self.user)
        match = _LATLON.match(line)
        if match:
            return Event(Kind.LOCATION, lat=float(match[1]), lon=float(match[2]), **self.user)
        stripped = line.strip()
        if stripped.startswith("/"):
            head, _, args = stripped.partition(" ")
            return Event(Kind.COMMAND, text=stripped, command=head[1:].lower(),
                         args=args.strip(), **self.user)
        if stripped.isdigit():
            index = int(stripped)
            if index == 0 and self.keyboard in (KeyboardKind.CONTACT, KeyboardKind.LOCATION):
                self.pending = self.keyboard
                return None
            if 1 <= index <= len(self.buttons):
                return Event(Kind.BUTTON, data=self.buttons[index - 1][1],
                             message_id=self.message_id, **self.user)
        return Event(Kind.TEXT, text=line, **self.user)

    async def send(self, line: str) -> list[Out]:
        event = self.event_for(line)
        if event is None:
            assert self.pending is not None
            return [Out(text=self.t(self.locale, f"console-type-{self.pending.value}"))]
        outs = await self.conversation.handle(event)
        self._remember(outs)
        return outs

    def _remember(self, outs: list[Out]) -> None:
        for out in outs:
            if out.toast:
                continue
            if out.buttons:
                self.buttons = [(b.label, b.data) for row in out.buttons for b in row if b.data]
                self.message_id += 0 if out.edit else 1
            if out.keyboard is not None:
                self.keyboard = None if out.keyboard.kind is KeyboardKind.REMOVE else \
                    out.keyboard.kind

    def draw(self, out: Out) -> str:
        if out.toast:
            return f"  ⓘ {out.text}"
        lines: list[str] = []
        if out.venue is not None:
            v = out.venue
            lines.append(f"📍 {v.title} — {v.address} ({v.lat:.6f}, {v.lon:.6f})")
        if out.document is not None:
            d = out.document
            lines.append(f"📎 {d.filename} ({len(d.content)} B) {d.caption}".rstrip())
        if out.photo:
            lines.append("🖼 [photo]")
        if out.text:
            lines.append(out.text)
        number = 0
        for row in out.buttons:
            cells = []
            for b in row:
                if b.data:
                    number += 1
                    cells.append(f"[{number}] {b.label}")
                else:
                    cells.append(f"[🔗 {b.label}: {b.url}]")
            lines.append("  " + "  ".join(cells))
        if out.keyboard is not None and out.keyboard.kind is not KeyboardKind.REMOVE:
            lines.append(f"  [0] {out.keyboard.label}")
        prefix = "✎ " if out.edit else ""
        return prefix + "\n".join(lines)


class ConsoleSender:
    """Notices from the outbox, printed where the console member can see them."""

    def __init__(self, channel: ConsoleChannel) -> None:
        self.channel = channel

    async def send(self, chat_id: int, out: Out) -> None:
        print("🔔 " + self.channel.draw(out), flush=True)


async def run_console(conversation: Any, t: Callable[[str, str], str], banner: str,
                      deliverer_for: Callable[[ConsoleSender], Any] | None = None,
                      jobs: Sequence[Any] = ()) -> None:
    """Read lines until EOF or /quit; print the bot's answers and any notices."""
    channel = ConsoleChannel(conversation, t)
    scheduler = None
    if deliverer_for is not None:
        from bot.scheduler import start_scheduler

        scheduler = start_scheduler(deliverer_for(ConsoleSender(channel)), jobs=jobs)
    try:
        await _loop(channel, banner)
    finally:
        if scheduler is not None:
            await scheduler.stop()  # hands back notices claimed but not yet shown


async def _loop(channel: ConsoleChannel, banner: str) -> None:
    print(banner, flush=True)
    loop = asyncio.get_running_loop()
    for out in await channel.send("/start"):
        print(channel.draw(out), flush=True)
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line or line.strip() in ("/quit", "/exit"):
            break
        if not line.strip():
            continue
        for out in await channel.send(line):
            print(channel.draw(out), flush=True)

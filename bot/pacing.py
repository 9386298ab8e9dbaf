"""Sending within Telegram's limits: a steady global pace and one message a second per chat.

Non-bursting on purpose: Telegram counts messages per second, and a burst that
averages out still earns a 429 (DESIGN.md, "Delivery and scale").
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from datetime import time as dtime
from zoneinfo import ZoneInfo


@dataclass
class Pacer:
    """Spaces sends ``1/rate`` seconds apart and keeps each chat to ``per_chat`` seconds."""

    rate: float = 25.0
    per_chat: float = 1.0
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _next: float = 0.0
    _last_by_chat: dict[int, float] = field(default_factory=dict)

    def chat_ready(self, chat_id: int) -> bool:
        last = self._last_by_chat.get(chat_id)
        return last is None or self.monotonic() - last >= self.per_chat

    async def slot(self, chat_id: int) -> None:
        """Wait for the next global slot and book it for ``chat_id``."""
        now = self.monotonic()
        start = max(now, self._next)
        self._next = start + 1.0 / self.rate
        if start > now:
            await self.sleep(start - now)
        self._last_by_chat[chat_id] = self.monotonic()
        if len(self._last_by_chat) > 50_000:  # forget chats idle for longer than the limit
            cutoff = self.monotonic() - self.per_chat
            self._last_by_chat = {c: t for c, t in self._last_by_chat.items() if t >= cutoff}


@dataclass(frozen=True)
class QuietHours:
    """Non-urgent notices wait for the morning (default 21:00–08:00, Asia/Shanghai)."""

    start: dtime = dtime(21, 0)
    end: dtime = dtime(8, 0)
    tz: ZoneInfo = ZoneInfo("Asia/Shanghai")

    @classmethod
    def parse(cls, text: str, tz: ZoneInfo) -> QuietHours:
        """"21:00-08:00"; an empty text means never quiet."""
        if not text.strip():
            return cls(dtime(0, 0), dtime(0, 0), tz)
        start, _, end = text.replace("–", "-").partition("-")
        return cls(dtime.fromisoformat(start.strip()), dtime.fromisoformat(end.strip()), tz)

    def is_quiet(self, now: datetime) -> bool:
        local = now.astimezone(self.tz).time()
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

"""Sending within Telegram's limits: a steady global pace and one message a second per chat.

Non-bursting on purpose: Telegram counts messages per second, and a burst that
averages out still earns a 429 (DESIGN.md, "Delivery and scale"). No second ever holds
more than ``rate`` sends; within it, sends go in groups of at most a few milliseconds'
worth, or ``catch_up`` seconds' worth after a stall (see ``Pacer``).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from datetime import time as dtime
from zoneinfo import ZoneInfo


@dataclass
class Pacer:
    """Spaces sends ``1/rate`` seconds apart and keeps each chat to ``per_chat`` seconds.

    No 1-second window ever holds more than ``rate`` sends. Within that:

    - a sender that fell behind its slots (the loop was busy claiming a batch) sends the
      missed ones at once, up to ``catch_up`` seconds' worth, so a slow moment does not
      lower the rate for good;
    - after ``fresh_after`` seconds without a send (idle, or paused by a 429) it starts
      afresh, one send per slot: nothing is owed after a pause;
    - a slot less than ``tick`` away is taken at once rather than slept for: at high
      rates sends then leave in small groups, and each wake-up of the event loop (and
      each transaction recording the answers) serves several of them.
    """

    rate: float = 25.0
    per_chat: float = 1.0
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    catch_up: float = 0.1
    fresh_after: float = 1.0
    tick: float = 0.01
    _next: float = -math.inf  # the next slot on the steady grid
    _last_by_chat: dict[int, float] = field(default_factory=dict)
    _recent: deque[float] = field(default_factory=deque)  # the last `_window` send times

    def __post_init__(self) -> None:
        self._window = max(1, math.floor(self.rate))

    def chat_ready(self, chat_id: int) -> bool:
        last = self._last_by_chat.get(chat_id)
        return last is None or self.monotonic() - last >= self.per_chat

    async def slot(self, chat_id: int) -> None:
        """Wait for the next global slot and book it for ``chat_id``."""
        now = self.monotonic()
        if now - self._next >= self.fresh_after:
            grid = now
        else:  # a group spans at most catch_up of slots, those up to a tick ahead included
            grid = max(self._next, now - max(0.0, self.catch_up - self.tick))
        self._next = grid + 1.0 / self.rate
        # The send `rate` sends ago must be a full second back: this bounds every window.
        # It may hold this send back without moving the grid, so the sends after it catch
        # up: a burst made up after a stall then recurs a second later instead of shifting
        # every later send.
        earliest = self._recent[0] + 1.0 if len(self._recent) == self._window else -math.inf
        at = max(grid, earliest)
        if at - now < self.tick:
            at = max(now, earliest)
        if at > now:
            await self.sleep(at - now)
        if len(self._recent) == self._window:
            self._recent.popleft()
        # The planned time, not the moment the loop woke up: counting each wake-up's few
        # milliseconds of lateness would add them up, a second's worth of sends at a time.
        self._recent.append(at)
        sent = self._last_by_chat[chat_id] = self.monotonic()
        if len(self._last_by_chat) > 50_000:  # forget chats idle for longer than the limit
            cutoff = sent - self.per_chat
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

"""The real `unionbot run` in the middle of a big broadcast, for the stop and kill tests.

It starts on a SQLite file holding 1,200 members and one broadcast to all of them, and
sends at 200/s whatever the hour, with the delivery lease the test chooses; what the fake
Bot API accepted and what the bot committed are read beside it.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tests.broadcasts.support import seed_broadcast_database
from tests.e2e.harness import BotProcess
from tests.fakebotapi.server import Call, FakeBotAPI

FIRST, MEMBERS, AUTHOR = 820_001, 1_200, 819_999
EVERYONE = frozenset({AUTHOR, *range(FIRST, FIRST + MEMBERS)})
RATE = 200
TEXT = "【工会通知】周六上午驿站免费体检，请带好会员证。"


@dataclass
class BroadcastBot(BotProcess):
    """The e2e process sending fast, with a lease of ``lease`` seconds, whatever the hour."""

    lease: int = 2

    def env(self) -> dict[str, str]:
        env = super().env()
        env.update(UNIONBOT_SEND_RATE=str(RATE), UNIONBOT_DELIVERY_LEASE_SECONDS=str(self.lease),
                   UNIONBOT_QUIET_HOURS="")
        return env


@asynccontextmanager
async def broadcast_bot(runtime: str, tmp_path: Path, *,
                        lease: int) -> AsyncIterator[BroadcastBot]:
    """The process (not started yet) and its own fake Bot API; stopped afterwards."""
    async with FakeBotAPI() as api:
        process = BroadcastBot(api, runtime, tmp_path / "bot", lease=lease)
        try:
            yield process
        finally:
            await process.stop()


async def start_mid_broadcast(bot: BroadcastBot, *, served_at_least: int) -> int:
    """Seed the database and start the bot; the broadcast's id, once at least
    ``served_at_least`` members got the notice."""
    broadcast_id = await seed_broadcast_database(
        bot.database_path, first=FIRST, count=MEMBERS, author=AUTHOR, text=TEXT,
        now=datetime.now(UTC))
    await bot.start()
    await bot.wait_for(lambda _c: len(served(bot.api)) >= served_at_least, after=0,
                       timeout=60, what=f"{served_at_least} members served")
    return broadcast_id


async def final_report(bot: BroadcastBot, *, timeout: float, what: str) -> Call:
    """The author's report that the broadcast was sent to everyone."""
    return await bot.wait_for(
        lambda c: c.method == "sendMessage" and c.ok and c.chat_id == AUTHOR
        and "已发送完毕" in (c.text or ""), after=0, timeout=timeout, what=what)


def is_notice(call: Call) -> bool:
    return call.method == "sendMessage" and call.ok and call.text == TEXT


def served(api: FakeBotAPI) -> Counter[int]:
    """Messages of the broadcast per chat, as Telegram (the fake) accepted them."""
    return Counter(c.chat_id for c in api.sent if is_notice(c) and isinstance(c.chat_id, int))


@dataclass
class Stored:
    sent: set[int]  # committed as sent
    sending: int  # claimed and leased, outcome not committed
    pending: int
    cursor: int
    status: str


def stored(path: Path, broadcast_id: int) -> Stored:
    """What the bot has committed, read beside it (WAL lets a reader in at any time)."""
    with sqlite3.connect(path, timeout=5) as db:
        prefix = f"bc:{broadcast_id}:%"
        sent = {u for (u,) in db.execute("SELECT user_id FROM notification WHERE dedup_key "
                                         "LIKE ? AND status = 'sent'", (prefix,))}
        counts = dict(db.execute("SELECT status, count(*) FROM notification WHERE dedup_key "
                                 "LIKE ? GROUP BY status", (prefix,)).fetchall())
        cursor, status = db.execute("SELECT cursor, status FROM broadcast WHERE id = ?",
                                    (broadcast_id,)).fetchone()
    return Stored(sent, counts.get("sending", 0), counts.get("pending", 0), cursor, status)

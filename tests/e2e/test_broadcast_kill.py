"""SIGKILL in the middle of a broadcast: after a restart every member has it exactly once.

The real `unionbot run` (PTB) starts on a SQLite file holding 1,200 members and one
broadcast to all of them, sending at 200/s with a 2 s delivery lease. After a hundred or so
members got it, the process is killed with SIGKILL while a delivery round holds claimed
(leased) notices and the broadcast's cursor is still short of the last member. A new
process on the same file must finish the broadcast: the leased notices are claimed again
when their lease runs out, the filling job resumes after the cursor, and the author gets
the final report. The fake Bot API's record then shows one message per member.

Where the kill lands. Telegram has no idempotency key: a message Telegram accepted but
whose "sent" the bot had not yet committed is in doubt, and sent again after the lease.
That window (the answer's way back plus one small commit) is the only way to a
duplicate, and no ordering of ours closes it. So the test does not kill at a random
instant: it freezes the bot (SIGSTOP), lets the fake server finish what it received,
and compares the server's record with the committed outcomes; if a message is in doubt
it lets the bot run a few milliseconds more and tries again; otherwise it kills (SIGKILL)
right there. The assertion stays exact; how often a random kill would have landed in
the window is printed (`-s`) for the README.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.broadcasts.support import seed_broadcast_database
from tests.e2e.harness import BotFailed, BotProcess
from tests.fakebotapi.server import Call, FakeBotAPI

FIRST, MEMBERS, AUTHOR = 820_001, 1_200, 819_999
RATE, LEASE = 200, 2
KILL_AFTER = 100  # members served before the kill
TEXT = "【工会通知】周六上午驿站免费体检，请带好会员证。"
FINISH_TIMEOUT = 90.0


class BroadcastBot(BotProcess):
    """The e2e process sending fast, with a short lease, whatever the hour."""

    def env(self) -> dict[str, str]:
        env = super().env()
        env.update(UNIONBOT_SEND_RATE=str(RATE), UNIONBOT_DELIVERY_LEASE_SECONDS=str(LEASE),
                   UNIONBOT_QUIET_HOURS="")
        return env


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[BroadcastBot]:
    """Named `bot` so a failure report carries the process's log (see conftest)."""
    async with FakeBotAPI() as api:
        process = BroadcastBot(api, "ptb", tmp_path / "bot")
        try:
            yield process
        finally:
            await process.stop()


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


@dataclass
class Kill:
    tries: int  # freezes until one found nothing in doubt
    in_doubt: int  # freezes that found a message accepted but not committed
    at: Stored


async def kill_with_nothing_in_doubt(bot: BotProcess, broadcast_id: int) -> Kill:
    """Freeze, let the server finish, compare; SIGKILL when no message is in doubt."""
    assert bot.proc is not None
    pid, in_doubt = bot.proc.pid, 0
    for tries in range(1, 201):
        os.kill(pid, signal.SIGSTOP)
        await asyncio.sleep(0.05)  # requests already on the wire are answered meanwhile
        accepted = set(served(bot.api))
        committed = stored(bot.database_path, broadcast_id)
        if accepted == committed.sent:
            os.kill(pid, signal.SIGKILL)
            bot.proc.wait(timeout=10)
            return Kill(tries, in_doubt, committed)
        assert committed.sent <= accepted  # "sent" is only ever committed after Telegram's ok
        in_doubt += 1
        os.kill(pid, signal.SIGCONT)
        await asyncio.sleep(random.uniform(0.002, 0.03))
    raise BotFailed(f"never found a moment with nothing in doubt\n{bot.log_tail()}")


async def test_sigkill_mid_broadcast_then_restart_sends_each_member_exactly_once(
        bot: BroadcastBot) -> None:
    everyone = {AUTHOR, *range(FIRST, FIRST + MEMBERS)}
    broadcast_id = await seed_broadcast_database(
        bot.database_path, first=FIRST, count=MEMBERS, author=AUTHOR, text=TEXT,
        now=datetime.now(UTC))
    await bot.start()
    await bot.wait_for(lambda _c: len(served(bot.api)) >= KILL_AFTER, after=0, timeout=60,
                       what=f"{KILL_AFTER} members served")

    kill = await kill_with_nothing_in_doubt(bot, broadcast_id)
    assert bot.proc is not None and bot.proc.returncode == -signal.SIGKILL
    before = served(bot.api)
    at = kill.at
    print(f"\nkilled after {len(before)} members; {kill.tries} freeze(s), {kill.in_doubt} found a "
          f"message in doubt; at the kill: {at.sending} leased, {at.pending} waiting, "
          f"cursor at member {at.cursor - FIRST + 1} of {MEMBERS}")
    assert KILL_AFTER <= len(before) < len(everyone)  # some, not all
    assert at.status == "running" and at.cursor < FIRST + MEMBERS - 1  # still filling

    await bot.start()  # the same database, a new process
    report = await bot.wait_for(
        lambda c: c.method == "sendMessage" and c.ok and c.chat_id == AUTHOR
        and "已发送完毕" in (c.text or ""), after=0, timeout=FINISH_TIMEOUT,
        what="the author's final report")
    await asyncio.sleep(1.0)  # a repeat would have to come now: nothing is left to send

    per_chat = served(bot.api)
    assert set(per_chat) == everyone, f"missed: {sorted(everyone - set(per_chat))[:10]}"
    twice = {chat: n for chat, n in per_chat.items() if n > 1}
    assert twice == {}, f"sent more than once: {twice}"
    assert f"已送达：{len(everyone)} 人" in (report.text or "")
    final = stored(bot.database_path, broadcast_id)
    assert (final.status, len(final.sent), final.sending, final.pending) == (
        "done", len(everyone), 0, 0)
    reports = [c for c in bot.api.sent if c.chat_id == AUTHOR and "已发送完毕" in (c.text or "")]
    assert len(reports) == 1

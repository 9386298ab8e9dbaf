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
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.harness import BotFailed, BotProcess
from tests.support.broadcast_process import (
    AUTHOR,
    EVERYONE,
    FIRST,
    MEMBERS,
    BroadcastBot,
    Stored,
    broadcast_bot,
    final_report,
    served,
    start_mid_broadcast,
    stored,
)

LEASE = 2
KILL_AFTER = 100  # members served before the kill
FINISH_TIMEOUT = 90.0


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[BroadcastBot]:
    """Named `bot` so a failure report carries the process's log (see conftest)."""
    async with broadcast_bot("ptb", tmp_path, lease=LEASE) as process:
        yield process


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
    broadcast_id = await start_mid_broadcast(bot, served_at_least=KILL_AFTER)

    kill = await kill_with_nothing_in_doubt(bot, broadcast_id)
    assert bot.proc is not None and bot.proc.returncode == -signal.SIGKILL
    before = served(bot.api)
    at = kill.at
    print(f"\nkilled after {len(before)} members; {kill.tries} freeze(s), {kill.in_doubt} found a "
          f"message in doubt; at the kill: {at.sending} leased, {at.pending} waiting, "
          f"cursor at member {at.cursor - FIRST + 1} of {MEMBERS}")
    assert KILL_AFTER <= len(before) < len(EVERYONE)  # some, not all
    assert at.status == "running" and at.cursor < FIRST + MEMBERS - 1  # still filling

    await bot.start()  # the same database, a new process
    report = await final_report(bot, timeout=FINISH_TIMEOUT, what="the author's final report")
    await asyncio.sleep(1.0)  # a repeat would have to come now: nothing is left to send

    per_chat = served(bot.api)
    assert set(per_chat) == EVERYONE, f"missed: {sorted(EVERYONE - set(per_chat))[:10]}"
    twice = {chat: n for chat, n in per_chat.items() if n > 1}
    assert twice == {}, f"sent more than once: {twice}"
    assert f"已送达：{len(EVERYONE)} 人" in (report.text or "")
    final = stored(bot.database_path, broadcast_id)
    assert (final.status, len(final.sent), final.sending, final.pending) == (
        "done", len(EVERYONE), 0, 0)
    reports = [c for c in bot.api.sent if c.chat_id == AUTHOR and "已发送完毕" in (c.text or "")]
    assert len(reports) == 1

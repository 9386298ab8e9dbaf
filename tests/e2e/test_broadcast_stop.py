"""SIGTERM in the middle of a broadcast: nothing is left leased, and the restart goes on at once.

The real `unionbot run` sends a broadcast to 1,200 members at 200/s with a ten-minute
delivery lease. It is stopped the way an operator or a deployment stops it (SIGTERM)
after a hundred or so members got it. A graceful stop answers what is in flight and
hands back the notices it had claimed but not sent, so nothing waits for the lease: the
restarted process finishes the broadcast in seconds, each member getting it once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.broadcasts.support import seed_broadcast_database
from tests.e2e.harness import BotProcess
from tests.e2e.test_broadcast_kill import AUTHOR, FIRST, MEMBERS, RATE, TEXT, served, stored
from tests.fakebotapi.server import FakeBotAPI

LEASE = 600  # far longer than the test may take: a notice left leased would never come
STOP_AFTER = 100


class LongLeaseBot(BotProcess):
    def env(self) -> dict[str, str]:
        env = super().env()
        env.update(UNIONBOT_SEND_RATE=str(RATE), UNIONBOT_DELIVERY_LEASE_SECONDS=str(LEASE),
                   UNIONBOT_QUIET_HOURS="")
        return env


@pytest.fixture(params=["ptb", "aiogram"])
async def bot(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[LongLeaseBot]:
    """Named `bot` so a failure report carries the process's log (see conftest)."""
    async with FakeBotAPI() as api:
        process = LongLeaseBot(api, request.param, tmp_path / "bot")
        try:
            yield process
        finally:
            await process.stop()


async def test_sigterm_mid_broadcast_hands_back_its_claims(bot: LongLeaseBot) -> None:
    everyone = {AUTHOR, *range(FIRST, FIRST + MEMBERS)}
    broadcast_id = await seed_broadcast_database(
        bot.database_path, first=FIRST, count=MEMBERS, author=AUTHOR, text=TEXT,
        now=datetime.now(UTC))
    await bot.start()
    await bot.wait_for(lambda _c: len(served(bot.api)) >= STOP_AFTER, after=0, timeout=60,
                       what=f"{STOP_AFTER} members served")

    assert await bot.stop() == 0
    at = stored(bot.database_path, broadcast_id)
    assert at.sending == 0  # every claim answered and recorded, or handed back
    assert set(served(bot.api)) == at.sent  # nothing Telegram accepted is left unrecorded
    assert len(at.sent) < len(everyone)  # stopped midway

    await bot.start()
    report = await bot.wait_for(
        lambda c: c.method == "sendMessage" and c.ok and c.chat_id == AUTHOR
        and "已发送完毕" in (c.text or ""), after=0, timeout=60,
        what="the author's final report, long before the lease ran out")
    per_chat = served(bot.api)
    assert set(per_chat) == everyone
    assert {chat: n for chat, n in per_chat.items() if n > 1} == {}
    assert f"已送达：{len(everyone)} 人" in (report.text or "")

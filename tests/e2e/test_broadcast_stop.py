"""SIGTERM in the middle of a broadcast: nothing is left leased, and the restart goes on at once.

The real `unionbot run` sends a broadcast to 1,200 members at 200/s with a ten-minute
delivery lease. It is stopped the way an operator or a deployment stops it (SIGTERM)
after a hundred or so members got it. A graceful stop answers what is in flight and
hands back the notices it had claimed but not sent, so nothing waits for the lease: the
restarted process finishes the broadcast in seconds, each member getting it once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.broadcast_process import (
    EVERYONE,
    BroadcastBot,
    broadcast_bot,
    final_report,
    served,
    start_mid_broadcast,
    stored,
)

LEASE = 600  # far longer than the test may take: a notice left leased would never come
STOP_AFTER = 100


@pytest.fixture(params=["ptb", "aiogram"])
async def bot(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[BroadcastBot]:
    """Named `bot` so a failure report carries the process's log (see conftest)."""
    async with broadcast_bot(request.param, tmp_path, lease=LEASE) as process:
        yield process


async def test_sigterm_mid_broadcast_hands_back_its_claims(bot: BroadcastBot) -> None:
    broadcast_id = await start_mid_broadcast(bot, served_at_least=STOP_AFTER)

    assert await bot.stop() == 0
    at = stored(bot.database_path, broadcast_id)
    assert at.sending == 0  # every claim answered and recorded, or handed back
    assert set(served(bot.api)) == at.sent  # nothing Telegram accepted is left unrecorded
    assert len(at.sent) < len(EVERYONE)  # stopped midway

    await bot.start()
    report = await final_report(
        bot, timeout=60, what="the author's final report, long before the lease ran out")
    per_chat = served(bot.api)
    assert set(per_chat) == EVERYONE
    assert {chat: n for chat, n in per_chat.items() if n > 1} == {}
    assert f"已送达：{len(EVERYONE)} 人" in (report.text or "")

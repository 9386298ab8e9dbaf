"""Webhook mode: with UNIONBOT_WEBHOOK_URL set, Telegram pushes updates to the bot."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.e2e.harness import RUNTIMES, BotProcess, Member
from tests.fakebotapi.server import FakeBotAPI


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class WebhookBot(BotProcess):
    """The same process, told to listen for updates instead of polling for them."""

    port: int = 0

    def env(self) -> dict[str, str]:
        env = super().env()
        env.update(UNIONBOT_WEBHOOK_URL=f"http://127.0.0.1:{self.port}/",
                   UNIONBOT_WEBHOOK_SECRET="poster-secret-42",
                   UNIONBOT_WEBHOOK_LISTEN="127.0.0.1",
                   UNIONBOT_WEBHOOK_PORT=str(self.port))
        return env


@pytest.mark.parametrize("runtime", RUNTIMES)
async def test_updates_arrive_by_webhook(runtime: str, tmp_path: Path) -> None:
    async with FakeBotAPI() as api:
        bot = WebhookBot(api, runtime, tmp_path)
        bot.port = free_port()
        try:
            await bot.start()
            member = Member(bot, 880_001)
            exchange = await member.agree("branch-dinghai")
            assert "欢迎" in exchange.text
            assert api.webhook is not None and api.webhook.url.endswith(f":{bot.port}/")
            assert api.webhook_deliveries and all(
                status == 200 for _, status in api.webhook_deliveries)
        finally:
            code = await bot.stop()
        assert code == 0, bot.log_tail()
        assert not api.errors

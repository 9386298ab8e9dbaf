"""Shared fixtures: a held clock, real databases, the app, a member's client per channel."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App, build_app
from bot.settings import load_settings
from tests.support.chat import Client, client_for
from tests.support.clock import FakeClock
from tests.support.databases import engine_for

CHANNELS = ("console", "ptb", "aiogram")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["sqlite", "postgres"])
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[object]:
    async with engine_for(request.param, tmp_path) as eng:
        yield eng


@pytest.fixture
async def app(tmp_path: Path, clock: FakeClock) -> AsyncIterator[App]:
    settings = load_settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", telegram_token="", admin_ids=""
    )
    application = await build_app(settings, clock=clock)
    try:
        yield application
    finally:
        await application.close()


@pytest.fixture(params=CHANNELS)
async def member(request: pytest.FixtureRequest, app: App) -> AsyncIterator[Client]:
    """The same member on each channel: every transcript test runs three times."""
    async with client_for(request.param, app) as client:
        yield client

"""The cast of the reminder transcripts."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import App
from tests.conftest import CHANNELS
from tests.reminders.support import BANKER, MEMBER
from tests.support.chat import Client
from tests.support.clock import FakeClock
from tests.support.people import past_consent


@pytest.fixture(params=CHANNELS)
async def pair(request: pytest.FixtureRequest, app: App,
               clock: FakeClock) -> AsyncIterator[tuple[Client, Client]]:
    """A member and a bank officer on one channel, both past consent."""
    async with past_consent(request.param, app, [MEMBER, BANKER], roles={BANKER: "bank"},
                            now=clock()) as people:
        yield people[0], people[1]

"""Several people on one channel, all past consent, some of them staff: the cast of the
staff transcripts (/review, /broadcast)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from bot.app import App
from storage import staff
from tests.support.chat import Client, clients_for
from tests.transcripts.test_onboarding import agree


@asynccontextmanager
async def past_consent(channel: str, app: App, users: Sequence[int], *,
                       roles: Mapping[int, str], now: datetime) -> AsyncIterator[list[Client]]:
    """A client per user on ``channel``, each having agreed at /start; each user in
    ``roles`` is granted that staff role (by nobody: as `unionbot staff add` does)."""
    async with clients_for(channel, app, [{"user": user} for user in users]) as clients:
        for client in clients:
            await agree(client)
        async with app.engine.begin() as conn:
            for user_id, role in roles.items():
                await staff.add(conn, user_id=user_id, role=role, now=now, by=None)
        yield clients


MEMBER, REVIEWER, BANKER = 4242, 9001, 9002


@dataclass
class Staffed:
    """A member, a union reviewer and a bank officer: the cast of the loan pipeline."""

    member: Client
    reviewer: Client
    banker: Client


@asynccontextmanager
async def member_and_staff(channel: str, app: App, now: datetime) -> AsyncIterator[Staffed]:
    async with past_consent(channel, app, [MEMBER, REVIEWER, BANKER],
                            roles={REVIEWER: "reviewer", BANKER: "bank"}, now=now) as clients:
        yield Staffed(*clients)

"""Composition root: settings → engine → services → conversation. Nothing at import time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.applications import Applications
from bot.branches import load_branches
from bot.catalog.loader import load_or_raise
from bot.delivery import Deliverer, Sender
from bot.i18n import Translator
from bot.pacing import Pacer, QuietHours
from bot.services import Services, utc_now
from bot.settings import Settings
from bot.station_directory import StationDirectory
from dialogs import language, onboarding, privacy, profile, review, stations
from dialogs.router import Conversation
from storage import db

log = logging.getLogger(__name__)

# Member commands with their menu descriptions' locale keys, in menu order.
MEMBER_COMMANDS = ("start", "stations", "profile", "language", "mydata", "forget", "help",
                   "cancel")


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    services: Services
    conversation: Conversation

    def deliverer(self, sender: Sender) -> Deliverer:
        s = self.settings
        return Deliverer(self.engine, self.services.t, sender, self.services.clock,
                         pacer=Pacer(rate=s.send_rate), quiet=QuietHours.parse(s.quiet_hours, s.tz))

    async def close(self) -> None:
        await self.engine.dispose()


def build_conversation(engine: AsyncEngine, services: Services) -> Conversation:
    flows = {f.name: f for f in (profile.FLOW, stations.FLOW, language.FLOW, privacy.FLOW,
                                 review.FLOW)}
    actions = {"start": onboarding.start, "help": onboarding.help_, "mydata": privacy.mydata,
               "review": review.review}
    return Conversation(engine, services, flows, actions,
                        staff_commands=frozenset({"review"}))


async def build_app(settings: Settings, *, clock: Callable[[], datetime] = utc_now,
                    migrate: bool = True, seed_stations: bool = True,
                    engine: AsyncEngine | None = None) -> App:
    """Open the database (migrating it), load the registry, wire the conversation."""
    catalog = load_or_raise(settings.catalog)  # a broken catalogue must not reach members
    engine = engine or db.make_engine(settings.database_url)
    if migrate:
        await db.upgrade(engine)
    directory = StationDirectory(engine)
    if seed_stations:
        await directory.seed_if_empty(settings.stations_seed, clock())
    else:
        await directory.refresh()
    services = Services(settings=settings, t=Translator(), branches=load_branches(),
                        stations=directory, catalog=catalog,
                        applications=Applications(catalog), clock=clock)
    return App(settings, engine, services, build_conversation(engine, services))

"""Composition root: settings → engine → services → conversation. Nothing at import time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.applications import Applications
from bot.branches import load_branches
from bot.catalog.loader import load_or_raise
from bot.catalog.schema import Catalog
from bot.delivery import Deliverer, DeliveryPolicy, Sender
from bot.escalation import escalate
from bot.i18n import Translator
from bot.pacing import Pacer, QuietHours
from bot.reminders import ReminderPolicy, plan_reminders
from bot.scheduler import PeriodicJob
from bot.services import Services, utc_now
from bot.settings import Settings
from bot.staff_menu import STAFF_COMMANDS
from bot.station_directory import StationDirectory
from dialogs import (
    apply,
    calculator,
    language,
    loans,
    onboarding,
    privacy,
    profile,
    review,
    stations,
    status,
)
from dialogs import broadcast as broadcast_dialog
from dialogs import disburse as disburse_dialog
from dialogs import myloans as myloans_dialog
from dialogs import settings as settings_dialog
from dialogs import stats as stats_dialog
from dialogs.router import Conversation
from storage import db

log = logging.getLogger(__name__)

# Member commands with their menu descriptions' locale keys, in menu order.
MEMBER_COMMANDS = ("start", "stations", "loans", "calc", "apply", "status", "myloans", "profile",
                   "settings", "language", "mydata", "forget", "help", "cancel")


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    services: Services
    conversation: Conversation

    def deliverer(self, sender: Sender) -> Deliverer:
        s = self.settings
        # A round (one claim) is about a quarter second of sending at high rates: its claim
        # and the wait for its last answers hold sending up for less than the pacer's
        # catch-up (0.1 s), so they cost no rate (bench/bench_broadcast.py). As many
        # requests may be in flight as a quarter second of sending: Telegram answers in
        # tens to hundreds of milliseconds, and a fixed cap would set the rate instead.
        quarter = int(s.send_rate / 4)
        policy = DeliveryPolicy(lease=timedelta(seconds=s.delivery_lease_seconds),
                                batch=max(100, quarter), concurrency=max(16, quarter))
        return Deliverer(self.engine, self.services.t, sender, self.services.clock, policy,
                         pacer=Pacer(rate=s.send_rate), quiet=QuietHours.parse(s.quiet_hours, s.tz))

    def periodic_jobs(self) -> list[PeriodicJob]:
        """The clock's jobs besides delivery; each is idempotent and safe in every process."""
        every = self.settings.planning_minutes * 60
        return [PeriodicJob("reminders", partial(plan_reminders, self.engine, self.services),
                            every),
                PeriodicJob("escalation", partial(escalate, self.engine, self.services), every)]

    async def close(self) -> None:
        await self.engine.dispose()


def build_conversation(engine: AsyncEngine, services: Services) -> Conversation:
    flows = {f.name: f for f in (profile.FLOW, stations.FLOW, language.FLOW, privacy.FLOW,
                                 review.FLOW)}
    actions = {"start": onboarding.start, "help": onboarding.help_, "mydata": privacy.mydata,
               "review": review.review}
    flows |= {f.name: f for f in (apply.FLOW, status.WITHDRAW, status.ANSWER)}
    flows |= {f.name: f for f in (loans.FLOW, calculator.FLOW)}
    actions["status"] = status.status
    flows |= {f.name: f for f in (broadcast_dialog.FLOW, settings_dialog.FLOW)}
    actions["broadcast"] = broadcast_dialog.broadcast
    flows |= {f.name: f for f in (disburse_dialog.DISBURSE_FLOW, disburse_dialog.PAYMENT_FLOW)}
    actions |= {"myloans": myloans_dialog.myloans, "disburse": disburse_dialog.disburse,
                "payment": disburse_dialog.payment}
    actions["stats"] = stats_dialog.stats_command
    return Conversation(engine, services, flows, actions, staff_commands=STAFF_COMMANDS)


async def build_app(settings: Settings, *, clock: Callable[[], datetime] = utc_now,
                    migrate: bool = True, seed_stations: bool = True,
                    engine: AsyncEngine | None = None, catalog: Catalog | None = None) -> App:
    """Open the database (migrating it), load the registry, wire the conversation."""
    # A broken catalogue must not reach members; the CLI passes the one it already checked.
    catalog = catalog or load_or_raise(settings.catalog)
    ReminderPolicy.from_settings(settings)  # a malformed UNIONBOT_REMINDER_* fails at start
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

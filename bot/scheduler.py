"""The clock: a few periodic APScheduler jobs over database tables, never a job per notice.

The same for every runtime; jobs hold no pickled state, so a restart loses nothing
(the outbox rows are the state).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.branches import load_branches
from bot.broadcasts import BroadcastFiller, FillPolicy
from bot.delivery import Deliverer

log = logging.getLogger(__name__)

# Periodic jobs start this long after the bot, so the first replies are not kept waiting.
FIRST_RUN_DELAY = timedelta(seconds=5)


@dataclass(frozen=True)
class PeriodicJob:
    """A job every process runs: it must be idempotent and safe beside its twin elsewhere."""

    id: str
    run: Callable[[], Awaitable[object]]
    seconds: float


async def deliver_while_due(deliverer: Deliverer) -> None:
    """Rounds back to back while they send something; the interval only wakes an idle bot.

    Ending the job after one round (one claimed batch) would cap delivery at a batch per
    interval, 100/s, however high UNIONBOT_SEND_RATE is set.
    """
    while await deliverer.run_once():
        pass


class _SkippedWhileDraining(logging.Filter):
    """The delivery job outlives its interval on purpose while notices are due: the
    scheduler's "skipped: maximum number of running instances" is expected, not news."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        return not ('"deliver_while_due' in text and "maximum number of running" in text)


_SKIPPED_WHILE_DRAINING = _SkippedWhileDraining()  # one instance: added once however often


class DeliveryScheduler(AsyncIOScheduler):
    """The scheduler, holding its delivery worker so that a stop can give back its claims."""

    def __init__(self, deliverer: Deliverer, **options: Any) -> None:
        super().__init__(**options)
        self.deliverer = deliverer

    async def stop(self, grace: float = 5.0) -> None:
        """No new jobs; notices claimed but not sent go back to the outbox at once (not
        after UNIONBOT_DELIVERY_LEASE_SECONDS); requests in flight get ``grace`` seconds."""
        # The worker first: APScheduler's shutdown cancels the running delivery round,
        # which must rather see the stop, hand back its unsent notices and let the
        # requests in flight be answered and recorded.
        await self.deliverer.stop(grace)
        self.shutdown(wait=False)


def start_scheduler(deliverer: Deliverer, *, delivery_seconds: float = 1.0,
                    jobs: Sequence[PeriodicJob] = ()) -> DeliveryScheduler:
    """Start the jobs on the running event loop; the caller stops it (``await stop()``)."""
    scheduler = DeliveryScheduler(deliverer, timezone="UTC")
    logging.getLogger("apscheduler.scheduler").addFilter(_SKIPPED_WHILE_DRAINING)
    # One round at a time: a slow round is skipped over, not stacked up.
    scheduler.add_job(deliver_while_due, "interval", args=(deliverer,),
                      seconds=delivery_seconds, id="delivery",
                      max_instances=1, coalesce=True, misfire_grace_time=30)
    # Broadcast recipients go to the outbox in batches, a few seconds of sending ahead.
    filler = BroadcastFiller(deliverer.engine, deliverer.clock, load_branches(),
                             FillPolicy.for_rate(deliverer.pacer.rate))
    scheduler.add_job(filler.run_once, "interval", seconds=delivery_seconds, id="broadcasts",
                      max_instances=1, coalesce=True, misfire_grace_time=30)
    first = datetime.now(UTC) + FIRST_RUN_DELAY
    for job in jobs:
        # Planning and escalation also run at start: a restart does not wait an interval.
        scheduler.add_job(job.run, "interval", seconds=job.seconds, id=job.id,
                          max_instances=1, coalesce=True, misfire_grace_time=None,
                          next_run_time=first)
    scheduler.start()
    log.info("scheduler started: delivery every %.1fs; %s", delivery_seconds,
             ", ".join(f"{j.id} every {j.seconds:.0f}s" for j in jobs) or "no other jobs")
    return scheduler

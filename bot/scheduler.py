"""The clock: a few periodic APScheduler jobs over database tables, never a job per notice.

The same for every runtime; jobs hold no pickled state, so a restart loses nothing
(the outbox rows are the state).
"""

from __future__ import annotations

import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.delivery import Deliverer

log = logging.getLogger(__name__)


def start_scheduler(deliverer: Deliverer, *, delivery_seconds: float = 1.0) -> AsyncIOScheduler:
    """Start the jobs on the running event loop; the caller shuts it down."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    # One round at a time: a slow round is skipped over, not stacked up.
    scheduler.add_job(deliverer.run_once, "interval", seconds=delivery_seconds, id="delivery",
                      max_instances=1, coalesce=True, misfire_grace_time=30)
    scheduler.start()
    log.info("scheduler started: delivery every %.1fs", delivery_seconds)
    return scheduler

"""Month arithmetic for monthly due dates that never lands on a day a month lacks."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end: Jan 31 + 1 -> Feb 28/29."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))


def monthly_due_dates(start: date, count: int) -> list[date]:
    """Due dates of `count` monthly instalments on a loan disbursed on `start`.

    Each is anchored on `start`, not on the previous due date, so a loan starting Jan 31
    falls due Feb 28, Mar 31, Apr 30 … rather than drifting to the 28th for good.
    """
    return [add_months(start, k) for k in range(1, count + 1)]

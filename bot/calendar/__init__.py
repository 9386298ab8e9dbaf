"""China's working-day calendar (with 调休 make-up days) and month arithmetic for due dates."""

from bot.calendar.months import add_months, monthly_due_dates
from bot.calendar.workdays import Fallback, WorkCalendar

__all__ = ["Fallback", "WorkCalendar", "add_months", "monthly_due_dates"]

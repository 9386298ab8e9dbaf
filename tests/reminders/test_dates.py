"""Pure date arithmetic of reminders: month ends, holidays, the planning window, staleness."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.calendar.months import monthly_due_dates
from bot.calendar.workdays import WorkCalendar
from bot.pacing import QuietHours
from bot.reminders import (
    ReminderPolicy,
    batches,
    parse_days,
    read_date,
    reminder_slots,
    slots_to_plan,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
POLICY = ReminderPolicy()


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI).astimezone(UTC)


def plan(policy: ReminderPolicy, when: datetime) -> list[tuple[str, date, date]]:
    return [(s.tag, s.due_on, s.day) for s in slots_to_plan(policy, when)]


def test_a_loan_from_jan_31_falls_due_on_month_ends_and_is_reminded_before_them() -> None:
    dues = monthly_due_dates(date(2026, 1, 31), 4)
    assert dues == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31)]
    feb = reminder_slots(POLICY, dues[0])
    assert [(s.tag, s.day) for s in feb] == [
        ("d3", date(2026, 2, 25)), ("d0", date(2026, 2, 28)), ("late", date(2026, 3, 1))]
    # 09:00 in Shanghai, whatever the server's zone: 01:00 UTC.
    assert [s.due_at for s in feb] == [datetime(2026, 2, 25, 1, tzinfo=UTC),
                                        datetime(2026, 2, 28, 1, tzinfo=UTC),
                                        datetime(2026, 3, 1, 1, tzinfo=UTC)]
    # A leap year keeps the 29th; the reminder before it crosses no month end wrongly.
    leap = reminder_slots(POLICY, monthly_due_dates(date(2028, 1, 31), 1)[0])
    assert [s.day for s in leap] == [date(2028, 2, 26), date(2028, 2, 29), date(2028, 3, 1)]
    # Due on the 1st: the reminder three days before falls in the previous month.
    assert reminder_slots(POLICY, date(2026, 3, 1))[0].day == date(2026, 2, 26)


def test_national_day_due_dates_are_stated_as_they_are() -> None:
    """Banks debit on the contractual date even on a holiday: nothing moves."""
    cal = WorkCalendar()
    due = monthly_due_dates(date(2026, 9, 1), 1)[0]
    assert due == date(2026, 10, 1) and not cal.is_working_day(due)
    slots = reminder_slots(POLICY, due)
    assert [(s.tag, s.day) for s in slots] == [
        ("d3", date(2026, 9, 28)), ("d0", date(2026, 10, 1)), ("late", date(2026, 10, 2))]
    # The make-up Saturday after the holiday is an ordinary day for reminders too.
    assert reminder_slots(POLICY, date(2026, 10, 10))[0].day == date(2026, 10, 7)


def test_planning_window_holds_the_next_days_only() -> None:
    when = local(2026, 2, 20, 10)
    planned = plan(POLICY, when)
    d3 = sorted(due for tag, due, _ in planned if tag == "d3")
    d0 = sorted(due for tag, due, _ in planned if tag == "d0")
    # Reminder days today .. today + 7; today's 09:00 is one hour past, still fine to send.
    assert d3 == [date(2026, 2, 23 + k) if k < 6 else date(2026, 3, k - 5) for k in range(8)]
    assert d0 == [date(2026, 2, 20 + k) for k in range(8)]
    # The overdue notice only on its own day, for yesterday's due date.
    assert [(due, day) for tag, due, day in planned if tag == "late"] == [
        (date(2026, 2, 19), date(2026, 2, 20))]


def test_a_reminder_whose_day_is_over_is_not_planned() -> None:
    # 22:00: this morning's reminders (13 hours ago) would arrive tomorrow, saying "today".
    planned = plan(POLICY, local(2026, 2, 20, 22))
    assert all(day > date(2026, 2, 20) for _tag, _due, day in planned)
    assert not any(tag == "late" for tag, _due, _day in planned)


def test_offsets_and_time_are_configurable() -> None:
    policy = ReminderPolicy(days_before=parse_days("7, 1,0"), send_at=time(10, 30),
                            horizon_days=2)
    assert policy.days_before == (7, 1, 0)
    slots = reminder_slots(policy, date(2026, 3, 10))
    assert [(s.tag, s.day) for s in slots] == [("d7", date(2026, 3, 3)), ("d1", date(2026, 3, 9)),
                                               ("d0", date(2026, 3, 10)),
                                               ("late", date(2026, 3, 11))]
    assert slots[0].due_at == local(2026, 3, 3, 10, 30)
    assert len(slots_to_plan(policy, local(2026, 3, 1, 8))) == 3 * 3 + 1


@pytest.mark.parametrize("bad", ["-1", "40", "three"])
def test_bad_offsets_fail_fast(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_days(bad)


def test_default_send_time_is_outside_quiet_hours_and_an_early_one_waits() -> None:
    quiet = QuietHours()
    assert not quiet.is_quiet(reminder_slots(POLICY, date(2026, 2, 28))[1].due_at)
    early = ReminderPolicy(send_at=time(7, 0))
    due_at = reminder_slots(early, date(2026, 2, 28))[1].due_at
    assert quiet.is_quiet(due_at)  # delivery holds it until 08:00 (tested end to end)


@pytest.mark.parametrize(("text", "day"), [
    ("2026-02-28", date(2026, 2, 28)), ("2026/2/8", date(2026, 2, 8)),
    ("2026年2月28日", date(2026, 2, 28)), ("20260228", date(2026, 2, 28)),
    ("２０２６－０２－２８", date(2026, 2, 28)), ("2026-02-30", None), ("明天", None)])
def test_dates_as_people_type_them(text: str, day: date | None) -> None:
    assert read_date(text) == day


def test_a_week_is_one_statement_per_kind_and_a_long_horizon_is_cut_by_month() -> None:
    week = batches(slots_to_plan(POLICY, local(2026, 2, 20, 10)))
    assert [(b.tag, b.first_due, b.last_due) for b in week] == [
        ("d3", date(2026, 2, 23), date(2026, 3, 2)), ("d0", date(2026, 2, 20), date(2026, 2, 27)),
        ("late", date(2026, 2, 19), date(2026, 2, 19))]
    # 09:00 Shanghai = 01:00 UTC: three days before the due date's midnight, plus an hour.
    assert week[0].shift_seconds == -3 * 86400 + 3600
    long = batches(slots_to_plan(ReminderPolicy(horizon_days=100), local(2026, 2, 20, 10)))
    assert all((b.last_due - b.first_due).days < 31 for b in long)
    assert sum((b.last_due - b.first_due).days + 1 for b in long if b.tag == "d0") == 101


def test_summer_time_splits_a_range_where_the_offset_changes() -> None:
    """Not China's case, but the planner stays exact in a zone with summer time."""
    berlin = ReminderPolicy(tz=ZoneInfo("Europe/Berlin"), days_before=(0,))
    spring = batches(slots_to_plan(berlin, datetime(2026, 3, 26, 7, tzinfo=UTC)))
    d0 = [(b.first_due, b.last_due, b.shift_seconds) for b in spring if b.tag == "d0"]
    assert d0 == [(date(2026, 3, 26), date(2026, 3, 28), 8 * 3600),
                  (date(2026, 3, 29), date(2026, 4, 2), 7 * 3600)]

"""China's working days across the 2026 National Day holiday, with staff overrides."""

from datetime import date, timedelta

import pytest

from bot.calendar.workdays import Fallback, WorkCalendar, library_known_until


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


def test_three_working_days_after_sep_30_is_make_up_saturday(cal: WorkCalendar) -> None:
    assert cal.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert date(2026, 10, 10).weekday() == 5
    assert cal.is_working_day(date(2026, 10, 10))
    assert cal.working_days_between(date(2026, 9, 30), date(2026, 10, 10)) == 3


def test_national_day_week_is_off(cal: WorkCalendar) -> None:
    for day in range(1, 8):
        assert not cal.is_working_day(date(2026, 10, day))
    assert cal.is_working_day(date(2026, 10, 8))
    assert cal.is_working_day(date(2026, 9, 20))  # make-up Sunday before the holiday


def test_ordinary_weekend_and_weekday(cal: WorkCalendar) -> None:
    assert not cal.is_working_day(date(2026, 3, 7))  # Saturday
    assert not cal.is_working_day(date(2026, 3, 8))  # Sunday
    assert cal.is_working_day(date(2026, 3, 9))  # Monday
    assert not cal.is_guess(date(2026, 3, 9))


def test_add_zero_and_negative(cal: WorkCalendar) -> None:
    assert cal.add_working_days(date(2026, 10, 1), 0) == date(2026, 10, 8)
    assert cal.add_working_days(date(2026, 3, 9), 0) == date(2026, 3, 9)
    assert cal.add_working_days(date(2026, 10, 8), -1) == date(2026, 9, 30)
    assert cal.working_days_between(date(2026, 10, 10), date(2026, 9, 30)) == -3


def test_override_flips_a_day() -> None:
    cal = WorkCalendar({date(2026, 10, 8): False, date(2026, 3, 7): True})
    assert not cal.is_working_day(date(2026, 10, 8))
    assert cal.is_working_day(date(2026, 3, 7))
    assert cal.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 12)


def test_overrides_are_copied() -> None:
    overrides = {date(2026, 3, 7): True}
    cal = WorkCalendar(overrides)
    overrides[date(2026, 3, 7)] = False
    assert cal.is_working_day(date(2026, 3, 7))


def test_years_without_official_data_are_marked_as_guesses() -> None:
    cal = WorkCalendar()
    assert cal.known_until == library_known_until() >= 2026
    later = date(cal.known_until + 1, 10, 1)
    assert cal.is_guess(later)
    assert not cal.is_working_day(later)  # National Day is statutory, whatever the year
    assert not WorkCalendar({later: False}).is_guess(later)
    weekend_only = WorkCalendar(fallback=Fallback.WEEKENDS_ONLY)
    # Oct 1 2027 is a Friday: with weekends only it would be a working day.
    assert weekend_only.is_working_day(date(2027, 10, 1)) == (cal.known_until < 2027)


def test_count_matches_add(cal: WorkCalendar) -> None:
    start = date(2026, 1, 1)
    for n in (1, 5, 20, 60):
        end = cal.add_working_days(start, n)
        assert cal.working_days_between(start, end) == n
    # 2026 has 365 days, 104 weekend days, and the State Council arrangement.
    year = cal.working_days_between(date(2025, 12, 31), date(2026, 12, 31))
    assert year == sum(cal.is_working_day(date(2026, 1, 1) + timedelta(days=k)) for k in range(365))

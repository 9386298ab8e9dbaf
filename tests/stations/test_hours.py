"""Opening hours: parsing registry spellings and open/close times in Asia/Shanghai."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.stations.hours import (
    MINUTES_PER_WEEK,
    SHANGHAI,
    HoursError,
    OpeningHours,
    minute_of_week,
    parse_hours,
)

# 2025-07-14 is a Monday.
MONDAY = datetime(2025, 7, 14, tzinfo=SHANGHAI)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Shanghai wall time on day 0 (Monday 2025-07-14) .. 6 (Sunday) of the test week."""
    return MONDAY + timedelta(days=day, hours=hour, minutes=minute)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("9:00-21:00", "09:00-21:00"),
        ("09:00–21:00", "09:00-21:00"),
        ("09：00～21：00", "09:00-21:00"),
        ("9:00至21:00", "09:00-21:00"),
        ("9:00 到 21:00", "09:00-21:00"),
        ("9:00 ~ 21:00", "09:00-21:00"),
        ("9点-21点", "09:00-21:00"),
        ("9点半-21点", "09:30-21:00"),
        ("上午8:00-下午6:00", "08:00-18:00"),
        ("8:00am-9:30pm", "08:00-21:30"),
        ("早8点-晚8点", "08:00-20:00"),
        ("下午2点-晚上12点", "14:00-24:00"),
        ("12:00pm-11:00pm", "12:00-23:00"),
        ("24小时", "24h"),
        ("24h", "24h"),
        ("24 小时营业", "24h"),
        ("全天", "24h"),
        ("全天候开放", "24h"),
        ("00:00-24:00", "24h"),
        ("08:00-12:00,14:00-22:00", "08:00-12:00,14:00-22:00"),
        ("08:00-12:00、14:00-22:00", "08:00-12:00,14:00-22:00"),
        ("08:00-12:00，14:00-22:00", "08:00-12:00,14:00-22:00"),
        ("08:00-12:00;14:00-22:00", "08:00-12:00,14:00-22:00"),
        ("08:00-12:00；14:00-22:00", "08:00-12:00,14:00-22:00"),
        ("14:00-22:00,08:00-12:00", "08:00-12:00,14:00-22:00"),
        ("08:00-14:00,12:00-22:00", "08:00-22:00"),
        ("20:00-06:00", "20:00-06:00"),
        ("20:00-次日06:00", "20:00-06:00"),
        ("20:00-24:00,00:00-06:00", "20:00-06:00"),
        ("18:00-00:00", "18:00-24:00"),
        ("营业时间：9:00-21:00", "09:00-21:00"),
        ("周一至周五 9:00-18:00", "Mon-Fri 09:00-18:00"),
        ("周一至五 9:00-18:00", "Mon-Fri 09:00-18:00"),
        ("星期一到星期五 9:00-18:00", "Mon-Fri 09:00-18:00"),
        ("工作日 9:00-17:00", "Mon-Fri 09:00-17:00"),
        (
            "周一至周五 8:30-17:30；周六 9:00-12:00",
            "Mon-Fri 08:30-17:30; Sat 09:00-12:00",
        ),
        ("Mon-Fri 09:00-18:00; Sat,Sun 10:00-16:00", "Mon-Fri 09:00-18:00; Sat-Sun 10:00-16:00"),
        ("工作日 9:00-17:00 周末 全天", "Mon-Fri 09:00-17:00; Sat-Sun 24h"),
        ("每天 8:00-20:00（周一闭馆）", "Tue-Sun 08:00-20:00"),
        ("周一、三、五 9:00-12:00", "Mon,Wed,Fri 09:00-12:00"),
        ("周日 20:00-06:00", "Sun 20:00-06:00"),
    ],
)
def test_parse_good(text: str, canonical: str) -> None:
    hours = parse_hours(text)
    assert hours.to_text() == canonical
    assert parse_hours(canonical) == hours


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "9-21",  # hours without minutes are too ambiguous to guess
        "9:00",
        "9:00-",
        "-21:00",
        "9:00 21:00",
        "9:00-9:00",
        "00:00-00:00",
        "25:00-26:00",
        "9:60-10:00",
        "24:00-06:00",
        "24:30",
        "周一",
        "休息",
        "周日休息",  # never open at all
        "closed",
        "abc",
        "9:00-21:00 xyz",
        "8:00am-13:00pm",
    ],
)
def test_parse_bad_raises_with_key_and_quote(text: str) -> None:
    with pytest.raises(HoursError) as caught:
        parse_hours(text)
    assert caught.value.key == "import-bad-hours"
    assert caught.value.args_for_message == {"value": text.strip()}


def test_equal_meanings_are_equal_and_hash_equal() -> None:
    a, b = parse_hours("9:00-21:00"), parse_hours("09：00～21：00")
    assert a == b and hash(a) == hash(b)
    assert len({a, b, parse_hours("24h")}) == 2


def test_daytime_open_close_and_next_open() -> None:
    hours = parse_hours("9:00-21:00")
    assert not hours.is_open(at(2, 8, 59))
    assert hours.is_open(at(2, 9, 0))
    assert hours.is_open(at(2, 20, 59))
    assert not hours.is_open(at(2, 21, 0))
    assert hours.closes_at(at(2, 10)) == at(2, 21)
    assert hours.closes_at(at(2, 22)) is None
    assert hours.next_open(at(2, 22)) == at(3, 9)
    assert hours.next_open(at(2, 3)) == at(2, 9)
    assert hours.next_open(at(2, 10)) == at(2, 10)


def test_split_day() -> None:
    hours = parse_hours("08:00-12:00,14:00-22:00")
    assert hours.is_open(at(0, 11, 59)) and not hours.is_open(at(0, 12, 30))
    assert hours.closes_at(at(0, 9)) == at(0, 12)
    assert hours.next_open(at(0, 12, 30)) == at(0, 14)
    assert hours.closes_at(at(0, 15)) == at(0, 22)


def test_overnight_span_crosses_midnight() -> None:
    hours = parse_hours("20:00-06:00")
    assert hours.is_open(at(2, 2))  # 02:00 belongs to the previous evening's opening
    assert hours.closes_at(at(2, 2)) == at(2, 6)
    assert hours.is_open(at(2, 20))
    assert hours.closes_at(at(2, 20)) == at(3, 6)
    assert not hours.is_open(at(2, 12))
    assert hours.next_open(at(2, 12)) == at(2, 20)
    assert not hours.is_open(at(2, 6))


def test_overnight_wraps_around_the_week() -> None:
    daily = parse_hours("20:00-06:00")
    assert daily.is_open(at(0, 3))  # Monday 03:00, from Sunday evening
    assert daily.closes_at(at(6, 23)) == at(7, 6)  # Sunday 23:00 -> next Monday 06:00
    sunday_only = parse_hours("周日 20:00-06:00")
    assert sunday_only.is_open(at(0, 5, 59))
    assert not sunday_only.is_open(at(1, 3))
    assert sunday_only.closes_at(at(6, 21)) == at(7, 6)
    assert sunday_only.next_open(at(0, 7)) == at(6, 20)


def test_weekday_schedule_next_open_skips_closed_days() -> None:
    hours = parse_hours("周一至周五 8:30-17:30；周六 9:00-12:00")
    assert hours.next_open(at(4, 18)) == at(5, 9)  # Friday evening -> Saturday morning
    assert hours.next_open(at(5, 12)) == at(7, 8, 30)  # Saturday noon -> Monday 08:30
    assert not hours.is_open(at(6, 10))


def test_always_open() -> None:
    hours = parse_hours("24小时")
    assert hours.always_open and hours == OpeningHours.always()
    assert hours.is_open(at(3, 3))
    assert hours.closes_at(at(3, 3)) is None
    assert hours.next_open(at(3, 3)) == at(3, 3)


def test_evaluated_in_shanghai_whatever_the_zone_of_now() -> None:
    hours = parse_hours("9:00-21:00")
    utc = datetime(2025, 7, 16, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
    assert hours.is_open(utc)
    assert not hours.is_open(datetime(2025, 7, 16, 0, 30, tzinfo=UTC))  # 08:30 Shanghai
    closes = hours.closes_at(utc)
    assert closes == datetime(2025, 7, 16, 21, 0, tzinfo=SHANGHAI)
    assert closes is not None and closes.utcoffset() == timedelta(hours=8)
    berlin = datetime(2025, 7, 16, 3, 30, tzinfo=ZoneInfo("Europe/Berlin"))  # 09:30 Shanghai
    assert hours.is_open(berlin)


def test_no_daylight_saving_in_shanghai() -> None:
    hours = parse_hours("9:00-21:00")
    for month in (1, 4, 7, 10):
        now = datetime(2025, month, 15, 12, tzinfo=SHANGHAI)
        closes = hours.closes_at(now)
        assert closes is not None and closes.utcoffset() == timedelta(hours=8)
        assert closes - now == timedelta(hours=9)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_hours("24h").is_open(datetime(2025, 7, 16, 12))
    with pytest.raises(ValueError):
        minute_of_week(datetime(2025, 7, 16, 12))


week_intervals = st.lists(
    st.tuples(st.integers(0, MINUTES_PER_WEEK - 1), st.integers(1, 3 * 24 * 60)).map(
        lambda p: (p[0], p[0] + p[1])
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(week_intervals)
def test_canonical_text_round_trips(raw: list[tuple[int, int]]) -> None:
    hours = OpeningHours.from_week_intervals(raw)
    assert parse_hours(hours.to_text()) == hours


@settings(max_examples=150, deadline=None)
@given(week_intervals, st.integers(0, MINUTES_PER_WEEK - 1))
def test_evaluation_agrees_with_a_minute_table(raw: list[tuple[int, int]], minute: int) -> None:
    hours = OpeningHours.from_week_intervals(raw)
    table = [False] * MINUTES_PER_WEEK
    for start, end in raw:
        for m in range(start, end):
            table[m % MINUTES_PER_WEEK] = True
    now = MONDAY + timedelta(minutes=minute)
    assert hours.is_open(now) == table[minute]
    opens = hours.next_open(now)
    gap = int((opens - now).total_seconds() // 60)
    assert table[(minute + gap) % MINUTES_PER_WEEK]
    assert not any(table[(minute + g) % MINUTES_PER_WEEK] for g in range(gap))
    closes = hours.closes_at(now)
    if table[minute] and not all(table):
        assert closes is not None
        length = int((closes - now).total_seconds() // 60)
        assert all(table[(minute + g) % MINUTES_PER_WEEK] for g in range(length))
        assert not table[(minute + length) % MINUTES_PER_WEEK]
    else:
        assert closes is None

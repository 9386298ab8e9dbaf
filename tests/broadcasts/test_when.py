"""Send times as staff type them, read in Asia/Shanghai on a held clock (Tue 2026-11-17 14:00)."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.broadcasts import WhenError, local_text, parse_send_time
from tests.support.clock import SHANGHAI, FakeClock

NOW = FakeClock().now


@pytest.mark.parametrize(("typed", "expected"), [
    ("2026-11-23 09:00", "2026-11-23 09:00"),
    ("2026/11/23 9:05", "2026-11-23 09:05"),
    ("2026年11月23日上午9点", "2026-11-23 09:00"),
    ("１１月２３日 ９：００", "2026-11-23 09:00"),  # full-width, as Chinese keyboards type
    ("11-23 14:30", "2026-11-23 14:30"),
    ("明天 9:00", "2026-11-18 09:00"),
    ("明天9点", "2026-11-18 09:00"),
    ("明天下午3点半", "2026-11-18 15:30"),
    ("后天 晚上8点15分", "2026-11-19 20:15"),
    ("今天 18:00", "2026-11-17 18:00"),
    ("中午12点", "2026-11-18 12:00"),  # no date: the next time the clock shows it
    ("16:00", "2026-11-17 16:00"),
    ("09:00", "2026-11-18 09:00"),
    ("tomorrow 9am", "2026-11-18 09:00"),
    ("Tomorrow 9:30 PM", "2026-11-18 21:30"),
    ("1-5 9:00", "2027-01-05 09:00"),  # January is next year's
])
def test_times_staff_type(typed: str, expected: str) -> None:
    when = parse_send_time(typed, NOW, SHANGHAI)
    assert when.tzinfo is not None
    assert local_text(when, SHANGHAI) == expected


@pytest.mark.parametrize(("typed", "key"), [
    ("", "broadcast-when-invalid"),
    ("下周一", "broadcast-when-invalid"),
    ("11-23", "broadcast-when-invalid"),  # a date needs a time
    ("明天 9", "broadcast-when-invalid"),  # "9" alone could be anything
    ("25:00", "broadcast-when-invalid"),
    ("2026-02-30 09:00", "broadcast-when-invalid"),
    ("2026-11-17 13:59", "broadcast-when-past"),
    ("今天 9:00", "broadcast-when-past"),
    ("2027-03-01 09:00", "broadcast-when-far"),
])
def test_times_refused_politely(typed: str, key: str) -> None:
    with pytest.raises(WhenError) as refused:
        parse_send_time(typed, NOW, SHANGHAI)
    assert refused.value.key == key


def test_read_in_the_unions_time_zone() -> None:
    when = parse_send_time("2026-11-23 09:00", NOW, SHANGHAI)
    assert when == datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
    assert when.utcoffset() is not None and when.astimezone(SHANGHAI).hour == 9

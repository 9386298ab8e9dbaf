"""Pacing and quiet hours on a held clock: pure, no sockets, no sleeping."""

from __future__ import annotations

import asyncio
from bisect import bisect_left
from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.pacing import Pacer, QuietHours

SH = ZoneInfo("Asia/Shanghai")


class Clock:
    def __init__(self) -> None:
        self.t = 100.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds


async def test_global_pace_never_bursts() -> None:
    clock = Clock()
    pacer = Pacer(rate=25, monotonic=clock.monotonic, sleep=clock.sleep)
    starts = []
    for chat in range(100):
        await pacer.slot(chat)
        starts.append(clock.t)
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 0.04 - 1e-9  # 1/25 s between any two sends
    assert abs((starts[-1] - starts[0]) - 99 / 25) < 1e-6


async def test_one_message_per_second_per_chat() -> None:
    clock = Clock()
    pacer = Pacer(rate=1000, monotonic=clock.monotonic, sleep=clock.sleep)
    await pacer.slot(7)
    assert not pacer.chat_ready(7) and pacer.chat_ready(8)
    clock.t += 0.999
    assert not pacer.chat_ready(7)
    clock.t += 0.002
    assert pacer.chat_ready(7)


def busiest_second(times: list[float]) -> int:
    """The most sends in any window [t, t + 1 s) starting at a send (to a nanosecond)."""
    times = sorted(times)
    return max(bisect_left(times, t + 1.0 - 1e-9) - i for i, t in enumerate(times))


async def test_a_stall_is_made_up_at_once_without_a_second_over_the_rate() -> None:
    """The loop was busy for 60 ms (a long claim): the missed slots go out together, so
    the second still carries its 1,000 sends, and no window of a second holds more."""
    clock = Clock()
    pacer = Pacer(rate=1000, monotonic=clock.monotonic, sleep=clock.sleep, tick=0)
    starts = []
    for chat in range(3000):
        if chat == 1500:
            clock.t += 0.06
        await pacer.slot(chat)
        starts.append(clock.t)
    burst = starts.count(starts[1500])
    assert 58 <= burst <= 61  # the slots missed in those 60 ms (give or take a rounding)
    assert busiest_second(starts) == 1000
    assert abs((starts[-1] - starts[0]) - 2.999) < 1e-6  # the stall cost no time overall


async def test_catch_up_is_capped_at_a_tenth_of_a_second() -> None:
    clock = Clock()
    pacer = Pacer(rate=1000, monotonic=clock.monotonic, sleep=clock.sleep, tick=0)
    starts = []
    for chat in range(2000):
        if chat == 700:
            clock.t += 0.5  # longer than catch_up: the rest of the lag is forgiven
        await pacer.slot(chat)
        starts.append(clock.t)
    assert 98 <= starts.count(starts[700]) <= 101  # rate/10 missed slots at once
    assert busiest_second(starts) <= 1000
    assert abs((starts[-1] - starts[0]) - (1.999 + 0.4)) < 2e-3  # 0.4 s of it is lost


async def test_after_a_pause_of_a_second_it_starts_afresh_without_a_burst() -> None:
    """After a 429's retry_after nothing is owed: the next sends are spaced again."""
    clock = Clock()
    pacer = Pacer(rate=25, monotonic=clock.monotonic, sleep=clock.sleep)
    for chat in range(10):
        await pacer.slot(chat)
    clock.t += 3.0  # paused by retry_after 3
    starts = []
    for chat in range(10, 20):
        await pacer.slot(chat)
        starts.append(clock.t)
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 0.04 - 1e-9


async def test_close_slots_leave_together_but_never_over_the_rate() -> None:
    """At 1,000/s a slot a millisecond away is not slept for: sends leave in groups of
    up to ``tick`` worth (10 ms: ten), each second still holding exactly the rate."""
    clock = Clock()
    pacer = Pacer(rate=1000, monotonic=clock.monotonic, sleep=clock.sleep, tick=0.01)
    starts = []
    for chat in range(3000):
        await pacer.slot(chat)
        starts.append(clock.t)
    groups = Counter(starts)
    assert max(groups.values()) <= 11 and len(groups) < 3000 / 5
    assert busiest_second(starts) == 1000
    assert 2.98 <= starts[-1] - starts[0] <= 3.0


@settings(max_examples=60, deadline=None)
@given(rate=st.sampled_from([1, 25, 30, 200, 1000]),
       stalls=st.lists(st.sampled_from([0.0, 0.0, 0.0, 0.002, 0.015, 0.05, 0.09, 0.3, 1.2]),
                       min_size=50, max_size=400))
def test_no_second_over_the_rate_and_no_group_over_a_tenth_whatever_the_stalls(
        rate: int, stalls: list[float]) -> None:
    clock = Clock()
    pacer = Pacer(rate=rate, monotonic=clock.monotonic, sleep=clock.sleep)

    async def run() -> list[float]:
        starts = []
        for chat, stall in enumerate(stalls * (3 if rate >= 200 else 1)):
            clock.t += stall
            await pacer.slot(chat)
            starts.append(clock.t)
        return starts

    starts = asyncio.run(run())
    assert busiest_second(starts) <= rate
    assert max(Counter(starts).values()) <= max(1, rate // 10) + 2


async def test_late_wake_ups_do_not_add_up_to_a_lower_rate() -> None:
    """A busy machine wakes the sender a few milliseconds after each slot; the pace
    still averages the rate (10,000 members at 30/s must not take a second longer)."""
    clock = Clock()

    async def late_sleep(seconds: float) -> None:
        clock.t += seconds + 0.004

    pacer = Pacer(rate=30, monotonic=clock.monotonic, sleep=late_sleep)
    starts = []
    for chat in range(3000):
        await pacer.slot(chat)
        starts.append(clock.t)
    assert abs((starts[-1] - starts[0]) - 2999 / 30) < 0.01


async def test_a_chat_waits_its_second_even_in_a_catch_up() -> None:
    clock = Clock()
    pacer = Pacer(rate=1000, monotonic=clock.monotonic, sleep=clock.sleep)
    await pacer.slot(7)
    clock.t += 0.05
    assert not pacer.chat_ready(7)
    await pacer.slot(8)  # a catch-up send: the clock does not move
    assert not pacer.chat_ready(7)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 17, hour, minute, tzinfo=SH).astimezone(UTC)


def test_quiet_hours_wrap_midnight_in_shanghai() -> None:
    quiet = QuietHours.parse("21:00-08:00", SH)
    assert [quiet.is_quiet(at(h)) for h in (20, 21, 23, 0, 7)] == [False, True, True, True, True]
    assert not quiet.is_quiet(at(8)) and not quiet.is_quiet(at(12))
    assert not quiet.is_quiet(at(20, 59))


def test_quiet_hours_can_be_switched_off_or_daytime() -> None:
    assert not any(QuietHours.parse("", SH).is_quiet(at(h)) for h in range(24))
    lunch = QuietHours.parse("12:00-13:30", SH)
    assert lunch.is_quiet(at(12, 45)) and not lunch.is_quiet(at(13, 30))

"""Pacing and quiet hours on a held clock: pure, no sockets, no sleeping."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

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

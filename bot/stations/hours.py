"""Opening hours of a station: parsing registry strings and asking "open now?".

Registries write hours by hand: "9:00-21:00", "09：00～21：00", "24小时",
"08:00-12:00、14:00-22:00", "20:00-次日06:00", "周一至周五 9:00-18:00；周六 10:00-16:00".
Everything is reduced to half-open intervals in minutes of a Monday-based week,
so two spellings of the same hours compare equal and evaluation is a bisect.

Hours are wall-clock times in China, evaluated in Asia/Shanghai whatever zone `now` is in.
Public holidays are not modelled: registries do not record them.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
DAY_NAMES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

Interval = tuple[int, int]


class HoursError(ValueError):
    """An opening-hours string that cannot be read; carries a Fluent key for the reason."""

    key = "import-bad-hours"

    def __init__(self, value: str) -> None:
        super().__init__(value)
        self.value = value

    @property
    def args_for_message(self) -> dict[str, str]:
        return {"value": self.value}


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """Weekly opening hours: sorted, disjoint, non-touching [start, end) minute intervals.

    Minute 0 is Monday 00:00 in Asia/Shanghai; an interval may end at MINUTES_PER_WEEK,
    and one that starts at 0 then continues it (Sunday night into Monday morning).
    """

    intervals: tuple[Interval, ...]
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.intervals:
            raise ValueError("opening hours must open at least once a week")
        previous_end = -1
        for start, end in self.intervals:
            if not 0 <= start < end <= MINUTES_PER_WEEK or start <= previous_end:
                raise ValueError(f"intervals not normalised: {self.intervals!r}")
            previous_end = end
        object.__setattr__(self, "_starts", tuple(start for start, _ in self.intervals))

    @classmethod
    def always(cls) -> OpeningHours:
        return cls(((0, MINUTES_PER_WEEK),))

    @classmethod
    def parse(cls, text: str) -> OpeningHours:
        return parse_hours(text)

    @classmethod
    def from_week_intervals(cls, intervals: Iterable[Interval]) -> OpeningHours:
        """Build from any [start, end) week-minute intervals; overlaps merge and an end past
        the week's end wraps to Monday."""
        given = tuple(intervals)
        for start, end in given:
            if not 0 <= start < MINUTES_PER_WEEK or not start < end <= start + MINUTES_PER_WEEK:
                raise ValueError(f"bad interval {(start, end)!r}")
        return cls(_merge(given))

    @property
    def always_open(self) -> bool:
        return self.intervals == ((0, MINUTES_PER_WEEK),)

    def is_open_at_minute(self, minute: int) -> bool:
        """Open at this minute of the week? The index calls this once per candidate."""
        i = bisect_right(self._starts, minute) - 1
        return i >= 0 and minute < self.intervals[i][1]

    def is_open(self, now: datetime) -> bool:
        return self.is_open_at_minute(minute_of_week(now))

    def closes_at_minute(self, minute: int) -> int | None:
        """Week minute (may pass the week's end) when the opening at `minute` ends;
        None if open round the clock or closed at `minute`."""
        if self.always_open or not self.is_open_at_minute(minute):
            return None
        end = self.intervals[bisect_right(self._starts, minute) - 1][1]
        first_start, first_end = self.intervals[0]
        if end == MINUTES_PER_WEEK and first_start == 0:
            end += first_end  # Sunday-night opening runs on into Monday
        return end

    def next_open_minute(self, minute: int) -> int:
        """Week minute (may pass the week's end) of the next opening; `minute` if open."""
        if self.is_open_at_minute(minute):
            return minute
        i = bisect_right(self._starts, minute)
        return self._starts[i] if i < len(self._starts) else self._starts[0] + MINUTES_PER_WEEK

    def closes_at(self, now: datetime) -> datetime | None:
        """When the current opening ends; None if open round the clock or closed now."""
        end = self.closes_at_minute(minute_of_week(now))
        return None if end is None else week_start(now) + timedelta(minutes=end)

    def next_open(self, now: datetime) -> datetime:
        """The earliest moment from `now` on when the station is open (`now` itself if open)."""
        minute = minute_of_week(now)
        if self.is_open_at_minute(minute):
            return now.astimezone(SHANGHAI)
        return week_start(now) + timedelta(minutes=self.next_open_minute(minute))

    def to_text(self) -> str:
        """Canonical, language-neutral form; parse(to_text()) gives equal hours."""
        if self.always_open:
            return "24h"
        per_day = _spans_per_day(self.intervals)
        if all(spans == per_day[0] for spans in per_day):
            return _format_spans(per_day[0])
        groups: dict[tuple[Interval, ...], list[int]] = {}
        for day, spans in enumerate(per_day):
            if spans:
                groups.setdefault(spans, []).append(day)
        return "; ".join(
            f"{_format_days(days)} {_format_spans(spans)}" for spans, days in groups.items()
        )

    def __str__(self) -> str:
        return self.to_text()


def minute_of_week(now: datetime) -> int:
    """Minute of the Monday-based week in Asia/Shanghai; `now` must be timezone-aware."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    local = now.astimezone(SHANGHAI)
    return local.weekday() * MINUTES_PER_DAY + local.hour * 60 + local.minute


def week_start(now: datetime) -> datetime:
    """Monday 00:00 of `now`'s week in Asia/Shanghai: the origin of week minutes."""
    local = now.astimezone(SHANGHAI)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - timedelta(days=local.weekday())


# --- formatting ------------------------------------------------------------------------


def _spans_per_day(intervals: tuple[Interval, ...]) -> list[tuple[Interval, ...]]:
    """Split weekly intervals into per-day spans, writing a night shift as one overnight span."""
    pieces: list[list[Interval]] = [[] for _ in range(7)]
    for start, end in intervals:
        while start < end:
            day = start // MINUTES_PER_DAY
            day_end = min(end, (day + 1) * MINUTES_PER_DAY)
            pieces[day].append((start - day * MINUTES_PER_DAY, day_end - day * MINUTES_PER_DAY))
            start = day_end
    for day in range(7):
        following = pieces[(day + 1) % 7]
        spans = pieces[day]
        # "20:00-24:00" + next day's "00:00-06:00" reads as "20:00-06:00", as long as the
        # result is shorter than a day ("00:01-00:01" would read as nonsense).
        if (
            spans
            and spans[-1][1] == MINUTES_PER_DAY
            and following
            and following[0][0] == 0
            and following[0][1] < spans[-1][0]
        ):
            start, _ = spans.pop()
            _, tail_end = following.pop(0)
            spans.append((start, MINUTES_PER_DAY + tail_end))
    return [tuple(sorted(spans)) for spans in pieces]


def _format_spans(spans: tuple[Interval, ...]) -> str:
    if spans == ((0, MINUTES_PER_DAY),):
        return "24h"
    return ",".join(f"{_hhmm(start)}-{_hhmm(end % MINUTES_PER_DAY or end)}" for start, end in spans)


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _format_days(days: list[int]) -> str:
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        DAY_NAMES[run[0]] if len(run) == 1 else f"{DAY_NAMES[run[0]]}-{DAY_NAMES[run[-1]]}"
        for run in runs
    )


# --- parsing ---------------------------------------------------------------------------

_CN_DAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
_EN_DAY = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

# Alternatives are tried in order: the longer, more specific forms come first.
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<always>24\s*(?:小时|h|hrs?|hours?)(?:营业|开放|服务)?
       |全天候?(?:营业|开放|服务)?|24/7|always)
  | (?P<closed>休息|闭馆|闭站|关闭|不开放|closed)
  | (?P<daily>每天|每日|天天|daily|everyday)
  | (?P<workdays>工作日|weekdays?)
  | (?P<weekend>周末|双休日|weekends?)
  | (?P<day>(?:周|星期|礼拜)[一二三四五六日天七1-7]
       |mon(?:day)?|tue(?:sday|s)?|wed(?:nesday)?|thu(?:rsday|rs|r)?|fri(?:day)?
       |sat(?:urday)?|sun(?:day)?)
  | (?P<time>\d{1,2}[:.]\d{2}(?:\s*[ap]m)?|\d{1,2}点(?:半|\d{1,2}分?)?)
  | (?P<bareday>[一二三四五六日天七])
  | (?P<range>-|–|—|~|〜|至|到|to)
  | (?P<sep>[,;、/&]|and|和)
  | (?P<am>上午|早上|早晨|凌晨|早)
  | (?P<pm>下午|晚上|傍晚|夜间|夜里|晚)
  | (?P<noon>中午)
  | (?P<noise>营业时间|开放时间|服务时间|时间|营业|开放|次日|翌日|:|[()\[\]])
    """,
    re.VERBOSE,
)


_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2})|点(?:(半)|(\d{1,2})分?)?)(?:\s*([ap]m))?")


@dataclass
class _Parser:
    """Left-to-right reader over the tokens; day specs start rules, times fill them."""

    text: str
    day_spans: list[list[Interval]] = field(default_factory=lambda: [[] for _ in range(7)])
    rule_days: list[int] | None = None
    day_buffer: list[int] | None = None
    day_range_from: int | None = None
    last_day: int | None = None
    span_start: int | None = None
    awaiting_end: bool = False
    meridiem: str | None = None
    rule_has_content: bool = False
    saw_any: bool = False

    def fail(self) -> HoursError:
        return HoursError(self.text)

    # day specs

    def add_days(self, days: list[int]) -> None:
        if self.span_start is not None or self.meridiem is not None:
            raise self.fail()
        if self.day_buffer is None:
            self.finish_rule()
            self.day_buffer = []
        if self.day_range_from is not None:
            if len(days) != 1:
                raise self.fail()
            first, last = self.day_range_from, days[0]
            span = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
            self.day_buffer.extend(span)
            self.day_range_from = None
        else:
            self.day_buffer.extend(days)
        self.last_day = days[-1] if len(days) == 1 else None

    def start_day_range(self) -> None:
        if self.day_buffer is None or self.last_day is None or self.day_range_from is not None:
            raise self.fail()
        self.day_buffer.pop()
        self.day_range_from = self.last_day
        self.last_day = None

    def open_rule(self) -> None:
        """Close a pending day spec: its days start afresh (a later rule overrides a day)."""
        if self.day_buffer is not None:
            if not self.day_buffer or self.day_range_from is not None:
                raise self.fail()
            self.rule_days = sorted(set(self.day_buffer))
            for day in self.rule_days:
                self.day_spans[day] = []
            self.day_buffer = None
            self.rule_has_content = False
        elif self.rule_days is None:
            self.rule_days = list(range(7))

    def finish_rule(self) -> None:
        if self.day_buffer is not None or self.span_start is not None or self.awaiting_end:
            raise self.fail()
        if self.rule_days is not None and not self.rule_has_content:
            raise self.fail()

    # times

    def add_time(self, token: str) -> None:
        minute = self.read_time(token)
        if self.span_start is None:
            self.open_rule()
            if minute >= MINUTES_PER_DAY:
                raise self.fail()
            self.span_start = minute
            return
        if not self.awaiting_end:
            raise self.fail()
        self.add_span(self.span_start, minute)
        self.span_start = None
        self.awaiting_end = False

    def read_time(self, token: str) -> int:
        match = _TIME.fullmatch(token)
        if match is None:
            raise self.fail()
        hour = int(match.group(1))
        minute = 30 if match.group(3) else int(match.group(2) or match.group(4) or 0)
        if match.group(5):
            if self.meridiem is not None or not 1 <= hour <= 12:
                raise self.fail()
            self.meridiem = match.group(5)
        if self.meridiem == "pm" and hour < 12:
            hour += 12
        elif self.meridiem == "pm" and hour == 12 and not match.group(5):
            hour = 24  # "晚上12点" is midnight; "12:00pm" is noon
        elif self.meridiem == "noon" and hour < 6:
            hour += 12
        elif self.meridiem == "am" and hour == 12 and match.group(5):
            hour = 0
        self.meridiem = None
        if minute >= 60 or hour > 24 or (hour == 24 and minute):
            raise self.fail()
        return hour * 60 + minute

    def add_span(self, start: int, end: int) -> None:
        if end == start:
            raise self.fail()  # "00:00-00:00" is ambiguous; registries write 24小时 for that
        if end < start:
            end += MINUTES_PER_DAY  # overnight: closes the next morning
        self.add_interval(start, end)

    def add_interval(self, start: int, end: int) -> None:
        assert self.rule_days is not None
        for day in self.rule_days:
            self.day_spans[day].append((start, end))
        self.rule_has_content = True

    def add_always(self) -> None:
        if self.span_start is not None or self.meridiem is not None:
            raise self.fail()
        self.open_rule()
        self.add_interval(0, MINUTES_PER_DAY)

    def add_closed(self) -> None:
        # "周日休息": only meaningful straight after a day spec.
        if self.day_buffer is None:
            raise self.fail()
        self.open_rule()
        self.rule_has_content = True

    def feed(self, kind: str, token: str) -> None:
        if kind in ("space", "noise"):
            return
        self.saw_any = True
        if kind == "day":
            self.add_days([_day_number(token)])
        elif kind == "bareday":
            # "周一至五", "周一、三、五": a bare numeral only continues a day spec.
            if self.day_buffer is None:
                raise self.fail()
            self.add_days([_CN_DAY[token]])
        elif kind == "daily":
            self.add_days(list(range(7)))
        elif kind == "workdays":
            self.add_days([0, 1, 2, 3, 4])
        elif kind == "weekend":
            self.add_days([5, 6])
        elif kind == "range":
            if self.span_start is not None and not self.awaiting_end:
                self.awaiting_end = True
            elif self.day_buffer is not None:
                self.start_day_range()
            else:
                raise self.fail()
        elif kind == "time":
            self.add_time(token)
        elif kind == "always":
            self.add_always()
        elif kind == "closed":
            self.add_closed()
        elif kind == "sep":
            if self.span_start is not None or self.day_range_from is not None:
                raise self.fail()
        elif kind in ("am", "pm", "noon"):
            # "上午8:00-下午6:00": a marker stands before a start or an end time.
            if self.meridiem is not None or (self.span_start is not None and not self.awaiting_end):
                raise self.fail()
            self.meridiem = kind
        else:  # pragma: no cover - every group is handled above
            raise self.fail()

    def result(self) -> OpeningHours:
        if not self.saw_any or self.meridiem is not None:
            raise self.fail()
        self.finish_rule()
        intervals = _merge(
            (day * MINUTES_PER_DAY + start, day * MINUTES_PER_DAY + end)
            for day, spans in enumerate(self.day_spans)
            for start, end in spans
        )
        if not intervals:
            raise self.fail()
        return OpeningHours(intervals)


def _day_number(token: str) -> int:
    if token[0] in "周星礼":
        last = token[-1]
        return int(last) - 1 if last.isdigit() else _CN_DAY[last]
    return _EN_DAY[token[:3]]


def _merge(raw: Iterable[Interval]) -> tuple[Interval, ...]:
    """Sort and merge week intervals, folding the part past Sunday midnight onto Monday."""
    pieces: list[Interval] = []
    for start, end in raw:
        if end > MINUTES_PER_WEEK:
            pieces.append((start, MINUTES_PER_WEEK))
            pieces.append((0, end - MINUTES_PER_WEEK))
        else:
            pieces.append((start, end))
    pieces.sort()
    merged: list[list[int]] = []
    for start, end in pieces:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def parse_hours(text: str) -> OpeningHours:
    """Parse a registry opening-hours string; raise HoursError quoting it if unreadable."""
    normalised = unicodedata.normalize("NFKC", text).lower()
    parser = _Parser(text.strip())
    position = 0
    while position < len(normalised):
        match = _TOKEN.match(normalised, position)
        if match is None or match.lastgroup is None:
            raise parser.fail()
        parser.feed(match.lastgroup, match.group())
        position = match.end()
    return parser.result()

"""What a station search answers, shared by both indexes (bot/stations/search.py for
small registries, bot/stations/index.py for large ones). No numpy here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.stations.amenities import AMENITY_BIT
from bot.stations.geo import walk_minutes
from bot.stations.hours import SHANGHAI, OpeningHours, week_start
from bot.stations.model import StationRecord


@dataclass(frozen=True, slots=True)
class StationHit:
    """A station found near the member, with what the reply needs to say about it."""

    index: int  # position in the index's records
    record: StationRecord
    distance_m: float
    walk_minutes: int
    open_now: bool
    closes_at: datetime | None  # None: open round the clock, or closed now
    next_open: datetime  # `now` itself when open


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of open stations, nearest first.

    `total_open` counts the open matching stations found; it is the exact number within
    the radius when `total_exact`, otherwise a lower bound (the search stopped once it
    had enough for this page and the next). `nearest_closed` is filled only when no
    matching station in the radius is open, so the bot can say when the nearest open.
    """

    hits: tuple[StationHit, ...]
    nearest_closed: tuple[StationHit, ...]
    total_open: int
    total_exact: bool
    has_more: bool


def needs_mask(needs: frozenset[str]) -> int:
    unknown = needs - AMENITY_BIT.keys()
    if unknown:
        raise ValueError(f"unknown amenity codes: {sorted(unknown)}")
    return sum(AMENITY_BIT[code] for code in needs)


def check_paging(radius_m: float, limit: int, offset: int) -> None:
    if not radius_m > 0 or limit < 0 or offset < 0:
        raise ValueError("radius must be positive, limit and offset not negative")


def make_hits(
    records: Sequence[StationRecord],
    schedules: Sequence[OpeningHours],
    positions: Sequence[int],
    distances: Sequence[float],
    now: datetime,
    minute: int,
    *,
    open_now: bool,
) -> tuple[StationHit, ...]:
    """Hits for stations at ``positions`` (``schedules`` are their opening hours, in the
    same order). Times are week minutes from Monday 00:00 local, turned into datetimes
    once per distinct schedule on the page."""
    if not positions:
        return ()
    origin = week_start(now)
    local_now = now.astimezone(SHANGHAI)
    times: dict[int, tuple[datetime | None, datetime]] = {}
    hits = []
    for position, hours, distance in zip(positions, schedules, distances, strict=True):
        when = times.get(id(hours))
        if when is None:
            if open_now:
                closes = hours.closes_at_minute(minute)
                closes_at = None if closes is None else origin + timedelta(minutes=closes)
                when = (closes_at, local_now)
            else:
                when = (None, origin + timedelta(minutes=hours.next_open_minute(minute)))
            times[id(hours)] = when
        hits.append(StationHit(
            index=position,
            record=records[position],
            distance_m=distance,
            walk_minutes=walk_minutes(distance),
            open_now=open_now,
            closes_at=when[0],
            next_open=when[1],
        ))
    return tuple(hits)

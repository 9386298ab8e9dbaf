"""Stations for the search tests, and the check every index passes: the same answers as a
full haversine scan (`brute_force_search`), on random queries and on Hypothesis' cases."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import pytest
from hypothesis import strategies as st

from bot.stations.amenities import AMENITY_CODES
from bot.stations.hours import SHANGHAI, OpeningHours, parse_hours
from bot.stations.index import SearchResult, StationIndex, brute_force_search
from bot.stations.model import StationRecord
from bot.stations.search import Index

MONDAY = datetime(2025, 7, 14, tzinfo=SHANGHAI)
SCHEDULES = [
    parse_hours(text)
    for text in (
        "24h",
        "9:00-21:00",
        "08:00-12:00,14:00-22:00",
        "20:00-06:00",
        "周一至周五 8:30-17:30；周六 9:00-12:00",
        "06:30-20:30",
    )
]
COMMON = ("water", "charging", "microwave", "toilet", "rest", "ac")
RARE = "legal_aid"  # given to about 1 station in 100


def make_record(
    i: int, lat: float, lon: float, hours: OpeningHours, amenities: frozenset[str]
) -> StationRecord:
    return StationRecord(
        code=f"T{i}",
        name=f"测试驿站{i}",
        province="浙江省",
        city="杭州市",
        district="临平区",
        address="",
        lat=lat,
        lon=lon,
        hours=hours,
        amenities=amenities,
        sample=True,
    )


def random_records(count: int, seed: int, spread_deg: float = 0.08) -> list[StationRecord]:
    rng = random.Random(seed)
    records = []
    for i in range(count):
        amenities = {code for code in COMMON if rng.random() < 0.6}
        amenities |= {code for code in AMENITY_CODES if rng.random() < 0.05}
        if rng.random() < 0.01:
            amenities.add(RARE)
        else:
            amenities.discard(RARE)
        records.append(
            make_record(
                i,
                30.42 + rng.uniform(-spread_deg, spread_deg),
                120.30 + rng.uniform(-spread_deg, spread_deg),
                rng.choice(SCHEDULES),
                frozenset(amenities),
            )
        )
    return records


def same_answer(got: SearchResult, want: SearchResult) -> None:
    assert [h.index for h in got.hits] == [h.index for h in want.hits]
    assert [h.index for h in got.nearest_closed] == [h.index for h in want.nearest_closed]
    assert got.has_more == want.has_more
    for a, b in zip(got.hits + got.nearest_closed, want.hits + want.nearest_closed, strict=True):
        assert a.distance_m == pytest.approx(b.distance_m, rel=1e-9, abs=1e-6)
        assert (a.open_now, a.closes_at, a.next_open) == (b.open_now, b.closes_at, b.next_open)
    if got.total_exact:
        assert got.total_open == want.total_open
    else:
        assert got.has_more and got.total_open <= want.total_open


def random_queries(seed: int, needs_choices: Sequence[frozenset[str]],
                   count: int = 250) -> Iterator[tuple[float, float, dict[str, Any]]]:
    """``count`` searches in and around the random county: where, and the search's
    arguments (what is needed, when, how far, which page)."""
    rng = random.Random(seed)
    for _ in range(count):
        lat, lon = 30.42 + rng.uniform(-0.1, 0.1), 120.30 + rng.uniform(-0.1, 0.1)
        now = MONDAY + timedelta(minutes=rng.randrange(7 * 24 * 60))
        yield lat, lon, dict(
            needs=rng.choice(needs_choices),
            now=now,
            radius_m=rng.choice([300.0, 1500.0, 5000.0, 30000.0]),
            limit=rng.choice([1, 5, 10]),
            offset=rng.choice([0, 0, 5, 20]),
        )


station_sets = st.lists(
    st.tuples(
        st.sampled_from([30.0, 30.001, 30.002, 30.01]),  # repeats force exact distance ties
        st.floats(120.0, 120.03),
        st.sampled_from(range(len(SCHEDULES))),
        st.frozensets(st.sampled_from(("water", "microwave", RARE)), max_size=3),
    ),
    min_size=0,
    max_size=60,
)


class SearchCase(NamedTuple):
    """A registry and a search over it, as Hypothesis draws them."""

    stations: list[tuple[float, float, int, frozenset[str]]]  # lat, lon, schedule, amenities
    minute: int  # of the week, from Monday 00:00
    needs: frozenset[str]
    offset: int
    radius_m: float


search_cases = st.builds(
    SearchCase,
    station_sets,
    st.integers(0, 7 * 24 * 60 - 1),
    st.frozensets(st.sampled_from(("water", "microwave", RARE)), max_size=2),
    st.integers(0, 6),
    st.sampled_from([100.0, 1000.0, 5000.0]),
)


def assert_equals_brute_force(build: Callable[[list[StationRecord]], Index],
                              case: SearchCase) -> None:
    """The index ``build`` makes of the case's stations answers as the full scan does."""
    records = [make_record(i, lat, lon, SCHEDULES[h], amenities)
               for i, (lat, lon, h, amenities) in enumerate(case.stations)]
    index, reference = build(records), StationIndex.build(records)
    args = dict(needs=case.needs, now=MONDAY + timedelta(minutes=case.minute),
                radius_m=case.radius_m, limit=3, offset=case.offset)
    for lat, lon in ((30.0, 120.0), (30.001, 120.015)):
        want = brute_force_search(reference, lat, lon, **args)  # type: ignore[arg-type]
        same_answer(index.search(lat, lon, **args), want)  # type: ignore[arg-type]

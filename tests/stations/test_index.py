"""Station search: the k-d tree answer must equal a full haversine scan."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings

from bot.stations.geo import haversine_m, walk_minutes
from bot.stations.hours import OpeningHours, parse_hours
from bot.stations.index import SearchResult, StationIndex, brute_force_search
from bot.stations.model import StationRecord
from tests.support.stations import (
    MONDAY,
    RARE,
    SearchCase,
    assert_equals_brute_force,
    make_record,
    random_queries,
    random_records,
    same_answer,
    search_cases,
)


@pytest.fixture(scope="module")
def big() -> tuple[list[StationRecord], StationIndex]:
    records = random_records(3000, seed=1)
    return records, StationIndex.build(records)


def test_index_equals_brute_force_on_random_queries(
    big: tuple[list[StationRecord], StationIndex],
) -> None:
    _, index = big
    assert RARE in index.rare_amenities  # the rare amenity really takes its own tree
    needs_choices = [
        frozenset(),
        frozenset({"water"}),
        frozenset({"water", "microwave"}),
        frozenset({RARE}),
        frozenset({RARE, "water"}),
        frozenset({"battery_swap", "first_aid"}),
    ]
    for lat, lon, kwargs in random_queries(2, needs_choices):
        want = brute_force_search(index, lat, lon, **kwargs)
        same_answer(index.search(lat, lon, **kwargs), want)
        exact = index.search(lat, lon, exact_total=True, **kwargs)
        assert exact.total_exact and exact.total_open == want.total_open


def test_hits_are_open_ordered_and_inside_the_radius(
    big: tuple[list[StationRecord], StationIndex],
) -> None:
    records, index = big
    now = MONDAY + timedelta(days=2, hours=15)
    needs = frozenset({"water", "charging"})
    result = index.search(30.42, 120.30, needs=needs, now=now, radius_m=2000, limit=10)
    assert len(result.hits) == 10 and result.has_more
    distances = [hit.distance_m for hit in result.hits]
    assert distances == sorted(distances) and distances[-1] <= 2000
    for hit in result.hits:
        record = records[hit.index]
        assert hit.record is record and needs <= record.amenities
        assert hit.open_now and record.hours.is_open(now)
        assert hit.distance_m == pytest.approx(haversine_m(30.42, 120.30, record.lat, record.lon))
        assert hit.walk_minutes == walk_minutes(hit.distance_m)
        assert hit.closes_at == record.hours.closes_at(now)
        assert hit.next_open == now


def test_pages_cover_the_radius_without_gaps_or_repeats(
    big: tuple[list[StationRecord], StationIndex],
) -> None:
    _, index = big
    now = MONDAY + timedelta(days=4, hours=10)
    args = dict(needs=frozenset({"water"}), now=now, radius_m=1500.0, limit=4)
    full = brute_force_search(index, 30.43, 120.31, **{**args, "limit": 10_000})  # type: ignore[arg-type]
    seen: list[int] = []
    offset = 0
    while True:
        page = index.search(30.43, 120.31, offset=offset, **args)  # type: ignore[arg-type]
        seen += [hit.index for hit in page.hits]
        offset += 4
        if not page.has_more:
            break
    assert seen == [hit.index for hit in full.hits] and len(seen) > 8
    assert page.total_exact and page.total_open == len(seen)


def test_rare_amenity_beyond_the_first_neighbours_is_found() -> None:
    records = random_records(4000, seed=3, spread_deg=0.01)
    records = [
        make_record(r_i, r.lat, r.lon, OpeningHours.always(), r.amenities - {RARE})
        for r_i, r in enumerate(records)
    ]
    far = make_record(len(records), 30.42 + 0.05, 120.30, OpeningHours.always(), frozenset({RARE}))
    index = StationIndex.build([*records, far])
    result = index.search(
        30.42, 120.30, needs=frozenset({RARE}), now=MONDAY, radius_m=10_000, limit=5
    )
    assert [hit.index for hit in result.hits] == [len(records)]
    assert result.total_exact and result.total_open == 1 and not result.has_more
    none = index.search(30.42, 120.30, needs=frozenset({RARE}), now=MONDAY, radius_m=3_000, limit=5)
    assert none.hits == () and none.nearest_closed == () and none.total_open == 0


def test_nothing_open_nearby_lists_the_nearest_closed_with_opening_times() -> None:
    day_only = parse_hours("9:00-21:00")
    records = [
        make_record(0, 30.420, 120.300, day_only, frozenset({"water"})),
        make_record(1, 30.425, 120.300, day_only, frozenset({"water"})),
        make_record(2, 30.421, 120.300, parse_hours("周六 10:00-16:00"), frozenset({"water"})),
        make_record(3, 30.420, 120.301, OpeningHours.always(), frozenset()),  # lacks water
    ]
    index = StationIndex.build(records)
    night = MONDAY + timedelta(days=2, hours=23)
    result = index.search(
        30.42, 120.30, needs=frozenset({"water"}), now=night, radius_m=2000, limit=5
    )
    assert result.hits == () and result.total_open == 0 and result.total_exact
    assert [hit.index for hit in result.nearest_closed] == [0, 2, 1]
    first, saturday, _ = result.nearest_closed
    assert not first.open_now and first.closes_at is None
    assert first.next_open == MONDAY + timedelta(days=3, hours=9)
    assert saturday.next_open == MONDAY + timedelta(days=5, hours=10)
    anything = index.search(30.42, 120.30, needs=frozenset(), now=night, radius_m=2000, limit=5)
    assert [hit.index for hit in anything.hits] == [3] and anything.nearest_closed == ()


def test_python_fallback_for_many_schedules_gives_the_same_answers(
    big: tuple[list[StationRecord], StationIndex],
) -> None:
    records, index = big
    slow = StationIndex(
        records,
        np.array([r.lat for r in records]),
        np.array([r.lon for r in records]),
        index._masks,
        index._hours_ids,
        index._hours_table,
        bitmap_max_bytes=0,
    )
    assert slow._hours_bits is None and index._hours_bits is not None
    rng = random.Random(5)
    for _ in range(40):
        now = MONDAY + timedelta(minutes=rng.randrange(7 * 24 * 60))
        args = dict(needs=frozenset({"water"}), now=now, radius_m=3000.0, limit=5)
        lat, lon = 30.42 + rng.uniform(-0.05, 0.05), 120.30 + rng.uniform(-0.05, 0.05)
        same_answer(slow.search(lat, lon, **args), index.search(lat, lon, **args))  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(search_cases)
def test_hypothesis_index_equals_brute_force(case: SearchCase) -> None:
    assert_equals_brute_force(StationIndex.build, case)


def test_bad_arguments() -> None:
    index = StationIndex.build(random_records(10, seed=4))
    with pytest.raises(ValueError):
        index.search(30.42, 120.3, needs=frozenset({"sauna"}), now=MONDAY, radius_m=1000, limit=5)
    with pytest.raises(ValueError):
        index.search(
            30.42, 120.3, needs=frozenset(), now=datetime(2025, 7, 14), radius_m=1000, limit=5
        )
    with pytest.raises(ValueError):
        index.search(30.42, 120.3, needs=frozenset(), now=MONDAY, radius_m=0, limit=5)


def test_empty_index() -> None:
    index = StationIndex.build([])
    result = index.search(30.42, 120.3, needs=frozenset(), now=MONDAY, radius_m=1000, limit=5)
    assert result == SearchResult((), (), 0, True, False)

"""Station search: the k-d tree answer must equal a full haversine scan."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.stations.amenities import AMENITY_CODES
from bot.stations.geo import haversine_m, walk_minutes
from bot.stations.hours import SHANGHAI, OpeningHours, parse_hours
from bot.stations.index import SearchResult, StationIndex, brute_force_search
from bot.stations.model import StationRecord

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


@pytest.fixture(scope="module")
def big() -> tuple[list[StationRecord], StationIndex]:
    records = random_records(3000, seed=1)
    return records, StationIndex.build(records)


def test_index_equals_brute_force_on_random_queries(
    big: tuple[list[StationRecord], StationIndex],
) -> None:
    _, index = big
    assert RARE in index.rare_amenities  # the rare amenity really takes its own tree
    rng = random.Random(2)
    needs_choices = [
        frozenset(),
        frozenset({"water"}),
        frozenset({"water", "microwave"}),
        frozenset({RARE}),
        frozenset({RARE, "water"}),
        frozenset({"battery_swap", "first_aid"}),
    ]
    for _ in range(250):
        lat, lon = 30.42 + rng.uniform(-0.1, 0.1), 120.30 + rng.uniform(-0.1, 0.1)
        now = MONDAY + timedelta(minutes=rng.randrange(7 * 24 * 60))
        kwargs = dict(
            needs=rng.choice(needs_choices),
            now=now,
            radius_m=rng.choice([300.0, 1500.0, 5000.0, 30000.0]),
            limit=rng.choice([1, 5, 10]),
            offset=rng.choice([0, 0, 5, 20]),
        )
        want = brute_force_search(index, lat, lon, **kwargs)  # type: ignore[arg-type]
        same_answer(index.search(lat, lon, **kwargs), want)  # type: ignore[arg-type]
        exact = index.search(lat, lon, exact_total=True, **kwargs)  # type: ignore[arg-type]
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


@settings(max_examples=60, deadline=None)
@given(
    station_sets,
    st.integers(0, 7 * 24 * 60 - 1),
    st.frozensets(st.sampled_from(("water", "microwave", RARE)), max_size=2),
    st.integers(0, 6),
    st.sampled_from([100.0, 1000.0, 5000.0]),
)
def test_hypothesis_index_equals_brute_force(
    stations: list[tuple[float, float, int, frozenset[str]]],
    minute: int,
    needs: frozenset[str],
    offset: int,
    radius_m: float,
) -> None:
    records = [
        make_record(i, lat, lon, SCHEDULES[h], amenities)
        for i, (lat, lon, h, amenities) in enumerate(stations)
    ]
    index = StationIndex.build(records)
    now = MONDAY + timedelta(minutes=minute)
    args = dict(needs=needs, now=now, radius_m=radius_m, limit=3, offset=offset)
    for lat, lon in ((30.0, 120.0), (30.001, 120.015)):
        want = brute_force_search(index, lat, lon, **args)  # type: ignore[arg-type]
        same_answer(index.search(lat, lon, **args), want)  # type: ignore[arg-type]


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

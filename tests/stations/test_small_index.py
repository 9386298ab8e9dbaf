"""Small registries are searched by a Python scan: the same answers as a full haversine
scan, and no numpy in the process."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from bot.stations.geo import haversine_m
from bot.stations.index import StationIndex, brute_force_search
from bot.stations.model import StationRecord
from bot.stations.search import SMALL_BELOW, SmallIndex, build_index
from tests.stations.test_boundaries import loaded_after
from tests.support.stations import (
    MONDAY,
    RARE,
    SCHEDULES,
    SearchCase,
    assert_equals_brute_force,
    make_record,
    random_queries,
    random_records,
    same_answer,
    search_cases,
)


@pytest.fixture(scope="module")
def county() -> list[StationRecord]:
    return random_records(SMALL_BELOW - 1, seed=11)


def test_small_registries_get_the_scan_and_large_ones_the_numpy_index(
    county: list[StationRecord],
) -> None:
    assert isinstance(build_index(county), SmallIndex)
    assert isinstance(build_index([]), SmallIndex)
    extra = random_records(1, seed=12)
    assert isinstance(build_index([*county, *extra]), StationIndex)


def test_scan_equals_brute_force_on_random_queries(county: list[StationRecord]) -> None:
    index, reference = SmallIndex(county), StationIndex.build(county)
    needs_choices = [frozenset(), frozenset({"water"}), frozenset({"water", "microwave"}),
                     frozenset({RARE}), frozenset({"battery_swap", "first_aid"})]
    for lat, lon, args in random_queries(13, needs_choices):
        got = index.search(lat, lon, **args)
        assert got.total_exact
        same_answer(got, brute_force_search(reference, lat, lon, **args))


def test_stations_on_the_edge_of_the_radius() -> None:
    # Due north (latitude band) and due east (chord cut) of the member, about 5 km away;
    # radii a hair under and over each distance (not exactly at it: there the last bit of
    # two sine implementations would decide).
    here = (30.42, 120.30)
    north = make_record(0, here[0] + 0.045, here[1], SCHEDULES[0], frozenset())
    east = make_record(1, here[0], here[1] + 0.052, SCHEDULES[0], frozenset())
    index, reference = SmallIndex([north, east]), StationIndex.build([north, east])
    for record in (north, east):
        edge = haversine_m(*here, record.lat, record.lon)
        for radius in (edge * (1 - 1e-12), edge * (1 + 1e-12), edge - 1e-3):
            args = dict(needs=frozenset(), now=MONDAY, radius_m=radius, limit=5)
            want = brute_force_search(reference, *here, **args)  # type: ignore[arg-type]
            same_answer(index.search(*here, **args), want)  # type: ignore[arg-type]
        inside = index.search(*here, needs=frozenset(), now=MONDAY, radius_m=edge * (1 + 1e-12),
                              limit=5)
        assert record in [hit.record for hit in inside.hits]


@settings(max_examples=80, deadline=None)
@given(search_cases)
def test_hypothesis_scan_equals_brute_force(case: SearchCase) -> None:
    assert_equals_brute_force(SmallIndex, case)


def test_bad_arguments_are_refused_as_by_every_index(county: list[StationRecord]) -> None:
    index = SmallIndex(county[:10])
    with pytest.raises(ValueError):
        index.search(30.42, 120.3, needs=frozenset({"sauna"}), now=MONDAY, radius_m=1000, limit=5)
    with pytest.raises(ValueError):
        index.search(30.42, 120.3, needs=frozenset(), now=MONDAY, radius_m=0, limit=5)


def test_searching_a_small_registry_imports_no_numpy() -> None:
    statement = ("from pathlib import Path; from bot.stations.importer import parse_stations; "
                 "from bot.stations.search import build_index; "
                 "from bot.stations.hours import SHANGHAI; import datetime; "
                 "rows = parse_stations(Path('bot/data/stations_sample.csv')).rows; "
                 "index = build_index([r for _, r in rows]); "
                 "index.search(30.42, 120.3, needs=frozenset({'water'}), radius_m=5000, limit=5, "
                 "now=datetime.datetime(2025, 7, 14, tzinfo=SHANGHAI))")
    assert not loaded_after(statement) & {"numpy", "scipy"}

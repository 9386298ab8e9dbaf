"""The shipped sample registry imports cleanly and serves the demo searches."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.stations.geo import gcj02_to_wgs84, haversine_m
from bot.stations.hours import SHANGHAI, parse_hours
from bot.stations.importer import ImportResult, parse_stations
from bot.stations.index import StationIndex
from bot.stations.model import StationRecord

SAMPLE = Path(__file__).resolve().parents[2] / "bot" / "data" / "stations_sample.csv"
WEDNESDAY_AFTERNOON = datetime(2025, 7, 16, 15, 0, tzinfo=SHANGHAI)
LINPING_CENTRE = gcj02_to_wgs84(30.4190, 120.2990)
DINGHAI_CENTRE = gcj02_to_wgs84(30.0260, 122.1080)


@pytest.fixture(scope="module")
def imported() -> ImportResult:
    return parse_stations(SAMPLE)


@pytest.fixture(scope="module")
def records(imported: ImportResult) -> list[StationRecord]:
    return [record for _, record in imported.rows]


def test_sample_imports_without_rejections(imported: ImportResult) -> None:
    assert imported.rejected == []
    assert 60 <= len(imported.rows) <= 120


def test_sample_is_marked_as_sample(records: list[StationRecord]) -> None:
    assert all(record.sample for record in records)
    assert all("示例" in record.name and "示例" in record.host for record in records)


def test_dinghai_workers_station_as_reported(records: list[StationRecord]) -> None:
    [station] = [r for r in records if r.name.startswith("定海劳动者驿站")]
    assert (station.city, station.district) == ("舟山市", "定海区")
    assert "东门交通综合体" in station.address and "40" in station.address
    assert station.hours == parse_hours("9:00-21:00")
    assert {
        "ac",
        "microwave",
        "fridge",
        "water",
        "first_aid",
        "wifi",
        "charging",
        "join_union",
    } <= station.amenities


def test_sample_spans_the_cities_and_coordinate_systems(records: list[StationRecord]) -> None:
    cities = {record.city for record in records}
    expected = "舟山市 杭州市 湖州市 台州市 景德镇市 哈尔滨市 长沙市 深圳市 北京市 上海市".split()
    assert set(expected) <= cities
    crs_column = [line.split(",")[8] for line in SAMPLE.read_text("utf-8").splitlines()[1:]]
    assert {value.lower().replace("-", "") for value in crs_column} == {"gcj02", "wgs84", "bd09"}
    assert crs_column.count("gcj02") > len(crs_column) / 2
    linping = [r for r in records if r.district == "临平区"]
    assert sum("battery_swap" in r.amenities for r in linping) >= 3
    assert sum("fridge" in r.amenities for r in linping) >= 5
    hours = {record.hours.to_text() for record in records}
    assert {"24h", "20:00-06:00", "08:00-12:00,14:00-22:00"} <= hours


@pytest.mark.parametrize("centre", [LINPING_CENTRE, DINGHAI_CENTRE])
def test_dense_clusters_page(records: list[StationRecord], centre: tuple[float, float]) -> None:
    near = [r for r in records if haversine_m(*centre, r.lat, r.lon) <= 3000]
    assert len(near) >= 12
    index = StationIndex.build(records)
    anytime = WEDNESDAY_AFTERNOON
    first = index.search(*centre, needs=frozenset(), now=anytime, radius_m=3000, limit=5)
    second = index.search(*centre, needs=frozenset(), now=anytime, radius_m=3000, limit=5, offset=5)
    assert len(first.hits) == 5 and first.has_more and len(second.hits) >= 1
    assert not {h.index for h in first.hits} & {h.index for h in second.hits}


def test_linping_battery_swap_at_night(records: list[StationRecord]) -> None:
    index = StationIndex.build(records)
    night = WEDNESDAY_AFTERNOON + timedelta(hours=12)  # Thursday 03:00
    result = index.search(
        *LINPING_CENTRE, needs=frozenset({"battery_swap"}), now=night, radius_m=5000, limit=5
    )
    for hit in result.hits + result.nearest_closed:
        assert "battery_swap" in hit.record.amenities and hit.record.district == "临平区"
        assert hit.record.hours.is_open(night) == hit.open_now
    assert result.hits or result.nearest_closed

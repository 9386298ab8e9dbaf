"""Coordinate systems, the China outline, distances and Amap links."""

from __future__ import annotations

import math
import random
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.stations.geo import (
    WALK_DETOUR_FACTOR,
    WALK_SPEED_M_PER_MIN,
    Crs,
    amap_marker_url,
    bd09_to_gcj02,
    bd09_to_wgs84,
    from_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    haversine_m,
    in_china,
    parse_crs,
    to_wgs84,
    walk_minutes,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

# Reference values published with coordtransform (test/app.js), input lon 116.404, lat 39.915.
REF_LAT, REF_LON = 39.915, 116.404


def test_wgs_to_gcj_matches_the_published_reference() -> None:
    lat, lon = wgs84_to_gcj02(REF_LAT, REF_LON)
    assert lat == pytest.approx(39.91640428150164, abs=1e-12)
    assert lon == pytest.approx(116.41024449916938, abs=1e-12)


def test_gcj_to_bd_matches_the_published_reference() -> None:
    lat, lon = gcj02_to_bd09(REF_LAT, REF_LON)
    assert lat == pytest.approx(39.92133699351021, abs=1e-12)
    assert lon == pytest.approx(116.41036949371029, abs=1e-12)


def test_bd_to_gcj_is_close_to_the_closed_form_and_exact_on_round_trip() -> None:
    lat, lon = bd09_to_gcj02(REF_LAT, REF_LON)
    # The published closed form gives (39.90865673957631, 116.39762729119315); ours
    # iterates, so it differs by well under a metre but round-trips exactly.
    assert haversine_m(lat, lon, 39.90865673957631, 116.39762729119315) < 1.0
    back = gcj02_to_bd09(lat, lon)
    assert haversine_m(*back, REF_LAT, REF_LON) < 0.01


def test_gcj_to_wgs_inverts_the_reference_to_a_centimetre() -> None:
    lat, lon = gcj02_to_wgs84(39.91640428150164, 116.41024449916938)
    assert haversine_m(lat, lon, REF_LAT, REF_LON) < 0.01
    # The one-step inverse most snippets use misses by centimetres to metres; ours does not.
    one_step = (39.91359571849836, 116.39775550083061)  # coordtransform's gcj02towgs84
    exact = gcj02_to_wgs84(REF_LAT, REF_LON)
    assert haversine_m(*wgs84_to_gcj02(*exact), REF_LAT, REF_LON) < 0.005
    assert haversine_m(*wgs84_to_gcj02(*one_step), REF_LAT, REF_LON) > 0.03


def test_beijing_offset_is_about_half_a_kilometre() -> None:
    lat, lon = 39.9087, 116.3975  # Tian'anmen
    offset = haversine_m(lat, lon, *wgs84_to_gcj02(lat, lon))
    assert 450 < offset < 650  # measured 555 m in Beijing


def test_round_trips_stay_under_a_metre_across_china() -> None:
    rng = random.Random(7)
    checked = 0
    while checked < 300:
        lat, lon = rng.uniform(18, 53), rng.uniform(74, 134)
        if not in_china(lat, lon):
            continue
        checked += 1
        assert haversine_m(lat, lon, *gcj02_to_wgs84(*wgs84_to_gcj02(lat, lon))) < 0.05
        assert haversine_m(lat, lon, *bd09_to_wgs84(*wgs84_to_bd09(lat, lon))) < 0.05
        for crs in Crs:
            assert haversine_m(lat, lon, *to_wgs84(*from_wgs84(lat, lon, crs), crs)) < 0.05
        shift = haversine_m(lat, lon, *wgs84_to_gcj02(lat, lon))
        assert 0 < shift < 1000


def test_no_gcj_offset_outside_china() -> None:
    tokyo = (35.6812, 139.7671)
    assert wgs84_to_gcj02(*tokyo) == tokyo
    assert gcj02_to_wgs84(*tokyo) == tokyo


@pytest.mark.parametrize(
    ("place", "lat", "lon"),
    [
        ("Beijing", 39.9087, 116.3975),
        ("Shanghai", 31.2304, 121.4737),
        ("Dinghai, Zhoushan", 30.0177, 122.1127),
        ("Linping, Hangzhou", 30.4190, 120.2990),
        ("Shenzhen", 22.5431, 114.0579),
        ("Harbin", 45.7567, 126.6424),
        ("Sanya, Hainan", 18.2528, 109.5119),
        ("Mohe", 52.9723, 122.5386),
        ("Heihe", 50.2450, 127.4900),
        ("Fuyuan", 48.3647, 134.2900),
        ("Hunchun", 42.8680, 130.3570),
        ("Dandong", 40.1290, 124.3830),
        ("Dongxing", 21.5470, 107.9720),
        ("Hekou", 22.5100, 103.9600),
        ("Ruili", 24.0120, 97.8510),
        ("Yadong", 27.4830, 88.9070),
        ("Zhangmu", 27.9900, 85.9800),
        ("Tashkurgan", 37.7720, 75.2290),
        ("Khorgas", 44.2140, 80.4100),
        ("Altay", 47.8440, 88.1400),
        ("Manzhouli", 49.5980, 117.4330),
        ("Erenhot", 43.6530, 111.9770),
        ("Xiamen", 24.4800, 118.0900),
        ("Hong Kong", 22.2800, 114.1600),
    ],
)
def test_in_china(place: str, lat: float, lon: float) -> None:
    assert in_china(lat, lon), place


@pytest.mark.parametrize(
    ("place", "lat", "lon"),
    [
        ("null island", 0.0, 0.0),
        ("Taipei", 25.0330, 121.5654),
        ("Kaohsiung", 22.6273, 120.3014),
        ("Pyongyang", 39.0392, 125.7625),
        ("Seoul", 37.5665, 126.9780),
        ("Tokyo", 35.6812, 139.7671),
        ("Vladivostok", 43.1155, 131.8855),
        ("Khabarovsk", 48.4802, 135.0719),
        ("Ulaanbaatar", 47.8864, 106.9057),
        ("Almaty", 43.2220, 76.8512),
        ("Bishkek", 42.8746, 74.5698),
        ("Kathmandu", 27.7172, 85.3240),
        ("Thimphu", 27.4728, 89.6390),
        ("Delhi", 28.6139, 77.2090),
        ("Hanoi", 21.0285, 105.8542),
        ("Vientiane", 17.9757, 102.6331),
        ("Manila", 14.5995, 120.9842),
        ("Lisbon", 38.7223, -9.1393),
        ("swapped Beijing", 116.3975, 39.9087),
    ],
)
def test_not_in_china(place: str, lat: float, lon: float) -> None:
    assert not in_china(lat, lon), place


def test_haversine() -> None:
    assert haversine_m(30.0, 120.0, 30.0, 120.0) == 0.0
    one_degree = haversine_m(0.0, 100.0, 1.0, 100.0)
    assert one_degree == pytest.approx(111_195.08, abs=0.01)
    beijing_shanghai = haversine_m(39.9042, 116.4074, 31.2304, 121.4737)
    assert beijing_shanghai == pytest.approx(1_067_000, rel=0.005)
    assert haversine_m(30, 120, 31, 121) == pytest.approx(haversine_m(31, 121, 30, 120))


def test_walk_minutes() -> None:
    assert walk_minutes(0) == 1
    assert walk_minutes(800) == math.ceil(800 * WALK_DETOUR_FACTOR / WALK_SPEED_M_PER_MIN) == 13
    assert walk_minutes(1000) > walk_minutes(500)


def test_amap_marker_url_uses_gcj02_and_encodes_the_name() -> None:
    lat, lon = 30.0153, 122.1083
    url = amap_marker_url(lat, lon, "定海劳动者驿站 A&B")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "uri.amap.com", "/marker")
    query = parse_qs(parts.query)
    assert query["name"] == ["定海劳动者驿站 A&B"]
    assert query["coordinate"] == ["gaode"]
    gcj_lat, gcj_lon = wgs84_to_gcj02(lat, lon)
    assert query["position"] == [f"{gcj_lon:.6f},{gcj_lat:.6f}"]
    assert "&name=%E5%AE%9A" in url and "%26B" in url


@pytest.mark.parametrize(
    ("value", "crs"),
    [
        ("wgs84", Crs.WGS84),
        ("WGS-84", Crs.WGS84),
        ("EPSG:4326", Crs.WGS84),
        ("urn:ogc:def:crs:OGC:1.3:CRS84", Crs.WGS84),
        ("gcj02", Crs.GCJ02),
        ("GCJ-02", Crs.GCJ02),
        (" gcj_02 ", Crs.GCJ02),
        ("bd09", Crs.BD09),
        ("BD-09", Crs.BD09),
        ("utm50n", None),
        ("", None),
    ],
)
def test_parse_crs(value: str, crs: Crs | None) -> None:
    assert parse_crs(value) is crs

"""Chinese map coordinate systems, distances and navigation links.

Phones (and Telegram) report WGS-84; Amap/Tencent maps use GCJ-02, an obfuscated
WGS-84 shifted by up to several hundred metres; Baidu uses BD-09, a further shift of
GCJ-02. Stations are stored in WGS-84; registries are converted on import and links
to Amap are converted back.

The forward formulas are the well-known public ones (as in coordtransform/eviltransform);
the inverses iterate the forward map until it reproduces the input (as prcoords'
"exact" functions do), because the one-step inverse found in most snippets is off by
up to about 4 m for GCJ-02 (measured over China) and 0.2 m for BD-09.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from enum import Enum
from urllib.parse import quote

EARTH_RADIUS_M = 6_371_008.8  # IUGG mean radius: the sphere the haversine distance uses

# GCJ-02 obfuscation constants (Krasovsky 1940 ellipsoid).
_GCJ_A = 6_378_245.0
_GCJ_EE = 0.00669342162296594323
# BD-09 constants.
_BD_X_PI = math.pi * 3000.0 / 180.0
_BD_DLON = 0.0065
_BD_DLAT = 0.006

# An inverse stops when the forward map lands within this many degrees (~1 cm).
_INVERSE_TOLERANCE_DEG = 1e-7
_INVERSE_MAX_STEPS = 30

# Walking estimate shown to riders: straight-line distance times a typical urban
# detour factor (street networks are ~1.2-1.4x longer than the crow flies), at an
# ordinary walking pace. Riders on e-bikes are faster; the bot says "walk".
WALK_DETOUR_FACTOR = 1.3
WALK_SPEED_M_PER_MIN = 80.0  # 4.8 km/h


_Transform = Callable[[float, float], tuple[float, float]]


class Crs(Enum):
    """Coordinate reference systems found in Chinese registries."""

    WGS84 = "wgs84"
    GCJ02 = "gcj02"
    BD09 = "bd09"


_CRS_NAMES: dict[str, Crs] = {
    "wgs84": Crs.WGS84,
    "wgs": Crs.WGS84,
    "epsg:4326": Crs.WGS84,
    "crs84": Crs.WGS84,
    "urn:ogc:def:crs:ogc:1.3:crs84": Crs.WGS84,
    "urn:ogc:def:crs:epsg::4326": Crs.WGS84,
    "gps": Crs.WGS84,
    # CGCS2000 (China's official datum) agrees with WGS-84 to a few centimetres.
    "cgcs2000": Crs.WGS84,
    "epsg:4490": Crs.WGS84,
    "gcj02": Crs.GCJ02,
    "gcj": Crs.GCJ02,
    "gaode": Crs.GCJ02,
    "amap": Crs.GCJ02,
    "火星坐标": Crs.GCJ02,
    "高德": Crs.GCJ02,
    "bd09": Crs.BD09,
    "bd09ll": Crs.BD09,
    "baidu": Crs.BD09,
    "百度": Crs.BD09,
}


def parse_crs(value: str) -> Crs | None:
    """Read a CRS name such as "GCJ-02", "wgs84", "BD-09"; None if not recognised."""
    key = value.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
    return _CRS_NAMES.get(key) or _CRS_NAMES.get(value.strip().lower())


# --- the China outline -----------------------------------------------------------------

# A coarse outline of mainland China (plus Hainan, Hong Kong and Macau), drawn a little
# outside the border so that border towns stay inside. Taiwan is outside (no GCJ
# offset is applied there). (lon, lat) vertices; good to tens of kilometres only.
_CHINA_OUTLINE: tuple[tuple[float, float], ...] = (
    (121.4, 53.9), (124.0, 53.9), (126.3, 53.2), (127.6, 51.2), (128.2, 49.9),
    (130.5, 49.3), (131.0, 48.2), (132.6, 48.1), (134.9, 48.6), (134.6, 47.2),
    (133.6, 45.6), (131.6, 45.3), (131.5, 44.0), (131.2, 43.0), (130.8, 42.2),
    (130.2, 42.5), (129.8, 42.7), (129.0, 41.95), (128.1, 41.9), (128.25, 41.3),
    (127.2, 41.3), (126.0, 40.85), (125.0, 40.3), (124.2, 39.7), (123.3, 39.3),
    (122.2, 38.2), (123.2, 37.3), (123.0, 35.0), (123.4, 31.0), (123.0, 29.0),
    (122.2, 27.6), (120.9, 26.8), (120.2, 25.7), (119.3, 24.4), (117.8, 23.1),
    (116.6, 22.4), (114.6, 21.9), (113.4, 21.8), (111.8, 21.2), (111.3, 20.0),
    (111.2, 18.8), (110.0, 17.9), (108.9, 18.0), (108.4, 18.7), (108.4, 20.0),
    (108.9, 21.2), (108.1, 21.4), (107.4, 21.5), (106.6, 21.9), (106.5, 22.5),
    (105.6, 23.0), (104.6, 22.7), (103.9, 22.4), (102.9, 22.4), (102.1, 21.9),
    (101.6, 21.0), (100.6, 21.3), (99.8, 21.6), (99.2, 22.0), (98.9, 23.0),
    (98.5, 23.8), (97.5, 23.8), (97.4, 24.9), (98.0, 25.7), (98.5, 26.5),
    (98.4, 27.8), (97.5, 28.2), (96.6, 28.9), (95.5, 29.1), (94.0, 28.7),
    (92.0, 27.8), (89.8, 28.1), (89.1, 27.2), (88.6, 27.5), (88.5, 28.0),
    (87.5, 27.8), (86.0, 27.8), (85.1, 28.2), (84.1, 28.5), (83.0, 29.1),
    (81.5, 30.0), (80.2, 30.5), (78.8, 31.0), (78.5, 32.4), (79.4, 32.8),
    (78.2, 34.4), (77.9, 35.6), (76.3, 35.9), (75.2, 36.6), (74.5, 37.1),
    (74.8, 38.3), (73.5, 38.7), (73.3, 39.6), (74.3, 40.5), (75.8, 40.4),
    (77.5, 40.9), (79.0, 41.7), (80.2, 42.1), (80.0, 43.2), (80.2, 44.3),
    (80.4, 45.1), (82.2, 45.2), (82.4, 45.8), (82.7, 47.3), (85.5, 47.1),
    (86.2, 48.5), (87.1, 49.3), (88.3, 48.6), (90.3, 48.1), (90.8, 46.6),
    (91.0, 45.2), (93.5, 45.1), (95.3, 44.4), (96.4, 42.9), (98.0, 42.8),
    (100.8, 42.8), (104.9, 41.8), (107.3, 42.5), (110.2, 42.9), (111.7, 43.8),
    (113.6, 44.9), (116.0, 46.5), (117.4, 46.7), (119.9, 46.6), (119.8, 47.5),
    (118.5, 48.0), (117.4, 47.7), (115.5, 47.8), (116.5, 49.9), (117.9, 49.7),
    (119.2, 50.3), (120.0, 51.6), (120.9, 52.8),
)

_OUTLINE_LON_MIN = min(lon for lon, _ in _CHINA_OUTLINE)
_OUTLINE_LON_MAX = max(lon for lon, _ in _CHINA_OUTLINE)
_OUTLINE_LAT_MIN = min(lat for _, lat in _CHINA_OUTLINE)
_OUTLINE_LAT_MAX = max(lat for _, lat in _CHINA_OUTLINE)


def in_china(lat: float, lon: float) -> bool:
    """Rough test for mainland China: where GCJ-02 applies and where stations can be."""
    if not (
        _OUTLINE_LAT_MIN <= lat <= _OUTLINE_LAT_MAX and _OUTLINE_LON_MIN <= lon <= _OUTLINE_LON_MAX
    ):
        return False
    inside = False
    previous_lon, previous_lat = _CHINA_OUTLINE[-1]
    for vertex_lon, vertex_lat in _CHINA_OUTLINE:
        if (vertex_lat > lat) != (previous_lat > lat):
            crossing = (previous_lon - vertex_lon) * (lat - vertex_lat) / (
                previous_lat - vertex_lat
            ) + vertex_lon
            if lon < crossing:
                inside = not inside
        previous_lon, previous_lat = vertex_lon, vertex_lat
    return inside


# --- GCJ-02 and BD-09 ------------------------------------------------------------------


def _gcj_delta(lat: float, lon: float) -> tuple[float, float]:
    x, y = lon - 105.0, lat - 35.0
    sqrt_abs_x = math.sqrt(abs(x))
    common = (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt_abs_x + common
    d_lat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    d_lat += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2 / 3
    d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt_abs_x + common
    d_lon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    d_lon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    rad_lat = lat / 180.0 * math.pi
    magic = 1.0 - _GCJ_EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_GCJ_A * (1.0 - _GCJ_EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_GCJ_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return d_lat, d_lon


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """WGS-84 -> GCJ-02 (lat, lon); identity outside China, as the maps do."""
    if not in_china(lat, lon):
        return lat, lon
    return _wgs84_to_gcj02_anywhere(lat, lon)


def _wgs84_to_gcj02_anywhere(lat: float, lon: float) -> tuple[float, float]:
    d_lat, d_lon = _gcj_delta(lat, lon)
    return lat + d_lat, lon + d_lon


def _invert(forward: _Transform, lat: float, lon: float) -> tuple[float, float]:
    # Fixed-point iteration: the forward map is a small smooth shift, so subtracting the
    # residual converges in a handful of steps.
    guess_lat, guess_lon = lat, lon
    for _ in range(_INVERSE_MAX_STEPS):
        fwd_lat, fwd_lon = forward(guess_lat, guess_lon)
        err_lat, err_lon = fwd_lat - lat, fwd_lon - lon
        if abs(err_lat) < _INVERSE_TOLERANCE_DEG and abs(err_lon) < _INVERSE_TOLERANCE_DEG:
            break
        guess_lat -= err_lat
        guess_lon -= err_lon
    return guess_lat, guess_lon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """GCJ-02 -> WGS-84 by iteration, to about a centimetre."""
    # Decide "in China" on the WGS-84 side, where the forward map decided it; otherwise a
    # point near the outline could be shifted out on the way there and not back.
    wgs = _invert(_wgs84_to_gcj02_anywhere, lat, lon)
    return wgs if in_china(*wgs) else (lat, lon)


def gcj02_to_bd09(lat: float, lon: float) -> tuple[float, float]:
    """GCJ-02 -> BD-09 (Baidu); applied everywhere, like Baidu does."""
    z = math.hypot(lon, lat) + 0.00002 * math.sin(lat * _BD_X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _BD_X_PI)
    return z * math.sin(theta) + _BD_DLAT, z * math.cos(theta) + _BD_DLON


def bd09_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """BD-09 -> GCJ-02 by iteration (the usual closed form is off by up to ~0.2 m)."""
    return _invert(gcj02_to_bd09, lat, lon)


def wgs84_to_bd09(lat: float, lon: float) -> tuple[float, float]:
    return gcj02_to_bd09(*wgs84_to_gcj02(lat, lon))


def bd09_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    return gcj02_to_wgs84(*bd09_to_gcj02(lat, lon))


def to_wgs84(lat: float, lon: float, crs: Crs) -> tuple[float, float]:
    if crs is Crs.WGS84:
        return lat, lon
    if crs is Crs.GCJ02:
        return gcj02_to_wgs84(lat, lon)
    return bd09_to_wgs84(lat, lon)


def from_wgs84(lat: float, lon: float, crs: Crs) -> tuple[float, float]:
    if crs is Crs.WGS84:
        return lat, lon
    if crs is Crs.GCJ02:
        return wgs84_to_gcj02(lat, lon)
    return wgs84_to_bd09(lat, lon)


# --- distances and links ---------------------------------------------------------------


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres on the mean-radius sphere."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def walk_minutes(distance_m: float) -> int:
    """Estimated walking minutes for a straight-line distance (at least 1)."""
    return max(1, math.ceil(distance_m * WALK_DETOUR_FACTOR / WALK_SPEED_M_PER_MIN))


def amap_marker_url(lat_wgs: float, lon_wgs: float, name: str) -> str:
    """Amap marker link; Amap expects GCJ-02 ("coordinate=gaode")."""
    lat, lon = wgs84_to_gcj02(lat_wgs, lon_wgs)
    return (
        f"https://uri.amap.com/marker?position={lon:.6f},{lat:.6f}"
        f"&name={quote(name, safe='')}&coordinate=gaode"
    )



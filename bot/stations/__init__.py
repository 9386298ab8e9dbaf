"""Rest stations (驿站): registry import, opening hours, coordinates and nearest search.

Pure domain code: no Telegram library, no database. The search indexes live in
`bot.stations.search` (and the numpy one in `bot.stations.index`) and are not
re-exported here, so that importing the registry tools does not pull in numpy or
scipy; the importer is loaded on first use, since a running bot only needs it to
seed a new database.
"""

from typing import Any

from bot.stations.amenities import AMENITY_CODES, RIDER_NEEDS, AmenityError, parse_amenities
from bot.stations.geo import Crs, amap_marker_url, haversine_m, in_china, walk_minutes
from bot.stations.hours import SHANGHAI, HoursError, OpeningHours, parse_hours
from bot.stations.model import StationRecord

_IMPORTER = ("ImportResult", "Rejection", "parse_stations")


def __getattr__(name: str) -> Any:
    if name in _IMPORTER:
        from bot.stations import importer

        return getattr(importer, name)
    raise AttributeError(f"module 'bot.stations' has no attribute {name!r}")


__all__ = [
    "AMENITY_CODES",
    "RIDER_NEEDS",
    "SHANGHAI",
    "AmenityError",
    "Crs",
    "HoursError",
    "ImportResult",
    "OpeningHours",
    "Rejection",
    "StationRecord",
    "amap_marker_url",
    "haversine_m",
    "in_china",
    "parse_amenities",
    "parse_hours",
    "parse_stations",
    "walk_minutes",
]

"""Rest stations (驿站): registry import, opening hours, coordinates and nearest search.

Pure domain code: no Telegram library, no database. The search index lives in
`bot.stations.index` and is not re-exported here, so that importing the registry
tools does not pull in scipy.
"""

from bot.stations.amenities import AMENITY_CODES, RIDER_NEEDS, AmenityError, parse_amenities
from bot.stations.geo import Crs, amap_marker_url, haversine_m, in_china, walk_minutes
from bot.stations.hours import SHANGHAI, HoursError, OpeningHours, parse_hours
from bot.stations.importer import ImportResult, Rejection, parse_stations
from bot.stations.model import StationRecord

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

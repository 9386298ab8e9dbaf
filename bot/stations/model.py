"""A rest station (驿站) as the registry describes it, after import checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.stations.hours import OpeningHours


@dataclass(frozen=True, slots=True)
class StationRecord:
    """One checked registry row. Coordinates are always WGS-84, whatever the file used."""

    code: str
    name: str
    province: str
    city: str
    district: str
    address: str
    lat: float
    lon: float
    hours: OpeningHours
    amenities: frozenset[str]
    host: str = ""
    star: int | None = None
    phone: str = ""
    verified: date | None = None
    sample: bool = False

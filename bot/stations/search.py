"""The search index the bot uses, sized to the registry.

A county keeps tens to a few hundred stations (the shipped sample has 93). For those a
plain Python scan of a latitude band answers in well under a millisecond, and the
process never imports numpy (≈ 0.1 s and ≈ 10 MiB of every start,
bench/bench_startup.py). Larger registries get the numpy index of bot/stations/index.py
(a vectorised scan, then scipy's k-d tree from 20,000 stations on). Every index answers
in exact great-circle order, ties by position (tests/stations compare each with a full
haversine scan).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.stations.geo import EARTH_RADIUS_M
from bot.stations.hours import OpeningHours, minute_of_week
from bot.stations.model import StationRecord
from bot.stations.results import (
    SearchResult,
    StationHit,
    check_paging,
    make_hits,
    needs_mask,
)

# Below this many stations the Python scan. A 5 km query, measured on the loaded 2-core
# machine: 1,000 stations in one 18 km cluster 0.7 ms (numpy 0.3 ms), spread over 60 km
# 0.2 ms (numpy 0.3 ms); at 2,000 in one cluster 1.4 ms, and numpy's import pays off.
SMALL_BELOW = 1_000


class Index(Protocol):
    """What the bot asks of a station index."""

    records: Sequence[StationRecord]

    def __len__(self) -> int: ...

    def search(self, lat: float, lon: float, *, needs: frozenset[str], now: datetime,
               radius_m: float, limit: int, offset: int = 0,
               exact_total: bool = False) -> SearchResult: ...


def build_index(records: Sequence[StationRecord]) -> Index:
    """The index for these checked records (coordinates already WGS-84)."""
    if len(records) < SMALL_BELOW:
        return SmallIndex(records)
    from bot.stations.index import StationIndex  # numpy, scipy from 20,000 stations

    return StationIndex.build(records)


_Row = tuple[int, float, float, float, float, float, float, frozenset[str], OpeningHours]


def _row(position: int, record: StationRecord) -> _Row:
    phi, lam = math.radians(record.lat), math.radians(record.lon)
    cos_phi = math.cos(phi)
    return (position, cos_phi * math.cos(lam), cos_phi * math.sin(lam), math.sin(phi),
            phi, lam, cos_phi, record.amenities, record.hours)


class SmallIndex:
    """Immutable scan index: stations sorted by latitude, so a query looks only at the
    band of latitudes its radius can reach (no point of the sphere within d metres of
    the member is more than d / R radians of latitude away), then measures each exactly."""

    def __init__(self, records: Sequence[StationRecord]) -> None:
        self.records = records
        order = sorted(range(len(records)), key=lambda i: records[i].lat)
        self._order = order
        self._lats = [records[i].lat for i in order]
        # Per station, in latitude order: position, the unit vector (for a cheap first
        # cut by chord), latitude and longitude in radians and cos(latitude) (for the
        # exact distance), amenities, opening hours.
        self._rows = [_row(i, records[i]) for i in order]

    def __len__(self) -> int:
        return len(self.records)

    @property
    def rare_amenities(self) -> frozenset[str]:
        return frozenset()  # no per-amenity trees: every query scans its band

    def search(
        self,
        lat: float,
        lon: float,
        *,
        needs: frozenset[str],
        now: datetime,
        radius_m: float,
        limit: int,
        offset: int = 0,
        exact_total: bool = False,
    ) -> SearchResult:
        """Open stations with every amenity in `needs` within `radius_m`, nearest first.
        The whole radius is always read, so `total_open` is always exact."""
        needs_mask(needs)  # unknown codes are an error, as in every index
        check_paging(radius_m, limit, offset)
        minute = minute_of_week(now)
        # The band, widened a hair so rounding never drops a station the distance keeps.
        band = math.degrees(radius_m / EARTH_RADIUS_M) * (1 + 1e-9) + 1e-9
        first = bisect_left(self._lats, lat - band)
        last = bisect_right(self._lats, lat + band)
        phi1, lam1 = math.radians(lat), math.radians(lon)
        cos1 = math.cos(phi1)
        qx, qy, qz = cos1 * math.cos(lam1), cos1 * math.sin(lam1), math.sin(phi1)
        # Chord length grows with arc length; widened so that the exact distance decides.
        chord = 2.0 * math.sin(min(radius_m / EARTH_RADIUS_M, math.pi) / 2) * (1 + 1e-9) + 1e-12
        chord2 = chord * chord
        found: list[tuple[float, int, bool]] = []
        for position, x, y, z, phi2, lam2, cos2, amenities, hours in self._rows[first:last]:
            if (x - qx) ** 2 + (y - qy) ** 2 + (z - qz) ** 2 > chord2:
                continue
            if needs and not needs <= amenities:
                continue
            # The haversine of bot/stations/index.py's reference scan, term for term.
            h = (math.sin((phi2 - phi1) / 2) ** 2
                 + cos1 * cos2 * math.sin((lam2 - lam1) / 2) ** 2)
            distance = 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
            if distance <= radius_m:
                found.append((distance, position, hours.is_open_at_minute(minute)))
        found.sort()
        open_ = [(d, p) for d, p, is_open in found if is_open]
        page = open_[offset:offset + limit]
        hits = self._hits(page, now, minute, open_now=True)
        closed: tuple[StationHit, ...] = ()
        if not open_:
            closed = self._hits([(d, p) for d, p, _ in found[:limit]], now, minute,
                                open_now=False)
        return SearchResult(hits=hits, nearest_closed=closed, total_open=len(open_),
                            total_exact=True, has_more=len(open_) > offset + limit)

    def _hits(self, found: list[tuple[float, int]], now: datetime, minute: int, *,
              open_now: bool) -> tuple[StationHit, ...]:
        positions = [p for _, p in found]
        return make_hits(self.records, [self.records[p].hours for p in positions], positions,
                         [d for d, _ in found], now, minute, open_now=open_now)

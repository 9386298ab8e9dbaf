"""The station registry as the bot uses it: the table, plus an in-memory index kept current.

Every process compares the registry version in the database before a search and
rebuilds its index when another process (or `unionbot stations import`) changed it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.stations.hours import OpeningHours, parse_hours
from bot.stations.model import StationRecord
from bot.stations.search import Index, build_index
from storage import stations as table

if TYPE_CHECKING:
    from bot.stations.importer import ImportResult

log = logging.getLogger(__name__)


def to_row(record: StationRecord) -> dict[str, Any]:
    return {"code": record.code, "name": record.name, "province": record.province,
            "city": record.city, "district": record.district, "address": record.address,
            "lat": round(record.lat, 7), "lon": round(record.lon, 7),
            "hours": record.hours.to_text(), "amenities": ";".join(sorted(record.amenities)),
            "host": record.host, "star": record.star, "phone": record.phone,
            "verified": record.verified, "sample": record.sample}


def from_rows(rows: list[dict[str, Any]]) -> list[StationRecord]:
    """Rows → records, parsing each distinct hours text and amenity list once.

    Registries repeat a handful of opening hours and amenity sets thousands of times;
    parsing each row anew made a 186k-station rebuild take seconds.
    """
    hours = functools.lru_cache(maxsize=None)(parse_hours)
    amenities = functools.lru_cache(maxsize=None)(
        lambda text: frozenset(a for a in text.split(";") if a))
    return [from_row(r, hours, amenities) for r in rows]


def from_row(row: dict[str, Any], hours: Callable[[str], OpeningHours] = parse_hours,
             amenities: Callable[[str], frozenset[str]] | None = None) -> StationRecord:
    split = amenities or (lambda text: frozenset(a for a in text.split(";") if a))
    return StationRecord(
        code=row["code"], name=row["name"], province=row["province"], city=row["city"],
        district=row["district"], address=row["address"], lat=row["lat"], lon=row["lon"],
        hours=hours(row["hours"]),
        amenities=split(row["amenities"]),
        host=row["host"], star=row["star"], phone=row["phone"], verified=row["verified"],
        sample=row["sample"])


@dataclass
class ImportReport:
    parsed: ImportResult
    counts: table.UpsertCounts


class StationDirectory:
    """Holds the current index; rebuilt only when the registry version moved."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.index: Index = build_index([])
        self.by_code: dict[str, StationRecord] = {}
        self.version = -1
        self._lock = asyncio.Lock()

    async def current(self) -> Index:
        async with self.engine.connect() as conn:
            version = await table.version(conn)
        if version != self.version:
            await self.refresh()
        return self.index

    async def refresh(self) -> None:
        async with self._lock:
            async with self.engine.connect() as conn:
                version = await table.version(conn)
                if version == self.version:
                    return
                rows = await table.all_rows(conn)
            records = from_rows(rows)
            self.index = build_index(records)
            self.by_code = {r.code: r for r in records}
            self.version = version
            log.info("station index rebuilt: %d stations, version %d", len(records), version)

    def record(self, code: str) -> StationRecord | None:
        return self.by_code.get(code)

    async def import_file(self, path: Path, crs: str | None, now: datetime) -> ImportReport:
        """Validate every row first; only whole, valid stations reach the table."""
        from bot.stations.importer import parse_stations  # only for an import, not each start

        parsed = parse_stations(path, crs)
        async with self.engine.begin() as conn:
            counts = await table.upsert(conn, (to_row(r) for _, r in parsed.rows), now)
        await self.refresh()
        return ImportReport(parsed, counts)

    async def seed_if_empty(self, path: Path, now: datetime) -> None:
        """A new install starts with the sample registry so the demo has stations."""
        async with self.engine.connect() as conn:
            empty = await table.count(conn) == 0
        if empty and path.exists():
            report = await self.import_file(path, None, now)
            log.info("seeded %d sample stations", report.counts.added)
        else:
            await self.refresh()

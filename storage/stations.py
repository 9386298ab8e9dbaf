"""The station registry table: upsert by code, and a version counter for the indexes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import meta_t, station_t

VERSION_KEY = "stations"
_COMPARED = [c.name for c in station_t.c if c.name not in ("updated_at",)]


@dataclass
class UpsertCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def _same(row: Any, values: dict[str, Any]) -> bool:
    return all(row[name] == values.get(name) for name in _COMPARED)


async def upsert(conn: AsyncConnection, rows: Iterable[dict[str, Any]],
                 now: datetime) -> UpsertCounts:
    """Insert new codes, update changed ones, leave identical rows alone."""
    rows = list(rows)
    counts = UpsertCounts()
    codes = [r["code"] for r in rows]
    existing: dict[str, Any] = {}
    for chunk in range(0, len(codes), 500):
        part = codes[chunk:chunk + 500]
        result = await conn.execute(select(station_t).where(station_t.c.code.in_(part)))
        existing.update({r.code: r._mapping for r in result})
    added = []
    for values in rows:
        old = existing.get(values["code"])
        if old is None:
            added.append({**values, "updated_at": now})
        elif _same(old, values):
            counts.unchanged += 1
        else:
            await conn.execute(update(station_t).where(station_t.c.code == values["code"])
                               .values(**values, updated_at=now))
            counts.updated += 1
    # One executemany: a statement built and run per new station was most of a first
    # start's seeding (bench/bench_startup.py), and of large imports.
    for chunk in range(0, len(added), 500):
        await conn.execute(insert(station_t), added[chunk:chunk + 500])
    counts.added = len(added)
    if counts.added or counts.updated:
        await bump_version(conn)
    return counts


async def bump_version(conn: AsyncConnection) -> None:
    result = await conn.execute(update(meta_t).where(meta_t.c.key == VERSION_KEY)
                                .values(value=meta_t.c.value + 1))
    if result.rowcount == 0:
        await conn.execute(insert(meta_t).values(key=VERSION_KEY, value=1))


async def version(conn: AsyncConnection) -> int:
    value = await conn.scalar(select(meta_t.c.value).where(meta_t.c.key == VERSION_KEY))
    return int(value or 0)


async def count(conn: AsyncConnection) -> int:
    return int(await conn.scalar(select(func.count()).select_from(station_t)) or 0)


async def all_rows(conn: AsyncConnection) -> list[dict[str, Any]]:
    result = await conn.execute(select(station_t).order_by(station_t.c.code))
    return [dict(r._mapping) for r in result]

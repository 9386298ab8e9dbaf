"""Station search benchmark: nearest 5 open stations among 10k / 100k / 1M synthetic ones.

Run from the repo root:  python -m bench.bench_stations [--quick] [--sizes 10000,100000]

Stations are scattered around ~400 synthetic "cities" across China (denser near the
centre, like real registries), with realistic amenity shares (a common filter: microwave
~70 %; an uncommon one: meals ~10 %; a rare one: legal aid ~1 %) and a mix of opening
hours (24 h, daytime, split, overnight, weekdays). Queries come from random points in
those cities at random times of the week, radius 5 km (and 50 km for the rare filter,
so that it finds its 5). Per size it reports the index build time and memory, p50/p99
per query (wall clock and CPU time), and a full numpy haversine scan as the reference
(same run, fewer queries). A few answers are checked against the scan first.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import overload

import numpy as np
import psutil  # type: ignore[import-untyped, unused-ignore]
from numpy.typing import NDArray

from bench.common import machine, percentile, table
from bot.stations.amenities import AMENITY_BIT, AMENITY_CODES
from bot.stations.geo import in_china
from bot.stations.hours import SHANGHAI, OpeningHours, parse_hours
from bot.stations.index import MASK_DTYPE, SearchResult, StationIndex, brute_force_search
from bot.stations.model import StationRecord

SEED = 20250716
CITIES = 400
CITY_SPREAD_KM = 12.0
RADIUS_M = 5000.0
LIMIT = 5
MONDAY = datetime(2025, 7, 14, tzinfo=SHANGHAI)

# Share of stations offering each amenity (the rest get 10 %).
AMENITY_SHARE = {
    "water": 0.95, "charging": 0.90, "rest": 0.85, "microwave": 0.70, "ac": 0.70,
    "toilet": 0.60, "first_aid": 0.60, "wifi": 0.50, "reading": 0.40, "fridge": 0.30,
    "join_union": 0.30, "battery_swap": 0.05, "legal_aid": 0.01, "haircut": 0.02,
}
COMMON_NEED = "microwave"
MIDDLE_NEED = "meals"  # ~10 %: no tree of its own, so the main tree's k widens
RARE_NEED = "legal_aid"
WIDE_RADIUS_M = 50_000.0
HOURS_MIX = {
    "24h": 0.30, "9:00-21:00": 0.25, "8:00-20:00": 0.15, "08:00-12:00,14:00-22:00": 0.10,
    "20:00-06:00": 0.05, "周一至周五 8:30-17:30；周六 9:00-12:00": 0.10, "06:30-20:30": 0.05,
}


@dataclass(frozen=True)
class Synthetic:
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    masks: NDArray[np.uint32]
    hours_ids: NDArray[np.int64]
    hours_table: tuple[OpeningHours, ...]
    city_lat: NDArray[np.float64]
    city_lon: NDArray[np.float64]


class SyntheticRecords(Sequence[StationRecord]):
    """Records made from the synthetic columns, sharing schedules and amenity sets as
    imported records do."""

    def __init__(self, data: Synthetic) -> None:
        self._data = data
        self._codes = list(AMENITY_CODES)
        self._sets: dict[int, frozenset[str]] = {}  # shared, as the importer shares them

    def __len__(self) -> int:
        return len(self._data.lat)

    @overload
    def __getitem__(self, i: int) -> StationRecord: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[StationRecord]: ...
    def __getitem__(self, i: int | slice) -> StationRecord | Sequence[StationRecord]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        d = self._data
        mask = int(d.masks[i])
        amenities = self._sets.get(mask)
        if amenities is None:
            amenities = frozenset(c for c in self._codes if mask & AMENITY_BIT[c])
            self._sets[mask] = amenities
        return StationRecord(
            code=f"B{i}", name=f"基准驿站{i}", province="", city="", district="", address="",
            lat=float(d.lat[i]), lon=float(d.lon[i]),
            hours=d.hours_table[int(d.hours_ids[i])],
            amenities=amenities,
            sample=True,
        )


def synthesise(count: int, rng: np.random.Generator) -> Synthetic:
    city_lat: list[float] = []
    city_lon: list[float] = []
    while len(city_lat) < CITIES:
        lat_c, lon_c = float(rng.uniform(20, 48)), float(rng.uniform(85, 130))
        if in_china(lat_c, lon_c):
            city_lat.append(lat_c)
            city_lon.append(lon_c)
    weights = 1.0 / np.arange(1, CITIES + 1) ** 0.8  # a few big cities, many small ones
    city = rng.choice(CITIES, size=count, p=weights / weights.sum())
    c_lat, c_lon = np.array(city_lat), np.array(city_lon)
    spread = CITY_SPREAD_KM / 111.0
    lat = c_lat[city] + rng.normal(0, spread, count)
    lon = c_lon[city] + rng.normal(0, spread, count) / np.cos(np.radians(c_lat[city]))
    masks: NDArray[np.uint32] = np.zeros(count, dtype=MASK_DTYPE)
    for code, bit in AMENITY_BIT.items():
        share = AMENITY_SHARE.get(code, 0.10)
        masks[rng.random(count) < share] |= MASK_DTYPE(bit)
    texts = list(HOURS_MIX)
    shares = np.array(list(HOURS_MIX.values()))
    hours_ids = rng.choice(len(texts), size=count, p=shares / shares.sum())
    return Synthetic(
        lat, lon, masks, hours_ids, tuple(parse_hours(t) for t in texts), c_lat, c_lon
    )


def rss() -> int:
    gc.collect()
    return int(psutil.Process().memory_info().rss)


@dataclass(frozen=True)
class Scenario:
    label: str
    needs: frozenset[str]
    radius_m: float


SCENARIOS = (
    Scenario("no filter", frozenset(), RADIUS_M),
    Scenario(f"common: {COMMON_NEED} ~70 %", frozenset({COMMON_NEED}), RADIUS_M),
    Scenario(f"uncommon: {MIDDLE_NEED} ~10 %", frozenset({MIDDLE_NEED}), RADIUS_M),
    Scenario(f"rare: {RARE_NEED} ~1 %", frozenset({RARE_NEED}), RADIUS_M),
    Scenario(f"rare: {RARE_NEED} ~1 %", frozenset({RARE_NEED}), WIDE_RADIUS_M),
)


@dataclass(frozen=True)
class Timings:
    wall: list[float]
    cpu: list[float]
    hits: float  # mean hits per query


def time_queries(
    index: StationIndex,
    points: list[tuple[float, float, datetime]],
    scenario: Scenario,
    scan: bool = False,
) -> Timings:
    """Seconds per query: wall clock, and this thread's CPU time (immune to other load)."""

    def search(lat: float, lon: float, now: datetime) -> SearchResult:
        args = dict(needs=scenario.needs, now=now, radius_m=scenario.radius_m, limit=LIMIT)
        if scan:
            return brute_force_search(index, lat, lon, **args)  # type: ignore[arg-type]
        return index.search(lat, lon, **args)  # type: ignore[arg-type]

    for lat, lon, now in points[:20]:  # warm caches and code paths
        search(lat, lon, now)
    wall: list[float] = []
    cpu: list[float] = []
    hits = 0
    for lat, lon, now in points:
        start, start_cpu = time.perf_counter_ns(), time.thread_time_ns()
        result = search(lat, lon, now)
        cpu.append((time.thread_time_ns() - start_cpu) / 1e9)
        wall.append((time.perf_counter_ns() - start) / 1e9)
        hits += len(result.hits)
    return Timings(wall, cpu, hits / max(len(points), 1))


def query_points(
    data: Synthetic, count: int, rng: np.random.Generator
) -> list[tuple[float, float, datetime]]:
    city = rng.integers(0, CITIES, count)
    spread = CITY_SPREAD_KM / 111.0
    lat = data.city_lat[city] + rng.normal(0, spread, count)
    lon = data.city_lon[city] + rng.normal(0, spread, count)
    minutes = rng.integers(0, 7 * 24 * 60, count)
    return [
        (float(a), float(b), MONDAY + timedelta(minutes=int(m)))
        for a, b, m in zip(lat, lon, minutes, strict=True)
    ]


def fmt_time(seconds: float) -> str:
    return f"{seconds * 1e6:.0f} µs" if seconds < 1e-3 else f"{seconds * 1e3:.2f} ms"


def check(index: StationIndex, points: list[tuple[float, float, datetime]]) -> None:
    """The benchmark is only worth reading if the fast answers are the right ones."""
    for scenario in SCENARIOS:
        for lat, lon, now in points:
            args = dict(needs=scenario.needs, now=now, radius_m=scenario.radius_m, limit=LIMIT)
            fast = index.search(lat, lon, **args)  # type: ignore[arg-type]
            slow = brute_force_search(index, lat, lon, **args)  # type: ignore[arg-type]
            if [h.index for h in fast.hits] != [h.index for h in slow.hits]:
                raise AssertionError(f"index and scan disagree: {lat}, {lon}, {scenario}")


def run(
    size: int, queries: int, scans: int, rng: np.random.Generator
) -> tuple[list[object], list[list[object]]]:
    """(build row, one latency row per scenario) for one registry size."""
    data = synthesise(size, rng)
    records = SyntheticRecords(data)[:]  # made outside the timers: that is the registry's cost
    before = rss()
    start = time.perf_counter()
    index = StationIndex.build(records)
    build_s = time.perf_counter() - start
    memory = rss() - before
    start = time.perf_counter()
    StationIndex(records, data.lat, data.lon, data.masks, data.hours_ids, data.hours_table)
    columns_s = time.perf_counter() - start
    build_row: list[object] = [
        f"{size:,}",
        f"{build_s:.2f} s",
        f"{columns_s:.2f} s",
        f"{memory / 2**20:.0f} MiB",
        f"{memory / size:.0f}",
        ", ".join(sorted(index.rare_amenities)),
    ]
    points = query_points(data, queries, rng)
    check(index, points[:5])
    # All index timings first: a full scan between them would flush the caches they use.
    fast_timings = [time_queries(index, points, scenario) for scenario in SCENARIOS]
    slow_timings = [time_queries(index, points[:scans], s, scan=True) for s in SCENARIOS]
    rows: list[list[object]] = []
    for scenario, fast, slow in zip(SCENARIOS, fast_timings, slow_timings, strict=True):
        rows.append([
            f"{size:,}",
            scenario.label,
            f"{scenario.radius_m / 1000:.0f} km",
            f"{fast.hits:.1f}",
            fmt_time(percentile(fast.wall, 50)),
            fmt_time(percentile(fast.wall, 99)),
            fmt_time(percentile(fast.cpu, 50)),
            fmt_time(percentile(fast.cpu, 99)),
            fmt_time(percentile(slow.wall, 50)),
        ])
    return build_row, rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="10k and 100k, fewer queries")
    parser.add_argument("--sizes", help="comma-separated station counts (overrides the default)")
    parser.add_argument("--queries", type=int, help="queries per filter and size")
    args = parser.parse_args(argv)
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    queries = args.queries or (500 if args.quick else 2000)
    scans = 10 if args.quick else 20
    rng = np.random.default_rng(SEED)
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    results = [run(size, queries, scans, rng) for size in sizes]
    load_after = os.getloadavg()[0]
    print(f"# Station search: nearest {LIMIT} open stations\n")
    print(machine())
    print(
        f"Load average {load_before:.1f} before, {load_after:.1f} after (other processes "
        "inflate wall-clock times, not CPU time).\n"
    )
    print("## Index build and memory\n")
    print(table(
        ["stations", "build from records", "build from columns", "memory (RSS growth)",
         "bytes/station", "amenities with their own tree"],
        [build for build, _ in results],
    ))
    print(
        f"\n## Queries ({queries} per row from random points in the synthetic cities at "
        f"random times of the week; numpy scan: {scans} per row)\n"
    )
    print(table(
        ["stations", "filter", "radius", "hits/query", "p50", "p99", "CPU p50", "CPU p99",
         "numpy scan p50"],
        [row for _, rows in results for row in rows],
    ))
    print(f"\nTotal run: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

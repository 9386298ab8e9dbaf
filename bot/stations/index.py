"""In-memory nearest-station search: "the nearest open stations that have what I need".

Stations are points on the unit sphere in a k-d tree (scipy cKDTree): the straight-line
(chord) distance between unit vectors grows strictly with the great-circle distance, so
the tree's order is the exact great-circle order, with no projection and no seams.

Everything per station lives in flat numpy columns (amenity bitmask, hours id, lat/lon);
Python objects exist only for the records themselves and for each *distinct* schedule.
A query asks the tree for the k nearest inside the radius, filters by amenities and by
"open now", and doubles k until enough stations pass or the radius is used up. Rare
amenities get their own small tree, so a query for them does not wade through thousands
of stations that lack it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bot.stations.amenities import AMENITY_BIT, AMENITY_CODES
from bot.stations.geo import EARTH_RADIUS_M
from bot.stations.hours import MINUTES_PER_WEEK, OpeningHours, minute_of_week
from bot.stations.model import StationRecord
from bot.stations.results import SearchResult, StationHit, check_paging, make_hits
from bot.stations.results import needs_mask as _needs_mask

__all__ = ["SearchResult", "StationHit", "StationIndex", "brute_force_search"]

# One bit per amenity code; widen to uint64 when the vocabulary passes 32 codes.
MASK_DTYPE = np.uint32
assert len(AMENITY_CODES) <= 32, "amenity vocabulary outgrew the uint32 index masks"

# An amenity held by at most this share of stations gets its own tree ...
RARE_AMENITY_SHARE = 0.05
# ... rarest first, while all such trees together hold at most this share of the main
# tree's points (memory). Above ~5 % a wider k on the main tree costs little more.
RARE_TREES_BUDGET = 0.25
# Schedules are evaluated through a week-minute bitmap while it stays this small
# (1,260 bytes per distinct schedule); past it, one Python call per candidate.
HOURS_BITMAP_MAX_BYTES = 16 * 1024 * 1024
# First k: what the filters probably need, assuming about this share is open ...
OPEN_SHARE_GUESS = 0.5
MIN_K = 16
MAX_FIRST_K = 4096

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
MaskArray = NDArray[np.uint32]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class _Tree:
    tree: Any  # a scipy cKDTree, or a _Scan for small registries
    ids: IntArray | None  # tree position -> station position; None for the main tree
    size: int


class StationIndex:
    """Immutable search index; build a new one when the registry changes."""

    def __init__(
        self,
        records: Sequence[StationRecord],
        lat: FloatArray,
        lon: FloatArray,
        amenity_masks: NDArray[np.unsignedinteger[Any]],
        hours_ids: NDArray[np.integer[Any]],
        hours_table: Sequence[OpeningHours],
        *,
        bitmap_max_bytes: int = HOURS_BITMAP_MAX_BYTES,
    ) -> None:
        count = len(records)
        if not (len(lat) == len(lon) == len(amenity_masks) == len(hours_ids) == count):
            raise ValueError("station columns differ in length")
        self.records = records
        self._lat = np.ascontiguousarray(lat, dtype=np.float64)
        self._lon = np.ascontiguousarray(lon, dtype=np.float64)
        self._masks: MaskArray = np.ascontiguousarray(amenity_masks, dtype=MASK_DTYPE)
        # Few distinct schedules in practice: two bytes per station for their ids.
        hours_dtype = np.uint16 if len(hours_table) <= 1 << 16 else np.int32
        self._hours_ids: NDArray[np.integer[Any]] = np.ascontiguousarray(
            hours_ids, dtype=hours_dtype
        )
        self._hours_table = tuple(hours_table)
        self._hours_bits = _hours_bitmap(self._hours_table, bitmap_max_bytes)
        self._amenity_counts = {
            code: int(np.count_nonzero(self._masks & MASK_DTYPE(bit)))
            for code, bit in AMENITY_BIT.items()
        }
        xyz = _unit_vectors(self._lat, self._lon)
        self._main = _Tree(_kdtree(xyz), None, count)
        self._rare = self._rare_trees(xyz)

    # --- construction ------------------------------------------------------------------

    @classmethod
    def build(cls, records: Sequence[StationRecord]) -> StationIndex:
        """Index checked records (coordinates already WGS-84)."""
        count = len(records)
        lat = np.fromiter((r.lat for r in records), np.float64, count)
        lon = np.fromiter((r.lon for r in records), np.float64, count)
        # Records share their schedule and amenity-set objects (the importer interns
        # schedules), so group by object identity with numpy first and hash only the
        # distinct objects: a per-record dict lookup would dominate a 1M build.
        hours_objects = [r.hours for r in records]
        amenity_objects = [r.amenities for r in records]
        hours_first, hours_of = _group_by_identity(hours_objects)
        sets_first, set_of = _group_by_identity(amenity_objects)
        table: dict[OpeningHours, int] = {}
        distinct_ids = np.array(
            [table.setdefault(hours_objects[i], len(table)) for i in hours_first.tolist()],
            dtype=np.int64,
        )
        set_masks = np.array(
            [sum(AMENITY_BIT[c] for c in amenity_objects[i]) for i in sets_first.tolist()],
            dtype=MASK_DTYPE,
        )
        return cls(records, lat, lon, set_masks[set_of], distinct_ids[hours_of], list(table))

    def _rare_trees(self, xyz: FloatArray) -> dict[int, _Tree]:
        count = len(self.records)
        budget = RARE_TREES_BUDGET * count
        trees: dict[int, _Tree] = {}
        by_rarity = sorted(self._amenity_counts.items(), key=lambda item: item[1])
        for code, held in by_rarity:
            if held == 0 or held > RARE_AMENITY_SHARE * count or held > budget:
                continue
            bit = MASK_DTYPE(AMENITY_BIT[code])
            ids = np.flatnonzero(self._masks & bit)
            trees[AMENITY_BIT[code]] = _Tree(_kdtree(xyz[ids]), ids, held)
            budget -= held
        return trees

    def __len__(self) -> int:
        return len(self.records)

    @property
    def rare_amenities(self) -> frozenset[str]:
        """Amenities that have their own tree (for tests and the benchmark's report)."""
        return frozenset(code for code, bit in AMENITY_BIT.items() if bit in self._rare)

    # --- search --------------------------------------------------------------------------

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

        `lat`/`lon` are WGS-84 (as a phone reports them). With `exact_total` the search
        reads the whole radius so that `total_open` is exact.
        """
        needs_mask = _needs_mask(needs)
        check_paging(radius_m, limit, offset)
        minute = minute_of_week(now)
        wanted = offset + limit + 1  # one more than the page tells whether there is a next
        tree = self._tree_for(needs_mask)
        if tree.size == 0 or len(self.records) == 0:
            return SearchResult((), (), 0, True, False)
        query = _unit_vector(lat, lon)
        bound = _chord(radius_m)
        k = self._first_k(tree, needs, wanted)
        while True:
            chords, found = tree.tree.query(query, k=k, distance_upper_bound=bound)
            # Results come nearest first, padded with (inf, size) past the radius.
            inside = int(chords.searchsorted(bound, side="right"))
            candidates, chords = found[:inside], chords[:inside]
            exhausted = inside < k or k >= tree.size
            if tree.ids is not None:
                candidates = tree.ids[candidates]
            if needs_mask:
                passing = self._has_all(candidates, needs_mask)
                candidates, chords = candidates[passing], chords[passing]
            open_now = self._open_mask(candidates, minute)
            if exhausted or (not exact_total and np.count_nonzero(open_now) >= wanted):
                break
            k = min(2 * k, tree.size)
        # Arc length from chord: the exact great-circle distance on the same sphere.
        distances = (2.0 * EARTH_RADIUS_M) * np.arcsin(np.minimum(chords * 0.5, 1.0))
        return self._assemble(
            candidates, distances, open_now, radius_m, now, minute, limit, offset,
            exact=exhausted,
        )

    def _tree_for(self, needs_mask: int) -> _Tree:
        rare = [self._rare[bit] for bit in self._rare if needs_mask & bit]
        return min(rare, key=lambda t: t.size) if rare else self._main

    def _first_k(self, tree: _Tree, needs: frozenset[str], wanted: int) -> int:
        # Guess the share of the tree's stations that pass the filters (amenities taken
        # as independent) and ask for twice what that implies: a bigger k costs the tree
        # little, a second query costs a whole query.
        count = max(len(self.records), 1)
        share = OPEN_SHARE_GUESS
        for code in needs:
            if self._rare.get(AMENITY_BIT[code]) is not tree:
                share *= self._amenity_counts[code] / count
        guess = math.ceil(2 * wanted / max(share, 1e-6))
        return max(2, min(tree.size, max(MIN_K, min(guess, MAX_FIRST_K))))

    def _has_all(self, ids: IntArray, needs_mask: int) -> BoolArray:
        if needs_mask == 0:
            return np.ones(ids.shape, dtype=bool)
        wanted = MASK_DTYPE(needs_mask)
        passing: BoolArray = (self._masks[ids] & wanted) == wanted
        return passing

    def _open_mask(self, ids: IntArray, minute: int) -> BoolArray:
        hours_ids = self._hours_ids[ids]
        if self._hours_bits is not None:
            packed = self._hours_bits[minute >> 3][hours_ids]
            is_open: BoolArray = ((packed >> (7 - (minute & 7))) & 1).view(np.bool_)
            return is_open
        table = self._hours_table
        return np.fromiter(
            (table[h].is_open_at_minute(minute) for h in hours_ids.tolist()), bool, ids.size
        )

    def _assemble(
        self,
        candidates: IntArray,
        distances: FloatArray,
        open_now: BoolArray,
        radius_m: float,
        now: datetime,
        minute: int,
        limit: int,
        offset: int,
        *,
        exact: bool,
    ) -> SearchResult:
        within = distances <= radius_m
        if not within.all():
            candidates, distances, open_now = (
                candidates[within], distances[within], open_now[within]
            )
        order = np.lexsort((candidates, distances))  # by distance, ties by position
        candidates, distances, open_now = candidates[order], distances[order], open_now[order]
        open_ids, open_distances = candidates[open_now], distances[open_now]
        total_open = int(open_ids.size)
        page = slice(offset, offset + limit)
        hits = self._hits(open_ids[page], open_distances[page], now, minute, open_now=True)
        closed: tuple[StationHit, ...] = ()
        if exact and total_open == 0:
            closed_ids, closed_distances = candidates[~open_now], distances[~open_now]
            closed = self._hits(
                closed_ids[:limit], closed_distances[:limit], now, minute, open_now=False
            )
        return SearchResult(
            hits=hits,
            nearest_closed=closed,
            total_open=total_open,
            total_exact=exact,
            has_more=total_open > offset + limit,
        )

    def _hits(
        self, ids: IntArray, distances: FloatArray, now: datetime, minute: int, *, open_now: bool
    ) -> tuple[StationHit, ...]:
        table = self._hours_table
        schedules = [table[h] for h in self._hours_ids[ids].tolist()]
        return make_hits(self.records, schedules, ids.tolist(), distances.tolist(), now, minute,
                         open_now=open_now)

    # --- reference scan ------------------------------------------------------------------

    def brute_force_search(
        self,
        lat: float,
        lon: float,
        *,
        needs: frozenset[str],
        now: datetime,
        radius_m: float,
        limit: int,
        offset: int = 0,
    ) -> SearchResult:
        """Same answer as `search` (with an exact total) by scanning every station."""
        needs_mask = _needs_mask(needs)
        check_paging(radius_m, limit, offset)
        minute = minute_of_week(now)
        everyone = np.arange(len(self.records))
        distances = _haversine_m(lat, lon, self._lat, self._lon)
        keep = (distances <= radius_m) & self._has_all(everyone, needs_mask)
        candidates = everyone[keep]
        return self._assemble(
            candidates, distances[keep], self._open_mask(candidates, minute), radius_m, now,
            minute, limit, offset, exact=True,
        )


def brute_force_search(
    index: StationIndex,
    lat: float,
    lon: float,
    *,
    needs: frozenset[str],
    now: datetime,
    radius_m: float,
    limit: int,
    offset: int = 0,
) -> SearchResult:
    """Numpy haversine scan over every station: the reference for tests and the benchmark."""
    return index.brute_force_search(
        lat, lon, needs=needs, now=now, radius_m=radius_m, limit=limit, offset=offset
    )


# --- helpers ---------------------------------------------------------------------------


def _group_by_identity(objects: list[Any]) -> tuple[IntArray, IntArray]:
    """(position of one representative per distinct object, group of each position)."""
    if not objects:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    identities = np.fromiter(map(id, objects), np.int64, len(objects))
    _, first, group = np.unique(identities, return_index=True, return_inverse=True)
    return first, group.reshape(-1)


def _unit_vectors(lat: FloatArray, lon: FloatArray) -> FloatArray:
    phi, lam = np.radians(lat), np.radians(lon)
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)))


def _unit_vector(lat: float, lon: float) -> FloatArray:
    # An array, not a tuple: cKDTree.query converts a tuple on every call.
    phi, lam = math.radians(lat), math.radians(lon)
    return np.array((math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)))


# Below this many points a vectorised scan answers in well under a millisecond, and the
# process never imports scipy: ≈ 0.5 s of start-up and ≈ 27 MiB at county scale
# (bench/bench_startup.py). Above it the k-d tree wins by orders of magnitude.
SCAN_BELOW = 20_000


class _Scan:
    """cKDTree.query's contract (nearest first, padded with inf and n) by a full scan."""

    def __init__(self, xyz: FloatArray) -> None:
        self.xyz = xyz
        self.n = len(xyz)

    def query(self, point: FloatArray, k: int,
              distance_upper_bound: float = math.inf) -> tuple[FloatArray, IntArray]:
        chords = np.sqrt(((self.xyz - point) ** 2).sum(axis=1))
        take = min(k, self.n)
        ids = np.argpartition(chords, take - 1)[:take] if 0 < take < self.n else np.arange(take)
        ids = ids[np.argsort(chords[ids], kind="stable")]
        found = chords[ids]
        outside = found > distance_upper_bound
        distances = np.full(k, np.inf)
        positions = np.full(k, self.n, dtype=np.intp)
        distances[:take] = np.where(outside, np.inf, found)
        positions[:take] = np.where(outside, self.n, ids)
        return distances, positions


def _kdtree(xyz: FloatArray) -> Any:
    if len(xyz) < SCAN_BELOW:
        return _Scan(xyz)
    from scipy.spatial import cKDTree  # type: ignore[import-untyped, unused-ignore]

    # An unbalanced tree (sliding midpoint) builds several times faster and queries as fast.
    return cKDTree(xyz, leafsize=16, balanced_tree=False, compact_nodes=False, copy_data=False)


def _chord(radius_m: float) -> float:
    """Chord length for an arc, widened a hair so the tree never drops a boundary point
    that the haversine check keeps (that check decides)."""
    angle = min(radius_m / EARTH_RADIUS_M, math.pi)
    return 2.0 * math.sin(angle / 2.0) * (1 + 1e-9) + 1e-12


def _haversine_m(lat: float, lon: float, lats: FloatArray, lons: FloatArray) -> FloatArray:
    phi1 = math.radians(lat)
    phi2 = np.radians(lats)
    d_phi = phi2 - phi1
    d_lambda = np.radians(lons) - math.radians(lon)
    h = np.sin(d_phi / 2) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(d_lambda / 2) ** 2
    distances: FloatArray = 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return distances


def _hours_bitmap(table: Sequence[OpeningHours], max_bytes: int) -> NDArray[np.uint8] | None:
    """Bit per (minute of the week, distinct schedule), packed 8 minutes to a byte.

    Stored minute-byte-major, so one minute's bytes for every schedule are a contiguous
    row and a query gathers from a single row.
    """
    row_bytes = MINUTES_PER_WEEK // 8
    if not table or len(table) * row_bytes > max_bytes:
        return None
    bits = np.zeros((len(table), MINUTES_PER_WEEK), dtype=bool)
    for row, hours in enumerate(table):
        for start, end in hours.intervals:
            bits[row, start:end] = True
    return np.ascontiguousarray(np.packbits(bits, axis=1).T)

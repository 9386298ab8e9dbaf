"""Read a station registry (CSV or GeoJSON) into checked records and line-numbered rejections.

Staff keep these lists by hand, in Excel or exported from a map tool, so the reader is
lenient about spelling (Chinese or English headers, full-width punctuation, GBK files
saved by Excel) and strict about meaning: a row is either a complete, valid record or a
rejection naming every problem it has, never something in between.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.stations.amenities import AmenityError, parse_amenities
from bot.stations.geo import Crs, in_china, parse_crs, to_wgs84
from bot.stations.hours import HoursError, OpeningHours, parse_hours
from bot.stations.model import StationRecord

MessageArgs = Mapping[str, str | int | float]

COLUMNS: tuple[str, ...] = (
    "code", "name", "province", "city", "district", "address", "lat", "lon", "crs",
    "hours", "amenities", "host", "star", "phone", "verified", "sample",
)
REQUIRED_CSV_COLUMNS: tuple[str, ...] = ("code", "name", "lat", "lon", "hours")
STAR_RANGE = range(1, 6)

# Headers as staff write them in Chinese registries.
_HEADER_ALIASES: dict[str, str] = {
    "编号": "code", "站点编号": "code", "驿站编号": "code", "id": "code",
    "名称": "name", "站点名称": "name", "驿站名称": "name",
    "省": "province", "省份": "province",
    "市": "city", "城市": "city",
    "区": "district", "区县": "district", "县区": "district", "区/县": "district",
    "地址": "address", "详细地址": "address",
    "纬度": "lat", "latitude": "lat",
    "经度": "lon", "longitude": "lon", "lng": "lon",
    "坐标系": "crs", "coordinate_system": "crs",
    "开放时间": "hours", "营业时间": "hours", "opening_hours": "hours",
    "设施": "amenities", "服务设施": "amenities", "服务项目": "amenities", "services": "amenities",
    "主办单位": "host", "建设单位": "host", "运营单位": "host",
    "星级": "star",
    "电话": "phone", "联系电话": "phone",
    "核验日期": "verified", "更新日期": "verified", "last_verified": "verified",
    "示例": "sample",
}
_TRUE = frozenset({"true", "t", "yes", "y", "1", "是", "示例"})
_FALSE = frozenset({"false", "f", "no", "n", "0", "否", ""})
_CN_STAR = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a row (or the file, at line 1 / the JSON error's line) was not imported."""

    line: int
    code: str
    key: str
    args: MessageArgs = field(default_factory=dict, hash=False)


@dataclass(slots=True)
class ImportResult:
    rows: list[tuple[int, StationRecord]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def rejected_lines(self) -> list[int]:
        """Distinct lines rejected, in file order (a row may have several reasons)."""
        return sorted({rejection.line for rejection in self.rejected})


def parse_stations(path: Path, crs: str | None = None) -> ImportResult:
    """Read a CSV or GeoJSON registry; `crs` (e.g. "gcj02") overrides the file's own."""
    forced: Crs | None = None
    if crs is not None:
        forced = parse_crs(crs)
        if forced is None:
            raise ValueError(f"unknown coordinate system: {crs!r}")
    text = _read_text(path)
    if _looks_like_geojson(path, text):
        return _parse_geojson(text, forced)
    return _parse_csv(text, forced)


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on a Chinese Windows saves "CSV" in GBK; GB18030 is its superset.
        return raw.decode("gb18030", errors="replace")


def _looks_like_geojson(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".geojson", ".json"):
        return True
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        return False
    return text.lstrip().startswith("{")


# --- CSV -------------------------------------------------------------------------------


def _canonical_column(header: str) -> str:
    name = unicodedata.normalize("NFKC", header).strip().lower()
    return _HEADER_ALIASES.get(name, name)


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (line the record starts on, cells), skipping blank lines.

    A quoted cell may span lines, so the start is tracked, not counted.
    """
    first_line = text.split("\n", 1)[0]
    # Exports saved as "Unicode text" from Excel are tab-separated.
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    end_of_previous = 0
    for cells in reader:
        start = end_of_previous + 1
        end_of_previous = reader.line_num
        if any(cell.strip() for cell in cells):
            yield start, cells


def _parse_csv(text: str, forced: Crs | None) -> ImportResult:
    result = ImportResult()
    rows = _csv_rows(text)
    header_line, header = next(rows, (1, []))
    columns = [_canonical_column(cell) for cell in header]
    missing = [name for name in REQUIRED_CSV_COLUMNS if name not in columns]
    if missing:
        result.rejected.extend(
            Rejection(header_line, "", "import-missing-column", {"column": name})
            for name in missing
        )
        return result
    checker = _RowChecker(forced=forced, file_crs=None)
    for line, cells in rows:
        fields: dict[str, object] = {
            name: cell for name, cell in zip(columns, cells, strict=False) if name in COLUMNS
        }
        checker.check(line, fields, result)
    return result


# --- GeoJSON ---------------------------------------------------------------------------


def _parse_geojson(text: str, forced: Crs | None) -> ImportResult:
    result = ImportResult()
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        result.rejected.append(
            Rejection(error.lineno, "", "import-bad-json", {"detail": error.msg})
        )
        return result
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        result.rejected.append(Rejection(1, "", "import-not-feature-collection"))
        return result
    features = document.get("features")
    if not isinstance(features, list):
        result.rejected.append(Rejection(1, "", "import-not-feature-collection"))
        return result
    file_crs = _geojson_crs(document.get("crs"))
    checker = _RowChecker(forced=forced, file_crs=file_crs)
    for line, feature in zip(_feature_lines(text, features), features, strict=True):
        if not isinstance(feature, dict):
            result.rejected.append(Rejection(line, "", "import-bad-geometry"))
            continue
        properties = feature.get("properties") or {}
        fields: dict[str, object] = {
            _canonical_column(str(name)): value for name, value in properties.items()
        } if isinstance(properties, dict) else {}
        geometry = feature.get("geometry")
        if geometry is not None or ("lat" not in fields and "lon" not in fields):
            point = _point(geometry)
            if point is None:
                code = _text(fields.get("code"))
                result.rejected.append(Rejection(line, code, "import-bad-geometry"))
                continue
            fields["lon"], fields["lat"] = point
        checker.check(line, fields, result)
    return result


def _geojson_crs(value: object) -> str | None:
    """A top-level "crs": a plain name, or the 2008-spec {"type":"name","properties":{...}}."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        properties = value.get("properties")
        if isinstance(properties, dict) and isinstance(properties.get("name"), str):
            return str(properties["name"])
    return None


def _point(geometry: object) -> tuple[float, float] | None:
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return None
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        return None
    lon, lat = coordinates[0], coordinates[1]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lon, lat)):
        return None
    return float(lon), float(lat)


def _feature_lines(text: str, features: list[object]) -> list[int]:
    """The line each feature starts on, so staff can find it in their editor.

    Falls back to the feature's position (1-based) if the text cannot be walked.
    """
    fallback = list(range(1, len(features) + 1))
    match = re.search(r'"features"\s*:\s*\[', text)
    if match is None:
        return fallback
    decoder = json.JSONDecoder()
    position, line, counted_to = match.end(), 1, 0
    lines: list[int] = []
    for feature in features:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        try:
            decoded, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            return fallback
        if decoded != feature:
            return fallback
        line += text.count("\n", counted_to, position)
        counted_to = position
        lines.append(line)
        position = end
    return lines


# --- one row ---------------------------------------------------------------------------


@dataclass
class _RowChecker:
    """Checks rows one by one; remembers codes (duplicates) and interns equal hours."""

    forced: Crs | None
    file_crs: str | None
    seen_codes: dict[str, int] = field(default_factory=dict)
    hours_cache: dict[str, OpeningHours] = field(default_factory=dict)
    distinct_hours: dict[OpeningHours, OpeningHours] = field(default_factory=dict)
    distinct_amenities: dict[frozenset[str], frozenset[str]] = field(default_factory=dict)

    def check(self, line: int, fields: Mapping[str, object], result: ImportResult) -> None:
        problems: list[tuple[str, MessageArgs]] = []
        code = _text(fields.get("code"))
        name = _text(fields.get("name"))
        if not code:
            problems.append(("import-missing-code", {}))
        elif code in self.seen_codes:
            # Even if the first row was itself rejected: which of the two is meant is for
            # staff to say, not for the importer to guess.
            problems.append(
                ("import-duplicate-code", {"code": code, "first_line": str(self.seen_codes[code])})
            )
        else:
            self.seen_codes[code] = line
        if not name:
            problems.append(("import-missing-name", {}))
        position = self.coordinates(fields, problems)
        hours = self.hours(fields, problems)
        amenities = _amenities(fields, problems)
        if amenities is not None:
            # Shared objects let the index group stations without hashing each set.
            amenities = self.distinct_amenities.setdefault(amenities, amenities)
        star = _star(fields, problems)
        verified = _verified(fields, problems)
        sample = _flag(fields, "sample", problems)
        if problems:
            result.rejected.extend(Rejection(line, code, key, args) for key, args in problems)
            return
        assert position is not None and hours is not None and amenities is not None
        record = StationRecord(
            code=code,
            name=name,
            province=_text(fields.get("province")),
            city=_text(fields.get("city")),
            district=_text(fields.get("district")),
            address=_text(fields.get("address")),
            lat=position[0],
            lon=position[1],
            hours=hours,
            amenities=amenities,
            host=_text(fields.get("host")),
            star=star,
            phone=_text(fields.get("phone")),
            verified=verified,
            sample=bool(sample),
        )
        result.rows.append((line, record))

    def coordinates(
        self, fields: Mapping[str, object], problems: list[tuple[str, MessageArgs]]
    ) -> tuple[float, float] | None:
        raw_lat, raw_lon = _text(fields.get("lat")), _text(fields.get("lon"))
        crs = self.crs(fields, problems)
        if not raw_lat or not raw_lon:
            problems.append(("import-missing-coordinates", {}))
            return None
        lat, lon = _number(raw_lat), _number(raw_lon)
        shown = f"{raw_lat}, {raw_lon}"
        if lat is None or lon is None:
            problems.append(("import-bad-coordinates", {"value": shown}))
            return None
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0) or not in_china(lat, lon):
            if in_china(lon, lat):
                problems.append(("import-swapped-coordinates", {"value": shown}))
            elif -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0:
                problems.append(("import-outside-china", {"value": shown}))
            else:
                problems.append(("import-bad-coordinates", {"value": shown}))
            return None
        if crs is None:
            return None
        wgs_lat, wgs_lon = to_wgs84(lat, lon, crs)
        if not in_china(wgs_lat, wgs_lon):
            problems.append(("import-outside-china", {"value": shown}))
            return None
        return wgs_lat, wgs_lon

    def crs(
        self, fields: Mapping[str, object], problems: list[tuple[str, MessageArgs]]
    ) -> Crs | None:
        if self.forced is not None:
            return self.forced
        value = _text(fields.get("crs")) or (self.file_crs or "").strip()
        if not value:
            problems.append(("import-missing-crs", {}))
            return None
        crs = parse_crs(value)
        if crs is None:
            problems.append(("import-bad-crs", {"value": value}))
        return crs

    def hours(
        self, fields: Mapping[str, object], problems: list[tuple[str, MessageArgs]]
    ) -> OpeningHours | None:
        value = _text(fields.get("hours"))
        if not value:
            problems.append(("import-missing-hours", {}))
            return None
        cached = self.hours_cache.get(value)
        if cached is not None:
            return cached
        try:
            hours = parse_hours(value)
        except HoursError as error:
            problems.append((error.key, error.args_for_message))
            return None
        # One object per distinct meaning ("9:00-21:00" == "09：00～21：00") keeps a large
        # registry light and lets the index evaluate each distinct schedule once.
        hours = self.distinct_hours.setdefault(hours, hours)
        self.hours_cache[value] = hours
        return hours


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(value: str) -> float | None:
    try:
        number = float(unicodedata.normalize("NFKC", value).strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _amenities(
    fields: Mapping[str, object], problems: list[tuple[str, MessageArgs]]
) -> frozenset[str] | None:
    value = fields.get("amenities")
    cell = "、".join(str(v) for v in value) if isinstance(value, list) else _text(value)
    try:
        return parse_amenities(cell)
    except AmenityError as error:
        problems.append((error.key, error.args_for_message))
        return None


def _star(fields: Mapping[str, object], problems: list[tuple[str, MessageArgs]]) -> int | None:
    value = _text(fields.get("star"))
    if not value:
        return None
    folded = unicodedata.normalize("NFKC", value).replace("级", "").replace("星", "")
    if folded and set(folded) == {"★"}:
        star: int | None = len(folded)
    elif folded in _CN_STAR:
        star = _CN_STAR[folded]
    else:
        number = _number(folded)
        star = int(number) if number is not None and number.is_integer() else None
    if star is None or star not in STAR_RANGE:
        problems.append(("import-bad-star", {"value": value}))
        return None
    return star


_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2})"
)


def _verified(fields: Mapping[str, object], problems: list[tuple[str, MessageArgs]]) -> date | None:
    value = _text(fields.get("verified"))
    if not value:
        return None
    match = _DATE.fullmatch(unicodedata.normalize("NFKC", value))
    if match is not None:
        parts = match.groups()[:3] if match.group(1) else match.groups()[3:]
        year, month, day = (int(part) for part in parts)
        try:
            return date(year, month, day)
        except ValueError:
            pass
    problems.append(("import-bad-date", {"value": value}))
    return None


def _flag(
    fields: Mapping[str, object], column: str, problems: list[tuple[str, MessageArgs]]
) -> bool | None:
    value = fields.get(column)
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    problems.append(("import-bad-flag", {"column": column, "value": _text(value)}))
    return None

"""Registry import: CSV and GeoJSON, CRS handling, and every rejection with its line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.stations.geo import gcj02_to_wgs84, haversine_m, wgs84_to_bd09, wgs84_to_gcj02
from bot.stations.hours import parse_hours
from bot.stations.importer import ImportResult, Rejection, parse_stations

HEADER = (
    "code,name,province,city,district,address,lat,lon,crs,hours,amenities,"
    "host,star,phone,verified,sample"
)
GOOD_GCJ = (30.017720, 122.112650)


def row(
    code: str = "S1",
    name: str = "示例驿站",
    lat: object = GOOD_GCJ[0],
    lon: object = GOOD_GCJ[1],
    crs: str = "gcj02",
    hours: str = "9:00-21:00",
    amenities: str = "饮水、微波炉",
    star: str = "",
    verified: str = "",
    sample: str = "true",
) -> str:
    return (
        f"{code},{name},浙江省,舟山市,定海区,示例地址,{lat},{lon},{crs},{hours},{amenities},"
        f"示例工会,{star},0580-0000000,{verified},{sample}"
    )


def write(tmp_path: Path, text: str, name: str = "stations.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def reasons(result: ImportResult) -> list[tuple[int, str]]:
    return [(r.line, r.key) for r in result.rejected]


def test_good_row_becomes_a_wgs84_record(tmp_path: Path) -> None:
    path = write(tmp_path, "\n".join([HEADER, row(star="4", verified="2025-06-30")]) + "\n")
    result = parse_stations(path)
    assert result.rejected == []
    [(line, record)] = result.rows
    assert line == 2
    assert record.code == "S1" and record.name == "示例驿站" and record.city == "舟山市"
    assert (record.lat, record.lon) == pytest.approx(gcj02_to_wgs84(*GOOD_GCJ), abs=1e-12)
    assert haversine_m(record.lat, record.lon, *GOOD_GCJ) > 100  # really converted
    assert record.hours == parse_hours("09:00-21:00")
    assert record.amenities == frozenset({"water", "microwave"})
    assert record.star == 4 and record.verified == date(2025, 6, 30)
    assert record.sample is True and record.host == "示例工会" and record.phone == "0580-0000000"


def test_every_rejection_reason_with_its_line(tmp_path: Path) -> None:
    lines = [
        HEADER,  # 1
        row(code="A1"),  # 2 ok
        row(code=""),  # 3
        row(code="A3", name=""),  # 4
        row(code="A4", lat="abc"),  # 5
        row(code="A5", lat="95", lon="200"),  # 6
        row(code="A6", lat="0", lon="0"),  # 7
        row(code="A7", lat="122.11", lon="30.01"),  # 8
        row(code="A8", lat=""),  # 9
        row(code="A9", crs=""),  # 10
        row(code="A10", crs="utm50"),  # 11
        row(code="A11", hours="9-21"),  # 12
        row(code="A12", hours=""),  # 13
        row(code="A13", amenities="饮水、游泳池"),  # 14
        row(code="A1"),  # 15 duplicate of line 2
        row(code="A15", star="7"),  # 16
        row(code="A16", star="很好"),  # 17
        row(code="A17", verified="2025-13-40"),  # 18
        row(code="A18", sample="maybe"),  # 19
        row(code="A19", lat="35.68", lon="139.77", crs="wgs84"),  # 20 Tokyo
    ]
    result = parse_stations(write(tmp_path, "\n".join(lines) + "\n"))
    assert [line for line, _ in result.rows] == [2]
    assert reasons(result) == [
        (3, "import-missing-code"),
        (4, "import-missing-name"),
        (5, "import-bad-coordinates"),
        (6, "import-bad-coordinates"),
        (7, "import-outside-china"),
        (8, "import-swapped-coordinates"),
        (9, "import-missing-coordinates"),
        (10, "import-missing-crs"),
        (11, "import-bad-crs"),
        (12, "import-bad-hours"),
        (13, "import-missing-hours"),
        (14, "import-unknown-amenity"),
        (15, "import-duplicate-code"),
        (16, "import-bad-star"),
        (17, "import-bad-star"),
        (18, "import-bad-date"),
        (19, "import-bad-flag"),
        (20, "import-outside-china"),
    ]
    by_line = {r.line: r for r in result.rejected}
    assert by_line[12].args == {"value": "9-21"}
    assert by_line[14].args == {"value": "游泳池"}
    assert by_line[14].code == "A13"
    assert by_line[15].args == {"code": "A1", "first_line": "2"}
    assert by_line[11].args == {"value": "utm50"}
    assert by_line[16].args == {"value": "7"}
    assert by_line[19].args == {"column": "sample", "value": "maybe"}


def test_a_row_with_several_problems_reports_all_and_yields_nothing(tmp_path: Path) -> None:
    text = "\n".join([HEADER, row(code="B1", hours="sometimes", amenities="桑拿", star="9")])
    result = parse_stations(write(tmp_path, text))
    assert result.rows == []
    assert {r.key for r in result.rejected} == {
        "import-bad-hours",
        "import-unknown-amenity",
        "import-bad-star",
    }
    assert result.rejected_lines == [2]


def test_line_numbers_follow_multiline_cells_and_blank_lines(tmp_path: Path) -> None:
    multiline = row(code="M1").replace("示例地址", '"东门\n交通综合体\n一楼"')
    text = "\n".join([HEADER, multiline, "", row(code="M2", hours="bad"), row(code="M3")])
    result = parse_stations(write(tmp_path, text))
    assert [line for line, _ in result.rows] == [2, 7]
    assert result.rows[0][1].address == "东门\n交通综合体\n一楼"
    assert reasons(result) == [(6, "import-bad-hours")]


def test_bom_gbk_and_chinese_headers(tmp_path: Path) -> None:
    header = (
        "编号,名称,省份,城市,区县,地址,纬度,经度,坐标系,开放时间,服务设施,"
        "主办单位,星级,联系电话,核验日期,示例"
    )
    text = "\n".join([header, row(star="三星", verified="2025年6月30日", sample="是")])
    for encoding in ("utf-8-sig", "gb18030"):
        result = parse_stations(write(tmp_path, text, f"s-{encoding}.csv", encoding))
        assert result.rejected == [], encoding
        [(_, record)] = result.rows
        assert record.name == "示例驿站" and record.star == 3 and record.sample
        assert record.verified == date(2025, 6, 30)


def test_tab_separated_export(tmp_path: Path) -> None:
    text = "\n".join([HEADER.replace(",", "\t"), row(code="T1").replace(",", "\t")])
    result = parse_stations(write(tmp_path, text, "stations.txt"))
    assert result.rejected == [] and [r.code for _, r in result.rows] == ["T1"]


def test_missing_required_column(tmp_path: Path) -> None:
    text = "code,name,lat,lon\nS1,示例,30.0,122.1\n"
    result = parse_stations(write(tmp_path, text))
    assert result.rows == []
    assert result.rejected == [Rejection(1, "", "import-missing-column", {"column": "hours"})]


def test_crs_flag_overrides_the_file(tmp_path: Path) -> None:
    text = "\n".join([HEADER, row(code="C1", crs="gcj02"), row(code="C2", crs="")])
    path = write(tmp_path, text)
    as_wgs = parse_stations(path, crs="WGS-84")
    assert as_wgs.rejected == []
    assert [(r.lat, r.lon) for _, r in as_wgs.rows] == [GOOD_GCJ, GOOD_GCJ]
    as_gcj = parse_stations(path, crs="gcj02")
    assert as_gcj.rejected == []
    for _, record in as_gcj.rows:
        assert (record.lat, record.lon) == pytest.approx(gcj02_to_wgs84(*GOOD_GCJ))
    with pytest.raises(ValueError):
        parse_stations(path, crs="mercator")


def test_each_row_may_name_its_own_crs(tmp_path: Path) -> None:
    wgs = gcj02_to_wgs84(*GOOD_GCJ)
    bd = wgs84_to_bd09(*wgs)
    lines = [
        HEADER,
        row(code="G", crs="GCJ-02"),
        row(code="W", lat=f"{wgs[0]:.8f}", lon=f"{wgs[1]:.8f}", crs="wgs84"),
        row(code="B", lat=f"{bd[0]:.8f}", lon=f"{bd[1]:.8f}", crs="BD-09"),
    ]
    result = parse_stations(write(tmp_path, "\n".join(lines)))
    assert result.rejected == []
    for _, record in result.rows:
        assert haversine_m(record.lat, record.lon, *wgs) < 0.01, record.code


def feature(code: str, lon: float, lat: float, **properties: object) -> dict[str, object]:
    props: dict[str, object] = {
        "code": code,
        "name": f"示例{code}",
        "hours": "24小时",
        "amenities": ["饮水", "换电"],
        "sample": True,
    }
    props.update(properties)
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": props,
    }


def test_geojson_with_real_line_numbers_and_crs_levels(tmp_path: Path) -> None:
    lat, lon = GOOD_GCJ
    wgs_lat, wgs_lon = gcj02_to_wgs84(lat, lon)
    document = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "GCJ-02"}},
        "features": [
            feature("J1", lon, lat),
            feature("J2", wgs_lon, wgs_lat, crs="wgs84"),
            feature("J3", lon, lat, hours="whenever"),
            {"type": "Feature", "geometry": None, "properties": {"code": "J4"}},
            feature("J5", lon, lat, star=5),
            feature("J1", lon, lat),
        ],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    path = write(tmp_path, text, "stations.geojson")
    result = parse_stations(path)
    starts = [i + 1 for i, line in enumerate(text.splitlines()) if line == "    {"]
    assert len(starts) == 6
    assert [line for line, _ in result.rows] == [starts[0], starts[1], starts[4]]
    assert reasons(result) == [
        (starts[2], "import-bad-hours"),
        (starts[3], "import-bad-geometry"),
        (starts[5], "import-duplicate-code"),
    ]
    j1, j2, j5 = (record for _, record in result.rows)
    assert haversine_m(j1.lat, j1.lon, wgs_lat, wgs_lon) < 0.01
    assert haversine_m(j2.lat, j2.lon, wgs_lat, wgs_lon) < 0.01
    assert j1.amenities == frozenset({"water", "battery_swap"}) and j1.hours.always_open
    assert j5.star == 5 and j5.sample


def test_geojson_top_level_crs_as_a_plain_string_and_flag_override(tmp_path: Path) -> None:
    wgs = (30.0150, 122.1080)
    gcj = wgs84_to_gcj02(*wgs)
    document = {
        "type": "FeatureCollection",
        "crs": "gcj02",
        "features": [feature("K1", gcj[1], gcj[0])],
    }
    path = write(tmp_path, json.dumps(document), "k.json")
    [(_, record)] = parse_stations(path).rows
    assert haversine_m(record.lat, record.lon, *wgs) < 0.01
    [(_, forced)] = parse_stations(path, crs="wgs84").rows
    assert (forced.lat, forced.lon) == pytest.approx(gcj)


def test_geojson_without_any_crs_is_rejected(tmp_path: Path) -> None:
    document = {"type": "FeatureCollection", "features": [feature("N1", 122.1, 30.0)]}
    result = parse_stations(write(tmp_path, json.dumps(document), "n.geojson"))
    assert result.rows == []
    assert [r.key for r in result.rejected] == ["import-missing-crs"]
    assert result.rejected[0].line == 1  # one-line file: the feature is on line 1


def test_geojson_file_level_problems(tmp_path: Path) -> None:
    broken = parse_stations(write(tmp_path, '{\n"type": "FeatureCollection",\n', "b.geojson"))
    assert [(r.line, r.key) for r in broken.rejected] == [(3, "import-bad-json")]
    not_collection = parse_stations(write(tmp_path, '{"type": "Feature"}', "f.geojson"))
    assert [r.key for r in not_collection.rejected] == ["import-not-feature-collection"]

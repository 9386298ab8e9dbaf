"""The real `unionbot` command line, run as a newcomer or an operator would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

BAD_CSV = """code,name,province,city,district,address,lat,lon,crs,hours,amenities
OK-1,好驿站,浙江,杭州,临平,某路1号,30.4189,120.2995,gcj02,9:00-21:00,饮水、充电
BAD-COORD,坏坐标,浙江,杭州,临平,某路2号,91.5,120.3,gcj02,9:00-21:00,饮水
BAD-AMENITY,坏设施,浙江,杭州,临平,某路3号,30.42,120.30,gcj02,9:00-21:00,饮水、按摩椅
BAD-HOURS,坏时间,浙江,杭州,临平,某路4号,30.43,120.31,gcj02,9-21点,饮水
OK-2,夜间驿站,浙江,杭州,临平,某路5号,30.44,120.32,gcj02,20:00-06:00,卫生间
OUTSIDE,巴黎,法国,巴黎,,,48.8566,2.3522,wgs84,24小时,饮水
"""


def unionbot(tmp: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "UNIONBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp / 'cli.db'}",
           "UNIONBOT_TELEGRAM_TOKEN": ""}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=tmp, env=env,
                          input=stdin, capture_output=True, text=True, timeout=120)


def test_import_reports_each_rejection_and_is_idempotent(tmp_path: Path) -> None:
    registry = tmp_path / "stations.csv"
    registry.write_text(BAD_CSV, encoding="utf-8")
    first = unionbot(tmp_path, "stations", "import", str(registry))
    assert first.returncode == 1, first.stderr
    out = first.stdout
    assert "第 3 行（BAD-COORD）被拒绝：经纬度无效" in out
    assert "第 4 行（BAD-AMENITY）被拒绝：未知的服务设施：按摩椅" in out
    assert "第 5 行（BAD-HOURS）被拒绝：无法识别的开放时间“9-21点”" in out
    assert "第 7 行（OUTSIDE）被拒绝：坐标不在中国境内" in out
    assert "新增 2，更新 0，未变 0，拒绝 4。" in out
    again = unionbot(tmp_path, "stations", "import", str(registry))
    assert "新增 0，更新 0，未变 2，拒绝 4。" in again.stdout


def test_geojson_with_crs_flag(tmp_path: Path) -> None:
    features = [{"type": "Feature", "geometry": {"type": "Point",
                                                 "coordinates": [122.1192, 30.0236]},
                 "properties": {"code": "GJ-1", "name": "百度坐标驿站", "hours": "24小时",
                                "amenities": "饮水;充电"}}]
    path = tmp_path / "stations.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                    encoding="utf-8")
    result = unionbot(tmp_path, "stations", "import", str(path), "--crs", "bd09")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "新增 1" in result.stdout


def test_missing_file_is_explained(tmp_path: Path) -> None:
    result = unionbot(tmp_path, "stations", "import", "nope.csv")
    assert result.returncode == 2 and "找不到文件" in result.stderr


def test_db_upgrade_and_staff_add(tmp_path: Path) -> None:
    assert "数据库已升级" in unionbot(tmp_path, "db", "upgrade").stdout
    added = unionbot(tmp_path, "staff", "add", "123456", "--role", "reviewer")
    assert added.returncode == 0 and "123456" in added.stdout
    refused = unionbot(tmp_path, "staff", "add", "123456", "--role", "king")
    assert refused.returncode == 2
    listed = unionbot(tmp_path, "staff", "list")
    assert listed.returncode == 0 and "123456  reviewer" in listed.stdout
    removed = unionbot(tmp_path, "staff", "remove", "123456")
    assert removed.returncode == 0 and "已取消用户 123456 的角色（reviewer）" in removed.stdout
    again = unionbot(tmp_path, "staff", "remove", "123456")
    assert again.returncode == 1 and "没有工作人员角色" in again.stderr
    assert "还没有工作人员" in unionbot(tmp_path, "staff", "list").stdout


@pytest.mark.parametrize("entry", [["run"], ["chat"]])
def test_console_chat_without_token(tmp_path: Path, entry: list[str]) -> None:
    """The README's first command: no token → the console chat on SQLite with sample data."""
    from bot.stations.geo import gcj02_to_wgs84

    lat, lon = gcj02_to_wgs84(30.017720, 122.112650)
    script = f"1\n/stations\n1\n{lat:.6f},{lon:.6f}\n/quit\n"
    result = unionbot(tmp_path, *entry, stdin=script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    if entry == ["run"]:
        assert "UNIONBOT_TELEGRAM_TOKEN" in out  # says how to connect to Telegram
    assert "你同意为此跨境处理你的信息吗" in out and "已记录你的同意" in out
    # The real clock decides which stations are open; some Dinghai station always shows.
    assert "定海" in out and ("开放中的驿站" in out or "暂时没有开放中的驿站" in out)
    assert (tmp_path / "cli.db").exists()


def test_catalog_check_and_refusal_to_start(tmp_path: Path) -> None:
    sample = ROOT / "bot" / "data" / "catalog_sample.yaml"
    assert unionbot(tmp_path, "catalog", "check", str(sample)).returncode == 0
    broken = tmp_path / "broken.yaml"
    text = sample.read_text(encoding="utf-8").replace("format: 1", "format: 1\nbogus_field: 1", 1)
    broken.write_text(text, encoding="utf-8")
    checked = unionbot(tmp_path, "catalog", "check", str(broken))
    assert checked.returncode != 0 and "bogus_field" in checked.stdout + checked.stderr
    env_run = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"], cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, "UNIONBOT_CATALOG": str(broken), "UNIONBOT_TELEGRAM_TOKEN": "",
             "UNIONBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"},
        input="", timeout=60)
    assert env_run.returncode == 1 and "机器人不会启动" in env_run.stderr
    line = text.splitlines().index("bogus_field: 1") + 1
    assert f"broken.yaml:{line}:1:" in env_run.stderr and "bogus_field" in env_run.stderr


def test_calendar_overrides_from_the_command_line(tmp_path: Path) -> None:
    assert "还没有人工调整的日期" in unionbot(tmp_path, "calendar", "list").stdout
    made = unionbot(tmp_path, "calendar", "set", "2027-02-20", "--working", "--note", "春节调休")
    assert made.returncode == 0 and "2027-02-20  工作日（调休上班）  春节调休" in made.stdout
    unionbot(tmp_path, "calendar", "set", "2027-02-20", "--off")
    listed = unionbot(tmp_path, "calendar", "list").stdout
    assert "2027-02-20  休息日" in listed and "工作日" not in listed
    assert unionbot(tmp_path, "calendar", "set", "2027-13-01", "--off").returncode == 2

"""/stations on console, PTB and aiogram: need → location → nearest open stations."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.app import App
from bot.stations.geo import gcj02_to_wgs84
from storage.tables import state_t
from tests.support.chat import Client, text_of
from tests.support.clock import FakeClock
from tests.transcripts.test_onboarding import agree

# The Dinghai workers' station of DOMAIN.md, as a phone (WGS-84) reports its doorstep.
DINGHAI = gcj02_to_wgs84(30.017720, 122.112650)


async def search(
    member: Client, need: str = "手机充电", where: tuple[float, float] = DINGHAI
) -> str:
    await agree(member)
    seen = await member.send("/stations")
    assert "你现在最需要什么" in text_of(seen)
    seen = await member.press(need)
    assert seen[-1].keyboard == "location"
    seen = await member.location(*where)
    assert seen[0].keyboard == "remove"  # the request button goes away
    return text_of(seen)


async def test_nearest_open_stations_with_paging(member: Client, app: App) -> None:
    text = await search(member)
    assert "开放中的驿站（手机充电），第 1/" in text
    first = text.split("\n1. ")[1].split("\n")[0]
    assert first.startswith("定海劳动者驿站（示例） · ") and "步行约 1 分钟" in first
    assert "今天 21:00 关门" in text
    seen = await member.press("更多")
    assert seen[-1].edit and "第 2/" in seen[-1].text and "\n6. " in "\n" + seen[-1].text
    seen = await member.press("上一页")
    assert "第 1/" in seen[-1].text
    # The location itself was never written; only codes and distances are kept.
    async with app.engine.connect() as conn:
        data = (await conn.execute(select(state_t.c.data))).scalar_one()
    assert "30.01" not in repr(data) and "122.1" not in repr(data)


async def test_pin_shows_venue_and_amap_link(member: Client) -> None:
    await search(member)
    seen = await member.press("📍 1")
    assert seen[0].venue == "定海劳动者驿站（示例）"
    card = seen[1]
    assert "微波炉" in card.text and "示例数据" in card.text
    assert card.urls and card.urls[0].startswith("https://uri.amap.com/marker?position=122.11")
    assert "coordinate=gaode" in card.urls[0]
    assert "第 1/" in seen[-1].text  # the list comes back below, ready for another pick


async def test_filter_by_rare_need(member: Client) -> None:
    text = await search(member, need="换电", where=gcj02_to_wgs84(30.4189, 120.2995))
    assert "换电" in text
    for block in text.split("\n")[1:]:
        if block.startswith(("1.", "2.", "3.")):
            assert "示例" in block


LHASA_CSV = """code,name,province,city,district,address,lat,lon,crs,hours,amenities
LS-1,拉萨北京中路驿站,西藏,拉萨,城关区,北京中路1号,29.6540,91.1320,wgs84,9:00-21:00,饮水;微波炉
LS-2,拉萨宇拓路驿站,西藏,拉萨,城关区,宇拓路2号,29.6560,91.1340,wgs84,10:00-20:00,饮水
"""


async def test_nothing_open_says_when_they_open(member: Client, app: App, clock: FakeClock,
                                                tmp_path: Path) -> None:
    registry = tmp_path / "lhasa.csv"
    registry.write_text(LHASA_CSV, encoding="utf-8")
    report = await app.services.stations.import_file(registry, None, clock())
    assert report.counts.added == 2 and not report.parsed.rejected
    clock.set_local(2026, 11, 17, 7, 0)
    text = await search(member, need="饮水", where=(29.6550, 91.1330))
    assert "暂时没有开放中的驿站（饮水）" in text
    assert "拉萨北京中路驿站 · " in text and "今天 09:00 开门" in text
    assert "今天 10:00 开门" in text
    clock.set_local(2026, 11, 17, 21, 30)
    seen = await member.send("/stations")  # the old search expired meanwhile: a new one
    assert "你现在最需要什么" in text_of(seen)
    await member.press("饮水")
    text = text_of(await member.location(29.6550, 91.1330))
    assert "明天 09:00 开门" in text


async def test_bad_locations_keep_the_step(member: Client) -> None:
    await agree(member)
    await member.send("/stations")
    await member.press("都可以")
    seen = await member.location(0.0, 0.0)
    assert "0,0" in text_of(seen) and seen[-1].keyboard == "location"
    seen = await member.location(48.8566, 2.3522)  # Paris
    assert "不在中国境内" in text_of(seen)
    seen = await member.send("我在定海")
    assert "发送位置" in text_of(seen)
    seen = await member.location(*DINGHAI)
    assert "开放中的驿站" in text_of(seen) or "暂时没有" in text_of(seen)


async def test_location_sent_without_a_command(member: Client) -> None:
    await agree(member)
    seen = await member.location(*DINGHAI)
    assert "定海劳动者驿站（示例）" in text_of(seen)


async def test_station_poster_deep_link(member: Client) -> None:
    await member.send("/start station-ZS-DH-001")
    seen = await member.press("同意")
    assert any(s.venue == "定海劳动者驿站（示例）" for s in seen)
    assert "高德" in "".join(s.text for s in seen) or any(s.urls for s in seen)

"""`unionbot run` end to end: the real process, long polling a fake Bot API on loopback.

Each scenario is one member (its own user id) of the module's running bot, once per
runtime (PTB, aiogram). Assertions read what the member would see: the messages, edits,
keyboards and callback answers the fake server recorded. The bot's clock is the real
one, so station results are checked for their shape, not for which stations are open.
"""

from __future__ import annotations

import csv
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.settings import DATA_DIR
from bot.stations.geo import gcj02_to_wgs84, haversine_m, wgs84_to_gcj02
from tests.e2e.harness import BotProcess, Member, inline_labels, inline_urls, message_id
from tests.fakebotapi.server import Call

pytestmark = pytest.mark.asyncio(loop_scope="module")

MEMBER_MENU = {"start", "stations", "profile", "language", "mydata", "help", "cancel"}
# "1. 定海劳动者驿站（示例） · 850 米 · 步行约 13 分钟"
STATION_LINE = re.compile(r"^(\d+)\. (.+) · ([\d.]+) (米|公里) · 步行约 (\d+) 分钟$", re.M)
PHONE = "8613912345678"
CJK = re.compile(r"[\u4e00-\u9fff]")


def is_results(call: Call) -> bool:
    """A page of /stations results: open stations, or the nearest closed ones."""
    text = call.text or ""
    return "开放中的驿站" in text and "点 📍 编号查看地图和导航" in text


def sample_station(code: str) -> dict[str, str]:
    with (DATA_DIR / "stations_sample.csv").open(encoding="utf-8-sig", newline="") as fh:
        return next(row for row in csv.DictReader(fh) if row["code"] == code)


def near_dinghai() -> tuple[float, float]:
    """Where a phone (WGS-84) reports a rider ≈700 m from the sample Dinghai station."""
    row = sample_station("ZS-DH-001")
    assert row["crs"].lower() == "gcj02", row
    lat, lon = gcj02_to_wgs84(float(row["lat"]), float(row["lon"]))
    return lat + 0.005, lon + 0.004


# -- 1. start-up ----------------------------------------------------------------------

async def test_startup_sets_the_command_menu(bot: BotProcess) -> None:
    """getMe, then the menu in Chinese for everyone and in English for English clients."""
    assert bot.api.calls("getMe", ok=True)
    default = bot.api.get_commands("default", "")
    chinese = bot.api.get_commands("default", "zh")
    english = bot.api.get_commands("default", "en")
    assert default is not None and english is not None, bot.api.commands
    assert default == chinese
    names = [c["command"] for c in default]
    assert MEMBER_MENU <= set(names), names
    assert names == [c["command"] for c in english]
    zh = {c["command"]: c["description"] for c in default}
    en = {c["command"]: c["description"] for c in english}
    assert zh["stations"] == "查找附近开放的职工驿站"
    assert zh["profile"] == "个人资料" and zh["help"] == "帮助"
    assert all(CJK.search(d) for d in zh.values()), zh
    assert en["stations"] == "Find open rest stations nearby"
    assert en["profile"] == "Your profile" and en["help"] == "Help"
    assert not any(CJK.search(d) for c, d in en.items() if c != "language"), en


# -- 2. deep link and consent ---------------------------------------------------------------

async def test_deep_link_then_consent_opens_the_menu(bot: BotProcess, user_id: int) -> None:
    """A poster's link asks consent first; agreeing edits the question and opens the menu."""
    member = Member(bot, user_id, first_name="王")
    asked = await member.send("/start branch-dinghai", "你同意为此跨境处理你的信息吗")
    assert asked.last.method == "sendMessage"
    assert asked.last.text is not None and asked.last.text.startswith("你好！我是工会职工服务助手")
    assert inline_labels(asked.last) == ["✅ 同意", "不同意"]
    consent_id = message_id(asked.last)

    agreed = await member.press("✅ 同意", "已记录你所属的工会：定海区总工会")
    assert agreed.toast is None and agreed.of("answerCallbackQuery")  # the spinner stops
    edit = agreed.of("editMessageText")
    assert len(edit) == 1 and edit[0].params["message_id"] == consent_id
    shown = member.message(consent_id)
    assert shown["text"] == "✅ 谢谢，已记录你的同意。"
    assert "reply_markup" not in shown  # the consent buttons are gone
    menu = next(c for c in agreed.of("sendMessage") if c.text == "欢迎！请选择你需要的服务：")
    labels = inline_labels(menu)
    assert {"🏠 附近驿站", "👤 个人资料", "❓ 帮助"} <= set(labels), labels

    # The branch came from the poster's link: /mydata shows it.
    data = await member.send("/mydata", "我们不保存")
    assert "工会：定海区总工会" in data.text


# -- 3. profile -----------------------------------------------------------------------------

async def test_profile_with_the_contact_button(bot: BotProcess, user_id: int) -> None:
    """Name, the request_contact button, choices, a toggle redrawn in place, summary, save."""
    member = Member(bot, user_id)
    await member.agree()
    await member.send("/profile", "请输入你的姓名")
    asked = await member.send("王 芳", "分享手机号")
    assert asked.last.params["reply_markup"]["keyboard"], asked.last.params
    buttons = member.reply_keyboard_buttons()
    assert [b["text"] for b in buttons] == ["📱 分享手机号"]
    assert buttons[0].get("request_contact") is True

    got = await member.reply_button("📱 分享手机号", "你属于哪个工会", phone_number=PHONE)
    assert got.texts[0] == "📱 已收到手机号。"
    assert got.calls[0].params["reply_markup"] == {"remove_keyboard": True}
    assert member.api.reply_keyboard(member.id) is None
    assert {"定海区总工会", "临平区总工会"} <= set(inline_labels(got.last))

    await member.press("定海区总工会", "你的职业是")
    titles = await member.press("外卖骑手", "你有以下荣誉称号吗")
    titles_id = message_id(titles.last)
    toggled = await member.press("☐ 技术标兵", lambda c: c.method == "editMessageText")
    assert toggled.last.params["message_id"] == titles_id  # redrawn in place
    assert "☑ 技术标兵" in inline_labels(toggled.last)

    summary = await member.press("✔ 完成", "请核对你的资料")
    for line in ("姓名：王 芳", "手机：+8613912345678", "工会：定海区总工会", "职业：外卖骑手",
                 "称号：技术标兵"):
        assert line in summary.text, summary.text
    saved = await member.press("💾 保存", "个人资料已保存")
    assert saved.texts == ["✅ 个人资料已保存。"]
    again = await member.send("/mydata", "我们不保存")
    assert "姓名：王 芳" in again.text and "手机：+8613912345678" in again.text


# -- 4. stations ----------------------------------------------------------------------------

async def test_station_search_pages_and_pins(bot: BotProcess, user_id: int) -> None:
    """Need, the request_location button, a page of stations, the next page, one pin."""
    member = Member(bot, user_id)
    await member.agree()
    need = await member.send("/stations", "你现在最需要什么")
    assert "手机充电" in inline_labels(need.last)
    where = await member.press("手机充电", "发送位置")
    assert [(b["text"], b.get("request_location")) for b in member.reply_keyboard_buttons()] == [
        ("📍 发送位置", True)], where.last.params

    lat, lon = near_dinghai()
    found = await member.reply_button("📍 发送位置", is_results, latitude=lat, longitude=lon)
    assert found.texts[0].startswith("📍 已收到位置")
    assert member.api.reply_keyboard(member.id) is None
    page1 = found.last
    text = page1.text or ""
    assert "（手机充电）" in text
    assert re.search(r"有 \d+ 个开放中的驿站（手机充电），第 1/\d+ 页", text) or (
        "暂时没有开放中的驿站" in text), text
    lines = STATION_LINE.findall(text)
    assert [int(n) for n, *_ in lines] == [1, 2], text  # two per page (UNIONBOT_STATION_PAGE_SIZE)
    labels = inline_labels(page1)
    assert {"📍 1", "📍 2", "更多 ▶", "换个需求", "完成"} <= set(labels), labels

    results_id = message_id(page1)
    more = await member.press("更多 ▶", is_results)
    assert more.last.method == "editMessageText"
    assert more.last.params["message_id"] == results_id
    text2 = more.last.text or ""
    assert "第 2/" in text2 or "暂时没有开放中的驿站" in text2
    lines2 = STATION_LINE.findall(text2)
    assert lines2 and int(lines2[0][0]) == 3, text2
    assert "◀ 上一页" in inline_labels(more.last)

    pinned = await member.press("📍 3", is_results)
    venue = pinned.of("sendVenue")
    assert len(venue) == 1
    v = venue[0].params
    _, name, amount, unit, walk = lines2[0]
    assert v["title"] == name
    shown_m = float(amount) * (1000 if unit == "公里" else 1)
    actual_m = haversine_m(lat, lon, float(v["latitude"]), float(v["longitude"]))
    assert abs(actual_m - shown_m) <= (60 if unit == "公里" else 2), (actual_m, amount, unit)
    assert int(walk) >= 1

    card = next(c for c in pinned.of("sendMessage") if (c.text or "").startswith("🏠 "))
    assert card.text is not None and name in card.text and "开放时间：" in card.text
    (url,) = inline_urls(card)
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("uri.amap.com", "/marker"), url
    query = parse_qs(parts.query)
    assert query["coordinate"] == ["gaode"] and query["name"] == [name]
    glon, glat = (float(x) for x in query["position"][0].split(","))
    # Amap takes GCJ-02: the link is the venue's WGS-84 point converted back.
    assert (glat, glon) == pytest.approx(wgs84_to_gcj02(v["latitude"], v["longitude"]),
                                         abs=2e-6)
    assert pinned.last.text == text2  # the page is shown again below the card

    bye = await member.press("完成", "祝你一路平安")
    assert bye.texts[-1].startswith("祝你一路平安")


# -- 5. bad input --------------------------------------------------------------------------

async def test_bad_input_gets_a_polite_answer(bot: BotProcess, user_id: int) -> None:
    """Noise, stale and forged buttons, impossible places: an answer each, and no harm."""
    member = Member(bot, user_id)
    welcome = await member.agree()
    consent_id = welcome.of("editMessageText")[0].params["message_id"]
    await member.send("/profile", "请输入你的姓名")

    got = await member.sticker("请输入你的姓名")
    assert got.texts[0].startswith("抱歉，我只能读取文字")
    got = await member.send("长" * 5000, "请输入你的姓名")
    assert got.texts[0] == "消息太长了（最多 1000 个字），请简短一些。"
    long_id = got.update["message"]["message_id"]
    got = await member.send("/frobnicate", "没有 /frobnicate 这个命令")
    got = await member.edit(long_id, "王芳", "我不会重新读取修改过的消息")
    assert got.texts == ["我不会重新读取修改过的消息。如需更正，请重新发送一条。"]

    await member.send("张伟", "分享手机号")  # the form still moves on
    await member.contact(PHONE, "你属于哪个工会")
    branch_id, branch_data = member.button("定海区总工会")
    await member.press("定海区总工会", "你的职业是")

    stale = await member.press_data(branch_id, branch_data, lambda c: c.method
                                    == "answerCallbackQuery")
    assert stale.toast == "这是之前消息上的按钮，已失效。请使用最新一条消息的按钮。"
    again = await member.press_data(consent_id, "consent:yes:", lambda c: c.method
                                    == "answerCallbackQuery")
    assert again.toast == "你已经同意过了。"
    forged = await member.press_data(branch_id, "garbage", lambda c: c.method
                                     == "answerCallbackQuery")
    assert forged.toast == "这个按钮无法识别，已忽略。"
    job_id, job_data = member.button("外卖骑手")
    nonce = job_data.partition(":")[0]
    bogus = await member.press_data(job_id, f"{nonce}:astronaut", "你的职业是")
    assert bogus.texts[0] == "这个按钮无法识别，已忽略。"
    assert not bogus.of("sendMessage")[0].params.get("reply_markup")
    await member.press("外卖骑手", "你有以下荣誉称号吗")  # still advances

    # Another command interrupts the form; bad locations at the location step.
    await member.send("/stations", "你现在最需要什么")
    await member.press("都可以", "发送位置")
    got = await member.location(0.0, 0.0, "发送位置")
    assert got.texts[0] == "这个位置（0,0）无效，请打开手机定位后重新发送。"
    assert member.reply_keyboard_buttons()[0].get("request_location") is True
    got = await member.location(48.8566, 2.3522, "发送位置")  # Paris
    assert got.texts[0].startswith("这个位置不在中国境内")
    got = await member.sticker("发送位置")
    assert got.texts[0].startswith("抱歉，我只能读取文字")
    lat, lon = near_dinghai()
    found = await member.reply_button("📍 发送位置", is_results, latitude=lat, longitude=lon)
    assert STATION_LINE.search(found.last.text or "")

    # Leaving the search offers the interrupted profile back, at the step it was on.
    offer = await member.press("完成", "还没有完成，要继续吗")
    assert "你之前在「个人资料」中还没有完成" in offer.text
    resumed = await member.press("▶ 继续", "你有以下荣誉称号吗")
    assert "☐ 技术标兵" in inline_labels(resumed.last)


# -- 6. restart ------------------------------------------------------------------------------

async def test_a_restart_resumes_the_form(bot: BotProcess, user_id: int) -> None:
    """The form lives in the database: a new process takes the contact at the next step."""
    member = Member(bot, user_id)
    await member.agree()
    await member.send("/profile", "请输入你的姓名")
    await member.send("李娜", "分享手机号")
    await bot.api.wait_confirmed(timeout=bot.step_timeout)

    await bot.restart()  # SIGTERM, must exit 0; a new process on the same database

    got = await member.reply_button("📱 分享手机号", "你属于哪个工会", phone_number=PHONE)
    assert got.texts[0] == "📱 已收到手机号。"
    await member.press("临平区总工会", "你的职业是")  # buttons drawn by the new process work
    await member.press("快递员", "你有以下荣誉称号吗")
    await member.press("✔ 完成", "请核对你的资料")
    summary = member.api.texts(member.id)[-1]
    assert "姓名：李娜" in summary and "工会：临平区总工会" in summary, summary

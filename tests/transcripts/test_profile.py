"""/profile end to end: contact button, choices, toggles, summary edits, back and cancel."""

from __future__ import annotations

from bot.app import App
from tests.support.chat import Client, text_of
from tests.transcripts.test_onboarding import agree, stored_member


async def fill_profile(member: Client) -> None:
    await member.send("/profile")
    await member.send("王 芳")
    await member.contact("+8613912345678")
    await member.press("南浔区总工会")
    await member.press("外卖骑手")
    await member.press("劳动模范")
    await member.press("技术标兵")
    await member.press("完成")
    await member.press("市级")


async def test_profile_saved_only_after_review(member: Client, app: App) -> None:
    await agree(member)
    await fill_profile(member)
    row = await stored_member(app)
    assert row is not None and row["name"] is None  # nothing written before "save"
    seen = await member.press("保存")
    assert "个人资料已保存" in text_of(seen)
    row = await stored_member(app)
    assert row is not None
    assert (row["name"], row["phone"], row["branch"], row["occupation"]) == (
        "王 芳",
        "+8613912345678",
        "nanxun",
        "delivery_rider",
    )
    assert sorted(row["titles"]) == ["labour_model_city", "tech_pacesetter"]


async def test_summary_edits_one_field(member: Client, app: App) -> None:
    await agree(member)
    await fill_profile(member)
    seen = await member.press("改职业")
    assert "你的职业是" in text_of(seen)
    seen = await member.press("快递员")
    text = text_of(seen)
    assert (
        "职业：快递员" in text and "姓名：王 芳" in text and "称号：市级劳动模范, 技术标兵" in text
    )
    await member.press("保存")
    assert (await stored_member(app) or {})["occupation"] == "courier"
    # A saved profile opens on its summary.
    seen = await member.send("/profile")
    assert "请核对你的资料" in text_of(seen)


async def test_typed_phone_and_foreign_contact_are_refused(member: Client) -> None:
    await agree(member)
    await member.send("/profile")
    await member.send("王芳")
    seen = await member.send("13912345678")
    assert "请使用下方「分享手机号」按钮" in text_of(seen)
    assert seen[-1].keyboard == "contact"  # the button is offered again
    seen = await member.contact("+8613912345678", own=False)
    assert "请分享你自己的手机号" in text_of(seen)
    seen = await member.contact("+14155550100")
    assert "中国大陆手机号" in text_of(seen)
    seen = await member.contact("+8613912345678")
    assert "已收到手机号" in text_of(seen) and seen[0].keyboard == "remove"
    assert "你属于哪个工会" in text_of(seen)


async def test_bad_names_get_a_reason(member: Client) -> None:
    await agree(member)
    await member.send("/profile")
    assert "不含数字" in text_of(await member.send("王芳2"))
    assert "不含数字" in text_of(await member.send("😀😀"))
    assert "最多 20 个字" in text_of(await member.send("王" * 21))
    assert "分享手机号" in text_of(await member.send("王芳"))


async def test_back_and_cancel(member: Client, app: App) -> None:
    await agree(member)
    await member.send("/profile")
    await member.send("王芳")
    await member.contact("+8613912345678")
    seen = await member.press("上一步")
    assert "分享手机号" in text_of(seen)
    await member.contact("+8613912345678")
    await member.press("临海市总工会")
    seen = await member.press("取消")
    assert "已取消「个人资料」" in text_of(seen)
    row = await stored_member(app)
    assert row is not None and row["name"] is None and row["branch"] is None


async def test_typed_branch_and_titles_double_press(member: Client) -> None:
    await agree(member)
    await member.send("/profile")
    await member.send("王芳")
    await member.contact("+8613912345678")
    await member.send("舟山市普陀区总工会")
    await member.press("环卫工人")
    toggle = member.button_data("浙江工匠")
    await member.press_data(toggle)
    seen = await member.press_data(toggle)  # the second of a double press changes nothing
    assert text_of(seen).count("☑") <= 1
    seen = await member.press("完成")
    text = text_of(seen)
    assert "工会：舟山市普陀区总工会" in text and "称号：浙江工匠" in text

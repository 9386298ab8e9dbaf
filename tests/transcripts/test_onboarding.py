"""/start, consent, language, help, privacy: one transcript on console, PTB and aiogram."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from storage.tables import audit_t, member_t
from tests.support.chat import USER, Client, text_of


async def stored_member(app: App) -> dict | None:
    async with app.engine.connect() as conn:
        row = (await conn.execute(select(member_t).where(member_t.c.user_id == USER))).first()
    return dict(row._mapping) if row else None


async def agree(member: Client, start: str = "/start") -> None:
    await member.send(start)
    await member.press("同意")


async def test_nothing_is_stored_before_consent(member: Client, app: App) -> None:
    seen = await member.send("/start")
    assert "跨境" in text_of(seen)
    assert seen[-1].buttons == ["✅ 同意", "不同意"]
    assert await stored_member(app) is None
    # Anything else before consent only repeats the question.
    seen = await member.send("/stations")
    assert "跨境" in text_of(seen)
    assert await stored_member(app) is None


async def test_declining_keeps_nothing(member: Client, app: App) -> None:
    await member.send("/start")
    seen = await member.press("不同意")
    assert "没有保存" in text_of(seen)
    assert await stored_member(app) is None


async def test_consent_then_main_menu(member: Client, app: App) -> None:
    await member.send("/start")
    seen = await member.press("✅ 同意")
    text = text_of(seen)
    assert "已记录你的同意" in text and "请选择你需要的服务" in text
    assert "🏠 附近驿站" in seen[-1].buttons
    row = await stored_member(app)
    assert row is not None and row["locale"] == "zh-CN" and row["consent_at"] is not None
    # Consent is asked once: a second /start goes straight to the menu.
    seen = await member.send("/start")
    assert "跨境" not in text_of(seen) and "请选择你需要的服务" in text_of(seen)


async def test_consent_typed_as_its_label(member: Client, app: App) -> None:
    """A member who types 「同意」 instead of pressing 「✅ 同意」 has answered as clearly."""
    await member.send("/start")
    seen = await member.send("同意")
    assert "已记录你的同意" in text_of(seen) and "🏠 附近驿站" in seen[-1].buttons
    row = await stored_member(app)
    assert row is not None and row["consent_at"] is not None


async def test_refusal_typed_as_its_label_keeps_nothing(member: Client, app: App) -> None:
    await member.send("/start")
    # Words that merely contain the label are not an answer: the question stays.
    seen = await member.send("我同意吗？")
    assert "跨境" in text_of(seen) and await stored_member(app) is None
    seen = await member.send("不同意")
    assert "没有保存" in text_of(seen)
    assert await stored_member(app) is None


async def test_a_choice_typed_without_its_emoji(member: Client) -> None:
    await agree(member)
    await member.send("/settings")
    seen = await member.send("关闭工会通知")  # the button reads 「🔕 关闭工会通知」
    assert "已保存" in text_of(seen) and "已关闭" in text_of(seen)
    await member.send("/settings")
    seen = await member.send("关闭")  # part of a label is not a choice: asked again
    assert "请点选下方的一个选项" in text_of(seen) and "通知设置" in text_of(seen)


async def test_deep_link_names_the_branch(member: Client, app: App) -> None:
    await member.send("/start branch-nanxun")
    seen = await member.press("✅ 同意")
    assert "南浔区总工会" in text_of(seen)
    row = await stored_member(app)
    assert row is not None and row["branch"] == "nanxun" and row["source"] == "branch-nanxun"


async def test_language_switch_and_help(member: Client) -> None:
    await agree(member)
    await member.send("/language")
    seen = await member.press("English")
    assert "Switched to English" in text_of(seen)
    seen = await member.send("/help")
    assert "/stations" in text_of(seen) and "find open rest stations" in text_of(seen)
    await member.send("/language")
    seen = await member.press("简体中文")
    assert "已切换为简体中文" in text_of(seen)


async def test_english_client_is_greeted_in_english(app: App) -> None:
    from tests.support.chat import client_for

    async with client_for("console", app, language_code="en") as english:
        seen = await english.send("/start")
        assert "cross-border" in text_of(seen)


async def test_mydata_shows_and_forget_erases(member: Client, app: App) -> None:
    await agree(member, "/start branch-linhai")
    seen = await member.send("/mydata")
    text = text_of(seen)
    assert "临海市总工会" in text and "不保存" in text
    await member.send("/forget")
    seen = await member.press("保留")
    assert "保持不变" in text_of(seen) and await stored_member(app) is not None
    await member.send("/forget")
    seen = await member.press("确定删除")
    assert "已删除" in text_of(seen)
    assert await stored_member(app) is None
    async with app.engine.connect() as conn:
        audits = (await conn.execute(select(audit_t))).all()
    assert [(a.action, a.actor) for a in audits] == [("member.erased", None)]
    # After erasure the member is a stranger again.
    assert "跨境" in text_of(await member.send("/start"))

"""Bad input, stale and forged buttons, interruptions, expiry and restarts.

Each answer is polite, in the member's language, and leaves the dialog where it was.
"""

from __future__ import annotations

from pathlib import Path

from bot.app import build_app
from tests.support.chat import Client, client_for, text_of
from tests.support.clock import FakeClock
from tests.transcripts.test_onboarding import agree


async def at_name_step(member: Client) -> None:
    await agree(member)
    seen = await member.send("/profile")
    assert "请输入你的姓名" in text_of(seen)


async def still_at_name_step(member: Client) -> None:
    seen = await member.send("王芳")
    assert "分享手机号" in text_of(seen), text_of(seen)


async def test_noise_keeps_the_step(member: Client) -> None:
    await at_name_step(member)
    seen = await member.sticker()
    assert "图片、语音和贴纸无法处理" in text_of(seen) and "请输入你的姓名" in text_of(seen)
    seen = await member.send("长" * 5000)
    assert "消息太长了" in text_of(seen)
    seen = await member.send("/nosuchthing")
    assert "没有 /nosuchthing 这个命令" in text_of(seen)
    seen = await member.edit("改过的消息")
    assert "不会重新读取修改过的消息" in text_of(seen)
    await still_at_name_step(member)


async def test_stale_and_forged_buttons(member: Client) -> None:
    await agree(member)
    await member.send("/language")
    old = member.button_data("English")
    await member.press("English")
    seen = await member.press_data(old)  # the same button again: acts once
    assert seen and seen[-1].toast and "earlier message" in seen[-1].text
    seen = await member.press_data("totally-forged-payload")
    assert seen[-1].toast and "not recognised" in seen[-1].text
    seen = await member.press_data("consent:yes:")
    assert seen[-1].toast


async def test_location_and_choices_where_text_is_expected(member: Client) -> None:
    await at_name_step(member)
    seen = await member.location(30.0, 122.1)
    assert "请按提示回答" in text_of(seen) or "按钮" in text_of(seen)
    await still_at_name_step(member)
    seen = await member.send("随便打的字")  # a phone is expected: only the button works
    assert "分享手机号" in text_of(seen)


async def test_interruption_offers_to_resume(member: Client) -> None:
    await at_name_step(member)
    await member.send("王芳")
    seen = await member.send("/language")
    assert "请选择语言" in text_of(seen)
    seen = await member.press("简体中文")
    assert "要继续吗" in text_of(seen) and "个人资料" in text_of(seen)
    seen = await member.press("继续")
    assert "分享手机号" in text_of(seen)  # back where it was, the name kept
    seen = await member.contact("+8613912345678")
    assert "你属于哪个工会" in text_of(seen)


async def test_help_inside_a_form_moves_nothing(member: Client) -> None:
    await at_name_step(member)
    seen = await member.send("/help")
    assert "你正在「个人资料」中" in text_of(seen)
    await still_at_name_step(member)


async def test_abandoned_form_expires(member: Client, clock: FakeClock) -> None:
    await at_name_step(member)
    clock.advance(hours=25)
    seen = await member.send("王芳")
    assert "已超时结束" in text_of(seen)
    seen = await member.send("/profile")
    assert "请输入你的姓名" in text_of(seen)


async def test_restart_continues_the_conversation(tmp_path: Path, clock: FakeClock) -> None:
    """A new process on the same database picks up mid-form, and old buttons still work."""
    from bot.settings import load_settings

    settings = load_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'r.db'}")
    first = await build_app(settings, clock=clock)
    async with client_for("console", first) as member:
        await agree(member)
        await member.send("/profile")
        await member.send("王芳")
        await member.contact("+8613912345678")
        branch_button = member.button_data("临海市总工会")
    await first.close()
    second = await build_app(settings, clock=clock)
    try:
        async with client_for("console", second) as member:
            seen = await member.press_data(branch_button)
            assert "你的职业是" in text_of(seen)
    finally:
        await second.close()


async def test_two_apps_on_one_database_never_lose_an_answer(
    tmp_path: Path, clock: FakeClock
) -> None:
    """Two processes answering the same member concurrently: each update applies once."""
    import asyncio

    from bot.settings import load_settings
    from dialogs.model import Event, Kind

    settings = load_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    a = await build_app(settings, clock=clock)
    b = await build_app(settings, clock=clock)
    try:
        async with client_for("console", a) as member:
            await agree(member)
            await member.send("/profile")
            await member.send("王芳")
            await member.contact("+8613912345678")
            await member.press("临海市总工会")
            await member.press("外卖骑手")
            data = member.button_data("浙江工匠")
            nonce = data.split(":")[0]
        # Toggle four different titles at once, half through each process.
        codes = ["craftsman_zhejiang", "tech_pacesetter", "chief_technician", "craftsman_nanxun"]
        events = [
            Event(Kind.BUTTON, user_id=4242, chat_id=4242, data=f"{nonce}:+{c}") for c in codes
        ]
        await asyncio.gather(
            *((a if i % 2 else b).conversation.handle(e) for i, e in enumerate(events))
        )
        async with client_for("console", a) as member:
            seen = await member.press_data(f"{nonce}:done")
            text = text_of(seen)
        for label in ("浙江工匠", "技术标兵", "首席技工", "南浔工匠"):
            assert label in text
    finally:
        await a.close()
        await b.close()

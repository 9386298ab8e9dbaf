"""/loans on console, PTB and aiogram: facts from the profile, guided questions, verdicts."""

from __future__ import annotations

from typing import Any

from bot.app import App
from storage import members
from tests.support.chat import USER, Client, text_of
from tests.transcripts.test_onboarding import agree, stored_member

NOT_ASKED = ("你属于哪个工会", "你有以下荣誉称号吗", "您是为个人贷款")


async def with_profile(member: Client, app: App, **fields: Any) -> None:
    """A member who agreed and whose profile holds ``fields`` (the profile flow is tested
    elsewhere; here only what the loan rules read matters)."""
    await agree(member)
    async with app.engine.begin() as conn:
        await members.change(conn, USER, {"occupation": "factory_worker", **fields})


async def test_pacesetter_sees_craftsman_tier_and_why_not_the_model_loan(
        member: Client, app: App) -> None:
    await with_profile(member, app, branch="nanxun", titles=["tech_pacesetter"])
    seen = await member.send("/loans")
    text = text_of(seen)
    # Everything the rules need is in the profile: no question at all.
    assert not any(q in text for q in NOT_ASKED)
    assert "7 个工会贷款产品中有 1 个适合你（个人贷款 1 个）：匠心贷" in text
    assert "你的档次：工匠贷 · 额度最高 20万元" in text
    assert "年利率：3.6975%" in text and "（⚠ 假设）" in text
    assert "4.35% × (1 − 15%) = 3.6975%" in text
    assert "更高档次未达到：劳模贷（最高300,000元）：需要以下称号之一：南浔工匠" in text
    assert "担保方式：信用贷款" in text and "还款方式：随借随还" in text
    assert "你实际承担：利息由您自行承担，年利率3.6975%" in text
    assert "⚠ 假设：南浔银行同档次同期限利率报道未公布" in text
    assert member.button_data("申请") == "menu:apply nanxun_jiangxin"
    assert member.button_data("算一算月供") == "menu:calc nanxun_jiangxin craftsman_loan"
    # The other programmes, with their reasons, on the next page.
    seen = await member.press("下一页")
    assert seen[-1].edit
    xianyou = "❌ 劳模·工匠贷（个人贷款） · 个人贷款：仅限福建省莆田市仙游县工会会员申请"
    assert xianyou in seen[-1].text
    assert "❌ 吉工·双创贴息贷 · 企业贷款：仅限吉林省工会会员申请" in seen[-1].text
    await member.press("上一页")
    # "Monthly payment" opens the calculator preset with this tier's cap and rate rule.
    seen = await member.press("算一算月供")
    assert "🧮 匠心贷 · 工匠贷" in text_of(seen) and "可贷 1 元 至 20万元" in text_of(seen)
    assert "金额须在 1 元至 200,000 元之间" in text_of(await member.send("30万"))
    await member.send("20万")
    assert "期限须在 1 至 36 个月之间" in text_of(await member.send("5年"))  # the tier's limit
    seen = await member.send("1年")
    text = text_of(seen)
    # The programme lends draw-as-needed only: no method question, interest on actual days.
    assert "贷款 20万元 · 12 个月 · 随借随还 · 年利率 3.6975%" in text
    assert "全额用 1 天的利息：20.54 元" in text and "全额用 30 天的利息：616.25 元" in text
    assert "CSV" not in " ".join(seen[-1].buttons)
    seen = await member.press("完成")
    assert "要继续吗" in text_of(seen)  # the verdicts wait to be resumed
    seen = await member.press("继续")
    assert "你的档次：工匠贷" in text_of(seen)


async def test_ordinary_member_gets_the_member_tier(member: Client, app: App) -> None:
    await with_profile(member, app, branch="nanxun", titles=[])
    text = text_of(await member.send("/loans"))
    assert not any(q in text for q in NOT_ASKED)
    assert "你的档次：会员贷 · 额度最高 10万元" in text
    assert "4.35% × (1 + 10%) = 4.785%" in text
    assert "更高档次未达到：工匠贷（最高200,000元）：需要以下称号之一：技术标兵或首席技工" in text
    seen = await member.press("完成")
    assert "需要时发送 /loans 再查" in text_of(seen)


async def test_labour_model_in_jingdezhen_answers_and_changes_an_answer(
        member: Client, app: App) -> None:
    await with_profile(member, app, branch="jingdezhen", titles=["labour_model_city"])
    seen = await member.send("/loans")
    text = text_of(seen)
    # Only the question a programme still needs; none the profile answers.
    assert "您是为个人贷款，还是为您创办的企业贷款？（还需回答 2 个问题）" in text
    assert "这个问题关系到：瓷都工贷（创业企业）" in text
    assert "你属于哪个工会" not in text and "征信" not in text
    assert seen[-1].buttons[:2] == ["个人贷款", "企业贷款"]
    text = text_of(await member.press("个人贷款"))
    assert "✅ 瓷都工贷（个人） · 个人贷款" in text
    assert "你的档次：劳模工匠职工 · 额度最高 50万元" in text
    assert "贴息：工会全额贴息" in text and "您实际承担的利息为0" in text
    # Change the answer: the company loan for a small firm instead.
    text = text_of(await member.press("改上一个回答"))
    assert "您是为个人贷款" in text
    text = text_of(await member.press("企业贷款"))
    assert "您的企业是初创企业或小微企业吗？（还需回答 1 个问题）" in text
    text = text_of(await member.press("是"))
    assert "✅ 瓷都工贷（创业企业） · 企业贷款" in text and "额度最高 200万元" in text
    assert "（企业贷款 1 个）" in text
    # The calculator shows what the member pays the bank and what the union refunds.
    await member.press("算一算月供")
    await member.send("30万")
    seen = await member.send("3年")
    assert seen[-1].buttons[:4] == ["等额本息", "等额本金", "先息后本", "随借随还"]
    text = text_of(await member.press("等额本息"))
    assert "年利率 3.00%" in text and "1年期LPR" in text
    assert "每月还款：8,724.36 元" in text and "利息合计：14,077.06 元" in text
    assert "工会事后分批退还利息共 14,077.06 元" in text
    assert "你实际承担的利息：0.00 元；本金加利息的净成本：300,000.00 元" in text


async def test_blank_profile_is_asked_branch_and_titles_once(member: Client, app: App) -> None:
    await agree(member)
    seen = await member.send("/loans")
    assert "你属于哪个工会" in text_of(seen)
    await member.press("南浔区总工会")
    seen = await member.press("取消")
    assert "已取消「工会贷款资格查询」" in text_of(seen)
    assert (await stored_member(app) or {})["branch"] is None  # a cancelled check keeps nothing
    await member.send("/loans")
    await member.press("南浔区总工会")
    seen = await member.press("技术标兵")
    assert seen[-1].edit and "☑ 技术标兵" in seen[-1].buttons
    text = text_of(await member.press("完成"))
    assert "已记入个人资料" in text and "你的档次：工匠贷" in text
    row = await stored_member(app) or {}
    assert (row["branch"], row["titles"]) == ("nanxun", ["tech_pacesetter"])
    await member.press("完成")
    # Answered once, never asked again.
    text = text_of(await member.send("/loans"))
    assert not any(q in text for q in NOT_ASKED) and "你的档次：工匠贷" in text

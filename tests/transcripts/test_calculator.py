"""/calc on console, PTB and aiogram: DOMAIN.md's worked examples as the member sees them."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from bot.app import App
from tests.support.chat import Client, text_of
from tests.transcripts.test_onboarding import agree


async def calculate(member: Client, amount: str, term: str, method: str, rate: str) -> str:
    await member.send("/calc")
    await member.send(amount)
    await member.send(term)
    await member.press(method)
    return text_of(await member.send(rate))


async def test_preset_tier_equal_instalments_equal_principal_and_the_csv(
        member: Client) -> None:
    await agree(member)
    # What the "monthly payment" button under the Xianyou verdict sends.
    seen = await member.send("/calc xianyou_model_craftsman_personal model_or_craftsman")
    assert "🧮 劳模·工匠贷（个人贷款） · 劳模工匠个人贷款" in text_of(seen)
    assert "可贷 20万元 至 100万元" in text_of(seen)
    assert "金额须在 200,000 元至 1,000,000 元之间" in text_of(await member.send("10万"))
    await member.send("500000")
    seen = await member.send("120")
    assert seen[-1].buttons[:3] == ["等额本息", "等额本金", "先息后本"]  # the programme's
    text = text_of(await member.press("等额本息"))  # no rate question: the tier's is quoted
    assert "贷款 50万元 · 120 个月 · 等额本息 · 年利率 4.30%" in text
    assert "利率：固定年利率4.30%" in text
    assert "每月还款：5,133.85 元" in text
    assert "第 1 期：5,133.85 元（本金 3,342.18 元 + 利息 1,791.67 元）" in text
    assert "最后一期（第 120 期）：5,134.14 元" in text
    assert "利息合计：116,062.29 元" in text and "还款总额：616,062.29 元" in text
    assert member.button_data("申请") == "menu:apply xianyou_model_craftsman_personal"
    # The full schedule as a spreadsheet file: UTF-8 with a BOM, plain numbers.
    seen = await member.press("完整还款计划")
    document = next(s for s in seen if s.document)
    assert document.document == "repayment-500000-120m-equal_instalments.csv"
    assert document.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(document.content.decode("utf-8-sig"))))
    assert rows[0] == ["期数", "月供（元）", "本金（元）", "利息（元）", "剩余本金（元）"]
    assert rows[1] == ["1", "5133.85", "3342.18", "1791.67", "496657.82"]
    assert rows[120][:2] == ["120", "5134.14"] and rows[120][-1] == "0.00"
    assert rows[121][0] == "合计" and rows[121][3] == "116062.29"
    # Same loan, the other method: only what changes is asked.
    seen = await member.press("换个还款方式")
    assert "怎么还款" in text_of(seen)
    text = text_of(await member.press("等额本金"))
    assert "首月还款：5,958.34 元（之后逐月递减）" in text
    assert "最后一期（第 120 期）：4,181.20 元" in text and "利息合计：108,395.74 元" in text
    # Another amount and term, the method kept; the term is bounded by the tier.
    seen = await member.press("换个金额")
    assert "想贷多少钱" in text_of(seen)
    await member.send("100万")
    assert "期限须在 1 至 120 个月之间" in text_of(await member.send("30年"))
    text = text_of(await member.send("5年"))
    assert "贷款 100万元 · 60 个月 · 等额本金 · 年利率 4.30%" in text
    seen = await member.press("完成")
    assert "需要时发送 /calc 再算一次" in text_of(seen)


async def test_interest_first_typed_the_chinese_way(member: Client) -> None:
    await agree(member)
    text = await calculate(member, "二十万", "1年", "先息后本", "3.45%")
    assert "贷款 20万元 · 12 个月 · 先息后本 · 年利率 3.45%" in text
    assert "每月还款（只还利息）：575.00 元" in text
    assert "最后一期（第 12 期）：200,575.00 元" in text and "利息合计：6,900.00 元" in text


async def test_bad_input_keeps_the_step_and_names_the_range(member: Client) -> None:
    await agree(member)
    await member.send("/calc")
    for typed, says in (("abc", "没看懂这个金额"), ("-5", "金额不能是负数"),
                        ("0", "金额必须大于 0"), ("1e9", "科学计数法"),
                        ("10亿", "金额须在 1 元至 10,000,000 元之间")):
        text = text_of(await member.send(typed))
        assert says in text and "1 元" in text and "1000万元" in text, typed
        assert "想贷多少钱" in text  # the same question again
    await member.send("1.5万")
    for typed, says in (("abc", "没看懂这个期限"), ("31年", "期限须在 1 至 360 个月之间")):
        text = text_of(await member.send(typed))
        assert says in text and "360" in text and "贷多久" in text, typed
    seen = await member.send("1年半")
    assert "怎么还款" in text_of(seen)
    await member.press("等额本息")
    for typed, says in (("abc", "0 至 36 之间的年利率"), ("50", "0 至 36 之间的年利率"),
                        ("0.0345", "是不是想写 3.45%")):
        text = text_of(await member.send(typed))
        assert says in text and "年利率是多少" in text, typed
    # Back goes one step up; cancel ends the calculator.
    seen = await member.press("上一步")
    assert "怎么还款" in text_of(seen)
    seen = await member.send("/cancel")
    assert "已取消「贷款计算器」" in text_of(seen)


async def test_rounding_convention_is_a_setting(app: App) -> None:
    """UNIONBOT_ROUNDING picks where the residue goes; the default matches DOMAIN.md."""
    from bot.loans.calculator import Method, RoundingConvention, schedule

    assert app.settings.rounding == "last_absorbs_residue"
    default = schedule(Decimal("500000"), Decimal("4.30"), 120, Method.EQUAL_INSTALMENTS,
                       convention=RoundingConvention(app.settings.rounding))
    assert default.last_payment == Decimal("5134.14")
    from bot.settings import load_settings

    assert load_settings(rounding="cumulative").rounding == "cumulative"

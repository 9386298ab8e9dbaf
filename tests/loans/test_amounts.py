"""Amounts and terms as members type them; money as they read it."""

from decimal import Decimal as D

import pytest

from bot.loans.amounts import (
    AmountError,
    TermError,
    check_range,
    check_term_range,
    format_cny,
    parse_amount,
    parse_term_months,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100000", "100000"),
        ("100,000", "100000"),
        ("100，000", "100000"),
        ("10万", "100000"),
        ("10万元", "100000"),
        ("十万", "100000"),
        ("10w", "100000"),
        ("10W", "100000"),
        ("1.5万", "15000"),
        ("一百万", "1000000"),
        ("二十万", "200000"),
        ("三千五百", "3500"),
        ("三千五", "3500"),
        ("1万5", "15000"),
        ("一千零五", "1005"),
        ("两万", "20000"),
        ("5千", "5000"),
        ("5k", "5000"),
        ("5K", "5000"),
        ("1.2亿", "120000000"),
        ("一亿二千万", "120000000"),
        ("￥100,000", "100000"),
        ("¥100000", "100000"),
        ("100000元", "100000"),
        ("RMB 5000", "5000"),
        ("１００００", "10000"),
        ("１０万", "100000"),
        (" 10 万 ", "100000"),
        ("壹拾万元整", "100000"),
        ("100,000.5", "100000.50"),
        ("1234.56", "1234.56"),
        ("1.234万", "12340"),
    ],
)
def test_parse_amount_accepts(text: str, expected: str) -> None:
    value = parse_amount(text)
    assert value == D(expected)
    assert value.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "amount-empty"),
        ("   ", "amount-empty"),
        ("元", "amount-empty"),
        ("abc", "amount-not-a-number"),
        ("10五", "amount-not-a-number"),
        ("1,00,000", "amount-not-a-number"),
        ("五百千", "amount-not-a-number"),
        ("万", "amount-not-a-number"),
        ("12.3.4", "amount-not-a-number"),
        ("-5", "amount-negative"),
        ("－5", "amount-negative"),
        ("0", "amount-zero"),
        ("0.00", "amount-zero"),
        ("1e9", "amount-scientific"),
        ("1.5E6", "amount-scientific"),
        ("100.001", "amount-too-many-decimals"),
        ("100.000", "amount-too-many-decimals"),
        ("1" * 41, "amount-too-long"),
    ],
)
def test_parse_amount_rejects(text: str, key: str) -> None:
    with pytest.raises(AmountError) as err:
        parse_amount(text)
    assert err.value.key == key


def test_parse_amount_leaves_range_to_check_range() -> None:
    big = parse_amount("1.2亿")
    with pytest.raises(AmountError) as err:
        check_range(big, D("200000"), D("1000000"))
    assert err.value.key == "amount-out-of-range"
    assert err.value.params == {"min": D("200000"), "max": D("1000000")}
    check_range(D("200000"), D("200000"), D("1000000"))


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("12", 12),
        ("12个月", 12),
        ("12 個月", 12),
        ("１２个月", 12),
        ("24期", 24),
        ("1年", 12),
        ("3年", 36),
        ("十年", 120),
        ("一年半", 18),
        ("两年半", 30),
        ("半年", 6),
        ("1.5年", 18),
        ("1年6个月", 18),
        ("十二", 12),
        ("18 months", 18),
        ("18 Months", 18),
        ("2y", 24),
        ("2 years", 24),
    ],
)
def test_parse_term_months(text: str, months: int) -> None:
    assert parse_term_months(text) == months


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "term-empty"),
        ("abc", "term-not-understood"),
        ("年", "term-not-understood"),
        ("半月", "term-not-understood"),
        ("12 apples", "term-not-understood"),
        ("0", "term-not-understood"),
        ("1.3年", "term-not-whole-months"),
    ],
)
def test_parse_term_rejects(text: str, key: str) -> None:
    with pytest.raises(TermError) as err:
        parse_term_months(text)
    assert err.value.key == key


def test_term_range() -> None:
    check_term_range(120, 1, 120)
    with pytest.raises(TermError) as err:
        check_term_range(121, 1, 120)
    assert (err.value.key, err.value.params) == ("term-out-of-range", {"min": 1, "max": 120})


@pytest.mark.parametrize(
    ("amount", "locale", "compact", "text"),
    [
        ("100000", "zh-CN", False, "100,000.00 元"),
        ("100000", "en", False, "CNY 100,000.00"),
        ("100000", "zh-CN", True, "10万元"),
        ("1000000", "zh-CN", True, "100万元"),
        ("120000000", "zh-CN", True, "1.2亿元"),
        ("100050000", "zh-CN", True, "10005万元"),
        ("15000", "zh-CN", True, "15,000.00 元"),
        ("5133.85", "zh-CN", True, "5,133.85 元"),
        ("100000", "en", True, "CNY 100,000"),
        ("5133.85", "en", True, "CNY 5,133.85"),
    ],
)
def test_format_cny(amount: str, locale: str, compact: bool, text: str) -> None:
    assert format_cny(D(amount), locale, compact=compact) == text

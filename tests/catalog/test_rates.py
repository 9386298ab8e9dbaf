"""Rate derivations: multiplicative adjustments, benchmark bands, LPR + bp, dated fixings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.catalog import Catalog, Message, Rate, RateUnavailable, parse, quote
from bot.catalog.rates import adjust, in_force, plus_bp
from bot.catalog.schema import BasePlusPercent, BenchmarkRate, FixedRate, LprPlusBp
from tests.catalog.conftest import BASE_YAML

ON = date(2026, 3, 1)


@pytest.fixture(scope="module")
def base() -> Catalog:
    result = parse(BASE_YAML)
    assert isinstance(result, Catalog), result
    return result


@pytest.mark.parametrize(
    ("rate", "percent", "expected"),
    [
        ("4.35", "10", "4.785"),
        ("4.35", "-15", "3.6975"),
        ("4.90", "10", "5.39"),
        ("4.90", "-15", "4.165"),
        ("4.35", "0", "4.35"),
    ],
)
def test_percent_adjustments_multiply(rate: str, percent: str, expected: str) -> None:
    assert adjust(Decimal(rate), Decimal(percent)) == Decimal(expected)


def test_basis_points_add() -> None:
    assert plus_bp(Decimal("3.00"), 50) == Decimal("3.50")
    assert plus_bp(Decimal("3.50"), -20) == Decimal("3.30")


def test_fixed_rate(base: Catalog) -> None:
    rule = FixedRate(kind="fixed", annual=Decimal("4.3"))
    got = quote(base, rule, term_months=120, on=ON)
    assert got.annual_rate == Decimal("4.3")
    assert got.derivation == Message("catalog-rate-fixed", {"rate": Rate(Decimal("4.3"))})
    assert got.fraction == Decimal("0.043")


def test_base_plus_ten_percent_shows_its_working(base: Catalog) -> None:
    rule = BasePlusPercent(kind="base_plus_percent", table="bank_base", percent=Decimal(10))
    got = quote(base, rule, term_months=12, on=ON)
    assert got.annual_rate == Decimal("4.785")
    assert got.derivation_key == "catalog-rate-base-up"
    assert got.derivation_args["base"] == Rate(Decimal("4.35"))
    assert got.derivation_args["percent"] == "10"
    assert got.derivation_args["band"] == Message("catalog-band-up-to", {"to": 12})
    assert got.effective == date(2019, 1, 1)


def test_base_minus_fifteen_percent(base: Catalog) -> None:
    rule = BasePlusPercent(kind="base_plus_percent", table="bank_base", percent=Decimal(-15))
    got = quote(base, rule, term_months=6, on=ON)
    assert got.annual_rate == Decimal("3.6975")
    assert got.derivation_key == "catalog-rate-base-down"
    assert got.derivation_args["percent"] == "15"


@pytest.mark.parametrize(
    ("months", "rate", "band"),
    [
        (1, "4.35", Message("catalog-band-up-to", {"to": 12})),
        (12, "4.35", Message("catalog-band-up-to", {"to": 12})),
        (13, "4.75", Message("catalog-band-range", {"from": 13, "to": 60})),
        (60, "4.75", Message("catalog-band-range", {"from": 13, "to": 60})),
        (61, "4.90", Message("catalog-band-over", {"from": 60})),
        (360, "4.90", Message("catalog-band-over", {"from": 60})),
    ],
)
def test_benchmark_by_term_band(base: Catalog, months: int, rate: str, band: Message) -> None:
    got = quote(base, BenchmarkRate(kind="benchmark"), term_months=months, on=ON)
    assert got.annual_rate == Decimal(rate)
    assert got.derivation_key == "catalog-rate-benchmark"
    assert got.derivation_args["band"] == band


def test_benchmark_floor_wording(base: Catalog) -> None:
    got = quote(base, BenchmarkRate(kind="benchmark", as_low_as=True), term_months=24, on=ON)
    assert got.derivation_key == "catalog-rate-benchmark-floor"
    assert got.annual_rate == Decimal("4.75")


def test_lpr_plus_fifty_bp(base: Catalog) -> None:
    got = quote(base, LprPlusBp(kind="lpr_plus_bp", tenor="1y", bp=50), term_months=12, on=ON)
    assert got.annual_rate == Decimal("3.50")
    assert got.derivation_key == "catalog-rate-lpr-plus"
    assert got.derivation_args["lpr"] == Rate(Decimal("3.00"))
    assert got.derivation_args["bp"] == 50
    assert got.derivation_args["tenor"] == Message("catalog-lpr-1y")


def test_lpr_by_term_uses_five_year_beyond_sixty_months(base: Catalog) -> None:
    rule = LprPlusBp(kind="lpr_plus_bp", bp=0)
    assert quote(base, rule, term_months=60, on=ON).annual_rate == Decimal("3.00")
    five = quote(base, rule, term_months=61, on=ON)
    assert five.annual_rate == Decimal("3.50")
    assert five.derivation_key == "catalog-rate-lpr-flat"


@pytest.mark.parametrize(
    ("on", "rate"),
    [
        (date(2024, 10, 21), "3.10"),
        (date(2025, 5, 19), "3.10"),
        (date(2025, 5, 20), "3.00"),
        (date(2030, 1, 1), "3.00"),
    ],
)
def test_the_fixing_in_force_on_the_date_is_used(base: Catalog, on: date, rate: str) -> None:
    got = quote(base, LprPlusBp(kind="lpr_plus_bp", tenor="1y", bp=0), term_months=12, on=on)
    assert got.annual_rate == Decimal(rate)


def test_no_fixing_before_the_first_effective_date(base: Catalog) -> None:
    with pytest.raises(RateUnavailable) as caught:
        quote(base, LprPlusBp(kind="lpr_plus_bp", bp=0), term_months=12, on=date(2020, 1, 1))
    assert caught.value.key == "catalog-rate-none-in-force"


def test_in_force_ignores_listing_order(base: Catalog) -> None:
    fixings = list(reversed(base.rates.lpr))
    found = in_force(fixings, date(2025, 6, 1))
    assert found is not None and found.effective == date(2025, 5, 20)


def test_sample_nanxun_base_is_an_assumption(sample: Catalog) -> None:
    rule = BasePlusPercent(
        kind="base_plus_percent", table="nanxun_bank_same_tier", percent=Decimal(10)
    )
    got = quote(sample, rule, term_months=12, on=ON)
    assert got.annual_rate == Decimal("4.785")
    assert got.assumption and got.notes


def test_rate_text_keeps_two_to_four_decimals() -> None:
    assert str(Rate(Decimal("3.5"))) == "3.50"
    assert str(Rate(Decimal("4.7850"))) == "4.785"
    assert str(Rate(Decimal("3.6975"))) == "3.6975"
    assert str(Rate(Decimal("5"))) == "5.00"

"""Every worked example of DOMAIN.md, to the fen, plus input validation."""

from datetime import date
from decimal import Decimal as D

import pytest

from bot.loans.calculator import (
    CalcError,
    Draw,
    FullSubsidy,
    LineEvent,
    Method,
    PointsSubsidy,
    Repayment,
    RoundingConvention,
    ShareSubsidy,
    adjust_rate,
    draw_as_needed,
    lpr_plus,
    schedule,
    subsidy,
)


def test_equal_instalments_500k_430_120m() -> None:
    s = schedule(D("500000"), D("4.30"), 120, Method.EQUAL_INSTALMENTS)
    assert s.monthly_payment == D("5133.85")
    first = s.rows[0]
    assert (first.interest, first.principal) == (D("1791.67"), D("3342.18"))
    assert s.last_payment == D("5134.14")
    assert s.total_interest == D("116062.29")
    assert s.total_payment == D("616062.29")
    assert all(row.payment == D("5133.85") for row in s.rows[:-1])


def test_equal_instalments_1m_490_360m() -> None:
    s = schedule(D("1000000"), D("4.90"), 360, Method.EQUAL_INSTALMENTS)
    assert s.monthly_payment == D("5307.27")


def test_equal_principal_500k_430_120m() -> None:
    s = schedule(D("500000"), D("4.30"), 120, Method.EQUAL_PRINCIPAL)
    assert s.first_payment == D("5958.34")
    assert s.last_payment == D("4181.20")
    assert s.total_interest == D("108395.74")


def test_interest_first_200k_345_12m() -> None:
    s = schedule(D("200000"), D("3.45"), 12, Method.INTEREST_FIRST)
    assert all(row.payment == D("575.00") for row in s.rows[:-1])
    assert s.monthly_payment == D("575.00")
    assert s.last_payment == D("200575.00")
    assert s.total_interest == D("6900.00")


def test_draw_as_needed_example() -> None:
    events: list[LineEvent] = [
        Draw(date(2026, 3, 1), D("100000")),
        Repayment(date(2026, 3, 21), D("40000")),
        Repayment(date(2026, 4, 30), D("60000")),
    ]
    result = draw_as_needed(events, D("3.60"))
    assert [s.interest for s in result.segments] == [D("200.00"), D("240.00")]
    assert [s.days for s in result.segments] == [20, 40]
    assert result.total_interest == D("440.00")
    assert result.outstanding == 0


def test_draw_as_needed_until_and_limits() -> None:
    events: list[LineEvent] = [Draw(date(2026, 3, 1), D("100000"))]
    # 31 days of March at 10.00 a day; the end day is not counted.
    assert draw_as_needed(events, D("3.60"), until=date(2026, 4, 1)).total_interest == D("310.00")
    with pytest.raises(CalcError) as over:
        draw_as_needed(events, D("3.60"), limit=D("50000"))
    assert over.value.key == "loan-calc-over-limit"
    with pytest.raises(CalcError) as overpaid:
        draw_as_needed([*events, Repayment(date(2026, 3, 2), D("100000.01"))], D("3.60"))
    assert overpaid.value.key == "loan-calc-overpaid"
    with pytest.raises(CalcError) as empty:
        draw_as_needed([], D("3.60"))
    assert empty.value.key == "loan-calc-draws-empty"


class TestSubsidy:
    sched = schedule(D("300000"), D("3.50"), 36, Method.EQUAL_INSTALMENTS)

    def test_bank_side(self) -> None:
        assert self.sched.monthly_payment == D("8790.62")
        assert self.sched.total_interest == D("16462.47")

    def test_full(self) -> None:
        result = subsidy(self.sched, FullSubsidy())
        assert result.refund == D("16462.47")
        assert result.member_bears == D("0.00")

    def test_two_points(self) -> None:
        # Interest recomputed at 2 % on the same opening balances, rounded per period.
        result = subsidy(self.sched, PointsSubsidy(D("2")))
        assert result.refund == D("9407.14")
        assert result.member_bears == D("7055.33")
        assert result.bank_interest == D("16462.47")
        assert len(result.refunds) == 36
        assert result.refunds[0] == D("500.00")

    def test_points_above_rate_is_full(self) -> None:
        assert subsidy(self.sched, PointsSubsidy(D("5"))).member_bears == D("0.00")

    def test_share(self) -> None:
        result = subsidy(self.sched, ShareSubsidy(D("50")))
        assert abs(result.refund - D("16462.47") / 2) <= D("0.01") * 36
        assert result.refund + result.member_bears == D("16462.47")

    @pytest.mark.parametrize(
        "kind", [PointsSubsidy(D("0")), ShareSubsidy(D("0")), ShareSubsidy(D("101"))]
    )
    def test_invalid(self, kind: PointsSubsidy | ShareSubsidy) -> None:
        with pytest.raises(CalcError) as err:
            subsidy(self.sched, kind)
        assert err.value.key == "loan-calc-subsidy-invalid"


def test_rate_adjustments() -> None:
    assert adjust_rate(D("4.35"), D("10")) == D("4.785")
    assert adjust_rate(D("4.35"), D("-15")) == D("3.6975")
    assert adjust_rate(D("4.90"), D("10")) == D("5.39")
    assert adjust_rate(D("4.90"), D("-15")) == D("4.165")
    assert lpr_plus(D("3.00"), 50) == D("3.50")
    assert lpr_plus(D("3.50"), D("-20")) == D("3.30")
    with pytest.raises(CalcError):
        adjust_rate(D("4.35"), D("-100"))


def test_cumulative_convention_is_close_to_default() -> None:
    default = schedule(D("500000"), D("4.30"), 120, Method.EQUAL_INSTALMENTS)
    cumulative = schedule(
        D("500000"),
        D("4.30"),
        120,
        Method.EQUAL_INSTALMENTS,
        convention=RoundingConvention.CUMULATIVE,
    )
    assert cumulative.monthly_payment == default.monthly_payment
    assert all(row.payment == D("5133.85") for row in cumulative.rows[:-1])
    assert abs(cumulative.total_interest - default.total_interest) < D("1.00")
    assert cumulative.rows[-1].balance == D("0.00")


def test_zero_rate() -> None:
    s = schedule(D("1200"), D("0"), 12, Method.EQUAL_INSTALMENTS)
    assert {row.payment for row in s.rows} == {D("100.00")}
    assert s.total_interest == 0


@pytest.mark.parametrize(
    ("principal", "rate", "months", "key"),
    [
        (D("0"), D("4"), 12, "loan-calc-principal-not-positive"),
        (D("-1"), D("4"), 12, "loan-calc-principal-not-positive"),
        (D("100.001"), D("4"), 12, "loan-calc-principal-fen"),
        (D("1000"), D("4"), 0, "loan-calc-months-out-of-range"),
        (D("1000"), D("4"), 361, "loan-calc-months-out-of-range"),
        (D("1000"), D("-0.1"), 12, "loan-calc-rate-out-of-range"),
        (D("1000"), D("36.01"), 12, "loan-calc-rate-out-of-range"),
        (D("100"), D("0"), 360, "loan-calc-principal-too-small-for-term"),
    ],
)
def test_invalid_input(principal: D, rate: D, months: int, key: str) -> None:
    with pytest.raises(CalcError) as err:
        schedule(principal, rate, months, Method.EQUAL_INSTALMENTS)
    assert err.value.key == key


def test_draw_as_needed_has_no_schedule() -> None:
    with pytest.raises(CalcError) as err:
        schedule(D("1000"), D("3"), 12, Method.DRAW_AS_NEEDED)
    assert err.value.key == "loan-calc-method-needs-draws"


def test_draw_as_needed_rounds_an_exact_half_fen_up() -> None:
    from datetime import date

    from bot.loans.calculator import Draw, Repayment, draw_as_needed

    # 100,000 × 3.6975 % × 30 / 360 = 308.125 exactly: half-up gives 308.13.
    result = draw_as_needed([Draw(date(2026, 3, 1), D("100000")),
                             Repayment(date(2026, 3, 31), D("100000"))],
                            D("3.6975"))
    assert result.total_interest == D("308.13")

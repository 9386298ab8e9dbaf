"""Whatever the loan, method or convention: principal repays the loan exactly, to the fen."""

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.loans.calculator import (
    CalcError,
    Method,
    RoundingConvention,
    Schedule,
    schedule,
)

METHODS = [Method.EQUAL_INSTALMENTS, Method.EQUAL_PRINCIPAL, Method.INTEREST_FIRST]
months_st = st.integers(min_value=1, max_value=360)
rate_st = st.decimals(min_value=D("0"), max_value=D("36"), places=4)
fen_st = st.integers(min_value=1, max_value=10**11).map(lambda n: D(n) / 100)


def _check_invariants(s: Schedule) -> None:
    assert sum(row.principal for row in s.rows) == s.principal
    assert s.rows[-1].balance == D("0.00")
    assert len(s.rows) == s.months
    previous = s.principal
    for row in s.rows:
        assert row.payment == row.principal + row.interest
        assert row.balance == previous - row.principal
        assert row.principal >= 0 and row.interest >= 0
        for value in (row.payment, row.principal, row.interest, row.balance):
            assert value == value.quantize(D("0.01"))
            assert value.as_tuple().exponent == -2
        previous = row.balance
    if s.method is Method.EQUAL_INSTALMENTS:
        assert len({row.payment for row in s.rows[:-1]}) <= 1


def _cents(minimum_yuan: int) -> st.SearchStrategy[D]:
    return st.integers(min_value=minimum_yuan * 100, max_value=10**11).map(lambda n: D(n) / 100)


@settings(max_examples=200, deadline=None)
@given(
    principal=_cents(1_000),
    months=st.integers(min_value=1, max_value=120),
    rate=rate_st,
    method=st.sampled_from(METHODS),
    convention=st.sampled_from(list(RoundingConvention)),
)
def test_loans_up_to_ten_years_at_any_rate_balance(
    principal: D, months: int, rate: D, method: Method, convention: RoundingConvention
) -> None:
    _check_invariants(schedule(principal, rate, months, method, convention=convention))


@settings(max_examples=100, deadline=None)
@given(
    principal=_cents(10_000),
    months=months_st,
    rate=st.decimals(min_value=D("0"), max_value=D("8"), places=4),
    method=st.sampled_from(METHODS),
    convention=st.sampled_from(list(RoundingConvention)),
)
def test_long_loans_at_ordinary_rates_balance(
    principal: D, months: int, rate: D, method: Method, convention: RoundingConvention
) -> None:
    _check_invariants(schedule(principal, rate, months, method, convention=convention))


@settings(max_examples=100, deadline=None)
@given(
    principal=fen_st,
    months=months_st,
    rate=rate_st,
    method=st.sampled_from(METHODS),
    convention=st.sampled_from(list(RoundingConvention)),
)
def test_any_loan_balances_or_is_refused_with_a_key(
    principal: D, months: int, rate: D, method: Method, convention: RoundingConvention
) -> None:
    # Tiny loans over long terms at high rates cannot be scheduled to the fen (the rounded
    # payment would repay them early); those must be refused with a key, never mis-shown.
    try:
        s = schedule(principal, rate, months, method, convention=convention)
    except CalcError as err:
        assert err.key == "loan-calc-principal-too-small-for-term"
        return
    _check_invariants(s)

"""Loan arithmetic the member sees: repayment schedules, draw-as-needed interest, subsidies.

Conventions (DOMAIN.md, "Loan arithmetic the member sees"), chosen because they reproduce
the published figures of Chinese banks to the fen:

* Rates are given in percent per year (``Decimal("4.30")`` means 4.30 %/yr).
* Monthly rate r = annual / 12; daily rate = annual / 360 on actual days, the first day
  counted and the last not (算头不算尾).
* Every cash figure is rounded to the fen, half-up. How the rounding residue is placed is a
  named setting, :class:`RoundingConvention`, because banks differ here by a fen.

Every row satisfies ``payment == principal + interest`` and
``balance == previous balance - principal``; principal sums exactly to the loan and the last
balance is 0.00, whatever the method or convention.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

FEN = Decimal("0.01")
MAX_MONTHS = 360
MAX_RATE = Decimal("36")
# Internal precision: (1 + r) ** 360 and long running sums stay exact far below the fen.
_PRECISION = 50

_ZERO = Decimal("0.00")
_HUNDRED = Decimal(100)
_MONTHS_PER_YEAR = Decimal(12)
_DAYS_PER_YEAR = Decimal(360)

# Every key a CalcError may carry; tests check both locales define each one.
ERROR_KEYS = frozenset(
    {
        "loan-calc-principal-not-positive",
        "loan-calc-principal-fen",
        "loan-calc-months-out-of-range",
        "loan-calc-rate-out-of-range",
        "loan-calc-principal-too-small-for-term",
        "loan-calc-method-needs-draws",
        "loan-calc-rate-adjust-invalid",
        "loan-calc-subsidy-invalid",
        "loan-calc-draws-empty",
        "loan-calc-draw-amount-invalid",
        "loan-calc-overpaid",
        "loan-calc-over-limit",
        "loan-calc-until-before-last-event",
    }
)


class CalcError(ValueError):
    """Invalid input to the calculator: a Fluent key and its arguments, never a sentence."""

    def __init__(self, key: str, params: dict[str, object] | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.params: dict[str, object] = dict(params or {})


class Method(StrEnum):
    """Repayment methods; the value is a stable id for catalogue files and the database."""

    EQUAL_INSTALMENTS = "equal_instalments"  # 等额本息
    EQUAL_PRINCIPAL = "equal_principal"  # 等额本金
    INTEREST_FIRST = "interest_first"  # 先息后本
    DRAW_AS_NEEDED = "draw_as_needed"  # 随借随还: see draw_as_needed(), no fixed schedule

    @property
    def key(self) -> str:
        """Fluent key of the method's display name."""
        return "loan-method-" + self.value.replace("_", "-")


class RoundingConvention(StrEnum):
    """Where the fen-rounding residue goes.

    LAST_ABSORBS_RESIDUE (default, matches every DOMAIN.md example): each period's interest
    is round(opening balance x r); equal instalments pay M = round(formula) and equal
    principal pays round(P / n) every period; the last period pays whatever balance is left,
    plus its interest, so it may differ from the others by a few fen.

    CUMULATIVE: the exact, unrounded schedule is computed first (the payment M is still
    rounded, because that is what is debited), and each shown figure is the difference of
    two rounded running totals. Rounding errors then never accumulate: total interest is the
    exact total rounded once, and each row is within a fen of the exact figure. Some banks'
    statements follow this; it can differ from the default by a fen per row.
    """

    LAST_ABSORBS_RESIDUE = "last_absorbs_residue"
    CUMULATIVE = "cumulative"


@dataclass(frozen=True, slots=True)
class Row:
    """One period of a schedule; balance is what remains owed after this payment."""

    period: int
    payment: Decimal
    principal: Decimal
    interest: Decimal
    balance: Decimal

    @property
    def opening_balance(self) -> Decimal:
        return self.balance + self.principal


@dataclass(frozen=True, slots=True)
class Schedule:
    principal: Decimal
    annual_rate: Decimal
    months: int
    method: Method
    convention: RoundingConvention
    rows: tuple[Row, ...]

    @property
    def monthly_payment(self) -> Decimal:
        """The headline figure: the first instalment (equal for all but the last in 等额本息)."""
        return self.first_payment

    @property
    def first_payment(self) -> Decimal:
        return self.rows[0].payment

    @property
    def last_payment(self) -> Decimal:
        return self.rows[-1].payment

    @property
    def total_interest(self) -> Decimal:
        return sum((row.interest for row in self.rows), _ZERO)

    @property
    def total_payment(self) -> Decimal:
        return sum((row.payment for row in self.rows), _ZERO)


def _fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def _validate(principal: Decimal, annual_rate: Decimal, months: int) -> None:
    if not principal.is_finite() or not principal > 0:
        raise CalcError("loan-calc-principal-not-positive")
    if principal != principal.quantize(FEN):
        raise CalcError("loan-calc-principal-fen")
    # bool is an int subclass; a True "month" is a programming slip, not a term.
    if isinstance(months, bool) or not 1 <= months <= MAX_MONTHS:
        raise CalcError("loan-calc-months-out-of-range", {"min": 1, "max": MAX_MONTHS})
    if not annual_rate.is_finite() or not 0 <= annual_rate <= MAX_RATE:
        raise CalcError("loan-calc-rate-out-of-range", {"min": 0, "max": MAX_RATE})


def _rows_from_cumulative(
    exact_principal: Callable[[int], Decimal],
    exact_interest: Callable[[int], Decimal],
    principal: Decimal,
    months: int,
    payment: Decimal | None = None,
) -> tuple[Row, ...]:
    """Rows whose figures are differences of rounded running totals of exact amounts.

    exact_principal(k) / exact_interest(k) give the exact cumulative totals after period k.
    With a fixed `payment` (equal instalments) interest is payment - principal, so every
    row but the last debits exactly that payment. The last row takes the remaining balance
    so the loan is repaid to the fen.
    """
    rows: list[Row] = []
    paid_principal = paid_interest = _ZERO
    for k in range(1, months + 1):
        if k < months:
            step = _fen(exact_principal(k)) - paid_principal
            if payment is None:
                interest = _fen(exact_interest(k)) - paid_interest
            else:
                interest = payment - step
        else:
            step = principal - paid_principal
            # A rate so low that the exact last interest is under half a fen could round
            # the running total below what was already shown; never show negative interest.
            interest = max(_ZERO, _fen(exact_interest(k)) - paid_interest)
        paid_principal += step
        paid_interest += interest
        rows.append(Row(k, step + interest, step, interest, principal - paid_principal))
    return tuple(rows)


def _equal_instalments(
    principal: Decimal, r: Decimal, months: int, convention: RoundingConvention
) -> tuple[Row, ...]:
    if r == 0:
        payment = _fen(principal / months)
    else:
        growth = (1 + r) ** months
        payment = _fen(principal * r * growth / (growth - 1))
    if convention is RoundingConvention.CUMULATIVE:
        # Exact balance after k payments of the (rounded) payment: B_k = P g^k - M (g^k-1)/r.
        def balance(k: int) -> Decimal:
            if r == 0:
                return principal - payment * k
            g = (1 + r) ** k
            return principal * g - payment * (g - 1) / r

        return _rows_from_cumulative(
            lambda k: principal - balance(k),
            lambda k: payment * k - (principal - balance(k)),
            principal,
            months,
            payment,
        )
    rows: list[Row] = []
    balance_left = principal
    for k in range(1, months + 1):
        interest = _fen(balance_left * r)
        step = payment - interest if k < months else balance_left
        balance_left -= step
        rows.append(Row(k, step + interest, step, interest, balance_left))
    return tuple(rows)


def _equal_principal(
    principal: Decimal, r: Decimal, months: int, convention: RoundingConvention
) -> tuple[Row, ...]:
    exact_step = principal / months
    if convention is RoundingConvention.CUMULATIVE:
        # Interest on the exact balance P - (j-1)P/n, summed: r P (k - (k-1)k / 2n).
        return _rows_from_cumulative(
            lambda k: exact_step * k,
            lambda k: r * principal * (k - Decimal((k - 1) * k) / (2 * months)),
            principal,
            months,
        )
    step = _fen(exact_step)
    rows: list[Row] = []
    balance_left = principal
    for k in range(1, months + 1):
        interest = _fen(balance_left * r)
        this_step = step if k < months else balance_left
        balance_left -= this_step
        rows.append(Row(k, this_step + interest, this_step, interest, balance_left))
    return tuple(rows)


def _interest_first(
    principal: Decimal, r: Decimal, months: int, convention: RoundingConvention
) -> tuple[Row, ...]:
    if convention is RoundingConvention.CUMULATIVE:
        return _rows_from_cumulative(
            lambda k: _ZERO, lambda k: principal * r * k, principal, months
        )
    interest = _fen(principal * r)
    rows = [Row(k, interest, _ZERO, interest, principal) for k in range(1, months)]
    rows.append(Row(months, principal + interest, principal, interest, _ZERO))
    return tuple(rows)


_BUILDERS = {
    Method.EQUAL_INSTALMENTS: _equal_instalments,
    Method.EQUAL_PRINCIPAL: _equal_principal,
    Method.INTEREST_FIRST: _interest_first,
}


def schedule(
    principal: Decimal,
    annual_rate: Decimal,
    months: int,
    method: Method,
    *,
    convention: RoundingConvention = RoundingConvention.LAST_ABSORBS_RESIDUE,
) -> Schedule:
    """The full repayment schedule; annual_rate in percent per year.

    Raises CalcError on invalid input, and with "loan-calc-principal-too-small-for-term"
    when the loan is so small against term and rate that fen rounding would repay it before
    the last period (a negative principal somewhere: e.g. 720 yuan over 360 months at
    5 %). Loans of 1,000 yuan up to 120 months at any rate to 36 %, and of 10,000 yuan up
    to 360 months at up to 8 %, never hit this (property-tested).
    """
    principal = Decimal(principal)
    annual_rate = Decimal(annual_rate)
    _validate(principal, annual_rate, months)
    principal = principal.quantize(FEN)  # every figure shown with two decimals, 500000.00
    if method is Method.DRAW_AS_NEEDED:
        raise CalcError("loan-calc-method-needs-draws")
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        r = annual_rate / _HUNDRED / _MONTHS_PER_YEAR
        rows = _BUILDERS[method](principal, r, months, convention)
    if any(row.principal < 0 or row.balance < 0 for row in rows):
        raise CalcError("loan-calc-principal-too-small-for-term", {"months": months})
    return Schedule(principal, annual_rate, months, method, convention, rows)


# --- interest subsidy (贴息) -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FullSubsidy:
    """The union pays all interest (全额贴息); the member bears principal only."""


@dataclass(frozen=True, slots=True)
class PointsSubsidy:
    """The union pays `points` percentage points of the annual rate (e.g. 2 of 3.50 %).

    Refund per period = round(opening balance x points / 12 / 100), the same rule as the
    bank's own interest, capped at that period's bank interest (points >= rate means full).
    This reproduces DOMAIN.md: 300,000 at 3.50 % over 36 months, 2 points -> 9,407.14.
    """

    points: Decimal


@dataclass(frozen=True, slots=True)
class ShareSubsidy:
    """The union pays `percent` % of each period's bank interest, rounded per period."""

    percent: Decimal


SubsidyKind = FullSubsidy | PointsSubsidy | ShareSubsidy


@dataclass(frozen=True, slots=True)
class SubsidyResult:
    bank_interest: Decimal  # what the member pays the bank: the full contractual interest
    refund: Decimal  # what the union refunds later, in batches
    member_bears: Decimal  # bank_interest - refund
    refunds: tuple[Decimal, ...]  # per period, for batch refunds


def _refund_per_period(sched: Schedule, kind: SubsidyKind) -> list[Decimal]:
    if isinstance(kind, FullSubsidy):
        return [row.interest for row in sched.rows]
    if isinstance(kind, PointsSubsidy):
        points = Decimal(kind.points)
        if not points > 0:
            raise CalcError("loan-calc-subsidy-invalid")
        monthly = points / _HUNDRED / _MONTHS_PER_YEAR
        return [min(row.interest, _fen(row.opening_balance * monthly)) for row in sched.rows]
    percent = Decimal(kind.percent)
    if not 0 < percent <= _HUNDRED:
        raise CalcError("loan-calc-subsidy-invalid")
    return [_fen(row.interest * percent / _HUNDRED) for row in sched.rows]


def subsidy(sched: Schedule, kind: SubsidyKind) -> SubsidyResult:
    """Split a schedule's interest between the union's refund and what the member bears.

    The member still pays the bank the full instalment; reminders must ask for that.
    """
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        refunds = _refund_per_period(sched, kind)
    bank = sched.total_interest
    refund = sum(refunds, _ZERO)
    return SubsidyResult(bank, refund, bank - refund, tuple(refunds))


# --- draw as needed (随借随还) ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Draw:
    on: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Repayment:
    on: date
    amount: Decimal


LineEvent = Draw | Repayment


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of constant balance: interest on days [start, end), first counted, last not."""

    start: date
    end: date
    balance: Decimal
    days: int
    interest: Decimal


@dataclass(frozen=True, slots=True)
class DrawInterest:
    segments: tuple[Segment, ...]
    total_interest: Decimal
    outstanding: Decimal  # balance still drawn after the last event


def _checked_events(events: Iterable[LineEvent]) -> list[LineEvent]:
    # Stable sort: events on one day keep the order given (a draw and a repayment the same
    # day accrue nothing between them either way).
    ordered = sorted(events, key=lambda e: e.on)
    if not ordered:
        raise CalcError("loan-calc-draws-empty")
    for event in ordered:
        amount = Decimal(event.amount)
        if not amount > 0 or amount != amount.quantize(FEN):
            raise CalcError("loan-calc-draw-amount-invalid", {"date": event.on.isoformat()})
    return ordered


def draw_as_needed(
    events: Sequence[LineEvent],
    annual_rate: Decimal,
    *,
    until: date | None = None,
    limit: Decimal | None = None,
) -> DrawInterest:
    """Interest on a credit line drawn and repaid at will; annual_rate in percent per year.

    Interest accrues daily at annual / 360 on the balance drawn, from the day of a draw up
    to, not including, the day of a repayment; each constant-balance segment is rounded to
    the fen. With `until`, interest on a balance still drawn accrues up to that day too.
    """
    annual_rate = Decimal(annual_rate)
    if not 0 <= annual_rate <= MAX_RATE:
        raise CalcError("loan-calc-rate-out-of-range", {"min": 0, "max": MAX_RATE})
    ordered = _checked_events(events)
    if until is not None and until < ordered[-1].on:
        raise CalcError("loan-calc-until-before-last-event")
    segments: list[Segment] = []
    balance = _ZERO
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        boundaries = [e.on for e in ordered[1:]] + [until or ordered[-1].on]
        for event, end in zip(ordered, boundaries, strict=True):
            balance = _apply(balance, event, limit)
            days = (end - event.on).days
            if balance > 0 and days > 0:
                # One division at the end: annual/360 first leaves a repeating decimal
                # that turns an exact half fen (308.125) into 308.12 instead of 308.13.
                interest = _fen(balance * annual_rate * days / (_HUNDRED * _DAYS_PER_YEAR))
                segments.append(Segment(event.on, end, balance, days, interest))
    total = sum((s.interest for s in segments), _ZERO)
    return DrawInterest(tuple(segments), total, balance)


def _apply(balance: Decimal, event: LineEvent, limit: Decimal | None) -> Decimal:
    amount = Decimal(event.amount)
    if isinstance(event, Draw):
        balance += amount
        if limit is not None and balance > limit:
            raise CalcError("loan-calc-over-limit", {"date": event.on.isoformat(), "limit": limit})
        return balance
    if amount > balance:
        raise CalcError("loan-calc-overpaid", {"date": event.on.isoformat()})
    return balance - amount


# --- rate pricing ------------------------------------------------------------------------


def adjust_rate(base: Decimal, percent: Decimal) -> Decimal:
    """A rate floated by a percentage of itself: 上浮 10 % of 4.35 -> 4.785, 下浮 15 % -> 3.6975.

    Multiplicative, as Chinese banks price "same-tier rate +10 %"; not rounded, because
    contracts quote such rates to four decimals.
    """
    base, percent = Decimal(base), Decimal(percent)
    if base < 0 or percent <= -_HUNDRED:
        raise CalcError("loan-calc-rate-adjust-invalid")
    return base * (_HUNDRED + percent) / _HUNDRED


def lpr_plus(lpr: Decimal, bp: Decimal | int) -> Decimal:
    """LPR pricing adds basis points: 3.00 % + 50 bp -> 3.50 %."""
    rate = Decimal(lpr) + Decimal(bp) / _HUNDRED
    if rate < 0:
        raise CalcError("loan-calc-rate-adjust-invalid")
    return rate

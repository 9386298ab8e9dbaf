"""Resolve a tier's rate rule to a number for a term and a date, and say how.

Rates are dated data: the fixing in force on a date is the latest one whose
``effective`` date is not after it. "上浮 10 %" multiplies (4.35 → 4.785); LPR pricing
adds basis points (3.00 + 50 bp = 3.50). All figures are Decimal percent per year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol, TypeVar

from bot.catalog.messages import Arg, Message, Rate
from bot.catalog.schema import (
    Assumable,
    Band,
    BandedFixing,
    BasePlusPercent,
    BenchmarkRate,
    Catalog,
    FixedRate,
    LprFixing,
    LprPlusBp,
    LprTenor,
    Names,
    RateRule,
)

# Rates are quoted to 0.0001 percentage points (3.6975 %); finer digits mean nothing.
RATE_PLACES = Decimal("0.0001")
# The 5-year LPR prices loans longer than five years; shorter ones use the 1-year LPR.
LPR_FIVE_YEAR_FROM_MONTHS = 61
_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class RateQuote:
    """``annual_rate`` is in percent per year (4.785 means 4.785 %), as the calculator takes."""

    annual_rate: Decimal
    derivation_key: str
    derivation_args: Mapping[str, Arg] = field(default_factory=dict)
    effective: date | None = None
    assumption: bool = False
    notes: tuple[Names, ...] = ()

    @property
    def derivation(self) -> Message:
        return Message(self.derivation_key, self.derivation_args)

    @property
    def fraction(self) -> Decimal:
        return self.annual_rate / _HUNDRED


class RateUnavailable(Exception):
    """No rate for this term on this date; ``key``/``args`` say why, for the member."""

    def __init__(self, key: str, **args: Arg) -> None:
        super().__init__(key)
        self.key = key
        # Not ``args``: that name belongs to BaseException.
        self.message_args: dict[str, Arg] = args

    @property
    def message(self) -> Message:
        return Message(self.key, self.message_args)


def adjust(base: Decimal, percent: Decimal) -> Decimal:
    """``base`` moved by ``percent`` of itself: 4.35 and +10 give 4.785; 4.35 and -15, 3.6975."""
    return _tidy(base * (_HUNDRED + percent) / _HUNDRED)


def plus_bp(rate: Decimal, bp: int) -> Decimal:
    """``rate`` plus basis points (1 bp = 0.01 percentage point)."""
    return _tidy(rate + Decimal(bp) / _HUNDRED)


def quote(catalog: Catalog, rule: RateRule, *, term_months: int, on: date) -> RateQuote:
    """The rate ``rule`` gives for a loan of ``term_months`` taken out on ``on``."""
    if isinstance(rule, FixedRate):
        rate = _tidy(rule.annual)
        return _quote(rate, "catalog-rate-fixed", {"rate": Rate(rate)}, None, rule)
    if isinstance(rule, BasePlusPercent):
        return _base_plus_percent(catalog, rule, term_months, on)
    if isinstance(rule, BenchmarkRate):
        return _benchmark(catalog, rule, term_months, on)
    return _lpr(catalog, rule, term_months, on)


def _base_plus_percent(catalog: Catalog, rule: BasePlusPercent, months: int, on: date) -> RateQuote:
    table = catalog.base_table(rule.table)
    if table is None:
        raise RateUnavailable("catalog-rate-missing-table", table=rule.table)
    fixing = _fixing(table.fixings, on)
    base, band = _band(fixing, months)
    bank = catalog.bank(table.bank)
    rate = adjust(base, rule.percent)
    args: dict[str, Arg] = {
        "bank": bank.names if bank else table.bank,
        "base": Rate(base),
        "percent": _number(abs(rule.percent)),
        "rate": Rate(rate),
        "band": band,
    }
    key = "catalog-rate-base-up" if rule.percent >= 0 else "catalog-rate-base-down"
    return _quote(rate, key, args, fixing, rule, fixing)


def _benchmark(catalog: Catalog, rule: BenchmarkRate, months: int, on: date) -> RateQuote:
    fixing = _fixing(catalog.rates.benchmark, on)
    base, band = _band(fixing, months)
    rate = adjust(base, rule.percent)
    args: dict[str, Arg] = {
        "base": Rate(base),
        "rate": Rate(rate),
        "band": band,
        "percent": _number(abs(rule.percent)),
    }
    if rule.percent == 0:
        key = "catalog-rate-benchmark-floor" if rule.as_low_as else "catalog-rate-benchmark"
    else:
        key = "catalog-rate-benchmark-up" if rule.percent > 0 else "catalog-rate-benchmark-down"
    return _quote(rate, key, args, fixing, rule, fixing)


def _lpr(catalog: Catalog, rule: LprPlusBp, months: int, on: date) -> RateQuote:
    fixing = _fixing(catalog.rates.lpr, on)
    tenor = lpr_tenor(rule, months)
    lpr = fixing.tenors.get(tenor)
    if lpr is None:
        raise RateUnavailable(
            "catalog-rate-missing-tenor",
            tenor=Message(f"catalog-lpr-{tenor}"),
            effective=fixing.effective,
        )
    rate = plus_bp(lpr, rule.bp)
    args: dict[str, Arg] = {
        "tenor": Message(f"catalog-lpr-{tenor}"),
        "lpr": Rate(lpr),
        "bp": abs(rule.bp),
        "rate": Rate(rate),
        "effective": fixing.effective,
    }
    key = (
        "catalog-rate-lpr-flat"
        if rule.bp == 0
        else ("catalog-rate-lpr-plus" if rule.bp > 0 else "catalog-rate-lpr-minus")
    )
    return _quote(rate, key, args, fixing, rule, fixing)


def lpr_tenor(rule: LprPlusBp, months: int) -> LprTenor:
    if rule.tenor != "by_term":
        return rule.tenor
    return "5y" if months >= LPR_FIVE_YEAR_FROM_MONTHS else "1y"


class _Dated(Protocol):
    @property
    def effective(self) -> date: ...


_F = TypeVar("_F", bound=_Dated)


def in_force(fixings: Sequence[_F], on: date) -> _F | None:
    """The latest fixing effective on or before ``on``."""
    current: _F | None = None
    for fixing in fixings:
        if fixing.effective <= on and (current is None or fixing.effective >= current.effective):
            current = fixing
    return current


def _fixing(fixings: Sequence[_F], on: date) -> _F:
    found = in_force(fixings, on)
    if found is None:
        raise RateUnavailable("catalog-rate-none-in-force", date=on)
    return found


def band_for(bands: Sequence[Band], months: int) -> tuple[Band, Message] | None:
    """The band covering ``months`` and how to say it ("13–60 months")."""
    low = 1
    for band in bands:
        if band.up_to_months is None or months <= band.up_to_months:
            return band, _band_text(low, band.up_to_months, first=band is bands[0])
        low = band.up_to_months + 1
    return None


def _band(fixing: BandedFixing, months: int) -> tuple[Decimal, Message]:
    found = band_for(fixing.bands, months)
    if found is None:
        raise RateUnavailable(
            "catalog-rate-missing-band", months=months, effective=fixing.effective
        )
    return found[0].rate, found[1]


def _band_text(low: int, high: int | None, *, first: bool) -> Message:
    if high is None:
        return (
            Message("catalog-band-any")
            if first
            else Message("catalog-band-over", {"from": low - 1})
        )
    if first:
        return Message("catalog-band-up-to", {"to": high})
    return Message("catalog-band-range", {"from": low, "to": high})


def _quote(
    rate: Decimal,
    key: str,
    args: dict[str, Arg],
    fixing: BandedFixing | LprFixing | None,
    *sources: Assumable,
) -> RateQuote:
    # A quote is an assumption when the rule or the table fixing it rests on is one.
    notes = tuple(s.note for s in sources if s.assumption and s.note is not None)
    return RateQuote(
        annual_rate=rate,
        derivation_key=key,
        derivation_args=args,
        effective=fixing.effective if fixing else None,
        assumption=any(s.assumption for s in sources),
        notes=notes,
    )


def _tidy(value: Decimal) -> Decimal:
    return value.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def _number(value: Decimal) -> str:
    # "10" rather than "10.00" or "1E+1": percentages of a rate are short numbers.
    return format(value.normalize(), "f")

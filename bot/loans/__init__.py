"""Loan arithmetic and loan inputs: pure functions over Decimal yuan, no channel or storage.

calculator: schedules (等额本息, 等额本金, 先息后本), draw-as-needed interest (随借随还),
interest subsidies (贴息), rate pricing. amounts: parsing typed amounts and terms, money
display. schedule_csv: a schedule as an Excel-friendly CSV file.
"""

from bot.loans.amounts import (
    AmountError,
    InputError,
    TermError,
    check_range,
    check_term_range,
    format_cny,
    parse_amount,
    parse_term_months,
)
from bot.loans.calculator import (
    CalcError,
    Draw,
    DrawInterest,
    FullSubsidy,
    Method,
    PointsSubsidy,
    Repayment,
    RoundingConvention,
    Row,
    Schedule,
    Segment,
    ShareSubsidy,
    SubsidyKind,
    SubsidyResult,
    adjust_rate,
    draw_as_needed,
    lpr_plus,
    schedule,
    subsidy,
)
from bot.loans.schedule_csv import Column, schedule_to_csv

__all__ = [
    "AmountError",
    "CalcError",
    "Column",
    "Draw",
    "DrawInterest",
    "FullSubsidy",
    "InputError",
    "Method",
    "PointsSubsidy",
    "Repayment",
    "RoundingConvention",
    "Row",
    "Schedule",
    "Segment",
    "ShareSubsidy",
    "SubsidyKind",
    "SubsidyResult",
    "TermError",
    "adjust_rate",
    "check_range",
    "check_term_range",
    "draw_as_needed",
    "format_cny",
    "lpr_plus",
    "parse_amount",
    "parse_term_months",
    "schedule",
    "schedule_to_csv",
    "subsidy",
]

"""Parsers several flows share."""

from __future__ import annotations

from decimal import Decimal

from bot.loans.amounts import InputError, parse_amount, parse_term_months
from dialogs.engine import Invalid, button_value
from dialogs.model import Event, Kind


def capped_amount(event: Event, *, cap: Decimal, default: str, over_key: str,
                  cap_text: str) -> str:
    """An amount typed the way people type it (10万, 100,000 …) up to ``cap``, or the
    button whose value is ``default``, which takes the cap itself."""
    if event.kind is Kind.BUTTON:
        if button_value(event) != default:
            raise Invalid("button-unknown")
        return str(cap)
    try:
        amount = parse_amount(event.text)
    except InputError as exc:
        raise Invalid(exc.key, **exc.params) from exc
    if amount > cap:
        raise Invalid(over_key, max=cap_text)
    return str(amount)


def term_or_default(event: Event, *, default_months: int, default: str, longest: int) -> int:
    """A term typed as people type it (12, 1年, 18个月), 1…``longest`` months, or the
    button whose value is ``default``, which takes ``default_months``."""
    if event.kind is Kind.BUTTON:
        if button_value(event) != default:
            raise Invalid("button-unknown")
        return default_months
    try:
        months = parse_term_months(event.text)
    except InputError as exc:
        raise Invalid(exc.key, **exc.params) from exc
    if not 1 <= months <= longest:
        raise Invalid("term-out-of-range", min=1, max=longest)
    return months

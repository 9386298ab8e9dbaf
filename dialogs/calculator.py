"""/calc: the loan calculator, on its own or preset from a /loans verdict.

    amount ─► term ─► method ─► rate ─► result ⟲ (the full schedule as a CSV document)
      ▲                 ▲                    │ "change amount/term": amount, term, result
      └─────────────────┼────────────────────┤ "other method": method, result
                        └────────────────────┘ "done": the flow ends
    Kept answers are not asked again: after a change, method and rate are skipped.

Preset (``/calc <programme> <tier>``, the "算一算月供" button under a verdict): the amount
is bounded by the tier's cap, the term by its maximum, the methods are the programme's
(the step is skipped when it allows one), and the rate is quoted from the tier's rule for
the chosen term, so the rate step is skipped too. Standalone, the member types the rate.

The arithmetic is bot.loans.calculator's (Decimal, half-up to the fen, the last instalment
absorbs the residue); this module only asks, checks and shows.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.calendar.months import add_months
from bot.catalog import Catalog, Programme, RateQuote, RateUnavailable, Tier, quote
from bot.catalog.rates import in_force
from bot.catalog.schema import FullSubsidy, PointsSubsidy, ShareSubsidy
from bot.loans import calculator as calc
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
from bot.loans.calculator import CalcError, Draw, Method, Schedule
from bot.loans.schedule_csv import TOTAL_KEY, Column, schedule_to_csv
from dialogs.engine import Ctx, Flow, Invalid, Step, choice, choice_buttons
from dialogs.loans import rate_text, say
from dialogs.model import Button, Document, Event, Kind, Msg, Reply, msg
from dialogs.router import MENU

AMOUNT_MIN = Decimal(1)
AMOUNT_MAX = Decimal(10_000_000)  # standalone: above any union programme's cap
FEN = Decimal("0.01")
RATE_STEP = Decimal("0.0001")  # contracts quote rates to four decimals (3.6975 %)
FRACTION_LIKE = Decimal("0.1")  # "0.0345" is a fraction typed for 3.45 %, not a rate
EXAMPLE_DAYS = 30
TEXT = frozenset({Kind.TEXT})
KEY_FAMILIES: frozenset[str] = frozenset(
    {f"calc-method-hint-{m.value}" for m in Method}
    | {f"calc-monthly-{m.value}" for m in Method if m is not Method.DRAW_AS_NEEDED}
)
_RATE = re.compile(r"(?:年利率|年化利率|年化|利率|rate)?[:：]?(\d+(?:\.\d+)?)(?:%|percent)?")


# -- preset ----------------------------------------------------------------------------

def _catalog(ctx: Ctx) -> Catalog:
    catalog: Catalog = ctx.services.catalog
    return catalog


def preset(ctx: Ctx) -> tuple[Programme, Tier] | None:
    programme = _catalog(ctx).programme(ctx.data.get("programme") or "")
    if programme is None:
        return None
    tier = next((t for t in programme.tiers if t.id == ctx.data.get("tier")), None)
    return (programme, tier) if tier is not None else None


def _start(ctx: Ctx, args: str) -> None:
    """``/calc <programme> <tier>`` presets the tier; anything unknown means standalone."""
    programme_id, _, tier_id = args.strip().partition(" ")
    ctx.data.update(programme=programme_id, tier=tier_id.strip())
    found = preset(ctx)
    if found is None:
        for key in ("programme", "tier"):
            ctx.data.pop(key)
        return
    methods = found[0].repayment_methods
    if len(methods) == 1:
        ctx.data["method"] = methods[0]


def _today(ctx: Ctx) -> date:
    return ctx.now.astimezone(ctx.services.settings.tz).date()


def _heading(ctx: Ctx) -> Msg:
    found = preset(ctx)
    if found is None:
        return msg("calc-heading")
    programme, tier = found
    return msg("calc-heading-preset", programme=programme.names.in_lang(ctx.locale),
               tier=tier.names.in_lang(ctx.locale))


# -- amount ----------------------------------------------------------------------------

def _amount_range(ctx: Ctx) -> tuple[Decimal, Decimal]:
    """Standalone 1 to 10 million; preset, the tier's credit line (as /apply checks it)."""
    found = preset(ctx)
    if found is None:
        return AMOUNT_MIN, AMOUNT_MAX
    cap = found[1].cap
    return max(cap.min, AMOUNT_MIN), cap.max


def _short(ctx: Ctx, amount: Decimal) -> str:
    """A bound as people say it: 20万元, 1 元, CNY 200,000."""
    whole = amount == amount.to_integral_value()
    if ctx.locale.startswith("zh") and whole and amount % 10_000:
        return f"{amount:,.0f} 元"  # format_cny would show a small bound as "1.00 元"
    return format_cny(amount, ctx.locale, compact=True)


def _ask_amount(ctx: Ctx) -> Reply:
    low, high = _amount_range(ctx)
    return Reply((_heading(ctx), msg("calc-ask-amount", min=_short(ctx, low),
                                     max=_short(ctx, high))))


def _grouped(value: object) -> str:
    number = Decimal(str(value))
    return f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,.2f}"


def _refused(error: InputError, key: str, **bounds: Any) -> Invalid:
    """The library's reason, with the allowed range added when it does not name it."""
    if error.key.endswith("out-of-range"):
        params = {k: _grouped(v) if k in ("min", "max") and error.key.startswith("amount")
                  else v for k, v in error.params.items()}
        return Invalid(error.key, **params)
    return Invalid(key, reason=Msg(error.key, dict(error.params)), **bounds)


def parse_amount_step(ctx: Ctx, event: Event) -> str:
    low, high = _amount_range(ctx)
    try:
        amount = parse_amount(event.text)
        check_range(amount, low, high)
    except AmountError as exc:
        raise _refused(exc, "calc-amount-invalid", min=_short(ctx, low),
                       max=_short(ctx, high)) from exc
    return str(amount)


# -- term -------------------------------------------------------------------------------

def _term_max(ctx: Ctx) -> int:
    found = preset(ctx)
    return found[1].term.max_months if found else calc.MAX_MONTHS


def _ask_term(ctx: Ctx) -> Reply:
    return Reply((msg("calc-ask-term", max=_term_max(ctx)),))


def parse_term(ctx: Ctx, event: Event) -> int:
    try:
        months = parse_term_months(event.text)
        check_term_range(months, 1, _term_max(ctx))
    except TermError as exc:
        raise _refused(exc, "calc-term-invalid", max=_term_max(ctx)) from exc
    return months


def _quoted(ctx: Ctx) -> RateQuote | None:
    """The preset tier's rate for the chosen term, or None (standalone, or no rate known)."""
    found = preset(ctx)
    if found is None or "months" not in ctx.data:
        return None
    try:
        return quote(_catalog(ctx), found[1].rate, term_months=ctx.data["months"],
                     on=_today(ctx))
    except RateUnavailable:
        return None


def store_term(ctx: Ctx, months: int) -> None:
    ctx.data["months"] = months
    if preset(ctx) is None:
        return
    # A preset rate depends on the term (benchmark and base-rate bands): quote it again.
    found = _quoted(ctx)
    if found is None:
        ctx.data.pop("rate", None)
    else:
        ctx.data["rate"] = str(found.annual_rate)


# -- method -----------------------------------------------------------------------------

def _methods(ctx: Ctx) -> list[Method]:
    found = preset(ctx)
    return [Method(m) for m in found[0].repayment_methods] if found else list(Method)


def _method_options(ctx: Ctx) -> list[tuple[str, Msg | str]]:
    return [(m.value, msg(m.key)) for m in _methods(ctx)]


def _ask_method(ctx: Ctx) -> Reply:
    hints = tuple(msg(f"calc-method-hint-{m.value}") for m in _methods(ctx))
    return Reply((msg("calc-ask-method"), *hints),
                 choice_buttons(ctx, _method_options(ctx), per_row=2))


# -- rate ---------------------------------------------------------------------------------

def _lpr_hint(ctx: Ctx) -> tuple[Msg, ...]:
    fixing = in_force(_catalog(ctx).rates.lpr, _today(ctx))
    if fixing is None or not {"1y", "5y"} <= set(fixing.tenors):
        return ()
    return (msg("calc-rate-lpr-hint", lpr1=rate_text(fixing.tenors["1y"]),
                lpr5=rate_text(fixing.tenors["5y"]), date=fixing.effective.isoformat()),)


def _ask_rate(ctx: Ctx) -> Reply:
    unquoted = (msg("calc-rate-unquoted"),) if preset(ctx) else ()
    return Reply((*unquoted, msg("calc-ask-rate"), *_lpr_hint(ctx)))


def parse_rate(_ctx: Ctx, event: Event) -> str:
    """A yearly rate in percent: "3.45", "3.45%", "年利率3.45%"."""
    body = re.sub(r"\s+", "", unicodedata.normalize("NFKC", event.text).lower())
    match = _RATE.fullmatch(body)
    if match is None:
        raise Invalid("calc-rate-invalid", max=str(calc.MAX_RATE))
    try:
        rate = Decimal(match.group(1))
    except InvalidOperation as exc:
        raise Invalid("calc-rate-invalid", max=str(calc.MAX_RATE)) from exc
    if rate > calc.MAX_RATE or rate != rate.quantize(RATE_STEP):
        raise Invalid("calc-rate-invalid", max=str(calc.MAX_RATE))
    if 0 < rate < FRACTION_LIKE:
        raise Invalid("calc-rate-fraction", typed=str(rate), meant=rate_text(rate * 100))
    return str(rate)


# -- result -------------------------------------------------------------------------------

def _cny(ctx: Ctx, amount: Decimal) -> str:
    return format_cny(amount, ctx.locale)


def _inputs(ctx: Ctx) -> tuple[Decimal, int, Method, Decimal]:
    d = ctx.data
    return Decimal(d["amount"]), int(d["months"]), Method(d["method"]), Decimal(d["rate"])


def _rate_lines(ctx: Ctx) -> list[Msg]:
    found = _quoted(ctx)
    if found is None:
        return []
    lines = [msg("calc-result-rate-how", how=say(ctx, found.derivation))]
    lines += [msg("calc-result-assumption", note=n.in_lang(ctx.locale)) for n in found.notes]
    return lines


def _subsidy_kind(ctx: Ctx) -> calc.SubsidyKind | None:
    found = preset(ctx)
    subsidy = found[1].subsidy if found else None
    if isinstance(subsidy, FullSubsidy):
        return calc.FullSubsidy()
    if isinstance(subsidy, PointsSubsidy):
        return calc.PointsSubsidy(subsidy.points)
    if isinstance(subsidy, ShareSubsidy):
        return calc.ShareSubsidy(min(subsidy.share_percent, Decimal(100)))
    return None


def _subsidy_name(kind: calc.SubsidyKind) -> Msg:
    if isinstance(kind, calc.PointsSubsidy):
        return msg("loans-subsidy-points", points=format(kind.points.normalize(), "f"))
    if isinstance(kind, calc.ShareSubsidy):
        return msg("loans-subsidy-share", share=format(kind.percent.normalize(), "f"))
    return msg("loans-subsidy-full")


def _subsidy_lines(ctx: Ctx, principal: Decimal, interest: Decimal,
                   refund: Decimal, kind: calc.SubsidyKind) -> list[Msg]:
    bears = interest - refund
    return [msg("calc-result-subsidy", kind=_subsidy_name(kind), refund=_cny(ctx, refund)),
            msg("calc-result-bears", bears=_cny(ctx, bears), net=_cny(ctx, principal + bears))]


def _schedule_lines(ctx: Ctx, sched: Schedule) -> list[Msg]:
    first, last = sched.rows[0], sched.rows[-1]
    lines = [
        msg(f"calc-monthly-{sched.method.value}", payment=_cny(ctx, sched.monthly_payment)),
        msg("calc-result-first", payment=_cny(ctx, first.payment),
            principal=_cny(ctx, first.principal), interest=_cny(ctx, first.interest)),
        msg("calc-result-last", n=last.period, payment=_cny(ctx, last.payment)),
        msg("calc-result-interest", interest=_cny(ctx, sched.total_interest)),
        msg("calc-result-total", total=_cny(ctx, sched.total_payment)),
    ]
    kind = _subsidy_kind(ctx)
    if kind is not None:
        result = calc.subsidy(sched, kind)
        lines += _subsidy_lines(ctx, sched.principal, result.bank_interest, result.refund, kind)
    return lines


def _draw_refund(kind: calc.SubsidyKind, interest: Decimal, rate: Decimal) -> Decimal:
    """The union's refund on draw-as-needed interest: the same share as on a schedule."""
    if isinstance(kind, calc.FullSubsidy):
        return interest
    if isinstance(kind, calc.ShareSubsidy):
        share = kind.percent / 100
    else:
        share = min(kind.points, rate) / rate if rate else Decimal(1)
    return (interest * share).quantize(FEN)


def _draw_lines(ctx: Ctx, amount: Decimal, months: int, rate: Decimal) -> list[Msg]:
    """随借随还 has no schedule: interest runs on the days the money is actually used."""
    start = _today(ctx)

    def interest(until: date) -> Decimal:
        return calc.draw_as_needed([Draw(start, amount)], rate, until=until).total_interest

    end = add_months(start, months)
    whole = interest(end)
    lines = [
        msg("calc-draw-rule"),
        msg("calc-draw-day", interest=_cny(ctx, interest(start + timedelta(days=1)))),
        msg("calc-draw-month", days=EXAMPLE_DAYS,
            interest=_cny(ctx, interest(start + timedelta(days=EXAMPLE_DAYS)))),
        msg("calc-draw-term", months=months, days=(end - start).days, start=start.isoformat(),
            end=end.isoformat(), interest=_cny(ctx, whole)),
        msg("calc-draw-early"),
    ]
    kind = _subsidy_kind(ctx)
    if kind is not None:
        lines += _subsidy_lines(ctx, amount, whole, _draw_refund(kind, whole, rate), kind)
    return lines


def _result_buttons(ctx: Ctx, method: Method, ok: bool) -> tuple[tuple[Button, ...], ...]:
    rows: list[tuple[Button, ...]] = []
    if ok and method is not Method.DRAW_AS_NEEDED:
        rows.append((ctx.button(msg("calc-csv"), "csv"),))
    change = [ctx.button(msg("calc-again"), "again")]
    if len(_methods(ctx)) > 1:
        change.append(ctx.button(msg("calc-other-method"), "method"))
    rows.append(tuple(change))
    last = [ctx.button(msg("calc-done"), "done")]
    found = preset(ctx)
    if found is not None:
        last.append(Button(msg("loans-apply"), f"{MENU}:apply {found[0].id}"))
    rows.append(tuple(last))
    return tuple(rows)


def _show_result(ctx: Ctx) -> Reply:
    amount, months, method, rate = _inputs(ctx)
    lines: list[Msg] = [_heading(ctx), msg(
        "calc-result-inputs", amount=format_cny(amount, ctx.locale, compact=True),
        months=months, method=msg(method.key), rate=rate_text(rate)), *_rate_lines(ctx)]
    try:
        if method is Method.DRAW_AS_NEEDED:
            lines += _draw_lines(ctx, amount, months, rate)
        else:
            sched = calc.schedule(amount, rate, months, method, convention=_rounding(ctx))
            lines += _schedule_lines(ctx, sched)
    except CalcError as exc:
        lines.append(Msg(exc.key, dict(exc.params)))
        return Reply(tuple(lines), _result_buttons(ctx, method, ok=False))
    return Reply(tuple(lines), _result_buttons(ctx, method, ok=True))


def _rounding(ctx: Ctx) -> calc.RoundingConvention:
    return calc.RoundingConvention(ctx.services.settings.rounding)


def _csv_document(ctx: Ctx) -> Document:
    amount, months, method, rate = _inputs(ctx)
    sched = calc.schedule(amount, rate, months, method, convention=_rounding(ctx))
    t = ctx.services.t
    labels = {c: t(ctx.locale, c.key) for c in Column}
    content = schedule_to_csv(sched, labels, total_label=t(ctx.locale, TOTAL_KEY))
    name = f"repayment-{amount:.0f}-{months}m-{method.value}.csv"
    return Document(name, content, msg("calc-csv-caption", amount=_cny(ctx, amount),
                                       months=months, method=msg(method.key),
                                       rate=rate_text(rate)))


def parse_result(ctx: Ctx, event: Event) -> str:
    value = event.data.partition(":")[2] if event.kind is Kind.BUTTON else ""
    if value in ("again", "done") or (value == "method" and len(_methods(ctx)) > 1):
        return value
    if value == "csv" and Method(ctx.data["method"]) is not Method.DRAW_AS_NEEDED:
        return value
    raise Invalid("button-unknown") if event.data else Invalid("input-choose-button")


def store_result(ctx: Ctx, value: str) -> None:
    if value == "csv":
        try:
            ctx.effects["show"] = [Reply(document=_csv_document(ctx))]
        except CalcError as exc:
            ctx.effects["show"] = [Reply((Msg(exc.key, dict(exc.params)),))]
    if value == "method":
        ctx.data.pop("method", None)  # asked again; amount, term and rate are kept
    ctx.data["next"] = {"again": "amount", "method": "method"}.get(value)


async def _done(_ctx: Ctx) -> list[Reply]:
    return [Reply((msg("calc-bye"),))]


def _set(key: str) -> Any:
    def store(ctx: Ctx, value: Any) -> None:
        ctx.data[key] = value
    return store


FLOW = Flow(
    name="calc",
    title="flow-calc",
    start=_start,
    finish=_done,
    steps=(
        Step("amount", _ask_amount, parse_amount_step, store=_set("amount"), expects=TEXT,
             wrong_kind="calc-type-amount"),
        Step("term", _ask_term, parse_term, store=store_term, expects=TEXT,
             wrong_kind="calc-type-term"),
        Step("method", _ask_method, choice(_method_options), store=_set("method"),
             skip=lambda ctx: "method" in ctx.data),
        Step("rate", _ask_rate, parse_rate, store=_set("rate"), expects=TEXT,
             skip=lambda ctx: "rate" in ctx.data, wrong_kind="calc-type-rate"),
        Step("result", _show_result, parse_result, store=store_result, nav=False,
             stay=lambda v: "edit" if v == "csv" else "",
             next=lambda ctx: ctx.data.get("next")),
    ),
)

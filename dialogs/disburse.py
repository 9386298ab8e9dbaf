"""/disburse and /payment: a bank officer records what the bank did, so reminders can follow.

    /disburse ─► approved applications not yet disbursed (oldest first), one button each
    /disburse REF ─► date ─► amount ─► rate ─► term ─► method ─► bank's loan number
                     ─► confirm (first and last instalment, total interest, subsidy) ─► stored
                        (a draw-as-needed line: its amount, rate and end date) ─► stored
    /payment ─► loans with an instalment due and not recorded, one button each
    /payment REF ─► which instalment ─► paid on ─► recorded (its unsent reminders skipped)
                    (a credit line has one choice: repaid in full)

Every answer offers the approved decision as a one-press default. Who may record is
decided by the repayment service on the server (bank officers and admins); the buttons
only mirror it. The application's facts sit in the officer's dialog data while the form
is open (prompts are synchronous and cannot read the database).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bot.applications import APPROVED, BANKERS, NotAllowed
from bot.loans.amounts import format_cny
from bot.loans.calculator import MAX_MONTHS, MAX_RATE, Method
from bot.reminders import (
    LINE_METHODS,
    MAX_BACKDATE,
    RECORDABLE_METHODS,
    SCHEDULED_METHODS,
    Loans,
    Terms,
    is_line,
    read_date,
    schedule_rows,
    stored_rows,
)
from bot.reminders import subsidy_of as subsidy_for
from dialogs.engine import Ctx, Flow, Invalid, Position, Runner, Step, button_value, choice
from dialogs.inputs import capped_amount, term_or_default
from dialogs.model import Answer, Button, Event, Kind, Msg, Reply, msg
from storage import loans

if TYPE_CHECKING:
    from dialogs.router import Conversation, Turn

DISBURSE, PAYMENT = "disburse", "payment"
LIST_LIMIT = 20
SHOWN_INSTALMENTS = 6  # the oldest unpaid ones: payments are recorded in order
PAYMENT_LOOKAHEAD = timedelta(days=3)  # early payments are common the days before the date
REF_MAX = 40
_RATE = re.compile(r"^\d{1,2}(?:\.\d{1,4})?$")
_BANK_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$")


def refusal(exc: NotAllowed) -> Msg:
    return Msg(exc.key, dict(exc.params))


def _rate_text(rate: Decimal) -> str:
    return f"{rate.normalize():f}"


def _today(ctx: Ctx) -> date:
    return ctx.now.astimezone(ctx.services.settings.tz).date()


def _cny(ctx: Ctx, amount: Any) -> str:
    return format_cny(Decimal(amount), ctx.locale)


def _is_banker(role: str | None) -> bool:
    return role in BANKERS


# -- /disburse: the list and the start ---------------------------------------------------


async def _waiting_list(turn: Turn) -> Reply:
    rows = await loans.approved_without_loan(turn.conn, APPROVED, LIST_LIMIT)
    if not rows:
        return Reply((msg("disburse-none"),))
    lines = [msg("disburse-list-head", count=str(len(rows)))]
    lines += [msg("disburse-list-line", ref=r["ref"], name=r["name"] or "—",
                  amount=format_cny(Decimal(r["decided_amount"] or r["amount"]),
                                    turn.profile.locale))
              for r in rows]
    buttons = [Button(r["ref"], f"menu:{DISBURSE} {r['ref']}") for r in rows]
    return Reply(tuple(lines), tuple(tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2)))


def _snapshot(app: dict[str, Any], services: Any) -> dict[str, Any]:
    """The application's facts the form needs, as JSON-safe values."""
    programme = services.catalog.programme(app["programme"])
    recordable = {m.value for m in RECORDABLE_METHODS}
    allowed = [m for m in (programme.repayment_methods if programme else [])
               if m in recordable] or [m.value for m in SCHEDULED_METHODS]
    first = [app["method"]] if app["method"] in allowed else []
    return {"ref": app["ref"], "name": app["name"], "programme": app["programme"],
            "tier": app["tier"],
            "approved": str(app["decided_amount"] or app["amount"]),
            "approved_rate": _rate_text(Decimal(app["decided_rate"] or 0)),
            "approved_term": int(app["decided_term"] or app["term_months"]),
            "methods": first + [m for m in allowed if m not in first]}


async def disburse(conv: Conversation, turn: Turn, args: str) -> list[Answer]:
    """/disburse lists what waits for a disbursement; /disburse REF opens the form."""
    if not _is_banker(turn.profile.role):
        return [Reply((msg("staff-not-allowed"),))]
    ref = "".join(args.split()).upper()[:REF_MAX]
    if not ref:
        return [await _waiting_list(turn)]
    try:
        app = await Loans.of(turn.services).approved_application(turn.conn, ref)
    except NotAllowed as exc:
        return [Reply((refusal(exc),))]
    return _open(conv, turn, DISBURSE, "date", _snapshot(app, turn.services))


def _open(conv: Conversation, turn: Turn, name: str, step: str,
          data: dict[str, Any]) -> list[Answer]:
    if turn.pos.flow != name:
        conv.suspend(turn)  # another form waits and can be resumed afterwards
    flow = conv.flows[name]
    turn.pos = Position()
    Runner(flow).jump(turn.pos, step)
    turn.pos.data.update(data)
    return [Runner(flow).prompt(turn.pos, turn.ctx())]


# -- the disbursement form ----------------------------------------------------------------


def _ask_date(ctx: Ctx) -> Reply:
    today = _today(ctx).isoformat()
    return Reply((msg("disburse-ask-date", ref=ctx.data["ref"], name=ctx.data["name"] or "—"),),
                 ((ctx.button(msg("disburse-today", date=today), "today"),),))


def read_past_date(ctx: Ctx, event: Event, limit: timedelta = MAX_BACKDATE) -> date:
    """A date that has happened: today or within the limit before it."""
    today = _today(ctx)
    if event.kind is Kind.BUTTON:
        value = button_value(event)
        if value == "today":
            return today
        if value.startswith("on:") and (day := read_date(value[3:])) is not None:
            return min(day, today)
        raise Invalid("button-unknown")
    day = read_date(event.text)
    if day is None:
        raise Invalid("disburse-date-invalid")
    if day > today:
        raise Invalid("disburse-date-future")
    if day < today - limit:
        raise Invalid("disburse-date-too-old")
    return day


def parse_date(ctx: Ctx, event: Event) -> str:
    return read_past_date(ctx, event).isoformat()


def _ask_amount(ctx: Ctx) -> Reply:
    approved = _cny(ctx, ctx.data["approved"])
    lines = [msg("disburse-ask-amount", approved=approved)]
    if any(is_line(m) for m in ctx.data["methods"]):
        lines.append(msg("disburse-amount-line-hint"))
    return Reply(tuple(lines),
                 ((ctx.button(msg("disburse-use-approved", value=approved), "approved"),),))


def parse_amount_step(ctx: Ctx, event: Event) -> str:
    approved = Decimal(ctx.data["approved"])
    return capped_amount(event, cap=approved, default="approved",
                         over_key="disburse-amount-over", cap_text=_cny(ctx, approved))


def _ask_rate(ctx: Ctx) -> Reply:
    rate = ctx.data["approved_rate"]
    return Reply((msg("disburse-ask-rate", rate=rate),),
                 ((ctx.button(msg("disburse-use-rate", rate=rate), "approved"),),))


def read_rate(text: str) -> Decimal:
    """"3.45", "3.45%", "３．４５％", "年利率 3.45" → percent per year; else Invalid."""
    body = unicodedata.normalize("NFKC", text).strip().removeprefix("年利率").strip()
    body = body.removesuffix("%").strip()
    if not _RATE.fullmatch(body) or Decimal(body) > MAX_RATE:
        raise Invalid("disburse-rate-invalid", max=str(MAX_RATE))
    return Decimal(body)


def parse_rate(ctx: Ctx, event: Event) -> str:
    if event.kind is Kind.BUTTON:
        if button_value(event) != "approved":
            raise Invalid("button-unknown")
        return str(ctx.data["approved_rate"])
    return _rate_text(read_rate(event.text))


def _ask_term(ctx: Ctx) -> Reply:
    months = ctx.data["approved_term"]
    return Reply((msg("disburse-ask-term", months=str(months)),),
                 ((ctx.button(msg("disburse-use-term", months=str(months)), "approved"),),))


def parse_term(ctx: Ctx, event: Event) -> int:
    return term_or_default(event, default_months=int(ctx.data["approved_term"]),
                           default="approved", longest=MAX_MONTHS)


def _method_options(ctx: Ctx) -> list[tuple[str, Msg | str]]:
    return [(m, msg(Method(m).key)) for m in ctx.data["methods"]]


def _ask_method(ctx: Ctx) -> Reply:
    buttons = tuple((ctx.button(label, value),) for value, label in _method_options(ctx))
    return Reply((msg("disburse-ask-method"),), buttons)


def terms_of(data: dict[str, Any]) -> Terms:
    return Terms(date.fromisoformat(data["date"]), Decimal(data["amount"]),
                 Decimal(data["rate"]), int(data["term"]), Method(data["method"]),
                 data.get("bank_ref") or "")


def parse_method(ctx: Ctx, event: Event) -> str:
    """A method the programme offers, and one the calculator can build with these terms."""
    value = str(choice(_method_options)(ctx, event))
    kind = subsidy_for(ctx.services.catalog, ctx.data["programme"], ctx.data["tier"])
    try:
        stored_rows(terms_of({**ctx.data, "method": value}), kind)
    except NotAllowed as exc:
        raise Invalid(exc.key, **exc.params) from exc
    return value


def _ask_bank_ref(ctx: Ctx) -> Reply:
    return Reply((msg("disburse-ask-bank-ref"),),
                 ((ctx.button(msg("disburse-skip-bank-ref"), "skip"),),))


def parse_bank_ref(_ctx: Ctx, event: Event) -> str:
    if event.kind is Kind.BUTTON:
        if button_value(event) != "skip":
            raise Invalid("button-unknown")
        return ""
    text = unicodedata.normalize("NFKC", event.text).strip()
    if not _BANK_REF.fullmatch(text):
        raise Invalid("disburse-bank-ref-invalid")
    return text


def _ask_confirm(ctx: Ctx) -> Reply:
    d = ctx.data
    terms = terms_of(d)
    kind = subsidy_for(ctx.services.catalog, d["programme"], d["tier"])
    lines = [msg("disburse-summary", ref=d["ref"], on=d["date"], amount=_cny(ctx, terms.amount),
                 rate=d["rate"], months=str(terms.term_months), method=msg(terms.method.key),
                 bank_ref=d.get("bank_ref") or "—")]
    if terms.method in LINE_METHODS:
        [end] = stored_rows(terms, kind)
        lines.append(msg("disburse-summary-line", end=end["due_on"].isoformat(),
                         days=",".join(str(n) for n in Loans.of(ctx.services).policy.days_before)))
        return Reply(tuple(lines), ((ctx.button(msg("disburse-confirm"), "confirm"),),))
    sched, rows = schedule_rows(terms, kind)
    refund = sum((r["refund"] for r in rows), Decimal("0.00"))
    lines.append(msg("disburse-summary-schedule", first=_cny(ctx, rows[0]["payment"]),
                     first_due=rows[0]["due_on"].isoformat(), last=_cny(ctx, rows[-1]["payment"]),
                     last_due=rows[-1]["due_on"].isoformat(),
                     interest=_cny(ctx, sched.total_interest)))
    if refund > 0:
        lines.append(msg("disburse-summary-subsidy", refund=_cny(ctx, refund)))
    return Reply(tuple(lines), ((ctx.button(msg("disburse-confirm"), "confirm"),),))


def _confirm_options(_ctx: Ctx) -> list[tuple[str, Msg | str]]:
    return [("confirm", msg("disburse-confirm"))]


async def record(ctx: Ctx) -> list[Reply]:
    """Store the loan and its schedule in this update's transaction."""
    try:
        loan = await Loans.of(ctx.services).disburse(
            ctx.conn, ref=ctx.data["ref"], terms=terms_of(ctx.data), actor=ctx.profile.user_id,
            role=ctx.profile.role, now=ctx.now)
    except NotAllowed as exc:
        return [Reply((refusal(exc),))]
    first = loan["first"]
    if is_line(loan["method"]):
        return [Reply((msg("disburse-line-done", ref=loan["ref"], amount=_cny(ctx, loan["amount"]),
                           end=first["due_on"].isoformat()),))]
    return [Reply((msg("disburse-done", ref=loan["ref"], count=str(loan["count"]),
                       first=_cny(ctx, first["payment"]), due=first["due_on"].isoformat()),))]


def _keep(key: str) -> Any:
    def store(ctx: Ctx, value: Any) -> None:
        ctx.data[key] = value
    return store


DISBURSE_FLOW = Flow(
    name=DISBURSE,
    title="flow-disburse",
    finish=record,
    steps=(
        Step("date", _ask_date, parse_date, store=_keep("date")),
        Step("amount", _ask_amount, parse_amount_step, store=_keep("amount")),
        Step("rate", _ask_rate, parse_rate, store=_keep("rate")),
        Step("term", _ask_term, parse_term, store=_keep("term")),
        Step("method", _ask_method, parse_method, store=_keep("method")),
        Step("bank_ref", _ask_bank_ref, parse_bank_ref, store=_keep("bank_ref")),
        Step("confirm", _ask_confirm, choice(_confirm_options), next=lambda _ctx: None),
    ),
)


# -- /payment ------------------------------------------------------------------------------


async def _due_list(turn: Turn) -> Reply:
    today = turn.now.astimezone(turn.services.settings.tz).date()
    rows = await loans.due_unpaid(turn.conn, until=today + PAYMENT_LOOKAHEAD, limit=LIST_LIMIT)
    if not rows:
        return Reply((msg("payment-none"),))
    lines = [msg("payment-list-head", count=str(len(rows)))]
    lines += [msg("payment-line-listed", ref=r["ref"] or r["bank_ref"] or f"#{r['id']}",
                  end=r["first_due"].isoformat()) if is_line(r["method"]) else
              msg("payment-list-line", ref=r["ref"] or r["bank_ref"] or f"#{r['id']}",
                  due=r["first_due"].isoformat(), unpaid=str(r["unpaid"]))
              for r in rows]
    buttons = [Button(r["ref"] or r["bank_ref"] or f"#{r['id']}", f"menu:{PAYMENT} #{r['id']}")
               for r in rows]
    return Reply(tuple(lines), tuple(tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2)))


async def _find(turn: Turn, arg: str) -> dict[str, Any] | None:
    """"#12" (a list button), the union's reference, or the bank's own loan number."""
    if arg.startswith("#") and arg[1:].isdigit():
        return await loans.get_loan(turn.conn, int(arg[1:]))
    return await loans.find_loan(turn.conn, arg.upper()) or await loans.find_loan(turn.conn, arg)


async def payment(conv: Conversation, turn: Turn, args: str) -> list[Answer]:
    """/payment lists loans with instalments to record; /payment REF records one."""
    if not _is_banker(turn.profile.role):
        return [Reply((msg("staff-not-allowed"),))]
    arg = "".join(args.split())[:REF_MAX]
    if not arg:
        return [await _due_list(turn)]
    loan = await _find(turn, arg)
    if loan is None:
        return [Reply((msg("payment-loan-unknown", loan=arg),))]
    rows = [r for r in await loans.instalments_of(turn.conn, loan["id"]) if r["paid_on"] is None]
    if not rows:
        return [Reply((msg("payment-all-paid", loan=arg),))]
    data = {"loan": loan["id"], "label": loan["ref"] or loan["bank_ref"] or f"#{loan['id']}",
            "line": is_line(loan["method"]),
            "open": [[r["period"], r["due_on"].isoformat(), str(r["payment"])]
                     for r in rows[:SHOWN_INSTALMENTS]]}
    return _open(conv, turn, PAYMENT, "instalment", data)


def _instalment_options(ctx: Ctx) -> list[tuple[str, Msg | str]]:
    if ctx.data.get("line"):  # a credit line's one row: the bank saw it repaid in full
        return [(str(period), msg("payment-line-option", end=due))
                for period, due, _ in ctx.data["open"]]
    return [(str(period), msg("payment-instalment", period=str(period), due=due,
                              amount=_cny(ctx, amount)))
            for period, due, amount in ctx.data["open"]]


def _ask_instalment(ctx: Ctx) -> Reply:
    buttons = tuple((ctx.button(label, value),) for value, label in _instalment_options(ctx))
    key = "payment-line-ask" if ctx.data.get("line") else "payment-ask-instalment"
    return Reply((msg(key, loan=ctx.data["label"]),), buttons)


def _due_of(ctx: Ctx) -> str:
    return next(due for period, due, _ in ctx.data["open"] if str(period) == ctx.data["period"])


def _ask_paid_on(ctx: Ctx) -> Reply:
    due = _due_of(ctx)
    today = _today(ctx)
    buttons = [ctx.button(msg("payment-today", date=today.isoformat()), "today")]
    if date.fromisoformat(due) < today:
        buttons.insert(0, ctx.button(msg("payment-on-due", date=due), f"on:{due}"))
    if ctx.data.get("line"):
        return Reply((msg("payment-line-ask-paid-on", end=due),), (tuple(buttons),))
    return Reply((msg("payment-ask-paid-on", period=ctx.data["period"], due=due),),
                 (tuple(buttons),))


def parse_paid_on(ctx: Ctx, event: Event) -> str:
    return read_past_date(ctx, event).isoformat()


async def record_payment(ctx: Ctx) -> list[Reply]:
    service = Loans.of(ctx.services)
    try:
        result = await service.record_payment(
            ctx.conn, loan_id=int(ctx.data["loan"]), period=int(ctx.data["period"]),
            paid_on=date.fromisoformat(ctx.data["paid_on"]), actor=ctx.profile.user_id,
            role=ctx.profile.role, now=ctx.now)
    except NotAllowed as exc:
        return [Reply((refusal(exc),))]
    if not result.recorded:
        return [Reply((msg("payment-already", period=ctx.data["period"]),))]
    if ctx.data.get("line"):
        return [Reply((msg("payment-line-done", loan=ctx.data["label"],
                           paid_on=ctx.data["paid_on"]),))]
    lines = [msg("payment-done", loan=ctx.data["label"], period=ctx.data["period"],
                 paid_on=ctx.data["paid_on"])]
    if result.repaid:
        lines.append(msg("payment-repaid"))
    return [Reply(tuple(lines))]


PAYMENT_FLOW = Flow(
    name=PAYMENT,
    title="flow-payment",
    finish=record_payment,
    steps=(
        Step("instalment", _ask_instalment, choice(_instalment_options), store=_keep("period")),
        Step("paid_on", _ask_paid_on, parse_paid_on, store=_keep("paid_on"),
             next=lambda _ctx: None),
    ),
)

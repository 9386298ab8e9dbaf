"""/myloans: the member's disbursed loans, what is due next, what is left, the schedule as CSV.

    /myloans ─► one card per loan (next due date and the full instalment, late ones,
                what is left, the union's subsidy) ─► [📥 schedule] menu:myloans csv ID
             ─► a draw-as-needed line: amount, rate, end date, next reminder (no schedule)

The CSV button is a menu payload, so it works from any old /myloans message; the loan it
names is checked to be the member's own.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bot.loans.amounts import format_cny
from bot.loans.calculator import Method
from bot.loans.schedule_csv import Column
from bot.reminders import LineView, Loans, LoanView
from dialogs.model import Answer, Button, Document, Msg, Reply, msg

if TYPE_CHECKING:
    from dialogs.router import Conversation, Turn

NAME = "myloans"
SHOWN = 5  # a member rarely has more; repaid ones come last
# Every key this module builds from a code (tests check both locales define them).
KEY_FAMILIES = frozenset({m.key for m in Method})


def rate_text(rate: Decimal) -> str:
    return f"{Decimal(rate).normalize():f}"


def _programme(turn: Turn, code: str) -> str:
    found = turn.services.catalog.programme(code)
    return found.names.in_lang(turn.profile.locale) if found else code


def _money(turn: Turn, amount: Any) -> str:
    return format_cny(Decimal(amount), turn.profile.locale)


def _method(code: str) -> Msg | str:
    return msg(Method(code).key) if code in set(Method) else code


def card_lines(turn: Turn, view: LoanView) -> list[Msg]:
    """What a borrower wants at a glance: the next debit, anything late, what is left."""
    loan = view.loan
    lines = [msg("myloans-card", ref=loan.get("ref") or f"#{loan['id']}",
                 programme=_programme(turn, loan["programme"]),
                 amount=_money(turn, loan["amount"]), rate=rate_text(loan["annual_rate"]),
                 months=str(loan["term_months"]), method=_method(loan["method"]),
                 on=loan["disbursed_on"].isoformat())]
    if view.late:
        first = view.late[0]
        lines.append(msg("myloans-late", count=str(len(view.late)), period=str(first["period"]),
                         due=first["due_on"].isoformat(), amount=_money(turn, first["payment"])))
    if view.next_due is not None:
        nxt = view.next_due
        lines.append(msg("myloans-next", period=str(nxt["period"]),
                         periods=str(len(view.instalments)), due=nxt["due_on"].isoformat(),
                         amount=_money(turn, nxt["payment"])))
    if view.remaining_payment > 0:
        lines.append(msg("myloans-left", paid=str(view.paid), total=str(len(view.instalments)),
                         payments=_money(turn, view.remaining_payment),
                         principal=_money(turn, view.remaining_principal)))
    else:
        lines.append(msg("myloans-repaid"))
    if view.refund_total > 0:
        lines.append(msg("myloans-subsidy", refund=_money(turn, view.refund_total)))
    return lines


def line_lines(turn: Turn, view: LineView) -> list[Msg]:
    """A credit line: its amount, rate and end date, and what that date asks of the member.

    No balance: draws and repayments are the bank's records, not the bot's.
    """
    loan, end = view.loan, view.ends_on.isoformat()
    lines = [msg("myloans-line-card", ref=loan.get("ref") or f"#{loan['id']}",
                 programme=_programme(turn, loan["programme"]),
                 amount=_money(turn, loan["amount"]), rate=rate_text(loan["annual_rate"]),
                 months=str(loan["term_months"]), on=loan["disbursed_on"].isoformat(), end=end)]
    if view.repaid_on is not None:
        return [*lines, msg("myloans-line-repaid", paid_on=view.repaid_on.isoformat())]
    if view.overdue:
        lines.append(msg("myloans-line-late", end=end))
    elif view.days_left == 0:
        lines.append(msg("myloans-line-today", end=end))
    else:
        lines.append(msg("myloans-line-open", end=end, days=str(view.days_left)))
    if view.next_reminder is not None:
        lines.append(msg("myloans-line-next-reminder", day=view.next_reminder.isoformat()))
    if (loan["subsidy"] or {}).get("kind", "none") != "none":
        lines.append(msg("myloans-line-subsidy"))
    return lines


def _card(turn: Turn, view: LoanView | LineView) -> Reply:
    if isinstance(view, LineView):  # nothing to download: a line has no schedule
        return Reply(tuple(line_lines(turn, view)))
    button = Button(msg("myloans-csv-button"), f"menu:{NAME} csv {view.loan['id']}")
    return Reply(tuple(card_lines(turn, view)), ((button,),))


def schedule_csv(turn: Turn, view: LoanView) -> bytes:
    """The stored schedule with what has been paid, UTF-8 with BOM for Excel and WPS."""
    t, locale = turn.services.t, turn.profile.locale
    subsidised = view.refund_total > 0
    head = [t(locale, c.key) for c in Column]
    if subsidised:
        head.append(t(locale, "myloans-csv-refund"))
    head.append(t(locale, "myloans-csv-paid-on"))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(head)
    balance = Decimal(view.loan["amount"])
    for row in view.instalments:
        balance -= Decimal(row["principal"])
        cells = [str(row["period"]), row["due_on"].isoformat(), _fen(row["payment"]),
                 _fen(row["principal"]), _fen(row["interest"]), _fen(balance)]
        if subsidised:
            cells.append(_fen(row["refund"]))
        cells.append(row["paid_on"].isoformat() if row["paid_on"] else "")
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8-sig")


def _fen(value: Any) -> str:
    return f"{Decimal(value):.2f}"


async def _csv(turn: Turn, views: list[LoanView | LineView], arg: str) -> list[Answer]:
    view = next((v for v in views
                 if isinstance(v, LoanView) and arg.strip() == str(v.loan["id"])), None)
    if view is None:  # not the member's own loan, or a forged payload
        return [Reply((msg("myloans-not-found"),))]
    name = f"loan-{view.loan.get('ref') or view.loan['id']}-schedule.csv"
    caption = msg("myloans-csv-caption", ref=view.loan.get("ref") or f"#{view.loan['id']}")
    return [Reply(document=Document(name, schedule_csv(turn, view), caption))]


async def myloans(conv: Conversation, turn: Turn, args: str) -> list[Answer]:
    """The member's loans; "csv ID" sends that loan's schedule as a spreadsheet."""
    service = Loans.of(turn.services)
    views = await service.member_view(turn.conn, turn.profile.user_id, turn.now)
    verb, _, rest = args.strip().partition(" ")
    if verb == "csv":
        return await _csv(turn, views, rest)
    if not views:
        return [Reply((msg("myloans-none"),), ((Button(msg("menu-status"), "menu:status"),),))]
    answers: list[Answer] = [Reply((msg("myloans-header", count=str(len(views))),))]
    answers += [_card(turn, v) for v in views[:SHOWN]]
    if turn.pos.flow:  # a form is waiting: say so, so the next answer lands where expected
        answers.append(Reply((msg("help-in-flow", flow=msg(conv.flows[turn.pos.flow].title)),)))
        answers += conv.reprompt(turn)
    return answers

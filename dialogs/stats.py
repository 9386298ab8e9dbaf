"""/stats: the staff overview in one message, with a refresh button that redraws it in place.

No form and no state: the command (or its button, from any message) reads the counts
of bot/stats.py for the staff member's role and shows them in their language.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from bot import stats
from bot.broadcasts import Audience, local_text
from bot.loans.amounts import format_cny
from dialogs.broadcast import audience_text
from dialogs.engine import Ctx
from dialogs.model import Answer, Button, Kind, Msg, Reply, msg
from dialogs.profile import OCCUPATIONS

if TYPE_CHECKING:
    from dialogs.router import Conversation, Turn

NAME = "stats"
REFRESH = f"menu:{NAME}"  # a menu payload: pressed on any message, old or new


async def stats_command(conv: Conversation, turn: Turn, _args: str) -> list[Answer]:
    """/stats (or its refresh button): the overview for the staff member's role."""
    ctx = turn.ctx()
    if not stats.sections_for(ctx.profile.role):
        return [Reply((msg("stats-not-allowed"),))]
    found = await stats.overview(ctx.conn, ctx.services, ctx.profile.role)
    pressed = turn.event.kind is Kind.BUTTON
    return [Reply(tuple(lines(ctx, found)), ((Button(msg("stats-refresh"), REFRESH),),),
                  edit=pressed)]


def lines(ctx: Ctx, o: stats.Overview) -> list[Msg]:
    """The overview's paragraphs, in the order a union office reads them."""
    out = [msg("stats-head", at=local_text(o.at, ctx.services.settings.tz))]
    if o.members is not None:
        out += _members(ctx, o)
    if o.stages is not None:
        out += _applications(o)
    if o.loans is not None:
        out += _loans(ctx, o.loans)
    if o.outbox is not None:
        out += _delivery(ctx, o)
    return out


def _members(ctx: Ctx, o: stats.Overview) -> list[Msg]:
    c = o.members
    assert c is not None
    return [msg("stats-members", total=c.total, new=c.new, notices_off=c.notices_off,
                unreachable=c.unreachable),
            msg("stats-by-branch", list=_listed(ctx, [(_branch(ctx, v), n)
                                                      for v, n in o.branches])),
            msg("stats-by-occupation", list=_listed(ctx, [(_occupation(ctx, v), n)
                                                          for v, n in o.occupations]))]


def _applications(o: stats.Overview) -> list[Msg]:
    return [msg("stats-applications", week=o.submitted(7), month=o.submitted(30)),
            msg("stats-stages", union=o.stage("submitted") + o.stage("reviewing"),
                late=o.past_sla, info=o.stage("info_requested"), bank=o.stage("recommended"),
                approved=o.stage("approved"), declined=o.stage("declined"),
                rejected=o.stage("rejected"), withdrawn=o.stage("withdrawn"))]


def _loans(ctx: Ctx, c: stats.q.LoanCounts) -> list[Msg]:
    out = [msg("stats-loans", loans=c.loans, active=c.active, amount=_cny(ctx, c.disbursed))]
    if c.overdue:
        out.append(msg("stats-overdue", count=c.overdue, loans=c.overdue_loans,
                       amount=_cny(ctx, c.overdue_amount)))
    else:
        out.append(msg("stats-overdue-none"))
    return out


def _delivery(ctx: Ctx, o: stats.Overview) -> list[Msg]:
    c = o.outbox
    assert c is not None
    out = [msg("stats-outbox", waiting=c.waiting, sent=c.sent, failed=c.failed,
               blocked=c.blocked)]
    if o.broadcast is None:
        return [*out, msg("stats-broadcast-none")]
    row, r = o.broadcast.broadcast, o.broadcast.report
    audience = audience_text(ctx, Audience.from_json(row["audience"]))
    out.append(msg("stats-broadcast", id=row["id"], status=row["status"], audience=audience,
                   planned=row["planned"], delivered=r.delivered, pending=r.pending,
                   failed=r.failed, unreachable=r.unreachable, opted_out=r.opted_out))
    return out


def _cny(ctx: Ctx, amount: Decimal) -> str:
    return format_cny(amount, ctx.locale)


def _branch(ctx: Ctx, code: str | None) -> str:
    if not code:
        return _t(ctx, msg("value-unset"))
    known = ctx.services.branches.get(code)
    return known.name(ctx.locale) if known else code  # a name the member typed


def _occupation(ctx: Ctx, code: str | None) -> str:
    if not code:
        return _t(ctx, msg("value-unset"))
    return _t(ctx, msg(f"occupation-{code}")) if code in OCCUPATIONS else code


def _listed(ctx: Ctx, items: Sequence[tuple[str, int]]) -> str:
    if not items:
        return _t(ctx, msg("stats-list-empty"))
    sep = _t(ctx, msg("stats-list-separator"))
    return sep.join(_t(ctx, msg("stats-list-item", name=name, count=count))
                    for name, count in items)


def _t(ctx: Ctx, m: Msg) -> str:
    return str(ctx.services.t.render(ctx.locale, m))

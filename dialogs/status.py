"""/status: the member's own applications, newest first, and what they can still do.

    /status ─► one card per application (stage history, expected date, decision)
       [撤回] menu:status withdraw REF ─► withdraw: confirm ─► withdrawn
       [回答] menu:status answer REF   ─► answer_info: the answer ─► back in the union's queue

The card buttons are menu payloads, so they work from any old /status message; what they
name is checked here (own application, right stage) and again by the applications
service, whatever the payload says.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.applications import APPROVED, DECLINED, INFO, OPEN, REJECTED, SUBMITTED, NotAllowed
from bot.catalog import Rate
from bot.loans.amounts import format_cny
from dialogs.apply import guarded, label
from dialogs.engine import Ctx, Flow, Invalid, Step, choice, choice_buttons
from dialogs.model import Answer, Button, Event, Kind, Msg, Reply, msg

if TYPE_CHECKING:
    from dialogs.router import Conversation, Turn

SHOWN = 10  # the newest ones; older applications are rarely acted on
ANSWER_MIN, ANSWER_MAX = 2, 300  # the note column holds 500; leave room for staff context
_REF = re.compile(r"^[A-Z0-9-]{1,20}$")
STAGES = {
    "submitted": msg("status-stage-submitted"), "reviewing": msg("status-stage-reviewing"),
    "info_requested": msg("status-stage-info_requested"),
    "recommended": msg("status-stage-recommended"), "declined": msg("status-stage-declined"),
    "approved": msg("status-stage-approved"), "rejected": msg("status-stage-rejected"),
    "withdrawn": msg("status-stage-withdrawn"),
}


# -- the cards -------------------------------------------------------------------------

def _local(turn: Turn, at: datetime) -> str:
    return at.astimezone(turn.services.settings.tz).strftime("%Y-%m-%d %H:%M")


def _stage(code: str) -> Msg | str:
    return STAGES.get(code, code)


def _event_line(turn: Turn, event: dict[str, Any]) -> Msg:
    when, note = _local(turn, event["at"]), event["note"]
    if event["stage"] == SUBMITTED and note:
        return msg("status-event-answered", at=when, note=note)
    if event["stage"] in (DECLINED, REJECTED, INFO) and note:
        return msg("status-event-note", at=when, stage=_stage(event["stage"]), note=note)
    return msg("status-event", at=when, stage=_stage(event["stage"]))


def _programme_name(turn: Turn, code: str) -> str:
    found = turn.services.catalog.programme(code)
    return found.names.in_lang(turn.profile.locale) if found else code


async def _outcome(turn: Turn, row: dict[str, Any]) -> list[Msg]:
    """What the member most wants to know about where the application stands now."""
    locale, stage = turn.profile.locale, row["stage"]
    if stage == APPROVED and row["decided_amount"] is not None:
        return [msg("status-approved-terms", amount=format_cny(row["decided_amount"], locale),
                    rate=str(Rate(row["decided_rate"])), months=str(row["decided_term"]))]
    if stage in (DECLINED, REJECTED):
        return [msg("status-reason", reason=row["note"] or "—")]
    lines = []
    if stage == INFO:
        lines.append(msg("status-question", question=row["note"]))
    if stage in OPEN:
        apps = turn.services.applications
        due = await apps.expected_decision(turn.conn, row, turn.services.settings.tz)
        lines.append(msg("status-expected", date=due.isoformat(),
                         days=str(apps.sla_days(row["programme"]))))
    return lines


def _card_buttons(row: dict[str, Any]) -> tuple[tuple[Button, ...], ...]:
    row_buttons = []
    if row["stage"] == INFO:
        row_buttons.append(Button(msg("status-answer"), f"menu:status answer {row['ref']}"))
    if row["stage"] in OPEN:
        row_buttons.append(Button(msg("status-withdraw"), f"menu:status withdraw {row['ref']}"))
    return (tuple(row_buttons),) if row_buttons else ()


async def _card(turn: Turn, row: dict[str, Any]) -> Reply:
    apps = turn.services.applications
    events = await apps.history(turn.conn, row["id"])
    head = msg("status-card", ref=row["ref"], programme=_programme_name(turn, row["programme"]),
               amount=format_cny(row["amount"], turn.profile.locale),
               months=str(row["term_months"]), stage=_stage(row["stage"]))
    lines = [_event_line(turn, e) for e in events]
    return Reply((head, *lines, *await _outcome(turn, row)), _card_buttons(row))


async def status(conv: Conversation, turn: Turn, args: str) -> list[Answer]:
    """The member's applications; with "withdraw REF" or "answer REF", act on one."""
    verb, _, ref = args.strip().partition(" ")
    if verb in ("withdraw", "answer"):
        return await _act(conv, turn, verb, ref.strip())
    rows = await turn.services.applications.for_member(turn.conn, turn.profile.user_id)
    if not rows:
        return [Reply((msg("status-none"),), ((Button(msg("menu-apply"), "menu:apply"),),))]
    answers: list[Answer] = [Reply((msg("status-header", count=str(len(rows))),))]
    answers += [await _card(turn, row) for row in rows[:SHOWN]]
    if len(rows) > SHOWN:
        answers.append(Reply((msg("status-more", shown=str(SHOWN)),)))
    if turn.pos.flow:  # a form is waiting: say so, so the next answer lands where expected
        answers.append(Reply((msg("help-in-flow", flow=msg(conv.flows[turn.pos.flow].title)),)))
        answers += conv.reprompt(turn)
    return answers


async def _act(conv: Conversation, turn: Turn, verb: str, ref: str) -> list[Answer]:
    row = await turn.services.applications.get(turn.conn, ref) if _REF.match(ref) else None
    # Someone else's application looks exactly like one that does not exist.
    if row is None or row["user_id"] != turn.profile.user_id:
        return [Reply((msg("status-not-found", ref=ref[:20]),))]
    wanted = INFO if verb == "answer" else None
    if (wanted and row["stage"] != wanted) or row["stage"] not in OPEN:
        return [Reply((msg("status-not-now", ref=ref, stage=_stage(row["stage"])),))]
    flow = "answer_info" if verb == "answer" else "withdraw"
    shown: list[Answer] = [await _card(turn, row)] if verb == "answer" else []
    return shown + await conv.command(turn, flow, ref)


# -- withdraw ------------------------------------------------------------------------

def _keep(key: str, convert: Callable[[Any], Any] = lambda v: v) -> Callable[[Ctx, Any], None]:
    def store(ctx: Ctx, value: Any) -> None:
        ctx.data[key] = convert(value)
    return store


def _start_ref(ctx: Ctx, args: str) -> None:
    ref = args.strip()
    ctx.data["ref"] = ref if _REF.match(ref) else None


def _no_ref(ctx: Ctx) -> bool:
    return not ctx.data.get("ref")


def _withdraw_options(ctx: Ctx) -> list[tuple[str, Msg | str]]:
    return [("yes", label(ctx, msg("withdraw-yes"))), ("no", label(ctx, msg("withdraw-no")))]


def _ask_withdraw(ctx: Ctx) -> Reply:
    return Reply((msg("withdraw-ask", ref=ctx.data["ref"]),),
                 choice_buttons(ctx, _withdraw_options(ctx)))


async def _transition(ctx: Ctx, action: str, note: str = "") -> Msg | None:
    """Apply a member's own action; the refusal's explanation, or None when done."""
    try:
        await ctx.services.applications.transition(
            ctx.conn, ref=ctx.data["ref"], action=action, actor=ctx.profile.user_id, role=None,
            now=ctx.now, chat_id=ctx.profile.chat_id, note=note)
    except NotAllowed as refused:
        return Msg(refused.key, refused.params)
    return None


async def _finish_withdraw(ctx: Ctx) -> list[Reply]:
    ref = ctx.data.get("ref")
    if not ref:
        return [Reply((msg("status-pick-first"),))]
    if not ctx.data.get("confirmed"):
        return [Reply((msg("withdraw-kept", ref=ref),))]
    refused = await _transition(ctx, "withdraw")
    return [Reply((refused or msg("withdraw-done", ref=ref),))]


WITHDRAW = Flow(
    name="withdraw",
    title="flow-withdraw",
    start=_start_ref,
    finish=_finish_withdraw,
    steps=(Step("confirm", _ask_withdraw, guarded(choice(_withdraw_options)),
                store=_keep("confirmed", lambda v: v == "yes"),
                skip=_no_ref),),
)


# -- answer a question from the union --------------------------------------------------

def _parse_answer(_ctx: Ctx, event: Event) -> str:
    text = " ".join(event.text.split())
    if not ANSWER_MIN <= len(text) <= ANSWER_MAX:
        raise Invalid("answer-length", min=str(ANSWER_MIN), max=str(ANSWER_MAX))
    return text


async def _finish_answer(ctx: Ctx) -> list[Reply]:
    ref = ctx.data.get("ref")
    if not ref:
        return [Reply((msg("status-pick-first"),))]
    refused = await _transition(ctx, "answer_info", ctx.data["answer"])
    return [Reply((refused or msg("answer-sent", ref=ref),))]


ANSWER = Flow(
    name="answer_info",
    title="flow-answer-info",
    start=_start_ref,
    finish=_finish_answer,
    steps=(Step("answer", lambda ctx: Reply((msg("answer-ask", ref=ctx.data["ref"],
                                                 max=str(ANSWER_MAX)),)),
                guarded(_parse_answer), store=_keep("answer"),
                expects=frozenset({Kind.TEXT}), skip=_no_ref),),
)

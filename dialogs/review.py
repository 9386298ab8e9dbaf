"""/review: union reviewers and bank officers work through loan pre-applications.

    /review ─► queue (oldest first; each line: age and SLA due date in working days)
                 │ press one (a "menu:review REF" button: safe on any old message)
                 ▼
               card ─┬─ recommend ──────────────────────────► letter (推荐函) + queue
                     ├─ decline / reject / ask_info ─► note ─► queue
                     ├─ approve ─► amount ─► rate ─► term ─► confirm ─► queue
                     └─ back to the queue

Opening a submitted application moves it to "reviewing" (the member hears of it).
What a person may do is decided by ``Applications`` on the server, from the role
stored for them: the buttons only mirror it. A button payload naming any other
action, or a stage that changed since the card was drawn, gets the service's polite
refusal and changes nothing.

The reviewer's dialog state holds the application's reference and the reviewer's own
answers (action, note, decided terms), never the applicant's personal data: the card is
drawn from the application as read in the same update (prompts are synchronous, so each
step reads it first; see ``load``). Where a prompt is redrawn without such a read (the
form resumed after an interruption, an over-long message), it offers a "show" button
that reads it again.
"""

from __future__ import annotations

import inspect
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from bot.applications import (
    BANK_QUEUE,
    BANKERS,
    RECOMMENDED,
    REVIEWERS,
    SUBMITTED,
    TRANSITIONS,
    UNION_QUEUE,
    Decision,
    NotAllowed,
    SlaClock,
)
from bot.catalog.schema import FixedRate
from bot.letter import method_key, recommendation_letter
from bot.loans.amounts import format_cny
from dialogs.engine import (
    CANCEL,
    NEXT,
    Ctx,
    Flow,
    Invalid,
    Next,
    Parser,
    Position,
    Prompt,
    Runner,
    Step,
    Store,
    button_value,
    choice,
)
from dialogs.inputs import capped_amount, term_or_default
from dialogs.model import Answer, Button, Event, Kind, Msg, Reply, msg

if TYPE_CHECKING:
    from dialogs.router import Conversation, Turn

NAME = "review"
QUEUE_LIMIT = 20  # one screen; the oldest come first, so nothing waits unseen for long
NOTE_MIN, NOTE_MAX = 2, 300
RATE_MAX = Decimal("36")  # the service's bound (the legal ceiling on private lending)
TERM_MAX = 360
REF_MAX = 20
UNION_ACTIONS = ("recommend", "decline", "ask_info")
BANK_ACTIONS = ("approve", "reject")
STAFF_ACTIONS = UNION_ACTIONS + BANK_ACTIONS
NEEDS_NOTE = frozenset({"decline", "reject", "ask_info"})
BACK_TO_QUEUE = "queue"
SHOW = "show"  # draw the prompt again from the application
BACK = "back"  # the previous step, drawn from the application (not the engine's "~back")
# This update's reading of the application: in the per-update effects, never in the
# stored dialog state.
FACTS = "review.facts"
# Bank officers see only what the union has passed to the bank: applications that never
# left the union are none of the bank's business (PIPL: least access).
BANK_VISIBLE = frozenset({RECOMMENDED, "approved", "rejected"})
_RATE = re.compile(r"^\d{1,2}(?:\.\d{1,4})?$")


# -- who sees what ---------------------------------------------------------------------


def queue_stages(role: str | None) -> tuple[str, ...]:
    """The stages waiting for this role; an admin sees both queues."""
    stages: tuple[str, ...] = ()
    if role in REVIEWERS:
        stages += UNION_QUEUE
    if role in BANKERS:
        stages += BANK_QUEUE
    return stages


def may_see(role: str | None, stage: str) -> bool:
    return role in REVIEWERS or (role in BANKERS and stage in BANK_VISIBLE)


def offered_actions(role: str | None, stage: str) -> tuple[str, ...]:
    """Buttons to draw: read off the workflow table, so they never disagree with it."""
    return tuple(a for a in STAFF_ACTIONS
                 if role in TRANSITIONS[a].roles and stage in TRANSITIONS[a].sources)


def stage_msg(stage: str) -> Msg:
    return msg("review-stage", stage=stage)


def refusal(exc: NotAllowed) -> Msg:
    """The service's polite "no", as the person reads it."""
    return Msg(exc.key, dict(exc.params))


# -- the application, read once per update ----------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What the card shows: the application row as stored, its SLA clock, its history."""

    row: dict[str, Any]
    clock: SlaClock
    history: list[tuple[str, str, str]]  # local time, stage, note


async def read_facts(ctx: Ctx, row: Mapping[str, Any]) -> Facts:
    apps = ctx.services.applications
    tz = ctx.services.settings.tz
    history = [(e["at"].astimezone(tz).strftime("%Y-%m-%d %H:%M"), e["stage"], e["note"] or "")
               for e in await apps.history(ctx.conn, row["id"])]
    return Facts(dict(row), await apps.sla(ctx.conn, row, ctx.now, tz), history)


def _hold(ctx: Ctx, facts: Facts) -> Facts:
    ctx.effects[FACTS] = facts
    return facts


async def load(ctx: Ctx) -> Facts:
    """Read the application under review for this update; refused if it is gone."""
    ref = ctx.data["ref"]
    row = await ctx.services.applications.get(ctx.conn, ref)
    if row is None or not may_see(ctx.profile.role, row["stage"]):
        raise Invalid("app-not-found", ref=ref)
    return _hold(ctx, await read_facts(ctx, row))


def facts(ctx: Ctx) -> Facts | None:
    """The application as read in this update, if it was."""
    found = ctx.effects.get(FACTS)
    return found if isinstance(found, Facts) and found.row["ref"] == ctx.data.get("ref") else None


def _facts(ctx: Ctx) -> Facts:
    found = facts(ctx)
    if found is None:  # every prompt that reads facts goes through ``_drawn``
        raise LookupError("application not read in this update")
    return found


# -- names from the catalogue --------------------------------------------------------------


def programme_name(services: Any, code: str, locale: str) -> str:
    programme = services.catalog.programme(code)
    return programme.names.in_lang(locale) if programme else code


def tier_name(services: Any, programme_code: str, tier_code: str, locale: str) -> str:
    programme = services.catalog.programme(programme_code)
    tier = next((t for t in programme.tiers if t.id == tier_code), None) if programme else None
    return tier.names.in_lang(locale) if tier else tier_code


def purpose_name(services: Any, code: str, locale: str) -> str:
    purpose = next((p for p in services.catalog.purposes if p.id == code), None)
    return purpose.names.in_lang(locale) if purpose else code


def branch_name(services: Any, code: str, locale: str) -> str:
    branch = services.branches.get(code)
    return branch.name(locale) if branch else code


def answer_line(services: Any, question_id: str, value: Any, locale: str) -> Msg:
    """One yes/no, choice or number answer as "label: answer"."""
    question = services.catalog.question(question_id)
    label = question.label.in_lang(locale) if question else question_id
    shown: Msg | str
    if isinstance(value, bool):
        shown = msg("value-yes") if value else msg("value-no")
    else:
        found = next((c for c in question.choices if c.id == value), None) if question else None
        shown = found.names.in_lang(locale) if found else str(value)
    return msg("review-card-answer", question=label, answer=shown)


# -- the queue -------------------------------------------------------------------------------


async def queue_reply(ctx: Ctx) -> Reply:
    """The waiting applications for this person's role, oldest first, one button each."""
    role = ctx.profile.role
    stages = queue_stages(role)
    apps = ctx.services.applications
    rows = await apps.queue(ctx.conn, stages, limit=QUEUE_LIMIT) if stages else []
    if not rows:
        return Reply((msg("review-queue-empty", role=role or "none"),),
                     ((Button(msg("review-refresh"), f"menu:{NAME}"),),))
    cal = await apps.calendar(ctx.conn)
    tz = ctx.services.settings.tz
    lines = [msg("review-queue-head", role=role or "none", count=len(rows))]
    picks: list[Button] = []
    for n, row in enumerate(rows, start=1):
        clock = await apps.sla(ctx.conn, row, ctx.now, tz, cal)
        lines.append(msg("review-queue-line", n=n, ref=row["ref"], stage=stage_msg(row["stage"]),
                         programme=programme_name(ctx.services, row["programme"], ctx.locale),
                         amount=format_cny(Decimal(row["amount"]), ctx.locale)))
        lines.append(msg("review-queue-timing", **_timing_args(ctx, row, clock)))
        # Menu payloads work from any message, old or new: opening re-reads the stage.
        picks.append(Button(f"{n}. {row['ref']}", f"menu:{NAME} {row['ref']}"))
    if len(rows) == QUEUE_LIMIT:
        lines.append(msg("review-queue-more", limit=QUEUE_LIMIT))
    buttons = [tuple(picks[i:i + 2]) for i in range(0, len(picks), 2)]
    buttons.append((Button(msg("review-refresh"), f"menu:{NAME}"),))
    return Reply(tuple(lines), tuple(buttons))


# -- opening one application --------------------------------------------------------------------


def _timing_args(ctx: Ctx, row: Mapping[str, Any], clock: SlaClock) -> dict[str, Any]:
    """The SLA line's arguments: the wait counts from the member's answer, if any."""
    submitted = row["submitted_at"].astimezone(ctx.services.settings.tz).date()
    answered = clock.started.isoformat() if clock.started != submitted else "none"
    return {"submitted": submitted.isoformat(), "answered": answered, "age": clock.age,
            "due": clock.due.isoformat(), "overdue": "yes" if clock.overdue else "no"}


async def open_application(ctx: Ctx, ref: str) -> Facts:
    """Load one application for the card; a reviewer's first look starts the review."""
    apps = ctx.services.applications
    profile = ctx.profile
    row = await apps.get(ctx.conn, ref)
    if row is None or not may_see(profile.role, row["stage"]):
        raise NotAllowed("app-not-found", ref=ref)
    if row["stage"] == SUBMITTED and profile.role in REVIEWERS:
        try:
            row = await apps.transition(ctx.conn, ref=ref, action="start_review",
                                        actor=profile.user_id, role=profile.role, now=ctx.now)
        except NotAllowed:
            # Another reviewer opened it a moment ago; show it as it stands now.
            row = await apps.get(ctx.conn, ref) or row
    return await read_facts(ctx, row)


def clean_ref(args: str) -> str:
    """References are typed by hand too: case and spaces do not matter."""
    return "".join(args.split()).upper()[:REF_MAX]


async def review(conv: Conversation, turn: Turn, args: str) -> list[Answer]:
    """/review shows the queue; /review REF (or a queue button) opens one application."""
    ctx = turn.ctx()
    ref = clean_ref(args)
    if not ref:
        return [await queue_reply(ctx)]
    try:
        found = await open_application(ctx, ref)
    except NotAllowed as exc:
        return [Reply((refusal(exc),))]
    if turn.pos.flow != NAME:
        conv.suspend(turn)  # another form waits; a previous card is simply replaced
    flow = conv.flows[NAME]
    turn.pos = Position()
    Runner(flow).jump(turn.pos, "card")
    turn.pos.data["ref"] = found.row["ref"]
    card = turn.ctx()
    _hold(card, found)
    return [Runner(flow).prompt(turn.pos, card)]


# -- the card ------------------------------------------------------------------------------------


def _action_label(action: str) -> Msg:
    labels = {"recommend": msg("review-do-recommend"), "decline": msg("review-do-decline"),
              "ask_info": msg("review-do-ask_info"), "approve": msg("review-do-approve"),
              "reject": msg("review-do-reject")}
    return labels[action]


def _card_options(ctx: Ctx) -> list[tuple[str, Msg | str]]:
    actions = offered_actions(ctx.profile.role, _facts(ctx).row["stage"])
    return [*((a, _action_label(a)) for a in actions), (BACK_TO_QUEUE, msg("review-back"))]


def card_lines(ctx: Ctx) -> list[Msg]:
    found, s, loc = _facts(ctx), ctx.services, ctx.locale
    d = found.row
    lines = [
        msg("review-card-head", ref=d["ref"], stage=stage_msg(d["stage"])),
        msg("review-card-programme", programme=programme_name(s, d["programme"], loc),
            tier=tier_name(s, d["programme"], d["tier"], loc), borrower=d["borrower"]),
        msg("review-card-amount", amount=format_cny(Decimal(d["amount"]), loc),
            term=d["term_months"]),
        msg("review-card-purpose", purpose=purpose_name(s, d["purpose"], loc),
            method=msg(method_key(d["method"]))),
        msg("review-card-applicant", name=d["name"] or "—", phone=d["phone"] or "—"),
        msg("review-card-work", branch=branch_name(s, d["branch"], loc),
            employer=d["employer"] or "—"),
        *(answer_line(s, q, v, loc) for q, v in (d["answers"] or {}).items()),
        msg("review-card-timing", **_timing_args(ctx, d, found.clock)),
    ]
    if d.get("decided_amount") is not None:
        lines.append(msg("review-card-decided",
                         amount=format_cny(Decimal(d["decided_amount"]), loc),
                         rate=_rate_text(Decimal(d["decided_rate"])), term=d["decided_term"]))
    lines.append(msg("review-card-history"))
    lines += [msg("review-card-history-line", at=at, stage=stage_msg(stage), note=note,
                  has_note="yes" if note else "no")
              for at, stage, note in found.history]
    lines.append(msg("review-card-no-id"))
    if not offered_actions(ctx.profile.role, d["stage"]):
        lines.append(msg("review-card-no-action"))
    return lines


def _ask_card(ctx: Ctx) -> Reply:
    *actions, back = [ctx.button(label, value) for value, label in _card_options(ctx)]
    rows = [tuple(actions[i:i + 3]) for i in range(0, len(actions), 3)]
    return Reply(tuple(card_lines(ctx)), (*rows, (back,)))


async def parse_card(ctx: Ctx, event: Event) -> str:
    """An action for this application, allowed now by the server; or back to the queue."""
    if event.kind is Kind.BUTTON:
        value = button_value(event)
        if value != BACK_TO_QUEUE and value not in STAFF_ACTIONS:
            raise Invalid("button-unknown")
    else:
        value = str(choice(_card_options)(ctx, event))
    if value == BACK_TO_QUEUE:
        return value
    try:
        # Whatever the payload says: the role and the stage are checked on the server,
        # against the application as read in this update (the card is redrawn from it).
        ctx.services.applications.check(_facts(ctx).row, action=value,
                                        actor=ctx.profile.user_id, role=ctx.profile.role)
    except NotAllowed as exc:
        raise Invalid(exc.key, **exc.params) from exc
    return value


def _after_card(ctx: Ctx) -> str | None:
    action = ctx.data.get("action")
    if action in NEEDS_NOTE:
        return "note"
    return "amount" if action == "approve" else None  # recommend and "back" finish here


# -- a reason or a question --------------------------------------------------------------------


def _ask_note(ctx: Ctx) -> Reply:
    asks = {"decline": msg("review-ask-decline-reason", ref=ctx.data["ref"]),
            "reject": msg("review-ask-reject-reason", ref=ctx.data["ref"]),
            "ask_info": msg("review-ask-question", ref=ctx.data["ref"])}
    return Reply((asks[ctx.data["action"]], msg("review-note-goes-to-member")))


def parse_note(_ctx: Ctx, event: Event) -> str:
    """The member reads this as written: one paragraph, 2–300 characters."""
    text = " ".join(event.text.split())
    if not NOTE_MIN <= len(text) <= NOTE_MAX:
        raise Invalid("review-note-length", min=NOTE_MIN, max=NOTE_MAX)
    return text


# -- the bank's decision -------------------------------------------------------------------------


def _rate_text(rate: Decimal) -> str:
    return f"{rate.normalize():f}"


def _requested(ctx: Ctx) -> Decimal:
    return Decimal(_facts(ctx).row["amount"])


def _ask_amount(ctx: Ctx) -> Reply:
    requested = format_cny(_requested(ctx), ctx.locale)
    return Reply((msg("review-ask-amount", requested=requested),),
                 ((ctx.button(msg("review-use-requested", value=requested), "requested"),),))


def parse_decided_amount(ctx: Ctx, event: Event) -> str:
    requested = _requested(ctx)
    return capped_amount(event, cap=requested, default="requested",
                         over_key="review-amount-over",
                         cap_text=format_cny(requested, ctx.locale))


def _catalogue_rate(ctx: Ctx) -> Decimal | None:
    """A tier with a fixed rate (e.g. 4.3 %) offers it as a one-press answer."""
    row = _facts(ctx).row
    programme = ctx.services.catalog.programme(row["programme"])
    tier = next((t for t in programme.tiers if t.id == row["tier"]), None) \
        if programme else None
    return tier.rate.annual if tier and isinstance(tier.rate, FixedRate) else None


def _ask_rate(ctx: Ctx) -> Reply:
    fixed = _catalogue_rate(ctx)
    buttons = (((ctx.button(msg("review-use-rate", rate=_rate_text(fixed)),
                            f"rate:{_rate_text(fixed)}"),),) if fixed is not None else ())
    return Reply((msg("review-ask-rate"),), buttons)


def read_rate(text: str) -> Decimal:
    """"3.45", "3.45%", "３．４５％", "年利率 3.45" → Decimal percent; else Invalid."""
    body = unicodedata.normalize("NFKC", text).strip().removeprefix("年利率").strip()
    body = body.removesuffix("%").strip()
    if not _RATE.fullmatch(body):
        raise Invalid("review-rate-invalid", max=str(RATE_MAX))
    rate = Decimal(body)
    if rate > RATE_MAX:
        raise Invalid("review-rate-invalid", max=str(RATE_MAX))
    return rate


def parse_rate(ctx: Ctx, event: Event) -> str:
    if event.kind is Kind.BUTTON:
        kind, _, value = button_value(event).partition(":")
        fixed = _catalogue_rate(ctx)
        try:
            offered = kind == "rate" and fixed is not None and Decimal(value) == fixed
        except InvalidOperation:
            offered = False
        if not offered:
            raise Invalid("button-unknown")
        return value
    return _rate_text(read_rate(event.text))


def _ask_term(ctx: Ctx) -> Reply:
    months = _facts(ctx).row["term_months"]
    return Reply((msg("review-ask-term", requested=months),),
                 ((ctx.button(msg("review-use-term", months=months), "requested"),),))


def parse_decided_term(ctx: Ctx, event: Event) -> int:
    return term_or_default(event, default_months=int(_facts(ctx).row["term_months"]),
                           default="requested", longest=TERM_MAX)


def _confirm_options(_ctx: Ctx) -> list[tuple[str, Msg | str]]:
    return [("confirm", msg("review-approve-confirm"))]


def _ask_confirm(ctx: Ctx) -> Reply:
    d, row = ctx.data, _facts(ctx).row
    summary = msg("review-approve-summary", ref=d["ref"], name=row["name"] or "—",
                  programme=programme_name(ctx.services, row["programme"], ctx.locale),
                  amount=format_cny(Decimal(d["decided_amount"]), ctx.locale),
                  requested=format_cny(Decimal(row["amount"]), ctx.locale),
                  rate=d["decided_rate"], term=d["decided_term"])
    return Reply((summary,), ((ctx.button(msg("review-approve-confirm"), "confirm"),),))


# -- carrying it out ---------------------------------------------------------------------------


def _done_text(action: str, ref: str) -> Msg:
    texts = {"recommend": msg("review-done-recommend", ref=ref),
             "decline": msg("review-done-decline", ref=ref),
             "ask_info": msg("review-done-ask_info", ref=ref),
             "approve": msg("review-done-approve", ref=ref),
             "reject": msg("review-done-reject", ref=ref)}
    return texts[action]


def _decision(data: Mapping[str, Any]) -> Decision | None:
    if data["action"] != "approve":
        return None
    return Decision(Decimal(data["decided_amount"]), Decimal(data["decided_rate"]),
                    int(data["decided_term"]))


def _letter(ctx: Ctx, row: Mapping[str, Any]) -> Reply:
    s = ctx.services
    day = ctx.now.astimezone(s.settings.tz).date()
    document = recommendation_letter(s.t, s.catalog, s.branches, row, day=day,
                                     reviewer=ctx.profile.name)
    return Reply(document=document)


async def carry_out(ctx: Ctx) -> list[Reply]:
    """The chosen action in this update's transaction: stage, history, audit, notice."""
    action, ref = ctx.data.get("action"), ctx.data["ref"]
    gone = ctx.data.get("gone")
    if gone:
        return [Reply((Msg(gone["key"], gone["params"]),)), await queue_reply(ctx)]
    if action == BACK_TO_QUEUE:
        return [await queue_reply(ctx)]
    try:
        row = await ctx.services.applications.transition(
            ctx.conn, ref=ref, action=action, actor=ctx.profile.user_id,
            role=ctx.profile.role, now=ctx.now, note=ctx.data.get("note", ""),
            decision=_decision(ctx.data))
    except NotAllowed as exc:
        return [Reply((refusal(exc),)), await queue_reply(ctx)]
    replies = [Reply((_done_text(action, ref),))]
    if action == "recommend":
        replies.append(_letter(ctx, row))
    return [*replies, await queue_reply(ctx)]


def _keep(key: str) -> Any:
    def store(ctx: Ctx, value: Any) -> None:
        ctx.data[key] = value
    return store


# -- steps drawn from the application --------------------------------------------------------
#
# The engine redraws a prompt on its own for "back" and for input of the wrong kind,
# without a chance to read the database first. These steps therefore take every kind of
# input and their own back button, so that each answer reads the application (``load``)
# before anything is drawn; only the router's own redraws meet an unread application,
# and get the "show" prompt.

ANY_INPUT = frozenset(Kind) - {Kind.COMMAND, Kind.EDITED}  # those two never reach a step


@dataclass(frozen=True)
class _Back:
    step: str


@dataclass(frozen=True)
class _Gone:
    """The application can no longer be read (erased by /forget, or out of sight)."""

    key: str
    params: dict[str, Any]


def _drawn(prompt: Prompt, back: str | None, reads: bool) -> Prompt:
    """The step's prompt with its back/cancel row, or the "show" prompt if unread."""

    def draw(ctx: Ctx) -> Reply:
        nav = ((ctx.button(msg("nav-back"), BACK),) if back else ()) + (
            ctx.button(msg("nav-cancel"), CANCEL),)
        if reads and facts(ctx) is None:
            return Reply((msg("review-held", ref=ctx.data["ref"]),),
                         ((ctx.button(msg("review-show"), SHOW),), nav))
        reply = prompt(ctx)
        return replace(reply, buttons=(*reply.buttons, nav)) if back else reply
    return draw


def _reading(parse: Parser, kinds: frozenset[Kind], wrong_kind: str,
             back: str | None) -> Parser:
    """Read the application, then: "show" redraws, "back" steps back, else ``parse``."""

    async def read_then_parse(ctx: Ctx, event: Event) -> Any:
        try:
            await load(ctx)
        except Invalid as gone:
            return _Gone(gone.key, gone.params)
        if event.kind is Kind.BUTTON and button_value(event) == SHOW:
            return SHOW
        if event.kind is Kind.BUTTON and back and button_value(event) == BACK:
            return _Back(back)
        if event.kind not in kinds:
            raise Invalid("media-unsupported" if event.kind is Kind.MEDIA else wrong_kind)
        value = parse(ctx, event)
        return await value if inspect.isawaitable(value) else value
    return read_then_parse


def _step(name: str, prompt: Prompt, parse: Parser, *, store: Store | None = None,
          then: Next = None, back: str | None = None, reads: bool = True,
          kinds: frozenset[Kind] = frozenset({Kind.TEXT, Kind.BUTTON}),
          wrong_kind: str = "input-wrong-kind") -> Step:
    def keep(ctx: Ctx, value: Any) -> None:
        if isinstance(value, _Gone):
            ctx.data["gone"] = {"key": value.key, "params": value.params}
        elif isinstance(value, _Back):
            ctx.data["_goto"] = value.step
        elif value != SHOW and store is not None:
            store(ctx, value)

    def after(ctx: Ctx) -> str | None:
        if "gone" in ctx.data:
            return None  # nothing left to review: say so, back to the queue
        goto = ctx.data.pop("_goto", None)
        if goto is not None:
            return str(goto)
        if callable(then):
            return then(ctx)
        return NEXT if then is None else then

    return Step(name, _drawn(prompt, back, reads), _reading(parse, kinds, wrong_kind, back),
                expects=ANY_INPUT, store=keep, next=after,
                stay=lambda value: "edit" if value == SHOW else "", nav=False)


FLOW = Flow(
    name=NAME,
    title="flow-review",
    finish=carry_out,
    steps=(
        _step("card", _ask_card, parse_card, store=_keep("action"), then=_after_card),
        _step("note", _ask_note, parse_note, store=_keep("note"), then=lambda _ctx: None,
              back="card", reads=False, kinds=frozenset({Kind.TEXT}),
              wrong_kind="review-note-type-it"),
        _step("amount", _ask_amount, parse_decided_amount, store=_keep("decided_amount"),
              back="card"),
        _step("rate", _ask_rate, parse_rate, store=_keep("decided_rate"), back="amount"),
        _step("term", _ask_term, parse_decided_term, store=_keep("decided_term"), back="rate"),
        _step("confirm", _ask_confirm, choice(_confirm_options), then=lambda _ctx: None,
              back="term"),
    ),
)

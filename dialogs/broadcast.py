"""/broadcast: union staff send one notice to many members, now or at a set time.

    /broadcast ─┬─ something running or scheduled ─► list: progress, ✕ cancel #N, ✍ new
                └─ nothing ─► text (or a photo with a caption) ─► audience
                     ─► [branch | district | occupation | language] ─► preview
                     ─┬─ send now ──────────────► queued
                      └─ at a time ─► when ─────► scheduled
    ✕ cancel #N ─► are you sure? ─► cancelled (waiting notices withdrawn)

The preview shows the notice exactly as members get it (it is sent as written, the same
in every language: a text of up to 4,096 characters, or the photo itself with its
caption) and how many members it reaches; those who turned general notices off and
those who blocked the bot are counted but not sent to. The notice is never a Fluent
placeable (Fluent refuses long ones): it is a part of the reply of its own, and a
preview longer than one message is sent as several (dialogs/limits.py). Progress and
the final report come from the outbox (bot/broadcasts.py).

Who may: the union's own staff (reviewer, admin); bank officers are staff too but do
not write to union members. The role is checked on the server when the list is shown,
when a broadcast is created and when one is cancelled.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot import broadcasts
from bot.broadcasts import (
    CAPTION_MAX,
    NEEDS_VALUE,
    RUNNING,
    TEXT_MAX,
    Audience,
    WhenError,
    district_audience,
    districts,
    excerpt,
    local_text,
    parse_send_time,
)
from bot.delivery import render_payload
from bot.pacing import QuietHours
from bot.staff_menu import BROADCASTERS
from dialogs.engine import Ctx, Flow, Invalid, Position, Runner, Step, choice, choice_buttons
from dialogs.language import LANGUAGES
from dialogs.limits import units
from dialogs.model import Answer, Button, Event, Kind, Msg, Photo, Reply, Text, msg
from dialogs.profile import OCCUPATIONS

if TYPE_CHECKING:
    from dialogs.router import Conversation, Turn

NAME = "broadcast"
NOW, LATER = "now", "later"


def _menu(args: str) -> str:
    """A payload that runs /broadcast with ``args`` from any message, old or new."""
    return f"menu:{NAME} {args}".rstrip()


def audience_of(ctx: Ctx, kind: str, value: str = "") -> Audience:
    if kind == "district":
        return district_audience(value, ctx.services.branches)
    return Audience(kind, value if kind in NEEDS_VALUE else "")


def audience_text(ctx: Ctx, audience: Audience) -> str:
    """The audience in the reader's words, through the same renderer as the report."""
    part = broadcasts.describe(audience, ctx.services.branches)
    return render_payload(ctx.services.t, ctx.locale, {"text": [part]}).text


# -- the text ----------------------------------------------------------------------------------


def _ask_text(_ctx: Ctx) -> Reply:
    return Reply((msg("broadcast-ask-text"),))


def parse_text(_ctx: Ctx, event: Event) -> dict[str, str]:
    """Plain text, or a photo whose caption is the text; kept exactly as written."""
    if event.kind is Kind.MEDIA:
        if not event.file_id:  # a sticker, a voice message…
            raise Invalid("broadcast-photo-only")
        caption = event.text.strip()
        if units(caption) > CAPTION_MAX:
            raise Invalid("broadcast-caption-too-long", limit=CAPTION_MAX)
        return {"text": caption, "photo": event.file_id}
    text = event.text.strip()
    if not text:
        raise Invalid("broadcast-text-empty")
    if units(text) > TEXT_MAX:  # as Telegram counts: an emoji may count twice
        raise Invalid("broadcast-text-too-long", limit=TEXT_MAX)
    return {"text": text, "photo": ""}


def store_text(ctx: Ctx, value: dict[str, str]) -> None:
    ctx.data.update(value)


# -- the audience ------------------------------------------------------------------------------


def _audience_options(_ctx: Ctx) -> list[tuple[str, Msg | str]]:
    labels = {"all": msg("broadcast-audience-all"), "branch": msg("broadcast-audience-branch"),
              "district": msg("broadcast-audience-district"),
              "occupation": msg("broadcast-audience-occupation"),
              "loan": msg("broadcast-audience-loan"),
              "language": msg("broadcast-audience-language")}
    return [(kind, labels[kind]) for kind in broadcasts.AUDIENCE_KINDS]


def _ask_audience(ctx: Ctx) -> Reply:
    return Reply((msg("broadcast-ask-audience"),), choice_buttons(ctx, _audience_options(ctx)))


async def _count(ctx: Ctx, audience: Audience) -> None:
    """Prompts cannot read the database: the preview's numbers are fetched here."""
    counted = await broadcasts.preview(ctx.conn, audience)
    ctx.data.update(count=counted.recipients, opted_out=counted.opted_out,
                    unreachable=counted.unreachable)


async def parse_audience(ctx: Ctx, event: Event) -> str:
    kind = str(choice(_audience_options)(ctx, event))
    if kind == "district" and not districts(ctx.services.branches):
        raise Invalid("broadcast-no-districts")
    if kind not in NEEDS_VALUE:
        await _count(ctx, audience_of(ctx, kind))
    return kind


def store_audience(ctx: Ctx, kind: str) -> None:
    ctx.data["kind"], ctx.data["value"] = kind, ""


def _value_options(ctx: Ctx) -> list[tuple[str, Msg | str]]:
    kind = ctx.data.get("kind")
    if kind == "branch":
        return [(b.code, b.name(ctx.locale)) for b in ctx.services.branches.values()]
    if kind == "district":
        return [(d, d) for d in districts(ctx.services.branches)]
    if kind == "occupation":
        return [(o, msg(f"occupation-{o}")) for o in OCCUPATIONS]
    return list(LANGUAGES)


def _ask_value(ctx: Ctx) -> Reply:
    asks = {"branch": msg("broadcast-ask-branch"), "district": msg("broadcast-ask-district"),
            "occupation": msg("broadcast-ask-occupation"),
            "language": msg("broadcast-ask-language")}
    return Reply((asks[ctx.data["kind"]],), choice_buttons(ctx, _value_options(ctx)))


async def parse_value(ctx: Ctx, event: Event) -> str:
    value = str(choice(_value_options)(ctx, event))
    await _count(ctx, audience_of(ctx, ctx.data["kind"], value))
    return value


def store_value(ctx: Ctx, value: str) -> None:
    ctx.data["value"] = value


# -- the preview -------------------------------------------------------------------------------


def _preview_options(ctx: Ctx) -> list[tuple[str, Msg | str]]:
    if not ctx.data.get("count"):
        return []
    return [(NOW, msg("broadcast-send-now")), (LATER, msg("broadcast-send-later"))]


def _ask_preview(ctx: Ctx) -> Reply:
    """The notice as members get it (between rules; a photo as itself), then who gets it."""
    d = ctx.data
    audience = audience_text(ctx, audience_of(ctx, d["kind"], d.get("value", "")))
    tail: list[Text] = [msg("broadcast-preview-count", audience=audience, count=d["count"],
                            opted_out=d["opted_out"], unreachable=d["unreachable"])]
    if not d["count"]:
        tail.append(msg("broadcast-preview-none"))
    buttons = choice_buttons(ctx, _preview_options(ctx))
    if d.get("photo"):
        return Reply((msg("broadcast-preview-photo"), *tail), buttons,
                     photo=Photo(d["photo"], d["text"]))
    rule = msg("broadcast-preview-rule")
    return Reply((msg("broadcast-preview-head"), rule, d["text"], rule, *tail), buttons)


def parse_preview(ctx: Ctx, event: Event) -> str:
    if not ctx.data.get("count"):
        raise Invalid("broadcast-preview-none")
    return str(choice(_preview_options)(ctx, event))


def store_send(ctx: Ctx, value: str) -> None:
    ctx.data["send"] = value


# -- when --------------------------------------------------------------------------------------


def _ask_when(ctx: Ctx) -> Reply:
    tz = ctx.services.settings.tz
    example = local_text(ctx.now.replace(minute=0, second=0, microsecond=0), tz)
    return Reply((msg("broadcast-ask-when", example=example, zone=ctx.services.settings.timezone),))


def parse_when(ctx: Ctx, event: Event) -> str:
    try:
        when = parse_send_time(event.text, ctx.now, ctx.services.settings.tz)
    except WhenError as exc:
        raise Invalid(exc.key, **exc.params) from exc
    return when.isoformat()


def store_when(ctx: Ctx, value: str) -> None:
    ctx.data["send_at"] = value


# -- creating it ----------------------------------------------------------------------------


def _quiet_note(ctx: Ctx, send_at: datetime) -> list[Msg]:
    settings = ctx.services.settings
    quiet = QuietHours.parse(settings.quiet_hours, settings.tz)
    if not quiet.is_quiet(send_at):
        return []
    return [msg("broadcast-quiet-note", start=quiet.start.strftime("%H:%M"),
                end=quiet.end.strftime("%H:%M"))]


async def create(ctx: Ctx) -> list[Reply]:
    """The flow's end: the broadcast is recorded in this update's transaction."""
    if ctx.profile.role not in BROADCASTERS:  # the role may have been taken away meanwhile
        return [Reply((msg("broadcast-not-allowed"),))]
    d = ctx.data
    later = d.get("send") == LATER
    send_at = datetime.fromisoformat(d["send_at"]) if later else ctx.now
    row = await broadcasts.create(ctx.conn, author=ctx.profile.user_id, text=d["text"],
                                  photo=d.get("photo") or None,
                                  audience=audience_of(ctx, d["kind"], d.get("value", "")),
                                  send_at=send_at, now=ctx.now)
    done = (msg("broadcast-scheduled", id=row["id"], count=row["planned"],
                when=local_text(send_at, ctx.services.settings.tz)) if later
            else msg("broadcast-queued", id=row["id"], count=row["planned"]))
    return [Reply((done, *_quiet_note(ctx, send_at)),
                  ((Button(msg("broadcast-progress"), _menu("list")),),))]


FLOW = Flow(
    name=NAME,
    title="flow-broadcast",
    finish=create,
    steps=(
        Step("text", _ask_text, parse_text, store=store_text,
             expects=frozenset({Kind.TEXT, Kind.MEDIA}), wrong_kind="broadcast-text-or-photo",
             max_text=TEXT_MAX, too_long="broadcast-text-too-long"),
        Step("audience", _ask_audience, parse_audience, store=store_audience),
        Step("value", _ask_value, parse_value, store=store_value,
             skip=lambda ctx: ctx.data.get("kind") not in NEEDS_VALUE),
        Step("preview", _ask_preview, parse_preview, store=store_send,
             next=lambda ctx: "when" if ctx.data.get("send") == LATER else None),
        Step("when", _ask_when, parse_when, store=store_when, expects=frozenset({Kind.TEXT}),
             wrong_kind="broadcast-when-type-it"),
    ),
)


# -- /broadcast: the list, cancelling, starting a new one --------------------------------------


async def list_reply(ctx: Ctx, *, edit: bool = False) -> Reply:
    """Running and scheduled broadcasts with their progress, each with a cancel button."""
    rows = await broadcasts.active(ctx.conn)
    tz = ctx.services.settings.tz
    lines = [msg("broadcast-list-head", count=len(rows))]
    cancels: list[Button] = []
    for row in rows:
        audience = audience_text(ctx, Audience.from_json(row["audience"]))
        if row["status"] == RUNNING:
            done = await broadcasts.report(ctx.conn, row["id"])
            lines.append(msg("broadcast-list-running", id=row["id"], audience=audience,
                             planned=row["planned"], delivered=done.delivered,
                             pending=done.pending, failed=done.failed,
                             unreachable=done.unreachable, opted_out=done.opted_out))
        else:
            lines.append(msg("broadcast-list-scheduled", id=row["id"], audience=audience,
                             planned=row["planned"], when=local_text(row["send_at"], tz)))
        lines.append(msg("broadcast-list-excerpt", text=excerpt(row["text"]) or "—",
                         photo="yes" if row["photo"] else "no"))
        cancels.append(Button(msg("broadcast-cancel-button", id=row["id"]),
                              _menu(f"cancel {row['id']}")))
    buttons = [tuple(cancels[i:i + 2]) for i in range(0, len(cancels), 2)]
    buttons.append((Button(msg("broadcast-new"), _menu("new")),
                    Button(msg("broadcast-refresh"), _menu("list"))))
    return Reply(tuple(lines), tuple(buttons), edit=edit)


def _broadcast_id(text: str) -> int | None:
    digits = text.strip().lstrip("#")
    return int(digits) if digits.isdigit() and len(digits) < 12 else None


async def ask_cancel(ctx: Ctx, ident: str) -> Reply:
    broadcast_id = _broadcast_id(ident)
    row = await broadcasts.get(ctx.conn, broadcast_id) if broadcast_id is not None else None
    if row is None or row["status"] not in broadcasts.ACTIVE:
        return Reply((msg("broadcast-cancel-gone", id=ident.strip()),))
    audience = audience_text(ctx, Audience.from_json(row["audience"]))
    return Reply((msg("broadcast-cancel-ask", id=row["id"], audience=audience,
                      text=excerpt(row["text"]) or "—"),),
                 ((Button(msg("broadcast-cancel-yes"), _menu(f"stop {row['id']}")),
                   Button(msg("broadcast-cancel-no"), _menu("list"))),), edit=True)


async def stop(ctx: Ctx, ident: str) -> Reply:
    broadcast_id = _broadcast_id(ident)
    withdrawn = None
    if broadcast_id is not None:
        withdrawn = await broadcasts.cancel(ctx.conn, broadcast_id, actor=ctx.profile.user_id,
                                            now=ctx.now)
    if broadcast_id is None or withdrawn is None:  # a second press, or it ended meanwhile
        return Reply((msg("broadcast-cancel-gone", id=ident.strip()),), edit=True)
    done = await broadcasts.report(ctx.conn, broadcast_id)
    return Reply((msg("broadcast-cancelled", id=broadcast_id, withdrawn=withdrawn,
                      delivered=done.delivered, pending=done.pending),), edit=True)


async def compose(conv: Conversation, turn: Turn) -> list[Answer]:
    if turn.pos.flow == NAME:
        flow = conv.flows[NAME]
        return [Reply((msg("flow-continue", flow=msg(flow.title)),)), *conv.reprompt(turn)]
    conv.suspend(turn)  # another form waits to be resumed afterwards
    turn.pos = Position()
    return list(await Runner(conv.flows[NAME]).begin(turn.pos, turn.ctx()))


async def broadcast(conv: Conversation, turn: Turn, args: str) -> list[Answer]:
    """/broadcast [new | list | cancel N | stop N]; the buttons carry the same words."""
    ctx = turn.ctx()
    if ctx.profile.role not in BROADCASTERS:
        return [Reply((msg("broadcast-not-allowed"),))]
    verb, _, rest = args.strip().partition(" ")
    pressed = turn.event.kind is Kind.BUTTON
    if verb == "cancel":
        return [await ask_cancel(ctx, rest)]
    if verb == "stop":
        return [await stop(ctx, rest)]
    if verb == "list" or (verb != "new" and await broadcasts.active(ctx.conn, limit=1)):
        return [await list_reply(ctx, edit=pressed and verb == "list")]
    return await compose(conv, turn)

"""The conversation core: one event in, rendered replies out, state kept in the database.

Order of concerns for each update: consent gate → noise (edits, media, oversized
text) → commands (interrupting a flow suspends it) → buttons (nonce checked) →
input for the current step. Everything for one update runs in one transaction;
a concurrent writer makes it start over (optimistic version check).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from dialogs.engine import (
    CANCEL,
    Ctx,
    Flow,
    Position,
    Profile,
    Runner,
    Step,
    new_nonce,
    same_label,
    split_payload,
)
from dialogs.limits import CAPTION_MAX, INPUT_MAX, MESSAGE_MAX, fits, pack
from dialogs.model import (
    Answer,
    Button,
    Event,
    Keyboard,
    KeyboardKind,
    Kind,
    Msg,
    Out,
    OutButton,
    OutDocument,
    OutKeyboard,
    Reply,
    Toast,
    msg,
)
from storage import dialog_store, members

log = logging.getLogger(__name__)

MAX_TEXT = INPUT_MAX  # unless the step declares more (Step.max_text); Telegram allows 4096
_NOTHING = Out()
RESUME, DROP = "~resume", "~drop"
CONSENT = "consent"
MENU = "menu"
_PROFILE_FIELDS = ("locale", "name", "phone", "branch", "occupation", "titles", "source",
                   "notices_off")

# A command that is not a flow: answers from the member's turn without moving it.
Action = Callable[["Conversation", "Turn", str], Awaitable[list[Answer]]]


@dataclass
class Turn:
    """One update being handled: the connection, the member and where they stand."""

    conn: AsyncConnection
    event: Event
    profile: Profile
    pos: Position
    suspended: dict[str, Any] | None
    services: Any
    now: datetime
    effects: dict[str, Any] = field(default_factory=dict)  # e.g. "forget": erase after this turn

    def ctx(self) -> Ctx:
        return Ctx(self.profile, self.pos.data, self.services, self.now, self.pos.nonce,
                   self.event, self.effects, self.conn)


def main_menu(commands: Mapping[str, Any]) -> tuple[tuple[Button, ...], ...]:
    """The menu under the welcome: one button per member command that exists."""
    order = ["stations", "loans", "calc", "apply", "status", "myloans", "profile", "settings",
             "language", "mydata", "help"]
    buttons = [Button(msg(f"menu-{c}"), f"{MENU}:{c}") for c in order if c in commands]
    return tuple(tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2))


class Conversation:
    """Entry point every channel adapter calls with a neutral event."""

    def __init__(self, engine: AsyncEngine, services: Any, flows: Mapping[str, Flow],
                 actions: Mapping[str, Action], staff_commands: frozenset[str] = frozenset()
                 ) -> None:
        self.staff_commands = staff_commands
        self.engine = engine
        self.services = services
        self.flows = dict(flows)
        self.actions = dict(actions)
        self.commands = {**{name: "flow" for name in self.flows}, **self.actions}
        # Members with an update in flight: their lock and how many updates hold or wait
        # for it, dropped with the last one (a weak dictionary made and collected a
        # reference per update for the same).
        self._turns: dict[int, tuple[asyncio.Lock, list[int]]] = {}
        self._texts: dict[tuple[str, ...], str] = {}  # see _text

    # -- plumbing -----------------------------------------------------------

    async def handle(self, event: Event) -> list[Out]:
        user = event.user_id
        entry = self._turns.get(user)
        if entry is None:
            entry = self._turns[user] = (asyncio.Lock(), [0])
        lock, holders = entry
        holders[0] += 1
        try:
            async with lock:
                return await self._attempts(event)
        finally:
            holders[0] -= 1
            if not holders[0]:
                del self._turns[user]

    async def _attempts(self, event: Event) -> list[Out]:
        for attempt in range(5):
            try:
                async with self.engine.begin() as conn:
                    locale, answers = await self._handle(conn, event)
                return [out for a in answers for out in self.render(locale, a)]
            except dialog_store.Conflict:
                log.info("dialog conflict for %s, retrying", event.user_id)
            except OperationalError as exc:  # SQLite busy under a second process
                if "locked" not in str(exc) or attempt == 4:
                    raise
                await asyncio.sleep(0.05 * (attempt + 1))
        raise RuntimeError("dialog kept conflicting")

    def render(self, locale: str, answer: Answer) -> list[Out]:
        """One answer as the messages that show it: its photo first, then its text, in as
        many messages as it takes (the buttons under the last, the venue and document
        with the first)."""
        text = self._text
        if isinstance(answer, Toast):
            return [Out(text=text(locale, answer.text), toast=True)]
        buttons = tuple(tuple(OutButton(text(locale, b.label), b.data, b.url) for b in row)
                        for row in answer.buttons)
        keyboard = None
        if answer.keyboard is not None:
            label = text(locale, answer.keyboard.label) if answer.keyboard.label else ""
            keyboard = OutKeyboard(answer.keyboard.kind, label)
        document = None
        if answer.document is not None:
            caption = text(locale, answer.document.caption) if answer.document.caption else ""
            document = OutDocument(answer.document.filename, answer.document.content, caption)
        outs = self._photo(locale, answer)
        chunks = pack([text(locale, part) for part in answer.text], MESSAGE_MAX) or [""]
        last = len(chunks) - 1
        for index, chunk in enumerate(chunks):
            first, final = index == 0, index == last
            out = Out(chunk, buttons if final else (), keyboard if final else None,
                      answer.venue if first else None, document if first else None,
                      answer.edit and first)
            if not (outs and out == _NOTHING):  # a photo with nothing below it
                outs.append(out)
        return outs

    def _photo(self, locale: str, answer: Reply) -> list[Out]:
        """The photo as its own message; a caption too long for one follows as text."""
        if answer.photo is None:
            return []
        caption = self._text(locale, answer.photo.caption)
        if fits(caption, CAPTION_MAX):
            return [Out(caption, photo=answer.photo.file_id)]
        return [Out(photo=answer.photo.file_id), *(Out(c) for c in pack([caption]))]

    def _text(self, locale: str, m: Msg | str) -> str:
        """A text in the member's language. One made of locale keys only (a button label,
        a prompt, "continue {flow}?") is formatted once: Fluent formatting was a tenth of
        the dialog's time. Texts with values (names, amounts) are not kept."""
        if isinstance(m, str):
            return m
        key: tuple[str, ...] = (locale, m.key)
        for name, value in m.args.items():
            if not isinstance(value, Msg) or value.args:
                return self.services.t.render(locale, m)
            key += (name, value.key)
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = self.services.t.render(locale, m)
        return found

    def flow_ttl(self, flow: Flow) -> timedelta:
        return timedelta(minutes=getattr(self.services.settings, flow.ttl_setting))

    # -- one update -----------------------------------------------------------

    async def _handle(self, conn: AsyncConnection, event: Event) -> tuple[str, list[Answer]]:
        now = self.services.clock()
        loaded = await dialog_store.load(conn, event.user_id)
        if loaded.member is None:
            return await self._stranger(conn, event, now)
        member = loaded.member
        profile = self._profile(member, loaded.role)
        before = {k: getattr(profile, k) for k in _PROFILE_FIELDS}
        before["titles"] = list(profile.titles)
        state = loaded.state or {}
        data = dict(state.get("data") or {})
        trail = list(data.pop("_trail", []))
        pos = Position(state.get("flow"), state.get("step"), data, state.get("nonce") or "", trail)
        turn = Turn(conn, event, profile, pos, state.get("suspended"), self.services, now)
        answers = self._expire(turn, state.get("updated_at"))
        answers += await self._route(turn)
        if turn.effects.get("forget"):
            await members.erase(conn, event.user_id, now)
            return profile.locale, answers
        changed = {k: getattr(profile, k) for k in _PROFILE_FIELDS
                   if getattr(profile, k) != before[k]}
        await members.change(conn, event.user_id, changed)
        values = self._stored(turn.pos, turn.suspended)
        # Compared as stored (JSON text), the loaded row being the snapshot: flows change
        # the state's lists and dicts in place. A key removed and put back differs only
        # in order, which costs one write.
        stored = dialog_store.Stored.of(values)
        if stored != loaded.stored:
            await dialog_store.save_state(conn, event.user_id, state.get("version"), values,
                                          now, stored)
        return profile.locale, answers

    def _profile(self, member: Mapping[str, Any], role: str | None) -> Profile:
        if member["user_id"] in self.services.settings.admin_id_set:
            role = "admin"  # bootstrap admins are staff from the start
        return Profile(user_id=member["user_id"], consent_at=member["consent_at"], role=role,
                       chat_id=member["chat_id"], **{k: member[k] for k in _PROFILE_FIELDS})

    @staticmethod
    def _stored(pos: Position, suspended: dict[str, Any] | None) -> dict[str, Any]:
        """The row as it would be written."""
        data = {**pos.data, "_trail": pos.trail} if pos.flow else {}
        return {"flow": pos.flow, "step": pos.step, "nonce": pos.nonce, "data": data,
                "suspended": suspended}

    def _expire(self, turn: Turn, updated_at: datetime | None) -> list[Answer]:
        """Abandoned forms end quietly; the member hears of it only if they touch them."""
        if updated_at is None:
            return []
        answers: list[Answer] = []
        pos = turn.pos
        flow = self.flows.get(pos.flow or "")
        if flow and turn.now - updated_at > self.flow_ttl(flow):
            if turn.event.kind in (Kind.TEXT, Kind.BUTTON, Kind.LOCATION, Kind.CONTACT):
                answers.append(Reply((msg("dialog-expired", flow=msg(flow.title)),)))
            turn.pos = Position(nonce=new_nonce())
        susp = turn.suspended
        if susp and turn.now - updated_at > self.flow_ttl(self.flows[susp["flow"]]):
            turn.suspended = None
        return answers

    async def _route(self, turn: Turn) -> list[Answer]:
        event = turn.event
        if event.kind is Kind.EDITED:
            return [Reply((msg("edited-ignored"),))]
        if event.kind is Kind.MEDIA and not self._step_takes(turn, Kind.MEDIA):
            return [Reply((msg("media-unsupported"),)), *self.reprompt(turn)]
        if event.kind is Kind.TEXT:
            step = self._step(turn)
            limit, key = (step.max_text, step.too_long) if step else (MAX_TEXT, "text-too-long")
            if len(event.text) > limit:
                return [Reply((msg(key, limit=limit),)), *self.reprompt(turn)]
        if event.kind is Kind.COMMAND:
            return await self.command(turn, event.command, event.args)
        if event.kind is Kind.BUTTON:
            return await self._button(turn)
        if turn.pos.flow:
            return await self._feed(turn)
        return await self._idle_input(turn)

    def _step(self, turn: Turn) -> Step | None:
        """The step the member stands at, if any."""
        flow = self.flows.get(turn.pos.flow or "")
        if flow is None:
            return None
        return next((s for s in flow.steps if s.name == turn.pos.step), None)

    def _step_takes(self, turn: Turn, kind: Kind) -> bool:
        """A step that asks for a photo (a broadcast's) takes media; elsewhere it is noise."""
        step = self._step(turn)
        return step is not None and kind in step.expects

    def reprompt(self, turn: Turn) -> list[Answer]:
        if not turn.pos.flow:
            return []
        return [Runner(self.flows[turn.pos.flow]).prompt(turn.pos, turn.ctx())]

    async def command(self, turn: Turn, name: str, args: str = "") -> list[Answer]:
        if name == "cancel":
            return self._cancel(turn)
        if name in self.staff_commands and turn.profile.role is None:
            # Members are told nothing exists here rather than that it is forbidden.
            return [Reply((msg("command-unknown", command=name),))]
        if name in self.actions:
            return await self.actions[name](self, turn, args)
        flow = self.flows.get(name)
        if flow is None:
            return [Reply((msg("command-unknown", command=name),))]
        if turn.pos.flow == name and not args:
            return [Reply((msg("flow-continue", flow=msg(flow.title)),)), *self.reprompt(turn)]
        self.suspend(turn)
        turn.pos = Position()
        return await self._run(turn, Runner(flow).begin(turn.pos, turn.ctx(), args))

    def suspend(self, turn: Turn) -> None:
        """Keep an interrupted form so the member can come back to it."""
        if turn.pos.flow:
            turn.suspended = turn.pos.to_suspended()

    def _cancel(self, turn: Turn) -> list[Answer]:
        if not turn.pos.flow:
            return [Reply((msg("cancel-nothing"),), keyboard=Keyboard(KeyboardKind.REMOVE))]
        title = self.flows[turn.pos.flow].title
        turn.pos = Position()
        return [Reply((msg("cancelled", flow=msg(title)),),
                      keyboard=Keyboard(KeyboardKind.REMOVE)), *self.offer_resume(turn)]

    async def _run(self, turn: Turn, step: Awaitable[list[Reply]]) -> list[Answer]:
        answers: list[Answer] = list(await step)
        if not turn.pos.flow:
            answers += self.offer_resume(turn)
        return answers

    def offer_resume(self, turn: Turn) -> list[Answer]:
        susp = turn.suspended
        if not susp or turn.pos.flow or turn.effects.get("forget"):
            return []
        turn.pos.nonce = new_nonce()
        ctx = turn.ctx()
        title = self.flows[susp["flow"]].title
        return [Reply((msg("resume-offer", flow=msg(title)),),
                      ((ctx.button(msg("resume-yes"), RESUME),
                        ctx.button(msg("resume-no"), DROP)),))]

    async def _button(self, turn: Turn) -> list[Answer]:
        data = turn.event.data
        kind, _, rest = data.partition(":")
        name, _, args = rest.partition(" ")
        if kind == MENU and name in self.commands:
            # Menu buttons start a command (with its arguments) from any message, old or new.
            return await self.command(turn, name, args)
        if kind == CONSENT:
            return [Toast(msg("consent-already"))]
        parsed = split_payload(data)
        if parsed is None:
            return [Toast(msg("button-unknown"))]
        nonce, value = parsed
        if nonce != turn.pos.nonce:
            return [Toast(msg("button-stale"))]
        if not turn.pos.flow:
            return await self._resume_choice(turn, value)
        if value == CANCEL:
            return self._cancel(turn)
        return await self._feed(turn)

    async def _resume_choice(self, turn: Turn, value: str) -> list[Answer]:
        susp = turn.suspended
        if value not in (RESUME, DROP) or not susp:
            return [Toast(msg("button-stale"))]
        turn.suspended = None
        if value == DROP:
            turn.pos.nonce = new_nonce()
            return [Reply((msg("resume-dropped", flow=msg(self.flows[susp["flow"]].title)),),
                          edit=True)]
        turn.pos = Position.from_suspended(susp)
        return [Runner(self.flows[turn.pos.flow or ""]).prompt(turn.pos, turn.ctx())]

    async def _feed(self, turn: Turn) -> list[Answer]:
        flow = self.flows[turn.pos.flow or ""]
        event = turn.event
        answers: list[Answer] = []
        if event.kind in (Kind.LOCATION, Kind.CONTACT):
            # Take the request button away whatever comes next.
            answers.append(Reply((msg(f"received-{event.kind.value}"),),
                                 keyboard=Keyboard(KeyboardKind.REMOVE)))
        step_before = turn.pos.step
        replies = await self._run(turn, Runner(flow).feed(turn.pos, turn.ctx(), event))
        if answers and turn.pos.flow == flow.name and turn.pos.step == step_before:
            return replies  # rejected: the request keyboard stays up for another try
        return answers + replies

    async def _idle_input(self, turn: Turn) -> list[Answer]:
        event = turn.event
        for flow in self.flows.values():
            if event.kind in flow.entry:
                turn.pos = Position()
                Runner(flow).jump(turn.pos, flow.entry[event.kind])
                return await self._feed(turn)
        if event.kind is Kind.CONTACT:
            return [Reply((msg("contact-outside"),), keyboard=Keyboard(KeyboardKind.REMOVE))]
        return [Reply((msg("text-outside"),), main_menu(self.commands))]

    # -- before consent ---------------------------------------------------------

    async def _stranger(self, conn: AsyncConnection, event: Event,
                        now: datetime) -> tuple[str, list[Answer]]:
        """Nothing is stored until the member agrees to cross-border processing."""
        from bot.i18n import pick_locale

        locale = pick_locale(event.language_code)
        answer, payload = self._consent_answer(event, locale)
        if answer:
            if answer == "no":
                return locale, [Reply((msg("consent-declined"),), edit=True)]
            await members.create(conn, user_id=event.user_id, chat_id=event.chat_id,
                                 locale=locale, now=now, source=payload or None)
            loaded = await dialog_store.load(conn, event.user_id)
            assert loaded.member is not None
            profile = self._profile(loaded.member, loaded.role)
            turn = Turn(conn, event, profile, Position(), None, self.services, now)
            answers: list[Answer] = [Reply((msg("consent-thanks"),), edit=True)]
            answers += await self.actions["start"](self, turn, payload)
            changed = {k: getattr(profile, k) for k in _PROFILE_FIELDS
                       if getattr(profile, k) != loaded.member[k]}
            await members.change(conn, event.user_id, changed)
            return profile.locale, answers
        if event.kind is Kind.COMMAND and event.command == "help":
            return locale, [Reply((msg("help-stranger"),))]
        payload = event.args if event.kind is Kind.COMMAND and event.command == "start" else ""
        return locale, [consent_request(payload)]

    def _consent_answer(self, event: Event, locale: str) -> tuple[str, str]:
        """("yes"|"no"|"", deep-link payload): a press of a consent button, or its label
        typed out (「同意」), which is as explicit an answer as the press."""
        if event.kind is Kind.BUTTON and event.data.startswith(f"{CONSENT}:"):
            _, answer, payload = (event.data.split(":", 2) + [""])[:3]
            return answer, payload
        if event.kind is Kind.TEXT:
            for answer in ("yes", "no"):
                if same_label(event.text, self.services.t.render(locale, msg(f"consent-{answer}"))):
                    return answer, ""
        return "", ""


def consent_request(payload: str) -> Reply:
    # The deep-link payload rides on the button, so nothing is stored before consent.
    safe = "".join(c for c in payload if c.isascii() and (c.isalnum() or c in "-_"))[:48]
    return Reply((msg("welcome"), msg("consent-ask")),
                 ((Button(msg("consent-yes"), f"{CONSENT}:yes:{safe}"),
                   Button(msg("consent-no"), f"{CONSENT}:no")),))

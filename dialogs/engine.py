"""A small form engine: flows declared as data, one prompt per step.

State diagram of every flow::

    start ─► step₁ ─► step₂ ─► … ─► done
               ▲  │ invalid input: polite error, same step, same buttons
               └──┘ « back: previous step    ✕ cancel: flow ends, nothing kept

Each prompt carries a nonce; a button press whose nonce is not the current
step's is stale (an old message, or the second of a double press) and changes
nothing.
"""

from __future__ import annotations

import inspect
import secrets
import unicodedata
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from dialogs.limits import INPUT_MAX
from dialogs.model import Button, Event, Keyboard, Kind, Msg, Reply, msg

BACK = "~back"
CANCEL = "~cancel"
NEXT = "~next"  # returned by a ``next`` function: go on to the following step


class Invalid(Exception):  # noqa: N818 (reads as "the answer is invalid")
    """Raised by a parser: the key names the polite explanation."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = args


@dataclass
class Profile:
    """The member's stored facts that flows may read and change."""

    user_id: int
    locale: str
    name: str | None = None
    phone: str | None = None
    branch: str | None = None
    occupation: str | None = None
    titles: list[str] = field(default_factory=list)
    source: str | None = None
    notices_off: bool = False
    consent_at: datetime | None = None  # read-only: when cross-border processing was agreed
    role: str | None = None  # read-only: staff role from the staff table or UNIONBOT_ADMIN_IDS
    chat_id: int = 0  # read-only: where notices to this member go


@dataclass
class Ctx:
    """What a step sees: the member, the flow's scratch data and the services."""

    profile: Profile
    data: dict[str, Any]
    services: Any
    now: datetime
    nonce: str = ""
    event: Event | None = None
    effects: dict[str, Any] = field(default_factory=dict)  # asks of the router, e.g. erase
    conn: Any = None  # this update's transaction: services write in it, or not at all

    def button(self, label: Msg | str, value: str) -> Button:
        return Button(label, f"{self.nonce}:{value}")

    @property
    def locale(self) -> str:
        return self.profile.locale


Prompt = Callable[[Ctx], Reply]
Parser = Callable[[Ctx, Event], Any]
Store = Callable[[Ctx, Any], None]
Next = str | Callable[[Ctx], str | None] | None
Finish = Callable[[Ctx], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Step:
    """One question. ``parse`` turns an event into a value or raises Invalid."""

    name: str
    prompt: Prompt
    parse: Parser
    expects: frozenset[Kind] = frozenset({Kind.TEXT, Kind.BUTTON})
    store: Store | None = None
    next: Next = None
    skip: Callable[[Ctx], bool] | None = None
    wrong_kind: str = "input-wrong-kind"
    # For answers that keep the step (toggles, paging): "edit" redraws the prompt in place,
    # "new" sends it again below what the answer showed; falsy moves on.
    stay: Callable[[Any], str] | None = None
    nav: bool = True  # offer back/cancel buttons under the prompt
    # The longest text the step reads (the router refuses longer ones before parsing)
    # and the key that says so, given ``limit``.
    max_text: int = INPUT_MAX
    too_long: str = "text-too-long"


@dataclass(frozen=True)
class Flow:
    """A named conversation; a plain list of steps plus what to do at the end."""

    name: str
    title: str  # locale key naming the flow in "continue …?" offers
    steps: Sequence[Step]
    finish: Finish | None = None
    ttl_setting: str = "dialog_ttl_minutes"  # the Settings field that bounds an idle form
    start: Callable[[Ctx, str], None] | None = None  # reads /command arguments
    # Input that starts the flow without a command (a location sent out of the blue).
    entry: Mapping[Kind, str] = field(default_factory=dict)

    def step(self, name: str) -> Step:
        for s in self.steps:
            if s.name == name:
                return s
        raise KeyError(name)

    def after(self, step: Step, ctx: Ctx) -> str | None:
        nxt = step.next(ctx) if callable(step.next) else step.next
        if nxt != NEXT and (nxt is not None or step.next is not None):
            return nxt
        index = list(self.steps).index(step)
        return self.steps[index + 1].name if index + 1 < len(self.steps) else None


@dataclass
class Position:
    """Where a member stands inside a flow, as stored."""

    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    nonce: str = ""
    trail: list[str] = field(default_factory=list)

    def to_suspended(self) -> dict[str, Any]:
        return {"flow": self.flow, "step": self.step, "data": self.data, "trail": self.trail}

    @classmethod
    def from_suspended(cls, raw: dict[str, Any]) -> Position:
        return cls(raw["flow"], raw["step"], dict(raw.get("data") or {}), new_nonce(),
                   list(raw.get("trail") or []))


def new_nonce() -> str:
    return secrets.token_urlsafe(6)


def split_payload(data: str) -> tuple[str, str] | None:
    nonce, sep, value = data.partition(":")
    if not sep or not nonce or not value:
        return None
    return nonce, value


def _nav_row(ctx: Ctx, can_back: bool) -> tuple[Button, ...]:
    row = [ctx.button(msg("nav-back"), BACK)] if can_back else []
    row.append(ctx.button(msg("nav-cancel"), CANCEL))
    return tuple(row)


def with_nav(reply: Reply, ctx: Ctx, can_back: bool) -> Reply:
    """Every prompt offers back (when there is a step to go back to) and cancel."""
    if reply.keyboard is not None and not reply.buttons:
        return reply  # reply keyboards and inline buttons cannot share one message
    return replace(reply, buttons=(*reply.buttons, _nav_row(ctx, can_back)))


class Runner:
    """Moves one member through one flow; pure apart from the services steps call."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow

    async def begin(self, pos: Position, ctx: Ctx, args: str = "") -> list[Reply]:
        pos.flow, pos.data, pos.trail = self.flow.name, {}, []
        ctx.data = pos.data
        if self.flow.start:
            self.flow.start(ctx, args)
        return await self._enter(pos, ctx, self.flow.steps[0].name)

    def jump(self, pos: Position, step: str) -> None:
        """Stand at ``step`` without asking it, so the next input answers it."""
        pos.flow, pos.step, pos.data, pos.trail, pos.nonce = (
            self.flow.name, step, {}, [], new_nonce())

    async def _enter(self, pos: Position, ctx: Ctx, name: str | None) -> list[Reply]:
        while name is not None:
            step = self.flow.step(name)
            if step.skip is None or not step.skip(ctx):
                pos.step, pos.nonce = name, new_nonce()
                ctx.nonce = pos.nonce
                return [self.prompt(pos, ctx)]
            name = self.flow.after(step, ctx)
        return await self._finish(pos, ctx)

    async def _finish(self, pos: Position, ctx: Ctx) -> list[Reply]:
        replies = await self.flow.finish(ctx) if self.flow.finish else []
        pos.flow = pos.step = None
        pos.data, pos.trail, pos.nonce = {}, [], ""
        return replies

    def prompt(self, pos: Position, ctx: Ctx, *, edit: bool = False) -> Reply:
        ctx.nonce = pos.nonce
        step = self.flow.step(pos.step or "")
        reply = step.prompt(ctx)
        if edit:
            reply = replace(reply, edit=True)
        return with_nav(reply, ctx, bool(pos.trail)) if step.nav else reply

    async def feed(self, pos: Position, ctx: Ctx, event: Event) -> list[Reply]:
        """Handle input for the current step; a button's nonce was checked by the caller."""
        step = self.flow.step(pos.step or "")
        ctx.nonce, ctx.event = pos.nonce, event
        if event.kind is Kind.BUTTON:
            value = event.data.partition(":")[2]
            if value == BACK:
                return self._back(pos, ctx)
            if value == CANCEL:
                return []  # the router ends the flow and says so
        if event.kind not in step.expects:
            return [Reply((msg(step.wrong_kind),)), self.prompt(pos, ctx)]
        try:
            value = step.parse(ctx, event)
            if inspect.isawaitable(value):
                value = await value
        except Invalid as bad:
            return [Reply((Msg(bad.key, bad.params),)), self.prompt(pos, ctx)]
        if step.store:
            step.store(ctx, value)
        mode = step.stay(value) if step.stay else ""
        if mode:
            shown: list[Reply] = ctx.effects.pop("show", [])
            edit = mode == "edit" and event.kind is Kind.BUTTON
            return [*shown, self.prompt(pos, ctx, edit=edit)]
        pos.trail.append(step.name)
        return await self._enter(pos, ctx, self.flow.after(step, ctx))

    def _back(self, pos: Position, ctx: Ctx) -> list[Reply]:
        if not pos.trail:
            return [self.prompt(pos, ctx)]
        pos.step, pos.nonce = pos.trail.pop(), new_nonce()
        return [self.prompt(pos, ctx)]


# Parsers shared by many steps -------------------------------------------------

def button_value(event: Event) -> str:
    return event.data.partition(":")[2]


def choice(options: Callable[[Ctx], Sequence[tuple[str, Msg | str]]],
           invalid: str = "input-choose-button") -> Parser:
    """Accept a press of one of the offered buttons, or the label typed out."""

    def parse(ctx: Ctx, event: Event) -> str:
        offered = options(ctx)
        if event.kind is Kind.BUTTON:
            value = button_value(event)
            if any(value == v for v, _ in offered):
                return value
            raise Invalid("button-unknown")
        typed = event.text.strip()
        for index, (value, label) in enumerate(offered, start=1):
            if typed == str(index) or same_label(typed, ctx.services.t.render(ctx.locale, label)):
                return value
        raise Invalid(invalid)

    return parse


def same_label(typed: str, label: str) -> bool:
    """Whether a typed answer names a button: people type 「同意」 for 「✅ 同意」 and
    "anything" for "Anything", so only letters and digits count, case-folded."""
    key = _label_key(typed)
    return bool(key) and key == _label_key(label)


def _label_key(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def choice_buttons(ctx: Ctx, offered: Sequence[tuple[str, Msg | str]],
                   per_row: int = 2) -> tuple[tuple[Button, ...], ...]:
    buttons = [ctx.button(label, value) for value, label in offered]
    return tuple(tuple(buttons[i:i + per_row]) for i in range(0, len(buttons), per_row))


def keyboard_prompt(text: tuple[Msg | str, ...], keyboard: Keyboard) -> Reply:
    return Reply(text, keyboard=keyboard)

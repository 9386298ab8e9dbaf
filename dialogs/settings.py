"""/settings: a member turns general notices (union broadcasts) off or back on.

    /settings ─► current setting + what is always sent ─┬─ 🔕 turn off / 🔔 turn on ─► saved
                                                         └─ keep as it is ─────────────► unchanged

Only broadcasts honour the setting. Reminders about the member's own loan and decisions
on their own application are always sent: missing one costs the member money.
"""

from __future__ import annotations

from dialogs.engine import Ctx, Flow, Step, choice, choice_buttons
from dialogs.model import Msg, Reply, msg

OFF, ON, KEEP = "off", "on", "keep"


def _options(ctx: Ctx) -> list[tuple[str, Msg | str]]:
    # The button says what it will do, so a double press cannot flip the setting back.
    toggle = ((ON, msg("settings-turn-on")) if ctx.profile.notices_off
              else (OFF, msg("settings-turn-off")))
    return [toggle, (KEEP, msg("settings-keep"))]


def _ask(ctx: Ctx) -> Reply:
    state = "off" if ctx.profile.notices_off else "on"
    return Reply((msg("settings-head"), msg("settings-notices", state=state),
                  msg("settings-always")), choice_buttons(ctx, _options(ctx), per_row=1))


def _store(ctx: Ctx, value: str) -> None:
    ctx.data["choice"] = value


async def _done(ctx: Ctx) -> list[Reply]:
    """Written only now, so /cancel before a press truly changes nothing."""
    value = ctx.data.get("choice")
    if value in (ON, OFF):
        ctx.profile.notices_off = value == OFF
    state = "off" if ctx.profile.notices_off else "on"
    return [Reply((msg("settings-saved", state=state,
                       changed="yes" if value in (ON, OFF) else "no"),))]


FLOW = Flow(
    name="settings",
    title="flow-settings",
    finish=_done,
    steps=(Step("notices", _ask, choice(_options), store=_store, nav=False),),
)

"""/mydata shows what is kept; /forget erases it after one confirmation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dialogs.engine import Ctx, Flow, Step, choice, choice_buttons
from dialogs.model import Answer, Msg, Reply, msg
from dialogs.profile import describe
from storage import loans

if TYPE_CHECKING:
    from dialogs.router import Conversation, Turn


async def mydata(_conv: Conversation, turn: Turn, _args: str) -> list[Answer]:
    """Everything stored about the member, and what is deliberately not stored."""
    p = turn.profile
    ctx = turn.ctx()
    data = {"name": p.name, "phone": p.phone, "branch": p.branch, "occupation": p.occupation,
            "titles": p.titles}
    assert p.consent_at is not None  # members exist only after consent
    when = p.consent_at.astimezone(turn.services.settings.tz).strftime("%Y-%m-%d %H:%M")
    return [Reply((msg("mydata-header"), *describe(ctx, data),
                   msg("mydata-meta", consent=when, language=p.locale,
                       flow=msg("value-yes") if turn.pos.flow else msg("value-no")),
                   msg("mydata-not-kept")))]


def _options(_ctx: Ctx) -> tuple[tuple[str, Msg | str], ...]:
    return (("yes", msg("forget-yes")), ("no", msg("forget-no")))


def _store(ctx: Ctx, value: str) -> None:
    ctx.data["confirmed"] = value == "yes"


async def _done(ctx: Ctx) -> list[Reply]:
    if not ctx.data.get("confirmed"):
        return [Reply((msg("forget-kept"),))]
    kept = await ctx.services.applications.erase_member(ctx.conn, ctx.profile.user_id)
    # The bank's loans stay on its books, no longer tied to the person.
    kept += await loans.erase_member(ctx.conn, ctx.profile.user_id)
    ctx.effects["forget"] = True
    done = [msg("forget-done")]
    if kept:
        done.append(msg("forget-kept-for-bank", count=kept))
    return [Reply(tuple(done))]


FLOW = Flow(
    name="forget",
    title="flow-forget",
    finish=_done,
    steps=(Step("confirm", lambda ctx: Reply((msg("forget-ask"),),
                                             choice_buttons(ctx, _options(ctx))),
                choice(_options), store=_store),),
)

"""/language: 简体中文 or English, kept on the profile."""

from __future__ import annotations

from dialogs.engine import Ctx, Flow, Step, choice, choice_buttons
from dialogs.model import Msg, Reply, msg

LANGUAGES: tuple[tuple[str, Msg | str], ...] = (("zh-CN", "简体中文"), ("en", "English"))


def _options(_ctx: Ctx) -> tuple[tuple[str, Msg | str], ...]:
    return LANGUAGES


def _ask(ctx: Ctx) -> Reply:
    return Reply((msg("language-ask"),), choice_buttons(ctx, _options(ctx)))


def _set(ctx: Ctx, locale: str) -> None:
    ctx.profile.locale = locale


async def _done(_ctx: Ctx) -> list[Reply]:
    return [Reply((msg("language-set"),))]


FLOW = Flow(
    name="language",
    title="flow-language",
    finish=_done,
    steps=(Step("pick", _ask, choice(_options), store=_set),),
)

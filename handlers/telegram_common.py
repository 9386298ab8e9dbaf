"""What both Telegram runtimes share: the command menu and the start-up wiring."""

from __future__ import annotations

from collections.abc import Iterable

from bot.i18n import Translator

MENU_LOCALES = (("zh-CN", None), ("zh-CN", "zh"), ("en", "en"))  # (our locale, Telegram's code)


def command_menu(t: Translator, commands: Iterable[str],
                 locale: str) -> list[tuple[str, str]]:
    """(command, description) pairs for setMyCommands in one language."""
    return [(c, t(locale, f"cmd-{c}")) for c in commands]

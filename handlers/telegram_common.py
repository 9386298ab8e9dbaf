"""What both Telegram runtimes share: the command menus and the start-up wiring."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.i18n import Translator
from bot.staff_menu import staff_commands_for

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

MENU_LOCALES = (("zh-CN", None), ("zh-CN", "zh"), ("en", "en"))  # (our locale, Telegram's code)


def command_menu(t: Translator, commands: Iterable[str],
                 locale: str) -> list[tuple[str, str]]:
    """(command, description) pairs for setMyCommands in one language."""
    return [(c, t(locale, f"cmd-{c}")) for c in commands]


@dataclass(frozen=True)
class Menu:
    """One setMyCommands call: for everyone (chat_id None) or for one staff member's chat."""

    chat_id: int | None
    language_code: str | None
    commands: list[tuple[str, str]]


SetMenu = Callable[[Menu], Awaitable[bool]]  # False: Telegram refused (chat not found)
ClearMenu = Callable[[int, str | None], Awaitable[bool]]

STAFF_MENU_SECONDS = 60.0  # a role granted or taken away reaches the menu within this


class CommandMenus:
    """Keeps Telegram's command menus in step with the staff table.

    Everyone gets the member menu in each language at start. A staff member's own chat
    gets the member menu plus the commands of their role; Telegram refuses that for a
    person who has not opened a chat with the bot yet, so each round retries whoever is
    not done, and a role taken away clears the person's own menu.
    """

    def __init__(self, app: App, set_menu: SetMenu, clear_menu: ClearMenu) -> None:
        from bot.app import MEMBER_COMMANDS

        self._app, self._set, self._clear = app, set_menu, clear_menu
        available = app.conversation.commands
        self._available = available
        self._member = [c for c in MEMBER_COMMANDS if c in available or c == "cancel"]
        self._done: dict[int, str] = {}  # chat → the role its menu shows
        self._cleared: set[int] = set()
        self._refused: set[int] = set()  # logged once, retried quietly

    def menus_for(self, chat_id: int | None, role: str | None) -> list[Menu]:
        extra = [c for c in staff_commands_for(role) if c in self._available]
        # /cancel stays last, as in the member menu.
        names = [c for c in self._member if c != "cancel"] + extra + ["cancel"]
        t = self._app.services.t
        return [Menu(chat_id, code, command_menu(t, names, locale))
                for locale, code in MENU_LOCALES]

    async def publish(self) -> None:
        """At start: the member menu for everyone, then the staff menus."""
        for menu in self.menus_for(None, None):
            await self._set(menu)
        await self.sync_staff()

    async def sync_staff(self) -> None:
        from storage import staff

        async with self._app.engine.connect() as conn:
            roster = await staff.roster(conn)
            former = await staff.former(conn)
        for user_id, role in roster:
            if self._done.get(user_id) == role:
                continue
            if await self._all(self._set(m) for m in self.menus_for(user_id, role)):
                self._done[user_id] = role
                self._cleared.discard(user_id)
                self._refused.discard(user_id)
            elif user_id not in self._refused:
                self._refused.add(user_id)
                log.warning("no staff menu for %s yet: they have not opened a chat with the "
                            "bot", user_id)
        for user_id in former:
            if user_id in self._cleared:
                continue
            if await self._all(self._clear(user_id, code) for _, code in MENU_LOCALES):
                self._cleared.add(user_id)
                self._done.pop(user_id, None)

    @staticmethod
    async def _all(calls: Iterable[Awaitable[bool]]) -> bool:
        ok = True
        for call in calls:
            ok = await call and ok
        return ok

"""Staff see their commands in their own Telegram menu; members never do.

Run on both runtimes against the fake Bot API, which refuses a chat scope for a chat the
bot has never seen, as Telegram does.
"""

from __future__ import annotations

import pytest

from bot.app import App
from bot.services import utc_now
from storage import staff
from tests.support.chat import TelegramClient, clients_for

REVIEWER, BANKER, NEWCOMER, MEMBER = 810_001, 810_002, 810_003, 810_004


def command_menus(client: TelegramClient):
    if client.name == "ptb":
        from handlers.ptb_runtime import command_menus as build

        return build(client.application, client.app)
    from handlers.aiogram_runtime import command_menus as build

    return build(client.bot, client.app)


def names(server, scope: str, language: str) -> list[str] | None:
    found = server.get_commands(scope, language)
    return None if found is None else [c["command"] for c in found]


async def grant(app: App, user_id: int, role: str) -> None:
    async with app.engine.begin() as conn:
        await staff.add(conn, user_id=user_id, role=role, now=utc_now(), by=None)


@pytest.mark.parametrize("channel", ["ptb", "aiogram"])
async def test_each_role_gets_its_own_menu_and_members_the_member_menu(
        app: App, channel: str) -> None:
    await grant(app, REVIEWER, "reviewer")
    await grant(app, BANKER, "bank")
    people = [{"user": REVIEWER}, {"user": BANKER, "language_code": "en"}, {"user": MEMBER}]
    async with clients_for(channel, app, people) as (reviewer, _, _):
        await command_menus(reviewer).publish()
        server = reviewer.server

        member_menu = names(server, "default", "")
        assert member_menu is not None and "review" not in member_menu
        assert member_menu[-1] == "cancel"
        assert names(server, f"chat:{MEMBER}", "") is None

        review_zh = server.get_commands(f"chat:{REVIEWER}", "")
        assert [c["command"] for c in review_zh] == member_menu[:-1] + [
            "review", "broadcast", "stats", "cancel"]
        described = {c["command"]: c["description"] for c in review_zh}
        assert described["review"] == "审核贷款预申请（工作人员）"
        assert names(server, f"chat:{BANKER}", "en") == member_menu[:-1] + [
            "review", "disburse", "payment", "stats", "cancel"]
        described = {c["command"]: c["description"]
                     for c in server.get_commands(f"chat:{BANKER}", "en")}
        assert described["disburse"] == "Record a disbursement (bank)"


@pytest.mark.parametrize("channel", ["ptb", "aiogram"])
async def test_a_role_granted_later_or_taken_away_reaches_the_menu_on_the_next_round(
        app: App, channel: str) -> None:
    async with clients_for(channel, app, [{"user": REVIEWER}]) as (reviewer,):
        menus = command_menus(reviewer)
        await menus.publish()
        server = reviewer.server
        assert names(server, f"chat:{REVIEWER}", "") is None

        # Granted to someone who has never opened the chat: Telegram refuses the scope,
        # the next round retries and succeeds once they have.
        await grant(app, NEWCOMER, "admin")
        await grant(app, REVIEWER, "reviewer")
        await menus.sync_staff()
        assert names(server, f"chat:{NEWCOMER}", "") is None
        assert "broadcast" in names(server, f"chat:{REVIEWER}", "")
        server.user(NEWCOMER, first_name="周")
        await menus.sync_staff()
        assert names(server, f"chat:{NEWCOMER}", "en")[-6:] == [
            "review", "broadcast", "disburse", "payment", "stats", "cancel"]

        # A role changed, then taken away: the menu follows, back to the member menu.
        await grant(app, REVIEWER, "bank")
        await menus.sync_staff()
        assert "broadcast" not in names(server, f"chat:{REVIEWER}", "")
        assert "disburse" in names(server, f"chat:{REVIEWER}", "")
        async with app.engine.begin() as conn:
            assert await staff.remove(conn, user_id=REVIEWER, now=utc_now(), by=None) == "bank"
            assert await staff.remove(conn, user_id=REVIEWER, now=utc_now(), by=None) is None
        await menus.sync_staff()
        assert all(names(server, f"chat:{REVIEWER}", code) is None for code in ("", "zh", "en"))
        assert names(server, f"chat:{NEWCOMER}", "") is not None

"""/start (with QR-poster deep links) and /help: no form, just answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dialogs.model import Answer, Reply, msg

if TYPE_CHECKING:
    from dialogs.router import Conversation, Turn

BRANCH_PREFIX = "branch-"
STATION_PREFIX = "station-"


async def start(conv: Conversation, turn: Turn, payload: str) -> list[Answer]:
    """Welcome with the main menu; a poster's payload names a branch or a station."""
    from dialogs.router import main_menu

    conv.suspend(turn)
    answers: list[Answer] = []
    if payload.startswith(BRANCH_PREFIX):
        branch = turn.services.branches.get(payload.removeprefix(BRANCH_PREFIX))
        if branch is not None:
            turn.profile.branch = branch.code
            name = branch.name(turn.profile.locale)
            answers.append(Reply((msg("start-branch-set", branch=name),)))
        turn.profile.source = payload
    elif payload.startswith(STATION_PREFIX):
        from dialogs.stations import station_card

        turn.profile.source = payload
        answers += station_card(turn.services, payload.removeprefix(STATION_PREFIX), turn.now,
                                turn.profile.locale)
    name = turn.profile.name
    welcome = msg("welcome-member-named", name=name) if name else msg("welcome-member")
    answers.insert(0, Reply((welcome,), main_menu(conv.commands)))
    if turn.pos.flow:
        turn.pos.flow = None  # the menu replaces the form; it waits in "suspended"
        turn.pos.step = None
    answers += conv.offer_resume(turn)
    return answers


async def help_(conv: Conversation, turn: Turn, _args: str) -> list[Answer]:
    """The command list; inside a form also where the member stands (nothing moves)."""
    answers: list[Answer] = [Reply((msg("help"),))]
    if turn.pos.flow:
        flow = conv.flows[turn.pos.flow]
        answers.append(Reply((msg("help-in-flow", flow=msg(flow.title)),)))
        answers += conv.reprompt(turn)
    return answers

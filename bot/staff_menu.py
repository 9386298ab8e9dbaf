"""Which commands each staff role finds in its own Telegram menu, after the member commands.

The menu is a convenience, not a permission: every staff command checks the role on the
server again, so a stale menu shows a command that then politely refuses.
"""

from __future__ import annotations

from bot.applications import BANKERS, REVIEWERS
from bot.stats import STATS_ROLES

BROADCASTERS = frozenset({"reviewer", "admin"})

# In menu order; each with the roles that may use it.
_STAFF_COMMANDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("review", REVIEWERS | BANKERS),
    ("broadcast", BROADCASTERS),
    ("disburse", BANKERS),
    ("payment", BANKERS),
    ("stats", STATS_ROLES),  # bank officers see its loan part only (bot/stats.py)
)

STAFF_COMMANDS = frozenset(name for name, _ in _STAFF_COMMANDS)


def staff_commands_for(role: str | None) -> tuple[str, ...]:
    return tuple(name for name, roles in _STAFF_COMMANDS if role in roles)

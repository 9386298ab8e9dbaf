"""A fake Telegram Bot API server for in-process and end-to-end tests.

>>> api = await FakeBotAPI().start()          # doctest: +SKIP
>>> api.send_text(1001, "/start")             # doctest: +SKIP
>>> await api.wait_for_messages(1001, 1)      # doctest: +SKIP
"""

from .faults import BLOCKED, Fault, RateLimits, Violation
from .files import Upload
from .formatting import EntityParseError, format_text, utf16_len
from .methods import ApiError, Webhook
from .server import DEFAULT_TOKEN, Call, FakeBotAPI
from .updates import DEFAULT_ALLOWED, UPDATE_TYPES, Update

__all__ = [
    "BLOCKED",
    "DEFAULT_ALLOWED",
    "DEFAULT_TOKEN",
    "UPDATE_TYPES",
    "ApiError",
    "Call",
    "EntityParseError",
    "FakeBotAPI",
    "Fault",
    "RateLimits",
    "Update",
    "Upload",
    "Violation",
    "Webhook",
    "format_text",
    "utf16_len",
]

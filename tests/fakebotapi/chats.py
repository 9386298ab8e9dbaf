"""Who the members are and which messages each private chat holds, on both sides.

Message ids are counted per chat and shared by the member's and the bot's
messages, as in a real private chat. Deleted messages are kept but hidden.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

Message = dict[str, Any]

DEFAULT_FIRST_NAME = "李"
DEFAULT_LANGUAGE = "zh-hans"


@dataclass
class Member:
    """A Telegram user who talks to the bot."""

    id: int
    first_name: str = DEFAULT_FIRST_NAME
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = DEFAULT_LANGUAGE

    def as_user(self) -> dict[str, Any]:
        """The ``User`` object of this member."""
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def as_chat(self) -> dict[str, Any]:
        """The ``Chat`` object of the private chat with this member."""
        chat: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat


@dataclass
class StoredMessage:
    """A message as Telegram keeps it, plus what the fake needs to know about it."""

    message: Message
    from_bot: bool
    reply_keyboard: dict[str, Any] | None = None  # a reply keyboard, never echoed back
    deleted: bool = False
    history: list[Message] = field(default_factory=list)  # earlier versions, oldest first


class ChatStore:
    """Members, their private chats and every message in them."""

    def __init__(self) -> None:
        self.members: dict[int, Member] = {}
        self._last_message_id: dict[int, int] = {}
        self._messages: dict[int, dict[int, StoredMessage]] = {}
        self.keyboards: dict[int, dict[str, Any] | None] = {}  # reply keyboard on screen

    def member(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> Member:
        """Return the member, creating or updating it with the given details."""
        found = self.members.get(user_id)
        if found is None:
            found = self.members[user_id] = Member(id=user_id)
        if first_name is not None:
            found.first_name = first_name
        if last_name is not None:
            found.last_name = last_name or None
        if username is not None:
            found.username = username or None
        if language_code is not None:
            found.language_code = language_code or None
        return found

    def is_known(self, chat_id: int) -> bool:
        return chat_id in self.members

    def chat(self, chat_id: int) -> dict[str, Any]:
        """The ``Chat`` object for ``chat_id`` (a group is made up when the id is negative)."""
        if chat_id in self.members:
            return self.members[chat_id].as_chat()
        if chat_id < 0:
            kind = "supergroup" if chat_id <= -1_000_000_000_000 else "group"
            return {"id": chat_id, "type": kind, "title": f"Group {-chat_id}"}
        return {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}

    def next_message_id(self, chat_id: int) -> int:
        number = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = number
        return number

    def add(
        self, message: Message, *, from_bot: bool, reply_keyboard: dict[str, Any] | None = None
    ) -> StoredMessage:
        stored = StoredMessage(message=message, from_bot=from_bot, reply_keyboard=reply_keyboard)
        chat_id = message["chat"]["id"]
        self._messages.setdefault(chat_id, {})[message["message_id"]] = stored
        return stored

    def get(self, chat_id: int, message_id: int) -> StoredMessage | None:
        stored = self._messages.get(chat_id, {}).get(message_id)
        if stored is None or stored.deleted:
            return None
        return stored

    def replace(self, stored: StoredMessage, message: Message) -> None:
        """Record an edit, keeping the earlier version in ``history``."""
        stored.history.append(stored.message)
        stored.message = message

    def all(self, chat_id: int, *, from_bot: bool | None = None) -> list[StoredMessage]:
        """Messages of a chat in order, without deleted ones."""
        found = self._messages.get(chat_id, {})
        return [
            found[number]
            for number in sorted(found)
            if not found[number].deleted
            and (from_bot is None or found[number].from_bot == from_bot)
        ]

    def chat_ids(self) -> list[int]:
        return sorted(self._messages)

    def snapshot(self, message: Message) -> Message:
        return copy.deepcopy(message)

    def clear(self) -> None:
        """Forget the messages (ids keep counting up so old ids stay unique)."""
        self._messages.clear()
        self.keyboards.clear()

"""Updates: realistic update payloads from members, and the queue getUpdates reads.

The payloads follow what Telegram sends (see python-telegram-bot's
``tests/auxil/build_messages.py`` for the same idea): a private chat with the
member, ``date`` in whole seconds, a ``bot_command`` entity for a /command,
the bot's own message (with its inline keyboard) inside a callback query.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from typing import Any

from .chats import ChatStore, Member, StoredMessage
from .files import FileStore
from .formatting import message_entities_for_user_text
from .waiting import Signal

Update = dict[str, Any]

UPDATE_TYPES = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "message_reaction",
    "message_reaction_count",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
)
# Telegram's default when allowed_updates is empty or was never given.
DEFAULT_ALLOWED = frozenset(UPDATE_TYPES) - {
    "chat_member",
    "message_reaction",
    "message_reaction_count",
}


def update_type(update: Update) -> str:
    return next(key for key in update if key != "update_id")


class UpdateQueue:
    """Pending updates with strictly increasing ids, confirmed by getUpdates' offset."""

    def __init__(self, first_update_id: int = 100_000_001) -> None:
        self._ids = itertools.count(first_update_id)
        self._pending: list[Update] = []
        self.allowed: frozenset[str] = DEFAULT_ALLOWED
        self.signal = Signal()

    def stamp(self, payload: dict[str, Any]) -> Update:
        """Give a payload the next update_id."""
        return {"update_id": next(self._ids), **payload}

    def put(self, update: Update) -> None:
        self._pending.append(update)
        self.signal.fire()

    def set_allowed(self, allowed: list[str] | None) -> None:
        """Apply getUpdates/setWebhook's ``allowed_updates`` (None keeps the last setting)."""
        if allowed is None:
            return
        self.allowed = frozenset(allowed) if allowed else DEFAULT_ALLOWED

    def confirm(self, offset: int) -> None:
        """Forget updates before ``offset``; a negative offset keeps only the last ``-offset``."""
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]
        self.signal.fire()

    def available(self, limit: int) -> list[Update]:
        """The first ``limit`` deliverable updates; updates of types not allowed are dropped."""
        self._pending = [u for u in self._pending if update_type(u) in self.allowed]
        return [copy.deepcopy(u) for u in self._pending[:limit]]

    def drop_all(self) -> None:
        self._pending.clear()

    @property
    def pending(self) -> list[Update]:
        return list(self._pending)


class UpdateFactory:
    """Builds the payload of an update a member causes (without its update_id)."""

    def __init__(
        self,
        chats: ChatStore,
        files: FileStore,
        bot_user: dict[str, Any],
        clock: Callable[[], float],
    ) -> None:
        self.chats = chats
        self.files = files
        self.bot_user = bot_user
        self.clock = clock
        self.callback_queries: dict[str, dict[str, Any]] = {}  # id -> callback query issued
        self._callback_ids = itertools.count(4_367_000_000_000_000_001)

    def now(self) -> int:
        return int(self.clock())

    # ------------------------------------------------------------------ messages

    def message(
        self, member: Member, content: dict[str, Any], *, reply_to_message_id: int | None = None
    ) -> dict[str, Any]:
        """A new message from ``member`` with ``content`` (text, location, ...)."""
        message: dict[str, Any] = {
            "message_id": self.chats.next_message_id(member.id),
            "from": member.as_user(),
            "chat": member.as_chat(),
            "date": self.now(),
        }
        if reply_to_message_id is not None:
            replied = self.chats.get(member.id, reply_to_message_id)
            if replied is None:
                raise LookupError(f"no message {reply_to_message_id} in chat {member.id}")
            message["reply_to_message"] = _without_reply(replied.message)
        message.update(content)
        self.chats.add(message, from_bot=False)
        return {"message": copy.deepcopy(message)}

    def text(
        self, member: Member, text: str, *, reply_to_message_id: int | None = None
    ) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        entities = message_entities_for_user_text(text)
        if entities:
            content["entities"] = entities
        return self.message(member, content, reply_to_message_id=reply_to_message_id)

    def location(
        self,
        member: Member,
        latitude: float,
        longitude: float,
        *,
        horizontal_accuracy: float | None = None,
        live_period: int | None = None,
    ) -> dict[str, Any]:
        location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
        if horizontal_accuracy is not None:
            location["horizontal_accuracy"] = horizontal_accuracy
        if live_period is not None:
            location["live_period"] = live_period
        return self.message(member, {"location": location})

    def contact(
        self,
        member: Member,
        phone_number: str,
        *,
        contact_user_id: int | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> dict[str, Any]:
        contact: dict[str, Any] = {
            "phone_number": phone_number,
            "first_name": first_name or member.first_name,
        }
        if last_name or (first_name is None and member.last_name):
            contact["last_name"] = last_name or member.last_name
        owner = member.id if contact_user_id is None else contact_user_id
        if owner:
            contact["user_id"] = owner
        return self.message(member, {"contact": contact})

    def photo(
        self,
        member: Member,
        *,
        caption: str | None = None,
        width: int = 1280,
        height: int = 960,
        content: bytes = b"\xff\xd8\xff\xe0fake-jpeg\xff\xd9",
    ) -> dict[str, Any]:
        sizes = photo_sizes(self.files, content, width, height)
        body: dict[str, Any] = {"photo": sizes}
        if caption:
            body["caption"] = caption
        return self.message(member, body)

    def document(
        self,
        member: Member,
        file_name: str,
        *,
        content: bytes = b"%PDF-1.4\n% fake document\n%%EOF\n",
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> dict[str, Any]:
        stored = self.files.add("document", content, file_name=file_name, mime_type=mime_type)
        body: dict[str, Any] = {"document": document_object(stored)}
        if caption:
            body["caption"] = caption
        return self.message(member, body)

    def sticker(self, member: Member, emoji: str = "👍") -> dict[str, Any]:
        stored = self.files.add("sticker", b"RIFF-fake-webp", file_name="sticker.webp")
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "UnionBotTestStickers",
            "file_size": len(stored.content),
        }
        return self.message(member, {"sticker": sticker})

    def edit_text(self, member: Member, message_id: int, text: str) -> dict[str, Any]:
        stored = self.chats.get(member.id, message_id)
        if stored is None or stored.from_bot:
            raise LookupError(f"member {member.id} has no message {message_id} to edit")
        edited = {k: v for k, v in stored.message.items() if k not in ("text", "entities")}
        edited["text"] = text
        entities = message_entities_for_user_text(text)
        if entities:
            edited["entities"] = entities
        edited["edit_date"] = max(self.now(), stored.message["date"])
        self.chats.replace(stored, edited)
        return {"edited_message": copy.deepcopy(edited)}

    # ------------------------------------------------------------------ buttons

    def callback(self, member: Member, message_id: int, data: str) -> dict[str, Any]:
        """A press on an inline button with ``data`` under the bot's message ``message_id``."""
        stored = self.chats.get(member.id, message_id)
        if stored is None or not stored.from_bot:
            raise LookupError(f"the bot has no message {message_id} in chat {member.id}")
        query: dict[str, Any] = {
            "id": str(next(self._callback_ids)),
            "from": member.as_user(),
            "message": copy.deepcopy(stored.message),
            "chat_instance": str(-(7_000_000_000_000_000_000 + member.id)),
            "data": data,
        }
        self.callback_queries[query["id"]] = query
        return {"callback_query": copy.deepcopy(query)}

    def find_inline_button(self, chat_id: int, label: str) -> tuple[StoredMessage, dict[str, Any]]:
        """The newest bot message with an inline button labelled ``label``, and that button."""
        labels: list[str] = []
        for stored in reversed(self.chats.all(chat_id, from_bot=True)):
            for row in stored.message.get("reply_markup", {}).get("inline_keyboard", []):
                for button in row:
                    if button.get("text") == label:
                        return stored, button
                    labels.append(button.get("text", ""))
        raise LookupError(f"no inline button {label!r} in chat {chat_id}; buttons seen: {labels}")

    def find_reply_button(self, chat_id: int, label: str) -> dict[str, Any]:
        """The button labelled ``label`` on the reply keyboard the member currently sees."""
        keyboard = self.chats.keyboards.get(chat_id)
        labels: list[str] = []
        for row in (keyboard or {}).get("keyboard", []):
            for raw in row:
                button = {"text": raw} if isinstance(raw, str) else raw
                if button.get("text") == label:
                    return dict(button)
                labels.append(button.get("text", ""))
        raise LookupError(f"no reply-keyboard button {label!r} in chat {chat_id}; shown: {labels}")

    def chat_member_change(self, member: Member, old: str, new: str) -> dict[str, Any]:
        """``my_chat_member``: the member blocked (``kicked``) or unblocked (``member``) the bot."""
        bot = {key: self.bot_user[key] for key in ("id", "is_bot", "first_name", "username")}

        def chat_member(status: str) -> dict[str, Any]:
            found: dict[str, Any] = {"status": status, "user": dict(bot)}
            if status == "kicked":
                found["until_date"] = 0
            return found

        return {
            "my_chat_member": {
                "chat": member.as_chat(),
                "from": member.as_user(),
                "date": self.now(),
                "old_chat_member": chat_member(old),
                "new_chat_member": chat_member(new),
            }
        }


def _without_reply(message: dict[str, Any]) -> dict[str, Any]:
    return {k: copy.deepcopy(v) for k, v in message.items() if k != "reply_to_message"}


def document_object(stored: Any) -> dict[str, Any]:
    """The ``Document`` object for a stored file."""
    document: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
    }
    if stored.file_name:
        document["file_name"] = stored.file_name
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    return document


def photo_sizes(files: FileStore, content: bytes, width: int, height: int) -> list[dict[str, Any]]:
    """The ``PhotoSize`` list Telegram makes of one picture: thumbnails up to the original."""
    sizes: list[dict[str, Any]] = []
    longest = max(width, height, 1)
    for side in (90, 320, 800, 1280):
        scale = min(side / longest, 1.0)
        size_w, size_h = max(round(width * scale), 1), max(round(height * scale), 1)
        if sizes and (size_w, size_h) == (sizes[-1]["width"], sizes[-1]["height"]):
            continue
        stored = files.add("photo", content, width=size_w, height=size_h)
        sizes.append(
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_size": max(len(content) * size_w // max(width, 1), 1),
                "width": size_w,
                "height": size_h,
            }
        )
    return sizes

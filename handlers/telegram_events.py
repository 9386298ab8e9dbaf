"""Bot API update → neutral event. PTB and aiogram objects share these attribute names,
so one function serves both runtimes (duck-typed, imports neither library)."""

from __future__ import annotations

from typing import Any

from dialogs.model import Event, Kind

_MEDIA = ("photo", "sticker", "voice", "video", "video_note", "audio", "document",
          "animation", "poll", "dice", "venue")


def _private(chat: Any) -> bool:
    return chat is not None and str(getattr(chat, "type", "")) in ("private", "ChatType.PRIVATE")


def _user_fields(user: Any) -> dict[str, Any]:
    return {"user_id": user.id, "first_name": user.first_name or "",
            "language_code": user.language_code or ""}


def event_from_update(update: Any) -> Event | None:
    """None for updates the bot ignores (groups, channels, member changes)."""
    query = update.callback_query
    if query is not None:
        message = query.message
        chat_id = message.chat.id if message is not None else query.from_user.id
        return Event(Kind.BUTTON, chat_id=chat_id, data=query.data or "",
                     message_id=message.message_id if message is not None else None,
                     **_user_fields(query.from_user))
    edited = update.edited_message
    if edited is not None:
        if not _private(edited.chat) or edited.from_user is None:
            return None
        return Event(Kind.EDITED, chat_id=edited.chat.id, **_user_fields(edited.from_user))
    message = update.message
    if message is None or not _private(message.chat) or message.from_user is None:
        return None
    return _from_message(message)


def _from_message(message: Any) -> Event:
    base = {"chat_id": message.chat.id, **_user_fields(message.from_user)}
    if message.location is not None and message.venue is None:
        loc = message.location
        return Event(Kind.LOCATION, lat=loc.latitude, lon=loc.longitude, **base)
    if message.contact is not None:
        c = message.contact
        return Event(Kind.CONTACT, phone=c.phone_number or "", contact_user_id=c.user_id, **base)
    text = message.text
    if text is None:
        photo = message.photo[-1].file_id if message.photo else ""  # the largest size
        return Event(Kind.MEDIA, file_id=photo, text=message.caption or "", **base)
    if text.startswith("/"):
        head, _, args = text.partition(" ")
        name = head[1:].split("@", 1)[0].lower()
        if name:
            return Event(Kind.COMMAND, text=text, command=name, args=args.strip(), **base)
    return Event(Kind.TEXT, text=text, **base)

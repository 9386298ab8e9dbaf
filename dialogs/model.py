"""Channel-neutral events in, replies out: the only vocabulary flows speak."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    COMMAND = "command"
    TEXT = "text"
    BUTTON = "button"
    LOCATION = "location"
    CONTACT = "contact"
    MEDIA = "media"  # photo, sticker, voice…: never an answer to a question
    EDITED = "edited"  # an edit of an earlier message: acknowledged, not re-run


@dataclass(frozen=True, slots=True)
class Event:
    """One thing a member did, whatever the channel."""

    kind: Kind
    user_id: int
    chat_id: int
    text: str = ""
    command: str = ""
    args: str = ""
    data: str = ""  # button payload
    lat: float | None = None
    lon: float | None = None
    phone: str = ""
    contact_user_id: int | None = None
    first_name: str = ""
    language_code: str = ""
    message_id: int | None = None  # the message a pressed button sits on
    file_id: str = ""  # a photo the member sent (the channel's id for it), e.g. for a broadcast


@dataclass(frozen=True, slots=True)
class Msg:
    """A locale key with its arguments; rendered in the member's language at the edge."""

    key: str
    args: dict[str, Any] = field(default_factory=dict)


def msg(key: str, **args: Any) -> Msg:
    return Msg(key, args)


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button: its label and the payload the press sends back."""

    label: Msg | str
    data: str = ""
    url: str = ""


class KeyboardKind(StrEnum):
    LOCATION = "location"
    CONTACT = "contact"
    REMOVE = "remove"


@dataclass(frozen=True, slots=True)
class Keyboard:
    """The reply keyboard under the input field (request-location/contact buttons)."""

    kind: KeyboardKind
    label: Msg | None = None


@dataclass(frozen=True, slots=True)
class Venue:
    lat: float
    lon: float
    title: str
    address: str


@dataclass(frozen=True, slots=True)
class Document:
    filename: str
    content: bytes
    caption: Msg | None = None


@dataclass(frozen=True, slots=True)
class Photo:
    """A photo the channel already holds (its file id), with its caption."""

    file_id: str
    caption: Msg | str = ""


# A part of a reply's text: a locale key, or words someone wrote (a staff notice) shown
# exactly as written. Those never pass through Fluent, which refuses long placeables.
Text = Msg | str


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to show. ``edit`` replaces the message whose button was pressed.

    The parts of ``text`` are joined by line breaks; a text longer than a message is
    sent as several (dialogs/limits.py). A photo goes out first as a message of its own.
    """

    text: tuple[Text, ...] = ()
    buttons: tuple[tuple[Button, ...], ...] = ()
    keyboard: Keyboard | None = None
    venue: Venue | None = None
    document: Document | None = None
    edit: bool = False
    photo: Photo | None = None


@dataclass(frozen=True, slots=True)
class Toast:
    """The short notice shown when a button press needs no new message."""

    text: Msg


Answer = Reply | Toast


def say(*parts: Text, buttons: tuple[tuple[Button, ...], ...] = (),
        keyboard: Keyboard | None = None, edit: bool = False) -> Reply:
    return Reply(text=parts, buttons=buttons, keyboard=keyboard, edit=edit)


# Rendered output, language resolved: what adapters draw.
@dataclass(frozen=True, slots=True)
class OutButton:
    label: str
    data: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class OutKeyboard:
    kind: KeyboardKind
    label: str = ""


@dataclass(frozen=True, slots=True)
class OutDocument:
    filename: str
    content: bytes
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Out:
    """A reply in the member's language, ready for any channel to draw."""

    text: str = ""
    buttons: tuple[tuple[OutButton, ...], ...] = ()
    keyboard: OutKeyboard | None = None
    venue: Venue | None = None
    document: OutDocument | None = None
    edit: bool = False
    toast: bool = False
    photo: str = ""  # a channel file id; the text becomes its caption

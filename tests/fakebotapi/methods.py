"""The Bot API methods the fake implements, over its in-memory state.

Each method takes the parsed parameters and returns the ``result`` or raises
:class:`ApiError` with Telegram's status and wording. The HTTP layer, faults
and recording live in ``server.py``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from .chats import ChatStore, StoredMessage
from .files import FileStore, StoredFile, Upload, image_size
from .formatting import EntityParseError, format_text, utf16_len
from .updates import UpdateFactory, UpdateQueue, document_object, photo_sizes
from .waiting import wait_until

Params = dict[str, Any]
Handler = Callable[[Params], Awaitable[Any]]

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
INLINE_ACTIONS = {
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
}
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_MEDIA_FIELDS = {
    "sendAudio": "audio",
    "sendVideo": "video",
    "sendVoice": "voice",
    "sendAnimation": "animation",
    "sendVideoNote": "video_note",
    "sendSticker": "sticker",
}


class ApiError(Exception):
    """An unsuccessful Bot API answer."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


@dataclass
class Webhook:
    """What setWebhook stored."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None


def scope_key(scope: Any) -> str:
    """A readable key for a BotCommandScope: ``default``, ``all_private_chats``, ``chat:42``."""
    if scope is None:
        return "default"
    if isinstance(scope, str):
        return scope
    parts = [str(scope.get("type", "default"))]
    parts += [str(scope[k]) for k in ("chat_id", "user_id") if k in scope]
    return ":".join(parts)


class BotApi:
    """The state a bot sees through the Bot API, and the methods that act on it."""

    def __init__(
        self,
        *,
        bot_user: dict[str, Any],
        chats: ChatStore,
        files: FileStore,
        queue: UpdateQueue,
        factory: UpdateFactory,
        clock: Callable[[], float],
        strict_chats: bool = False,
        max_poll_timeout: float = 50.0,
    ) -> None:
        self.bot_user = bot_user
        self.chats = chats
        self.files = files
        self.queue = queue
        self.factory = factory
        self.clock = clock
        self.strict_chats = strict_chats
        self.max_poll_timeout = max_poll_timeout
        self.closing = False
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.profile: dict[tuple[str, str], str] = {}  # (name|description|short_description, lang)
        self.callback_answers: dict[str, Params] = {}
        self.webhook: Webhook | None = None
        self._poll_generation = 0
        self.handlers: dict[str, tuple[str, Handler]] = {}
        for name, handler in self._table().items():
            self.handlers[name.lower()] = (name, handler)

    def lookup(self, method: str) -> tuple[str, Handler] | None:
        """The canonical name and handler of a method (names are case-insensitive)."""
        return self.handlers.get(method.lower())

    def _table(self) -> dict[str, Handler]:
        table: dict[str, Handler] = {
            "getMe": self.get_me,
            "logOut": self.true,
            "close": self.true,
            "getUpdates": self.get_updates,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "sendMessage": self.send_message,
            "sendVenue": self.send_venue,
            "sendLocation": self.send_location,
            "sendContact": self.send_contact,
            "sendDocument": self.send_document,
            "sendPhoto": self.send_photo,
            "forwardMessage": self.forward_message,
            "copyMessage": self.copy_message,
            "editMessageText": self.edit_message_text,
            "editMessageCaption": self.edit_message_caption,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "deleteMessage": self.delete_message,
            "deleteMessages": self.delete_messages,
            "answerCallbackQuery": self.answer_callback_query,
            "answerInlineQuery": self.true,
            "sendChatAction": self.send_chat_action,
            "setMessageReaction": self.chat_true,
            "pinChatMessage": self.chat_true,
            "unpinChatMessage": self.chat_true,
            "unpinAllChatMessages": self.chat_true,
            "leaveChat": self.chat_true,
            "getChat": self.get_chat,
            "getChatMember": self.get_chat_member,
            "getFile": self.get_file,
            "setMyCommands": self.set_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "getMyCommands": self.get_my_commands,
            "setChatMenuButton": self.set_chat_menu_button,
            "getChatMenuButton": self.get_chat_menu_button,
        }
        for field in ("name", "description", "short_description"):
            camel = "".join(part.title() for part in field.split("_"))
            table[f"setMy{camel}"] = self._profile_setter(field)
            table[f"getMy{camel}"] = self._profile_getter(field)
        for method, field in _MEDIA_FIELDS.items():
            table[method] = self._media_sender(field)
        return table

    def now(self) -> int:
        return int(self.clock())

    def sender(self) -> dict[str, Any]:
        """The bot as the ``from`` of its messages (getMe's extra fields are not repeated)."""
        keys = ("id", "is_bot", "first_name", "username")
        return {key: self.bot_user[key] for key in keys}

    # ------------------------------------------------------------------ plain answers

    async def true(self, params: Params) -> bool:
        return True

    async def chat_true(self, params: Params) -> bool:
        self.target_chat(params)
        return True

    async def get_me(self, params: Params) -> dict[str, Any]:
        return dict(self.bot_user)

    # ------------------------------------------------------------------ updates and webhook

    async def get_updates(self, params: Params) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(409, WEBHOOK_CONFLICT)
        self._poll_generation += 1
        generation = self._poll_generation
        self.queue.signal.fire()  # an older long poll now ends with 409, as on Telegram
        offset = _int(params.get("offset"), 0)
        if offset:
            self.queue.confirm(offset)
        limit = min(max(_int(params.get("limit"), 100), 1), 100)
        timeout = min(max(_float(params.get("timeout"), 0.0), 0.0), self.max_poll_timeout)
        self.queue.set_allowed(params.get("allowed_updates"))

        def ready() -> list[dict[str, Any]] | ApiError | None:
            if generation != self._poll_generation:
                return ApiError(409, POLL_CONFLICT)
            if self.closing:
                return []
            return self.queue.available(limit) or None

        found: list[dict[str, Any]] | ApiError | None
        found = await wait_until(ready, self.queue.signal, timeout)
        if isinstance(found, ApiError):
            raise found
        return found or []

    async def set_webhook(self, params: Params) -> bool:
        url = str(params.get("url") or "")
        if params.get("drop_pending_updates"):
            self.queue.drop_all()
        if not url:
            self.webhook = None
            return True
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise bad_request("bad webhook: Failed to resolve host: Name or service not known")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_RE.match(str(secret)):
            raise bad_request("secret token contains unallowed characters")
        self.queue.set_allowed(params.get("allowed_updates"))
        self.webhook = Webhook(
            url=url,
            secret_token=str(secret) if secret else None,
            max_connections=_int(params.get("max_connections"), 40),
            ip_address=params.get("ip_address"),
        )
        self.queue.signal.fire()  # a pending long poll ends
        return True

    async def delete_webhook(self, params: Params) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self.queue.drop_all()
        return True

    async def get_webhook_info(self, params: Params) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.queue.pending),
        }
        hook = self.webhook
        if hook is not None:
            info["url"] = hook.url
            info["max_connections"] = hook.max_connections
            info["allowed_updates"] = sorted(self.queue.allowed)
            if hook.ip_address:
                info["ip_address"] = hook.ip_address
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message or ""
        return info

    # ------------------------------------------------------------------ chats

    def target_chat(self, params: Params) -> int:
        """The ``chat_id`` a method acts on, refused as Telegram refuses it."""
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        if not isinstance(chat_id, int) or isinstance(chat_id, bool):
            raise bad_request("chat not found")
        if self.strict_chats and chat_id > 0 and not self.chats.is_known(chat_id):
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat_id

    async def get_chat(self, params: Params) -> dict[str, Any]:
        chat_id = self.target_chat(params)
        if chat_id > 0 and not self.chats.is_known(chat_id):
            raise bad_request("chat not found")
        return {
            **self.chats.chat(chat_id),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        }

    async def get_chat_member(self, params: Params) -> dict[str, Any]:
        chat_id = self.target_chat(params)
        user_id = _int(params.get("user_id"), 0)
        if user_id == self.bot_user["id"]:
            return {"status": "member", "user": self.sender()}
        member = self.chats.members.get(user_id)
        if member is None:
            raise bad_request("user not found" if chat_id < 0 else "PARTICIPANT_ID_INVALID")
        return {"status": "member", "user": member.as_user()}

    async def send_chat_action(self, params: Params) -> bool:
        self.target_chat(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    # ------------------------------------------------------------------ sending

    def _markup(self, params: Params, *, inline_only: bool = False) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            _check_inline_keyboard(markup["inline_keyboard"])
            return markup
        if inline_only:
            raise bad_request("inline keyboard expected")
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise bad_request("can't parse reply keyboard markup JSON object")
            for row in rows:
                for button in row:
                    text = button if isinstance(button, str) else (button or {}).get("text")
                    if not text:
                        raise bad_request("can't parse keyboard button: Text must be non-empty")
            return markup
        if markup.get("remove_keyboard") or markup.get("force_reply"):
            return markup
        raise bad_request("can't parse reply keyboard markup JSON object")

    def _formatted(
        self, params: Params, field: str, entities_field: str, limit: int
    ) -> dict[str, Any]:
        raw = params.get(field)
        if raw is None or raw == "":
            return {}
        try:
            plain, entities = format_text(
                str(raw), params.get("parse_mode"), params.get(entities_field)
            )
        except EntityParseError as error:
            raise bad_request(error.description.removeprefix("Bad Request: ")) from None
        if utf16_len(plain) > limit:
            kind = "message" if field == "text" else "message caption"
            raise bad_request(f"{kind} is too long")
        body: dict[str, Any] = {field: plain}
        if entities:
            body[entities_field] = entities
        return body

    def _post(self, params: Params, content: dict[str, Any]) -> dict[str, Any]:
        """Store a new bot message with ``content`` in the target chat and return it."""
        chat_id = self.target_chat(params)
        markup = self._markup(params)
        message: dict[str, Any] = {
            "message_id": 0,
            "from": self.sender(),
            "chat": self.chats.chat(chat_id),
            "date": self.now(),
        }
        if params.get("message_thread_id") is not None:
            message["message_thread_id"] = params["message_thread_id"]
        reply = self._reply_target(chat_id, params)
        if reply is not None:
            message["reply_to_message"] = reply
        message.update(content)
        if params.get("protect_content"):
            message["has_protected_content"] = True
        if markup is not None and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        if markup is not None and "keyboard" in markup:
            self.chats.keyboards[chat_id] = markup
        elif markup is not None and markup.get("remove_keyboard"):
            self.chats.keyboards[chat_id] = None
        message["message_id"] = self.chats.next_message_id(chat_id)
        self.chats.add(message, from_bot=True, reply_keyboard=markup)
        return copy.deepcopy(message)

    def _reply_target(self, chat_id: int, params: Params) -> dict[str, Any] | None:
        reply = params.get("reply_parameters")
        if isinstance(reply, dict):
            message_id = _int(reply.get("message_id"), 0)
            tolerant = bool(reply.get("allow_sending_without_reply"))
            chat_id = _int(reply.get("chat_id"), chat_id)
        elif params.get("reply_to_message_id") is not None:
            message_id = _int(params.get("reply_to_message_id"), 0)
            tolerant = bool(params.get("allow_sending_without_reply"))
        else:
            return None
        stored = self.chats.get(chat_id, message_id)
        if stored is None:
            if tolerant:
                return None
            raise bad_request("message to be replied not found")
        return {k: copy.deepcopy(v) for k, v in stored.message.items() if k != "reply_to_message"}

    async def send_message(self, params: Params) -> dict[str, Any]:
        self.target_chat(params)
        body = self._formatted(params, "text", "entities", 4096)
        if not body:
            raise bad_request("message text is empty")
        return self._post(params, body)

    async def send_location(self, params: Params) -> dict[str, Any]:
        location = _location(params)
        for key in ("horizontal_accuracy", "live_period", "heading", "proximity_alert_radius"):
            if params.get(key) is not None:
                location[key] = params[key]
        return self._post(params, {"location": location})

    async def send_venue(self, params: Params) -> dict[str, Any]:
        location = _location(params)
        venue: dict[str, Any] = {"location": dict(location)}
        for key in ("title", "address"):
            if not params.get(key):
                raise bad_request(f"venue {key} is empty")
            venue[key] = str(params[key])
        for key in ("foursquare_id", "foursquare_type", "google_place_id", "google_place_type"):
            if params.get(key):
                venue[key] = str(params[key])
        return self._post(params, {"venue": venue, "location": location})

    async def send_contact(self, params: Params) -> dict[str, Any]:
        if not params.get("phone_number") or not params.get("first_name"):
            raise bad_request("phone number or first name is empty")
        contact = {"phone_number": str(params["phone_number"]), "first_name": params["first_name"]}
        for key in ("last_name", "vcard"):
            if params.get(key):
                contact[key] = params[key]
        return self._post(params, {"contact": contact})

    def _file(self, params: Params, field: str, kind: str) -> StoredFile:
        """The file a send method refers to: an upload, a known file_id or a URL."""
        value = params.get(field)
        if isinstance(value, Upload):
            if not value.content:
                raise bad_request("file must be non-empty")
            size = image_size(value.content) if kind == "photo" else None
            return self.files.add(
                kind,
                value.content,
                file_name=value.filename,
                mime_type=None if value.filename and "." in value.filename else value.content_type,
                width=size[0] if size else None,
                height=size[1] if size else None,
            )
        if isinstance(value, str) and value:
            known = self.files.get(value)
            if known is not None:
                return known
            if value.startswith(("http://", "https://")):
                name = urlparse(value).path.rsplit("/", 1)[-1] or None
                return self.files.add(kind, b"downloaded-by-telegram", file_name=name)
        if value is None or value == "":
            raise bad_request(f"there is no {kind} in the request")
        raise bad_request("wrong file identifier/HTTP URL specified")

    async def send_document(self, params: Params) -> dict[str, Any]:
        self.target_chat(params)
        stored = self._file(params, "document", "document")
        caption = self._formatted(params, "caption", "caption_entities", 1024)
        return self._post(params, {"document": document_object(stored), **caption})

    async def send_photo(self, params: Params) -> dict[str, Any]:
        self.target_chat(params)
        stored = self._file(params, "photo", "photo")
        caption = self._formatted(params, "caption", "caption_entities", 1024)
        reused = params.get("photo")
        if isinstance(reused, str) and self.files.get(reused) is not None:
            sizes = [_photo_size(stored)]  # re-sent by file_id: the known size comes back
        else:
            sizes = photo_sizes(
                self.files, stored.content, stored.width or 800, stored.height or 600
            )
        return self._post(params, {"photo": sizes, **caption})

    def _media_sender(self, field: str) -> Handler:
        async def send(params: Params) -> dict[str, Any]:
            self.target_chat(params)
            stored = self._file(params, field, field)
            media: dict[str, Any] = {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.content),
            }
            media.update(_MEDIA_DEFAULTS.get(field, {}))
            for key in ("duration", "width", "height", "performer", "title", "emoji"):
                if params.get(key) is not None:
                    media[key] = params[key]
            if stored.file_name and field in ("audio", "video", "animation"):
                media["file_name"] = stored.file_name
            caption = self._formatted(params, "caption", "caption_entities", 1024)
            return self._post(params, {field: media, **caption})

        return send

    async def forward_message(self, params: Params) -> dict[str, Any]:
        original = self._source_message(params)
        content = _content_of(original.message)
        content["forward_origin"] = {
            "type": "user",
            "date": original.message["date"],
            "sender_user": copy.deepcopy(original.message["from"]),
        }
        return self._post(params, content)

    async def copy_message(self, params: Params) -> dict[str, Any]:
        original = self._source_message(params)
        message = self._post(params, _content_of(original.message))
        return {"message_id": message["message_id"]}

    def _source_message(self, params: Params) -> StoredMessage:
        self.target_chat(params)
        source = self.chats.get(
            _int(params.get("from_chat_id"), 0), _int(params.get("message_id"), 0)
        )
        if source is None:
            raise bad_request("message to forward not found")
        return source

    # ------------------------------------------------------------------ editing

    def _editable(self, params: Params, what: str) -> StoredMessage | None:
        """The bot message an edit targets; None for an inline message (not tracked)."""
        if params.get("inline_message_id"):
            return None
        chat_id = self.target_chat(params)
        stored = self.chats.get(chat_id, _int(params.get("message_id"), 0))
        if stored is None:
            raise bad_request(f"message to {what} not found")
        if not stored.from_bot:
            raise bad_request("message can't be edited")
        return stored

    def _apply_edit(
        self, stored: StoredMessage, content: dict[str, Any], drop: tuple[str, ...], params: Params
    ) -> dict[str, Any]:
        markup = self._markup(params, inline_only=True)
        edited = {k: v for k, v in stored.message.items() if k not in (*drop, "reply_markup")}
        edited.update(content)
        if markup is not None and markup.get("inline_keyboard"):
            edited["reply_markup"] = markup
        before = {k: v for k, v in stored.message.items() if k not in ("edit_date",)}
        after = {k: v for k, v in edited.items() if k not in ("edit_date",)}
        if before == after:
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        edited["edit_date"] = max(self.now(), stored.message["date"])
        self.chats.replace(stored, edited)
        return copy.deepcopy(edited)

    async def edit_message_text(self, params: Params) -> dict[str, Any] | bool:
        stored = self._editable(params, "edit")
        body = self._formatted(params, "text", "entities", 4096)
        if not body:
            raise bad_request("message text is empty")
        if stored is None:
            return True
        if "text" not in stored.message:
            raise bad_request("there is no text in the message to edit")
        return self._apply_edit(stored, body, ("text", "entities", "link_preview_options"), params)

    async def edit_message_caption(self, params: Params) -> dict[str, Any] | bool:
        stored = self._editable(params, "edit")
        body = self._formatted(params, "caption", "caption_entities", 1024)
        if stored is None:
            return True
        if "text" in stored.message:
            raise bad_request("there is no caption in the message to edit")
        return self._apply_edit(stored, body, ("caption", "caption_entities"), params)

    async def edit_message_reply_markup(self, params: Params) -> dict[str, Any] | bool:
        stored = self._editable(params, "edit")
        if stored is None:
            return True
        return self._apply_edit(stored, {}, (), params)

    async def delete_message(self, params: Params) -> bool:
        chat_id = self.target_chat(params)
        stored = self.chats.get(chat_id, _int(params.get("message_id"), 0))
        if stored is None:
            raise bad_request("message to delete not found")
        stored.deleted = True
        return True

    async def delete_messages(self, params: Params) -> bool:
        chat_id = self.target_chat(params)
        for message_id in params.get("message_ids") or []:
            stored = self.chats.get(chat_id, _int(message_id, 0))
            if stored is not None:
                stored.deleted = True
        return True

    # ------------------------------------------------------------------ callbacks

    async def answer_callback_query(self, params: Params) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self.factory.callback_queries:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if utf16_len(str(params.get("text") or "")) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self.callback_answers[query_id] = dict(params)
        return True

    # ------------------------------------------------------------------ files

    async def get_file(self, params: Params) -> dict[str, Any]:
        stored = self.files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise bad_request("invalid file_id")
        return stored.as_file()

    # ------------------------------------------------------------------ commands and profile

    async def set_my_commands(self, params: Params) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("too many commands")
        cleaned: list[dict[str, Any]] = []
        for command in commands:
            name = str((command or {}).get("command", "")).removeprefix("/")
            description = str((command or {}).get("description", ""))
            if not _COMMAND_RE.match(name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": name, "description": description})
        self._check_scope_chat(params.get("scope"))
        key = (scope_key(params.get("scope")), str(params.get("language_code") or ""))
        if cleaned:
            self.commands[key] = cleaned
        else:
            self.commands.pop(key, None)
        return True

    def _check_scope_chat(self, scope: Any) -> None:
        """Telegram refuses a chat scope for a chat the bot has never seen."""
        if isinstance(scope, dict) and "chat_id" in scope:
            try:
                chat_id = int(scope["chat_id"])
            except (TypeError, ValueError):
                raise bad_request("chat not found") from None
            if not self.chats.is_known(chat_id):
                raise bad_request("chat not found")

    async def delete_my_commands(self, params: Params) -> bool:
        self._check_scope_chat(params.get("scope"))
        key = (scope_key(params.get("scope")), str(params.get("language_code") or ""))
        self.commands.pop(key, None)
        return True

    async def get_my_commands(self, params: Params) -> list[dict[str, Any]]:
        key = (scope_key(params.get("scope")), str(params.get("language_code") or ""))
        return copy.deepcopy(self.commands.get(key, []))

    async def set_chat_menu_button(self, params: Params) -> bool:
        chat_id = None if params.get("chat_id") is None else self.target_chat(params)
        button = params.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in (
            "default",
            "commands",
            "web_app",
        ):
            raise bad_request("can't parse menu button JSON object")
        self.menu_buttons[chat_id] = button
        return True

    async def get_chat_menu_button(self, params: Params) -> dict[str, Any]:
        chat_id = None if params.get("chat_id") is None else self.target_chat(params)
        fallback = {"type": "commands"} if chat_id is None else {"type": "default"}
        return copy.deepcopy(self.menu_buttons.get(chat_id, fallback))

    def _profile_setter(self, field: str) -> Handler:
        async def setter(params: Params) -> bool:
            key = (field, str(params.get("language_code") or ""))
            value = params.get(field)
            if value:
                self.profile[key] = str(value)
            else:
                self.profile.pop(key, None)
            return True

        return setter

    def _profile_getter(self, field: str) -> Handler:
        async def getter(params: Params) -> dict[str, str]:
            language = str(params.get("language_code") or "")
            value = self.profile.get((field, language), self.profile.get((field, ""), ""))
            if field == "name" and not value:
                value = self.bot_user["first_name"]
            return {field: value}

        return getter


_MEDIA_DEFAULTS: dict[str, dict[str, Any]] = {
    "audio": {"duration": 1},
    "voice": {"duration": 1},
    "video": {"duration": 1, "width": 640, "height": 360},
    "animation": {"duration": 1, "width": 320, "height": 240},
    "video_note": {"duration": 1, "length": 240},
    "sticker": {
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    },
}


def _check_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse inline keyboard markup JSON object")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request(
                    'can\'t parse inline keyboard button: Field "text" must be of type String'
                )
            actions = INLINE_ACTIONS & set(button)
            if len(actions) != 1:
                raise bad_request(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if "callback_data" in button and not 1 <= len(str(data).encode()) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if "url" in button and not re.match(r"^(https?|tg)://\S+$", str(url)):
                raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _location(params: Params) -> dict[str, Any]:
    latitude, longitude = params.get("latitude"), params.get("longitude")
    if not isinstance(latitude, int | float) or not -90 <= latitude <= 90:
        raise bad_request("wrong latitude specified")
    if not isinstance(longitude, int | float) or not -180 <= longitude <= 180:
        raise bad_request("wrong longitude specified")
    return {"latitude": float(latitude), "longitude": float(longitude)}


def _photo_size(stored: StoredFile) -> dict[str, Any]:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
        "width": stored.width or 800,
        "height": stored.height or 600,
    }


def _content_of(message: dict[str, Any]) -> dict[str, Any]:
    skip = {"message_id", "from", "chat", "date", "edit_date", "reply_to_message", "reply_markup"}
    return {k: copy.deepcopy(v) for k, v in message.items() if k not in skip}


def _int(value: Any, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"invalid integer value {value!r}") from None


def _float(value: Any, default: float) -> float:
    if value is None or value == "":
        return default
    try:
        return float(value)
    except (TypeError, ValueError):
        raise bad_request(f"invalid number value {value!r}") from None

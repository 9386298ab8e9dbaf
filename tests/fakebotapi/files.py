"""Files known to the fake: uploads by the bot and files sent by members (for getFile)."""

from __future__ import annotations

import base64
import hashlib
import mimetypes
from dataclasses import dataclass
from typing import Any

_PREFIX = {
    "photo": "AgACAgUAAxkBAAI",
    "document": "BQACAgUAAxkBAAI",
    "sticker": "CAACAgUAAxkBAAI",
    "audio": "CQACAgUAAxkBAAI",
    "video": "BAACAgUAAxkBAAI",
    "voice": "AwACAgUAAxkBAAI",
    "animation": "CgACAgUAAxkBAAI",
    "video_note": "DQACAgUAAxkBAAI",
}
_FOLDER = {"photo": "photos", "document": "documents", "sticker": "stickers"}


@dataclass
class StoredFile:
    """One file and the identifiers Telegram gave it."""

    file_id: str
    file_unique_id: str
    kind: str
    content: bytes
    file_name: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None

    @property
    def file_path(self) -> str:
        folder = _FOLDER.get(self.kind, self.kind + "s")
        suffix = ""
        if self.file_name and "." in self.file_name:
            suffix = "." + self.file_name.rsplit(".", 1)[1]
        elif self.kind == "photo":
            suffix = ".jpg"
        return f"{folder}/file_{self.file_unique_id}{suffix}"

    def as_file(self) -> dict[str, Any]:
        """The ``File`` object returned by getFile."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            "file_path": self.file_path,
        }


class FileStore:
    """Hands out realistic-looking file ids and remembers the bytes behind them."""

    def __init__(self) -> None:
        self._count = 0
        self.by_id: dict[str, StoredFile] = {}
        self.by_path: dict[str, StoredFile] = {}

    def add(
        self,
        kind: str,
        content: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        width: int | None = None,
        height: int | None = None,
    ) -> StoredFile:
        self._count += 1
        digest = hashlib.sha256(f"{kind}:{self._count}".encode()).digest()
        token = base64.urlsafe_b64encode(digest).decode().rstrip("=")
        if mime_type is None and file_name:
            mime_type = mimetypes.guess_type(file_name)[0]
        stored = StoredFile(
            file_id=_PREFIX.get(kind, "BQACAgUAAxkBAAI") + token[:56],
            file_unique_id="AQAD" + token[:12],
            kind=kind,
            content=content,
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
        )
        self.by_id[stored.file_id] = stored
        self.by_path[stored.file_path] = stored
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        return self.by_id.get(file_id)


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str | None
    content: bytes


def image_size(content: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF or JPEG picture, when they can be read."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and len(content) >= 24:
        return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    if content[:6] in (b"GIF87a", b"GIF89a") and len(content) >= 10:
        return int.from_bytes(content[6:8], "little"), int.from_bytes(content[8:10], "little")
    if content.startswith(b"\xff\xd8"):
        index = 2
        while index + 9 < len(content):
            if content[index] != 0xFF:
                index += 1
                continue
            marker = content[index + 1]
            length = int.from_bytes(content[index + 2 : index + 4], "big")
            if marker in (0xC0, 0xC1, 0xC2):
                height = int.from_bytes(content[index + 5 : index + 7], "big")
                width = int.from_bytes(content[index + 7 : index + 9], "big")
                return width, height
            index += 2 + length
    return None

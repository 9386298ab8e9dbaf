"""Message formatting as Telegram's server does it: parse modes, entities, UTF-16 offsets.

Telegram answers with the *plain* text plus a list of entities whose offsets and
lengths count UTF-16 code units. A malformed HTML or MarkdownV2 text is refused
with ``400 Bad Request: can't parse entities: ...``, which is exactly the bug a
bot makes when it forgets to escape a member's input, so the fake refuses it too.
"""

from __future__ import annotations

import re
from typing import Any

Entity = dict[str, Any]

_ENTITY_PREFIX = "Bad Request: can't parse entities: "


class EntityParseError(ValueError):
    """A text that Telegram would refuse; ``description`` is the Bot API's wording."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.description = _ENTITY_PREFIX + reason


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


# --------------------------------------------------------------------------- HTML

_HTML_TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_HTML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ATTR_RE = re.compile(r"""\s*([a-zA-Z_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


class _Builder:
    """Collects plain text and entities while a parser walks the source."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0  # UTF-16 units written so far
        self.entities: list[Entity] = []

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.length += utf16_len(text)

    def close(self, entity: Entity, start: int) -> None:
        length = self.length - start
        if length > 0:
            self.entities.append({**entity, "offset": start, "length": length})

    def result(self) -> tuple[str, list[Entity]]:
        return "".join(self.parts), self.entities


def _html_entity(source: str, index: int) -> tuple[str, int]:
    """Decode the character reference at ``source[index] == '&'``; unknown ones stay text."""
    match = re.match(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);", source[index:])
    if match is None:
        return "&", index + 1
    name = match.group(1)
    if name.startswith(("#x", "#X")):
        return chr(int(name[2:], 16)), index + match.end()
    if name.startswith("#"):
        return chr(int(name[1:])), index + match.end()
    if name in _NAMED_HTML_ENTITIES:
        return _NAMED_HTML_ENTITIES[name], index + match.end()
    return "&", index + 1


def _html_start_tag(source: str, index: int, name: str, attrs_text: str) -> Entity:
    attrs = {
        m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
        for m in _ATTR_RE.finditer(attrs_text)
    }
    kind = _HTML_TAGS[name]
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise EntityParseError(
            f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(source, index)}'
        )
    if name == "a":
        href = attrs.get("href", "")
        if href.startswith("tg://user?id="):
            return {"type": "text_mention", "user": {"id": int(href.split("=", 1)[1] or 0)}}
        return {"type": "text_link", "url": href}
    if name == "code" and attrs.get("class", "").startswith("language-"):
        return {"type": "code", "language": attrs["class"][len("language-") :]}
    if name == "blockquote" and "expandable" in attrs:
        return {"type": "expandable_blockquote"}
    if name == "tg-emoji":
        return {"type": "custom_emoji", "custom_emoji_id": attrs.get("emoji-id", "")}
    return {"type": kind}


def parse_html(source: str) -> tuple[str, list[Entity]]:
    """Parse Telegram's HTML subset strictly, as the Bot API does."""
    out = _Builder()
    stack: list[tuple[str, Entity, int]] = []
    index = 0
    while index < len(source):
        char = source[index]
        if char == "&":
            decoded, index = _html_entity(source, index)
            out.write(decoded)
            continue
        if char != "<":
            out.write(char)
            index += 1
            continue
        end = source.find(">", index)
        if end < 0:
            raise EntityParseError(
                f"Unclosed start tag at byte offset {_byte_offset(source, index)}"
            )
        inner = source[index + 1 : end]
        if inner.startswith("/"):
            name = inner[1:].strip().lower()
            if not stack:
                raise EntityParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(source, index)}"
                )
            open_name, entity, start = stack.pop()
            if open_name != name:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(source, index)}, "
                    f'expected "</{open_name}>", found "</{name}>"'
                )
            _close_html(out, stack, entity, start)
        else:
            match = re.match(r"([a-zA-Z0-9-]*)(.*)", inner, re.S)
            assert match is not None
            name = match.group(1).lower()
            if name not in _HTML_TAGS:
                raise EntityParseError(
                    f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, index)}'
                )
            stack.append((name, _html_start_tag(source, index, name, match.group(2)), out.length))
        index = end + 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.result()


def _close_html(
    out: _Builder, stack: list[tuple[str, Entity, int]], entity: Entity, start: int
) -> None:
    """Close an entity; ``<pre><code class="language-x">`` becomes one ``pre`` with a language."""
    if entity["type"] == "code" and "language" in entity:
        if stack and stack[-1][1]["type"] == "pre":
            stack[-1][1]["language"] = entity["language"]
            return
        entity = {"type": "code"}
    out.close(entity, start)


# --------------------------------------------------------------------------- Markdown

_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MDV2_MARKERS = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
}


def _find_closing(source: str, start: int, marker: str, escapes: bool) -> int:
    index = start
    while index < len(source):
        if escapes and source[index] == "\\":
            index += 2
            continue
        if source.startswith(marker, index):
            return index
        index += 1
    return -1


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text, flags=re.S)


def _parse_code_span(source: str, index: int, out: _Builder, escapes: bool) -> int:
    """Write a ``code`` or ``pre`` span starting at ``source[index] == '`'``; return next index."""
    fence = "```" if source.startswith("```", index) else "`"
    end = _find_closing(source, index + len(fence), fence, escapes)
    if end < 0:
        raise EntityParseError(
            f"Can't find end of the entity starting at byte offset {_byte_offset(source, index)}"
        )
    body = source[index + len(fence) : end]
    if escapes:
        body = _unescape(body)
    entity: Entity = {"type": "code"}
    if fence == "```":
        entity = {"type": "pre"}
        first, newline, rest = body.partition("\n")
        if newline and first and " " not in first:
            entity["language"] = first
            body = rest
        elif newline and not first:
            body = rest
    start = out.length
    out.write(body)
    out.close(entity, start)
    return end + len(fence)


def _parse_link(source: str, index: int, escapes: bool) -> tuple[str, str, int] | None:
    """``[label](url)`` at ``index``: (label source, url, next index), or None."""
    close = _find_closing(source, index + 1, "]", escapes)
    if close < 0 or not source.startswith("(", close + 1):
        return None
    url_end = _find_closing(source, close + 2, ")", escapes)
    if url_end < 0:
        return None
    url = source[close + 2 : url_end]
    return source[index + 1 : close], _unescape(url) if escapes else url, url_end + 1


def parse_markdown_v2(source: str) -> tuple[str, list[Entity]]:
    """Parse MarkdownV2, refusing unescaped reserved characters like Telegram."""
    out = _Builder()
    _parse_mdv2_into(source, 0, len(source), out, stack=[])
    return out.result()


def _parse_mdv2_into(source: str, index: int, stop: int, out: _Builder, stack: list[str]) -> None:
    open_entities: list[tuple[str, int, int]] = []  # marker, output offset, source index
    at_line_start = index == 0 or source[index - 1] == "\n"
    quote_start: int | None = None
    while index < stop:
        char = source[index]
        if at_line_start and char == ">":
            quote_start = out.length if quote_start is None else quote_start
            index += 1
            at_line_start = False
            continue
        if at_line_start and quote_start is not None:
            out.close({"type": "blockquote"}, quote_start)
            quote_start = None
        at_line_start = char == "\n"
        if char == "\\":
            if index + 1 >= stop:
                raise EntityParseError("Character '\\' is reserved and must be escaped")
            out.write(source[index + 1])
            index += 2
            continue
        if char == "`":
            index = _parse_code_span(source, index, out, escapes=True)
            continue
        if char == "[":
            link = _parse_link(source, index, escapes=True)
            if link is None:
                raise EntityParseError(
                    "Character '[' is reserved and must be escaped with the preceding '\\'"
                )
            label, url, after = link
            start = out.length
            _parse_mdv2_into(source, index + 1, index + 1 + len(label), out, stack)
            out.close({"type": "text_link", "url": url}, start)
            index = after
            continue
        marker = source[index : index + 2] if source[index : index + 2] in ("__", "||") else char
        if marker in _MDV2_MARKERS:
            if open_entities and open_entities[-1][0] == marker:
                _, start, _ = open_entities.pop()
                out.close({"type": _MDV2_MARKERS[marker]}, start)
            else:
                open_entities.append((marker, out.length, index))
            index += len(marker)
            continue
        if char in _MDV2_RESERVED:
            raise EntityParseError(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        out.write(char)
        index += 1
    if quote_start is not None:
        out.close({"type": "blockquote"}, quote_start)
    if open_entities:
        raise EntityParseError(
            "Can't find end of the entity starting at byte offset "
            f"{_byte_offset(source, open_entities[-1][2])}"
        )


def parse_markdown(source: str) -> tuple[str, list[Entity]]:
    """Parse the legacy Markdown mode: *bold*, _italic_, `code`, ```pre```, [text](url)."""
    out = _Builder()
    index = 0
    markers = {"*": "bold", "_": "italic"}
    while index < len(source):
        char = source[index]
        if char == "`":
            index = _parse_code_span(source, index, out, escapes=False)
        elif char == "[":
            link = _parse_link(source, index, escapes=False)
            if link is None:
                raise EntityParseError(
                    "Can't find end of the entity starting at byte offset "
                    f"{_byte_offset(source, index)}"
                )
            label, url, index = link
            start = out.length
            out.write(label)
            out.close({"type": "text_link", "url": url}, start)
        elif char in markers:
            end = source.find(char, index + 1)
            if end < 0:
                raise EntityParseError(
                    "Can't find end of the entity starting at byte offset "
                    f"{_byte_offset(source, index)}"
                )
            start = out.length
            out.write(source[index + 1 : end])
            out.close({"type": markers[char]}, start)
            index = end + 1
        elif char == "\\" and index + 1 < len(source) and source[index + 1] in "*_`[":
            out.write(source[index + 1])
            index += 2
        else:
            out.write(char)
            index += 1
    return out.result()


# --------------------------------------------------------------------------- detection

_AUTO_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("url", re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]'，。！？]")),
    ("email", re.compile(r"(?<![\w.@])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    ("bot_command", re.compile(r"(?<![^\s])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])")),
    ("mention", re.compile(r"(?<![\w@/])@[A-Za-z][A-Za-z0-9_]{3,31}(?![\w@])")),
    ("hashtag", re.compile(r"(?<![\w#&/])#\w*[^\W\d]\w*")),
)
_OPAQUE = {"code", "pre", "text_link", "url", "email", "text_mention"}


def _overlaps(start: int, end: int, entity: Entity) -> bool:
    offset, length = int(entity["offset"]), int(entity["length"])
    return start < offset + length and offset < end


def detect_entities(text: str, existing: list[Entity] | None = None) -> list[Entity]:
    """Entities Telegram adds by itself (commands, links, mentions...), merged and sorted."""
    entities = list(existing or [])
    blocked = [e for e in entities if e["type"] in _OPAQUE]
    for kind, pattern in _AUTO_PATTERNS:
        for match in pattern.finditer(text):
            start = utf16_len(text[: match.start()])
            end = start + utf16_len(match.group(0))
            if any(_overlaps(start, end, e) for e in blocked):
                continue
            entity = {"type": kind, "offset": start, "length": end - start}
            entities.append(entity)
            blocked.append(entity)
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def strip_text(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Trim surrounding whitespace as Telegram does, shifting and clipping entities."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    total = utf16_len(stripped)
    kept: list[Entity] = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


def format_text(
    text: str, parse_mode: str | None, entities: list[Entity] | None
) -> tuple[str, list[Entity]]:
    """What Telegram stores for ``text`` sent with ``parse_mode`` or explicit ``entities``."""
    if entities is not None:
        plain, parsed = text, list(entities)
    elif parse_mode is None or parse_mode == "":
        plain, parsed = text, []
    else:
        mode = parse_mode.lower()
        if mode == "html":
            plain, parsed = parse_html(text)
        elif mode == "markdownv2":
            plain, parsed = parse_markdown_v2(text)
        elif mode == "markdown":
            plain, parsed = parse_markdown(text)
        else:
            raise EntityParseError(f"Unsupported parse_mode {parse_mode!r}")
    plain, parsed = strip_text(plain, parsed)
    return plain, detect_entities(plain, parsed)


def message_entities_for_user_text(text: str) -> list[Entity]:
    """Entities a Telegram client's message gets: leading /command, links, mentions."""
    return detect_entities(text)

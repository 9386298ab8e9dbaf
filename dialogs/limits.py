"""How much text one message may hold, and a long reply packed into messages within it.

Telegram counts a message's length in UTF-16 code units (an emoji outside the BMP counts
twice): at most 4,096 for a text, 1,024 for a photo's caption. The console has no
limit, but every channel gets the same messages, so the core keeps to the narrowest one.
Input is bounded per step (``Step.max_text``): 1,000 characters is longer than any
answer a form asks for; a step that takes a whole notice declares more.
"""

from __future__ import annotations

from collections.abc import Sequence

MESSAGE_MAX = 4096  # a text message
CAPTION_MAX = 1024  # a photo's caption
INPUT_MAX = 1000  # what a step accepts unless it declares otherwise


def units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def fits(text: str, limit: int) -> bool:
    # A code point is at most two units: most texts are decided without counting.
    return len(text) * 2 <= limit or units(text) <= limit


def pack(parts: Sequence[str], limit: int = MESSAGE_MAX) -> list[str]:
    """The parts joined by line breaks, as few messages as fit ``limit`` each.

    Messages break between parts, so a part that fits one message (a notice as members
    get it) is never cut; a longer part is cut between lines, a longer line where it must.
    """
    whole = "\n".join(parts)
    if fits(whole, limit):
        return [whole] if whole.strip() else []
    return _join([piece for part in parts for piece in _cut(part, limit)], limit)


def _cut(part: str, limit: int) -> list[str]:
    if fits(part, limit):
        return [part]
    return _join([piece for line in part.split("\n") for piece in _hard_cut(line, limit)],
                 limit)


def _join(pieces: list[str], limit: int) -> list[str]:
    """Pieces (each within ``limit``) joined by line breaks while the message fits."""
    chunks: list[str] = []
    current: str | None = None
    for piece in pieces:
        joined = piece if current is None else f"{current}\n{piece}"
        if current is not None and not fits(joined, limit):
            chunks.append(current)
            joined = piece
        current = joined
    if current is not None:
        chunks.append(current)
    return [c for c in chunks if c.strip()]  # Telegram refuses a blank message


def _hard_cut(line: str, limit: int) -> list[str]:
    """A line longer than a message, cut at the limit (never inside a character)."""
    if fits(line, limit):
        return [line]
    pieces: list[str] = []
    start = count = 0
    for index, char in enumerate(line):
        width = 2 if ord(char) > 0xFFFF else 1
        if count + width > limit:
            pieces.append(line[start:index])
            start, count = index, 0
        count += width
    pieces.append(line[start:])
    return pieces

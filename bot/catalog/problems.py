"""A mistake in a catalogue file, with its place: what ``unionbot catalog check`` prints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.catalog.messages import Arg, Message
from bot.catalog.source import NodePath, SourceMap


@dataclass(frozen=True, slots=True)
class Problem:
    """``path`` reads like ``programmes[2].tiers[0].cap.max``; line and column are 1-based."""

    path: str
    line: int
    column: int
    key: str
    args: Mapping[str, Arg] = field(default_factory=dict)

    @property
    def message(self) -> Message:
        return Message(self.key, self.args)


def dotted(path: NodePath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def problem_at(
    smap: SourceMap, path: NodePath, key: str, *, on_key: bool = False, **args: Arg
) -> Problem:
    """A problem placed at ``path`` (at its key rather than its value when ``on_key``)."""
    position = smap.at(path, key=on_key)
    return Problem(dotted(path), position.line, position.column, key, args)


class CatalogError(Exception):
    """Raised by ``load_or_raise``: the bot refuses to start and lists what is wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the catalogue")
        self.problems = problems

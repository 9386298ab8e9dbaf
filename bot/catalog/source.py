"""Where every node of the catalogue sits in its file: ``SourceMap`` keyed by node path.

bot/catalog/roundtrip.py fills it while reading (ruamel.yaml); the checks only look
places up here, so they never touch ruamel objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NodePath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column, as editors and compilers show them."""

    line: int
    column: int


@dataclass(slots=True)
class SourceMap:
    values: dict[NodePath, Position] = field(default_factory=dict)
    keys: dict[NodePath, Position] = field(default_factory=dict)

    def at(self, path: NodePath, *, key: bool = False) -> Position:
        """Where ``path`` is; the nearest existing ancestor when the node is missing."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return Position(1, 1)


class YamlSyntaxError(Exception):
    """``duplicate_key`` names the repeated key when that is the error (else None)."""

    def __init__(self, position: Position, detail: str, duplicate_key: str | None) -> None:
        super().__init__(detail)
        self.position = position
        self.detail = detail
        self.duplicate_key = duplicate_key

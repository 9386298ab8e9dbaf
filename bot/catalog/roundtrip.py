"""Read YAML into plain Python data and remember where every node sits in the file.

ruamel.yaml's round-trip loader keeps line and column for each key and value; we copy
them into a ``SourceMap`` keyed by the node's path, so every later check can point at
the exact line without keeping ruamel objects around. Floats become Decimal through
their shortest text (4.35 stays 4.35, not 4.3499999...).

Imported only when places are needed (``unionbot catalog check``, a catalogue with a
problem, or one the fast reader of bot/catalog/fast_yaml.py does not vouch for).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.scalarbool import ScalarBoolean

from bot.catalog.source import NodePath, Position, SourceMap, YamlSyntaxError


def read_yaml(text: str) -> tuple[Any, SourceMap]:
    """Parse ``text``; raise ``YamlSyntaxError`` with the place of the first syntax error."""
    yaml = YAML(typ="rt")
    try:
        root = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
        detail = exc.problem or exc.context or str(exc)
        duplicate = None
        if isinstance(exc, DuplicateKeyError):
            found = re.search(r'duplicate key "(.*?)"', detail)
            duplicate = found.group(1) if found else detail
        raise YamlSyntaxError(position, detail, duplicate) from exc
    except YAMLError as exc:
        raise YamlSyntaxError(Position(1, 1), str(exc), None) from exc
    except ValueError as exc:
        # ruamel builds dates with datetime.date(), which rejects 2025-13-01 with a bare
        # ValueError and no place: find the impossible date ourselves.
        raise YamlSyntaxError(_bad_date(text), str(exc), None) from exc
    smap = SourceMap()
    smap.values[()] = Position(1, 1)
    return _plain(root, (), smap), smap


def _bad_date(text: str) -> Position:
    stack = [YAML(typ="rt").compose(text)]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            tag = str(getattr(node.tag, "value", node.tag) or "")
            if tag.endswith("timestamp") and not _valid_date(node.value):
                return Position(node.start_mark.line + 1, node.start_mark.column + 1)
        elif isinstance(node, MappingNode):
            stack.extend(v for pair in reversed(node.value) for v in reversed(pair))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))
    return Position(1, 1)


def _valid_date(value: str) -> bool:
    found = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if found is None:
        return False
    try:
        date(*(int(part) for part in found.groups()))
    except ValueError:
        return False
    return True


def _plain(node: Any, path: NodePath, smap: SourceMap) -> Any:
    if isinstance(node, CommentedMap):
        return _plain_map(node, path, smap)
    if isinstance(node, CommentedSeq):
        out_list = []
        for index, item in enumerate(node):
            line, col = node.lc.item(index)
            smap.values[(*path, index)] = Position(line + 1, col + 1)
            out_list.append(_plain(item, (*path, index), smap))
        return out_list
    return _scalar(node)


def _plain_map(node: CommentedMap, path: NodePath, smap: SourceMap) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for raw_key, value in node.items():
        key = _scalar(raw_key)
        child = (*path, key)
        parent = smap.values.get(path, Position(1, 1))
        smap.keys[child] = _place(node.lc.key, raw_key, parent)
        smap.values[child] = _place(node.lc.value, raw_key, parent)
        out[key] = _plain(value, child, smap)
    return out


def _place(lookup: Any, raw_key: Any, parent: Position) -> Position:
    try:
        line, col = lookup(raw_key)
    except (KeyError, TypeError):
        # Keys merged in from an anchor (<<: *x) have no place of their own.
        return parent
    return Position(line + 1, col + 1)


def _scalar(node: Any) -> Any:
    # ruamel hands out subclasses (ScalarFloat, ScalarInt, ...); plain types keep
    # pydantic's error messages simple.
    if node is None or isinstance(node, bool):
        return node
    if isinstance(node, ScalarBoolean):
        return bool(node)
    if isinstance(node, float):
        return Decimal(repr(float(node)))
    if isinstance(node, int):
        return int(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, date):
        return node
    return str(getattr(node, "value", node))

"""The catalogue's plain data through libyaml (PyYAML's C loader), for starting the bot.

The round-trip reader (bot/catalog/roundtrip.py, ruamel) remembers where every node
sits, which `unionbot catalog check` and every problem report need, but takes ≈ 0.3 s
for the sample catalogue at each start; libyaml takes ≈ 0.02 s. This reader must give
exactly the data the round-trip reader gives, or nothing: it resolves plain scalars by
the same YAML 1.2 rules as ruamel, and whenever a document uses something whose
meaning the two libraries might not share (a merge key, a duplicate key, a tag, a
number written in an unusual form, a directive) it answers None and the caller reads
the file the slow way.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

try:
    from yaml import CSafeLoader, MappingNode, SequenceNode
    from yaml import YAMLError as _YAMLError
except ImportError:  # no PyYAML, or one built without libyaml: always the slow way
    CSafeLoader = None

# ruamel.yaml's implicit resolvers for YAML 1.2 (ruamel/yaml/resolver.py), in its order:
# the first match wins, so "1e3" is a float and "yes" or "0:30" stay text.
_RESOLVERS = (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("float", r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""", "-+0123456789."),
    ("int", r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""", "-+0123456789"),
    ("merge", r"^(?:<<)$", "<"),
    ("null", r"^(?: ~ |null|Null|NULL | )$", ["~", "n", "N", ""]),
    ("timestamp", r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", "0123456789"),
    ("value", r"^(?:=)$", "="),
)
_TAG = "tag:yaml.org,2002:"

# The only spellings taken here; anything else a resolver matched ("0x1F", "1_000",
# "017", ".inf", a time of day) is left to ruamel, whose reading is the reference.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(
    r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")
_PLAIN_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DIRECTIVE = re.compile(r"^%", re.M)  # %YAML 1.1 would change how scalars resolve


class _Unsure(Exception):
    """The document uses something this reader does not vouch for."""


def _unsure(_loader: Any, _node: Any) -> Any:
    raise _Unsure


def _bool(loader: Any, node: Any) -> bool:
    return str(loader.construct_scalar(node)).lower() == "true"


def _null(_loader: Any, _node: Any) -> None:
    return None


def _int(loader: Any, node: Any) -> int:
    text = loader.construct_scalar(node)
    if not _PLAIN_INT.fullmatch(text):
        raise _Unsure
    return int(text)


def _float(loader: Any, node: Any) -> Decimal:
    text = loader.construct_scalar(node)
    if not _PLAIN_FLOAT.fullmatch(text):
        raise _Unsure
    # As the round-trip reader does: through the float's shortest text, so 4.35 stays 4.35.
    return Decimal(repr(float(text)))


def _date(loader: Any, node: Any) -> date:
    found = _PLAIN_DATE.fullmatch(loader.construct_scalar(node))
    if found is None:
        raise _Unsure
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:  # 2025-13-01: the round-trip reader says where
        raise _Unsure from None


def _mapping(loader: Any, node: Any) -> dict[Any, Any]:
    if not isinstance(node, MappingNode):
        raise _Unsure
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag == _TAG + "merge":
            raise _Unsure
        key = loader.construct_object(key_node, deep=True)
        if key in out:  # ruamel rejects a duplicate key; PyYAML would keep the last
            raise _Unsure
        out[key] = loader.construct_object(value_node, deep=True)
    return out


def _sequence(loader: Any, node: Any) -> list[Any]:
    if not isinstance(node, SequenceNode):
        raise _Unsure
    return [loader.construct_object(child, deep=True) for child in node.value]


def _loader_class() -> Any:
    if CSafeLoader is None:
        return None

    class Loader(CSafeLoader):  # type: ignore[misc, valid-type]
        yaml_implicit_resolvers: dict[Any, Any] = {}
        yaml_constructors: dict[Any, Any] = {}

    for name, pattern, first in _RESOLVERS:
        Loader.add_implicit_resolver(_TAG + name, re.compile(pattern, re.X), list(first))
    for name, construct in (("bool", _bool), ("null", _null), ("int", _int), ("float", _float),
                            ("timestamp", _date), ("str", CSafeLoader.construct_yaml_str),
                            ("map", _mapping), ("seq", _sequence)):
        Loader.add_constructor(_TAG + name, construct)
    Loader.add_constructor(None, _unsure)  # any other tag: merge, value, !!set, !custom ...
    return Loader


_LOADER = _loader_class()


def available() -> bool:
    """Whether the fast reader can be used at all (PyYAML with libyaml installed)."""
    return _LOADER is not None


def read_plain(text: str) -> tuple[bool, Any]:
    """``(True, data)`` when the document is read exactly as the round-trip reader would
    read it; ``(False, None)`` when the round-trip reader must decide (also on any error)."""
    if _LOADER is None or _DIRECTIVE.search(text):
        return False, None
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:  # an empty document: the round-trip reader says so
            return False, None
        return True, loader.construct_document(node)
    except (_Unsure, _YAMLError, ValueError, TypeError, RecursionError):
        return False, None
    finally:
        loader.dispose()

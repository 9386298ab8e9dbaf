"""Turn pydantic's validation errors into problems placed on the right YAML line."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from bot.catalog.messages import Arg, ListOf, Message
from bot.catalog.problems import Problem, problem_at
from bot.catalog.schema import RULE_TAGS
from bot.catalog.source import NodePath, SourceMap

CODE_PATTERN = r"^[a-z][a-z0-9_]*$"

# pydantic error-type prefixes → the kind of value the field expects.
EXPECTED_TYPES: tuple[tuple[str, str], ...] = (
    ("int_", "integer"),
    ("decimal_", "number"),
    ("float_", "number"),
    ("finite_number", "number"),
    ("bool_", "yes-no"),
    ("string_type", "text"),
    ("date_", "date"),
    ("list_", "list"),
    ("dict_", "mapping"),
    ("model_", "mapping"),
    ("bad_condition", "condition"),
)


def problems_from(error: ValidationError, data: Any, smap: SourceMap) -> list[Problem]:
    seen: set[tuple[NodePath, str]] = set()
    out: list[Problem] = []
    for detail in error.errors():
        path = node_path(data, detail["loc"])
        problem = _problem(detail, path, smap)
        if (path, problem.key) not in seen:
            seen.add((path, problem.key))
            out.append(problem)
    return out


def node_path(data: Any, loc: tuple[int | str, ...]) -> NodePath:
    """Follow pydantic's ``loc`` through the data; skip its own segments (union tags)."""
    node, path = data, []
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            continue
        path.append(part)
    return tuple(path)


def _problem(detail: ErrorDetails, path: NodePath, smap: SourceMap) -> Problem:
    kind, ctx = detail["type"], detail.get("ctx") or {}
    name = _field_name(detail["loc"], path)
    if kind == "extra_forbidden":
        return problem_at(smap, path, "catalog-problem-unknown-field", on_key=True, field=name)
    if kind == "missing":
        return problem_at(smap, path, "catalog-problem-missing-field", field=str(detail["loc"][-1]))
    if kind == "union_tag_not_found":
        field = str(ctx.get("discriminator", "")).strip("'")
        return problem_at(smap, path, "catalog-problem-missing-field", field=field)
    if kind == "union_tag_invalid":
        # Point at the tag itself ("kind: fixd"), not at the mapping holding it.
        field = str(ctx.get("discriminator", "")).strip("'")
        return problem_at(
            smap,
            (*path, field),
            "catalog-problem-not-allowed",
            field=field,
            value=str(ctx.get("tag")),
            allowed=_quoted(ctx.get("expected_tags")),
        )
    if kind == "unknown_rule":
        return _rule_problem(detail["input"], path, smap)
    if kind == "literal_error":
        return problem_at(
            smap,
            path,
            "catalog-problem-not-allowed",
            field=name,
            value=str(detail["input"]),
            allowed=_quoted(ctx.get("expected")),
        )
    if kind == "string_pattern_mismatch":
        key = (
            "catalog-problem-bad-code"
            if ctx.get("pattern") == CODE_PATTERN
            else ("catalog-problem-bad-format")
        )
        return problem_at(smap, path, key, field=name, value=str(detail["input"]))
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        return problem_at(smap, path, "catalog-problem-too-small", field=name, limit=str(limit))
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        return problem_at(smap, path, "catalog-problem-too-large", field=name, limit=str(limit))
    if kind in ("too_short", "string_too_short"):
        return problem_at(smap, path, "catalog-problem-empty", field=name)
    expected = _expected(kind)
    if expected is not None:
        return problem_at(
            smap,
            path,
            "catalog-problem-wrong-type",
            field=name,
            expected=Message(f"catalog-type-{expected}"),
        )
    return problem_at(smap, path, "catalog-problem-invalid", field=name, detail=detail["msg"])


def _rule_problem(value: Any, path: NodePath, smap: SourceMap) -> Problem:
    allowed = ListOf(tuple(RULE_TAGS))
    if isinstance(value, dict) and len(value) > 1:
        return problem_at(
            smap,
            path,
            "catalog-problem-rule-one-key",
            found=ListOf(tuple(str(k) for k in value), "and"),
        )
    if isinstance(value, dict) and value:
        rule = str(next(iter(value)))
        return problem_at(
            smap,
            (*path, rule),
            "catalog-problem-unknown-rule",
            on_key=True,
            rule=rule,
            allowed=allowed,
        )
    return problem_at(
        smap,
        path,
        "catalog-problem-wrong-type",
        field=_last_name(path),
        expected=Message("catalog-type-rule"),
    )


def _expected(kind: str) -> str | None:
    return next((name for prefix, name in EXPECTED_TYPES if kind.startswith(prefix)), None)


def _quoted(text: object) -> Arg:
    # pydantic lists the allowed values as "'a', 'b' or 'c'"; keep only the values.
    return ListOf(tuple(re.findall(r"'([^']*)'", str(text or ""))))


def _field_name(loc: tuple[int | str, ...], path: NodePath) -> str:
    if path:
        return _last_name(path)
    return str(loc[-1]) if loc else ""


def _last_name(path: NodePath) -> str:
    names = [p for p in path if isinstance(p, str)]
    indexes = "".join(f"[{p}]" for p in path[len(path) - _trailing_ints(path) :])
    return (names[-1] if names else "") + indexes


def _trailing_ints(path: NodePath) -> int:
    count = 0
    for part in reversed(path):
        if not isinstance(part, int):
            break
        count += 1
    return count

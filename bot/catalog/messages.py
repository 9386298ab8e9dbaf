"""Messages as (Fluent key, args): the catalogue never builds a sentence itself.

Arguments may be plain values or one of the small wrappers below; ``render_message``
turns every wrapper into text first, so any renderer that takes ``(key, args)`` with
plain strings and integers can show them (the lead's Fluent translator, or
``fallback_render`` in tests and on a bare command line).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, Protocol, runtime_checkable

Render = Callable[[str, Mapping[str, object]], str]


@runtime_checkable
class Localised(Protocol):
    """Text given per language in the catalogue file (programme, tier, question names)."""

    def in_lang(self, lang: str) -> str: ...


@dataclass(frozen=True, slots=True)
class Amount:
    """A sum of money in yuan, shown with thousands separators (100,000)."""

    value: Decimal

    def __str__(self) -> str:
        if self.value == self.value.to_integral_value():
            return f"{int(self.value):,}"
        return f"{self.value:,.2f}"


@dataclass(frozen=True, slots=True)
class Rate:
    """A rate in percent per year, shown with 2 to 4 decimals (3.50, 4.785, 3.6975)."""

    value: Decimal

    def __str__(self) -> str:
        # Banks quote rates with two decimals at least; derived rates may need four.
        text = f"{self.value:.4f}".rstrip("0")
        whole, _, frac = text.partition(".")
        return f"{whole}.{frac.ljust(2, '0')}"


@dataclass(frozen=True, slots=True)
class ListOf:
    """Alternatives ("A, B or C") or a conjunction ("A and B"), joined in the member's language."""

    items: tuple[Arg, ...]
    joiner: Literal["or", "and"] = "or"


@dataclass(frozen=True, slots=True)
class Message:
    """A Fluent key with its arguments; rendered at the edge, in the member's language."""

    key: str
    args: Mapping[str, Arg] = field(default_factory=dict)


Arg = str | int | date | Amount | Rate | ListOf | Message | Localised
Plain = str | int | date


def render_message(message: Message, render: Render, lang: str) -> str:
    """Render ``message``, resolving nested messages, lists and per-language names first."""
    return render(message.key, {k: _resolve(v, render, lang) for k, v in message.args.items()})


def _resolve(value: Arg, render: Render, lang: str) -> Plain:
    if isinstance(value, Message):
        return render_message(value, render, lang)
    if isinstance(value, ListOf):
        return _join(value, render, lang)
    if isinstance(value, Amount | Rate):
        return str(value)
    if isinstance(value, str | int | date):
        return value
    return value.in_lang(lang)


def _join(items: ListOf, render: Render, lang: str) -> str:
    parts = [str(_resolve(item, render, lang)) for item in items.items]
    if len(parts) <= 1:
        return "".join(parts)
    # The separator and the last joiner differ per language (、/或 against , / or).
    head = render("catalog-list-sep", {}).join(parts[:-1])
    return render(f"catalog-list-{items.joiner}", {"head": head, "last": parts[-1]})


def fallback_render(key: str, args: Mapping[str, object]) -> str:
    """Key and arguments as they are: for tests and when no Fluent bundle is at hand."""
    if key == "catalog-list-sep":
        return ", "
    if not args:
        return key
    inner = ", ".join(f"{name}={value}" for name, value in args.items())
    return f"{key}({inner})"

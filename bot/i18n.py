"""Fluent catalogues: every text a person reads comes from bot/locales/<lang>/*.ftl."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

from dialogs.model import Msg

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).parent / "locales"
DEFAULT_LOCALE = "zh-CN"
LOCALES = ("zh-CN", "en")


def pick_locale(language_code: str | None) -> str:
    """Chinese first: only an explicit English client gets English by default."""
    if language_code and language_code.lower().startswith("en"):
        return "en"
    return DEFAULT_LOCALE


def _plain(value: Any) -> Any:
    # Fluent would group digits ("123,456") even in ids and codes; numbers are formatted
    # by the code that knows what they mean, so Fluent only ever sees text.
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | Decimal | float):
        return str(value)
    return value


class Translator:
    """Renders message keys for one process; bundles are built once at start."""

    def __init__(self, root: Path = LOCALES_DIR) -> None:
        self._bundles: dict[str, FluentBundle] = {}
        self.keys: dict[str, frozenset[str]] = {}
        for locale in LOCALES:
            bundle = FluentBundle([locale], use_isolating=False)
            for path in sorted((root / locale).glob("*.ftl")):
                bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
            self._bundles[locale] = bundle
            self.keys[locale] = frozenset(bundle._messages)  # noqa: SLF001

    def has(self, key: str, locale: str = DEFAULT_LOCALE) -> bool:
        return key in self.keys[locale]

    def __call__(self, locale: str, key: str, args: Mapping[str, Any] | None = None) -> str:
        bundle = self._bundles.get(locale) or self._bundles[DEFAULT_LOCALE]
        if not bundle.has_message(key):
            log.error("missing locale key %s in %s", key, locale)
            return key
        message = bundle.get_message(key)
        resolved = {k: self.render(locale, v) if isinstance(v, Msg) else _plain(v)
                    for k, v in (args or {}).items()}
        text, errors = bundle.format_pattern(message.value, resolved)
        if errors:
            log.error("locale %s key %s: %s", locale, key, errors)
        return text

    def render(self, locale: str, m: Msg | str) -> str:
        if isinstance(m, str):
            return m
        return self(locale, m.key, m.args)

    def join(self, locale: str, parts: tuple[Msg, ...]) -> str:
        return "\n".join(self.render(locale, p) for p in parts)

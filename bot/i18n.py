"""Fluent catalogues: every text a person reads comes from bot/locales/<lang>/*.ftl."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import babel
from babel.plural import PluralRule
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import ast as ftl
from fluent.syntax.visitor import Visitor

from dialogs.model import Msg

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).parent / "locales"
DEFAULT_LOCALE = "zh-CN"
LOCALES = ("zh-CN", "en")

# What babel.Locale.parse makes of our languages, and their CLDR plural rules
# (tests/test_locales.py compares both with babel's data).
BABEL_LOCALES = {"zh-CN": "zh_Hans_CN", "en": "en"}
PLURAL_RULES: dict[str, dict[str, str]] = {"zh-CN": {}, "en": {"one": "i in 1 and v in 0"}}

# In Fluent only an entry (message, term) or a comment starts at column 0; every line of a
# message after its first is indented or is a `}`, `[`, `*` or `.` line.
_ENTRY = re.compile(r"^(-?[a-zA-Z][a-zA-Z0-9_-]*)[ \t]*=")


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


def split_entries(text: str) -> dict[str, str]:
    """Source text of each message and term (``-name``) in a .ftl file, by id.

    Parsing all ≈ 800 messages of a language takes ≈ 0.2 s and 4 MiB, and a process uses a
    few dozen of them, so each message is parsed on its first use. The first entry of an
    id wins, as in FluentBundle.
    """
    entries: dict[str, str] = {}
    entry_id: str | None = None
    lines: list[str] = []
    for line in [*text.splitlines(keepends=True), "#"]:
        first = line[:1]
        if first.isalpha() or first in "-#":  # column 0: an entry, a comment or junk
            if entry_id is not None:
                entries.setdefault(entry_id, "".join(lines))
            found = _ENTRY.match(line)
            entry_id, lines = (found.group(1) if found else None), []
        if entry_id is not None:
            lines.append(line)
    return entries


class _Locale(babel.Locale):
    """A babel locale that knows its plural rules without reading babel's CLDR data.

    FluentBundle asks for the plural rules when it is made; babel answers by loading its
    global and per-language data (≈ 5 MiB and 30 ms for our two languages). Fluent needs
    the rest of that data only to format numbers and dates, and it never gets any: see
    ``_plain``. Should it ever, babel loads the data then, as usual.
    """

    def __init__(self, locale: str) -> None:
        language, territory, script, variant = babel.core.parse_locale(BABEL_LOCALES[locale])
        super().__init__(language, territory, script, variant)
        self.rules = PLURAL_RULES[locale]

    @property
    def plural_form(self) -> PluralRule:
        return PluralRule(self.rules)


class _Bundle(FluentBundle):
    def _get_babel_locale(self) -> babel.Locale:
        return _Locale(self.locales[0])


class _References(Visitor):
    """Ids of the messages and terms a parsed entry refers to."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def visit_MessageReference(self, node: ftl.MessageReference) -> None:  # noqa: N802
        self.ids.append(node.id.name)

    def visit_TermReference(self, node: ftl.TermReference) -> None:  # noqa: N802
        self.ids.append(f"-{node.id.name}")


class _Language:
    """One locale's bundle, filled message by message from the files' source text."""

    def __init__(self, locale: str, root: Path) -> None:
        self.entries: dict[str, str] = {}
        for path in sorted((root / locale).glob("*.ftl")):
            for entry_id, source in split_entries(path.read_text(encoding="utf-8")).items():
                self.entries.setdefault(entry_id, source)
        self.keys = frozenset(k for k in self.entries if not k.startswith("-"))
        self.bundle = _Bundle([locale], use_isolating=False)
        self._parsed: set[str] = set()

    def ensure(self, entry_id: str) -> bool:
        """Parse ``entry_id`` and what it refers to into the bundle; False if it is broken."""
        pending = [entry_id]
        while pending:
            current = pending.pop()
            if current in self._parsed or current not in self.entries:
                continue
            self._parsed.add(current)
            resource = FluentResource(self.entries[current])
            junk = [e for e in resource.body if isinstance(e, ftl.Junk)]
            if junk:
                log.error("locale %s key %s does not parse: %s", self.bundle.locales[0],
                          current, [a.message for j in junk for a in j.annotations])
                continue
            self.bundle.add_resource(resource)
            refs = _References()
            refs.visit(resource)
            pending += refs.ids
        return self.bundle.has_message(entry_id)


class _Keys(Mapping[str, frozenset[str]]):
    """``translator.keys[locale]``: the message ids of a locale, read when asked for."""

    def __init__(self, translator: Translator) -> None:
        self._t = translator

    def __getitem__(self, locale: str) -> frozenset[str]:
        if locale not in LOCALES:
            raise KeyError(locale)
        return self._t.language(locale).keys

    def __iter__(self) -> Iterator[str]:
        return iter(LOCALES)

    def __len__(self) -> int:
        return len(LOCALES)


class Translator:
    """Renders message keys for one process. A language is read on its first use and
    each message parsed on its first use (most members never see English)."""

    def __init__(self, root: Path = LOCALES_DIR) -> None:
        self._root = root
        self._languages: dict[str, _Language] = {}
        self.keys: Mapping[str, frozenset[str]] = _Keys(self)

    def language(self, locale: str) -> _Language:
        found = self._languages.get(locale)
        if found is None:
            found = self._languages[locale] = _Language(locale, self._root)
        return found

    def has(self, key: str, locale: str = DEFAULT_LOCALE) -> bool:
        return key in self.keys[locale]

    def __call__(self, locale: str, key: str, args: Mapping[str, Any] | None = None) -> str:
        language = self.language(locale if locale in LOCALES else DEFAULT_LOCALE)
        if not language.ensure(key):
            log.error("missing locale key %s in %s", key, locale)
            return key
        bundle = language.bundle
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

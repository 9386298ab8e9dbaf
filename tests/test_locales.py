"""Every key the code uses exists in both languages, and both languages have the same keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.app import MEMBER_COMMANDS
from bot.i18n import BABEL_LOCALES, LOCALES, PLURAL_RULES, Translator, split_entries
from bot.stations.amenities import AMENITY_CODES, label_key
from dialogs import calculator, loans, profile
from dialogs.model import KeyboardKind, Kind

ROOT = Path(__file__).resolve().parents[1]
# Literal keys handed to msg()/Msg()/Invalid()/t(), or named as step and flow texts.
LITERAL = re.compile(
    r"""(?:\bmsg|\bMsg|\bInvalid|\bInputError|\bAmountError|\bt|title|wrong_kind|key)\(?\s*=?\s*"""
    r"""(?:locale,\s*|ctx\.locale,\s*|loc,\s*|settings\.cli_locale,\s*)?"([a-z][a-z0-9_-]+)\""""
)


def used_keys() -> set[str]:
    keys: set[str] = set()
    for package in ("bot", "dialogs", "handlers"):
        for path in (ROOT / package).rglob("*.py"):
            keys |= set(LITERAL.findall(path.read_text(encoding="utf-8")))
    return {k for k in keys if "-" in k}


def family_keys() -> set[str]:
    """Keys the code builds from a code list (f"occupation-{code}" and the like)."""
    keys = {f"occupation-{o}" for o in profile.OCCUPATIONS}
    keys |= {f"title-{t}" for t in profile.TITLES}
    keys |= {f"title-labour_model_{lv}" for lv in profile.LEVELS}
    keys |= {f"level-{lv}" for lv in profile.LEVELS}
    keys |= {f"profile-edit-{f}" for f in profile.FIELDS}
    keys |= {f"cmd-{c}" for c in MEMBER_COMMANDS}
    keys |= {f"menu-{c}" for c in MEMBER_COMMANDS if c not in ("start", "cancel", "forget")}
    keys |= {f"received-{k.value}" for k in (Kind.LOCATION, Kind.CONTACT)}
    keys |= {f"console-type-{k.value}" for k in (KeyboardKind.LOCATION, KeyboardKind.CONTACT)}
    keys |= {label_key(a) for a in AMENITY_CODES}
    keys |= loans.KEY_FAMILIES | calculator.KEY_FAMILIES
    return keys


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator()


def test_scanner_finds_keys() -> None:
    keys = used_keys()
    assert {"button-stale", "profile-ask-name", "stations-location-outside"} <= keys


@pytest.mark.parametrize("locale", LOCALES)
def test_every_used_key_exists(translator: Translator, locale: str) -> None:
    missing = sorted((used_keys() | family_keys()) - translator.keys[locale])
    assert missing == []


def test_locales_have_the_same_keys(translator: Translator) -> None:
    zh, en = translator.keys["zh-CN"], translator.keys["en"]
    assert sorted(zh - en) == [] and sorted(en - zh) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_parses_and_is_found_where_it_is(locale: str) -> None:
    # Messages are parsed one by one on first use; a broken one would only show when a
    # member hits it, so the files are parsed whole here.
    from fluent.syntax import FluentParser
    from fluent.syntax import ast as ftl

    for path in sorted((ROOT / "bot" / "locales" / locale).glob("*.ftl")):
        text = path.read_text(encoding="utf-8")
        body = FluentParser().parse(text).body
        assert [e for e in body if isinstance(e, ftl.Junk)] == [], path
        ids = {("-" if isinstance(e, ftl.Term) else "") + e.id.name
               for e in body if isinstance(e, ftl.Message | ftl.Term)}
        assert set(split_entries(text)) == ids, path


def test_a_message_shows_the_message_it_refers_to(translator: Translator) -> None:
    assert "待初审" in translator("zh-CN", "app-wrong-stage", {"ref": "A1", "stage": "submitted"})
    assert "union review" in translator("en", "app-wrong-stage",
                                        {"ref": "A1", "stage": "submitted"})


@pytest.mark.parametrize("locale", LOCALES)
def test_plural_rules_are_babels(locale: str) -> None:
    # The bot does not load babel's data for them (bot/i18n.py _Locale); they must agree.
    import babel

    parsed = babel.Locale.parse(locale.replace("-", "_"))
    assert str(parsed) == BABEL_LOCALES[locale]
    assert parsed.plural_form.rules == PLURAL_RULES[locale]

"""Every message key the stations code can produce exists in both locales."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast

from bot.stations.amenities import AMENITY_CODES, label_key

ROOT = Path(__file__).resolve().parents[2]
STATIONS_DIR = ROOT / "bot" / "stations"
LOCALES = ROOT / "bot" / "locales"


def _messages(lang: str) -> dict[str, ast.Message]:
    resource = FluentParser().parse((LOCALES / lang / "stations.ftl").read_text("utf-8"))
    junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
    assert not junk, [entry.content for entry in junk]
    return {entry.id.name: entry for entry in resource.body if isinstance(entry, ast.Message)}


def _keys_in_code() -> set[str]:
    keys: set[str] = set()
    for source in STATIONS_DIR.glob("*.py"):
        keys |= set(re.findall(r'"((?:import|hours)-[a-z-]+)"', source.read_text("utf-8")))
    return keys


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_every_key_is_translated(lang: str) -> None:
    messages = _messages(lang)
    needed = _keys_in_code() | {label_key(code) for code in AMENITY_CODES}
    needed.add("hours-always-open")
    assert "import-bad-hours" in needed and "import-duplicate-code" in needed
    assert needed <= messages.keys(), sorted(needed - messages.keys())


def test_both_locales_have_the_same_keys_and_variables() -> None:
    zh, en = _messages("zh-CN"), _messages("en")
    assert zh.keys() == en.keys()
    for key in zh:
        zh_vars = set(re.findall(r"\{ \$(\w+) \}", _source("zh-CN", key)))
        en_vars = set(re.findall(r"\{ \$(\w+) \}", _source("en", key)))
        assert zh_vars == en_vars, key


def _source(lang: str, key: str) -> str:
    for line in (LOCALES / lang / "stations.ftl").read_text("utf-8").splitlines():
        if line.startswith(f"{key} ="):
            return line
    raise AssertionError(key)

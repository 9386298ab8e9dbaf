"""The bot starts on libyaml's reading of the catalogue; `catalog check` reads it with
ruamel (places). Both must see the same catalogue and the same problems."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.catalog import SAMPLE_PATH, Catalog
from bot.catalog.fast_yaml import available, read_plain
from bot.catalog.loader import parse, parse_with_places
from bot.catalog.roundtrip import read_yaml
from bot.catalog.source import YamlSyntaxError
from tests.catalog.conftest import BASE_YAML, broken
from tests.catalog.test_check import CASES


def slow(text: str) -> object:
    return read_yaml(text)[0]


def test_libyaml_is_there() -> None:
    # Without it every start reads the catalogue the slow way (≈ 0.3 s more).
    assert available()


@pytest.mark.parametrize("text", [SAMPLE_PATH.read_text(encoding="utf-8"), BASE_YAML],
                         ids=["sample", "base"])
def test_sound_catalogue_reads_the_same_both_ways(text: str) -> None:
    read, data = read_plain(text)
    assert read and data == slow(text)
    fast = parse(text)
    assert isinstance(fast, Catalog) and fast == parse_with_places(text)


@pytest.mark.parametrize(("case", "replacements", "key"), CASES, ids=[c[0] for c in CASES])
def test_broken_catalogue_gives_the_same_problems_with_places(
    case: str, replacements: tuple[tuple[str, str], ...], key: str
) -> None:
    text = broken(*replacements)
    problems = parse(text)
    assert isinstance(problems, list) and key in {p.key for p in problems}
    assert problems == parse_with_places(text)


def test_scalars_resolve_by_yaml_1_2_as_ruamel_does() -> None:
    text = ("a: yes\nb: on\nc: 0:30\nd: 1e3\ne: 4.35\nf: 2025-01-02\ng: ~\nh: NULL\n"
            "i: 'true'\nj: -7\nk: TRUE\nl: .5\nm: 1.\nn: \"12\"\n")
    read, data = read_plain(text)
    assert read and data == slow(text)
    assert data["a"] == "yes" and data["b"] == "on" and data["c"] == "0:30"  # YAML 1.1 would not
    assert data["d"] == Decimal("1000.0") and data["e"] == Decimal("4.35")


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",  # duplicate key: ruamel reports it, PyYAML would keep the last
    "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",  # merge key
    "%YAML 1.1\n---\na: yes\n",  # another version's rules
    "a: !custom 1\n",
    "a: 0x1F\n", "a: 017\n", "a: 1_000\n", "a: .inf\n", "a: 2025-13-01\n",
    "a: 2025-01-02 10:00:00\n",
    "",
    "a: [1\n",  # syntax error
])
def test_anything_unusual_is_left_to_ruamel(text: str) -> None:
    assert read_plain(text) == (False, None)


# Plain scalars built from the characters that decide how YAML resolves them.
scalars = st.text(alphabet="0123456789.-+_:eExobTZtrufalsyNn~ ", min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(scalars, scalars)
def test_whatever_libyaml_reads_ruamel_reads_the_same(key: str, value: str) -> None:
    text = f"{key}: {value}\nlist: [{value}, {key}]\n"
    read, data = read_plain(text)
    if not read:
        return
    try:
        expected = slow(text)
    except YamlSyntaxError:
        pytest.fail(f"libyaml read {text!r}, ruamel rejects it")
    assert data == expected

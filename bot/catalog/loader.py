"""Load a catalogue file: a ``Catalog`` when it is sound, else every problem with its place.

A sound catalogue (every start of the bot) is read by libyaml without places; only a
catalogue with a problem, or one the fast reader does not vouch for, is read again by
the round-trip reader, which knows where each problem is. Both give the same data
(tests/catalog/test_fast_yaml.py), so the answer does not depend on the path taken.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from bot.catalog import fast_yaml
from bot.catalog.checks import semantic_problems
from bot.catalog.problems import CatalogError, Problem
from bot.catalog.schema import Catalog
from bot.catalog.source import SourceMap, YamlSyntaxError

SAMPLE_PATH = Path(__file__).resolve().parent.parent / "data" / "catalog_sample.yaml"


def parse(text: str) -> Catalog | list[Problem]:
    """Validate catalogue ``text``; problems come sorted by line."""
    sound = _parse_fast(text)
    return sound if sound is not None else parse_with_places(text)


def _parse_fast(text: str) -> Catalog | None:
    """The catalogue when libyaml reads it and it has no problem; None otherwise."""
    read, data = fast_yaml.read_plain(text)
    if not read or data is None:
        return None
    try:
        catalog = Catalog.model_validate(data)
    except ValidationError:
        return None
    # Places are not known here, and not needed: any problem sends us the slow way.
    return None if semantic_problems(catalog, SourceMap()) else catalog


def parse_with_places(text: str) -> Catalog | list[Problem]:
    """As ``parse``, always through the round-trip reader (every problem with its place)."""
    from bot.catalog.roundtrip import read_yaml
    from bot.catalog.validation import problems_from

    try:
        data, smap = read_yaml(text)
    except YamlSyntaxError as exc:
        line, column = exc.position.line, exc.position.column
        if exc.duplicate_key is not None:
            return [
                Problem(
                    "", line, column, "catalog-problem-duplicate-key", {"key": exc.duplicate_key}
                )
            ]
        return [Problem("", line, column, "catalog-problem-yaml", {"detail": exc.detail})]
    if data is None:
        return [Problem("", 1, 1, "catalog-problem-empty-file")]
    try:
        catalog = Catalog.model_validate(data)
    except ValidationError as exc:
        return _sorted(problems_from(exc, data, smap))
    problems = semantic_problems(catalog, smap)
    return _sorted(problems) if problems else catalog


def load(path: Path | str, *, places: bool = False) -> Catalog | list[Problem]:
    """Read and validate the catalogue at ``path``; ``places``: always the round-trip
    reader, as `unionbot catalog check` does (same answer, ≈ 10× slower)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem("", 1, 1, "catalog-problem-unreadable", {"detail": str(exc)})]
    return parse_with_places(text) if places else parse(text)


def check(path: Path | str) -> list[Problem]:
    """Every problem in the catalogue at ``path``; empty when it is sound."""
    result = load(path)
    return result if isinstance(result, list) else []


def load_or_raise(path: Path | str) -> Catalog:
    """The catalogue at ``path``; raises ``CatalogError`` (with the problems) if broken."""
    result = load(path)
    if isinstance(result, list):
        raise CatalogError(result)
    return result


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line, p.column, p.key))

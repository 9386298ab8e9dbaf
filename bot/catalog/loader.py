"""Load a catalogue file: a ``Catalog`` when it is sound, else every problem with its place."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from bot.catalog.checks import semantic_problems
from bot.catalog.problems import CatalogError, Problem
from bot.catalog.schema import Catalog
from bot.catalog.source import YamlSyntaxError, read_yaml
from bot.catalog.validation import problems_from

SAMPLE_PATH = Path(__file__).resolve().parent.parent / "data" / "catalog_sample.yaml"


def parse(text: str) -> Catalog | list[Problem]:
    """Validate catalogue ``text``; problems come sorted by line."""
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


def load(path: Path | str) -> Catalog | list[Problem]:
    """Read and validate the catalogue at ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem("", 1, 1, "catalog-problem-unreadable", {"detail": str(exc)})]
    return parse(text)


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

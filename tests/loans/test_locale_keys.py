"""Every key the loan code can emit exists in both locales and renders without error."""

from pathlib import Path

import pytest
from fluent.runtime import FluentBundle, FluentResource

from bot.loans import amounts, calculator, schedule_csv
from bot.loans.calculator import Method

LOCALES = Path(__file__).resolve().parents[2] / "bot" / "locales"
KEYS = (
    amounts.ERROR_KEYS
    | calculator.ERROR_KEYS
    | schedule_csv.LABEL_KEYS
    | {method.key for method in Method}
)
ARGS = {"min": "1", "max": "360", "months": 360, "date": "2026-03-01", "limit": "100000"}


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_keys_render(locale: str) -> None:
    source = (LOCALES / locale / "loans-calc.ftl").read_text(encoding="utf-8")
    bundle = FluentBundle([locale], use_isolating=False)
    bundle.add_resource(FluentResource(source))
    for key in sorted(KEYS):
        assert bundle.has_message(key), key
        pattern = bundle.get_message(key).value
        assert pattern is not None, key
        text, errors = bundle.format_pattern(pattern, ARGS)
        assert not errors, (key, errors)
        assert isinstance(text, str) and "{" not in text, key

"""`catalog check`: each broken catalogue yields the expected problem on the right line."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.catalog import SAMPLE_PATH, CatalogError, Problem, check, load_or_raise, main_check
from bot.catalog.__main__ import main as module_main
from tests.catalog.conftest import BASE_YAML, broken, marked_line

# (case id, replacements, expected problem key). The offending line carries "# HERE".
CASES: list[tuple[str, tuple[tuple[str, str], ...], str]] = [
    (
        "yaml-syntax",
        (
            (
                "        term: {max_months: 36}\n        security: [credit]\n      - id: member",
                "        term: max_months: 36  # HERE\n"
                "        security: [credit]\n      - id: member",
            ),
        ),
        "catalog-problem-yaml",
    ),
    (
        "impossible-date",
        (("    - effective: 2025-05-20\n", "    - effective: 2025-13-01  # HERE\n"),),
        "catalog-problem-yaml",
    ),
    (
        "duplicate-key",
        (
            (
                "        cap: {max: 300000}\n",
                "        cap: {max: 300000}\n        cap: {max: 1}  # HERE\n",
            ),
        ),
        "catalog-problem-duplicate-key",
    ),
    (
        "unknown-field",
        (
            (
                "    repayment_methods: [equal_instalments]\n",
                "    repayment_methods: [equal_instalments]\n    colour: red  # HERE\n",
            ),
        ),
        "catalog-problem-unknown-field",
    ),
    (
        "missing-field",
        (
            ("      - id: member\n", "      - id: member  # HERE\n"),
            ("        cap: {min: 10000, max: 100000}\n", ""),
        ),
        "catalog-problem-missing-field",
    ),
    (
        "missing-language",
        (("names: {zh-CN: 劳模档, en: model tier}", "names: {zh-CN: 劳模档}  # HERE"),),
        "catalog-problem-missing-field",
    ),
    (
        "wrong-type",
        (("        cap: {max: 300000}\n", "        cap: {max: lots}  # HERE\n"),),
        "catalog-problem-wrong-type",
    ),
    (
        "negative-cap",
        (("        cap: {max: 300000}\n", "        cap: {max: -5}  # HERE\n"),),
        "catalog-problem-too-small",
    ),
    (
        "bad-code",
        (("  - id: loan\n", "  - id: Loan  # HERE\n"),),
        "catalog-problem-bad-code",
    ),
    (
        "unknown-rate-kind",
        (("        rate: {kind: benchmark}\n", "        rate: {kind: benchmarck}  # HERE\n"),),
        "catalog-problem-not-allowed",
    ),
    (
        "unknown-rule",
        (("        who: {union_member: true}\n", "        who: {union_membr: true}  # HERE\n"),),
        "catalog-problem-unknown-rule",
    ),
    (
        "rule-with-two-keys",
        (
            (
                "        who: {union_member: true}\n",
                "        who: {union_member: true, any_title: [labour_model_city]}  # HERE\n",
            ),
        ),
        "catalog-problem-rule-one-key",
    ),
    (
        "cap-below-floor",
        (
            (
                "        cap: {min: 10000, max: 100000}\n",
                "        cap: {min: 10000, max: 5000}  # HERE\n",
            ),
        ),
        "catalog-problem-cap-below-floor",
    ),
    (
        "missing-rate-table",
        (("table: bank_base, percent: 10}\n", "table: bank_bas, percent: 10}  # HERE\n"),),
        "catalog-problem-unknown-reference",
    ),
    (
        "missing-term-band",
        (
            ("            - {rate: 4.75}\n", "            - {up_to_months: 24, rate: 4.75}\n"),
            (
                "        rate: {kind: base_plus_percent, table: bank_base, percent: 10}\n",
                "        rate: {kind: base_plus_percent, table: bank_base, percent: 10}  # HERE\n",
            ),
        ),
        "catalog-problem-missing-band",
    ),
    (
        "missing-lpr-tenor",
        (
            ("      tenors: {1y: 3.00, 5y: 3.50}\n", "      tenors: {1y: 3.00}\n"),
            (
                "        rate: {kind: benchmark}\n        term: {max_months: 36}\n",
                "        rate: {kind: lpr_plus_bp, bp: 50}  # HERE\n"
                "        term: {max_months: 120}\n",
            ),
        ),
        "catalog-problem-missing-tenor",
    ),
    (
        "tier-shadowed",
        (
            (
                "        who: {union_member: true}\n",
                "        who: {any_title: [craftsman_zhejiang]}  # HERE\n",
            ),
        ),
        "catalog-problem-tier-shadowed",
    ),
    (
        "tier-never-true",
        (
            (
                "        who: {union_member: true}\n",
                "        who: {all: [{union_member: true}, {not: {union_member: true}}]}  # HERE\n",
            ),
        ),
        "catalog-problem-tier-never-true",
    ),
    (
        "catch-all-tier-first",
        (
            ("        who: {any_title: [labour_model_city, craftsman_zhejiang]}\n", ""),
            ("        who: {union_member: true}\n", "        who: {union_member: true}  # HERE\n"),
        ),
        "catalog-problem-tier-shadowed",
    ),
    (
        "unknown-title",
        (
            (
                "        who: {union_member: true}\n",
                "        who: {any_title: [labour_model_cty]}  # HERE\n",
            ),
        ),
        "catalog-problem-unknown-reference",
    ),
    (
        "unknown-question-in-rule",
        (
            (
                "        who: {union_member: true}\n",
                "        who: {answer: {has_cart: true}}  # HERE\n",
            ),
        ),
        "catalog-problem-unknown-reference",
    ),
    (
        "unknown-choice",
        (
            (
                "        who: {union_member: true}\n",
                "        who: {answer: {security: morgage}}  # HERE\n",
            ),
        ),
        "catalog-problem-unknown-reference",
    ),
    (
        "condition-type",
        (
            (
                "        who: {union_member: true}\n",
                "        who: {answer: {months: true}}  # HERE\n",
            ),
        ),
        "catalog-problem-condition-type",
    ),
    (
        "duplicate-id",
        (("      - id: member\n", "      - id: model  # HERE\n"),),
        "catalog-problem-duplicate-id",
    ),
    (
        "share-over-100",
        (("share_percent: 50}\n", "share_percent: 150}  # HERE\n"),),
        "catalog-problem-share-over-100",
    ),
    (
        "required-question-undefined",
        (("    required_questions: [has_card]\n", "    required_questions: [has_cart]  # HERE\n"),),
        "catalog-problem-unknown-reference",
    ),
    (
        "unknown-bank",
        (("    bank: bank\n    region: town\n", "    bank: bnak  # HERE\n    region: town\n"),),
        "catalog-problem-unknown-reference",
    ),
    (
        "assumption-without-note",
        (
            (
                "        cap: {max: 300000}\n",
                "        cap: {max: 300000, assumption: true}  # HERE\n",
            ),
        ),
        "catalog-problem-assumption-note",
    ),
    (
        "fixings-out-of-order",
        (("    - effective: 2025-05-20\n", "    - effective: 2024-05-20  # HERE\n"),),
        "catalog-problem-fixing-order",
    ),
    (
        "question-is-profile-fact",
        (("  - id: months\n", "  - id: occupation  # HERE\n"),),
        "catalog-problem-question-is-profile",
    ),
]


@pytest.mark.parametrize(
    ("replacements", "key"), [(r, k) for _, r, k in CASES], ids=[c[0] for c in CASES]
)
def test_broken_catalogue_reports_problem_on_its_line(
    write_yaml: Callable[[str], Path], replacements: tuple[tuple[str, str], ...], key: str
) -> None:
    text = broken(*replacements)
    problems = check(write_yaml(text))
    line = marked_line(text)
    assert (key, line) in [(p.key, p.line) for p in problems], problems
    # Nothing else is wrong with the file, so nothing else is reported elsewhere.
    assert {p.line for p in problems} == {line}, problems


def test_base_catalogue_is_sound(write_yaml: Callable[[str], Path]) -> None:
    assert check(write_yaml(BASE_YAML)) == []


def test_shipped_sample_has_no_problems() -> None:
    assert check(SAMPLE_PATH) == []


def test_problem_points_at_the_column_and_names_the_path(
    write_yaml: Callable[[str], Path],
) -> None:
    text = broken(
        ("        cap: {min: 10000, max: 100000}\n", "        cap: {min: 10000, max: 5000}\n")
    )
    [problem] = check(write_yaml(text))
    assert problem.path == "programmes[0].tiers[1].cap.max"
    assert problem.column == text.splitlines()[problem.line - 1].index("5000") + 1
    assert problem.args == {"max": "5000", "min": "10000"}


def test_several_problems_are_all_reported_in_line_order(
    write_yaml: Callable[[str], Path],
) -> None:
    text = broken(
        ("        cap: {max: 300000}\n", "        cap: {max: 300000, colour: red}\n"),
        (
            "        term: {max_months: 36}\n        security: [credit]\n      - id: member",
            "        term: {max_months: 0}\n        security: [credit]\n      - id: member",
        ),
    )
    problems = check(write_yaml(text))
    assert [p.key for p in problems] == [
        "catalog-problem-unknown-field",
        "catalog-problem-too-small",
    ]
    assert problems[0].line < problems[1].line


def test_shadowing_names_the_earlier_tier(write_yaml: Callable[[str], Path]) -> None:
    text = broken(
        ("        who: {union_member: true}\n", "        who: {any_title: [labour_model_city]}\n")
    )
    [problem] = check(write_yaml(text))
    assert problem.key == "catalog-problem-tier-shadowed"
    assert problem.args["tier"] == "member"
    assert str(problem.args["by"]) == "ListOf(items=('model',), joiner='and')"


def test_empty_and_missing_files(tmp_path: Path, write_yaml: Callable[[str], Path]) -> None:
    assert [p.key for p in check(write_yaml(""))] == ["catalog-problem-empty-file"]
    assert [p.key for p in check(tmp_path / "nope.yaml")] == ["catalog-problem-unreadable"]


def test_load_or_raise_carries_the_problems(write_yaml: Callable[[str], Path]) -> None:
    with pytest.raises(CatalogError) as caught:
        load_or_raise(write_yaml(broken(("format: 1\n", "format: 2\n"))))
    assert [p.key for p in caught.value.problems] == ["catalog-problem-not-allowed"]


def _render(key: str, args: object) -> str:
    return f"<{key}>"


def test_main_check_prints_file_line_column(write_yaml: Callable[[str], Path]) -> None:
    path = write_yaml(broken(("share_percent: 50}\n", "share_percent: 150}\n")))
    out = io.StringIO()
    assert main_check(path, _render, out=out) == 1
    line = marked_line(broken(("share_percent: 50}\n", "share_percent: 150}  # HERE\n")))
    assert out.getvalue().startswith(f"{path}:{line}:")
    assert out.getvalue().rstrip().endswith(": <catalog-problem-share-over-100>")


def test_main_check_on_the_sample_succeeds() -> None:
    out = io.StringIO()
    assert main_check(SAMPLE_PATH, out=out) == 0
    assert "catalog-check-ok" in out.getvalue()


def test_module_entry_renders_from_the_ftl(
    write_yaml: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_yaml(
        broken(
            ("        cap: {min: 10000, max: 100000}\n", "        cap: {min: 10000, max: 5000}\n")
        )
    )
    assert module_main(["check", str(path), "--lang", "en"]) == 1
    assert "the cap's maximum 5000 is below its minimum 10000" in capsys.readouterr().out


def test_problem_message_is_a_key_with_args() -> None:
    problem = Problem("a.b", 3, 4, "catalog-problem-empty", {"field": "b"})
    assert problem.message.key == "catalog-problem-empty"
    assert problem.message.args == {"field": "b"}

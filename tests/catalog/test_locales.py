"""catalog.ftl: both languages parse, define the same keys, and render every message we emit."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser
from fluent.syntax.ast import Junk
from fluent.syntax.ast import Message as FtlMessage

from bot.catalog import (
    OCCUPATIONS,
    TITLES,
    Catalog,
    MemberFacts,
    Problem,
    Render,
    evaluate,
    parse,
)
from bot.catalog.messages import Message, render_message
from bot.catalog.validation import EXPECTED_TYPES
from tests.catalog.conftest import broken
from tests.catalog.test_check import CASES

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("zh-CN", "en")
SOURCES = sorted((ROOT / "bot" / "catalog").glob("*.py"))


def ftl_path(lang: str) -> Path:
    return ROOT / "bot" / "locales" / lang / "catalog.ftl"


def ftl_ids(lang: str) -> set[str]:
    resource = FluentParser().parse(ftl_path(lang).read_text("utf-8"))
    junk = [e for e in resource.body if isinstance(e, Junk)]
    assert not junk, [j.content for j in junk]
    return {e.id.name for e in resource.body if isinstance(e, FtlMessage)}


def strict_render(lang: str) -> Render:
    bundle = FluentBundle([lang], use_isolating=False)
    bundle.add_resource(FluentResource(ftl_path(lang).read_text("utf-8")))

    def render(key: str, args: Mapping[str, object]) -> str:
        assert bundle.has_message(key), f"{lang}: no message {key}"
        pattern = bundle.get_message(key).value
        assert pattern is not None, key
        text, errors = bundle.format_pattern(pattern, dict(args))
        assert not errors, (key, errors)
        return str(text)

    return render


def test_both_languages_define_the_same_keys() -> None:
    assert ftl_ids("zh-CN") == ftl_ids("en")


def test_every_key_in_the_code_exists() -> None:
    ids = ftl_ids("en")
    dynamic = {
        *(f"catalog-title-{t}" for t in TITLES),
        *(f"catalog-occupation-{o}" for o in OCCUPATIONS),
        *(f"catalog-type-{name}" for _, name in EXPECTED_TYPES),
        "catalog-lpr-1y",
        "catalog-lpr-5y",
        "catalog-list-or",
        "catalog-list-and",
        "catalog-borrower-individual",
        "catalog-borrower-company",
    }
    assert dynamic <= ids, dynamic - ids
    static = {
        m
        for path in SOURCES
        for m in re.findall(r'"(catalog-[a-z0-9_-]*[a-z0-9_])"', path.read_text("utf-8"))
    }
    assert static - ids == set()


PROFILES = [
    MemberFacts(),
    MemberFacts(union_member=True, union_branch="nanxun"),
    MemberFacts(union_member=False, union_branch="nanxun"),
    MemberFacts(union_member=True, union_branch="nanxun", titles=frozenset({"tech_pacesetter"})),
    MemberFacts(union_member=True, region="jingdezhen", titles=frozenset({"labour_model_city"})),
    MemberFacts(union_branch="xianyou", occupation="courier"),
    MemberFacts(
        union_branch="xianyou",
        titles=frozenset({"labour_model_county"}),
        answers={"borrower_type": "company", "business_months": Decimal(2)},
    ),
    MemberFacts(
        union_member=True,
        region="linhai",
        answers={"has_service_card": False, "no_overdue_record": False},
    ),
    MemberFacts(
        union_branch="baishan", answers={"borrower_type": "company", "is_small_micro_firm": True}
    ),
]


@pytest.mark.parametrize("lang", LANGS)
def test_every_verdict_renders_cleanly(sample: Catalog, lang: str) -> None:
    render = strict_render(lang)
    for facts in PROFILES:
        for term in (None, 36, 480):
            for verdict in evaluate(sample, facts, on=date(2026, 3, 1), term_months=term):
                messages: list[Message] = list(verdict.reasons)
                if verdict.rate:
                    messages.append(verdict.rate.derivation)
                if verdict.bears:
                    messages.append(verdict.bears.explanation)
                for message in messages:
                    text = render_message(message, render, lang)
                    assert "{" not in text and "catalog-" not in text, text


@pytest.fixture(scope="module")
def case_problems() -> list[Problem]:
    problems: list[Problem] = []
    for _, replacements, _key in CASES:
        result = parse(broken(*replacements))
        assert isinstance(result, list)
        problems.extend(result)
    return problems


@pytest.mark.parametrize("lang", LANGS)
def test_every_check_problem_renders_cleanly(case_problems: list[Problem], lang: str) -> None:
    render = strict_render(lang)
    for problem in case_problems:
        text = render_message(problem.message, render, lang)
        assert "{" not in text and "catalog-" not in text, text


def test_reasons_read_as_the_issue_asks(sample: Catalog) -> None:
    en, zh = strict_render("en"), strict_render("zh-CN")
    pacesetter_gap = MemberFacts(union_member=True, union_branch="nanxun")
    [verdict] = [
        v
        for v in evaluate(sample, pacesetter_gap, on=date(2026, 3, 1))
        if v.programme.id == "nanxun_jiangxin"
    ]
    texts = [render_message(r, en, "en") for r in verdict.reasons]
    assert texts[0] == "member loan: up to 100,000 yuan"
    assert texts[2].endswith(
        "needs the title Technical Pacesetter (技术标兵) or Chief Technician (首席技工)"
    )
    assert render_message(verdict.reasons[2], zh, "zh-CN").endswith(
        "需要以下称号之一：技术标兵或首席技工"
    )
    assert render_message(verdict.rate.derivation, en, "en") == (  # type: ignore[union-attr]
        "Nanxun Bank's same-tier rate 4.35 % (up to 12 months) raised by 10 %: "
        "4.35 % × (1 + 10 %) = 4.785 %"
    )


def test_the_bot_translator_renders_resolved_messages(sample: Catalog) -> None:
    i18n = pytest.importorskip("bot.i18n")
    translator = i18n.Translator()
    facts = MemberFacts(
        union_member=True, region="jingdezhen", titles=frozenset({"labour_model_city"})
    )
    for verdict in evaluate(sample, facts, on=date(2026, 3, 1)):
        if verdict.bears is None:
            continue
        text = render_message(
            verdict.bears.explanation, lambda key, args: translator("zh-CN", key, args), "zh-CN"
        )
        assert "catalog-" not in text and "{" not in text

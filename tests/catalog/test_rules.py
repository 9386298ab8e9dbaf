"""The rule engine: three-valued logic, reasons, and agreement with the reachability check."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from bot.catalog import Catalog, ListOf, MemberFacts, Message, parse
from bot.catalog.reachability import (
    DeadTier,
    Env,
    dead_tiers,
    environments,
    holds,
    programme_never_holds,
)
from bot.catalog.rules import evaluate_rule
from bot.catalog.schema import Programme, Rule
from tests.catalog.conftest import BASE_YAML

RULE: TypeAdapter[Rule] = TypeAdapter(Rule)


@pytest.fixture(scope="module")
def base() -> Catalog:
    result = parse(BASE_YAML)
    assert isinstance(result, Catalog), result
    return result


def rule(data: object) -> Rule:
    parsed: Rule = RULE.validate_python(data)
    return parsed


def test_unknown_membership_is_neither_true_nor_false(base: Catalog) -> None:
    out = evaluate_rule(rule({"union_member": True}), MemberFacts(), base)
    assert out.value is None
    assert out.facts == {"union_member"}


def test_all_is_false_as_soon_as_one_part_is_false(base: Catalog) -> None:
    facts = MemberFacts(titles=frozenset())
    out = evaluate_rule(
        rule({"all": [{"union_member": True}, {"any_title": ["tech_pacesetter"]}]}), facts, base
    )
    # Membership is unknown, but the missing title already decides: nothing to ask.
    assert out.value is False and not out.facts and not out.questions


def test_any_is_true_as_soon_as_one_part_is_true(base: Catalog) -> None:
    facts = MemberFacts(union_member=True)
    out = evaluate_rule(
        rule({"any": [{"union_member": True}, {"answer": {"has_card": True}}]}), facts, base
    )
    assert out.value is True and not out.questions


def test_any_waits_for_the_unanswered_question(base: Catalog) -> None:
    facts = MemberFacts(union_member=False)
    out = evaluate_rule(
        rule({"any": [{"union_member": True}, {"answer": {"has_card": True}}]}), facts, base
    )
    assert out.value is None and out.questions == {"has_card"}


def test_any_false_explains_every_way_in(base: Catalog) -> None:
    facts = MemberFacts(union_member=False, answers={"has_card": False})
    out = evaluate_rule(
        rule({"any": [{"union_member": True}, {"answer": {"has_card": True}}]}), facts, base
    )
    assert out.value is False
    [reason] = out.why_false
    assert reason.key == "catalog-reason-one-of"
    options = reason.args["options"]
    assert isinstance(options, ListOf)
    assert [m.key for m in options.items] == [  # type: ignore[union-attr]
        "catalog-reason-member-needed",
        "catalog-reason-answer-yes-needed",
    ]


def test_not_turns_a_requirement_into_an_exclusion(base: Catalog) -> None:
    facts = MemberFacts(occupation="courier")
    out = evaluate_rule(
        rule({"not": {"occupation_in": ["courier", "delivery_rider"]}}), facts, base
    )
    assert out.value is False
    assert out.why_false[0].key == "catalog-reason-occupation-excluded"


def test_number_bounds(base: Catalog) -> None:
    r = rule({"answer": {"months": {"at_least": 6}}})
    assert evaluate_rule(r, MemberFacts(answers={"months": Decimal(6)}), base).value is True
    young = evaluate_rule(r, MemberFacts(answers={"months": Decimal(5)}), base)
    assert young.value is False
    assert young.why_false[0].key == "catalog-reason-answer-at-least-needed"
    assert young.why_false[0].args["min"] == "6"


def test_choice_answers(base: Catalog) -> None:
    r = rule({"answer": {"security": ["guarantee", "mortgage"]}})
    assert evaluate_rule(r, MemberFacts(answers={"security": "mortgage"}), base).value is True
    assert evaluate_rule(r, MemberFacts(), base).questions == {"security"}


def test_region_by_alias_in_free_text(base: Catalog) -> None:
    r = rule({"in_region": ["town"]})
    assert evaluate_rule(r, MemberFacts(union_branch="某某小镇工会"), base).value is True
    assert evaluate_rule(r, MemberFacts(region="elsewhere"), base).value is False
    assert evaluate_rule(r, MemberFacts(), base).facts == {"union_branch"}


def test_title_reason_lists_the_titles(base: Catalog) -> None:
    out = evaluate_rule(
        rule({"any_title": ["tech_pacesetter", "chief_technician"]}), MemberFacts(), base
    )
    assert out.why_false == (
        Message(
            "catalog-reason-title-needed",
            {
                "titles": ListOf(
                    (
                        Message("catalog-title-tech_pacesetter"),
                        Message("catalog-title-chief_technician"),
                    )
                )
            },
        ),
    )


# --- the explaining evaluator and the reachability evaluator must agree -----------------

TITLES = ["labour_model_city", "tech_pacesetter", "craftsman_zhejiang"]
LEAVES = st.one_of(
    st.builds(
        lambda t: {"any_title": t}, st.lists(st.sampled_from(TITLES), min_size=1, max_size=2)
    ),
    st.builds(lambda b: {"union_member": b}, st.booleans()),
    st.builds(
        lambda o: {"occupation_in": o},
        st.lists(st.sampled_from(["courier", "delivery_rider", "other"]), min_size=1, max_size=2),
    ),
    st.builds(lambda b: {"answer": {"has_card": b}}, st.booleans()),
    st.builds(lambda s: {"answer": {"security": s}}, st.sampled_from(["guarantee", "mortgage"])),
    st.builds(lambda n: {"answer": {"months": {"at_least": n}}}, st.integers(0, 12)),
)
RULES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.builds(lambda xs: {"all": xs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda xs: {"any": xs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda x: {"not": x}, inner),
    ),
    max_leaves=6,
)
FACTS = st.builds(
    lambda titles, member, occupation, card, security, months: MemberFacts(
        union_member=member,
        union_branch="town",
        occupation=occupation,
        titles=frozenset(titles),
        answers={"has_card": card, "security": security, "months": Decimal(months)},
    ),
    st.frozensets(st.sampled_from(TITLES)),
    st.booleans(),
    st.sampled_from(["courier", "delivery_rider", "other"]),
    st.booleans(),
    st.sampled_from(["guarantee", "mortgage"]),
    st.integers(0, 12),
)


@settings(max_examples=150, deadline=None)
@given(data=RULES, facts=FACTS)
def test_known_facts_give_the_same_value_in_both_evaluators(
    base: Catalog, data: object, facts: MemberFacts
) -> None:
    parsed = rule(data)
    env = Env(
        facts.titles,
        bool(facts.union_member),
        facts.occupation or "",
        frozenset({"town"}),
        dict(facts.answers),
    )
    assert evaluate_rule(parsed, facts, base).value is holds(parsed, env)


def reference_dead_tiers(catalog: Catalog, programme: Programme) -> list[DeadTier] | None:
    """Dead tiers found member by member with ``holds`` (what dead_tiers does at once)."""
    rules = [t.who for t in programme.tiers]
    envs = environments(catalog, programme, [programme.who, *rules])
    if envs is None:
        return None
    hits: list[set[int]] = [set() for _ in rules]
    reachable = [False] * len(rules)
    for env in envs:
        if not holds(programme.who, env):
            continue
        earlier = [i for i, r in enumerate(rules) if holds(r, env)]
        if earlier:
            reachable[earlier[0]] = True
            for later in earlier[1:]:
                hits[later].update(j for j in earlier if j < later)
    return [DeadTier(i, tuple(sorted(hits[i]))) for i in range(len(rules)) if not reachable[i]]


@settings(max_examples=150, deadline=None)
@given(gate=st.one_of(st.none(), RULES), tiers=st.lists(RULES, min_size=1, max_size=4))
def test_dead_tiers_match_a_member_by_member_search(
    base: Catalog, gate: object, tiers: list[object]
) -> None:
    loan = base.programmes[0]
    template = loan.tiers[0]
    programme = loan.model_copy(update={
        "who": None if gate is None else rule(gate),
        "tiers": [template.model_copy(update={"id": f"t{i}", "who": rule(data)})
                  for i, data in enumerate(tiers)],
    })
    assert dead_tiers(base, programme) == reference_dead_tiers(base, programme)
    envs = environments(base, programme, [programme.who])
    assert envs is not None
    never = not any(holds(programme.who, env) for env in envs)
    assert programme_never_holds(base, programme) is never

"""Member profiles x programmes of the shipped sample -> verdict, tier, cap, rate, reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest

from bot.catalog import Catalog, ListOf, MemberFacts, Message, Verdict, evaluate

ON = date(2026, 3, 1)
ANY_LEVEL_MODEL_OR_CRAFTSMAN = (
    "labour_model_national",
    "labour_model_provincial",
    "labour_model_city",
    "labour_model_county",
    "craftsman_nanxun",
    "craftsman_nantaihu",
    "craftsman_zhejiang",
    "craftsman_national",
)


def titles_needed(*codes: str) -> Message:
    return Message(
        "catalog-reason-title-needed",
        {"titles": ListOf(tuple(Message(f"catalog-title-{c}") for c in codes))},
    )


def verdict_for(catalog: Catalog, facts: MemberFacts, programme: str, **kw: int) -> Verdict:
    return next(v for v in evaluate(catalog, facts, on=ON, **kw) if v.programme.id == programme)


@dataclass(frozen=True)
class Row:
    """One line of the table: who asks, about which programme, and what they must hear."""

    name: str
    facts: MemberFacts
    programme: str
    eligible: bool
    tier: str | None = None
    cap: Decimal | None = None
    rate: Decimal | None = None
    reason_keys: tuple[str, ...] = ()
    missing_questions: tuple[str, ...] = ()
    missing_facts: tuple[str, ...] = ()
    term: dict[str, int] = field(default_factory=dict)


NANXUN_MEMBER = MemberFacts(union_member=True, union_branch="nanxun")
XIANYOU_COUNTY_MODEL = MemberFacts(
    union_branch="xianyou", titles=frozenset({"labour_model_county"})
)

TABLE = [
    Row(
        "ordinary Nanxun member gets the member loan at base +10 %",
        NANXUN_MEMBER,
        "nanxun_jiangxin",
        True,
        "member_loan",
        Decimal(100000),
        Decimal("4.785"),
        (
            "catalog-reason-tier",
            "catalog-reason-tier-not-reached",
            "catalog-reason-tier-not-reached",
        ),
    ),
    Row(
        "technical pacesetter gets the craftsman loan at base -15 %",
        MemberFacts(
            union_member=True,
            union_branch="湖州市南浔区总工会",
            titles=frozenset({"tech_pacesetter"}),
        ),
        "nanxun_jiangxin",
        True,
        "craftsman_loan",
        Decimal(200000),
        Decimal("3.6975"),
        ("catalog-reason-tier", "catalog-reason-tier-not-reached"),
    ),
    Row(
        "Zhejiang craftsman gets the labour-model loan at the 1-year benchmark",
        MemberFacts(union_member=True, region="nanxun", titles=frozenset({"craftsman_zhejiang"})),
        "nanxun_jiangxin",
        True,
        "model_loan",
        Decimal(300000),
        Decimal("4.35"),
        ("catalog-reason-tier",),
    ),
    Row(
        "Zhejiang craftsman asking for 3 years gets the 13-60 month benchmark",
        MemberFacts(union_member=True, region="nanxun", titles=frozenset({"craftsman_zhejiang"})),
        "nanxun_jiangxin",
        True,
        "model_loan",
        Decimal(300000),
        Decimal("4.75"),
        ("catalog-reason-tier",),
        term={"term_months": 36},
    ),
    Row(
        "a non-member in Nanxun is asked whether they do skilled work",
        MemberFacts(union_member=False, union_branch="nanxun"),
        "nanxun_jiangxin",
        False,
        None,
        None,
        None,
        ("catalog-reason-tier-not-reached", "catalog-reason-tier-not-reached"),
        missing_questions=("does_skilled_work",),
    ),
    Row(
        "a non-member technician in Nanxun gets the member loan",
        MemberFacts(union_member=False, union_branch="nanxun", answers={"does_skilled_work": True}),
        "nanxun_jiangxin",
        True,
        "member_loan",
        Decimal(100000),
        Decimal("4.785"),
    ),
    Row(
        "a Xianyou member is not eligible in Nanxun",
        MemberFacts(union_member=True, union_branch="xianyou"),
        "nanxun_jiangxin",
        False,
        reason_keys=("catalog-reason-home-region",),
    ),
    Row(
        "a county labour model in Xianyou gets the personal loan at fixed 4.3 %",
        XIANYOU_COUNTY_MODEL,
        "xianyou_model_craftsman_personal",
        True,
        "model_or_craftsman",
        Decimal(1000000),
        Decimal("4.3"),
        ("catalog-reason-tier-range",),
    ),
    Row(
        "a courier without titles cannot get the labour-model loan",
        MemberFacts(union_member=True, union_branch="xianyou", occupation="courier"),
        "xianyou_model_craftsman_personal",
        False,
        reason_keys=("catalog-reason-title-needed",),
    ),
    Row(
        "a labour model's company loan waits for borrower type, trading time and security",
        XIANYOU_COUNTY_MODEL,
        "xianyou_model_craftsman_company",
        False,
        missing_questions=("borrower_type", "business_months", "security"),
    ),
    Row(
        "mortgage-backed company loan up to 10 million at 4.8 %",
        MemberFacts(
            union_branch="xianyou",
            titles=frozenset({"craftsman_national"}),
            answers={
                "borrower_type": "company",
                "business_months": Decimal(12),
                "security": "mortgage",
            },
        ),
        "xianyou_model_craftsman_company",
        True,
        "mortgage",
        Decimal(10000000),
        Decimal("4.8"),
    ),
    Row(
        "guarantee-backed company loan up to 3 million",
        MemberFacts(
            union_branch="xianyou",
            titles=frozenset({"labour_model_city"}),
            answers={
                "borrower_type": "company",
                "business_months": Decimal(6),
                "security": "guarantee",
            },
        ),
        "xianyou_model_craftsman_company",
        True,
        "guarantee",
        Decimal(3000000),
        Decimal("4.8"),
        ("catalog-reason-tier", "catalog-reason-tier-not-reached"),
    ),
    Row(
        "a company trading for 3 months is too young",
        MemberFacts(
            union_branch="xianyou",
            titles=frozenset({"labour_model_city"}),
            answers={"borrower_type": "company", "business_months": Decimal(3)},
        ),
        "xianyou_model_craftsman_company",
        False,
        reason_keys=("catalog-reason-answer-at-least-needed",),
    ),
    Row(
        "a personal borrower is not offered company loans",
        MemberFacts(
            union_branch="xianyou",
            titles=frozenset({"labour_model_city"}),
            answers={"borrower_type": "individual"},
        ),
        "xianyou_model_craftsman_company",
        False,
        reason_keys=("catalog-reason-borrower",),
    ),
    Row(
        "a company borrower is not offered personal loans",
        MemberFacts(
            union_branch="xianyou",
            titles=frozenset({"labour_model_city"}),
            answers={"borrower_type": "company"},
        ),
        "xianyou_model_craftsman_personal",
        False,
        reason_keys=("catalog-reason-borrower",),
    ),
    Row(
        "a Linhai member is asked about the service card, and told what it would give",
        MemberFacts(union_member=True, region="linhai"),
        "linhai_gongxin",
        False,
        "card_holder",
        Decimal(1000000),
        Decimal("3.00"),
        missing_questions=("has_service_card",),
    ),
    Row(
        "a Linhai card holder gets up to 1 million (assumed LPR rate)",
        MemberFacts(union_member=True, region="linhai", answers={"has_service_card": True}),
        "linhai_gongxin",
        True,
        "card_holder",
        Decimal(1000000),
        Decimal("3.00"),
        ("catalog-reason-tier",),
    ),
    Row(
        "a Linhai member without the card is told why",
        MemberFacts(union_member=True, region="linhai", answers={"has_service_card": False}),
        "linhai_gongxin",
        False,
        reason_keys=("catalog-reason-answer-yes-needed",),
    ),
    Row(
        "a Jingdezhen labour model gets 500,000 fully subsidised",
        MemberFacts(
            union_member=True, region="jingdezhen", titles=frozenset({"labour_model_city"})
        ),
        "jingdezhen_cidu_personal",
        True,
        "model_or_craftsman",
        Decimal(500000),
        Decimal("3.00"),
        ("catalog-reason-tier",),
    ),
    Row(
        "an ordinary Jingdezhen member gets 300,000",
        MemberFacts(union_member=True, union_branch="景德镇市陶瓷工会"),
        "jingdezhen_cidu_personal",
        True,
        "member",
        Decimal(300000),
        Decimal("3.00"),
        ("catalog-reason-tier", "catalog-reason-tier-not-reached"),
    ),
    Row(
        "a worker-founded micro firm in Jingdezhen gets up to 2 million",
        MemberFacts(
            union_member=True,
            region="jingdezhen",
            answers={"borrower_type": "company", "is_small_micro_firm": True},
        ),
        "jingdezhen_cidu_company",
        True,
        "firm",
        Decimal(2000000),
        Decimal("3.00"),
    ),
    Row(
        "a Baishan micro firm gets the Jilin subsidised loan",
        MemberFacts(
            union_branch="白山市江源区总工会",
            answers={"borrower_type": "company", "is_small_micro_firm": True},
        ),
        "jilin_shuangchuang",
        True,
        "firm",
        Decimal(1000000),
        Decimal("3.00"),
    ),
    Row(
        "an unknown union branch is a profile gap, not a question",
        MemberFacts(union_member=True),
        "nanxun_jiangxin",
        False,
        "member_loan",
        Decimal(100000),
        Decimal("4.785"),
        missing_facts=("union_branch",),
    ),
    Row(
        "unknown membership is a profile gap too",
        MemberFacts(union_branch="nanxun"),
        "nanxun_jiangxin",
        False,
        missing_questions=("does_skilled_work",),
        missing_facts=("union_member",),
    ),
    Row(
        "an overdue record blocks the application",
        MemberFacts(union_member=True, union_branch="nanxun", answers={"no_overdue_record": False}),
        "nanxun_jiangxin",
        False,
        reason_keys=("catalog-reason-answer-blocks",),
    ),
    Row(
        "a term beyond the tier's maximum is refused, quoting the longest allowed",
        NANXUN_MEMBER,
        "nanxun_jiangxin",
        False,
        "member_loan",
        Decimal(100000),
        Decimal("5.225"),
        (
            "catalog-reason-tier",
            "catalog-reason-tier-not-reached",
            "catalog-reason-tier-not-reached",
            "catalog-reason-term-too-long",
        ),
        term={"term_months": 48},
    ),
]


@pytest.mark.parametrize("row", TABLE, ids=[r.name for r in TABLE])
def test_profile_and_programme_give_the_expected_verdict(sample: Catalog, row: Row) -> None:
    verdict = verdict_for(sample, row.facts, row.programme, **row.term)
    assert verdict.eligible is row.eligible
    assert (verdict.tier.id if verdict.tier else None) == row.tier
    assert verdict.cap == row.cap
    assert (verdict.rate.annual_rate if verdict.rate else None) == row.rate
    if row.reason_keys:
        assert tuple(r.key for r in verdict.reasons) == row.reason_keys
    assert verdict.missing_questions == row.missing_questions
    assert verdict.missing_facts == row.missing_facts


def test_ordinary_member_is_told_the_cap_and_what_the_better_tiers_need(
    sample: Catalog,
) -> None:
    verdict = verdict_for(sample, NANXUN_MEMBER, "nanxun_jiangxin")
    tier, model, craftsman = verdict.reasons
    assert tier.args["max"].value == Decimal(100000)  # type: ignore[union-attr]
    assert str(tier.args["max"]) == "100,000"
    assert craftsman.args["reason"] == titles_needed("tech_pacesetter", "chief_technician")
    assert model.args["reason"] == titles_needed(
        "craftsman_nanxun",
        "craftsman_nantaihu",
        "craftsman_zhejiang",
        "craftsman_national",
        "labour_model_national",
        "labour_model_provincial",
        "labour_model_city",
        "labour_model_county",
    )


def test_courier_reason_names_every_accepted_title(sample: Catalog) -> None:
    courier = MemberFacts(union_member=True, union_branch="xianyou", occupation="courier")
    verdict = verdict_for(sample, courier, "xianyou_model_craftsman_personal")
    assert verdict.reasons == (titles_needed(*ANY_LEVEL_MODEL_OR_CRAFTSMAN),)
    assert verdict.cap is None and verdict.rate is None


def test_full_subsidy_means_member_bears_no_interest_but_pays_the_bank(sample: Catalog) -> None:
    model = MemberFacts(
        union_member=True, region="jingdezhen", titles=frozenset({"labour_model_city"})
    )
    verdict = verdict_for(sample, model, "jingdezhen_cidu_personal")
    assert verdict.subsidy is not None and verdict.subsidy.kind == "full"
    assert verdict.bears is not None
    assert verdict.bears.net_annual_rate == 0
    assert verdict.bears.refunded_annual_rate == verdict.rate.annual_rate  # type: ignore[union-attr]
    assert verdict.bears.explanation.key == "catalog-bears-full"


def test_share_subsidy_halves_what_the_member_bears(sample: Catalog) -> None:
    firm = MemberFacts(
        union_branch="baishan", answers={"borrower_type": "company", "is_small_micro_firm": True}
    )
    verdict = verdict_for(sample, firm, "jilin_shuangchuang")
    assert verdict.bears is not None
    assert verdict.bears.net_annual_rate == Decimal("1.50")
    assert verdict.bears.explanation.key == "catalog-bears-share"


def test_no_subsidy_means_member_bears_the_contract_rate(sample: Catalog) -> None:
    verdict = verdict_for(sample, XIANYOU_COUNTY_MODEL, "xianyou_model_craftsman_personal")
    assert verdict.bears is not None and verdict.bears.net_annual_rate == Decimal("4.3")
    assert verdict.cap_min == Decimal(200000)
    assert verdict.security == ("credit",)
    assert verdict.term_max_months == 120
    assert verdict.borrower == "individual"


def test_assumed_figures_are_flagged(sample: Catalog) -> None:
    linhai = MemberFacts(union_member=True, region="linhai", answers={"has_service_card": True})
    verdict = verdict_for(sample, linhai, "linhai_gongxin")
    assert verdict.rate is not None and verdict.rate.assumption
    notes = [n.en for n in verdict.assumptions]
    assert any('"low rate"' in n for n in notes)
    nanxun = verdict_for(sample, NANXUN_MEMBER, "nanxun_jiangxin")
    assert nanxun.rate is not None and nanxun.rate.assumption
    assert any("Nanxun Bank" in n.en for n in nanxun.assumptions)
    xianyou = verdict_for(sample, XIANYOU_COUNTY_MODEL, "xianyou_model_craftsman_personal")
    assert xianyou.rate is not None and not xianyou.rate.assumption


def test_answering_a_missing_question_settles_the_verdict(sample: Catalog) -> None:
    before = verdict_for(sample, MemberFacts(union_member=True, region="linhai"), "linhai_gongxin")
    assert not before.settled
    after = verdict_for(
        sample,
        MemberFacts(union_member=True, region="linhai", answers={"has_service_card": True}),
        "linhai_gongxin",
    )
    assert after.settled and after.eligible


def test_profile_facts_are_never_asked_as_questions(sample: Catalog) -> None:
    profile_codes = {"union_member", "union_branch", "region", "occupation", "titles"}
    for facts in (
        MemberFacts(),
        MemberFacts(union_branch="nanxun"),
        MemberFacts(region="jingdezhen"),
    ):
        for verdict in evaluate(sample, facts, on=ON):
            assert profile_codes.isdisjoint(verdict.missing_questions)


def test_apply_questions_lists_unanswered_required_questions(sample: Catalog) -> None:
    verdict = verdict_for(sample, NANXUN_MEMBER, "nanxun_jiangxin")
    assert verdict.apply_questions == ("no_overdue_record",)
    answered = MemberFacts(
        union_member=True, union_branch="nanxun", answers={"no_overdue_record": True}
    )
    assert verdict_for(sample, answered, "nanxun_jiangxin").apply_questions == ()


def test_one_verdict_per_programme_in_catalogue_order(sample: Catalog) -> None:
    verdicts = evaluate(sample, NANXUN_MEMBER, on=ON)
    assert [v.programme.id for v in verdicts] == [p.id for p in sample.programmes]
    assert [v.programme.id for v in verdicts if v.eligible] == ["nanxun_jiangxin"]


def test_company_and_individual_programmes_are_told_apart(sample: Catalog) -> None:
    kinds = {v.programme.id: v.borrower for v in evaluate(sample, MemberFacts(), on=ON)}
    assert kinds["xianyou_model_craftsman_company"] == "company"
    assert kinds["xianyou_model_craftsman_personal"] == "individual"
    assert kinds["jilin_shuangchuang"] == "company"

"""The catalogue file's shape, as pydantic models; unknown fields are errors, not ignored.

Rates are Decimal percent per year (4.35 means 4.35 %); money is Decimal yuan. Rule
expressions are data (a one-key mapping per node), never evaluated as code.
Cross-references (a tier naming a rate table, a rule naming a question) are checked
afterwards by ``checks``, which knows where each node sits in the file.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Percent = Annotated[Decimal, Field(ge=0, le=100)]
Money = Annotated[Decimal, Field(ge=0)]
Months = Annotated[int, Field(ge=1, le=600)]
Borrower = Literal["individual", "company"]
Security = Literal["credit", "guarantee", "mortgage"]
# The calculator's method ids (bot.loans.calculator.Method values).
RepaymentMethod = Literal[
    "equal_instalments", "equal_principal", "interest_first", "draw_as_needed"
]
Actor = Literal["member", "union", "association", "bank"]
LprTenor = Literal["1y", "5y"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Names(Strict):
    """A text in each language the bot speaks."""

    zh_cn: str = Field(alias="zh-CN", min_length=1)
    en: str = Field(min_length=1)

    def in_lang(self, lang: str) -> str:
        return self.en if lang.lower().startswith("en") else self.zh_cn


class Assumable(Strict):
    """A figure the source report does not state: shown to members as an assumption."""

    assumption: bool = False
    note: Names | None = None


# --- reference data -------------------------------------------------------------------


class Region(Strict):
    id: Code
    names: Names
    # Codes and names a member's union branch or city may be written as ("南浔", "nanxun").
    aliases: list[str] = []


class Bank(Strict):
    id: Code
    names: Names


class Purpose(Strict):
    id: Code
    names: Names


class Choice(Strict):
    id: Code
    names: Names


class Question(Strict):
    """A guided question; ``label`` is the short phrase reasons quote ("holds the card")."""

    id: Code
    kind: Literal["yes_no", "choice", "number"]
    text: Names
    label: Names
    choices: list[Choice] = []
    unit: Names | None = None
    # For a yes/no question a programme requires: the answer it needs (a "no" blocks).
    expect: bool | None = None


# --- rate tables ----------------------------------------------------------------------


class Band(Strict):
    """A term band: terms up to ``up_to_months`` (the previous band's limit excluded)."""

    up_to_months: Months | None = None
    rate: Percent


class BandedFixing(Assumable):
    effective: date
    source: str | None = None
    bands: list[Band] = Field(min_length=1)


class LprFixing(Assumable):
    effective: date
    source: str | None = None
    tenors: dict[LprTenor, Percent] = Field(min_length=1)


class BaseTable(Strict):
    """A bank's own same-tier, same-term rate (同档次同期限利率)."""

    id: Code
    bank: Code
    fixings: list[BandedFixing] = Field(min_length=1)


class Rates(Strict):
    benchmark: list[BandedFixing] = []
    lpr: list[LprFixing] = []
    base_tables: list[BaseTable] = []


# --- rate rules -----------------------------------------------------------------------


class FixedRate(Assumable):
    kind: Literal["fixed"]
    annual: Percent


class BasePlusPercent(Assumable):
    """The bank's base rate times (1 + percent/100): "上浮 10 %" multiplies."""

    kind: Literal["base_plus_percent"]
    table: Code
    percent: Annotated[Decimal, Field(ge=-100, le=1000)]


class BenchmarkRate(Assumable):
    """The central bank's benchmark for the term, optionally moved by a percent."""

    kind: Literal["benchmark"]
    percent: Annotated[Decimal, Field(ge=-100, le=1000)] = Decimal(0)
    # "最低按基准利率执行": the benchmark is the floor the bank may go down to.
    as_low_as: bool = False


class LprPlusBp(Assumable):
    """The loan prime rate plus basis points; ``by_term`` takes 5y LPR beyond 60 months."""

    kind: Literal["lpr_plus_bp"]
    tenor: LprTenor | Literal["by_term"] = "by_term"
    bp: Annotated[int, Field(ge=-1000, le=5000)]


RateRule = Annotated[
    FixedRate | BasePlusPercent | BenchmarkRate | LprPlusBp, Field(discriminator="kind")
]


# --- subsidies ------------------------------------------------------------------------


class NoSubsidy(Assumable):
    kind: Literal["none"]


class FullSubsidy(Assumable):
    kind: Literal["full"]


class PointsSubsidy(Assumable):
    """The union refunds interest worth ``points`` percentage points of the rate."""

    kind: Literal["points"]
    points: Annotated[Decimal, Field(ge=0)]


class ShareSubsidy(Assumable):
    """The union refunds ``share_percent`` of the interest (over 100 is caught by check)."""

    kind: Literal["share"]
    share_percent: Annotated[Decimal, Field(ge=0)]


Subsidy = Annotated[
    NoSubsidy | FullSubsidy | PointsSubsidy | ShareSubsidy, Field(discriminator="kind")
]


# --- rules ----------------------------------------------------------------------------


class NumberBound(Strict):
    at_least: Decimal | None = None
    at_most: Decimal | None = None


def _condition_tag(value: Any) -> str | None:
    # Pick the branch from the value's YAML type, so a mistake yields one error, not four.
    if isinstance(value, bool):
        return "yes_no"
    if isinstance(value, str):
        return "choice"
    if isinstance(value, list):
        return "choices"
    if isinstance(value, dict | NumberBound):
        return "bound"
    return None


AnswerCondition = Annotated[
    Annotated[bool, Tag("yes_no")]
    | Annotated[str, Tag("choice")]
    | Annotated[list[str], Tag("choices")]
    | Annotated[NumberBound, Tag("bound")],
    Discriminator(
        _condition_tag,
        custom_error_type="bad_condition",
        custom_error_message="not an answer condition",
    ),
]


class AllRule(Strict):
    all: list[Rule] = Field(min_length=1)


class AnyRule(Strict):
    any: list[Rule] = Field(min_length=1)


class NotRule(Strict):
    not_: Rule = Field(alias="not")


class AnyTitleRule(Strict):
    any_title: list[str] = Field(min_length=1)


class UnionMemberRule(Strict):
    union_member: bool


class OccupationRule(Strict):
    occupation_in: list[str] = Field(min_length=1)


class RegionRule(Strict):
    in_region: list[str] = Field(min_length=1)


class AnswerRule(Strict):
    """Every named question must have the given answer (yes/no, choice ids, number bounds)."""

    answer: dict[str, AnswerCondition] = Field(min_length=1)


RULE_TAGS = (
    "all",
    "any",
    "not",
    "any_title",
    "union_member",
    "occupation_in",
    "in_region",
    "answer",
)


def _rule_tag(value: Any) -> str | None:
    # A rule is a mapping with exactly one key, and the key says which rule it is.
    if isinstance(value, dict):
        return next(iter(value)) if len(value) == 1 and next(iter(value)) in RULE_TAGS else None
    for tag, model in _RULE_MODELS.items():
        if isinstance(value, model):
            return tag
    return None


Rule = Annotated[
    Annotated[AllRule, Tag("all")]
    | Annotated[AnyRule, Tag("any")]
    | Annotated[NotRule, Tag("not")]
    | Annotated[AnyTitleRule, Tag("any_title")]
    | Annotated[UnionMemberRule, Tag("union_member")]
    | Annotated[OccupationRule, Tag("occupation_in")]
    | Annotated[RegionRule, Tag("in_region")]
    | Annotated[AnswerRule, Tag("answer")],
    Discriminator(_rule_tag, custom_error_type="unknown_rule", custom_error_message="not a rule"),
]

_RULE_MODELS: dict[str, type[Strict]] = {
    "all": AllRule,
    "any": AnyRule,
    "not": NotRule,
    "any_title": AnyTitleRule,
    "union_member": UnionMemberRule,
    "occupation_in": OccupationRule,
    "in_region": RegionRule,
    "answer": AnswerRule,
}


# --- programmes -----------------------------------------------------------------------


class Cap(Assumable):
    min: Money = Decimal(0)
    max: Money


class Term(Assumable):
    max_months: Months
    # The term a rate is quoted for while the member has not chosen one.
    default_months: Months | None = None

    @property
    def quote_months(self) -> int:
        return self.default_months or min(12, self.max_months)


class Tier(Strict):
    """One rung of a programme; tiers are listed best first and the first that holds wins."""

    id: Code
    names: Names
    who: Rule | None = None
    cap: Cap
    rate: RateRule
    term: Term
    security: list[Security] = Field(min_length=1)
    subsidy: Subsidy = NoSubsidy(kind="none")


class Step(Strict):
    id: Code
    actor: Actor
    names: Names
    sla_working_days: Annotated[int, Field(ge=1)] | None = None


class Source(Strict):
    """Where the figures come from: a seed report id (000..004) and the sentence quoted."""

    report: Annotated[str, StringConstraints(pattern=r"^\d{3}$")]
    quote: str | None = None


class Programme(Strict):
    id: Code
    names: Names
    organiser: Names
    bank: Code
    region: Code
    source: Source
    borrower: Borrower
    who: Rule | None = None
    tiers: list[Tier] = Field(min_length=1)
    purposes: list[Code] = []
    repayment_methods: list[RepaymentMethod] = Field(min_length=1)
    required_questions: list[Code] = []
    workflow: list[Step] = []
    sla_working_days: Annotated[int, Field(ge=1)] | None = None
    notes: list[Names] = []


class Catalog(Strict):
    format: Literal[1]
    version: str = Field(min_length=1)
    regions: list[Region] = Field(min_length=1)
    banks: list[Bank] = Field(min_length=1)
    purposes: list[Purpose] = []
    questions: list[Question] = []
    rates: Rates
    programmes: list[Programme] = Field(min_length=1)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def region(self, region_id: str) -> Region | None:
        return next((r for r in self.regions if r.id == region_id), None)

    def bank(self, bank_id: str) -> Bank | None:
        return next((b for b in self.banks if b.id == bank_id), None)

    def base_table(self, table_id: str) -> BaseTable | None:
        return next((t for t in self.rates.base_tables if t.id == table_id), None)

    def programme(self, programme_id: str) -> Programme | None:
        return next((p for p in self.programmes if p.id == programme_id), None)


for _model in (AllRule, AnyRule, NotRule, Tier, Programme):
    _model.model_rebuild()

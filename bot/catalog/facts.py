"""What the rules know about a member: profile facts plus answers to guided questions.

The codes are the ones the member profile stores; the catalogue may refer only to these,
so a typo in a catalogue file is caught by ``check`` instead of silently never matching.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

TITLES: tuple[str, ...] = (
    "labour_model_national",
    "labour_model_provincial",
    "labour_model_city",
    "labour_model_county",
    "craftsman_nanxun",  # 南浔工匠
    "craftsman_nantaihu",  # 南太湖工匠
    "craftsman_zhejiang",  # 浙江工匠
    "craftsman_national",  # 大国工匠
    "tech_pacesetter",  # 技术标兵
    "chief_technician",  # 首席技工
)

OCCUPATIONS: tuple[str, ...] = (
    "delivery_rider",
    "courier",
    "ride_hailing_driver",
    "truck_driver",
    "sanitation_worker",
    "factory_worker",
    "other",
)

# Facts the profile holds: the bot fills them in the profile flow, never as loan questions.
PROFILE_FACTS: frozenset[str] = frozenset(
    {"union_member", "union_branch", "region", "occupation", "titles"}
)

# The guided question the borrower type comes from (individual or company loan).
BORROWER_QUESTION = "borrower_type"

AnswerValue = bool | str | Decimal


@dataclass(frozen=True, slots=True)
class MemberFacts:
    """A snapshot of one member; ``None`` means "not known yet", not "no"."""

    union_member: bool | None = None
    union_branch: str | None = None
    region: str | None = None
    occupation: str | None = None
    titles: frozenset[str] = frozenset()
    answers: Mapping[str, AnswerValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A read-only view: a verdict must not change because a caller mutated its dict later.
        object.__setattr__(self, "answers", MappingProxyType(dict(self.answers)))
        object.__setattr__(self, "titles", frozenset(self.titles))

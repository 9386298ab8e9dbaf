"""Evaluate a rule expression over member facts, in three values, with its reasons.

A rule is True, False or None ("cannot tell yet": a profile fact or an answer is
missing). Alongside the value we keep why it is False (requirements, "needs the title
技术标兵 or 首席技工") and why it is True phrased as an exclusion (used under ``not``),
plus the unanswered questions and unknown profile facts that could still settle it: the
bot asks only those.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from bot.catalog.facts import AnswerValue, MemberFacts
from bot.catalog.messages import Arg, ListOf, Message
from bot.catalog.schema import (
    AllRule,
    AnswerCondition,
    AnswerRule,
    AnyRule,
    AnyTitleRule,
    Catalog,
    NotRule,
    NumberBound,
    OccupationRule,
    Question,
    Region,
    RegionRule,
    Rule,
    UnionMemberRule,
)


@dataclass(frozen=True, slots=True)
class Outcome:
    value: bool | None
    why_false: tuple[Message, ...] = ()
    why_true: tuple[Message, ...] = ()
    questions: frozenset[str] = frozenset()
    facts: frozenset[str] = frozenset()


TRUE = Outcome(True)

# (requirement, exclusion) keys per leaf: the first explains a False, the second explains
# a True when the leaf sits under ``not``.
Keys = tuple[str, str]
_TITLE: Keys = ("catalog-reason-title-needed", "catalog-reason-title-excluded")
_MEMBER: Keys = ("catalog-reason-member-needed", "catalog-reason-member-excluded")
_NON_MEMBER: Keys = ("catalog-reason-non-member-needed", "catalog-reason-non-member-excluded")
_OCCUPATION: Keys = ("catalog-reason-occupation-needed", "catalog-reason-occupation-excluded")
_REGION: Keys = ("catalog-reason-region-needed", "catalog-reason-region-excluded")
_YES: Keys = ("catalog-reason-answer-yes-needed", "catalog-reason-answer-yes-excluded")
_NO: Keys = ("catalog-reason-answer-no-needed", "catalog-reason-answer-no-excluded")
_CHOICE: Keys = ("catalog-reason-answer-choice-needed", "catalog-reason-answer-choice-excluded")
_AT_LEAST: Keys = (
    "catalog-reason-answer-at-least-needed",
    "catalog-reason-answer-at-least-excluded",
)
_AT_MOST: Keys = ("catalog-reason-answer-at-most-needed", "catalog-reason-answer-at-most-excluded")
_BETWEEN: Keys = ("catalog-reason-answer-between-needed", "catalog-reason-answer-between-excluded")


def evaluate_rule(rule: Rule | None, facts: MemberFacts, catalog: Catalog) -> Outcome:
    """The rule's value for ``facts``; no rule at all holds for everybody."""
    if rule is None:
        return TRUE
    if isinstance(rule, AllRule):
        return _all([evaluate_rule(r, facts, catalog) for r in rule.all])
    if isinstance(rule, AnyRule):
        return _any([evaluate_rule(r, facts, catalog) for r in rule.any])
    if isinstance(rule, NotRule):
        inner = evaluate_rule(rule.not_, facts, catalog)
        value = None if inner.value is None else not inner.value
        return Outcome(value, inner.why_true, inner.why_false, inner.questions, inner.facts)
    return _leaf(rule, facts, catalog)


def _all(parts: list[Outcome]) -> Outcome:
    if any(p.value is False for p in parts):
        return Outcome(False, why_false=_flat(p.why_false for p in parts if p.value is False))
    if any(p.value is None for p in parts):
        return _unknown(p for p in parts if p.value is None)
    return Outcome(True, why_true=_flat(p.why_true for p in parts))


def _any(parts: list[Outcome]) -> Outcome:
    if any(p.value for p in parts):
        return Outcome(True, why_true=_flat(p.why_true for p in parts if p.value))
    if any(p.value is None for p in parts):
        return _unknown(p for p in parts if p.value is None)
    if len(parts) == 1:
        return parts[0]
    # Several ways in, none taken: "needs A, or B, or C".
    options = tuple(_as_one(p.why_false) for p in parts)
    return Outcome(
        False, why_false=(Message("catalog-reason-one-of", {"options": ListOf(options)}),)
    )


def _unknown(parts: Iterable[Outcome]) -> Outcome:
    questions: set[str] = set()
    facts: set[str] = set()
    for part in parts:
        questions |= part.questions
        facts |= part.facts
    return Outcome(None, questions=frozenset(questions), facts=frozenset(facts))


def _flat(groups: Iterable[tuple[Message, ...]]) -> tuple[Message, ...]:
    return tuple(m for group in groups for m in group)


def _as_one(messages: tuple[Message, ...]) -> Arg:
    if len(messages) == 1:
        return messages[0]
    return ListOf(messages, "and")


# --- leaves ---------------------------------------------------------------------------


def _leaf(rule: Rule, facts: MemberFacts, catalog: Catalog) -> Outcome:
    if isinstance(rule, UnionMemberRule):
        return _union_member(rule.union_member, facts)
    if isinstance(rule, AnyTitleRule):
        names = ListOf(tuple(Message(f"catalog-title-{t}") for t in rule.any_title))
        held = bool(facts.titles.intersection(rule.any_title))
        return _known(held, _TITLE, {"titles": names})
    if isinstance(rule, OccupationRule):
        return _occupation(rule, facts)
    if isinstance(rule, RegionRule):
        return _region(rule, facts, catalog)
    if isinstance(rule, AnswerRule):
        return _all([_answer(catalog, qid, cond, facts) for qid, cond in rule.answer.items()])
    raise TypeError(f"not a rule: {rule!r}")


def _known(value: bool, keys: Keys, args: dict[str, Arg]) -> Outcome:
    """A settled leaf, with the reason for its value."""
    needed, excluded = keys
    if value:
        return Outcome(True, why_true=(Message(excluded, args),))
    return Outcome(False, why_false=(Message(needed, args),))


def _union_member(expected: bool, facts: MemberFacts) -> Outcome:
    if facts.union_member is None:
        return Outcome(None, facts=frozenset({"union_member"}))
    return _known(facts.union_member == expected, _MEMBER if expected else _NON_MEMBER, {})


def _occupation(rule: OccupationRule, facts: MemberFacts) -> Outcome:
    if facts.occupation is None:
        return Outcome(None, facts=frozenset({"occupation"}))
    names = ListOf(tuple(Message(f"catalog-occupation-{o}") for o in rule.occupation_in))
    return _known(facts.occupation in rule.occupation_in, _OCCUPATION, {"occupations": names})


def _region(rule: RegionRule, facts: MemberFacts, catalog: Catalog) -> Outcome:
    regions = [r for r in (catalog.region(code) for code in rule.in_region) if r is not None]
    member_of = [belongs_to(r, facts) for r in regions]
    if not member_of or any(member_of):
        value: bool | None = any(member_of)
    else:
        value = None if None in member_of else False
    if value is None:
        return Outcome(None, facts=frozenset({"union_branch"}))
    return _known(value, _REGION, {"regions": ListOf(tuple(r.names for r in regions))})


def belongs_to(region: Region, facts: MemberFacts) -> bool | None:
    """Whether the member's region or union branch names ``region`` (None: neither known)."""
    texts = [t.casefold() for t in (facts.region, facts.union_branch) if t]
    if not texts:
        return None
    # Free text such as "湖州市南浔区总工会" contains the alias "南浔".
    needles = [n.casefold() for n in (region.id, *region.aliases) if n]
    return any(needle in text for text in texts for needle in needles)


def _answer(catalog: Catalog, qid: str, cond: AnswerCondition, facts: MemberFacts) -> Outcome:
    question = catalog.question(qid)
    given = facts.answers.get(qid)
    if question is None:
        # check() reports the undefined question; for a member it simply never holds.
        return Outcome(False)
    if given is None:
        return Outcome(None, questions=frozenset({qid}))
    if isinstance(cond, bool):
        return _known(given is cond, _YES if cond else _NO, {"question": question.label})
    if isinstance(cond, str | list):
        wanted = [cond] if isinstance(cond, str) else cond
        return _known(
            given in wanted,
            _CHOICE,
            {"question": question.label, "choices": _choice_names(question, wanted)},
        )
    return _number(question, cond, given)


def _choice_names(question: Question, wanted: list[str]) -> ListOf:
    names = {c.id: c.names for c in question.choices}
    return ListOf(tuple(names.get(w, w) for w in wanted))


def _number(question: Question, bound: NumberBound, given: AnswerValue) -> Outcome:
    try:
        number = Decimal(str(given)) if not isinstance(given, bool) else None
    except InvalidOperation:
        number = None
    if number is None:
        return Outcome(None, questions=frozenset({question.id}))
    low, high = bound.at_least, bound.at_most
    inside = (low is None or number >= low) and (high is None or number <= high)
    args: dict[str, Arg] = {
        "question": question.label,
        "min": "" if low is None else str(low),
        "max": "" if high is None else str(high),
        "unit": question.unit if question.unit is not None else "",
    }
    if low is not None and high is not None:
        keys = _BETWEEN
    else:
        keys = _AT_LEAST if low is not None else _AT_MOST
    return _known(inside, keys, args)

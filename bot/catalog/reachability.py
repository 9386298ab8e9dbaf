"""Find tiers no member can ever land on: their rule never holds, or better tiers always win.

Tiers are tried best first, so a tier is dead when every member who passes its rule
(and the programme's) already passes an earlier tier's rule. We decide it exactly over
every combination of the facts the rules mention (titles held, membership, occupation,
regions, answers); a programme mentioning too many facts to enumerate is skipped rather
than guessed at.

Each combination is one bit of a Python int, so a rule's truth over all of them is one
mask and and/or/not are single integer operations: the check runs at every start of the
bot, and evaluating rule trees member by member took ≈ 0.1 s for the sample catalogue.
``holds`` over ``environments`` is the member-by-member reference the tests compare with.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.catalog.facts import OCCUPATIONS, TITLES
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
    Programme,
    RegionRule,
    Rule,
    UnionMemberRule,
)

# 2**16 combinations stay well under a second; real catalogues mention far fewer facts.
MAX_COMBINATIONS = 1 << 16
_NEAR = Decimal("0.001")


@dataclass(frozen=True, slots=True)
class DeadTier:
    index: int
    shadowed_by: tuple[int, ...]  # empty: the tier's rule can never hold at all


@dataclass(frozen=True, slots=True)
class Env:
    """One fully known member: every fact the rules can ask about has a value."""

    titles: frozenset[str]
    union_member: bool
    occupation: str
    regions: frozenset[str]
    answers: dict[str, object]


def dead_tiers(catalog: Catalog, programme: Programme) -> list[DeadTier] | None:
    """Unreachable tiers of ``programme``; None when it is too large to decide."""
    rules = [t.who for t in programme.tiers]
    space = _space(catalog, programme, [programme.who, *rules])
    if space is None:
        return None
    gate = space.mask(programme.who)
    masks = [space.mask(rule) & gate for rule in rules]
    dead: list[DeadTier] = []
    taken = 0  # members an earlier tier already lands on
    for index, mask in enumerate(masks):
        if not mask & ~taken:
            dead.append(DeadTier(index, tuple(j for j in range(index) if masks[j] & mask)))
        taken |= mask
    return dead


def programme_never_holds(catalog: Catalog, programme: Programme) -> bool:
    space = _space(catalog, programme, [programme.who])
    return space is not None and space.mask(programme.who) == 0


# --- the space of members -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Space:
    """Every member the rules can tell apart, one bit each; per fact and value, the mask
    of the members with that value."""

    home_region: str
    full: int
    titles: dict[str, int]  # title -> members holding it
    member: list[tuple[bool, int]]
    occupation: list[tuple[str, int]]
    regions: dict[str, int]  # region -> members inside it (the home region: everyone)
    answers: dict[str, list[tuple[object, int]]]

    def mask(self, rule: Rule | None) -> int:
        """The members for whom ``rule`` holds: ``holds`` for all of them at once."""
        if rule is None:
            return self.full
        if isinstance(rule, AllRule):
            found = self.full
            for child in rule.all:
                found &= self.mask(child)
            return found
        if isinstance(rule, AnyRule):
            found = 0
            for child in rule.any:
                found |= self.mask(child)
            return found
        if isinstance(rule, NotRule):
            return self.full ^ self.mask(rule.not_)
        if isinstance(rule, AnyTitleRule):
            return _union(self.titles.get(t, 0) for t in rule.any_title)
        if isinstance(rule, UnionMemberRule):
            return _union(m for value, m in self.member if value == rule.union_member)
        if isinstance(rule, OccupationRule):
            return _union(m for value, m in self.occupation if value in rule.occupation_in)
        if isinstance(rule, RegionRule):
            if self.home_region in rule.in_region:
                return self.full
            return _union(self.regions.get(r, 0) for r in rule.in_region)
        if isinstance(rule, AnswerRule):
            found = self.full
            for qid, cond in rule.answer.items():
                found &= _union(m for value, m in self.answers.get(qid, ()) if _meets(cond, value))
            return found
        raise TypeError(f"not a rule: {rule!r}")


def _union(masks: Iterable[int]) -> int:
    found = 0
    for mask in masks:
        found |= mask
    return found


def _digit_masks(
    digits: Sequence[Sequence[object]], size: int
) -> Iterator[list[tuple[object, int]]]:
    """Members are numbered with each fact as one digit (the first the most significant);
    per fact, each value with the mask of the members having it: ``stride`` consecutive
    members in every run of ``len(values) * stride``."""
    stride = size
    for values in digits:
        stride //= len(values)
        period = len(values) * stride
        every_period = ((1 << size) - 1) // ((1 << period) - 1)  # a 1 where each run starts
        block = (1 << stride) - 1
        yield [(value, (block << (i * stride)) * every_period) for i, value in enumerate(values)]


def _held(masks: list[tuple[object, int]]) -> int:
    return next(mask for value, mask in masks if value is True)


def _space(catalog: Catalog, programme: Programme, rules: Sequence[Rule | None]) -> _Space | None:
    facts = _facts(catalog, programme, rules)
    if facts is None:
        return None
    titles, members, occupations, regions, answers = facts
    two: list[object] = [True, False]
    digits: list[Sequence[object]] = [*(two for _ in titles), members, occupations,
                                      *(two for _ in regions), *answers.values()]
    size = math.prod(len(values) for values in digits)
    masks = _digit_masks(digits, size)
    title_masks = {t: _held(next(masks)) for t in titles}
    member, occupation = next(masks), next(masks)
    return _Space(
        home_region=programme.region,
        full=(1 << size) - 1,
        titles=title_masks,
        member=member,  # type: ignore[arg-type]
        occupation=occupation,  # type: ignore[arg-type]
        regions={r: _held(next(masks)) for r in regions},
        answers={qid: next(masks) for qid in answers},
    )


def _facts(
    catalog: Catalog, programme: Programme, rules: Sequence[Rule | None]
) -> tuple[list[str], list[bool], list[str], list[str], dict[str, list[object]]] | None:
    """The values each fact the rules mention can take; None when they are too many."""
    leaves = [leaf for rule in rules for leaf in _leaves(rule)]
    titles = sorted(
        {
            t
            for leaf in leaves
            if isinstance(leaf, AnyTitleRule)
            for t in leaf.any_title
            if t in TITLES
        }
    )
    occupations = _occupations(leaves)
    regions = sorted(
        {
            r
            for leaf in leaves
            if isinstance(leaf, RegionRule)
            for r in leaf.in_region
            if r != programme.region
        }
    )
    members = [True, False] if any(isinstance(x, UnionMemberRule) for x in leaves) else [False]
    answers = _answer_domains(catalog, leaves)
    size = 2 ** (len(titles) + len(regions)) * len(members) * len(occupations)
    for domain in answers.values():
        size *= len(domain)
    if size > MAX_COMBINATIONS:
        return None
    return titles, members, occupations, regions, answers


def environments(
    catalog: Catalog, programme: Programme, rules: Sequence[Rule | None]
) -> Iterator[Env] | None:
    """Every member the rules can tell apart, one by one (the reference for ``_Space``)."""
    facts = _facts(catalog, programme, rules)
    if facts is None:
        return None
    titles, members, occupations, regions, answers = facts
    names = list(answers)
    return (
        Env(
            titles=frozenset(t for t, held in zip(titles, held_titles, strict=True) if held),
            union_member=member,
            occupation=occupation,
            # The home region always holds: the programme's own gate requires it.
            regions=frozenset(r for r, inside in zip(regions, in_regions, strict=True) if inside)
            | {programme.region},
            answers=dict(zip(names, values, strict=True)),
        )
        for held_titles in itertools.product([True, False], repeat=len(titles))
        for member in members
        for occupation in occupations
        for in_regions in itertools.product([True, False], repeat=len(regions))
        for values in itertools.product(*answers.values())
    )


def _occupations(leaves: list[Rule]) -> list[str]:
    named = {
        o
        for leaf in leaves
        if isinstance(leaf, OccupationRule)
        for o in leaf.occupation_in
        if o in OCCUPATIONS
    }
    rest = [o for o in OCCUPATIONS if o not in named]
    # One occupation the rules do not name stands for all of them.
    return sorted(named) + rest[:1] if named or rest else [""]


def _answer_domains(catalog: Catalog, leaves: list[Rule]) -> dict[str, list[object]]:
    domains: dict[str, list[object]] = {}
    for leaf in leaves:
        if not isinstance(leaf, AnswerRule):
            continue
        for qid in leaf.answer:
            question = catalog.question(qid)
            if question is None or qid in domains:
                continue
            if question.kind == "yes_no":
                domains[qid] = [True, False]
            elif question.kind == "choice":
                domains[qid] = [c.id for c in question.choices] or [""]
            else:
                domains[qid] = _number_points(leaves, qid)
    return domains


def _number_points(leaves: list[Rule], qid: str) -> list[object]:
    bounds = {
        b
        for leaf in leaves
        if isinstance(leaf, AnswerRule)
        for cond in [leaf.answer.get(qid)]
        if isinstance(cond, NumberBound)
        for b in (cond.at_least, cond.at_most)
        if b is not None
    }
    # A bound only matters at itself and just beside it.
    points = {p for b in bounds for p in (b - _NEAR, b, b + _NEAR)}
    ordered: list[object] = [*sorted(points)]
    return ordered or [Decimal(0)]


def _leaves(rule: Rule | None) -> Iterator[Rule]:
    if rule is None:
        return
    if isinstance(rule, AllRule | AnyRule):
        for child in rule.all if isinstance(rule, AllRule) else rule.any:
            yield from _leaves(child)
    elif isinstance(rule, NotRule):
        yield from _leaves(rule.not_)
    else:
        yield rule


# --- two-valued evaluation over a fully known member ----------------------------------


def holds(rule: Rule | None, env: Env) -> bool:
    """Two-valued twin of ``rules.evaluate_rule``; a property test keeps them in step."""
    if rule is None:
        return True
    if isinstance(rule, AllRule):
        return all(holds(r, env) for r in rule.all)
    if isinstance(rule, AnyRule):
        return any(holds(r, env) for r in rule.any)
    if isinstance(rule, NotRule):
        return not holds(rule.not_, env)
    if isinstance(rule, AnyTitleRule):
        return not env.titles.isdisjoint(rule.any_title)
    if isinstance(rule, UnionMemberRule):
        return env.union_member == rule.union_member
    if isinstance(rule, OccupationRule):
        return env.occupation in rule.occupation_in
    if isinstance(rule, RegionRule):
        return not env.regions.isdisjoint(rule.in_region)
    if isinstance(rule, AnswerRule):
        return all(_meets(c, env.answers.get(q)) for q, c in rule.answer.items())
    raise TypeError(f"not a rule: {rule!r}")


def _meets(cond: AnswerCondition, given: object) -> bool:
    if given is None:
        return False  # an undefined question: check() reports it separately
    if isinstance(cond, bool):
        return given is cond
    if isinstance(cond, str):
        return given == cond
    if isinstance(cond, list):
        return given in cond
    if not isinstance(given, Decimal):
        return False
    return (cond.at_least is None or given >= cond.at_least) and (
        cond.at_most is None or given <= cond.at_most
    )

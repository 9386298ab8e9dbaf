"""Find tiers no member can ever land on: their rule never holds, or better tiers always win.

Tiers are tried best first, so a tier is dead when every member who passes its rule
(and the programme's) already passes an earlier tier's rule. We decide it exactly by
enumerating every combination of the facts the rules mention (titles held, membership,
occupation, regions, answers); a programme mentioning too many facts to enumerate is
skipped rather than guessed at.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
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
    envs = _environments(catalog, programme, [programme.who, *rules])
    if envs is None:
        return None
    hits: list[set[int]] = [set() for _ in rules]
    reachable = [False] * len(rules)
    for env in envs:
        if not holds(programme.who, env):
            continue
        earlier: list[int] = []
        for index, rule in enumerate(rules):
            if not holds(rule, env):
                continue
            if earlier:
                hits[index].update(earlier)
            else:
                reachable[index] = True
            earlier.append(index)
    return [DeadTier(i, tuple(sorted(hits[i]))) for i in range(len(rules)) if not reachable[i]]


def programme_never_holds(catalog: Catalog, programme: Programme) -> bool:
    envs = _environments(catalog, programme, [programme.who])
    return envs is not None and not any(holds(programme.who, env) for env in envs)


# --- the space of members -------------------------------------------------------------


def _environments(
    catalog: Catalog, programme: Programme, rules: Sequence[Rule | None]
) -> Iterator[Env] | None:
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

"""Mistakes the schema alone cannot see: dangling names, impossible figures, dead tiers.

Each check walks the validated catalogue with the path of every node, so a problem is
reported at the line of the offending value (paths use the file's own keys: "zh-CN",
"not").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Protocol

from bot.catalog.facts import OCCUPATIONS, PROFILE_FACTS, TITLES
from bot.catalog.messages import ListOf
from bot.catalog.problems import Problem, problem_at
from bot.catalog.rates import LPR_FIVE_YEAR_FROM_MONTHS, band_for
from bot.catalog.reachability import dead_tiers, programme_never_holds
from bot.catalog.schema import (
    AllRule,
    AnswerCondition,
    AnswerRule,
    AnyRule,
    AnyTitleRule,
    Assumable,
    BandedFixing,
    BasePlusPercent,
    BenchmarkRate,
    Catalog,
    LprFixing,
    LprPlusBp,
    NotRule,
    NumberBound,
    OccupationRule,
    Programme,
    Question,
    RegionRule,
    Rule,
    ShareSubsidy,
    Tier,
)
from bot.catalog.source import NodePath, SourceMap

_HUNDRED = Decimal(100)


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


def semantic_problems(catalog: Catalog, smap: SourceMap) -> list[Problem]:
    checks = (
        _unique_ids(catalog, smap),
        _questions(catalog, smap),
        _rate_tables(catalog, smap),
        _programmes(catalog, smap),
        _assumption_notes(catalog, smap),
    )
    return [problem for check in checks for problem in check]


# --- ids ------------------------------------------------------------------------------


def _unique_ids(catalog: Catalog, smap: SourceMap) -> Iterator[Problem]:
    lists: list[tuple[NodePath, Sequence[_HasId]]] = [
        (("regions",), catalog.regions),
        (("banks",), catalog.banks),
        (("purposes",), catalog.purposes),
        (("questions",), catalog.questions),
        (("rates", "base_tables"), catalog.rates.base_tables),
        (("programmes",), catalog.programmes),
    ]
    for qi, question in enumerate(catalog.questions):
        lists.append((("questions", qi, "choices"), question.choices))
    for pi, programme in enumerate(catalog.programmes):
        lists.append((("programmes", pi, "tiers"), programme.tiers))
        lists.append((("programmes", pi, "workflow"), programme.workflow))
    for base, items in lists:
        yield from _duplicates(base, items, smap)


def _duplicates(base: NodePath, items: Sequence[_HasId], smap: SourceMap) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in first:
            line = smap.at((*base, first[item.id], "id")).line
            yield problem_at(
                smap,
                (*base, index, "id"),
                "catalog-problem-duplicate-id",
                id=item.id,
                first_line=line,
            )
        else:
            first[item.id] = index


# --- questions ------------------------------------------------------------------------


def _questions(catalog: Catalog, smap: SourceMap) -> Iterator[Problem]:
    for qi, question in enumerate(catalog.questions):
        path: NodePath = ("questions", qi)
        if question.id in PROFILE_FACTS:
            # The profile already knows it: the bot must never ask it as a loan question.
            yield problem_at(
                smap, (*path, "id"), "catalog-problem-question-is-profile", id=question.id
            )
        if question.kind == "choice" and len(question.choices) < 2:
            yield problem_at(smap, path, "catalog-problem-choices-needed", id=question.id)
        if question.kind != "choice" and question.choices:
            yield problem_at(
                smap,
                (*path, "choices"),
                "catalog-problem-choices-unused",
                id=question.id,
                kind=question.kind,
            )
        if question.expect is not None and question.kind != "yes_no":
            yield problem_at(
                smap, (*path, "expect"), "catalog-problem-expect-not-yes-no", id=question.id
            )


# --- rate tables ----------------------------------------------------------------------


def _rate_tables(catalog: Catalog, smap: SourceMap) -> Iterator[Problem]:
    yield from _fixings(("rates", "benchmark"), catalog.rates.benchmark, smap)
    yield from _fixings(("rates", "lpr"), catalog.rates.lpr, smap)
    for ti, table in enumerate(catalog.rates.base_tables):
        path: NodePath = ("rates", "base_tables", ti)
        if catalog.bank(table.bank) is None:
            yield _unknown(smap, (*path, "bank"), "bank", table.bank, catalog.banks)
        yield from _fixings((*path, "fixings"), table.fixings, smap)


def _fixings(
    base: NodePath, fixings: Sequence[BandedFixing | LprFixing], smap: SourceMap
) -> Iterator[Problem]:
    for index, fixing in enumerate(fixings):
        if index and fixing.effective <= fixings[index - 1].effective:
            yield problem_at(
                smap,
                (*base, index, "effective"),
                "catalog-problem-fixing-order",
                effective=fixing.effective,
            )
        if isinstance(fixing, BandedFixing):
            yield from _bands((*base, index, "bands"), fixing, smap)


def _bands(base: NodePath, fixing: BandedFixing, smap: SourceMap) -> Iterator[Problem]:
    previous = 0
    for index, band in enumerate(fixing.bands):
        if band.up_to_months is None:
            if index != len(fixing.bands) - 1:
                yield problem_at(smap, (*base, index), "catalog-problem-open-band-not-last")
            continue
        if band.up_to_months <= previous:
            yield problem_at(
                smap,
                (*base, index, "up_to_months"),
                "catalog-problem-band-order",
                months=band.up_to_months,
                previous=previous,
            )
        previous = band.up_to_months


# --- programmes and tiers -------------------------------------------------------------


def _programmes(catalog: Catalog, smap: SourceMap) -> Iterator[Problem]:
    for pi, programme in enumerate(catalog.programmes):
        path: NodePath = ("programmes", pi)
        yield from _programme_refs(catalog, programme, path, smap)
        if programme.who is not None:
            yield from _rule_refs(catalog, programme.who, (*path, "who"), smap)
        for ti, tier in enumerate(programme.tiers):
            yield from _tier(catalog, tier, (*path, "tiers", ti), smap)
        yield from _dead(catalog, programme, path, smap)


def _programme_refs(
    catalog: Catalog, programme: Programme, path: NodePath, smap: SourceMap
) -> Iterator[Problem]:
    if catalog.bank(programme.bank) is None:
        yield _unknown(smap, (*path, "bank"), "bank", programme.bank, catalog.banks)
    if catalog.region(programme.region) is None:
        yield _unknown(smap, (*path, "region"), "region", programme.region, catalog.regions)
    known_purposes = {p.id for p in catalog.purposes}
    for index, purpose in enumerate(programme.purposes):
        if purpose not in known_purposes:
            yield _unknown(smap, (*path, "purposes", index), "purpose", purpose, catalog.purposes)
    for index, qid in enumerate(programme.required_questions):
        if catalog.question(qid) is None:
            yield _unknown(
                smap, (*path, "required_questions", index), "question", qid, catalog.questions
            )


def _tier(catalog: Catalog, tier: Tier, path: NodePath, smap: SourceMap) -> Iterator[Problem]:
    if tier.cap.max < tier.cap.min:
        yield problem_at(
            smap,
            (*path, "cap", "max"),
            "catalog-problem-cap-below-floor",
            max=str(tier.cap.max),
            min=str(tier.cap.min),
        )
    if tier.term.default_months and tier.term.default_months > tier.term.max_months:
        yield problem_at(
            smap,
            (*path, "term", "default_months"),
            "catalog-problem-default-term-too-long",
            months=tier.term.default_months,
            max=tier.term.max_months,
        )
    if isinstance(tier.subsidy, ShareSubsidy) and tier.subsidy.share_percent > _HUNDRED:
        yield problem_at(
            smap,
            (*path, "subsidy", "share_percent"),
            "catalog-problem-share-over-100",
            share=str(tier.subsidy.share_percent),
        )
    yield from _rate_refs(catalog, tier, (*path, "rate"), smap)
    if tier.who is not None:
        yield from _rule_refs(catalog, tier.who, (*path, "who"), smap)


def _rate_refs(catalog: Catalog, tier: Tier, path: NodePath, smap: SourceMap) -> Iterator[Problem]:
    rule, months = tier.rate, tier.term.max_months
    if isinstance(rule, BasePlusPercent):
        table = catalog.base_table(rule.table)
        if table is None:
            yield _unknown(smap, (*path, "table"), "table", rule.table, catalog.rates.base_tables)
        else:
            yield from _coverage(table.fixings, months, rule.table, path, smap)
    elif isinstance(rule, BenchmarkRate):
        if not catalog.rates.benchmark:
            yield problem_at(smap, (*path, "kind"), "catalog-problem-no-table", table="benchmark")
        yield from _coverage(catalog.rates.benchmark, months, "benchmark", path, smap)
    elif isinstance(rule, LprPlusBp):
        yield from _lpr_coverage(catalog, rule, months, path, smap)


def _coverage(
    fixings: Sequence[BandedFixing], months: int, table: str, path: NodePath, smap: SourceMap
) -> Iterator[Problem]:
    # Terms run from 1 month to the tier's maximum: the longest must fall in some band.
    for fixing in fixings:
        if band_for(fixing.bands, months) is None:
            yield problem_at(
                smap,
                path,
                "catalog-problem-missing-band",
                table=table,
                months=months,
                effective=fixing.effective,
            )


def _lpr_coverage(
    catalog: Catalog, rule: LprPlusBp, months: int, path: NodePath, smap: SourceMap
) -> Iterator[Problem]:
    if not catalog.rates.lpr:
        yield problem_at(smap, (*path, "kind"), "catalog-problem-no-table", table="lpr")
        return
    if rule.tenor != "by_term":
        needed = {rule.tenor}
    else:
        needed = {"1y", "5y"} if months >= LPR_FIVE_YEAR_FROM_MONTHS else {"1y"}
    for fixing in catalog.rates.lpr:
        for tenor in sorted(needed - set(fixing.tenors)):
            yield problem_at(
                smap, path, "catalog-problem-missing-tenor", tenor=tenor, effective=fixing.effective
            )


def _dead(
    catalog: Catalog, programme: Programme, path: NodePath, smap: SourceMap
) -> Iterator[Problem]:
    if programme.who is not None and programme_never_holds(catalog, programme):
        yield problem_at(
            smap, (*path, "who"), "catalog-problem-programme-never-true", programme=programme.id
        )
        return
    for dead in dead_tiers(catalog, programme) or []:
        tier = programme.tiers[dead.index]
        where: NodePath = (*path, "tiers", dead.index, "who" if tier.who else "id")
        if dead.shadowed_by:
            earlier = ListOf(tuple(programme.tiers[i].id for i in dead.shadowed_by), "and")
            yield problem_at(smap, where, "catalog-problem-tier-shadowed", tier=tier.id, by=earlier)
        else:
            yield problem_at(smap, where, "catalog-problem-tier-never-true", tier=tier.id)


# --- rule references ------------------------------------------------------------------


def _rule_refs(catalog: Catalog, rule: Rule, path: NodePath, smap: SourceMap) -> Iterator[Problem]:
    if isinstance(rule, AllRule | AnyRule):
        tag, children = ("all", rule.all) if isinstance(rule, AllRule) else ("any", rule.any)
        for index, child in enumerate(children):
            yield from _rule_refs(catalog, child, (*path, tag, index), smap)
    elif isinstance(rule, NotRule):
        yield from _rule_refs(catalog, rule.not_, (*path, "not"), smap)
    elif isinstance(rule, AnyTitleRule):
        yield from _vocabulary(rule.any_title, TITLES, "title", (*path, "any_title"), smap)
    elif isinstance(rule, OccupationRule):
        yield from _vocabulary(
            rule.occupation_in, OCCUPATIONS, "occupation", (*path, "occupation_in"), smap
        )
    elif isinstance(rule, RegionRule):
        known = tuple(r.id for r in catalog.regions)
        yield from _vocabulary(rule.in_region, known, "region", (*path, "in_region"), smap)
    elif isinstance(rule, AnswerRule):
        for qid, cond in rule.answer.items():
            yield from _condition(catalog, qid, cond, (*path, "answer", qid), smap)


def _vocabulary(
    used: Iterable[str], known: Sequence[str], what: str, path: NodePath, smap: SourceMap
) -> Iterator[Problem]:
    for index, code in enumerate(used):
        if code not in known:
            yield problem_at(
                smap,
                (*path, index),
                "catalog-problem-unknown-reference",
                what=what,
                value=code,
                allowed=ListOf(tuple(known)),
            )


def _condition(
    catalog: Catalog, qid: str, cond: AnswerCondition, path: NodePath, smap: SourceMap
) -> Iterator[Problem]:
    question = catalog.question(qid)
    if question is None:
        yield _unknown(smap, path, "question", qid, catalog.questions, on_key=True)
        return
    if not _fits(question, cond):
        yield problem_at(
            smap, path, "catalog-problem-condition-type", question=qid, kind=question.kind
        )
        return
    if question.kind == "choice" and isinstance(cond, str | list):
        known = tuple(c.id for c in question.choices)
        # A single choice sits at ``path`` itself; smap.at falls back to it from path[0].
        yield from _vocabulary(
            [cond] if isinstance(cond, str) else cond, known, "choice", path, smap
        )
    if isinstance(cond, NumberBound):
        if cond.at_least is None and cond.at_most is None:
            yield problem_at(smap, path, "catalog-problem-empty-bound", question=qid)
        elif (
            cond.at_least is not None
            and cond.at_most is not None
            and (cond.at_least > cond.at_most)
        ):
            yield problem_at(smap, (*path, "at_most"), "catalog-problem-bound-order", question=qid)


def _fits(question: Question, cond: AnswerCondition) -> bool:
    if question.kind == "yes_no":
        return isinstance(cond, bool)
    if question.kind == "choice":
        return isinstance(cond, str | list)
    return isinstance(cond, NumberBound)


# --- assumptions ----------------------------------------------------------------------


def _assumption_notes(catalog: Catalog, smap: SourceMap) -> Iterator[Problem]:
    # An assumption shown to members must say what was assumed and why.
    for path, item in _assumables(catalog):
        if item.assumption and item.note is None:
            yield problem_at(smap, (*path, "assumption"), "catalog-problem-assumption-note")


def _assumables(catalog: Catalog) -> Iterator[tuple[NodePath, Assumable]]:
    for index, fixing in enumerate(catalog.rates.benchmark):
        yield ("rates", "benchmark", index), fixing
    for index, lpr in enumerate(catalog.rates.lpr):
        yield ("rates", "lpr", index), lpr
    for ti, table in enumerate(catalog.rates.base_tables):
        for index, fixing in enumerate(table.fixings):
            yield ("rates", "base_tables", ti, "fixings", index), fixing
    for pi, programme in enumerate(catalog.programmes):
        for ti, tier in enumerate(programme.tiers):
            base: NodePath = ("programmes", pi, "tiers", ti)
            yield (*base, "cap"), tier.cap
            yield (*base, "term"), tier.term
            yield (*base, "rate"), tier.rate
            yield (*base, "subsidy"), tier.subsidy


def _unknown(
    smap: SourceMap,
    path: NodePath,
    what: str,
    value: str,
    known: Sequence[_HasId],
    *,
    on_key: bool = False,
) -> Problem:
    return problem_at(
        smap,
        path,
        "catalog-problem-unknown-reference",
        on_key=on_key,
        what=what,
        value=value,
        allowed=ListOf(tuple(k.id for k in known)),
    )

"""Which programmes fit a member, at which tier, on what terms, and why.

For each programme: the gates (borrower type, home region, the programme's own rule,
yes/no answers it cannot accept), then the tiers best first; the first tier whose rule
holds is the member's. Tiers above it that could still hold once a question is answered
name that question in ``missing_questions``: the bot asks only those.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.catalog.facts import BORROWER_QUESTION, MemberFacts
from bot.catalog.messages import Amount, Arg, ListOf, Message, Rate
from bot.catalog.rates import RateQuote, RateUnavailable, quote
from bot.catalog.rules import TRUE, Outcome, belongs_to, evaluate_rule
from bot.catalog.schema import (
    Borrower,
    Catalog,
    FullSubsidy,
    Names,
    PointsSubsidy,
    Programme,
    ShareSubsidy,
    Subsidy,
    Tier,
)

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Bearing:
    """What the member actually bears once the union has refunded its subsidy.

    The member still pays the bank the full contractual instalment; the union refunds
    ``refunded_annual_rate`` worth of interest later (DOMAIN.md, "Interest subsidy").
    """

    net_annual_rate: Decimal
    refunded_annual_rate: Decimal
    explanation: Message


@dataclass(frozen=True, slots=True)
class Verdict:
    programme: Programme
    tier: Tier | None
    eligible: bool
    borrower: Borrower
    cap: Decimal | None  # the tier's maximum; None without a tier
    cap_min: Decimal | None
    rate: RateQuote | None  # the bank's contractual rate, before any subsidy
    term_months: int | None  # the term the rate is quoted for
    term_max_months: int | None
    security: tuple[str, ...]
    subsidy: Subsidy | None
    bears: Bearing | None
    reasons: tuple[Message, ...]
    missing_questions: tuple[str, ...]  # question ids, in catalogue order
    missing_facts: tuple[str, ...]  # profile facts to fill in (never asked as questions)
    apply_questions: tuple[str, ...]  # asked by the pre-application, not answered yet
    assumptions: tuple[Names, ...]  # figures the source does not state

    @property
    def settled(self) -> bool:
        """No answer the member could still give would change this verdict."""
        return not self.missing_questions and not self.missing_facts


@dataclass(frozen=True, slots=True)
class _Gates:
    value: bool | None
    reasons: tuple[Message, ...]
    questions: frozenset[str]
    facts: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Pending:
    questions: frozenset[str] = frozenset()
    facts: frozenset[str] = frozenset()


def evaluate(
    catalog: Catalog, facts: MemberFacts, *, on: date, term_months: int | None = None
) -> list[Verdict]:
    """One verdict per programme, in catalogue order."""
    return [_programme(catalog, p, facts, on, term_months) for p in catalog.programmes]


def _programme(
    catalog: Catalog, programme: Programme, facts: MemberFacts, on: date, term: int | None
) -> Verdict:
    gates = _gates(catalog, programme, facts)
    if gates.value is False:
        # Nothing the member could answer would help: say only what shuts the door.
        return _no_tier(catalog, programme, facts, gates.reasons, _Pending())
    tier, reasons, pending = _pick_tier(catalog, programme, facts)
    pending = _Pending(gates.questions | pending.questions, gates.facts | pending.facts)
    if tier is None:
        return _no_tier(catalog, programme, facts, reasons, pending)
    return _with_tier(
        catalog, programme, tier, facts, (on, term), gates.value is True, reasons, pending
    )


def _gates(catalog: Catalog, programme: Programme, facts: MemberFacts) -> _Gates:
    parts = [
        _borrower(catalog, programme, facts),
        _home_region(catalog, programme, facts),
        evaluate_rule(programme.who, facts, catalog),
        *_blocking_answers(catalog, programme, facts),
    ]
    if any(p.value is False for p in parts):
        return _Gates(
            False,
            tuple(m for p in parts if p.value is False for m in p.why_false),
            frozenset(),
            frozenset(),
        )
    unknown = [p for p in parts if p.value is None]
    return _Gates(
        None if unknown else True,
        (),
        frozenset(q for p in unknown for q in p.questions),
        frozenset(f for p in unknown for f in p.facts),
    )


def _borrower(catalog: Catalog, programme: Programme, facts: MemberFacts) -> Outcome:
    # A member is presumed to borrow for themselves: only company loans wait for the
    # answer, so the bot asks "for you or your company?" before any business question.
    given = facts.answers.get(BORROWER_QUESTION)
    if given is None:
        asked = programme.borrower == "company" and catalog.question(BORROWER_QUESTION)
        return Outcome(None, questions=frozenset({BORROWER_QUESTION})) if asked else TRUE
    if given == programme.borrower:
        return TRUE
    return Outcome(
        False,
        why_false=(
            Message(
                "catalog-reason-borrower",
                {"borrower": Message(f"catalog-borrower-{programme.borrower}")},
            ),
        ),
    )


def _home_region(catalog: Catalog, programme: Programme, facts: MemberFacts) -> Outcome:
    # Union loans are for members of the organising union: the region is always a gate.
    region = catalog.region(programme.region)
    if region is None:
        return TRUE
    member_of = belongs_to(region, facts)
    if member_of is None:
        return Outcome(None, facts=frozenset({"union_branch"}))
    if member_of:
        return TRUE
    return Outcome(
        False, why_false=(Message("catalog-reason-home-region", {"region": region.names}),)
    )


def _blocking_answers(catalog: Catalog, programme: Programme, facts: MemberFacts) -> list[Outcome]:
    out = []
    for qid in programme.required_questions:
        question = catalog.question(qid)
        given = facts.answers.get(qid)
        if question is None or question.expect is None or given is None:
            continue
        if given is not question.expect:
            out.append(
                Outcome(
                    False,
                    why_false=(
                        Message("catalog-reason-answer-blocks", {"question": question.label}),
                    ),
                )
            )
    return out


def _pick_tier(
    catalog: Catalog, programme: Programme, facts: MemberFacts
) -> tuple[Tier | None, tuple[Message, ...], _Pending]:
    """The first tier that holds, why the better ones do not, and what could still lift it."""
    chosen: Tier | None = None
    not_reached: list[tuple[Tier, Outcome]] = []
    undecided: list[Outcome] = []
    for tier in programme.tiers:
        outcome = evaluate_rule(tier.who, facts, catalog)
        if outcome.value:
            chosen = tier
            break
        if outcome.value is None:
            undecided.append(outcome)
        else:
            not_reached.append((tier, outcome))
    pending = _Pending(
        frozenset(q for o in undecided for q in o.questions),
        frozenset(f for o in undecided for f in o.facts),
    )
    if chosen is not None:
        return chosen, _tier_reasons(chosen, not_reached), pending
    if len(programme.tiers) == 1 and not_reached:
        # One tier: its requirement is the programme's, no need to name the tier.
        return None, not_reached[0][1].why_false, pending
    return None, _missed(not_reached), pending


def _tier_reasons(tier: Tier, not_reached: list[tuple[Tier, Outcome]]) -> tuple[Message, ...]:
    cap: dict[str, Arg] = {
        "tier": tier.names,
        "max": Amount(tier.cap.max),
        "min": Amount(tier.cap.min),
    }
    key = "catalog-reason-tier-range" if tier.cap.min > 0 else "catalog-reason-tier"
    return (Message(key, cap), *_missed(not_reached))


def _missed(not_reached: list[tuple[Tier, Outcome]]) -> tuple[Message, ...]:
    return tuple(
        Message(
            "catalog-reason-tier-not-reached",
            {
                "tier": tier.names,
                "max": Amount(tier.cap.max),
                "reason": _one(outcome.why_false),
            },
        )
        for tier, outcome in not_reached
    )


def _one(messages: tuple[Message, ...]) -> Arg:
    return messages[0] if len(messages) == 1 else ListOf(messages, "and")


def _with_tier(
    catalog: Catalog,
    programme: Programme,
    tier: Tier,
    facts: MemberFacts,
    when: tuple[date, int | None],
    gates_pass: bool,
    reasons: tuple[Message, ...],
    pending: _Pending,
) -> Verdict:
    on, wanted = when
    months = min(wanted or tier.term.quote_months, tier.term.max_months)
    extra: list[Message] = []
    term_ok = True
    if wanted is not None and wanted > tier.term.max_months:
        term_ok = False
        limits: dict[str, Arg] = {"months": wanted, "max": tier.term.max_months}
        extra.append(Message("catalog-reason-term-too-long", limits))
    rate: RateQuote | None = None
    try:
        # Beyond the maximum term the rate is quoted for the longest term allowed.
        rate = quote(catalog, tier.rate, term_months=months, on=on)
    except RateUnavailable as exc:
        extra.append(exc.message)
    return Verdict(
        programme=programme,
        tier=tier,
        eligible=gates_pass and term_ok,
        borrower=programme.borrower,
        cap=tier.cap.max,
        cap_min=tier.cap.min,
        rate=rate,
        term_months=months,
        term_max_months=tier.term.max_months,
        security=tuple(tier.security),
        subsidy=tier.subsidy,
        bears=bearing(tier.subsidy, rate.annual_rate) if rate else None,
        reasons=(*reasons, *extra),
        missing_questions=_ordered(catalog, pending.questions),
        missing_facts=tuple(sorted(pending.facts)),
        apply_questions=_unanswered(programme, facts),
        assumptions=_assumptions(programme, tier, rate),
    )


def _no_tier(
    catalog: Catalog,
    programme: Programme,
    facts: MemberFacts,
    reasons: tuple[Message, ...],
    pending: _Pending,
) -> Verdict:
    return Verdict(
        programme=programme,
        tier=None,
        eligible=False,
        borrower=programme.borrower,
        cap=None,
        cap_min=None,
        rate=None,
        term_months=None,
        term_max_months=None,
        security=(),
        subsidy=None,
        bears=None,
        reasons=reasons,
        missing_questions=_ordered(catalog, pending.questions),
        missing_facts=tuple(sorted(pending.facts)),
        apply_questions=_unanswered(programme, facts),
        assumptions=tuple(programme.notes),
    )


def bearing(subsidy: Subsidy, rate: Decimal) -> Bearing:
    """Split the contractual ``rate`` into what the union refunds and what the member bears."""
    if isinstance(subsidy, FullSubsidy):
        return Bearing(_ZERO, rate, Message("catalog-bears-full", {"rate": Rate(rate)}))
    if isinstance(subsidy, PointsSubsidy):
        refunded = min(subsidy.points, rate)
        return _partial(
            rate,
            refunded,
            "catalog-bears-points",
            {"points": format(subsidy.points.normalize(), "f")},
        )
    if isinstance(subsidy, ShareSubsidy):
        share = min(subsidy.share_percent, _HUNDRED)
        return _partial(
            rate,
            rate * share / _HUNDRED,
            "catalog-bears-share",
            {"share": format(share.normalize(), "f")},
        )
    return Bearing(rate, _ZERO, Message("catalog-bears-all", {"rate": Rate(rate)}))


def _partial(rate: Decimal, refunded: Decimal, key: str, args: dict[str, Arg]) -> Bearing:
    net = rate - refunded
    full: dict[str, Arg] = {
        **args,
        "rate": Rate(rate),
        "net": Rate(net),
        "refunded": Rate(refunded),
    }
    return Bearing(net, refunded, Message(key, full))


def _ordered(catalog: Catalog, questions: frozenset[str]) -> tuple[str, ...]:
    known = [q.id for q in catalog.questions if q.id in questions]
    return (*known, *sorted(questions.difference(known)))


def _unanswered(programme: Programme, facts: MemberFacts) -> tuple[str, ...]:
    return tuple(q for q in programme.required_questions if q not in facts.answers)


def _assumptions(programme: Programme, tier: Tier, rate: RateQuote | None) -> tuple[Names, ...]:
    notes: list[Names] = list(programme.notes)
    for part in (tier.cap, tier.term, tier.subsidy):
        if part.assumption and part.note is not None:
            notes.append(part.note)
    if rate is not None:
        notes.extend(rate.notes)
    unique: list[Names] = []
    for note in notes:
        if note not in unique:
            unique.append(note)
    return tuple(unique)

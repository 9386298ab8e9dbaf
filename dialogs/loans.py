"""/loans: which union loan programmes fit this member, each verdict explaining itself.

    branch ─► titles ─► level ─► question ⟲ ─► results ⟲ (pages) ─► done
    (branch only when the profile has none; titles and level only for a profile never
    filled in; one question per prompt, only those some programme still needs)
    results: one page per fitting programme (its card, "apply", "monthly payment"),
    then the others with their reasons; "change my last answer" steps back a question.

Facts come from the profile and are never asked again. Two facts every verdict rests on
may be missing: the union branch (every programme is for the members of one local union)
is asked inline, because one tap settles it and nothing can be judged without it; titles
are asked inline only when the profile was never filled in (no occupation either), since
an empty title list there means "not asked" rather than "none". Both answers go into the
profile when the verdicts are first shown, so they are not asked again; a check cancelled
before that changes nothing.

The guided questions are the catalogue's ``missing_questions``: the first open one in
catalogue order is asked, the verdicts are re-evaluated with its answer, and so on, so an
answer that settles a programme drops the questions only that programme needed.

Results are pages of one message, not a message per programme, so that the buttons of
every card stay reachable on channels that act on the latest message only (the console)
and each message stays far below Telegram's 4096 characters. The card buttons are menu
payloads ("menu:apply <programme>", "menu:calc <programme> <tier>"): they start those
commands from any message, old or new, and this check waits to be resumed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from bot.catalog import (
    Catalog,
    MemberFacts,
    Message,
    Question,
    Rate,
    Verdict,
    evaluate,
    render_message,
)
from bot.catalog.facts import PROFILE_FACTS, TITLES
from bot.catalog.schema import FullSubsidy, PointsSubsidy, ShareSubsidy
from bot.loans.amounts import AmountError, TermError, format_cny, parse_amount, parse_term_months
from bot.loans.calculator import Method
from dialogs import profile
from dialogs.engine import BACK, NEXT, Ctx, Flow, Invalid, Step, choice, choice_buttons
from dialogs.model import Button, Event, Kind, Msg, Reply, msg
from dialogs.router import MENU

INELIGIBLE_PER_PAGE = 6  # a page stays far below Telegram's 4096 characters
SECURITIES = ("credit", "guarantee", "mortgage")
SUBSIDY_KINDS = ("none", "full", "points", "share")
BORROWERS = ("individual", "company")
# Locale keys this module builds from codes; tests/test_locales.py checks they exist.
KEY_FAMILIES: frozenset[str] = frozenset(
    {f"loans-security-{s}" for s in SECURITIES}
    | {f"loans-subsidy-{k}" for k in SUBSIDY_KINDS}
    | {f"loans-fact-{f}" for f in PROFILE_FACTS}
    | {f"loans-count-{b}" for b in BORROWERS}
)


# -- facts ----------------------------------------------------------------------------

def _today(ctx: Ctx) -> date:
    return ctx.now.astimezone(ctx.services.settings.tz).date()


def _catalog(ctx: Ctx) -> Catalog:
    catalog: Catalog = ctx.services.catalog
    return catalog


def _branch(ctx: Ctx) -> str | None:
    return ctx.data.get("branch") or ctx.profile.branch


def _titles(ctx: Ctx) -> list[str]:
    titles = ctx.data["titles"] if "titles" in ctx.data else ctx.profile.titles
    return [t for t in titles or [] if t in TITLES]


def _answers(ctx: Ctx) -> dict[str, bool | str | Decimal]:
    """Stored answers as the rules want them (numbers are kept as text in the dialog)."""
    catalog = _catalog(ctx)
    out: dict[str, bool | str | Decimal] = {}
    for qid, value in (ctx.data.get("answers") or {}).items():
        question = catalog.question(qid)
        is_number = question is not None and question.kind == "number"
        out[qid] = Decimal(value) if is_number and isinstance(value, str) else value
    return out


def member_facts(ctx: Ctx) -> MemberFacts:
    """What the rules know: the profile, inline answers to branch and titles, the answers."""
    branch = _branch(ctx)
    known = ctx.services.branches.get(branch or "")
    return MemberFacts(
        # Naming one's union branch is being its member: the bot has no other membership
        # record, and a member who names none is asked for it before any verdict.
        union_member=True if branch else None,
        union_branch=branch,
        region=known.name("zh-CN") if known else None,
        occupation=ctx.profile.occupation,
        titles=frozenset(_titles(ctx)),
        answers=_answers(ctx),
    )


def verdicts(ctx: Ctx) -> list[Verdict]:
    return evaluate(_catalog(ctx), member_facts(ctx), on=_today(ctx))


def open_questions(ctx: Ctx) -> list[Question]:
    """The questions some programme still needs, unanswered, in catalogue order."""
    wanted = {q for v in verdicts(ctx) for q in v.missing_questions}
    answered = ctx.data.get("answers") or {}
    return [q for q in _catalog(ctx).questions if q.id in wanted and q.id not in answered]


# -- branch and titles, only when the profile lacks them ---------------------------------

def _branch_options(ctx: Ctx) -> list[tuple[str, Msg | str]]:
    return [(b.code, b.name(ctx.locale)) for b in ctx.services.branches.values()]


def _ask_branch(ctx: Ctx) -> Reply:
    return Reply((msg("loans-ask-branch"),), choice_buttons(ctx, _branch_options(ctx)))


def _profile_blank(ctx: Ctx) -> bool:
    # The profile flow always sets an occupation: without one, no titles means "not asked".
    return not ctx.profile.titles and ctx.profile.occupation is None


def _ask_titles(ctx: Ctx) -> Reply:
    # The same toggles as /profile, under a sentence saying why loans need them.
    toggles = profile._ask_titles(ctx)
    return Reply((msg("loans-ask-titles"),), toggles.buttons)


def _after_titles(ctx: Ctx) -> str:
    return "level" if "labour_model" in (ctx.data.get("titles") or []) else NEXT


def _level_options(_ctx: Ctx) -> list[tuple[str, Msg | str]]:
    return [(lv, msg(f"level-{lv}")) for lv in profile.LEVELS]


def _ask_level(ctx: Ctx) -> Reply:
    return Reply((msg("profile-ask-level"),), choice_buttons(ctx, _level_options(ctx)))


# -- the guided questions --------------------------------------------------------------

def _going_back(ctx: Ctx) -> bool:
    event = ctx.event
    return event is not None and event.kind is Kind.BUTTON and event.data.endswith(f":{BACK}")


def _undo_last_answer(ctx: Ctx) -> None:
    """« Back on a question re-asks the one answered before it, forgetting that answer.

    Every question is the same step (the catalogue decides how many there are), so the
    engine's back lands on this step again; its prompt sees the back press and steps
    back one answer.
    """
    asked: list[str] = ctx.data.get("asked") or []
    if asked:
        (ctx.data.get("answers") or {}).pop(asked.pop(), None)


def _question(ctx: Ctx) -> Question | None:
    return _catalog(ctx).question(ctx.data.get("q") or "")


def _yes_no(_ctx: Ctx) -> list[tuple[str, Msg | str]]:
    return [("yes", msg("value-yes")), ("no", msg("value-no"))]


def _choices(ctx: Ctx) -> list[tuple[str, Msg | str]]:
    question = _question(ctx)
    if question is None:
        return []
    return [(c.id, c.names.in_lang(ctx.locale)) for c in question.choices]


def _ask_question(ctx: Ctx) -> Reply:
    if _going_back(ctx):
        _undo_last_answer(ctx)
    pending = open_questions(ctx)
    if not pending:  # only reachable by a forged back press; answering moves on
        return Reply((msg("loans-no-more-questions"),))
    question = pending[0]
    ctx.data["q"] = question.id
    needed_by = [v.programme.names.in_lang(ctx.locale) for v in verdicts(ctx)
                 if question.id in v.missing_questions]
    text = (msg("loans-question", text=question.text.in_lang(ctx.locale), left=len(pending)),
            msg("loans-question-why", programmes=_joined(ctx, needed_by)))
    if question.kind == "yes_no":
        return Reply(text, choice_buttons(ctx, _yes_no(ctx)))
    if question.kind == "choice":
        return Reply(text, choice_buttons(ctx, _choices(ctx)))
    unit = question.unit.in_lang(ctx.locale) if question.unit else ""
    return Reply((*text, msg("loans-question-number", unit=unit)))


def _parse_number(question: Question, text: str) -> str:
    """A typed number ("12", "十二", "12个月"); kept as text so the dialog stays JSON."""
    body = text.strip()
    units = (question.unit.zh_cn, question.unit.en) if question.unit else ()
    for unit in units:
        body = body.removesuffix(unit).strip()
    if body in ("0", "零", "〇"):
        return "0"
    try:
        value = parse_amount(body)
    except AmountError:
        if question.unit is None or question.unit.en != "months":
            raise
        # A count of months is also answered "两年", "1年6个月": read it as a term.
        try:
            value = Decimal(parse_term_months(text))
        except TermError as exc:
            raise AmountError(exc.key) from exc
    return format(value.normalize(), "f")


def parse_answer(ctx: Ctx, event: Event) -> bool | str:
    question = _question(ctx)
    if question is None:  # the catalogue changed under a half-answered check
        raise Invalid("button-unknown")
    if question.kind == "yes_no":
        return bool(choice(_yes_no)(ctx, event) == "yes")
    if question.kind == "choice":
        return str(choice(_choices)(ctx, event))
    if event.kind is not Kind.TEXT:
        raise Invalid("loans-number-typed")
    try:
        return _parse_number(question, event.text)
    except AmountError as exc:
        unit = question.unit.in_lang(ctx.locale) if question.unit else ""
        raise Invalid("loans-number-invalid", unit=unit) from exc


def store_answer(ctx: Ctx, value: bool | str) -> None:
    qid = ctx.data["q"]
    ctx.data.setdefault("answers", {})[qid] = value
    ctx.data.setdefault("asked", []).append(qid)


def _after_question(ctx: Ctx) -> str:
    return "question" if open_questions(ctx) else "results"


# -- verdicts --------------------------------------------------------------------------

def _render(ctx: Ctx) -> Callable[[str, Any], str]:
    return lambda key, args: str(ctx.services.t(ctx.locale, key, args))


def say(ctx: Ctx, message: Message) -> str:
    """A catalogue message (reason, rate derivation) in the member's language."""
    return render_message(message, _render(ctx), ctx.locale)


def _joined(ctx: Ctx, parts: Iterable[str]) -> str:
    return str(ctx.services.t(ctx.locale, "catalog-list-sep")).join(parts)


def rate_text(value: Decimal) -> str:
    """A rate as banks quote it: 4.30, 4.785, 3.6975 (the catalogue's own display rule)."""
    return str(Rate(value))


def _money(ctx: Ctx, amount: Decimal) -> str:
    return format_cny(amount, ctx.locale, compact=True)


def _subsidy_line(verdict: Verdict) -> Msg:
    subsidy = verdict.subsidy
    if isinstance(subsidy, FullSubsidy):
        return msg("loans-subsidy-full")
    if isinstance(subsidy, PointsSubsidy):
        return msg("loans-subsidy-points", points=format(subsidy.points.normalize(), "f"))
    if isinstance(subsidy, ShareSubsidy):
        return msg("loans-subsidy-share", share=format(subsidy.share_percent.normalize(), "f"))
    return msg("loans-subsidy-none")


def _cap_line(ctx: Ctx, verdict: Verdict) -> Msg:
    assert verdict.tier is not None and verdict.cap is not None
    tier = verdict.tier.names.in_lang(ctx.locale)
    if verdict.cap_min:
        return msg("loans-card-cap-range", tier=tier, min=_money(ctx, verdict.cap_min),
                   max=_money(ctx, verdict.cap))
    return msg("loans-card-cap", tier=tier, max=_money(ctx, verdict.cap))


def _rate_lines(ctx: Ctx, verdict: Verdict) -> list[Msg]:
    quote = verdict.rate
    if quote is None:
        return []
    assumed = msg("loans-assumed-mark") if quote.assumption else ""
    return [msg("loans-card-rate", rate=rate_text(quote.annual_rate), months=verdict.term_months,
                assumed=assumed),
            msg("loans-card-rate-how", how=say(ctx, quote.derivation))]


_TIER_KEYS = ("catalog-reason-tier", "catalog-reason-tier-range")
_HIGHER_TIER_KEY = "catalog-reason-tier-not-reached"


def _card(ctx: Ctx, verdict: Verdict) -> list[Msg]:
    """One fitting programme: its terms for this member's tier, each figure explained."""
    programme = verdict.programme
    bank = _catalog(ctx).bank(programme.bank)
    methods = [ctx.services.t(ctx.locale, Method(m).key) for m in programme.repayment_methods]
    securities = [ctx.services.t(ctx.locale, f"loans-security-{s}") for s in verdict.security]
    lines: list[Msg] = [
        msg("loans-card-title", name=programme.names.in_lang(ctx.locale),
            borrower=msg(f"catalog-borrower-{verdict.borrower}")),
        msg("loans-card-organiser", organiser=programme.organiser.in_lang(ctx.locale),
            bank=bank.names.in_lang(ctx.locale) if bank else programme.bank),
        _cap_line(ctx, verdict),
        *_rate_lines(ctx, verdict),
        msg("loans-card-term", months=verdict.term_max_months),
        msg("loans-card-security", security=_joined(ctx, securities)),
        msg("loans-card-methods", methods=_joined(ctx, methods)),
        msg("loans-card-subsidy", subsidy=_subsidy_line(verdict)),
    ]
    if verdict.bears is not None:
        lines.append(msg("loans-card-bears", bears=say(ctx, verdict.bears.explanation)))
    for reason in verdict.reasons:
        if reason.key == _HIGHER_TIER_KEY:  # why the better tiers are out of reach
            lines.append(msg("loans-card-higher-tier", reason=say(ctx, reason)))
        elif reason.key not in _TIER_KEYS:
            lines.append(msg("loans-card-note", note=say(ctx, reason)))
    lines += [msg("loans-card-assumption", note=n.in_lang(ctx.locale))
              for n in verdict.assumptions]
    return lines


def _card_buttons(verdict: Verdict) -> tuple[Button, ...]:
    # Menu payloads, not step buttons: they work from this message whenever it is pressed.
    programme, tier = verdict.programme, verdict.tier
    assert tier is not None
    return (Button(msg("loans-apply"), f"{MENU}:apply {programme.id}"),
            Button(msg("loans-calc"), f"{MENU}:calc {programme.id} {tier.id}"))


def _why_not(ctx: Ctx, verdict: Verdict) -> str:
    reasons = [say(ctx, r) for r in verdict.reasons]
    if verdict.missing_facts:
        facts = _joined(ctx, (ctx.services.t(ctx.locale, f"loans-fact-{f}")
                              for f in verdict.missing_facts))
        reasons.append(ctx.services.t(ctx.locale, "loans-missing-facts", {"facts": facts}))
    return str(ctx.services.t(ctx.locale, "loans-reason-sep")).join(reasons)


def _ineligible(ctx: Ctx, shut: list[Verdict], first: int) -> list[Msg]:
    """A page of the programmes that do not fit, each with its reason."""
    chunk = shut[first:first + INELIGIBLE_PER_PAGE]
    return [msg("loans-ineligible-header", count=len(shut)),
            *(msg("loans-ineligible-item", name=v.programme.names.in_lang(ctx.locale),
                  borrower=msg(f"catalog-borrower-{v.borrower}"), reason=_why_not(ctx, v))
              for v in chunk)]


def _based_on(ctx: Ctx) -> Msg:
    branch = _branch(ctx)
    known = ctx.services.branches.get(branch or "")
    titles = [ctx.services.t(ctx.locale, f"title-{t}") for t in _titles(ctx)]
    return msg("loans-based-on",
               branch=known.name(ctx.locale) if known else branch or msg("value-unset"),
               titles=_joined(ctx, titles) if titles else msg("titles-none"))


def _summary(ctx: Ctx, all_: list[Verdict], fitting: list[Verdict]) -> Msg:
    if not fitting:
        return msg("loans-summary-none", total=len(all_))
    counts = [ctx.services.t(ctx.locale, f"loans-count-{b}",
                             {"count": sum(1 for v in fitting if v.borrower == b)})
              for b in BORROWERS if any(v.borrower == b for v in fitting)]
    names = [v.programme.names.in_lang(ctx.locale) for v in fitting]
    return msg("loans-summary", total=len(all_), fitting=len(fitting),
               split=_joined(ctx, counts), names=_joined(ctx, names))


def _keep_inline_answers(ctx: Ctx) -> bool:
    """Branch and titles answered here go into the profile, so they are not asked again.

    Done when the verdicts are first shown (they rest on these answers); a check
    cancelled before that changes nothing.
    """
    if ctx.data.get("kept"):
        return False
    kept = False
    if ctx.data.get("branch") and ctx.profile.branch != ctx.data["branch"]:
        ctx.profile.branch, kept = ctx.data["branch"], True
    if _titles(ctx) and "titles" in ctx.data and ctx.profile.titles != _titles(ctx):
        ctx.profile.titles, kept = _titles(ctx), True
    ctx.data["kept"] = True
    return kept


# -- results: one page per fitting programme, then the others with their reasons ----------

Page = tuple[str, int]  # ("fit", index into fitting) or ("shut", first index into shut)


def _split(ctx: Ctx) -> tuple[list[Verdict], list[Verdict], list[Verdict]]:
    all_ = verdicts(ctx)
    fitting = [v for v in all_ if v.eligible and v.tier is not None]
    return all_, fitting, [v for v in all_ if v not in fitting]


def _pages(fitting: list[Verdict], shut: list[Verdict]) -> list[Page]:
    pages: list[Page] = [("fit", i) for i in range(len(fitting))]
    return pages + [("shut", i) for i in range(0, len(shut), INELIGIBLE_PER_PAGE)]


def _nav(ctx: Ctx, page: int, count: int) -> tuple[Button, ...]:
    row = []
    if page > 0:
        row.append(ctx.button(msg("loans-prev"), f"page:{page - 1}"))
    if page + 1 < count:
        row.append(ctx.button(msg("loans-more"), f"page:{page + 1}"))
    return tuple(row)


def _ask_results(ctx: Ctx) -> Reply:
    """A page of verdicts; every page starts with the summary so each stands alone."""
    all_, fitting, shut = _split(ctx)
    pages = _pages(fitting, shut)
    page = min(int(ctx.data.get("page") or 0), len(pages) - 1)
    kind, index = pages[page]
    lines: list[Msg] = [_summary(ctx, all_, fitting), _based_on(ctx)]
    if _keep_inline_answers(ctx):
        lines.append(msg("loans-saved-to-profile"))
    rows: list[tuple[Button, ...]] = []
    if kind == "fit":
        verdict = fitting[index]
        lines += _card(ctx, verdict)
        if verdict.assumptions or (verdict.rate and verdict.rate.assumption):
            lines.append(msg("loans-assumption-legend"))
        rows.append(_card_buttons(verdict))
    else:
        lines += _ineligible(ctx, shut, index)
    lines.append(msg("loans-page", page=page + 1, pages=len(pages)))
    rows.append(_nav(ctx, page, len(pages)))
    finish = [ctx.button(msg("loans-done"), "done")]
    if ctx.data.get("asked"):
        # The engine's back: the question step takes back its last answer and asks it again.
        finish.insert(0, ctx.button(msg("loans-change-answer"), BACK))
    rows.append(tuple(finish))
    return Reply(tuple(lines), tuple(r for r in rows if r))


def parse_results(ctx: Ctx, event: Event) -> str:
    value = event.data.partition(":")[2] if event.kind is Kind.BUTTON else ""
    kind, _, arg = value.partition(":")
    if value == "done":
        return value
    if kind == "page" and arg.isdigit() and int(arg) < len(_pages(*_split(ctx)[1:])):
        return value
    raise Invalid("button-unknown") if event.data else Invalid("loans-use-buttons")


def store_results(ctx: Ctx, value: str) -> None:
    kind, _, arg = value.partition(":")
    if kind == "page":
        ctx.data["page"] = int(arg)


async def _bye(_ctx: Ctx) -> list[Reply]:
    return [Reply((msg("loans-bye"),))]


def _set(key: str) -> Callable[[Ctx, Any], None]:
    def store(ctx: Ctx, value: Any) -> None:
        ctx.data[key] = value
    return store


FLOW = Flow(
    name="loans",
    title="flow-loans",
    finish=_bye,
    steps=(
        Step("branch", _ask_branch, profile.parse_branch, store=_set("branch"),
             skip=lambda ctx: bool(ctx.profile.branch)),
        Step("titles", _ask_titles, profile.parse_titles, store=profile.store_titles,
             next=_after_titles, skip=lambda ctx: not _profile_blank(ctx),
             stay=lambda v: "edit" if v != "done" else ""),
        Step("level", _ask_level, choice(_level_options), store=profile.store_level,
             skip=lambda ctx: "labour_model" not in (ctx.data.get("titles") or [])),
        Step("question", _ask_question, parse_answer, store=store_answer,
             next=_after_question, skip=lambda ctx: not open_questions(ctx)),
        Step("results", _ask_results, parse_results, store=store_results,
             stay=lambda v: "edit" if v.startswith("page:") else "", nav=False),
    ),
)

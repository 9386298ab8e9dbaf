"""/apply [programme]: a loan pre-application (预申请), collected here, submitted at the end.

    programme ─► qualify* ─► amount ─► term ─► purpose ─► method ─► branch ─┬─► employer
    (skipped when /apply names one)                           (change) branch_pick ─┘
    employer ─► name ─► phone ─┬─► checks* ─► consent ×3 ─► summary ─► submitted
                 (share other) phone_share ─┘
    * one catalogue question per prompt until none is pending
    summary: "edit <field>" jumps to that one step and comes back.
    A refusal (not eligible, a "no" the programme cannot accept, a consent declined)
    sets data["stop"]; every step then routes to the end, which explains and submits nothing.

Everything lives in the flow's data (stored with the dialog state, so a restart resumes
it) and reaches the applications table only on submit, through this update's transaction.
The chat never asks for an ID-card number, a photo, a bank account or statements; a
number that looks like one is refused and not kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.applications import Draft, NotAllowed
from bot.catalog import MemberFacts, Message, Question, Rate, Verdict, evaluate, render_message
from bot.catalog.facts import BORROWER_QUESTION
from bot.catalog.rules import belongs_to
from bot.catalog.schema import Programme
from bot.loans.amounts import (
    InputError,
    check_range,
    check_term_range,
    format_cny,
    parse_amount,
    parse_term_months,
)
from bot.loans.calculator import Method
from dialogs.engine import NEXT, Ctx, Flow, Invalid, Parser, Step, button_value, choice
from dialogs.engine import choice_buttons as buttons_for
from dialogs.model import Button, Event, Keyboard, KeyboardKind, Kind, Msg, Reply, msg
from dialogs.profile import parse_branch, parse_name, parse_phone

Options = list[tuple[str, Msg | str]]

CONSENTS = ("processing", "bank", "cross_border")
FIELDS = ("amount", "term", "purpose", "method", "branch", "employer", "name", "phone")
EDIT_LABELS = {
    "amount": msg("apply-edit-amount"), "term": msg("apply-edit-term"),
    "purpose": msg("apply-edit-purpose"), "method": msg("apply-edit-method"),
    "branch": msg("apply-edit-branch"), "employer": msg("apply-edit-employer"),
    "name": msg("apply-edit-name"), "phone": msg("apply-edit-phone"),
}
TERM_CHOICES = (12, 24, 36, 60, 120)
EMPLOYER_MIN, EMPLOYER_MAX = 2, 60

# 15–19 digits (old and new ID cards, bank cards) or 17 digits and an X: whatever the
# member meant, such a number never belongs in this chat.
_SENSITIVE = re.compile(r"\d{17}[xX]|\d{15,}")
_CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")


# -- guards shared by every text step ----------------------------------------------

def looks_sensitive(text: str) -> bool:
    """An ID-card or bank-card number, even typed with spaces or dashes in between."""
    squashed = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text))
    return bool(_SENSITIVE.search(squashed))


def guarded(parse: Parser) -> Parser:
    """Refuse an ID-like number before any parser sees it, so it is never stored."""

    def checked(ctx: Ctx, event: Event) -> Any:
        if event.kind is Kind.TEXT and looks_sensitive(event.text):
            raise Invalid("apply-no-id-number")
        return parse(ctx, event)

    return checked


def label(ctx: Ctx, text: Msg | str) -> str:
    # Options carry rendered labels: the typed-answer matcher compares plain strings.
    return ctx.services.t.render(ctx.locale, text)


# -- what the catalogue says about this member ----------------------------------------

def _facts(ctx: Ctx, answers: dict[str, Any] | None = None,
           branch: str | None = None) -> MemberFacts:
    p = ctx.profile
    branch = branch or ctx.data.get("branch") or p.branch
    known = ctx.services.branches.get(branch or "")
    raw = (ctx.data.get("answers") or {}) if answers is None else answers
    return MemberFacts(
        # Naming one's union branch in the profile is how a member says they belong to it.
        union_member=True if branch else None,
        union_branch=branch,
        region=known.names.get("zh-CN") if known else None,
        occupation=p.occupation,
        titles=frozenset(p.titles),
        answers={k: _typed_answer(ctx, k, v) for k, v in raw.items()},
    )


def _typed_answer(ctx: Ctx, qid: str, value: Any) -> Any:
    # Numbers are kept as text in the dialog state (JSON); rules compare Decimals.
    question = ctx.services.catalog.question(qid)
    if question is not None and question.kind == "number" and isinstance(value, str):
        return Decimal(value)
    return value


def verdicts(ctx: Ctx, answers: dict[str, Any] | None = None,
             branch: str | None = None) -> list[Verdict]:
    on = ctx.now.astimezone(ctx.services.settings.tz).date()
    return evaluate(ctx.services.catalog, _facts(ctx, answers, branch), on=on,
                    term_months=ctx.data.get("term"))


def verdict(ctx: Ctx, answers: dict[str, Any] | None = None) -> Verdict | None:
    chosen = ctx.data.get("programme")
    return next((v for v in verdicts(ctx, answers) if v.programme.id == chosen), None)


def programme(ctx: Ctx) -> Programme:
    found = ctx.services.catalog.programme(ctx.data.get("programme") or "")
    assert found is not None, "a programme is chosen before any later step"
    return found


def _open(v: Verdict) -> bool:
    """Eligible now, or could be once the member answers the programme's questions."""
    return v.eligible or (bool(v.missing_questions) and not v.missing_facts)


def _closed(v: Verdict) -> bool:
    return not v.eligible and not v.missing_questions and not v.missing_facts


def _render(ctx: Ctx, message: Message) -> str:
    return render_message(message, lambda k, a: ctx.services.t(ctx.locale, k, a), ctx.locale)


def reasons(ctx: Ctx, v: Verdict) -> str:
    return "\n".join(f"• {_render(ctx, m)}" for m in v.reasons)


def _name(ctx: Ctx, p: Programme) -> str:
    return p.names.in_lang(ctx.locale)


def _money(ctx: Ctx, amount: Decimal) -> str:
    return format_cny(amount, ctx.locale, compact=True)


def _stop(ctx: Ctx, key: str, offer: bool = False, **args: str) -> None:
    """End the form at the next step with an explanation; nothing is submitted."""
    ctx.data["stop"] = {"key": key, "args": args, "offer": offer}


def _not_eligible(ctx: Ctx, v: Verdict) -> None:
    _stop(ctx, "apply-not-eligible", programme=_name(ctx, v.programme), reasons=reasons(ctx, v))


# -- routing ------------------------------------------------------------------------

def _reviewing(ctx: Ctx) -> bool:
    return bool(ctx.data.get("review"))


def _after(ctx: Ctx) -> str | None:
    if ctx.data.get("stop"):
        return None
    return "summary" if _reviewing(ctx) else NEXT


def _skip(field: str | None, unless: Callable[[Ctx], bool] | None = None
          ) -> Callable[[Ctx], bool]:
    """Skip once stopped; on review, skip all but the field being edited."""

    def skip(ctx: Ctx) -> bool:
        if ctx.data.get("stop"):
            return True
        if _reviewing(ctx) and ctx.data.get("edit") != field:
            return True
        return bool(unless and unless(ctx))

    return skip


def _set(key: str) -> Callable[[Ctx, Any], None]:
    def store(ctx: Ctx, value: Any) -> None:
        ctx.data[key] = value
    return store


# -- start: /apply with or without a programme ------------------------------------------

def _start(ctx: Ctx, args: str) -> None:
    ctx.data.update(answers={}, consents={})
    all_verdicts = verdicts(ctx)
    offered = [v for v in all_verdicts if _open(v)]
    wanted = args.strip().split(" ")[0]
    if wanted:
        found = next((v for v in all_verdicts if v.programme.id == wanted), None)
        if found is None:
            # Echo a programme code only: whatever else was typed is not repeated back.
            shown = wanted if _CODE.fullmatch(wanted) else "…"
            _stop(ctx, "apply-unknown-programme", offer=bool(offered), programme=shown)
        elif not _open(found):
            _stop(ctx, "apply-not-eligible", offer=bool(offered),
                  programme=_name(ctx, found.programme), reasons=reasons(ctx, found))
        else:
            _choose(ctx, found.programme)
    elif not offered:
        needs_profile = any(v.missing_facts for v in all_verdicts)
        _stop(ctx, "apply-profile-needed" if needs_profile else "apply-none-eligible")


def _choose(ctx: Ctx, p: Programme) -> None:
    ctx.data["programme"] = p.id
    # Choosing a company programme answers "for you or your company?" by itself.
    ctx.data["answers"] = {BORROWER_QUESTION: p.borrower}


# -- programme ---------------------------------------------------------------------

def _programme_options(ctx: Ctx) -> Options:
    return [(v.programme.id, _name(ctx, v.programme)) for v in verdicts(ctx) if _open(v)]


def _ask_programme(ctx: Ctx) -> Reply:
    return Reply((msg("apply-ask-programme"),), buttons_for(ctx, _programme_options(ctx), 1))


def _store_programme(ctx: Ctx, value: str) -> None:
    chosen = ctx.services.catalog.programme(value)
    assert chosen is not None  # choice() accepts offered ids only
    _choose(ctx, chosen)


# -- catalogue questions: eligibility ("qualify") and the programme's checks -----------

Pending = Callable[[Verdict], Sequence[str]]


def _qualify_pending(v: Verdict) -> Sequence[str]:
    return v.missing_questions


def _checks_pending(v: Verdict) -> Sequence[str]:
    return v.apply_questions


def _current_question(ctx: Ctx, pending: Pending, slot: str) -> Question:
    """The first question still open; on « back, the one answered last."""
    v = verdict(ctx)
    open_ids = list(pending(v)) if v else []
    qid = open_ids[0] if open_ids else ctx.data.get(slot)
    catalog = ctx.services.catalog
    fallback = [*programme(ctx).required_questions, *(q.id for q in catalog.questions)]
    question = catalog.question(qid or "") or catalog.question(fallback[0])
    assert question is not None, "the catalogue defines the questions programmes name"
    return question


def _question_options(ctx: Ctx, q: Question) -> Options:
    if q.kind == "yes_no":
        return [("yes", label(ctx, msg("apply-answer-yes"))),
                ("no", label(ctx, msg("apply-answer-no")))]
    return [(c.id, c.names.in_lang(ctx.locale)) for c in q.choices]


def _ask_question(pending: Pending, slot: str) -> Callable[[Ctx], Reply]:
    def prompt(ctx: Ctx) -> Reply:
        q = _current_question(ctx, pending, slot)
        # The question id rides on each button: an old question's button cannot answer this one.
        offered = [(f"q:{q.id}:{value}", text) for value, text in _question_options(ctx, q)]
        hint = msg("apply-question-number", unit=q.unit.in_lang(ctx.locale)) \
            if q.kind == "number" and q.unit else msg("apply-question-hint")
        return Reply((msg("apply-question", question=q.text.in_lang(ctx.locale)), hint),
                     buttons_for(ctx, offered))
    return prompt


def _number(ctx: Ctx, q: Question, text: str) -> str:
    body = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    units = [u for u in ((q.unit.zh_cn, q.unit.en) if q.unit else ()) if u] + ["个月", "月"]
    for unit in units:
        body = body.removesuffix(unit)
    try:
        value = Decimal(body) if re.fullmatch(r"\d+(?:\.\d+)?", body) else None
        if value is None and q.unit and "month" in q.unit.en:
            value = Decimal(parse_term_months(text))  # "1年半" is 18 months
    except (InvalidOperation, InputError):
        value = None
    if value is None:
        raise Invalid("apply-number-invalid")
    return f"{value.normalize():f}"


def _answer(ctx: Ctx, q: Question, event: Event) -> Any:
    if event.kind is Kind.BUTTON:
        tag, _, rest = button_value(event).partition(":")
        asked, _, value = rest.partition(":")
        if tag != "q" or asked != q.id:
            raise Invalid("button-stale")
    elif q.kind == "number":
        return _number(ctx, q, event.text)
    else:
        value = choice(lambda c: _question_options(c, q))(ctx, event)
    if value not in {v for v, _ in _question_options(ctx, q)}:
        raise Invalid("button-unknown")
    return value == "yes" if q.kind == "yes_no" else value


def _parse_question(pending: Pending, slot: str) -> Parser:
    def parse(ctx: Ctx, event: Event) -> dict[str, Any]:
        q = _current_question(ctx, pending, slot)
        value = _answer(ctx, q, event)
        answers = {**(ctx.data.get("answers") or {}), q.id: value}
        v = verdict(ctx, answers)
        closed = v is None or _closed(v)
        more = v is not None and not closed and bool(pending(v))
        return {"q": q.id, "v": value, "answers": answers, "stop": closed, "more": more}
    return parse


def _store_question(slot: str) -> Callable[[Ctx, dict[str, Any]], None]:
    def store(ctx: Ctx, value: dict[str, Any]) -> None:
        ctx.data["answers"], ctx.data[slot] = value["answers"], value["q"]
        if value["stop"]:
            v = verdict(ctx)
            if v is not None:
                _not_eligible(ctx, v)
    return store


def _no_question(pending: Pending) -> Callable[[Ctx], bool]:
    def none(ctx: Ctx) -> bool:
        v = verdict(ctx)
        return v is None or not pending(v)
    return none


def _stay_for_more(value: dict[str, Any]) -> str:
    return "new" if value["more"] else ""


# -- amount and term -------------------------------------------------------------------

def _tier_line(ctx: Ctx, v: Verdict | None) -> Msg:
    if v is None or v.tier is None or v.cap is None:
        return msg("apply-tier-unknown")
    tier = v.tier.names.in_lang(ctx.locale)
    if v.cap_min:
        return msg("apply-tier-range", tier=tier, min=_money(ctx, v.cap_min),
                   max=_money(ctx, v.cap))
    return msg("apply-tier", tier=tier, max=_money(ctx, v.cap))


def _ask_amount(ctx: Ctx) -> Reply:
    v = verdict(ctx)
    header = (msg("apply-programme-chosen", programme=_name(ctx, programme(ctx))),
              _tier_line(ctx, v))
    return Reply((*header, msg("apply-ask-amount")))


def _range_error(ctx: Ctx, v: Verdict) -> Invalid:
    assert v.cap is not None
    if v.cap_min:
        return Invalid("apply-amount-range", min=_money(ctx, v.cap_min),
                       max=_money(ctx, v.cap))
    return Invalid("apply-amount-max", max=_money(ctx, v.cap))


def _parse_amount(ctx: Ctx, event: Event) -> str:
    v = verdict(ctx)
    if v is None or v.cap is None:
        raise Invalid("apply-tier-unknown")
    try:
        amount = parse_amount(event.text)
        check_range(amount, v.cap_min or Decimal(0), v.cap)
    except InputError as bad:
        if bad.key == "amount-out-of-range":
            raise _range_error(ctx, v) from bad
        raise Invalid(bad.key, **{k: str(a) for k, a in bad.params.items()}) from bad
    return str(amount)


def _term_max(ctx: Ctx) -> int:
    v = verdict(ctx)
    return v.term_max_months if v and v.term_max_months else 12


def _term_options(ctx: Ctx) -> Options:
    top = _term_max(ctx)
    months = [m for m in TERM_CHOICES if m < top][-3:] + [top]
    return [(str(m), label(ctx, msg("apply-term-months", months=str(m)))) for m in months]


def _ask_term(ctx: Ctx) -> Reply:
    return Reply((msg("apply-ask-term", max=str(_term_max(ctx))),),
                 buttons_for(ctx, _term_options(ctx), 4))


def _parse_term(ctx: Ctx, event: Event) -> int:
    if event.kind is Kind.BUTTON:
        return int(choice(_term_options)(ctx, event))
    try:
        months = parse_term_months(event.text)
        check_term_range(months, 1, _term_max(ctx))
    except InputError as bad:
        raise Invalid(bad.key, **{k: str(a) for k, a in bad.params.items()}) from bad
    return months


# -- purpose and repayment method ---------------------------------------------------------

def _purpose_options(ctx: Ctx) -> Options:
    names = {p.id: p.names.in_lang(ctx.locale) for p in ctx.services.catalog.purposes}
    return [(code, names.get(code, code)) for code in programme(ctx).purposes]


def method_label(method: str) -> Msg:
    return msg(Method(method).key)


def _method_options(ctx: Ctx) -> Options:
    return [(m, label(ctx, method_label(m))) for m in programme(ctx).repayment_methods]


def _ask_purpose(ctx: Ctx) -> Reply:
    return Reply((msg("apply-ask-purpose"),), buttons_for(ctx, _purpose_options(ctx), 1))


def _ask_method(ctx: Ctx) -> Reply:
    return Reply((msg("apply-ask-method"),), buttons_for(ctx, _method_options(ctx)))


# -- union branch: the profile's, confirmed, or another --------------------------------------

def branch_name(ctx: Ctx, branch: str | None) -> str:
    known = ctx.services.branches.get(branch or "")
    return known.name(ctx.locale) if known else branch or label(ctx, msg("value-unset"))


def _current(ctx: Ctx, key: str) -> Any:
    value = ctx.data.get(key)
    return value if value else getattr(ctx.profile, key)


def _branch_keep_options(ctx: Ctx) -> Options:
    return [("keep", label(ctx, msg("apply-keep"))),
            ("change", label(ctx, msg("apply-branch-change")))]


def _ask_branch(ctx: Ctx) -> Reply:
    return Reply((msg("apply-ask-branch", branch=branch_name(ctx, _current(ctx, "branch"))),),
                 buttons_for(ctx, _branch_keep_options(ctx)))


def _store_branch_choice(ctx: Ctx, value: str) -> None:
    ctx.data["branch"] = _current(ctx, "branch") if value == "keep" else None


def _branch_after(ctx: Ctx) -> str | None:
    return "branch_pick" if not ctx.data.get("branch") and not ctx.data.get("stop") \
        else _after(ctx)


def _branch_options(ctx: Ctx) -> Options:
    return [(b.code, b.name(ctx.locale)) for b in ctx.services.branches.values()]


def _ask_branch_pick(ctx: Ctx) -> Reply:
    return Reply((msg("apply-ask-branch-pick"),), buttons_for(ctx, _branch_options(ctx)))


def _parse_branch_pick(ctx: Ctx, event: Event) -> str:
    branch = parse_branch(ctx, event)
    region = ctx.services.catalog.region(programme(ctx).region)
    # The programme is for members of the organising union: another branch cannot apply.
    if region is not None and not belongs_to(region, _facts(ctx, branch=branch)):
        raise Invalid("apply-branch-outside", region=region.names.in_lang(ctx.locale))
    return branch


# -- employer, name, mobile -----------------------------------------------------------------

def _parse_employer(_ctx: Ctx, event: Event) -> str:
    text = " ".join(event.text.split())
    if not EMPLOYER_MIN <= len(text) <= EMPLOYER_MAX or not any(
            unicodedata.category(c).startswith("L") for c in text):
        raise Invalid("apply-employer-invalid", min=str(EMPLOYER_MIN), max=str(EMPLOYER_MAX))
    return text


def _ask_name(ctx: Ctx) -> Reply:
    name = _current(ctx, "name")
    if not name:
        return Reply((msg("apply-ask-name"),))
    return Reply((msg("apply-confirm-name", name=name),),
                 ((ctx.button(msg("apply-use-name", name=name), "keep"),),))


def _parse_name(ctx: Ctx, event: Event) -> str:
    if event.kind is Kind.BUTTON:
        name = _current(ctx, "name")
        if button_value(event) != "keep" or not name:
            raise Invalid("button-unknown")
        return str(name)
    return parse_name(ctx, event)


def _phone_options(ctx: Ctx) -> Options:
    return [("keep", label(ctx, msg("apply-use-phone", phone=_current(ctx, "phone") or ""))),
            ("change", label(ctx, msg("apply-phone-other")))]


def _ask_phone(ctx: Ctx) -> Reply:
    return Reply((msg("apply-confirm-phone", phone=_current(ctx, "phone")),),
                 buttons_for(ctx, _phone_options(ctx), 1))


def _parse_phone_choice(ctx: Ctx, event: Event) -> str | None:
    if event.kind is Kind.CONTACT:
        return parse_phone(ctx, event)  # shared through the attachment menu: as good
    try:
        value = choice(_phone_options)(ctx, event)
    except Invalid as bad:
        if event.kind is not Kind.TEXT:
            raise
        # A typed number is not verified by Telegram: only the contact button gives one.
        raise Invalid("profile-phone-use-button") from bad
    return str(_current(ctx, "phone")) if value == "keep" else None


def _parse_phone_share(ctx: Ctx, event: Event) -> str:
    if event.kind is not Kind.CONTACT:
        raise Invalid("profile-phone-use-button")
    return parse_phone(ctx, event)


def _phone_after(ctx: Ctx) -> str | None:
    return "phone_share" if not ctx.data.get("phone") and not ctx.data.get("stop") \
        else _after(ctx)


def _ask_phone_share(_ctx: Ctx) -> Reply:
    return Reply((msg("apply-ask-phone"),),
                 keyboard=Keyboard(KeyboardKind.CONTACT, msg("profile-share-phone")))


# -- consents: three separate questions, three separate answers ------------------------------

def _consent_options(ctx: Ctx, which: str) -> Options:
    agree = {"processing": msg("apply-consent-processing-yes"),
             "bank": msg("apply-consent-bank-yes"),
             "cross_border": msg("apply-consent-cross-border-yes")}[which]
    return [("yes", label(ctx, agree)), ("no", label(ctx, msg("apply-consent-no")))]


def _bank_name(ctx: Ctx) -> str:
    bank = ctx.services.catalog.bank(programme(ctx).bank)
    return bank.names.in_lang(ctx.locale) if bank else programme(ctx).bank


def _ask_consent(which: str) -> Callable[[Ctx], Reply]:
    def prompt(ctx: Ctx) -> Reply:
        text = {"processing": msg("apply-consent-processing"),
                "bank": msg("apply-consent-bank", bank=_bank_name(ctx)),
                "cross_border": msg("apply-consent-cross-border")}[which]
        return Reply((text,), buttons_for(ctx, _consent_options(ctx, which)))
    return prompt


def _store_consent(which: str) -> Callable[[Ctx, str], None]:
    refused = {"processing": "apply-consent-processing-refused",
               "bank": "apply-consent-bank-refused",
               "cross_border": "apply-consent-cross-border-refused"}[which]

    def store(ctx: Ctx, value: str) -> None:
        if value == "yes":
            ctx.data.setdefault("consents", {})[which] = ctx.now.isoformat()
        else:
            _stop(ctx, refused, bank=_bank_name(ctx))
    return store


def _consent_step(which: str) -> Step:
    return Step(f"consent_{which}", _ask_consent(which),
                guarded(choice(lambda ctx: _consent_options(ctx, which))),
                store=_store_consent(which), next=_after,
                skip=_skip(None, lambda ctx: which in (ctx.data.get("consents") or {})))


# -- summary ------------------------------------------------------------------------------

def _answers_line(ctx: Ctx) -> Msg | None:
    catalog = ctx.services.catalog
    parts = []
    for qid, value in (ctx.data.get("answers") or {}).items():
        q = catalog.question(qid)
        if q is None or qid == BORROWER_QUESTION:
            continue
        if isinstance(value, bool):
            shown = label(ctx, msg("apply-answer-yes" if value else "apply-answer-no"))
        else:
            shown = next((c.names.in_lang(ctx.locale) for c in q.choices if c.id == value),
                         f"{value}{q.unit.in_lang(ctx.locale) if q.unit else ''}")
        parts.append(label(ctx, msg("apply-answer-pair", question=q.label.in_lang(ctx.locale),
                                    answer=shown)))
    return msg("apply-line-answers", value=label(ctx, msg("apply-answer-sep")).join(parts)) \
        if parts else None


def describe(ctx: Ctx) -> tuple[Msg, ...]:
    d = ctx.data
    v = verdict(ctx)
    purpose = dict(_purpose_options(ctx)).get(d.get("purpose") or "", d.get("purpose") or "")
    lines = [
        msg("apply-line-programme", programme=_name(ctx, programme(ctx)),
            tier=v.tier.names.in_lang(ctx.locale) if v and v.tier else "—"),
        msg("apply-line-amount", value=format_cny(Decimal(d["amount"]), ctx.locale)),
        msg("apply-line-term", months=str(d["term"])),
    ]
    if v is not None and v.rate is not None:
        lines.append(msg("apply-line-rate", rate=_rate(v.rate.annual_rate)))
    lines += [
        msg("apply-line-purpose", value=purpose),
        msg("apply-line-method", value=method_label(d["method"])),
        msg("apply-line-branch", value=branch_name(ctx, d.get("branch"))),
        msg("apply-line-employer", value=d["employer"]),
        msg("apply-line-name", value=d["name"]),
        msg("apply-line-phone", value=d["phone"]),
    ]
    answers = _answers_line(ctx)
    if answers is not None:
        lines.append(answers)
    lines.append(msg("apply-line-consents", bank=_bank_name(ctx)))
    return tuple(lines)


def _rate(rate: Decimal) -> str:
    return str(Rate(rate))


def _ask_summary(ctx: Ctx) -> Reply:
    ctx.data["review"], ctx.data["edit"] = True, None
    edits = [ctx.button(EDIT_LABELS[f], f"edit:{f}") for f in FIELDS]
    rows = [tuple(edits[i:i + 4]) for i in range(0, len(edits), 4)]
    rows.append((ctx.button(msg("apply-submit"), "submit"),))
    return Reply((msg("apply-summary"), *describe(ctx)), tuple(rows))


def _parse_summary(_ctx: Ctx, event: Event) -> str:
    value = button_value(event) if event.kind is Kind.BUTTON else ""
    if value == "submit" or (value.startswith("edit:") and value[5:] in FIELDS):
        return value
    raise Invalid("apply-summary-use-buttons")


def _store_summary(ctx: Ctx, value: str) -> None:
    ctx.data["edit"] = value[5:] if value.startswith("edit:") else None


# -- the end: explain a stop, or submit -------------------------------------------------------

def _stopped(stop: dict[str, Any]) -> Reply:
    rows: tuple[tuple[Button, ...], ...] = ()
    if stop.get("offer"):
        rows = ((Button(msg("apply-choose-other"), "menu:apply"),),)
    return Reply((msg(stop["key"], **stop.get("args", {})),), rows)


def _draft(ctx: Ctx, v: Verdict) -> Draft:
    d = ctx.data
    assert v.tier is not None
    return Draft(programme=v.programme.id, tier=v.tier.id, borrower=v.programme.borrower,
                 amount=Decimal(d["amount"]), term_months=int(d["term"]), purpose=d["purpose"],
                 method=d["method"], branch=d["branch"], employer=d["employer"],
                 name=d["name"], phone=d["phone"], answers=dict(d.get("answers") or {}),
                 consents=dict(d.get("consents") or {}))


async def _finish(ctx: Ctx) -> list[Reply]:
    stop = ctx.data.get("stop")
    if stop:
        return [_stopped(stop)]
    v = verdict(ctx)
    # The profile may have changed while the form waited: decide on today's facts.
    if v is None or not v.eligible:
        return [Reply((msg("apply-not-eligible", programme=_name(ctx, programme(ctx)),
                           reasons=reasons(ctx, v) if v else ""),))]
    if v.cap is not None and not (v.cap_min or 0) <= Decimal(ctx.data["amount"]) <= v.cap:
        outside = _range_error(ctx, v)  # the tier changed under a waiting form
        return [Reply((Msg(outside.key, outside.params),))]
    apps = ctx.services.applications
    try:
        row = await apps.submit(ctx.conn, user_id=ctx.profile.user_id,
                                chat_id=ctx.profile.chat_id, draft=_draft(ctx, v), now=ctx.now)
    except NotAllowed as refused:
        return [Reply((Msg(refused.key, refused.params),))]
    due = await apps.expected_decision(ctx.conn, row, ctx.services.settings.tz)
    return [Reply((msg("apply-submitted", ref=row["ref"], programme=_name(ctx, v.programme)),
                   msg("apply-expected", date=due.isoformat(),
                       days=str(apps.sla_days(v.programme.id))),
                   msg("apply-counter-note", bank=_bank_name(ctx)),
                   msg("apply-status-hint")))]


def _text_step(name: str, prompt: Callable[[Ctx], Reply], parse: Parser,
               field: str) -> Step:
    return Step(name, prompt, guarded(parse), store=_set(field), next=_after,
                skip=_skip(field), expects=frozenset({Kind.TEXT}))


FLOW = Flow(
    name="apply",
    title="flow-apply",
    start=_start,
    finish=_finish,
    steps=(
        Step("programme", _ask_programme, guarded(choice(_programme_options)),
             store=_store_programme, next=_after,
             skip=_skip("programme", lambda ctx: bool(ctx.data.get("programme")))),
        Step("qualify", _ask_question(_qualify_pending, "asked_qualify"),
             guarded(_parse_question(_qualify_pending, "asked_qualify")),
             store=_store_question("asked_qualify"), next=_after, stay=_stay_for_more,
             skip=_skip(None, _no_question(_qualify_pending))),
        Step("amount", _ask_amount, guarded(_parse_amount), store=_set("amount"), next=_after,
             skip=_skip("amount"), expects=frozenset({Kind.TEXT})),
        Step("term", _ask_term, guarded(_parse_term), store=_set("term"), next=_after,
             skip=_skip("term")),
        Step("purpose", _ask_purpose, guarded(choice(_purpose_options)), store=_set("purpose"),
             next=_after, skip=_skip("purpose")),
        Step("method", _ask_method, guarded(choice(_method_options)), store=_set("method"),
             next=_after, skip=_skip("method")),
        Step("branch", _ask_branch, guarded(choice(_branch_keep_options)),
             store=_store_branch_choice, next=_branch_after,
             skip=_skip("branch", lambda ctx: not _current(ctx, "branch"))),
        Step("branch_pick", _ask_branch_pick, guarded(_parse_branch_pick), store=_set("branch"),
             next=_after, skip=_skip("branch", lambda ctx: bool(ctx.data.get("branch")))),
        _text_step("employer", lambda ctx: Reply((msg("apply-ask-employer"),)), _parse_employer,
                   "employer"),
        Step("name", _ask_name, guarded(_parse_name), store=_set("name"), next=_after,
             skip=_skip("name")),
        Step("phone", _ask_phone, guarded(_parse_phone_choice), store=_set("phone"),
             next=_phone_after, expects=frozenset({Kind.TEXT, Kind.BUTTON, Kind.CONTACT}),
             skip=_skip("phone", lambda ctx: not _current(ctx, "phone"))),
        Step("phone_share", _ask_phone_share, guarded(_parse_phone_share), store=_set("phone"),
             next=_after, expects=frozenset({Kind.CONTACT, Kind.TEXT}),
             skip=_skip("phone", lambda ctx: bool(ctx.data.get("phone")))),
        Step("checks", _ask_question(_checks_pending, "asked_checks"),
             guarded(_parse_question(_checks_pending, "asked_checks")),
             store=_store_question("asked_checks"), next=_after, stay=_stay_for_more,
             skip=_skip(None, _no_question(_checks_pending))),
        *(_consent_step(which) for which in CONSENTS),
        Step("summary", _ask_summary, guarded(_parse_summary), store=_store_summary,
             next=lambda ctx: ctx.data.get("edit")),
    ),
)

"""/profile: name, mobile (share-contact button), union branch, occupation, titles.

    name ─► phone ─► branch ─► occupation ─► titles ─┬─► summary ─► saved
                                                     └─► level (labour model) ─┘
    summary: "edit <field>" jumps to that one step and comes back.

Answers are collected in the flow's data and written to the profile only when the
member saves, so a cancelled edit changes nothing.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from dialogs.engine import NEXT, Ctx, Flow, Invalid, Step, choice, choice_buttons
from dialogs.model import Event, Keyboard, KeyboardKind, Kind, Msg, Reply, msg

OCCUPATIONS = ("delivery_rider", "courier", "ride_hailing_driver", "truck_driver",
               "sanitation_worker", "factory_worker", "other")
TITLES = ("labour_model", "craftsman_nanxun", "craftsman_nantaihu", "craftsman_zhejiang",
          "craftsman_national", "tech_pacesetter", "chief_technician")
LEVELS = ("national", "provincial", "city", "county")
FIELDS = ("name", "phone", "branch", "occupation", "titles")
NAME_MAX = 20
_NAME_MARKS = {" ", "·", "•", ".", "-", "'"}


def _reviewing(ctx: Ctx) -> bool:
    return bool(ctx.data.get("review"))


def _skip_unless_edited(name: str) -> Any:
    return lambda ctx: _reviewing(ctx) and ctx.data.get("edit") != name


def _after(ctx: Ctx) -> str:
    return "summary" if _reviewing(ctx) else NEXT


def _start(ctx: Ctx, _args: str) -> None:
    p = ctx.profile
    ctx.data.update(name=p.name, phone=p.phone, branch=p.branch, occupation=p.occupation,
                    titles=list(p.titles))
    ctx.data["review"] = all(ctx.data.get(f) for f in FIELDS[:4])


# -- name -------------------------------------------------------------------

def parse_name(_ctx: Ctx, event: Event) -> str:
    name = " ".join(event.text.split())
    if not name:
        raise Invalid("profile-name-empty")
    if len(name) > NAME_MAX:
        raise Invalid("profile-name-too-long", max=NAME_MAX)
    if any(not (unicodedata.category(c).startswith("L") or c in _NAME_MARKS) for c in name):
        raise Invalid("profile-name-letters")
    return name


def _ask_name(ctx: Ctx) -> Reply:
    return Reply((msg("profile-ask-name"),))


# -- phone ------------------------------------------------------------------

def parse_phone(ctx: Ctx, event: Event) -> str:
    if event.contact_user_id is not None and event.contact_user_id != ctx.profile.user_id:
        raise Invalid("profile-phone-not-own")
    # Imported on the first shared contact, not at every start (≈ 40 ms of regexes).
    import phonenumbers

    raw = event.phone if event.phone.startswith("+") else f"+{event.phone}"
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException as exc:
        raise Invalid("profile-phone-invalid") from exc
    kind = phonenumbers.number_type(number)
    if (number.country_code != 86 or not phonenumbers.is_valid_number(number)
            or kind not in (phonenumbers.PhoneNumberType.MOBILE,
                            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)):
        raise Invalid("profile-phone-not-cn-mobile")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _ask_phone(_ctx: Ctx) -> Reply:
    return Reply((msg("profile-ask-phone"),),
                 keyboard=Keyboard(KeyboardKind.CONTACT, msg("profile-share-phone")))


# -- branch -------------------------------------------------------------------

def _branch_options(ctx: Ctx) -> list[tuple[str, Msg | str]]:
    return [(b.code, b.name(ctx.locale)) for b in ctx.services.branches.values()]


def parse_branch(ctx: Ctx, event: Event) -> str:
    try:
        return str(choice(_branch_options)(ctx, event))
    except Invalid:
        if event.kind is Kind.BUTTON:
            raise
    # Branches we do not list are typed out; keep them as the member wrote them.
    typed = " ".join(event.text.split())
    if not 2 <= len(typed) <= 40 or not any(unicodedata.category(c).startswith("L")
                                            for c in typed):
        raise Invalid("profile-branch-invalid")
    return typed


def _ask_branch(ctx: Ctx) -> Reply:
    return Reply((msg("profile-ask-branch"),), choice_buttons(ctx, _branch_options(ctx)))


# -- occupation ---------------------------------------------------------------

def _occupation_options(_ctx: Ctx) -> list[tuple[str, Msg | str]]:
    return [(o, msg(f"occupation-{o}")) for o in OCCUPATIONS]


def _ask_occupation(ctx: Ctx) -> Reply:
    return Reply((msg("profile-ask-occupation"),),
                 choice_buttons(ctx, _occupation_options(ctx)))


# -- titles (several may apply) -------------------------------------------------

def _has(titles: list[str], code: str) -> bool:
    return code in titles or (code == "labour_model"
                              and any(t.startswith("labour_model") for t in titles))


def _ask_titles(ctx: Ctx) -> Reply:
    titles = ctx.data.get("titles") or []
    # The payload says what the press will do (+ add, - remove), so a double press acts once.
    rows = [(ctx.button(msg("title-toggle", on="yes" if _has(titles, t) else "no",
                            title=msg(f"title-{t}")), f"{'-' if _has(titles, t) else '+'}{t}"),)
            for t in TITLES]
    rows.append((ctx.button(msg("titles-none"), "none"), ctx.button(msg("titles-done"), "done")))
    return Reply((msg("profile-ask-titles"),), tuple(rows))


def parse_titles(_ctx: Ctx, event: Event) -> str:
    value = event.data.partition(":")[2] if event.kind is Kind.BUTTON else ""
    if value in ("done", "none") or (value[:1] in "+-" and value[1:] in TITLES):
        return value
    raise Invalid("input-choose-button")


def store_titles(ctx: Ctx, value: str) -> None:
    titles: list[str] = list(ctx.data.get("titles") or [])
    if value == "none":
        titles = []
    elif value.startswith("+") and not _has(titles, value[1:]):
        titles.append(value[1:])
    elif value.startswith("-"):
        titles = [t for t in titles if not (t == value[1:] or (
            value[1:] == "labour_model" and t.startswith("labour_model")))]
    ctx.data["titles"] = titles


def _after_titles(ctx: Ctx) -> str | None:
    return "level" if "labour_model" in (ctx.data.get("titles") or []) else "summary"


def _level_options(_ctx: Ctx) -> list[tuple[str, Msg | str]]:
    return [(lv, msg(f"level-{lv}")) for lv in LEVELS]


def store_level(ctx: Ctx, level: str) -> None:
    titles = [t for t in ctx.data.get("titles") or [] if t != "labour_model"]
    ctx.data["titles"] = [*titles, f"labour_model_{level}"]


# -- summary --------------------------------------------------------------------

def _title_order(code: str) -> int:
    base = "labour_model" if code.startswith("labour_model") else code
    return TITLES.index(base) if base in TITLES else len(TITLES)


def describe(ctx: Ctx, data: dict[str, Any]) -> tuple[Msg, ...]:
    """The profile as the member sees it; shared with /mydata."""
    branch = data.get("branch")
    known = ctx.services.branches.get(branch or "")
    titles = sorted(data.get("titles") or [], key=_title_order)
    return (
        msg("profile-line-name", value=data.get("name") or msg("value-unset")),
        msg("profile-line-phone", value=data.get("phone") or msg("value-unset")),
        msg("profile-line-branch",
            value=known.name(ctx.locale) if known else branch or msg("value-unset")),
        msg("profile-line-occupation", value=msg(f"occupation-{data['occupation']}")
            if data.get("occupation") else msg("value-unset")),
        msg("profile-line-titles", value=msg("title-list", items=", ".join(
            ctx.services.t(ctx.locale, f"title-{t}") for t in titles)) if titles
            else msg("titles-none")),
    )


def _ask_summary(ctx: Ctx) -> Reply:
    ctx.data["review"], ctx.data["edit"] = True, None
    edits = [ctx.button(msg(f"profile-edit-{f}"), f"edit:{f}") for f in FIELDS]
    rows = [tuple(edits[i:i + 3]) for i in range(0, len(edits), 3)]
    rows.append((ctx.button(msg("profile-save"), "save"),))
    return Reply((msg("profile-summary"), *describe(ctx, ctx.data)), tuple(rows))


def parse_summary(_ctx: Ctx, event: Event) -> str:
    value = event.data.partition(":")[2] if event.kind is Kind.BUTTON else ""
    if value == "save" or (value.startswith("edit:") and value[5:] in FIELDS):
        return value
    raise Invalid("input-choose-button")


def store_summary(ctx: Ctx, value: str) -> None:
    ctx.data["edit"] = value[5:] if value.startswith("edit:") else None


async def save(ctx: Ctx) -> list[Reply]:
    p, d = ctx.profile, ctx.data
    p.name, p.phone, p.branch, p.occupation = d["name"], d["phone"], d["branch"], d["occupation"]
    p.titles = [t for t in d.get("titles") or [] if t != "labour_model"]
    return [Reply((msg("profile-saved"),))]


def _set(key: str) -> Any:
    def store(ctx: Ctx, value: Any) -> None:
        ctx.data[key] = value
    return store


FLOW = Flow(
    name="profile",
    title="flow-profile",
    start=_start,
    finish=save,
    steps=(
        Step("name", _ask_name, parse_name, store=_set("name"), next=_after,
             skip=_skip_unless_edited("name"), expects=frozenset({Kind.TEXT})),
        Step("phone", _ask_phone, parse_phone, store=_set("phone"), next=_after,
             skip=_skip_unless_edited("phone"), expects=frozenset({Kind.CONTACT}),
             wrong_kind="profile-phone-use-button"),
        Step("branch", _ask_branch, parse_branch, store=_set("branch"), next=_after,
             skip=_skip_unless_edited("branch")),
        Step("occupation", _ask_occupation, choice(_occupation_options),
             store=_set("occupation"), next=_after, skip=_skip_unless_edited("occupation")),
        Step("titles", _ask_titles, parse_titles, store=store_titles, next=_after_titles,
             skip=_skip_unless_edited("titles"), stay=lambda v: "edit" if v != "done" else ""),
        Step("level", lambda ctx: Reply((msg("profile-ask-level"),),
                                        choice_buttons(ctx, _level_options(ctx))),
             choice(_level_options), store=store_level, next="summary",
             skip=lambda ctx: "labour_model" not in (ctx.data.get("titles") or [])),
        Step("summary", _ask_summary, parse_summary, store=store_summary,
             next=lambda ctx: ctx.data.get("edit")),
    ),
)

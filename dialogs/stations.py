"""/stations: what do you need → where are you → the nearest open stations.

    need ─► where (request-location button) ─► results ⟲ (more / pin / other need)

The location is used for the search and never written anywhere; the dialog keeps
only the ordered station codes with their distances, for paging, and forgets
them when the search ends or after UNIONBOT_SEARCH_TTL_MINUTES.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.stations.amenities import AMENITY_CODES, label_key
from bot.stations.amenities import RIDER_NEEDS as NEEDS
from bot.stations.geo import amap_marker_url, in_china, walk_minutes
from bot.stations.model import StationRecord
from dialogs.engine import Ctx, Flow, Invalid, Step, choice, choice_buttons
from dialogs.model import Button, Event, Keyboard, KeyboardKind, Kind, Msg, Reply, Venue, msg

ANY = "any"
MAX_KEPT = 40  # eight pages of five: past that a rider is better served by a map


def _need_options(_ctx: Ctx) -> list[tuple[str, Msg | str]]:
    return [(ANY, msg("need-any")), *((code, msg(label_key(code))) for code in NEEDS)]


def _ask_need(ctx: Ctx) -> Reply:
    return Reply((msg("stations-ask-need"),), choice_buttons(ctx, _need_options(ctx)))


def _ask_where(_ctx: Ctx) -> Reply:
    return Reply((msg("stations-ask-location"),),
                 keyboard=Keyboard(KeyboardKind.LOCATION, msg("stations-share-location")))


async def search(ctx: Ctx, event: Event) -> dict[str, Any]:
    """Validate the shared point and search; only the resulting codes are kept."""
    lat, lon = event.lat, event.lon
    if lat is None or lon is None or (abs(lat) < 1e-6 and abs(lon) < 1e-6):
        raise Invalid("stations-location-zero")
    if not in_china(lat, lon):
        raise Invalid("stations-location-outside")
    need = ctx.data.get("need") or ANY
    needs = frozenset() if need == ANY else frozenset({need})
    settings = ctx.services.settings
    index = await ctx.services.stations.current()
    found = index.search(lat, lon, needs=needs, now=ctx.now, radius_m=settings.station_radius_m,
                         limit=MAX_KEPT)
    return {"need": need, "open": [[h.record.code, round(h.distance_m)] for h in found.hits],
            "closed": [[h.record.code, round(h.distance_m)] for h in found.nearest_closed],
            "page": 0}


def _store_results(ctx: Ctx, found: dict[str, Any]) -> None:
    ctx.data.update(found)


# -- showing results ----------------------------------------------------------

def _distance(metres: int) -> Msg:
    if metres < 1000:
        return msg("distance-m", m=metres)
    km = metres / 1000
    return msg("distance-km", km=f"{km:.0f}" if metres % 1000 == 0 else f"{km:.1f}")


def _clock(services: Any, now: datetime, when: datetime) -> Msg:
    tz = services.settings.tz
    local, today = when.astimezone(tz), now.astimezone(tz).date()
    day = {today: "today", today + timedelta(days=1): "tomorrow"}.get(local.date(), "other")
    return msg("clock", day=day, time=local.strftime("%H:%M"), date=local.strftime("%m-%d"))


def open_status(services: Any, now: datetime, record: StationRecord) -> Msg:
    hours = record.hours
    if hours.is_open(now):
        closes = hours.closes_at(now)
        return msg("station-open-24h") if closes is None else msg(
            "station-open-until", time=_clock(services, now, closes))
    return msg("station-closed-until", time=_clock(services, now, hours.next_open(now)))


def amenity_labels(services: Any, locale: str, record: StationRecord, first: str = "") -> str:
    """The station's amenities, the one the member asked for first, then in checklist order."""
    ordered = sorted(record.amenities,
                     key=lambda a: (a != first, AMENITY_CODES.index(a)
                                    if a in AMENITY_CODES else len(AMENITY_CODES)))
    return " · ".join(services.t(locale, label_key(a)) for a in ordered)


def hours_line(services: Any, now: datetime, record: StationRecord) -> Msg:
    status = open_status(services, now, record)
    if record.hours.always_open:
        return msg("station-line-status", status=status)
    return msg("station-line-hours", status=status, hours=record.hours.to_text())


def station_lines(ctx: Ctx, number: int, record: StationRecord, metres: int) -> tuple[Msg, ...]:
    return (msg("station-line", n=number, name=record.name, distance=_distance(metres),
                walk=walk_minutes(metres)),
            hours_line(ctx.services, ctx.now, record),
            msg("station-line-amenities", items=amenity_labels(
                ctx.services, ctx.locale, record, ctx.data.get("need") or "")))


def _page_items(ctx: Ctx) -> tuple[list[list[Any]], bool]:
    opened = ctx.data.get("open") or []
    return (opened, True) if opened else (ctx.data.get("closed") or [], False)


def _ask_results(ctx: Ctx) -> Reply:
    items, any_open = _page_items(ctx)
    size = ctx.services.settings.station_page_size
    page = int(ctx.data.get("page") or 0)
    shown = items[page * size:(page + 1) * size]
    need = ctx.data.get("need") or ANY
    need_label = msg("need-any") if need == ANY else msg(label_key(need))
    radius = _distance(int(ctx.services.settings.station_radius_m))
    if not items:
        none = (msg("stations-none-any", radius=radius) if need == ANY
                else msg("stations-none", need=need_label, radius=radius))
        return Reply((none,),
                     ((ctx.button(msg("stations-other-need"), "again"),
                       ctx.button(msg("stations-done"), "done")),))
    header = (msg("stations-found", count=len(items), need=need_label, radius=radius,
                  page=page + 1, pages=(len(items) + size - 1) // size) if any_open
              else msg("stations-none-open", need=need_label, radius=radius))
    text: list[Msg] = [header]
    picks: list[Button] = []
    for offset, (code, metres) in enumerate(shown, start=page * size + 1):
        record = ctx.services.stations.record(code)
        if record is None:  # removed from the registry since the search
            continue
        text += station_lines(ctx, offset, record, metres)
        picks.append(ctx.button(f"📍 {offset}", f"pin:{code}"))
    paging = []
    if page > 0:
        paging.append(ctx.button(msg("stations-prev"), f"page:{page - 1}"))
    if (page + 1) * size < len(items):
        paging.append(ctx.button(msg("stations-more"), f"page:{page + 1}"))
    rows = [tuple(picks), *([tuple(paging)] if paging else []),
            (ctx.button(msg("stations-other-need"), "again"),
             ctx.button(msg("stations-done"), "done"))]
    text.append(msg("stations-pick-hint"))
    return Reply(tuple(text), tuple(r for r in rows if r))


def parse_result_choice(ctx: Ctx, event: Event) -> str:
    value = event.data.partition(":")[2]
    kind, _, arg = value.partition(":")
    codes = {c for c, _ in _page_items(ctx)[0]}
    if value in ("again", "done") or (kind == "pin" and arg in codes):
        return value
    if kind == "page" and arg.isdigit():
        size = ctx.services.settings.station_page_size
        if int(arg) * size < len(_page_items(ctx)[0]):
            return value
    raise Invalid("button-unknown") if event.data else Invalid("stations-use-buttons")


def station_card(services: Any, code: str, now: datetime, locale: str) -> list[Reply]:
    """The venue pin and the full card of one station, with an Amap navigation link."""
    record = services.stations.record(code)
    if record is None:
        return [Reply((msg("station-unknown", code=code[:40]),))]
    amenities = amenity_labels(services, locale, record)
    hours = msg("hours-24h") if record.hours.always_open else record.hours.to_text()
    lines = [msg("station-card", name=record.name, address=record.address,
                 hours=hours, status=open_status(services, now, record),
                 amenities=amenities, phone=record.phone or "—")]
    if record.sample:
        lines.append(msg("station-sample-note"))
    nav = Button(msg("station-navigate"), url=amap_marker_url(record.lat, record.lon, record.name))
    return [Reply(venue=Venue(record.lat, record.lon, record.name, record.address)),
            Reply(tuple(lines), ((nav,),))]


def store_choice(ctx: Ctx, value: str) -> None:
    kind, _, arg = value.partition(":")
    if kind == "page":
        ctx.data["page"] = int(arg)
    elif kind == "pin":
        ctx.effects["show"] = station_card(ctx.services, arg, ctx.now, ctx.locale)
    elif value == "again":
        for key in ("open", "closed", "page", "need"):
            ctx.data.pop(key, None)


def _stay(value: str) -> str:
    if value.startswith("page:"):
        return "edit"
    return "new" if value.startswith("pin:") else ""


async def _done(_ctx: Ctx) -> list[Reply]:
    return [Reply((msg("stations-bye"),))]


FLOW = Flow(
    name="stations",
    title="flow-stations",
    finish=_done,
    ttl_setting="search_ttl_minutes",
    entry={Kind.LOCATION: "where"},
    steps=(
        Step("need", _ask_need, choice(_need_options), store=lambda c, v: c.data.update(need=v)),
        Step("where", _ask_where, search, store=_store_results,
             expects=frozenset({Kind.LOCATION}), wrong_kind="stations-location-use-button"),
        Step("results", _ask_results, parse_result_choice, store=store_choice, stay=_stay,
             next=lambda ctx: "need" if "need" not in ctx.data else None, nav=False),
    ),
)

"""Staff broadcasts: who gets them, how they reach the outbox, and what came of them.

    scheduled ──(send_at)──► running ──(every recipient settled)──► done ─► report to author
        └──────────── cancelled ◄──────────┘   (pending notices → skipped)

A broadcast is never expanded in memory. A periodic job writes its recipients to the
outbox in batches of members ordered by ``user_id``; each batch and the advance of the
broadcast's ``cursor`` (the last ``user_id`` written) commit in one transaction, so a
crash repeats no batch and skips none, and the outbox's unique ``bc:{id}:{user_id}`` key
would absorb a repeat anyway. Filling pauses while the broadcast already has ``window``
notices waiting: the outbox stays small (the claim sorts what is due), and a million
members cost the same memory as a thousand.

Members who turned general notices off, and members known to be unreachable, are
written straight away as ``skipped`` rows with the reason: nothing is sent to them,
and the report counts them from the same table as everything else.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import Select, case, exists, false, func, insert, select, true, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.elements import ColumnElement

from bot.branches import Branch
from dialogs import limits
from storage import outbox
from storage.tables import audit_t, broadcast_t, loan_t, member_t, notification_t
from storage.upsert import dialect_insert

b, m, n = broadcast_t, member_t, notification_t

SCHEDULED, RUNNING, DONE, CANCELLED = "scheduled", "running", "done", "cancelled"
ACTIVE = (SCHEDULED, RUNNING)
AUDIENCE_KINDS = ("all", "branch", "district", "occupation", "loan", "language")
NEEDS_VALUE = frozenset({"branch", "district", "occupation", "language"})
KIND = "broadcast"
PRIORITY = 9  # after decisions and reminders: nobody waits for a circular
REPORT_PRIORITY = 5
# Reasons written on rows that are never sent; the report tells them apart by these.
OPTED_OUT = "opted out"
UNREACHABLE = "member unreachable"
CANCELLED_REASON = "broadcast cancelled"
# What the deliverer writes when a member became unreachable or was erased meanwhile.
_LATER_UNREACHABLE = "member blocked the bot"
# Each language named in itself, as /language offers them.
LANGUAGE_NAMES = {"zh-CN": "简体中文", "en": "English"}
TEXT_MAX = limits.MESSAGE_MAX  # a notice is one message: Telegram's limit, 4,096
CAPTION_MAX = limits.CAPTION_MAX  # … and a photo's caption, 1,024
WHEN_MAX = timedelta(days=90)


def key_prefix(broadcast_id: int) -> str:
    return f"bc:{broadcast_id}:"


def dedup_key(broadcast_id: int, user_id: int) -> str:
    return f"bc:{broadcast_id}:{user_id}"


def report_key(broadcast_id: int) -> str:
    return f"bcr:{broadcast_id}"  # outside the ``bc:{id}:`` prefix: not a recipient


# -- audiences ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    """Who a broadcast is for; stored as JSON on the broadcast.

    A district is resolved to its branch codes when the broadcast is created, so a later
    edit of branches.csv does not change who an ongoing broadcast reaches.
    """

    kind: str
    value: str = ""
    branches: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in AUDIENCE_KINDS:
            raise ValueError(f"unknown audience {self.kind!r}")
        if (self.kind in NEEDS_VALUE) != bool(self.value):
            raise ValueError(f"audience {self.kind!r} with value {self.value!r}")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.value:
            data["value"] = self.value
        if self.kind == "district":
            data["branches"] = list(self.branches)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Audience:
        return cls(str(data["kind"]), str(data.get("value") or ""),
                   tuple(data.get("branches") or ()))


def districts(branches: Mapping[str, Branch]) -> list[str]:
    """The districts branches.csv names, in the file's order, each once."""
    return list(dict.fromkeys(br.district for br in branches.values() if br.district))


def district_audience(district: str, branches: Mapping[str, Branch]) -> Audience:
    codes = tuple(code for code, br in branches.items() if br.district == district)
    return Audience("district", district, codes)


def audience_clause(audience: Audience) -> ColumnElement[bool]:
    """The members an audience covers, before opting out and reachability."""
    kind, value = audience.kind, audience.value
    if kind == "branch":
        return m.c.branch == value
    if kind == "district":
        return m.c.branch.in_(audience.branches) if audience.branches else false()
    if kind == "occupation":
        return m.c.occupation == value
    if kind == "language":
        return m.c.locale == value
    if kind == "loan":
        return exists(select(loan_t.c.id).where(loan_t.c.user_id == m.c.user_id,
                                                loan_t.c.status == "active"))
    return true()


@dataclass(frozen=True)
class Preview:
    recipients: int  # will be sent the notice
    opted_out: int  # turned general notices off (/settings)
    unreachable: int  # blocked the bot earlier


async def preview(conn: AsyncConnection, audience: Audience) -> Preview:
    """One counting pass; a member who opted out counts as that even if also unreachable."""
    off = m.c.notices_off.is_(True)
    gone = m.c.notices_off.is_(False) & m.c.unreachable.is_(True)
    row = (await conn.execute(select(
        func.count(),
        func.coalesce(func.sum(case((off, 1), else_=0)), 0),
        func.coalesce(func.sum(case((gone, 1), else_=0)), 0),
    ).select_from(m).where(audience_clause(audience)))).one()
    total, opted_out, unreachable = (int(x) for x in row)
    return Preview(total - opted_out - unreachable, opted_out, unreachable)


def describe(audience: Audience, branches: Mapping[str, Branch]) -> dict[str, Any]:
    """The audience in words, as an outbox payload part (rendered in the reader's language)."""
    kind, value = audience.kind, audience.value
    if kind == "branch":
        branch = branches.get(value)
        name: Any = {"names": branch.names} if branch else value
        return {"key": "broadcast-to-branch", "args": {"name": name}}
    if kind == "district":
        return {"key": "broadcast-to-district", "args": {"name": value}}
    if kind == "occupation":
        return {"key": "broadcast-to-occupation",
                "args": {"name": {"key": f"occupation-{value}"}}}
    if kind == "language":
        return {"key": "broadcast-to-language",
                "args": {"name": LANGUAGE_NAMES.get(value, value)}}
    if kind == "loan":
        return {"key": "broadcast-to-loan"}
    return {"key": "broadcast-to-all"}


def notice_payload(text: str, photo: str | None) -> dict[str, Any]:
    """Exactly what the staff member wrote; the same for every reader."""
    payload: dict[str, Any] = {"text": [text]}
    if photo:
        payload["photo"] = photo
    return payload


# -- creating, listing, cancelling -------------------------------------------------------------


async def create(conn: AsyncConnection, *, author: int, text: str, photo: str | None,
                 audience: Audience, send_at: datetime, now: datetime) -> dict[str, Any]:
    """Record a broadcast (nothing is written to the outbox until it is due)."""
    counted = await preview(conn, audience)
    values = {"author": author, "text": text, "photo": photo or None,
              "audience": audience.to_json(), "status": SCHEDULED, "send_at": send_at,
              "cursor": 0, "planned": counted.recipients, "enqueued": 0, "created_at": now}
    row = (await conn.execute(insert(b).values(**values).returning(*b.c))).one()
    await conn.execute(insert(audit_t).values(
        at=now, actor=author, action="broadcast.create", subject=f"broadcast:{row.id}",
        detail={"audience": audience.to_json(), "planned": counted.recipients,
                "send_at": send_at.isoformat(), "photo": bool(photo)}))
    return dict(row._mapping)


async def get(conn: AsyncConnection, broadcast_id: int) -> dict[str, Any] | None:
    row = (await conn.execute(select(b).where(b.c.id == broadcast_id))).first()
    return dict(row._mapping) if row else None


async def active(conn: AsyncConnection, limit: int = 10) -> list[dict[str, Any]]:
    """Running and scheduled broadcasts, the soonest first."""
    rows = await conn.execute(select(b).where(b.c.status.in_(ACTIVE))
                              .order_by(b.c.send_at, b.c.id).limit(limit))
    return [dict(r._mapping) for r in rows]


def _of(broadcast_id: int, dialect: str = "") -> ColumnElement[bool]:
    """The broadcast's outbox rows, by their key's prefix. SQLite compares keys byte by
    byte, so there a key range reads just those rows off the key's unique index instead
    of the whole outbox (SQLite's LIKE ignores case and cannot use it); other collations
    (PostgreSQL's may skip punctuation) need the LIKE."""
    prefix = key_prefix(broadcast_id)
    if dialect == "sqlite":
        return n.c.dedup_key.between(prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)) & (
            n.c.dedup_key.like(f"{prefix}%"))
    return n.c.dedup_key.like(f"{prefix}%")


def report_statement(broadcast_id: int, dialect: str) -> Select[Any]:
    return (select(n.c.status, n.c.last_error, func.count())
            .where(_of(broadcast_id, dialect)).group_by(n.c.status, n.c.last_error))


async def cancel(conn: AsyncConnection, broadcast_id: int, *, actor: int,
                 now: datetime) -> int | None:
    """Stop a scheduled or running broadcast; None when it had already ended.

    Returns how many waiting notices were withdrawn. Notices already handed to Telegram
    (claimed and in flight) are settled as the channel answers them.
    """
    stopped = await conn.execute(update(b).where(b.c.id == broadcast_id, b.c.status.in_(ACTIVE))
                                 .values(status=CANCELLED, finished_at=now))
    if stopped.rowcount != 1:
        return None
    withdrawn = await conn.execute(
        update(n).where(_of(broadcast_id), n.c.status == outbox.PENDING)
        .values(status=outbox.SKIPPED, last_error=CANCELLED_REASON, claimed_until=None))
    await conn.execute(insert(audit_t).values(
        at=now, actor=actor, action="broadcast.cancel", subject=f"broadcast:{broadcast_id}",
        detail={"withdrawn": withdrawn.rowcount}))
    return int(withdrawn.rowcount)


# -- the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    delivered: int = 0
    unreachable: int = 0  # refused with 403 now, or known to have blocked the bot before
    failed: int = 0
    opted_out: int = 0
    cancelled: int = 0
    other: int = 0  # erased their data meanwhile
    pending: int = 0  # waiting or in flight
    reasons: tuple[tuple[str, int], ...] = ()  # why the failed ones failed, commonest first

    @property
    def total(self) -> int:
        return (self.delivered + self.unreachable + self.failed + self.opted_out
                + self.cancelled + self.other + self.pending)


def _bucket(status: str, reason: str) -> str:
    if status == outbox.SENT:
        return "delivered"
    if status in (outbox.PENDING, outbox.SENDING):
        return "pending"
    if status == outbox.FAILED:
        return "failed"
    if status == outbox.BLOCKED or reason in (UNREACHABLE, _LATER_UNREACHABLE):
        return "unreachable"
    return {OPTED_OUT: "opted_out", CANCELLED_REASON: "cancelled"}.get(reason, "other")


async def report(conn: AsyncConnection, broadcast_id: int) -> Report:
    """Counted from the outbox rows of this broadcast, grouped by outcome and reason."""
    rows = await conn.execute(report_statement(broadcast_id, conn.dialect.name))
    totals: dict[str, int] = {}
    reasons: dict[str, int] = {}
    for status, reason, count in rows:
        bucket = _bucket(status, reason or "")
        totals[bucket] = totals.get(bucket, 0) + int(count)
        if bucket == "failed":
            reasons[reason or "?"] = reasons.get(reason or "?", 0) + int(count)
    common = tuple(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
    return Report(**totals, reasons=common)


def report_payload(broadcast: Mapping[str, Any], result: Report,
                   branches: Mapping[str, Branch]) -> dict[str, Any]:
    """The author's final report, rendered in their language when it is delivered."""
    audience = describe(Audience.from_json(broadcast["audience"]), branches)
    parts: list[Any] = [
        {"key": "broadcast-report-head", "args": {"id": broadcast["id"], "audience": audience}},
        {"key": "broadcast-report-counts", "args": {
            "delivered": result.delivered, "unreachable": result.unreachable,
            "failed": result.failed, "opted_out": result.opted_out, "other": result.other}},
    ]
    parts += [{"key": "broadcast-report-reason", "args": {"reason": reason, "count": count}}
              for reason, count in result.reasons]
    return {"text": parts}


# -- writing recipients to the outbox ------------------------------------------------------------


@dataclass(frozen=True)
class FillPolicy:
    batch: int = 1000  # members per transaction (≈13 bind parameters each)
    window: int = 4000  # a broadcast's due notices waiting in the outbox, at most

    @classmethod
    def for_rate(cls, rate: float) -> FillPolicy:
        """About a quarter second of sending per batch (50 to 1,000 members): a batch
        holds the database, and on SQLite the event loop, for a few milliseconds only
        (1,000 members take ≈ 40 ms). About four seconds of sending wait in the outbox:
        enough to ride out a slow batch, little enough that a cancel withdraws nearly all."""
        batch = min(1000, max(50, int(rate / 4)))
        return cls(batch=batch, window=max(2 * batch, int(rate * 4)))


@dataclass
class BroadcastFiller:
    """The periodic job: safe to run in several processes (the broadcast row is locked)."""

    engine: AsyncEngine
    clock: Callable[[], datetime]
    branches: Mapping[str, Branch] = field(default_factory=dict)
    policy: FillPolicy = field(default_factory=FillPolicy)

    async def run_once(self) -> int:
        """Advance every due broadcast; returns how many outbox rows were written."""
        now = self.clock()
        async with self.engine.connect() as conn:
            due = list(await conn.scalars(select(b.c.id).where(
                b.c.status.in_(ACTIVE), b.c.send_at <= now).order_by(b.c.send_at, b.c.id)))
        written = 0
        for broadcast_id in due:
            written += await self.advance(broadcast_id)
        return written

    async def advance(self, broadcast_id: int) -> int:
        written = 0
        while await self._waiting(broadcast_id) + self.policy.batch <= self.policy.window:
            batch = await self.fill_batch(broadcast_id)
            if batch is None:  # cancelled meanwhile, or finished by another process
                return written
            if batch == 0:
                await self.finish(broadcast_id)
                return written
            written += batch
            # On SQLite each batch runs synchronously on the event loop: let the sender's
            # answers settle between batches, or the pacer loses rate to the pause.
            await asyncio.sleep(0)
        return written

    async def _waiting(self, broadcast_id: int) -> int:
        async with self.engine.connect() as conn:
            # Due rows only: the (status, due_at) index bounds the scan to what is sendable.
            return int(await conn.scalar(select(func.count()).select_from(n).where(
                n.c.status.in_((outbox.PENDING, outbox.SENDING)),
                n.c.due_at <= self.clock(), _of(broadcast_id))) or 0)

    async def fill_batch(self, broadcast_id: int) -> int | None:
        """Write the next members after the cursor and move the cursor, atomically.

        Returns the rows written, 0 when no member is left, None when the broadcast is
        no longer active.
        """
        now = self.clock()
        async with self.engine.begin() as conn:
            # Writing first takes the row lock (PostgreSQL) or the write lock (SQLite)
            # before the cursor is read, so two processes never fill the same batch.
            claimed = (await conn.execute(
                update(b).where(b.c.id == broadcast_id, b.c.status.in_(ACTIVE))
                .values(status=RUNNING)
                .returning(b.c.cursor, b.c.audience, b.c.text, b.c.photo))).first()
            if claimed is None:
                return None
            audience = Audience.from_json(claimed.audience)
            people = (await conn.execute(
                select(m.c.user_id, m.c.chat_id, m.c.notices_off, m.c.unreachable)
                .where(m.c.user_id > claimed.cursor, audience_clause(audience))
                .order_by(m.c.user_id).limit(self.policy.batch))).all()
            if not people:
                return 0
            payload = notice_payload(claimed.text, claimed.photo)
            rows = [_row(broadcast_id, p, payload, now) for p in people]
            await conn.execute(_insert_ignoring_duplicates(conn), rows)
            sendable = sum(1 for r in rows if r["status"] == outbox.PENDING)
            await conn.execute(update(b).where(b.c.id == broadcast_id).values(
                cursor=people[-1].user_id, enqueued=b.c.enqueued + sendable))
            return len(rows)

    async def finish(self, broadcast_id: int) -> bool:
        """Once every recipient is settled: done, and the report goes to the author."""
        now = self.clock()
        async with self.engine.begin() as conn:
            waiting = await conn.scalar(select(n.c.id).where(
                _of(broadcast_id), n.c.status.in_((outbox.PENDING, outbox.SENDING))).limit(1))
            if waiting is not None:
                return False
            ended = (await conn.execute(
                update(b).where(b.c.id == broadcast_id, b.c.status == RUNNING)
                .values(status=DONE, finished_at=now).returning(*b.c))).first()
            if ended is None:
                return False
            broadcast = dict(ended._mapping)
            author = (await conn.execute(select(m.c.chat_id).where(
                m.c.user_id == broadcast["author"]))).first()
            if author is not None:  # an author who erased their data gets no report
                result = await report(conn, broadcast_id)
                await outbox.enqueue(conn, dedup_key=report_key(broadcast_id),
                                     user_id=broadcast["author"], chat_id=author.chat_id,
                                     kind="info", now=now, priority=REPORT_PRIORITY,
                                     payload=report_payload(broadcast, result, self.branches))
            return True


def _row(broadcast_id: int, person: Any, payload: dict[str, Any],
         now: datetime) -> dict[str, Any]:
    status, reason = outbox.PENDING, ""
    if person.notices_off:
        status, reason = outbox.SKIPPED, OPTED_OUT
    elif person.unreachable:
        status, reason = outbox.SKIPPED, UNREACHABLE
    return {"dedup_key": dedup_key(broadcast_id, person.user_id), "user_id": person.user_id,
            "chat_id": person.chat_id, "kind": KIND, "payload": payload, "due_at": now,
            "priority": PRIORITY, "urgent": False, "status": status, "attempts": 0,
            "last_error": reason, "created_at": now}


def _insert_ignoring_duplicates(conn: AsyncConnection) -> Any:
    return dialect_insert(conn.dialect.name, n).on_conflict_do_nothing(index_elements=["dedup_key"])


# -- when to send ---------------------------------------------------------------------------------


class WhenError(ValueError):
    """A send time that cannot be used; ``key`` names the polite explanation."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key, self.params = key, args


_DAY_WORDS = {"今天": 0, "今日": 0, "today": 0, "明天": 1, "明日": 1, "tomorrow": 1,
              "后天": 2}
_PM = ("下午", "晚上", "傍晚", "pm", "p.m.")
_AM = ("上午", "早上", "早晨", "凌晨", "am", "a.m.")
_HALF = r"上午|早上|早晨|凌晨|中午|下午|晚上|傍晚|am|a\.m\.|pm|p\.m\."
_WHEN = re.compile(
    r"^(?:(?P<y>\d{4})\s*[-/.年]\s*(?P<mo>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"|(?P<mo2>\d{1,2})\s*[-/.月]\s*(?P<d2>\d{1,2})\s*日?"
    r"|(?P<rel>今天|今日|明天|明日|后天|today|tomorrow))?"
    rf"\s*(?P<half>{_HALF})?\s*"
    r"(?:(?P<h>\d{1,2})\s*[:：]\s*(?P<mi>\d{2})"  # 9:00
    r"|(?P<hc>\d{1,2})\s*[点时]\s*(?:(?P<mi2>\d{1,2})\s*分?|(?P<half_hour>半))?"  # 9点, 3点半
    r"|(?P<hb>\d{1,2})(?=\s*(?:am|a\.m\.|pm|p\.m\.)))"  # 9am; a bare "9" is too vague
    rf"\s*(?P<half2>{_HALF})?$")


def parse_send_time(text: str, now: datetime, tz: tzinfo) -> datetime:
    """"2026-11-23 09:00", "11-23 9:00", "明天 9:00", "明天下午3点半", "tomorrow 9am" → UTC.

    Read in the union's time zone. Without a date: the next time the clock shows it.
    Past times and times more than 90 days ahead are refused.
    """
    found = _WHEN.match(" ".join(unicodedata.normalize("NFKC", text).lower().split()))
    if not found:
        raise WhenError("broadcast-when-invalid")
    g = found.groupdict()
    clock = _clock(g)
    today = now.astimezone(tz).date()
    day = _day(g, today)
    local = datetime.combine(day or today, clock, tzinfo=tz)
    if day is None and local <= now:
        local = datetime.combine(today + timedelta(days=1), clock, tzinfo=tz)
    if g["mo2"] and local <= now:  # "11-23" in December means next year's
        local = _next_year(local)
    when = local.astimezone(UTC)
    if when <= now:
        raise WhenError("broadcast-when-past", when=local.strftime("%Y-%m-%d %H:%M"))
    if when - now > WHEN_MAX:
        raise WhenError("broadcast-when-far", days=WHEN_MAX.days)
    return when


def _clock(g: Mapping[str, str | None]) -> time:
    hour = int(g["h"] or g["hc"] or g["hb"] or 0)
    minute = 30 if g["half_hour"] else int(g["mi"] or g["mi2"] or 0)
    half = g["half"] or g["half2"] or ""
    if half in _PM and hour < 12:
        hour += 12
    elif half == "中午" and hour < 11:
        hour += 12
    elif half in _AM and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise WhenError("broadcast-when-invalid")
    return time(hour, minute)


def _day(g: Mapping[str, str | None], today: date) -> date | None:
    try:
        if g["y"]:
            return date(int(g["y"]), int(g["mo"] or 0), int(g["d"] or 0))
        if g["mo2"]:
            return date(today.year, int(g["mo2"]), int(g["d2"] or 0))
    except ValueError as exc:  # 2-30, 13-01…
        raise WhenError("broadcast-when-invalid") from exc
    if g["rel"]:
        return today + timedelta(days=_DAY_WORDS[g["rel"]])
    return None


def _next_year(local: datetime) -> datetime:
    try:
        return local.replace(year=local.year + 1)
    except ValueError as exc:  # 29 February
        raise WhenError("broadcast-when-invalid") from exc


def local_text(when: datetime, tz: tzinfo) -> str:
    return when.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def excerpt(text: str, limit: int = 40) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1] + "…"

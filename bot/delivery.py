"""Delivering the outbox: claim due notices, render them in the member's language, send.

Channel-neutral: each runtime supplies a `Sender` that raises the errors below.
A notice is marked sent right after the channel accepts it; the only window for a
duplicate is a crash between those two steps, and then the lease makes it at most one.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.i18n import Translator
from bot.loans.amounts import format_cny
from dialogs.model import Out, OutButton
from storage import members, outbox
from storage.tables import member_t

log = logging.getLogger(__name__)


class Blocked(Exception):  # noqa: N818
    """The member blocked the bot (Telegram 403)."""


class RetryAfter(Exception):  # noqa: N818
    """Telegram asked everyone to slow down (429) for ``seconds``."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


class Transient(Exception):  # noqa: N818
    """A timeout or a server error: worth another try later."""


class Sender(Protocol):
    async def send(self, chat_id: int, out: Out) -> None: ...


@dataclass(frozen=True)
class DeliveryPolicy:
    lease: timedelta = timedelta(seconds=60)
    batch: int = 50
    max_attempts: int = 5
    backoff: timedelta = timedelta(seconds=10)


def render_payload(t: Translator, locale: str, payload: dict[str, Any]) -> Out:
    """A stored notice → what the member reads, in the language they use now."""

    def arg(value: Any) -> Any:
        if isinstance(value, dict) and "money" in value:
            return format_cny(Decimal(value["money"]), locale)
        if isinstance(value, dict) and "names" in value:  # a catalogue name per language
            names = value["names"]
            return names.get(locale) or names.get("zh-CN") or next(iter(names.values()))
        if isinstance(value, dict) and "key" in value:
            return t(locale, value["key"], {k: arg(v) for k, v in value.get("args", {}).items()})
        return value

    text = "\n".join(arg(part) for part in payload.get("text", []))
    buttons = tuple(tuple(OutButton(arg(b["label"]), b.get("data", ""), b.get("url", ""))
                          for b in row) for row in payload.get("buttons", []))
    return Out(text=text, buttons=buttons)


class Deliverer:
    """One worker; safe to run in every process at once."""

    def __init__(self, engine: AsyncEngine, t: Translator, sender: Sender,
                 clock: Callable[[], datetime], policy: DeliveryPolicy | None = None) -> None:
        self.engine, self.t, self.sender, self.clock = engine, t, sender, clock
        self.policy = policy or DeliveryPolicy()
        self.token = secrets.token_hex(8)
        self.paused_until: datetime | None = None

    async def run_once(self) -> int:
        """Claim one batch and settle every notice in it; returns how many were sent."""
        now = self.clock()
        if self.paused_until and now < self.paused_until:
            return 0
        async with self.engine.begin() as conn:
            rows = await outbox.claim(conn, now=now, lease=self.policy.lease,
                                      limit=self.policy.batch, token=self.token)
        sent = 0
        for index, row in enumerate(rows):
            try:
                sent += await self._deliver(row)
            except RetryAfter as pause:
                await self._pause(rows[index:], pause.seconds)
                break
        return sent

    async def _deliver(self, row: dict[str, Any]) -> int:
        now = self.clock()
        async with self.engine.connect() as conn:
            member = await members.get(conn, row["user_id"])
        async with self.engine.begin() as conn:
            if member is None or member["unreachable"]:
                reason = "member erased" if member is None else "member blocked the bot"
                await outbox.settle(conn, row["id"], self.token, status=outbox.SKIPPED,
                                    now=now, error=reason)
                return 0
        out = render_payload(self.t, member["locale"], row["payload"])
        try:
            await self.sender.send(row["chat_id"], out)
        except Blocked:
            async with self.engine.begin() as conn:
                await conn.execute(update(member_t).where(member_t.c.user_id == row["user_id"])
                                   .values(unreachable=True))
                await outbox.settle(conn, row["id"], self.token, status=outbox.BLOCKED,
                                    now=now, error="403 blocked")
            return 0
        except Transient as exc:
            await self._retry(row, str(exc) or exc.__class__.__name__)
            return 0
        async with self.engine.begin() as conn:
            await outbox.settle(conn, row["id"], self.token, status=outbox.SENT, now=self.clock())
        return 1

    async def _retry(self, row: dict[str, Any], error: str) -> None:
        async with self.engine.begin() as conn:
            if row["attempts"] >= self.policy.max_attempts:
                await outbox.settle(conn, row["id"], self.token, status=outbox.FAILED,
                                    now=self.clock(), error=error)
                return
            delay = self.policy.backoff * (2 ** (row["attempts"] - 1))
            await outbox.retry_at(conn, row["id"], self.token, due_at=self.clock() + delay,
                                  error=error)

    async def _pause(self, rows: list[dict[str, Any]], seconds: float) -> None:
        """429: stop all sending for retry_after and give the rest of the batch back."""
        self.paused_until = self.clock() + timedelta(seconds=seconds)
        async with self.engine.begin() as conn:
            for row in rows:
                await outbox.retry_at(conn, row["id"], self.token, due_at=self.paused_until,
                                      error=f"429 retry after {seconds}s")

    async def run_forever(self, interval: float = 1.0) -> None:
        """Used where no scheduler runs (tests); the bot uses the scheduler's interval job."""
        while True:
            try:
                await self.run_once()
            except Exception:  # keep delivering after a database hiccup
                log.exception("delivery round failed")
            await asyncio.sleep(interval)

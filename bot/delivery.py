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
from bot.pacing import Pacer, QuietHours
from bot.settling import Settler
from dialogs.model import Out, OutButton
from storage import outbox
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


class Rejected(Exception):  # noqa: N818
    """Telegram refused the notice itself (a 400 such as a bad file id): another try
    would be refused again, and the member is still reachable."""


class Sender(Protocol):
    async def send(self, chat_id: int, out: Out) -> None: ...


@dataclass(frozen=True)
class DeliveryPolicy:
    lease: timedelta = timedelta(seconds=60)
    batch: int = 100
    max_attempts: int = 5
    backoff: timedelta = timedelta(seconds=10)
    concurrency: int = 16  # requests in flight; the pacer, not this, sets the rate


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
    return Out(text=text, buttons=buttons, photo=payload.get("photo") or "")


class Deliverer:
    """One worker; safe to run in every process at once (claims never overlap).

    Each outcome is committed as soon as the channel answers (bot/settling.py), so a
    crash can leave at most the requests then in flight in doubt; those are sent again
    after the lease (Telegram offers no idempotency key). A graceful stop gives back at
    once what was claimed but never sent.
    """

    def __init__(self, engine: AsyncEngine, t: Translator, sender: Sender,
                 clock: Callable[[], datetime], policy: DeliveryPolicy | None = None,
                 pacer: Pacer | None = None, quiet: QuietHours | None = None) -> None:
        self.engine, self.t, self.sender, self.clock = engine, t, sender, clock
        self.policy = policy or DeliveryPolicy()
        self.pacer = pacer or Pacer()
        self.quiet = quiet
        self.token = secrets.token_hex(8)
        self.settler = Settler(engine, self.token, clock)
        self.paused_until: datetime | None = None
        self._stopping = False
        self._unsent: dict[int, dict[str, Any]] = {}  # claimed, not yet handed to the channel
        self._rounds = 0
        self._idle = asyncio.Event()
        self._idle.set()
        # Sends under way. They are tasks of their own: a round cancelled while it waits
        # (the scheduler's shutdown cancels running jobs) leaves them running, and a stop
        # must wait for their answers before the session closes under them.
        self._in_flight: set[asyncio.Task[None]] = set()

    def _paused(self) -> bool:
        return self.paused_until is not None and self.clock() < self.paused_until

    async def run_once(self) -> int:
        """Claim one batch and settle every notice in it; returns how many were sent."""
        if self._stopping or self._paused():
            return 0
        self._rounds += 1
        self._idle.clear()
        try:
            return await self._round()
        finally:
            self._rounds -= 1
            if not self._rounds:
                self._idle.set()

    async def _round(self) -> int:
        now = self.clock()
        urgent_only = self.quiet is not None and self.quiet.is_quiet(now)
        async with self.engine.begin() as conn:
            rows = await outbox.claim(conn, now=now, lease=self.policy.lease,
                                      limit=self.policy.batch, token=self.token,
                                      urgent_only=urgent_only)
            people = await outbox.recipients(conn, {r["user_id"] for r in rows})
        self._unsent.update((row["id"], row) for row in rows)
        results: list[int] = []
        limit = asyncio.Semaphore(self.policy.concurrency)
        tasks: list[asyncio.Task[None]] = []
        for index, row in enumerate(rows):
            if not self.pacer.chat_ready(row["chat_id"]):
                # Keep its place in the queue (same due time): a later notice to this
                # chat must not overtake it. The next round comes after the chat's second.
                await self._give_back([row], row["due_at"], "chat busy")
                continue
            await limit.acquire()
            await self.pacer.slot(row["chat_id"])
            if self._stopping or self._paused():  # a stop or a 429 came during the waits
                limit.release()
                await self._stop_round(rows[index:])
                break
            del self._unsent[row["id"]]
            task = asyncio.create_task(self._guarded(row, people.get(row["user_id"]), limit,
                                                     results))
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)
            tasks.append(task)
        await asyncio.gather(*tasks)
        return sum(results)

    async def _stop_round(self, rows: list[dict[str, Any]]) -> None:
        """Hand back the round's notices not sent yet: paused by a 429, or stopping."""
        if self._stopping:
            await self._release([row["id"] for row in rows])
        else:
            await self._give_back(rows, self.paused_until or self.clock(), "429 pause")

    async def _guarded(self, row: dict[str, Any], member: dict[str, Any] | None,
                       limit: asyncio.Semaphore, results: list[int]) -> None:
        try:
            results.append(await self._deliver(row, member))
        except RetryAfter as pause:
            self.paused_until = self.clock() + timedelta(seconds=pause.seconds)
            await self._give_back([row], self.paused_until, f"429 retry after {pause.seconds}s")
        except Exception as exc:  # an unexpected error must not strand the notice
            log.exception("delivery of notice %s failed", row["id"])
            await self._retry(row, f"{exc.__class__.__name__}: {exc}")
        finally:
            limit.release()

    async def _deliver(self, row: dict[str, Any], member: dict[str, Any] | None) -> int:
        if member is None or member["unreachable"]:
            reason = "member erased" if member is None else "member blocked the bot"
            await self._settle(row, outbox.SKIPPED, reason)
            return 0
        out = render_payload(self.t, member["locale"], row["payload"])
        try:
            await self.sender.send(row["chat_id"], out)
        except Blocked as exc:
            async with self.engine.begin() as conn:
                await conn.execute(update(member_t).where(member_t.c.user_id == row["user_id"])
                                   .values(unreachable=True))
                await outbox.settle(conn, row["id"], self.token, status=outbox.BLOCKED,
                                    now=self.clock(), error=f"403 {exc}")
            return 0
        except Rejected as exc:
            await self._settle(row, outbox.FAILED, str(exc))
            return 0
        except Transient as exc:
            await self._retry(row, str(exc) or exc.__class__.__name__)
            return 0
        await self._settle(row, outbox.SENT)
        return 1

    async def _settle(self, row: dict[str, Any], status: str, error: str = "") -> None:
        await self.settler.record(row["id"], status, error)

    async def _retry(self, row: dict[str, Any], error: str) -> None:
        async with self.engine.begin() as conn:
            if row["attempts"] >= self.policy.max_attempts:
                await outbox.settle(conn, row["id"], self.token, status=outbox.FAILED,
                                    now=self.clock(), error=error)
                return
            delay = self.policy.backoff * (2 ** (row["attempts"] - 1))
            await outbox.retry_at(conn, row["id"], self.token, due_at=self.clock() + delay,
                                  error=error)

    async def _give_back(self, rows: list[dict[str, Any]], due_at: datetime,
                         reason: str) -> None:
        for row in rows:
            self._unsent.pop(row["id"], None)
        async with self.engine.begin() as conn:
            for row in rows:
                await outbox.retry_at(conn, row["id"], self.token, due_at=due_at, error=reason,
                                      attempted=False)

    async def _release(self, row_ids: list[int]) -> None:
        for row_id in row_ids:
            self._unsent.pop(row_id, None)
        async with self.engine.begin() as conn:
            await outbox.release(conn, self.token, row_ids)

    async def stop(self, grace: float = 5.0) -> None:
        """Send nothing more; give back what was claimed but not sent, so that another
        process or the restart sends it at once instead of after the lease; wait up to
        ``grace`` seconds for the requests in flight to be answered and settled."""
        self._stopping = True
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        try:
            await asyncio.wait_for(self._idle.wait(), grace)
        except TimeoutError:
            pass
        if self._in_flight:
            await asyncio.wait(set(self._in_flight), timeout=max(0.0, deadline - loop.time()))
        if self._in_flight or not self._idle.is_set():
            log.warning("delivery stopped with requests still in flight: those notices are "
                        "sent again after the lease")
        if self._unsent:  # the round is stuck waiting (a slow request): give back for it
            await self._release(list(self._unsent))

    async def run_forever(self, interval: float = 1.0) -> None:
        """Used where no scheduler runs (benchmarks); the bot uses the scheduler's job."""
        while not self._stopping:
            try:
                sent = await self.run_once()
            except Exception:  # keep delivering after a database hiccup
                log.exception("delivery round failed")
                sent = 0
            if not sent:
                await asyncio.sleep(interval)
